/**
 * Row-level passes over a database source after the fit: the fitted level effects b (one small
 * table per term: code → b) are uploaded and joined, and fitted values, residuals or their
 * quantiles are computed in the engine.
 */
import { LmeError } from "../messages/error.js";
import { SourceLmerMod, type RowSummary } from "./model.js";
import type { SqlEngine } from "./types.js";

/** Uploads b of each term and returns the SQL of the fitted value and the joins it needs. */
async function fittedSql(m: SourceLmerMod, engine: SqlEngine): Promise<{ fitted: string; joins: string }> {
  const fit = m.sourceFit, d = engine.dialect;
  const parts: string[] = fit.keep.map((j, i) => `${fit.rows.xy[j]} * ${d.num(m.beta[i]!)}`);
  const joins: string[] = [];
  const terms = m.input.terms;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!, q = t.q, b = m.b[k]!, table = `${fit.prefix}_b${k}`;
    const cols = [{ name: "lme4ts_code", type: "int" as const }, ...Array.from({ length: q }, (_, c) => ({ name: `b${c}`, type: "double" as const }))];
    await engine.upload(table, cols, Array.from({ length: t.nLevels }, (_, l) => [l, ...b.subarray(l * q, (l + 1) * q)]));
    joins.push(`JOIN ${table} AS e${k} ON e${k}.lme4ts_code = ${fit.rows.terms[k]!.code}`);
    fit.rows.terms[k]!.z.forEach((z, c) => parts.push(`${z} * e${k}.b${c}`));
  }
  if (fit.offset) parts.push(`(${fit.offset})`);
  return { fitted: parts.length ? parts.join(" + ") : d.num(0), joins: joins.join(" ") };
}

/** The row pass of lmer: scaled-residual quantiles and the first six fitted values and residuals. */
export async function rowSummary(m: SourceLmerMod): Promise<RowSummary> {
  const fit = m.sourceFit, engine = await fit.source.open(), d = engine.dialect;
  const { fitted, joins } = await fittedSql(m, engine);
  const w = fit.rows.w;
  const scaled = `(${w ? `sqrt(${w}) * ` : ""}(${fit.y} - (${fitted})) / ${d.num(m.sigma)})`;
  const qs = [0, 0.25, 0.5, 0.75, 1].map((p) => d.quantile(scaled, p));
  const q = (await engine.query(`SELECT ${qs.join(", ")} FROM ${fit.numberedFrom} ${joins}`))[0]!.map(Number);
  const head = await engine.query(`SELECT ${fitted}, ${fit.y} - (${fitted}) FROM ${fit.numberedFrom} ${joins} ORDER BY b.lme4ts_row LIMIT 6`);
  return { scaledResiduals: q, fittedHead: head.map((r) => Number(r[0])), residHead: head.map((r) => Number(r[1])) };
}

function requireSourceModel(fn: string, m: unknown): SourceLmerMod {
  if (!(m instanceof SourceLmerMod))
    throw new LmeError("usage", `${fn}: m must be a model fitted by lmer from a database source (for an in-memory fit use m.fitted() / m.residuals())`);
  return m;
}

/** Fitted values Xβ̂ + Zb̂ (+ offset) of a model fitted from a database source, computed in the engine, in the source's row order. */
export async function sourceFitted(m: SourceLmerMod): Promise<Float64Array> {
  const mod = requireSourceModel("sourceFitted", m);
  const fit = mod.sourceFit, engine = await fit.source.open();
  const { fitted, joins } = await fittedSql(mod, engine);
  const rows = await engine.query(`SELECT ${fitted} FROM ${fit.numberedFrom} ${joins} ORDER BY b.lme4ts_row`);
  return Float64Array.from(rows, (r) => Number(r[0]));
}

/** Response residuals y − ŷ of a model fitted from a database source, computed in the engine, in the source's row order. */
export async function sourceResiduals(m: SourceLmerMod): Promise<Float64Array> {
  const mod = requireSourceModel("sourceResiduals", m);
  const fit = mod.sourceFit, engine = await fit.source.open();
  const { fitted, joins } = await fittedSql(mod, engine);
  const rows = await engine.query(`SELECT ${fit.y} - (${fitted}) FROM ${fit.numberedFrom} ${joins} ORDER BY b.lme4ts_row`);
  return Float64Array.from(rows, (r) => Number(r[0]));
}
