/**
 * The row passes of glmer's PIRLS as aggregation queries (main thread; see pirls.ts for the
 * protocol and the predictor encoding). A predictor η = offset + Xβ + Σ_k Z_k b_k reaches the
 * rows with b as one small table of every term's levels, created in one statement per predictor
 * and joined on the level codes (DuckDB: `CREATE TEMP TABLE … AS SELECT unnest([…])`), or as inline
 * arrays (ClickHouse); μ, μ′, the working weight W = wt μ′²/V(μ) and the working response are SQL
 * of the family (sql/family.ts) in nested subqueries. Then, where the dialect has a one-scan form
 * (glmmScan.ts: GROUPING SETS or a materialized CTE; DuckDB), the totals, every per-level and
 * per-pair block — and, for a full PIRLS step, the deviance — come from ONE scan of the rows;
 * elsewhere (ClickHouse 18.16) the deviance is one SUM and the blocks are crossprod.ts's
 * SUM … GROUP BY queries, one per block.
 */
import type { ReTerm } from "../model/random.js";
import type { CrossProducts } from "../lmm/crossprod.js";
import { sourceCrossProducts, totals, type SqlRows, type SqlTerm } from "./crossprod.js";
import { scanCrossProducts } from "./glmmScan.js";
import { CP_VALUES, type CrossValues } from "./pirls.js";
import type { SqlFamily } from "./sql/family.js";
import type { GlmmRequest } from "./glmmThread.js";
import type { SqlEngine } from "./types.js";
import { quantiles } from "./rows.js";
import { ExactSummer } from "./exactsum.js";
import type { SqlDialect } from "./sql/dialect.js";

/**
 * The engine's plain (compensated where it has one) sums of the products (a·√w)(b·√w), the
 * in-memory fill's order of operations: no bounds pass and no integer limbs. The in-memory GLMM
 * fill adds in plain double precision too, so exact sums would not make the PIRLS passes equal
 * it to the last bit, and would cost one more query per pass.
 */
export function plainSummer(d: SqlDialect, w: string | null, n: number): ExactSummer {
  return new ExactSummer(d, new Map(), w ? `sqrt(${w})` : null, n);
}

/** The SQL of one GLMM's rows. */
export interface GlmmSql {
  /** FROM … JOIN … (base rows and code tables). */
  readonly from: string;
  /** The kept fixed-effects columns. */
  readonly x: readonly string[];
  /** Response on the family's scale (proportions for binomial) and prior weight. */
  readonly y: string;
  readonly wt: string;
  readonly offset: string | null;
  /** Terms in the model's order. */
  readonly terms: readonly SqlTerm[];
  readonly family: SqlFamily;
  /** Prefix of the temporary b tables (join mode); `tables` collects their names. */
  readonly prefix: string;
  readonly tables: string[];
  /** The b values last uploaded to each table (the deviance and the cross products at one predictor share the upload). */
  readonly uploaded: Map<string, Float64Array>;
}

/** The b part of predictor encoding `eta` (every term, level-major), as one table `<prefix>_pb` of columns lme4ts_code, b0 … b(q_max − 1), one statement (skipped when unchanged). */
async function uploadAll(engine: SqlEngine, s: GlmmSql, re: readonly ReTerm[], cp: CrossProducts, eta: Float64Array): Promise<void> {
  const d = engine.dialect, p = s.x.length, table = `${s.prefix}_pb`;
  const vals = eta.subarray(1 + p), last = s.uploaded.get(table);
  if (last && last.length === vals.length && last.every((v, i) => v === vals[i])) return;
  const qMax = Math.max(...re.map((t) => t.q)), nAll = re.reduce((a, t) => a + t.nLevels, 0);
  const code = new Int32Array(nAll), bs = Array.from({ length: qMax }, () => new Float64Array(nAll));
  let row = 0;
  re.forEach((t, k) => {
    const base = 1 + p + (k === 0 ? 0 : cp.l0 * cp.q0 + cp.units.start[cp.units.termBase[k]!]!);
    for (let l = 0; l < t.nLevels; l++, row++) {
      code[row] = row;
      for (let r = 0; r < t.q; r++) bs[r]![row] = eta[base + l * t.q + r]!;
    }
  });
  if (!s.tables.includes(table)) s.tables.push(table);
  await engine.query(d.createTableAs!(table, d.inlineTable!([{ name: "lme4ts_code", values: code, int: true }, ...bs.map((v, r) => ({ name: `b${r}`, values: v, int: false }))])));
  s.uploaded.set(table, Float64Array.from(vals));
}

