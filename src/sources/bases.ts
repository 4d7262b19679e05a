/**
 * Data-dependent terms on a database source: `poly(x, d)` (orthogonal or raw) and `scale(x, …)`
 * learned by aggregation passes over the model-frame rows, with the same parameter math as the
 * in-memory learners (formula/bases.ts), then written into the cross-product SQL by the basis's
 * own `sql` (the evaluator's operations in the same order). The sums are exact (exactsum.ts) on
 * both sides, so the parameters — and the design columns — are the same doubles as in memory.
 *
 * poly: the mean (Σx/n), then for k = 0 … d−1 the Stieltjes sums Σ (x_c p_k) p_k and Σ p_{k+1}²
 * with p_k the learner's recurrence as SQL (one bounds pass and one sum pass per degree; the
 * recurrence is inlined, so its SQL grows like the Fibonacci numbers in d); the degree check
 * counts the distinct values. scale: Σx/n and Σ (x − center)², and the distinct count for the
 * constant check. ns() and bs() (knots from order statistics, B-spline evaluation) are refused.
 *
 * Caveat: n is the number of model-frame rows; an x expression that is not finite on some row
 * (log of 0) is left out by the in-memory learner and not here.
 */
import type { Expr } from "../formula/types.js";
import { BASIS_FUNCTIONS, basisArg, polyArgs, polyFromParams, polyRaw, scaleArgs, scaleConstant, scaleFromParams, scaleOf, type Basis } from "../formula/bases.js";
import { deparse } from "../formula/index.js";
import { polyDegreeTooHigh } from "../messages/formula.js";
import { notPushedDown } from "../messages/sources.js";
import { exactSummer, selectSums } from "./exactsum.js";
import { numericSql, type ColumnRefs } from "./sql/expr.js";
import type { SqlEngine } from "./types.js";

type Call = Extract<Expr, { type: "call" }>;

/** Σ a·b over `from`, exact (a bounds pass and a sum pass). */
async function exactDot(engine: SqlEngine, from: string, n: number, pairs: readonly (readonly [string, string])[]): Promise<number[]> {
  const s = await exactSummer(engine, from, pairs.flat(), null, n);
  const sums = selectSums(pairs.map(([a, b]) => s.product(a, b)));
  return sums.read((await engine.query(`SELECT ${sums.sql.join(", ")} FROM ${from}`))[0]!, 0);
}

async function distinct(engine: SqlEngine, from: string, x: string): Promise<number> {
  return Number((await engine.query(`SELECT count(DISTINCT ${x}) FROM ${from}`))[0]![0]);
}

/**
 * Learns the basis of a data-dependent call `e` over the n rows of `from` (the model frame's
 * rows), its variable as SQL through `refs`.
 */
export async function learnSqlBasis(e: Call, engine: SqlEngine, from: string, n: number, refs: ColumnRefs): Promise<Basis> {
  const d = engine.dialect, term = deparse(e);
  const x = numericSql(basisArg(e), refs), one = d.num(1);
  if (e.fn === "poly") {
    const { degree, raw } = polyArgs(e);
    const unique = await distinct(engine, from, x);
    if (degree >= unique) throw polyDegreeTooHigh(term, degree, unique);
    if (raw) return polyRaw(e, degree);
    const [sx] = await exactDot(engine, from, n, [[x, one]]);
    const mean = sx! / n, xc = `(${x} - ${d.num(mean)})`;
    const alpha: number[] = [], norm2: number[] = [1, n];
    let prev = "", cur = one; // p_{-1} (unused at k = 0), p_0 = 1
    for (let k = 0; k < degree; k++) {
      const [s] = await exactDot(engine, from, n, [[`(${xc} * ${cur})`, cur]]);
      const a = s! / norm2[k + 1]!;
      alpha.push(a + mean);
      const ratio = norm2[k + 1]! / norm2[k]!;
      const next = k === 0 ? `((${xc} - ${d.num(a)}) * ${cur})` : `(((${xc} - ${d.num(a)}) * ${cur}) - (${d.num(ratio)} * ${prev}))`;
      const [nn] = await exactDot(engine, from, n, [[next, next]]);
      norm2.push(nn!);
      prev = cur;
      cur = next;
    }
    return polyFromParams(e, alpha, norm2);
  }
  if (e.fn === "scale") {
    const { center: c, scale: s } = scaleArgs(e);
    const center = c === true ? (await exactDot(engine, from, n, [[x, one]]))[0]! / n : c === false ? 0 : c;
    if (s === true && (await distinct(engine, from, x)) < 2) throw scaleConstant(term);
    const dx = `(${x} - ${d.num(center)})`;
    const scale = s === true ? scaleOf(n, (await exactDot(engine, from, n, [[dx, dx]]))[0]!) : s === false ? 1 : s;
    return scaleFromParams(e, center, scale);
  }
  throw notPushedDown(term, "spline bases (ns, bs) are not pushed down: their knots and B-spline values are not translated to SQL");
}

/** The data-dependent calls (poly, scale, ns, bs) among `vars`, by label. */
export function basisCalls(vars: readonly { label: string; expr: Expr }[]): Map<string, Call> {
  const out = new Map<string, Call>();
  for (const v of vars) {
    const e = v.expr.type === "paren" ? v.expr.expr : v.expr;
    if (e.type === "call" && BASIS_FUNCTIONS.has(e.fn)) out.set(v.label, e);
  }
  return out;
}
