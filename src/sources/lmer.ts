/**
 * `lmer(formula, source)`: a linear mixed model fitted from pushed-down sufficient statistics.
 * The model frame's levels come from small DISTINCT queries (frame.ts), the design is SQL
 * (design.ts), the cross products of [Z X y] are SUM … GROUP BY queries (crossprod.ts), and from
 * there on the fit is the in-memory one: the same profiled objective, optimizer and LmerMod.
 * One row-level pass after the fit gives the scaled-residual quantiles of summary().
 */
import type { ParsedFormula } from "../formula/types.js";
import { sourceFormula } from "./formula.js";
import type { MixedModelInput } from "../model/lmmInput.js";
import type { ModelFrame } from "../model/frame.js";
import type { ReTerm } from "../model/random.js";
import { dropRankDeficient } from "../model/fixed.js";
import { makeCovariance } from "../covariance/index.js";
import { symEigen } from "../linalg/symEigen.js";
import { allocFactor, updateFactor } from "../lmm/factor.js";
import { lmmObjective } from "../lmm/objective.js";
import { LMER_OPTIONS, optimizeLmm, thetaLayout, type LmerOptions, type LmmProblem } from "../lmm/lmer.js";
import { checkFitArgs } from "../model/args.js";
import { checkOptions } from "../validate/index.js";
import { LmeError } from "../messages/error.js";
import {
  groupingFactorOneLevel, groupingFactorTooManyLevels, lmerResponseConstant, noResidualDf, rankDeficient, responseNotNumeric, tooManyRandomEffects, weightsAllZero, zeroWeightsLeftOut,
} from "../messages/model.js";
import { needsRowPass, sourceBadWeights, sourceNonFinite, sourceWeightsNotNumeric } from "../messages/sources.js";
import { fixedFactors, groupingTable, sourceFrame, type SourceFrame } from "./frame.js";
import { sqlDesign, type DesignRefs } from "./design.js";
import { numericSql, factorColumnOf } from "./sql/expr.js";
import { sourceCrossProducts, totals, type SqlRows, type SqlTerm } from "./crossprod.js";
import { SourceLmerMod } from "./model.js";
import { exactSummer } from "./exactsum.js";
import { basisCalls, learnSqlBasis } from "./bases.js";
import type { Basis } from "../formula/bases.js";
import { rowSummary } from "./rows.js";
import type { DataSource } from "./types.js";

/** Throws on any access: the per-row arrays of a source model stay in the database. */
export function rowless<T extends object>(obj: T, keys: readonly string[], what: string): T {
  const out = { ...obj };
  for (const k of keys) Object.defineProperty(out, k, { get: () => { throw needsRowPass(what, "the rows stay in the database"); }, enumerable: false });
  return out;
}

/** The kept fixed columns of R's qr(X, tol = 1e-7), from XᵀX: the same decisions on a p×p square root. */
export function rankFromGram(xx: Float64Array, P: number, p: number, names: readonly string[]) {
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < p; i++) G[i + j * p] = xx[i + j * P]!;
  const { values, vectors } = symEigen(G, p);
  const S = new Float64Array(p * p); // S = D^{1/2} Vᵀ, SᵀS = G
  for (let k = 0; k < p; k++) {
    const s = Math.sqrt(Math.max(values[k]!, 0));
    for (let j = 0; j < p; j++) S[k + j * p] = s * vectors[j + k * p]!;
  }
  return dropRankDeficient(S, p, p, names);
}

