/**
 * lme4's `update` and `refit` for fitted LMMs and GLMMs.
 *
 * `update(m, formula?, opts?)`: the formula by R's `update.formula` (src/formula/update.ts) and
 * the options merged over the fit's, refitted on `opts.data` if given (R's `data =`), else on
 * the data the model was fitted to (all rows:
 * rows dropped for a missing value in a variable the new formula no longer uses come back, as
 * in R, which re-evaluates the call). GLMM options may change the family (its link then defaults
 * to the new family's unless given), nAGQ, weights, offset. With options only and nothing that
 * changes the model frame (weights, offset, checkLevels), an LMM is refitted on its built input.
 *
 * `refit(m, y)`: the same model and data with a new response (one value per observation used in
 * the fit), started at the fit's estimates. GLMM responses are on the family's scale
 * (binomial: proportions, the trials staying those of the fit) and the fit runs lme4's refit
 * path: a single optimization of (θ, β) from (θ̂, β̂) without the nAGQ = 0 stage.
 * Caveat (lme4 1.1-31 bugs not reproduced): lme4's refit of a REML fit evaluates the REML
 * criterion with p = 1 whatever the number of fixed effects, and it mishandles a vector of
 * proportions for a cbind() response; lme4ts answers as a fresh fit to the new response.
 */
import { updateFormula } from "../formula/update.js";
import { fitLmm, lmer, LMER_OPTIONS, type LmerOptions } from "../lmm/lmer.js";
import { fitGlmm, glmer, GLMER_OPTIONS, type GlmerOptions } from "../glmm/glmer.js";
import { checkOptions } from "../validate/index.js";
import type { DataInput } from "../data/types.js";
import type { LmerMod } from "./lmerMod.js";
import type { GlmerMod } from "./glmerMod.js";
import { lmmFamilyUpdate, refitBadPair, refitBinomialRange, refitLength, refitNotFinite, refitPairs, updateArgs } from "../messages/results.js";

/** A fitted mixed model. */
export type MerMod = LmerMod | GlmerMod;

/** update's extra option: other data to refit on (R's `update(m, data = other)`). */
export interface UpdateData {
  readonly data?: DataInput;
}

const FRAME_OPTIONS = ["weights", "offset", "checkLevels"] as const;

/** Options of update: the model's fitting options, and `data` to refit on other data. */
export type UpdateOptions = (LmerOptions | GlmerOptions) & UpdateData;

/** Splits update's (formula | options, options) arguments. */
function updateArguments<O extends object>(formula: string | O | undefined, opts: O | undefined): { formula: string | null; opts: O } {
  if (typeof formula === "string") return { formula, opts: opts ?? ({} as O) };
  if (formula !== undefined && (formula === null || typeof formula !== "object")) throw updateArgs(`the formula must be a string, got ${formula === null ? "null" : typeof formula}`);
  if (formula !== undefined && opts !== undefined) throw updateArgs("give the formula as a string before the options");
  return { formula: null, opts: (formula ?? {}) as O };
}

/** lme4's `update` for an LMM (see the module doc). */
export function updateModel(m: LmerMod, formula?: string | (LmerOptions & UpdateData), opts?: LmerOptions & UpdateData): LmerMod;
/** lme4's `update` for a GLMM (see the module doc). */
export function updateModel(m: GlmerMod, formula?: string | (GlmerOptions & UpdateData), opts?: GlmerOptions & UpdateData): GlmerMod;
export function updateModel(m: MerMod, formula?: string | UpdateOptions, opts?: UpdateOptions): MerMod;
export function updateModel(m: MerMod, formula?: string | UpdateOptions, opts?: UpdateOptions): MerMod {
  const a0 = updateArguments<LmerOptions & GlmerOptions & UpdateData>(formula as string | undefined, opts as (LmerOptions & GlmerOptions & UpdateData) | undefined);
  const { data: newData, ...rest } = a0.opts;
  const a = { formula: a0.formula, opts: rest };
  const newFormula = a.formula === null ? m.formula : updateFormula(m.formula, a.formula);
  const data = newData ?? m.input.mf.data;
  if (m.kind === "lmerMod") {
    if ("family" in a.opts && a.opts.family !== undefined) throw lmmFamilyUpdate(typeof a.opts.family === "string" ? a.opts.family : a.opts.family.name);
    checkOptions("update", a.opts, LMER_OPTIONS); // a misspelled option is an error, never ignored
    const merged: LmerOptions = { ...m.options, ...(a.opts as LmerOptions) };
    const sameFrame = a.formula === null && newData === undefined && !FRAME_OPTIONS.some((k) => k in a.opts);
    return sameFrame ? fitLmm(m.input, merged) : lmer(newFormula, data, merged);
  }
  const o = a.opts as GlmerOptions;
  checkOptions("update", o, GLMER_OPTIONS);
  const merged: GlmerOptions = { ...m.options, ...o };
  // A new family by name takes its own default link unless a link is given with it.
  const withLink = o.family !== undefined && !("link" in o) ? { ...merged, link: undefined } : merged;
  return glmer(newFormula, data, withLink);
}

/**
 * A new response for `refit`: one number per observation, or for a binomial GLMM one
 * [successes, failures] pair per observation (lme4's two-column matrix; the trials become
 * successes + failures).
 */
export type NewResponse = ArrayLike<number> | readonly (readonly [number, number])[];

/** lme4's `refit` for an LMM (see the module doc). */
export function refitModel(m: LmerMod, newResponse: ArrayLike<number>): LmerMod;
/** lme4's `refit` for a GLMM (see the module doc). */
export function refitModel(m: GlmerMod, newResponse: NewResponse): GlmerMod;
export function refitModel(m: MerMod, newResponse: NewResponse): MerMod;
export function refitModel(m: MerMod, newResponse: NewResponse): MerMod {
  if (newResponse.length !== m.nobs) throw refitLength(newResponse.length, m.nobs);
  const pairs = newResponse.length > 0 && Array.isArray(newResponse[0]);
  if (pairs && (m.kind === "lmerMod" || m.family.name !== "binomial")) throw refitPairs();
  const y = new Float64Array(m.nobs);
  let trials: Float64Array | undefined;
  if (pairs) {
    trials = new Float64Array(m.nobs);
    (newResponse as readonly (readonly [number, number])[]).forEach(([s, f], i) => {
      if (!(Number.isFinite(s) && Number.isFinite(f) && s >= 0 && f >= 0)) throw refitBadPair(i, s, f);
      trials![i] = s + f;
      y[i] = s + f > 0 ? s / (s + f) : 0;
    });
  } else {
    for (let i = 0; i < m.nobs; i++) y[i] = Number((newResponse as ArrayLike<number>)[i]);
    y.forEach((v, i) => {
      if (!Number.isFinite(v)) throw refitNotFinite(i, v);
    });
  }
  if (m.kind === "lmerMod") return fitLmm(m.input, { ...m.options, start: m.theta }, y);
  if (m.family.name === "binomial") y.forEach((v, i) => {
    if (v < 0 || v > 1) throw refitBinomialRange(i, v);
  });
  const start = m.nAGQ === 0 ? { theta: m.theta } : { theta: m.theta, fixef: m.beta };
  return fitGlmm(m.input, { ...m.options, start, nAGQ0initStep: m.nAGQ === 0 }, { y, weights: trials, n: trials });
}
