/**
 * Numeric formula expressions (`Days`, `I(age_s^2)`, `log(x + 1)`, `pmin(x, 3)`) as SQL, with the
 * meaning src/formula/evaluate.ts gives them in memory. Anything else (a factor in arithmetic,
 * data-dependent bases, cut(), interaction()) is refused with an LmeError naming it.
 */
import type { Expr } from "../../formula/types.js";
import { deparse } from "../../formula/index.js";
import { notPushedDown } from "../../messages/sources.js";
import type { SqlDialect } from "./dialect.js";

/** How the generator refers to the columns of the source. */
export interface ColumnRefs {
  readonly dialect: SqlDialect;
  /** SQL of numeric column `name` (already checked to exist). */
  numeric(name: string): string;
  /** Whether `name` is a discrete (factor) column. */
  isDiscrete(name: string): boolean;
}

/** The SQL of a numeric expression. */
export function numericSql(e: Expr, refs: ColumnRefs): string {
  const d = refs.dialect;
  switch (e.type) {
    case "num":
      return d.num(e.value);
    case "var":
      if (refs.isDiscrete(e.name)) throw notPushedDown(e.name, "it is a factor column used as a number");
      return refs.numeric(e.name);
    case "paren":
      return numericSql(e.expr, refs);
    case "unary":
      return e.op === "-" ? `(-${numericSql(e.arg, refs)})` : numericSql(e.arg, refs);
    case "binary": {
      const a = numericSql(e.left, refs), b = numericSql(e.right, refs);
      if (e.op === "^") return d.pow(a, b);
      if (e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/") return `(${a} ${e.op} ${b})`;
      break;
    }
    case "call": {
      if (e.args.some((a) => a.type === "named")) break;
      if (e.fn === "I" && e.args.length === 1) return numericSql(e.args[0]!, refs);
      if (e.fn === "as.numeric" && e.args.length === 1 && !isFactorExpr(e.args[0]!, refs)) return numericSql(e.args[0]!, refs);
      const s = d.fn(e.fn, e.args.map((a) => numericSql(a, refs)));
      if (s !== undefined) return s;
      break;
    }
  }
  throw notPushedDown(deparse(e), "only arithmetic, ^, I(), log/log2/log10/log1p/exp/expm1/sqrt/abs and pmin/pmax are translated to SQL");
}

/** Whether an expression is a factor column (bare, parenthesized, or factor()/as.factor() of one). */
export function factorColumnOf(e: Expr, refs: ColumnRefs): string | null {
  if (e.type === "paren") return factorColumnOf(e.expr, refs);
  if (e.type === "var") return refs.isDiscrete(e.name) ? e.name : null;
  if (e.type === "call" && (e.fn === "factor" || e.fn === "as.factor") && e.args.length === 1) return factorColumnOf(e.args[0]!, refs);
  return null;
}

function isFactorExpr(e: Expr, refs: ColumnRefs): boolean {
  return factorColumnOf(e, refs) !== null;
}
