/**
 * Evaluation of model variables on a Frame: a bare column, `I(arithmetic)`, numeric functions
 * (`log(x)`), `factor(x)` (R's `factor` on a number: levels are the sorted distinct values,
 * labelled as R's `as.character`). Missing values propagate (NaN; factor code -1).
 */
import type { Column, FactorColumn, Frame, NumericColumn } from "../data/types.js";
import { factorWhereNumber, notNumericExpression, unknownColumn, unknownFunctionEval } from "../messages/formula.js";
import { BASIS_FUNCTIONS, learnBasis } from "./bases.js";
import { cutColumn, interactionColumn } from "./factorTerms.js";
import { deparse, formatNumber } from "./deparse.js";
import { NUMERIC_FUNCTIONS } from "./expand.js";
import type { Expr } from "./types.js";

const MATH: Readonly<Record<string, (x: number) => number>> = {
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  exp: Math.exp,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
};

function lookup(frame: Frame, name: string): Column {
  const c = frame.columns.get(name);
  if (!c) throw unknownColumn(name, frame.names);
  return c;
}

function map1(a: Float64Array, f: (x: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!);
  return out;
}

function map2(a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!);
  return out;
}

/** R's `^` (pow with R's conventions: 1^y = 1 and x^0 = 1 even for NaN). */
const rpow = (x: number, y: number) => (x === 1 || y === 0 ? 1 : Math.pow(x, y));

/**
 * Evaluates an arithmetic expression to one number per row: columns (numeric only), numbers,
 * `+ - * / ^`, unary minus, `I()`, log/log2/log10/log1p/exp/expm1/sqrt/abs. Used for the
 * response (`incidence/size`), offsets and `cbind` arguments. A factor column where a number
 * is needed, an unknown column or function, or a non-arithmetic operator throws LmeError.
 */
export function evaluateNumeric(e: Expr, frame: Frame): Float64Array {
  const n = frame.nrow;
  switch (e.type) {
    case "num":
      return new Float64Array(n).fill(e.value);
    case "var": {
      const c = lookup(frame, e.name);
      if (c.kind !== "numeric") throw factorWhereNumber(e.name, "this expression");
      return c.values;
    }
    case "paren":
      return evaluateNumeric(e.expr, frame);
    case "unary": {
      const a = evaluateNumeric(e.arg, frame);
      return e.op === "-" ? map1(a, (x) => -x) : a;
    }
    case "binary": {
      const op = e.op;
      if (op !== "+" && op !== "-" && op !== "*" && op !== "/" && op !== "^") throw notNumericExpression(deparse(e));
      const a = evaluateNumeric(e.left, frame);
      const b = evaluateNumeric(e.right, frame);
      switch (op) {
        case "+":
          return map2(a, b, (x, y) => x + y);
        case "-":
          return map2(a, b, (x, y) => x - y);
        case "*":
          return map2(a, b, (x, y) => x * y);
        case "/":
          return map2(a, b, (x, y) => x / y);
        case "^":
          return map2(a, b, rpow);
      }
      break;
    }
    case "call": {
      if (e.fn === "I" && e.args.length === 1) return evaluateNumeric(e.args[0]!, frame);
      if ((e.fn === "pmin" || e.fn === "pmax") && e.args.length >= 1 && e.args.every((a) => a.type !== "named")) {
        // R's pmin/pmax without na.rm: elementwise, a missing value gives NaN
        const f = e.fn === "pmin" ? Math.min : Math.max;
        return e.args.map((a) => evaluateNumeric(a, frame)).reduce((acc, b) => map2(acc, b, f));
      }
      if (e.fn === "as.numeric" && e.args.length === 1) {
        // R's as.numeric of a factor is its integer codes (1, 2, ...), not its labels
        const c = evaluateColumn(e.args[0]!, frame);
        return c.kind === "numeric" ? c.values : Float64Array.from(c.codes, (k) => (k < 0 ? NaN : k + 1));
      }
      const f = MATH[e.fn];
      if (f && e.args.length === 1) return map1(evaluateNumeric(e.args[0]!, frame), f);
      if (e.fn === "factor" || e.fn === "as.factor") throw factorWhereNumber(deparse(e), "this expression");
      if (!NUMERIC_FUNCTIONS.has(e.fn) && e.fn !== "I") throw unknownFunctionEval(e.fn);
      throw notNumericExpression(deparse(e));
    }
    case "named":
      throw notNumericExpression(deparse(e));
  }
  throw notNumericExpression(deparse(e));
}

/**
 * R's `factor()` of a numeric vector: levels are the distinct non-missing values sorted
 * numerically, labelled by R's `as.character` (1 → "1", 0.5 → "0.5", 1e5 → "1e+05"); NaN → code -1.
 */
export function numericToFactor(values: Float64Array, name: string): FactorColumn {
  const distinct = [...new Set(Array.from(values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  // R matches values to levels by their text, so values equal to 15 digits share a level.
  const levels: string[] = [];
  const byLabel = new Map<string, number>();
  const code = new Map<number, number>();
  for (const v of distinct) {
    const label = formatNumber(v);
    let k = byLabel.get(label);
    if (k === undefined) {
      k = levels.length;
      levels.push(label);
      byLabel.set(label, k);
    }
    code.set(v, k);
  }
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    codes[i] = Number.isNaN(v) ? -1 : code.get(v)!;
  }
  return { kind: "factor", name, codes, levels, ordered: false };
}

/**
 * Evaluates a model variable to a column named `label` (default: R's deparse of `e`):
 * a bare column as it is (a factor stays a factor), `factor(x)`/`as.factor(x)` (numeric →
 * factor by `numericToFactor`, factor → itself), anything else as a number by `evaluateNumeric`.
 * Throws LmeError naming an unknown column or function.
 */
export function evaluateColumn(e: Expr, frame: Frame, label?: string): Column {
  const name = label ?? deparse(e);
  if (e.type === "paren") return evaluateColumn(e.expr, frame, name);
  if (e.type === "var") {
    const c = lookup(frame, e.name);
    return c.name === name ? c : { ...c, name };
  }
  if (e.type === "call" && (e.fn === "factor" || e.fn === "as.factor") && e.args.length === 1) {
    const inner = evaluateColumn(e.args[0]!, frame);
    if (inner.kind === "factor") return { ...inner, name };
    return numericToFactor(inner.values, name);
  }
  if (e.type === "call" && e.fn === "cut") return cutColumn(e, evaluateNumeric(e.args.find((a) => a.type !== "named") ?? e.args[0]!, frame), name);
  if (e.type === "call" && e.fn === "interaction")
    return interactionColumn(e.args.map((a) => evaluateColumn(a, frame)), name);
  if (e.type === "call" && BASIS_FUNCTIONS.has(e.fn)) {
    // a data-dependent basis as one column (its first, learned on this frame): callers that need
    // every column with the training parameters use learnBasis (the fixed design does)
    return { kind: "numeric", name, values: learnBasis(e, frame).columns(frame)[0]! };
  }
  const values = evaluateNumeric(e, frame);
  const col: NumericColumn = { kind: "numeric", name, values };
  return col;
}
