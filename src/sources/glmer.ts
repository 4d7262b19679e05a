/**
 * `glmer(formula, source)` for the binomial and Poisson families: the rows are collapsed in the
 * engine (GROUP BY the formula's right-hand-side columns) to cells with the sufficient statistics
 * of the response (Σ w·y and Σ w), only the cells come back, and the in-memory glmer fits them.
 * Within a cell every row has the same linear predictor, so the binomial/Poisson likelihood of
 * the rows equals that of the cell up to a constant: θ, β, the conditional modes and every
 * standard error are those of the row-level fit. When rows were merged (cells < rows), the
 * constant is computed in the engine and added to the log-likelihood, and nobs is the number of
 * rows (SourceGlmerMod); per-cell residuals and fitted values are then refused.
 *
 * The cells are the canonical ones of glmm/cells.ts, so that the fit equals the in-memory fit
 * (which collapses merged binomial rows the same way) to the last bits: ordered by their first
 * row when the source knows its row order (DataSource.rowOrder: a loaded CSV's rowid in DuckDB,
 * the loader's row-number column in ClickHouse), a one-row cell carrying the row's own y, prior
 * weight and n (the response as glmmResponse makes it, computed per row in SQL), a merged cell
 * the exact sums Σw, Σ fl(w·y), Σn (sources/exactsum.ts, integer limbs, rounded once). Without
 * a row order the cells are sorted by their values: deterministic, but equal to the in-memory
 * fit only to the optimizer's tolerance. Poisson rows that merge take the PIRLS route (the rows'
 * objective, as the in-memory glmer: merging moves a Poisson fit's optimum measurably, see
 * glmm/glmer.ts fitOnCells) when it exists (log link, nAGQ ≤ 1); otherwise the cells are fitted
 * with cells.ts's cellFamily (the continuous aic of a mean count), equal to the rows' fit only to
 * ~1e-3 in θ and logLik.
 *
 * Memory is O(cells), which is O(rows) when a continuous covariate makes every row its own
 * cell: above `cellsMax()` cells the fit is PIRLS with aggregation queries instead
 * (glmerPirls.ts), for the binomial (logit, no prior weights) and Poisson (log) families at
 * nAGQ ≤ 1. The model's `sourceRoute` says which route was taken.
 */
import type { Expr, ParsedFormula } from "../formula/types.js";
import { sourceFormula } from "./formula.js";
import { columnFromValues, makeFrame } from "../data/index.js";
import { fitGlmm, GLMER_OPTIONS, type GlmerOptions } from "../glmm/glmer.js";
import { buildInput } from "../model/lmmInput.js";
import { CELL_RESPONSE, cellFamily, cellFormula, isCbindResponse, mergedValues } from "../glmm/cells.js";
import { ExactSummer, selectSums } from "./exactsum.js";
import { resolveFamily } from "../glmm/family/resolve.js";
import { lgamma } from "../glmm/family/special.js";
import { GlmerMod } from "../results/glmerMod.js";
import { checkOptions, numbers } from "../validate/index.js";
import { checkFitArgs } from "../model/args.js";
import { needsRowPass, glmerSourceFamily, sourceBadWeights, sourceFactorResponse, sourceWeightsNotNumeric } from "../messages/sources.js";
import { exprColumns, factorTable, sourceFrame, dropTables } from "./frame.js";
import { numericSql, factorColumnOf, type ColumnRefs } from "./sql/expr.js";
import type { DataSource } from "./types.js";
import { sqlFamily } from "./sql/family.js";
import { glmerPirls, pirlsQuantiles } from "./glmerPirls.js";

