/**
 * Random-effects terms: for each `(lhs | g)` the grouping factor, the per-observation model
 * rows z_i (the lhs model matrix, n×q) and the covariance structure. Z for a term is the
 * n × (ℓ q) matrix whose row i holds z_i in the q columns of level g_i (level-major, as lme4).
 * Terms are ordered by decreasing number of levels (lme4's order, stable for ties).
 */
import type { Frame, FactorColumn } from "../data/types.js";
import { asFactor, interactionFactor, dropUnusedLevels } from "../data/index.js";
import type { RandomTermSpec } from "../formula/types.js";
import { evaluateColumn } from "../formula/index.js";
import { buildFixedDesign, type FixedDesign } from "./fixed.js";
import { makeCovariance, type CovarianceStructure } from "../covariance/index.js";
import { readSmooth, withLevel } from "../formula/smooth.js";
import { deparse } from "../formula/deparse.js";
import { byLevels } from "./smooth/basis.js";
import { groupingFactorOneLevel, groupingFactorTooManyLevels, tooManyRandomEffects } from "../messages/model.js";

/** One random-effects term of a model. */
export interface ReTerm {
  /** Grouping factor name as lme4 prints it ("Subject", "cask:batch"). */
  readonly group: string;
  readonly levels: readonly string[];
  /** Level index of each observation. */
  readonly codes: Int32Array;
  readonly nLevels: number;
  /** Columns per level. */
  readonly q: number;
  /** Column names ("(Intercept)", "Days"). */
  readonly names: readonly string[];
  /** Per-observation model rows, n×q column-major. */
  readonly z: Float64Array;
  /** The lhs design (to build z for new data). */
  readonly design: FixedDesign;
  readonly spec: RandomTermSpec;
  readonly cov: CovarianceStructure;
}

/**
 * Evaluates a term's grouping factor on a frame (interaction of its grouping variables). A term
 * without grouping variables (the random part of a smooth `s(x)`, formula/smooth.ts) has the
 * pseudo grouping factor with the single level "1": its Z is the dense matrix of its columns.
 */
export function groupingFactor(spec: RandomTermSpec, frame: Frame): FactorColumn {
  if (spec.groups.length === 0) return { kind: "factor", name: spec.groupLabel, codes: new Int32Array(frame.nrow), levels: ["1"], ordered: false };
  const parts = spec.groups.map((v) => asFactor(evaluateColumn(v.expr, frame, v.label)));
  const f = parts.length === 1 ? parts[0] : interactionFactor(parts, spec.groupLabel);
  return dropUnusedLevels(f);
}

/**
 * Builds the random-effects terms, checks them as lme4 does (each grouping factor has
 * 2 ≤ levels < n; the number of random effects of a term is < n), and sorts them by
 * decreasing number of levels.
 */
export function buildReTerms(specs: readonly RandomTermSpec[], frame: Frame, opts: { checkLevels?: boolean } = {}): ReTerm[] {
  const n = frame.nrow;
  const terms = specs.flatMap((s) => expandSmoothBy(s, frame)).map((spec): ReTerm => {
    const g = groupingFactor(spec, frame);
    const nLevels = g.levels.length;
    const smooth = spec.groups.length === 0;
    if (nLevels < 2 && !smooth) throw groupingFactorOneLevel(spec.groupLabel);
    if (opts.checkLevels !== false && nLevels >= n) throw groupingFactorTooManyLevels(spec.groupLabel, nLevels, n);
    const design = buildFixedDesign(spec.lhs, frame);
    const q = design.p;
    // lme4's check.nobs.vs.nRE. Terms with a correlation structure (cs, ar1) are exempt: their
    // covariance has 2–q+1 parameters whatever the number of effects, and stays identifiable
    // against the residual variance (e.g. ar1 over every observation of a subject).
    const correlated = spec.structure.kind === "cs" || spec.structure.kind === "ar1";
    if (opts.checkLevels !== false && !correlated && !smooth && nLevels * q >= n)
      throw tooManyRandomEffects(n, nLevels * q, `${spec.lhs.intercept ? "1" : "0"}${spec.lhs.terms.map((t) => " + " + t.label).join("")} | ${spec.groupLabel}`);
    return {
      group: spec.groupLabel,
      levels: g.levels,
      codes: g.codes,
      nLevels,
      q,
      names: design.names,
      z: design.matrix(frame),
      design,
      spec,
      cov: makeCovariance(spec.structure, q),
    };
  });
  return terms
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.nLevels - a.t.nLevels || a.i - b.i)
    .map((x) => x.t);
}

/**
 * The random part of a smooth with a factor `by` as one term per level (`s(x):fA`, each with its
 * own variance, as gamm4); any other term as it is.
 */
function expandSmoothBy(spec: RandomTermSpec, frame: Frame): RandomTermSpec[] {
  if (spec.groups.length !== 0) return [spec];
  const call = spec.lhs.terms[0]!.vars[0]!.expr;
  if (call.type !== "call") return [spec];
  const sp = readSmooth(deparse(call), call);
  if (!sp.by) return [spec];
  const byLabel = deparse(sp.by);
  return byLevels(sp, frame).levels.map((lv) => {
    const label = `${sp.label}:${byLabel}${lv}`;
    return { ...spec, groupLabel: label, lhs: { intercept: false, terms: [{ vars: [{ expr: withLevel(call, lv), label }], label }] } };
  });
}
