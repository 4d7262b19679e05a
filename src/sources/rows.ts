/**
 * Row-level passes over a database source after the fit: the fitted level effects b (one small
 * table per term: code → b) are uploaded and joined, and fitted values, residuals or their
 * quantiles are computed in the engine.
 */
import { needsRowPass, notSourceModel } from "../messages/sources.js";
import { SourceLmerMod, type RowSummary } from "./model.js";
import type { SqlEngine } from "./types.js";

/** The level effects b reach the rows (uploaded tables joined, or inline arrays); returns the SQL of the fitted value and the joins. */
async function fittedSql(m: SourceLmerMod, engine: SqlEngine): Promise<{ fitted: string; joins: string }> {
  const fit = m.sourceFit, d = engine.dialect;
  const parts: string[] = fit.keep.map((j, i) => `${fit.rows.xy[j]} * ${d.num(m.beta[i]!)}`);
  const joins: string[] = [];
  const terms = m.input.terms;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!, q = t.q, b = m.b[k]!, code = fit.rows.terms[k]!.code;
    if (d.codes === "inline") {
      fit.rows.terms[k]!.z.forEach((z, c) => parts.push(`${z} * ${d.element!(Float64Array.from({ length: t.nLevels }, (_, l) => b[l * q + c]!), code)}`));
      continue;
    }
    const table = `${fit.prefix}_b${k}`;
    const cols = [{ name: "lme4ts_code", type: "int" as const }, ...Array.from({ length: q }, (_, c) => ({ name: `b${c}`, type: "double" as const }))];
    await engine.upload(table, cols, Array.from({ length: t.nLevels }, (_, l) => [l, ...b.subarray(l * q, (l + 1) * q)]));
    joins.push(`JOIN ${table} AS e${k} ON e${k}.lme4ts_code = ${code}`);
    fit.rows.terms[k]!.z.forEach((z, c) => parts.push(`${z} * e${k}.b${c}`));
  }
  if (fit.offset) parts.push(`(${fit.offset})`);
  return { fitted: parts.length ? parts.join(" + ") : d.num(0), joins: joins.join(" ") };
}

/** R's type-7 quantiles of `expr` over the rows: the engine's aggregate, or two order statistics per probability. */
export async function quantiles(engine: SqlEngine, expr: string, from: string, probs: readonly number[]): Promise<number[]> {
  const d = engine.dialect;
  if (d.quantiles) return (await engine.query(d.quantiles(expr, probs, from))).map((r) => Number(r[0]));
  const n = Number((await engine.query(`SELECT ${d.count()} FROM ${from}`))[0]![0]);
  const out: number[] = [];
  for (const p of probs) {
    const h = (n - 1) * p, lo = Math.floor(h);
    const r = (await engine.query(`SELECT lme4ts_q FROM (SELECT ${expr} AS lme4ts_q FROM ${from}) ORDER BY lme4ts_q LIMIT 2 OFFSET ${lo}`)).map((x) => Number(x[0]));
    out.push(r.length > 1 ? r[0]! + (h - lo) * (r[1]! - r[0]!) : r[0]!);
  }
  return out;
}

/** The row pass of lmer: scaled-residual quantiles and the first six fitted values and residuals (none where rows have no order). */
export async function rowSummary(m: SourceLmerMod): Promise<RowSummary> {
  const fit = m.sourceFit, engine = await fit.source.open(), d = engine.dialect;
  const { fitted, joins } = await fittedSql(m, engine);
  const w = fit.rows.w;
  const scaled = `(${w ? `sqrt(${w}) * ` : ""}(${fit.y} - (${fitted})) / ${d.num(m.sigma)})`;
  const q = await quantiles(engine, scaled, `${fit.numberedFrom} ${joins}`, [0, 0.25, 0.5, 0.75, 1]);
  if (!d.rowNumber) return { scaledResiduals: q, fittedHead: [], residHead: [] };
  const head = await engine.query(`SELECT ${fitted}, ${fit.y} - (${fitted}) FROM ${fit.numberedFrom} ${joins} ORDER BY ${d.col("b", "lme4ts_row")} LIMIT 6`);
  return { scaledResiduals: q, fittedHead: head.map((r) => Number(r[0])), residHead: head.map((r) => Number(r[1])) };
}

/** Per-row values in the source's order (refused by engines whose rows have no order). */
async function perRow(fn: string, m: unknown, value: (fitted: string, y: string) => string): Promise<Float64Array> {
  const mod = requireSourceModel(fn, m);
  const fit = mod.sourceFit, engine = await fit.source.open(), d = engine.dialect;
  if (!d.rowNumber) throw needsRowPass(`${fn}()`, `${d.name} tables have no row order; compute what you need from the fitted effects (fixef, ranef) in a query`);
  const { fitted, joins } = await fittedSql(mod, engine);
  const rows = await engine.query(`SELECT ${value(fitted, fit.y)} FROM ${fit.numberedFrom} ${joins} ORDER BY ${d.col("b", "lme4ts_row")}`);
  return Float64Array.from(rows, (r) => Number(r[0]));
}

function requireSourceModel(fn: string, m: unknown): SourceLmerMod {
  if (!(m instanceof SourceLmerMod))
    throw notSourceModel(fn);
  return m;
}

/** Fitted values Xβ̂ + Zb̂ (+ offset) of a model fitted from a database source, computed in the engine, in the source's row order. */
export function sourceFitted(m: SourceLmerMod): Promise<Float64Array> {
  return perRow("sourceFitted", m, (f) => f);
}

/** Response residuals y − ŷ of a model fitted from a database source, computed in the engine, in the source's row order. */
export function sourceResiduals(m: SourceLmerMod): Promise<Float64Array> {
  return perRow("sourceResiduals", m, (f, y) => `${y} - (${f})`);
}