/** A GlmerMod of collapsed cells, with nobs and the log-likelihood of the rows. */
export class SourceGlmerMod extends GlmerMod {
  override deviance(): number {
    throw needsRowPass("deviance() (the conditional deviance)", "rows were merged into cells; use logLik(), AIC(), BIC()");
  }
  override residuals(): Float64Array {
    throw needsRowPass("residuals()", "rows were merged into cells in the database");
  }
  override fitted(): Float64Array {
    throw needsRowPass("fitted()", "rows were merged into cells in the database");
  }
  /**
   * Bernoulli rows (0/1, unit weights) merged into cells: a cell of S ones among T rows has S
   * residuals (1 − μ)/√(μ(1 − μ)) and T − S residuals −μ/√(μ(1 − μ)), so the rows' quantiles are
   * exact from the cells. Other merged responses: refused.
   */
  override scaledResidualQuantiles(): number[] {
    const q = pirlsQuantiles.get(this);
    if (q) return [...q];
    const cells = bernoulliCells.get(this);
    if (!cells) throw needsRowPass("the residual quantiles", "rows with several trials or counts were merged into cells");
    const vals: { v: number; k: number }[] = [], fitted = super.fitted();
    cells.S.forEach((s, i) => {
      const mu = fitted[i]!, sd = Math.sqrt(mu * (1 - mu));
      if (s > 0) vals.push({ v: (1 - mu) / sd, k: s });
      if (cells.T[i]! - s > 0) vals.push({ v: -mu / sd, k: cells.T[i]! - s });
    });
    vals.sort((a, b) => a.v - b.v);
    const n = vals.reduce((a, x) => a + x.k, 0);
    const at = (j: number) => { let c = 0; for (const x of vals) { c += x.k; if (j < c) return x.v; } return vals[vals.length - 1]!.v; };
    return [0, 0.25, 0.5, 0.75, 1].map((p) => { const h = (n - 1) * p, lo = Math.floor(h); return at(lo) + (h - lo) * (at(Math.min(n - 1, lo + 1)) - at(lo)); });
  }
  /** No per-row values: the heads are empty (rows were merged into cells). */
  override heads(_k: number): { fitted: number[]; residuals: number[] } {
    return { fitted: [], residuals: [] };
  }
}


/** Successes and trials per cell of merged Bernoulli rows (for the residual quantiles). */
const bernoulliCells = new WeakMap<GlmerMod, { S: Float64Array; T: Float64Array }>();

