/**
 * `anova(m0, m1, ...)`: likelihood-ratio tests between nested mixed models (lme4's
 * `anova.merMod` with several models).
 *
 * Models are ordered by their number of parameters (npar = p + nθ + [σ]; a stable sort, as R's
 * `order`). With `refit` (default true) REML fits are first refitted by maximum likelihood
 * (`update({ REML: false })`) and the table notes "refitting model(s) with ML (instead of
 * REML)". For consecutive rows, Chisq = 2 max(0, Δ logLik), Df = Δ npar and
 * Pr(>Chisq) = P(χ²_Df > Chisq) (null when Df ≤ 0). The models must be fitted to the same data:
 * equal numbers of observations and equal response values (and prior weights); otherwise an
 * error names the models. Caveat (as lme4): nesting is not checked.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { pchisqUpper } from "./ddf.js";
import { renderable, renderableClass, textOf } from "../results/renderable.js";
import {
  anovaDifferentNobs, anovaDifferentResponse, anovaNamesLength, anovaNeedsModels, anovaNotAModel, anovaTypeWithModels, refittingML,
} from "../messages/inference.js";
import { checkFTableOptions, glmmWaldTable, lmmFTable, type FTable, type FTableOptions, type WaldChisqTable } from "./fTable.js";
import { checkInferenceOptions } from "./options.js";

/** A model anova() accepts. */
export type MerModel = LmerMod | GlmerMod;

/** Options of `anova`. */
export interface AnovaOptions {
  /** Refit REML fits by ML first (default true, as lme4). */
  readonly refit?: boolean;
  /** Row names, one per model in argument order (default "model1", "model2", ...). */
  readonly names?: readonly string[];
}

/** One row (model) of the likelihood-ratio table. */
export interface AnovaRow {
  readonly name: string;
  readonly formula: string;
  readonly npar: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly logLik: number;
  /** −2 logLik. */
  readonly deviance: number;
  /** Likelihood-ratio statistic against the previous row (null on the first row). */
  readonly Chisq: number | null;
  readonly Df: number | null;
  /** Pr(>Chisq) (null on the first row or when Df ≤ 0). */
  readonly p: number | null;
}

/** The likelihood-ratio table; `models` are the fits used (ML refits where refitted), in row order. */
export class AnovaTable {
  readonly kind = "anova" as const;
  /** One row per model, ordered by npar (R prints "Data: <name>" first; lme4ts lists the formulas). */
  readonly rows: readonly AnovaRow[];
  readonly models: readonly MerModel[];
  /** Whether any REML fit was refitted by ML. */
  readonly refitted: boolean;
  /** Messages (e.g. the ML refit note). */
  readonly notes: readonly string[];
  constructor(rows: AnovaRow[], models: MerModel[], refitted: boolean, notes: string[]) {
    this.rows = rows;
    this.models = models;
    this.refitted = refitted;
    this.notes = notes;
  }
  toString(): string {
    return textOf("anova", this);
  }
}
renderableClass("anova", AnovaTable.prototype); // both display keys, rendered by display/register.ts

/** True for an lmer or glmer fit (by its `kind` tag). */
export const isModel = (x: unknown): x is MerModel =>
  x !== null && typeof x === "object" && ((x as { kind?: unknown }).kind === "lmerMod" || (x as { kind?: unknown }).kind === "glmerMod");

/** Response values used for the same-data check: y, and for GLMMs the prior weights (trials). */
function responseOf(m: MerModel): { y: Float64Array; w: Float64Array | null } {
  return m.kind === "glmerMod" ? { y: m.y, w: m.priorWeights } : { y: m.y, w: m.input.weights };
}

/** Throws unless all models were fitted to the same observations (nobs, response values, weights). */
export function checkSameData(models: readonly MerModel[], names: readonly string[]): void {
  const nobs = models.map((m) => m.nobs);
  if (nobs.some((n) => n !== nobs[0])) throw anovaDifferentNobs(names, nobs);
  const r0 = responseOf(models[0]);
  for (let k = 1; k < models.length; k++) {
    const r = responseOf(models[k]);
    for (let i = 0; i < nobs[0]; i++) {
      if (r.y[i] !== r0.y[i]) throw anovaDifferentResponse(names[0], names[k], i, r0.y[i], r.y[i]);
      const wa = r0.w ? r0.w[i] : 1, wb = r.w ? r.w[i] : 1;
      if (wa !== wb) throw anovaDifferentResponse(names[0], names[k], i, wa, wb);
    }
  }
}

