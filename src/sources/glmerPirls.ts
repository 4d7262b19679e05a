/**
 * glmer from a database source by PIRLS with aggregation queries (issue 15): the model frame's
 * levels and the design as for lmer (frame.ts, design.ts), one unit-weight pass of the cross
 * products for the pattern and the rank check, then glmer's own two stages (optimizeGlmm) on a
 * worker thread whose every PIRLS row pass is a query on this thread (glmmThread.ts,
 * glmmPasses.ts). θ, β, the modes, the deviance and the Hessian-based standard errors are those
 * of the in-memory fit of the same rows up to the engines' summation order. Memory is
 * O(levels + level pairs), independent of the rows.
 */
import type { ParsedFormula } from "../formula/types.js";
import type { MixedModelInput } from "../model/lmmInput.js";
import type { ModelFrame } from "../model/frame.js";
import type { ReTerm } from "../model/random.js";
import type { Family } from "../glmm/family/index.js";
import type { GlmerOptions } from "../glmm/glmer.js";
import { makeCovariance } from "../covariance/index.js";
import { updateFactor } from "../lmm/factor.js";
import { GlmerMod } from "../results/glmerMod.js";
import { groupingFactorOneLevel, rankDeficient } from "../messages/model.js";
import { glmmSaturated, responseConstant } from "../messages/glmm.js";
import { needsRowPass, sourceNonFinite } from "../messages/sources.js";
import { fixedFactors, groupingTable, type SourceFrame } from "./frame.js";
import { sqlDesign, type DesignRefs } from "./design.js";
import { numericSql } from "./sql/expr.js";
import type { SqlFamily } from "./sql/family.js";
import { sourceCrossProducts, totals, type SqlRows, type SqlTerm } from "./crossprod.js";
import { rankFromGram, rowless } from "./lmer.js";
import { CP_VALUES, crossFromShape, crossShape, remoteWork } from "./pirls.js";
import { glmmPasses, pearsonQuantiles, plainSummer, mergeDeviance } from "./glmmPasses.js";
import { runGlmmWorker } from "./glmmThread.js";

/** The response of the rows: successes s and trials t (binomial), or y and the prior weight (Poisson), and the row join it needs. */
export interface SourceResponse {
  readonly s: string;
  readonly t: string;
  readonly join: string;
}