/** Fits a binomial or Poisson GLMM from `source` (see the module comment). */
export async function glmerSource(formula: string | ParsedFormula, source: DataSource, opts: GlmerOptions = {}): Promise<GlmerMod> {
  checkOptions("glmer", opts, GLMER_OPTIONS, "", { REML: "glmer fits by maximum likelihood (Laplace or quadrature); REML is for lmer" });
  checkOptions("glmer", opts.start, { theta: numbers, fixef: numbers }, "start.");
  checkFitArgs("glmer", formula, opts);
  const family = resolveFamily(opts.family, opts.link);
  if (family.name !== "binomial" && family.name !== "poisson") throw glmerSourceFamily(family.name);
  const { f, wcol, variables } = sourceFormula(formula, opts);
  const rhs = new Set<string>();
  f.fixed.terms.forEach((t) => t.vars.forEach((x) => exprColumns(x.expr, rhs)));
  f.offsets.forEach((o) => exprColumns(o, rhs));
  f.random.forEach((r) => { r.lhs.terms.forEach((t) => t.vars.forEach((x) => exprColumns(x.expr, rhs))); r.groups.forEach((g) => exprColumns(g.expr, rhs)); });
  const sf = await sourceFrame(source, variables);
  const { engine } = sf, d = engine.dialect;
  try {
    const refs: ColumnRefs = { dialect: d, numeric: (c) => d.col("b", c), isDiscrete: (c) => sf.isDiscrete(c) };
    const w = wcol ? d.col("b", wcol) : null;
    if (wcol) {
      if (sf.isDiscrete(wcol)) throw sourceWeightsNotNumeric(wcol);
      const bad = Number((await engine.query(`SELECT ${d.count()} FROM ${sf.base} AS b WHERE NOT (${w} >= 0 AND ${w} < ${d.num(Number.MAX_VALUE)})`))[0]![0]);
      if (bad > 0) throw sourceBadWeights(wcol, bad);
    }
    // per row: successes s and trials t (binomial) or w·y and w (Poisson); lchoose/lgamma constant c
    let s: string, t: string, join = "", yFactor: string | null = null;
    const r = f.response.type === "paren" ? f.response.expr : f.response;
    if (family.name === "binomial" && r.type === "call" && r.fn === "cbind" && r.args.length === 2) {
      s = numericSql(r.args[0]!, refs);
      t = `(${s} + ${numericSql(r.args[1]!, refs)})`;
      if (w) { s = `${w} * ${s}`; t = `${w} * ${t}`; }
    } else if (factorColumnOf(f.response, refs) !== null) {
      if (family.name !== "binomial") throw sourceFactorResponse(f.responseLabel ?? "response", family.name);
      const name = factorColumnOf(f.response, refs)!;
      const { table } = await factorTable(sf, name, "resp");
      join = table.join("fr");
      s = yFactor = `(CASE WHEN ${table.code("fr")} = 0 THEN ${d.num(0)} ELSE ${d.num(1)} END)`;
      t = d.num(1);
      if (w) { s = `${w} * ${s}`; t = w; }
    } else {
      const y = numericSql(f.response, refs);
      s = w ? `${w} * ${y}` : y;
      t = w ?? d.num(1);
    }
    const cols = [...rhs];
    const sel = cols.map((c, i) => `${sf.isDiscrete(c) ? d.col("b", c) : d.double(d.col("b", c))} AS lme4ts_c${i}`);
    const groupBy = cols.length ? `GROUP BY ${cols.map((_, i) => `lme4ts_c${i}`).join(", ")}` : "";
    // the route: cells of equal right-hand side when few, else PIRLS with aggregation queries
    const fam = (opts.nAGQ ?? 1) <= 1 && (!wcol || family.name === "poisson") ? sqlFamily(family, d) : null;
    if (fam) {
      const nCells = cols.length ? Number((await engine.query(`SELECT ${d.count()} FROM (SELECT ${sel.join(", ")} FROM ${sf.base} AS b ${join} ${groupBy}) AS c`))[0]![0]) : 1;
      // merged Poisson rows: the rows' objective by PIRLS passes (the cells' objective moves the optimum; see below)
      const poissonMerged = family.name === "poisson" && nCells < sf.n;
      if (nCells > cellsMax() || poissonMerged) {
        const resp = family.name === "binomial" ? { s, t, join } : { s: numericSql(f.response, refs), t: w ?? d.num(1), join };
        const m = await glmerPirls(f, variables, sf, family, fam, resp, opts);
        Object.setPrototypeOf(m, SourceGlmerMod.prototype);
        Object.defineProperty(m, "nDropped", { value: sf.nDropped });
        const why = poissonMerged && nCells <= cellsMax() ? `Poisson rows merge into ${nCells} cells of equal right-hand side` : `${nCells} cells of equal right-hand side > ${cellsMax()}`;
        Object.defineProperty(m, "sourceRoute", { value: `PIRLS with aggregation queries (${why})` });
        return m;
      }
    }
    const lc = family.name === "binomial"
      ? `(${d.lgamma(`${t} + 1`)} - ${d.lgamma(`${s} + 1`)} - ${d.lgamma(`${t} - ${s} + 1`)})`
      : `(${w ? `${w} * ` : ""}${d.lgamma(`${s} / ${t} + 1`)})`;
    // per row, the response as glmmResponse makes it: y on the family's scale, prior weight wr, R's n
    const cbind = family.name === "binomial" && isCbindResponse(f.response);
    let y: string, wr: string, nr: string;
    if (cbind && r.type === "call") {
      const sr = numericSql(r.args[0]!, refs), tr = `(${sr} + ${numericSql(r.args[1]!, refs)})`;
      y = `(CASE WHEN ${tr} > ${d.num(0)} THEN ${sr} / ${tr} ELSE ${d.num(0)} END)`;
      wr = w ? `(${w} * ${tr})` : tr;
      nr = tr;
    } else {
      y = yFactor ?? numericSql(f.response, refs);
      wr = w ?? d.num(1);
      nr = d.num(1);
    }
    const wy = `(${wr} * ${y})`;
    const from = `${sf.orderedBase ?? sf.base} AS b ${join}`;
    // exact (correctly rounded) sums of w, w·y and n per cell: the in-memory collapse's numbers
    const bnd = (await engine.query(`SELECT max(abs(${wr})), max(abs(${wy})), max(abs(${nr})) FROM ${from}`))[0]!;
    const summer = new ExactSummer(d, new Map(), null, sf.n);
    const sums = selectSums([summer.sum(wr, Number(bnd[0] ?? 0)), summer.sum(wy, Number(bnd[1] ?? 0)), summer.sum(nr, Number(bnd[2] ?? 0))]);
    const order = sf.orderedBase ? "ORDER BY lme4ts_o" : cols.length ? `ORDER BY ${cols.map((_, i) => `lme4ts_c${i}`).join(", ")}` : "";
    const rows = await engine.query(
      `SELECT ${[...sel, d.count(), d.sum(lc), `max(${t})`, `min(${t})`, `max(${s})`, `min(${y})`, ...sums.sql, `min(${sf.orderedBase ? "b.lme4ts_ord" : d.num(0)}) AS lme4ts_o`].join(", ")} FROM ${from} ${groupBy} ${order}`,
    );
    const C = cols.length, nCells = rows.length;
    const schemaCol = (c: string) => source.schema?.columns.find((x) => x.name === c);
    const columns = cols.map((c, j) => columnFromValues(c, rows.map((row) => (sf.isDiscrete(c) ? row[j]! : row[j] === null ? NaN : Number(row[j]))), schemaCol(c)));
    const counts = rows.map((row) => Number(row[C]));
    const W = new Float64Array(nCells), S = new Float64Array(nCells), N = new Float64Array(nCells);
    rows.forEach((row, k) => { [W[k], S[k], N[k]] = sums.read(row, C + 6); });
    const count = counts.reduce((a, x) => a + x, 0);
    const rowConst = rows.reduce((a, row) => a + Number(row[C + 1]), 0);
    const resp = mergedValues(counts, rows.map((row) => Number(row[C + 5])), W, S, N, cbind);
    columns.push(columnFromValues(CELL_RESPONSE, resp.y));
    const input = buildInput(cellFormula(f), makeFrame(columns), { checkLevels: false, numericResponse: false });
    const m = fitGlmm(input, { ...opts, weights: null, ...(family.name === "poisson" && nCells < count ? { family: cellFamily(family, true), link: undefined } : {}) }, resp);
    Object.defineProperty(m, "nDropped", { value: sf.nDropped });
    Object.defineProperty(m, "sourceRoute", { value: `in-memory glmer on ${nCells} cells of equal right-hand side` });
    if (nCells === count) return m;
    // merged rows: the cells' likelihood constant replaced by the rows' (binomial: lchoose(W, S), the
    // cell's constant when m = W, i.e. unit prior weights; with other prior weights on cbind()
    // counts the cell's constant is (W/n)·lchoose(n, ·) and this is approximate)
    let cellConst = 0;
    for (let i = 0; i < nCells; i++) {
      cellConst += family.name === "binomial" ? lchoose(W[i]!, Math.round(S[i]!)) : W[i]! * lgamma(S[i]! / W[i]! + 1);
    }
    const delta = family.name === "binomial" ? rowConst - cellConst : cellConst - rowConst;
    Object.setPrototypeOf(m, SourceGlmerMod.prototype);
    const bernoulli = family.name === "binomial" && rows.every((row) => Number(row[C + 2]) === 1 && Number(row[C + 3]) === 1 && Number(row[C + 4]) <= 1);
    if (bernoulli) bernoulliCells.set(m, { S, T: W });
    Object.defineProperty(m, "nobs", { value: count });
    Object.defineProperty(m, "criterion", { value: m.criterion - 2 * delta });
    return m;
  } finally {
    await dropTables(sf);
  }
}

/**
 * Cells of equal right-hand side up to which glmer fits the cells in memory; above, PIRLS with
 * aggregation queries. The cells route is much faster while the cells fit in memory (10 M binary
 * rows in 334 k cells: 328 s, 452 MB; bench/RESULTS.md), each PIRLS pass a scan of every row
 * (≈ 15 s at 10 M rows on the shared 2-core machine, thousands of passes per fit), so the switch
 * sits where the cells' memory (≈ 1.4 KB per cell measured) becomes the concern: 1 000 000 cells.
 * LME4TS_SOURCE_CELLS_MAX overrides it.
 */
export function cellsMax(): number {
  const env = typeof process !== "undefined" ? Number(process.env["LME4TS_SOURCE_CELLS_MAX"]) : NaN;
  return Number.isFinite(env) && env >= 0 ? env : 1_000_000;
}

const lchoose = (n: number, k: number) => lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