/** Builds table rows from models already in order (all ML or all as given). */
export function lrtRows(models: readonly MerModel[], names: readonly string[]): AnovaRow[] {
  return models.map((m, i) => {
    const ll = m.logLik();
    let Chisq: number | null = null, Df: number | null = null, p: number | null = null;
    if (i > 0) {
      const prev = models[i - 1];
      Chisq = 2 * Math.max(0, ll - prev.logLik());
      Df = m.df - prev.df;
      p = Df > 0 ? pchisqUpper(Chisq, Df) : null;
    }
    return { name: names[i], formula: m.formula, npar: m.df, AIC: m.AIC(), BIC: m.BIC(), logLik: ll, deviance: -2 * ll, Chisq, Df, p };
  });
}

/**
 * `anova(model, { type, ddf })` with one model: an F table for an LMM (lmerTest's anova: types 1,
 * 2, 3; Satterthwaite, Kenward–Roger or lme4's own sequential table) or a Wald χ² table for a
 * GLMM (car::Anova, types 2 and 3); see fTable.ts.
 *
 * `anova(m0, m1, ...)` with two or more models fitted to the same data: likelihood-ratio tests,
 * `anova(m0, m1, m2, { names: ["m0", "m1", "m2"] })`, `anova([m0, m1], { refit: false })`.
 * Throws LmeError("usage") for non-models or unknown options, LmeError("data") for models
 * fitted to different data.
 */
export function anova(model: LmerMod, opts?: FTableOptions): FTable;
export function anova(model: GlmerMod, opts?: FTableOptions): WaldChisqTable;
export function anova(...args: (MerModel | readonly MerModel[] | AnovaOptions)[]): AnovaTable;
export function anova(...args: (MerModel | readonly MerModel[] | AnovaOptions | FTableOptions | undefined)[]): AnovaTable | FTable | WaldChisqTable {
  const models: MerModel[] = [];
  let opts: AnovaOptions & FTableOptions = {};
  args.forEach((a, i) => {
    if (Array.isArray(a)) a.forEach((m, j) => { if (!isModel(m)) throw anovaNotAModel(models.length + j); models.push(m); });
    else if (isModel(a)) models.push(a);
    else if (a === undefined && i === args.length - 1) return;
    else if (a !== null && typeof a === "object" && i === args.length - 1 && !("kind" in (a as object))) opts = a as AnovaOptions & FTableOptions;
    else throw anovaNotAModel(i);
  });
  if (models.length === 1 && !Array.isArray(args[0])) {
    const o = checkFTableOptions(opts);
    const m = models[0];
    return m.kind === "lmerMod" ? lmmFTable(m, o) : glmmWaldTable(m, o);
  }
  if (opts.type !== undefined || opts.ddf !== undefined) throw anovaTypeWithModels();
  checkInferenceOptions("anova", opts);
  if (models.length < 2) throw anovaNeedsModels(models.length);
  if (opts.names && opts.names.length !== models.length) throw anovaNamesLength(opts.names.length, models.length);
  const names = opts.names ? [...opts.names] : models.map((_, i) => `model${i + 1}`);
  checkSameData(models, names);
  const notes: string[] = [];
  let fits = models;
  let refitted = false;
  if (opts.refit !== false && models.some((m) => m.kind === "lmerMod" && m.REML)) {
    notes.push(refittingML());
    refitted = true;
    fits = models.map((m) => (m.kind === "lmerMod" && m.REML ? m.update({ REML: false }) : m));
  }
  const order = fits.map((m, i) => i).sort((a, b) => fits[a].df - fits[b].df || a - b);
  const sorted = order.map((i) => fits[i]);
  const rows = lrtRows(sorted, order.map((i) => names[i]));
  return new AnovaTable(rows, sorted, refitted, notes);
}