/** Fits a binomial (logit) or Poisson (log) GLMM by PIRLS with one aggregation pass per step. */
export async function glmerPirls(f: ParsedFormula, variables: readonly string[], sf: SourceFrame, family: Family, fam: SqlFamily, resp: SourceResponse, opts: GlmerOptions): Promise<GlmerMod> {
  const { engine } = sf, d = engine.dialect;
  const joins: string[] = resp.join ? [resp.join] : [];
  const { stub, factorCode } = await fixedFactors(sf, f, variables, joins);
  const refs: DesignRefs = { dialect: d, numeric: (name) => d.col("b", name), isDiscrete: (name) => sf.isDiscrete(name), code: (name) => factorCode.get(name)! };
  const fixed = sqlDesign(f.fixed, stub, refs);
  const offset = f.offsets.length ? f.offsets.map((o) => numericSql(o, refs)).join(" + ") : null;
  const built: { term: ReTerm; sql: SqlTerm; i: number }[] = [];
  for (let k = 0; k < f.random.length; k++) {
    const spec = f.random[k]!, alias = `g${k}`;
    const table = await groupingTable(sf, spec, alias);
    joins.push(table.join(alias));
    const lhs = sqlDesign(spec.lhs, stub, refs);
    if (table.levels.length < 2) throw groupingFactorOneLevel(spec.groupLabel);
    const term = rowless<ReTerm>({
      group: spec.groupLabel, levels: table.levels, codes: new Int32Array(0), nLevels: table.levels.length, q: lhs.names.length, names: lhs.names,
      z: new Float64Array(0), design: lhs.design, spec, cov: makeCovariance(spec.structure, lhs.names.length),
    }, ["codes", "z"], "per-row random-effects columns");
    built.push({ term, sql: { code: table.code(alias), z: lhs.exprs }, i: k });
  }
  built.sort((a, b) => b.term.nLevels - a.term.nLevels || a.i - b.i);
  const terms = built.map((x) => x.term), sqlTerms = built.map((x) => x.sql);
  const from = `${sf.base} AS b ${joins.join(" ")}`;
  const binomial = family.name === "binomial";
  const y = binomial ? `(CASE WHEN ${resp.t} > 0 THEN ${resp.s} / ${resp.t} ELSE ${d.num(0)} END)` : resp.s;

  // unit-weight cross products: the pattern, the rank check of X, the response's range
  const rows0: SqlRows = { from, xy: [...fixed.exprs, y], w: null, terms: sqlTerms };
  const summer0 = plainSummer(d, null, sf.n);
  const tot = await totals(engine, rows0, summer0);
  if (![...tot.xx].every(Number.isFinite)) throw sourceNonFinite("the response, a fixed-effects column or the offset", tot.n);
  const P0 = rows0.xy.length, rk = rankFromGram(tot.xx, P0, P0 - 1, fixed.names);
  const warnings: string[] = [];
  if (sf.nDropped > 0) warnings.push(`${sf.nDropped} observation${sf.nDropped === 1 ? "" : "s"} deleted due to missingness`);
  if (rk.dropped.length > 0) warnings.push(rankDeficient(rk.dropped));
  if (rk.p >= tot.n) throw glmmSaturated(rk.p, tot.n);
  if (tot.yMin === tot.yMax) throw responseConstant(f.responseLabel ?? "response", tot.yMin, family.name);
  const keep = Array.from(rk.keep);
  const cp0 = await sourceCrossProducts(engine, rows0, terms, keep, tot, summer0);
  const shape = crossShape(cp0);

  // −2 × the saturated log-likelihood (aic = Σ devResid + this)
  const ln = (x: string) => d.fn("log", [x])!;
  const sat = binomial
    ? `${d.lgamma(`${resp.t} + 1`)} - ${d.lgamma(`${resp.s} + 1`)} - ${d.lgamma(`${resp.t} - ${resp.s} + 1`)} + (CASE WHEN ${resp.s} > 0 THEN ${resp.s} * ${ln(`${resp.s} / ${resp.t}`)} ELSE 0 END) + (CASE WHEN ${resp.t} - ${resp.s} > 0 THEN (${resp.t} - ${resp.s}) * ${ln(`(${resp.t} - ${resp.s}) / ${resp.t}`)} ELSE 0 END)`
    : `${resp.t} * (CASE WHEN ${y} > 0 THEN ${y} * ${ln(y)} ELSE 0 END - ${y} - ${d.lgamma(`${y} + 1`)})`;
  const aicConst = -2 * Number((await engine.query(`SELECT ${d.sum(sat)} FROM ${from}`))[0]![0]);

  const x = keep.map((j) => fixed.exprs[j]!), p = x.length;
  const sql = { from, x, y, wt: resp.t, offset, terms: sqlTerms, family: fam, prefix: sf.prefix, tables: sf.tables, uploaded: new Map<string, Float64Array>() };
  const workerOpts: GlmerOptions = { nAGQ: opts.nAGQ, optimizer: opts.optimizer, control: opts.control, start: opts.start, calcDerivs: opts.calcDerivs, nAGQ0initStep: opts.nAGQ0initStep };
  const done = await runGlmmWorker({
    family: family.name, link: family.link.name, opts: JSON.parse(JSON.stringify(workerOpts)) as GlmerOptions, p, fixedNames: rk.names,
    terms: terms.map((t) => ({ group: t.group, names: t.names, q: t.q, nLevels: t.nLevels, spec: t.spec })), shape, aicConst, nobs: tot.n, oneScan: mergeDeviance(d, terms.length),
  }, glmmPasses(engine, sql, terms, cp0));

  // the model on this thread: both factors rebuilt from the worker's last cross products
  const e = new Float64Array(0);
  const work = remoteWork(family, terms, shape, p, tot.n, { run: () => { throw needsRowPass("a deviance evaluation", "refit with glmer on the source"); }, aicConst });
  for (const [cp, v] of [[work.cpU, done.cpU], [work.cpUB, done.cpUB]] as const) for (const k of CP_VALUES) cp[k].set(v[k]);
  updateFactor(work.fU, done.thetaU ?? done.theta);
  updateFactor(work.fUB, done.thetaUB ?? done.theta);
  work.u.set(done.u);
  const mf = rowless<ModelFrame>({
    frame: stub, rows: new Int32Array(0), nDropped: sf.nDropped, nInput: sf.nInput, data: {}, variables, inputKind: "records", rowText: (i) => `row ${i + 1}`,
  }, ["frame", "rows", "data"], "the model frame's rows");
  const input = rowless<MixedModelInput>({
    formula: f, mf, y: e, X: e, p, fixedNames: rk.names, fixedDesign: fixed.design, keep: rk.keep, droppedColumns: rk.dropped, offset: null, weights: null, terms, warnings,
  }, ["y", "X", "offset", "weights"], "the per-row model data");
  const m = new GlmerMod({
    input, family, nAGQ: opts.nAGQ ?? 1, work: { ...work, eta: e }, theta: done.theta, beta: done.beta, deviance: done.dev, thetaNames: done.optinfo ? thetaNamesOf(terms) : [],
    optinfo: done.optinfo, warnings: [...warnings, ...done.warnings], vcovFromHessian: done.vcovUnscaled, response: { y: e, weights: e, n: e, label: f.responseLabel ?? "response" },
    makeDevfun: () => { throw needsRowPass("the deviance function", "profiles need the rows; refit in memory"); }, lower: done.optinfo.lower, restartEta: done.eta1, options: opts,
  });
  // summary()'s scaled residuals: one more pass at the estimates (β̂, b̂ encoded as a predictor)
  const eta = new Float64Array(work.eta.length);
  eta[0] = 1; eta.set(m.beta, 1);
  terms.forEach((t, k) => eta.set(m.b[k]!, 1 + p + (k === 0 ? 0 : shape.l0 * shape.q0 + shape.units.start[shape.units.termBase[k]!]!)));
  pirlsQuantiles.set(m, await pearsonQuantiles(engine, sql, terms, cp0, eta));
  return m;
}

/** Pearson-residual quantiles of the PIRLS-route fits (computed in the engine after the fit). */
export const pirlsQuantiles = new WeakMap<GlmerMod, number[]>();

function thetaNamesOf(terms: readonly ReTerm[]): string[] {
  return terms.flatMap((t) => t.cov.thetaNames(t.group, t.names));
}