/** The relation of the rows with η, μ and μ′ as columns lme4ts_eta, lme4ts_mu, lme4ts_me. */
async function withMu(engine: SqlEngine, s: GlmmSql, re: readonly ReTerm[], cp: CrossProducts, eta: Float64Array): Promise<string> {
  const d = engine.dialect, p = s.x.length;
  const joins: string[] = [];
  let etaSql: string;
  if (eta[0] === 0) etaSql = s.family.etaStart(`(${s.y})`, `(${s.wt})`);
  else {
    const parts = s.x.map((x, j) => `${x} * ${d.num(eta[1 + j]!)}`);
    if (s.offset) parts.unshift(`(${s.offset})`);
    for (let k = 0; k < re.length; k++) {
      const t = re[k]!, q = t.q, code = s.terms[k]!.code;
      const base = 1 + p + (k === 0 ? 0 : cp.l0 * cp.q0 + cp.units.start[cp.units.termBase[k]!]!);
      const b = (l: number, r: number) => eta[base + l * q + r]!;
      if (d.codes === "inline") {
        s.terms[k]!.z.forEach((z, r) => parts.push(`${z} * ${d.element!(Float64Array.from({ length: t.nLevels }, (_, l) => b(l, r)), code)}`));
        continue;
      }
      if (d.inlineTable && d.createTableAs) {
        // one table of every term's b, uploaded in one statement per predictor (rows: the terms' levels stacked)
        const off = re.slice(0, k).reduce((a, x) => a + x.nLevels, 0);
        if (k === 0) await uploadAll(engine, s, re, cp, eta);
        joins.push(`JOIN ${s.prefix}_pb AS e${k} ON e${k}.lme4ts_code = ${off === 0 ? code : `${code} + ${off}`}`);
      } else {
        const table = `${s.prefix}_pb${k}`;
        if (!s.tables.includes(table)) s.tables.push(table);
        const vals = eta.subarray(base, base + t.nLevels * q), last = s.uploaded.get(table);
        if (!last || last.length !== vals.length || !last.every((v, i) => v === vals[i])) {
          const cols = [{ name: "lme4ts_code", type: "int" as const }, ...Array.from({ length: q }, (_, r) => ({ name: `b${r}`, type: "double" as const }))];
          await engine.upload(table, cols, Array.from({ length: t.nLevels }, (_, l) => [l, ...Array.from({ length: q }, (_, r) => b(l, r))]));
          s.uploaded.set(table, Float64Array.from(vals));
        }
        joins.push(`JOIN ${table} AS e${k} ON e${k}.lme4ts_code = ${code}`);
      }
      s.terms[k]!.z.forEach((z, r) => parts.push(`${z} * e${k}.b${r}`));
    }
    etaSql = parts.length ? parts.join(" + ") : d.num(0);
  }
  const cols = [
    ...s.terms.map((t, k) => `${t.code} AS lme4ts_k${k}`),
    ...s.terms.flatMap((t, k) => t.z.map((z, r) => `${z} AS lme4ts_z${k}_${r}`)),
    ...s.x.map((x, j) => `${x} AS lme4ts_x${j}`),
    `${s.y} AS lme4ts_y0`, `${s.wt} AS lme4ts_wt0`, `${s.offset ?? d.num(0)} AS lme4ts_off`,
  ];
  const inner = `SELECT ${cols.join(", ")}, ${etaSql} AS lme4ts_eta FROM ${s.from} ${joins.join(" ")}`;
  return `(SELECT *, ${s.family.mu("lme4ts_eta")} AS lme4ts_mu, ${s.family.muEta("lme4ts_eta")} AS lme4ts_me FROM (${inner}) AS i2) AS m`;
}

/**
 * How a pass's aggregates are computed for a model of K random terms: the materialized CTE when
 * the dialect has it and K ≤ 2 (its aggregate by all codes is then the level-pair set itself; at
 * 10 M rows it scanned 3.9× faster than GROUPING SETS and 2.5× faster than the per-block queries,
 * bench/RESULTS.md), else GROUPING SETS (with three or more terms the aggregate by all codes can
 * approach the rows), else one query per block (null). The environment variable
 * LME4TS_PIRLS_SCAN = "groupingSets", "cte" or "blocks" overrides the choice (measurements).
 */