/** Fits `formula` from `source` (see lmer). */
export async function lmerSource(formula: string | ParsedFormula, source: DataSource, opts: LmerOptions = {}): Promise<SourceLmerMod> {
  checkOptions("lmer", opts, LMER_OPTIONS);
  checkFitArgs("lmer", formula, opts);
  const { f, wcol, variables } = sourceFormula(formula, opts);
  const sf = await sourceFrame(source, variables, wcol ? (id) => `${id(wcol)} > 0` : undefined);
  const { engine } = sf, d = engine.dialect;
  const warnings: string[] = [];
  if (sf.nDropped > 0) warnings.push(`${sf.nDropped} observation${sf.nDropped === 1 ? "" : "s"} deleted due to missingness`);
  if (wcol) {
    if (sf.isDiscrete(wcol)) throw sourceWeightsNotNumeric(wcol);
    const w = d.ident(wcol);
    const bad = Number((await engine.query(`SELECT ${d.count()} FROM ${source.relation} AS t WHERE ${w} IS NOT NULL AND NOT (${w} >= 0 AND ${w} < ${d.num(Number.MAX_VALUE)})`))[0]![0]);
    if (bad > 0) throw sourceBadWeights(wcol, bad);
    if (sf.n === 0) throw weightsAllZero(wcol);
    const zero = sf.nInput - sf.nDropped - sf.n;
    if (zero > 0) warnings.push(zeroWeightsLeftOut(zero));
  }

  // factor columns of the fixed part and the random terms' left-hand sides: code tables and levels
  const joins: string[] = [];
  const { stub, factorCode } = await fixedFactors(sf, f, variables, joins);
  const refs0: DesignRefs = {
    dialect: d,
    numeric: (name) => d.col("b", name),
    isDiscrete: (name) => sf.isDiscrete(name),
    code: (name) => factorCode.get(name)!,
  };
  // poly() and scale(): their parameters from aggregation passes over the model-frame rows
  const bases = new Map<string, Basis>();
  const calls = basisCalls([...f.fixed.terms, ...f.random.flatMap((r) => r.lhs.terms)].flatMap((t) => t.vars));
  for (const [label, e] of calls) bases.set(label, await learnSqlBasis(e, engine, `${sf.base} AS b`, sf.n, refs0));
  const refs: DesignRefs = { ...refs0, bases };
  const fixed = sqlDesign(f.fixed, stub, refs);
  if (factorColumnOf(f.response, refs) !== null) throw responseNotNumeric(f.responseLabel ?? "response");
  const y = numericSql(f.response, refs);
  const offset = f.offsets.length ? f.offsets.map((o) => numericSql(o, refs)).join(" + ") : null;

  // random terms: grouping code tables, lhs designs, lme4's checks, lme4's order
  const built = [];
  for (let k = 0; k < f.random.length; k++) {
    const spec = f.random[k]!, alias = `g${k}`;
    const table = await groupingTable(sf, spec, alias);
    joins.push(table.join(alias));
    const lhs = sqlDesign(spec.lhs, stub, refs);
    const nLevels = table.levels.length, q = lhs.names.length, n = sf.n;
    if (nLevels < 2) throw groupingFactorOneLevel(spec.groupLabel);
    if (opts.checkLevels !== false && opts.control?.checkNlevGtrNobs !== false && nLevels >= n) throw groupingFactorTooManyLevels(spec.groupLabel, nLevels, n);
    const correlated = spec.structure.kind === "cs" || spec.structure.kind === "ar1";
    if (opts.checkLevels !== false && opts.control?.checkNlevGtrNobs !== false && !correlated && nLevels * q >= n)
      throw tooManyRandomEffects(n, nLevels * q, `${spec.lhs.intercept ? "1" : "0"}${spec.lhs.terms.map((t) => " + " + t.label).join("")} | ${spec.groupLabel}`);
    const term = rowless<ReTerm>({
      group: spec.groupLabel, levels: table.levels, codes: new Int32Array(0), nLevels, q, names: lhs.names, z: new Float64Array(0),
      design: lhs.design, spec, cov: makeCovariance(spec.structure, q),
    }, ["codes", "z"], "per-row random-effects columns");
    built.push({ term, sql: { code: table.code(alias), z: lhs.exprs } as SqlTerm, i: k });
  }
  built.sort((a, b) => b.term.nLevels - a.term.nLevels || a.i - b.i);
  const terms = built.map((x) => x.term);

  const from = `${sf.base} AS b ${joins.join(" ")}`;
  const rows: SqlRows = { from, xy: [...fixed.exprs, offset ? `(${y} - (${offset}))` : y], w: wcol ? d.col("b", wcol) : null, terms: built.map((x) => x.sql) };
  const summer = await exactSummer(engine, from, [...rows.xy, ...rows.terms.flatMap((t) => t.z)], rows.w, sf.n);
  const tot = await totals(engine, rows, summer);
  const P0 = rows.xy.length, p0 = P0 - 1;
  if (![...tot.xx].every(Number.isFinite)) throw sourceNonFinite("the response, a fixed-effects column or the offset", tot.n);
  if (tot.yMin === tot.yMax && !offset) throw lmerResponseConstant(f.responseLabel ?? "response", tot.yMin);
  const rk = rankFromGram(tot.xx, P0, p0, fixed.names);
  if (rk.dropped.length > 0) warnings.push(rankDeficient(rk.dropped));
  const keep = Array.from(rk.keep);
  const REML = opts.REML ?? true;
  if (rk.p >= tot.n) throw noResidualDf(rk.p, tot.n, REML);
  const cp = await sourceCrossProducts(engine, rows, terms, keep, tot, summer);

  const mf = rowless<ModelFrame>({
    frame: stub, rows: new Int32Array(0), nDropped: sf.nDropped, nInput: sf.nInput, data: {}, variables, inputKind: "records",
    rowText: (i) => `row ${i + 1}`,
  }, ["frame", "rows", "data"], "the model frame's rows");
  const input = rowless<MixedModelInput>({
    formula: f, mf, y: new Float64Array(0), X: new Float64Array(0), p: rk.p, fixedNames: rk.names, fixedDesign: fixed.design, keep: rk.keep,
    droppedColumns: rk.dropped, offset: null, weights: null, terms, warnings,
  }, ["y", "X", "offset", "weights"], "the per-row model data");
  const work = allocFactor(cp, terms);
  const pr: LmmProblem = { input, y: new Float64Array(0), REML, cp, work, layout: thetaLayout(input), f: (theta) => lmmObjective(work, theta, REML) };
  const opt = optimizeLmm(pr, opts);
  updateFactor(work, opt.theta);
  const numberedFrom = `${sf.numberedBase} AS b ${joins.join(" ")}`;
  const m = new SourceLmerMod(
    { input, y: new Float64Array(0), REML, cp, factor: work, theta: opt.theta, thetaNames: pr.layout.names, optinfo: opt.optinfo, options: opts },
    { source, rows, numberedFrom, keep, offset, y, prefix: sf.prefix },
  );
  m.rowSummary = await rowSummary(m);
  return m;
}

export type { SourceFrame };
