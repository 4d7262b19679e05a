/**
 * R's `deparse` of formula expressions, which gives R's variable labels and coefficient names:
 * `I(age_s^2)`, `log(x)`, `size - incidence`, `incidence/size`, `factor(time)`, `1 + Days | Subject`.
 */
import type { Expr, ParsedFormula } from "./types.js";

/**
 * A double as R's `as.character`/`deparse` print it: at most 15 significant digits, fixed
 * notation when it is no wider than scientific (1e5 → "1e+05", 123456 → "123456",
 * 1e-4 → "1e-04", 0.001 → "0.001", 0.1 + 0.2 → "0.3"). NaN → "NaN", ±Infinity → "Inf"/"-Inf".
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const sign = x < 0 ? "-" : "";
  const e = Math.abs(x).toExponential(14);
  const k = e.indexOf("e");
  const digits = (e[0]! + e.slice(2, k)).replace(/0+$/, "") || "0";
  const exp = Number(e.slice(k + 1));
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const sci = `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  let fixed: string;
  if (exp >= 0) {
    fixed = digits.length <= exp + 1 ? digits + "0".repeat(exp + 1 - digits.length) : `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    fixed = `0.${"0".repeat(-exp - 1)}${digits}`;
  }
  return sign + (fixed.length <= sci.length ? fixed : sci);
}

const SYNTACTIC = /^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$/;
const RESERVED = new Set(["if", "else", "repeat", "while", "function", "for", "next", "break", "in", "NULL", "NA", "Inf", "NaN"]);

/** A name as R prints it: back-quoted unless syntactic (`` `my var` ``); a quoted string as it is. */
export function deparseName(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) return name;
  return SYNTACTIC.test(name) && !RESERVED.has(name) ? name : `\`${name}\``;
}

const SPACED = new Set(["+", "-", "*", "|", "||", "%in%"]);

/** R-style text of an expression (R's `deparse`), used for labels and column names. */
export function deparse(e: Expr): string {
  switch (e.type) {
    case "var":
      return deparseName(e.name);
    case "num":
      return formatNumber(e.value);
    case "call":
      return `${e.fn}(${e.args.map(deparse).join(", ")})`;
    case "named":
      return `${e.name} = ${deparse(e.value)}`;
    case "paren":
      return `(${deparse(e.expr)})`;
    case "unary":
      return `${e.op}${deparse(e.arg)}`;
    case "binary": {
      const l = deparse(e.left);
      const r = deparse(e.right);
      return SPACED.has(e.op) ? `${l} ${e.op} ${r}` : `${l}${e.op}${r}`;
    }
  }
}

/**
 * The formula as R prints it (`deparse` of both sides, no simplification): "Reaction~Days+(Days|Subject)"
 * becomes "Reaction ~ Days + (Days | Subject)". lme4's `formula(m)` differs in one way: it shows
 * `(x || g)` expanded into `((1 | g) + (0 + x | g))`; lme4ts keeps `||` as written.
 */
export function deparseFormula(f: ParsedFormula): string {
  if (!f.rhs) return f.source;
  return `${f.response ? `${deparse(f.response)} ` : ""}~ ${deparse(f.rhs)}`;
}