export function scanForm(d: SqlDialect, K: number): "groupingSets" | "cte" | null {
  const env = typeof process !== "undefined" ? process.env.LME4TS_PIRLS_SCAN : undefined;
  const forms = d.oneScan ?? [];
  if (env === "blocks" || forms.length === 0) return null;
  if ((env === "groupingSets" || env === "cte") && forms.includes(env)) return env;
  return forms.includes("cte") && (K <= 2 || !forms.includes("groupingSets")) ? "cte" : forms.includes("groupingSets") ? "groupingSets" : null;
}

/**
 * Whether PIRLS reads the deviance of a full step from the scan that also gives the next
 * iteration's cross products (RowPasses.devCross): with a one-scan form, unless the environment
 * variable LME4TS_PIRLS_MERGE is "0" (then a step's deviance is a plain SUM scan; for measurements).
 */
export function mergeDeviance(d: SqlDialect, K: number): boolean {
  const env = typeof process !== "undefined" ? process.env.LME4TS_PIRLS_MERGE : undefined;
  return scanForm(d, K) !== null && env !== "0";
}

/** Serves the worker's row passes for one GLMM (`re`, `cp`: the terms and the cross-product pattern). */
export function glmmPasses(engine: SqlEngine, s: GlmmSql, re: readonly ReTerm[], cp: CrossProducts): (req: GlmmRequest) => Promise<unknown> {
  const d = engine.dialect, form = scanForm(d, re.length);
  return async (req) => {
    const rel = await withMu(engine, s, re, cp, req.eta);
    const devSum = d.sum(s.family.devResid("lme4ts_y0", "lme4ts_mu", "lme4ts_wt0"));
    if (req.op === "dev") return Number((await engine.query(`SELECT ${devSum} FROM ${rel}`))[0]![0]);
    const base = req.withBeta ? "lme4ts_off" : ["lme4ts_off", ...s.x.map((_, j) => `lme4ts_x${j} * ${d.num(req.beta[j]!)}`)].join(" + ");
    const from = `(SELECT *, lme4ts_wt0 * lme4ts_me * lme4ts_me / ${s.family.variance("lme4ts_mu")} AS lme4ts_w, lme4ts_eta - (${base}) + (lme4ts_y0 - lme4ts_mu) / lme4ts_me AS lme4ts_wz FROM ${rel}) AS r`;
    const xs = req.withBeta ? s.x.map((_, j) => `lme4ts_x${j}`) : [];
    const rows: SqlRows = { from, xy: [...xs, "lme4ts_wz"], w: "lme4ts_w", terms: s.terms.map((t, k) => ({ code: `lme4ts_k${k}`, z: t.z.map((_, r) => `lme4ts_z${k}_${r}`) })) };
    const summer = plainSummer(d, rows.w, cp.n);
    const keep = xs.map((_, j) => j);
    const values = (out: CrossProducts) => Object.fromEntries(CP_VALUES.map((k) => [k, out[k]])) as CrossValues;
    if (form) {
      const r = await scanCrossProducts(engine, rows, keep, summer, req.op === "devcross" ? [devSum] : [], form);
      const cross = values(await sourceCrossProducts(engine, rows, re, keep, { n: r.n, logDetW: 0, xx: r.xx }, summer, r.blocks));
      return req.op === "devcross" ? { dev: r.extra[0]!, cross } : cross;
    }
    const dev = req.op === "devcross" ? Number((await engine.query(`SELECT ${devSum} FROM ${rel}`))[0]![0]) : NaN;
    const tot = await totals(engine, rows, summer);
    const cross = values(await sourceCrossProducts(engine, rows, re, keep, tot, summer));
    return req.op === "devcross" ? { dev, cross } : cross;
  };
}

/** R's type-7 quantiles (min, quartiles, max) of the Pearson residuals (y − μ)·√(wt/V(μ)) at predictor `eta`, in the engine. */
export async function pearsonQuantiles(engine: SqlEngine, s: GlmmSql, re: readonly ReTerm[], cp: CrossProducts, eta: Float64Array): Promise<number[]> {
  const rel = await withMu(engine, s, re, cp, eta);
  const v = s.family.variance("lme4ts_mu");
  return quantiles(engine, `(lme4ts_y0 - lme4ts_mu) * ${engine.dialect.fn("sqrt", [`lme4ts_wt0 / ${v}`])}`, rel, [0, 0.25, 0.5, 0.75, 1]);
}
