/**
 * Messages of the formula stage (parsing, expansion, evaluation of model variables) and of the
 * fixed-effects design matrix. Parse errors show the formula with a caret under the culprit.
 */
import { LmeError } from "./error.js";

/** The functions a formula may call, listed in "unknown function" messages. */
export const SUPPORTED_FUNCTIONS_TEXT =
  "I(), log(), log2(), log10(), log1p(), exp(), expm1(), sqrt(), abs(), factor(), as.factor(), poly(), scale(), ns(), bs(), cut(), interaction(), as.numeric(), pmin(), pmax(), s(x, bs = \"cr\", k) (a smooth), offset(), cbind() (response only), and diag(), cs(), ar1(), us() around a random-effects term";

/** The formula on one line (newlines and tabs become spaces so the caret lines up). */
const oneLine = (src: string) => src.replace(/[\r\n\t]/g, " ");

/** `text`, then the formula indented by two spaces, then a caret under character `pos` (0-based). */
export function caret(src: string, pos: number, text: string): string {
  const p = Math.max(0, Math.min(pos, src.length));
  return `${text}\n  ${oneLine(src)}\n  ${" ".repeat(p)}^`;
}

/** A syntax error at `pos`: what was found and what was expected there. */
export const unexpected = (src: string, pos: number, found: string, expected: string) =>
  new LmeError("formula", caret(src, pos, `unexpected ${found} at position ${pos}, expected ${expected}`));

/** An error at a position of the formula with free text. */
export const formulaErrorAt = (src: string, pos: number, text: string) => new LmeError("formula", caret(src, pos, text));

/**
 * Parentheses, calls, signs or powers nested more than `limit` deep (one line, no caret: such a
 * formula is long). A limit of the parser, so that deep input is an error instead of a stack overflow.
 */
export const formulaTooDeep = (pos: number, limit: number) =>
  new LmeError(
    "formula",
    `the formula is nested deeper than ${limit} levels at position ${pos} (parentheses, function calls, signs or powers inside one another); no model needs that: simplify the formula`,
  );

/** An expression tree deeper than `limit` (long operator chains count one level per operator). */
export const formulaTooLong = (pos: number, limit: number) =>
  new LmeError(
    "formula",
    `the formula is nested deeper than ${limit} levels at position ${pos} (a chain such as x1 + x2 + ... counts one level per operator); use fewer terms or add computed columns to the data`,
  );

/** A fixed part or random-effects term that expands to more than `limit` terms, e.g. (a + b + ... + z)^20. */
export const tooManyTerms = (src: string, pos: number, limit: number) =>
  formulaErrorAt(src, pos, `this part of the formula expands to more than ${limit} terms (as (a + b + ...)^k or a product of long sums does); no mixed model can estimate that many: use fewer interactions`);

export const emptyFormula = () =>
  new LmeError("formula", "the formula is empty: write it as response ~ terms, e.g. Reaction ~ Days + (Days | Subject)");

export const missingTilde = (src: string) =>
  new LmeError(
    "formula",
    `no '~' in the formula "${oneLine(src)}": write it as response ~ terms, e.g. Reaction ~ Days + (Days | Subject)`,
  );

export const unknownFunction = (src: string, pos: number, name: string) =>
  formulaErrorAt(src, pos, `unknown function '${name}' at position ${pos}; supported: ${SUPPORTED_FUNCTIONS_TEXT}. For other transformations add a computed column to the data`);

export const wrongArgCount = (src: string, pos: number, name: string, expected: string, got: number) =>
  formulaErrorAt(src, pos, `${name}() takes ${expected}, got ${got}`);

export const noRandomTerms = (src: string) =>
  new LmeError(
    "formula",
    `no random-effects terms: use (term | group); for a model without random effects use ordinary regression (lm/glm). Formula: ${oneLine(src)}`,
  );

/** Used where a formula operator or number has no meaning (`y ~ 2`, `y ~ a^x`, a bar inside an interaction...). */
export const invalidTerm = (src: string, pos: number, what: string) => formulaErrorAt(src, pos, `invalid model formula: ${what}`);

export const unknownColumn = (name: string, available: readonly string[]) => {
  const list = available.length > 12 ? `${available.slice(0, 12).join(", ")}, ...` : available.join(", ");
  return new LmeError("formula", `unknown column '${name}' in the formula; the data has: ${list}`);
};

export const unknownFunctionEval = (name: string) =>
  name === "cbind"
    ? new LmeError("formula", "cbind(successes, failures) can only be the response of a binomial GLMM: use glmer(formula, data, { family: \"binomial\" }); lmer needs a single numeric response")
    : new LmeError("formula", `unknown function '${name}'; supported: ${SUPPORTED_FUNCTIONS_TEXT}`);

export const factorWhereNumber = (name: string, where: string) =>
  new LmeError(
    "formula",
    `'${name}' is a factor but ${where} needs a number; use a numeric column (or convert it in the data)`,
  );

export const notNumericExpression = (label: string) =>
  new LmeError("formula", `'${label}' cannot be evaluated as a number: only + - * / ^, numbers, columns and log/exp/sqrt/abs are allowed here`);

export const unseenLevel = (variable: string, level: string, levels: readonly string[]) =>
  new LmeError(
    "data",
    `level '${level}' of '${variable}' did not occur in the data the model was fitted to (levels: ${levels.join(", ")}); new data may only use the fitted levels`,
  );

export const kindChanged = (variable: string, was: string, now: string) =>
  new LmeError("data", `'${variable}' was ${was} when the model was fitted but is ${now} in the new data`);

export const factorOneLevel = (variable: string, levels: readonly string[]) =>
  new LmeError(
    "model",
    `factor '${variable}' has only one level (${levels.map((l) => `'${l}'`).join(", ") || "none"}): contrasts need 2 or more levels; drop it from the fixed effects`,
  );

export const badHom = (src: string, pos: number) =>
  formulaErrorAt(src, pos, "hom must be TRUE or FALSE, e.g. cs(1 + x | g, hom = TRUE)");

/** A data-dependent term (`poly`, `scale`, `ns`, `bs`) with an argument it does not accept or a bad value. */
export const badTermArgument = (term: string, text: string) => new LmeError("formula", `in ${term}: ${text}`);

/** R's poly(): the degree must be below the number of distinct values of x in the data. */
export const polyDegreeTooHigh = (term: string, degree: number, unique: number) =>
  new LmeError(
    "formula",
    `in ${term}: 'degree' (${degree}) must be less than the number of unique points (${unique}) of the data; use a lower degree (as R's poly())`,
  );
