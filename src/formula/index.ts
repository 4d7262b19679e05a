/**
 * The formula stage: parse an lme4 formula (`parseFormula`), print expressions as R does
 * (`deparse`), list the data columns it uses (`formulaColumns`), and evaluate its variables on
 * a Frame (`evaluateColumn`, `evaluateNumeric`).
 */
export type {
  Expr,
  LinearSpec,
  ParsedFormula,
  RandomTermSpec,
  StructureSpec,
  Term,
  Variable,
} from "./types.js";
export { parseFormula, requireRandomTerms, formulaColumns } from "./parse.js";
export { deparse, deparseFormula, formatNumber } from "./deparse.js";
export { evaluateColumn, evaluateNumeric, numericToFactor } from "./evaluate.js";
export { tokenize } from "./lexer.js";
