/**
 * lme4's generic accessors as free functions, for code written as in R (`deviance(m)`,
 * `nobs(m)`, `update(m, ". ~ . - Days")`); each calls the model's method or property.
 */
import { gaussian, type Family } from "../glmm/family/index.js";
import { deparseFormula } from "../formula/deparse.js";
import type { LmerOptions } from "../lmm/lmer.js";
import type { GlmerOptions } from "../glmm/glmer.js";
import type { LmerMod } from "./lmerMod.js";
import type { GlmerMod, GlmerPredictOptions } from "./glmerMod.js";
import type { PredictOptions } from "./predict.js";
import { predictWithSe, type PredictSeOptions, type PredictionWithSe } from "./predictSe.js";
import { checkPredictOptions } from "./options.js";
import type { CoefGroup } from "./ranef.js";
import { refitModel, updateModel, type MerMod, type NewResponse, type UpdateData, type UpdateOptions } from "./update.js";
import { requireFittedModel, requireShape } from "../model/args.js";

export type { MerMod, NewResponse, UpdateOptions };

/**
 * lme4's `update(m, formula, ...)`: R's formula-update rules (`". ~ . - Days"`,
 * `"~ . - (Days | Subject) + (Days || Subject)"`, `"log(.) ~ ."`), options merged over the
 * fit's, refitted on the model's data (or `opts.data`, R's `update(m, data = other)`).
 * `update(m, { REML: false })` changes options only.
 */
export function update(m: LmerMod, formula?: string | (LmerOptions & UpdateData), opts?: LmerOptions & UpdateData): LmerMod;
export function update(m: GlmerMod, formula?: string | (GlmerOptions & UpdateData), opts?: GlmerOptions & UpdateData): GlmerMod;
export function update(m: MerMod, formula?: string | UpdateOptions, opts?: UpdateOptions): MerMod;
export function update(m: MerMod, formula?: string | UpdateOptions, opts?: UpdateOptions): MerMod {
  requireFittedModel("update", m);
  return updateModel(m, formula, opts);
}

/**
 * lme4's `refit(m, newresp)`: the same model refitted to a new response (GLMM: on the family's
 * scale, or binomial [successes, failures] pairs).
 */
export function refit(m: LmerMod, newResponse: ArrayLike<number>): LmerMod;
export function refit(m: GlmerMod, newResponse: NewResponse): GlmerMod;
export function refit(m: MerMod, newResponse: NewResponse): MerMod;
export function refit(m: MerMod, newResponse: NewResponse): MerMod {
  requireFittedModel("refit", m);
  return refitModel(m, newResponse);
}

/** lme4's `coef`: fixed effects plus conditional modes, per grouping factor and level. */
export const coef = (m: MerMod): CoefGroup[] => (requireFittedModel("coef", m), m.coef());

/**
 * lme4's `deviance`: LMM ML fits −2 logLik; LMM REML fits the REML criterion unless
 * `{ REML: false }` (then the ML deviance at the REML estimates); GLMMs the conditional
 * deviance, the sum of squared deviance residuals (not −2 logLik).
 */
export const deviance = (m: MerMod, opts: { REML?: boolean } = {}): number => (requireFittedModel("deviance", m), (m.kind === "lmerMod" ? m.deviance(opts) : m.deviance()));

/** lme4's `REMLcrit`: the REML criterion (at the ML estimates for an ML fit). LMMs only. */
export const REMLcrit = (m: LmerMod): number => (requireFittedModel("REMLcrit", m), m.REMLcrit());

/** lme4's `df.residual`: observations minus parameters. */
export const dfResidual = (m: MerMod): number => (requireFittedModel("dfResidual", m), m.dfResidual());

/** lme4's `nobs`: the number of observations used in the fit. */
export const nobs = (m: MerMod): number => (requireFittedModel("nobs", m), m.nobs);

/** lme4's `ngrps`: levels per grouping factor. */
export const ngrps = (m: MerMod): Record<string, number> => (requireFittedModel("ngrps", m), m.ngrps());

/**
 * lme4's `formula`: the model formula as R prints it (spacing as R's deparse, e.g.
 * "incidence/size ~ period + (1 | herd)"; for an updated model, the updated formula). `m.formula`
 * keeps the text as given. Unlike lme4, `(x || g)` is shown as written, not expanded.
 */
export const formula = (m: MerMod): string => (requireFittedModel("formula", m), deparseFormula(m.input.formula));

/** lme4's `family`: the GLMM's family; gaussian with the identity link for an LMM. */
export const family = (m: MerMod): Family => (requireFittedModel("family", m), (m.kind === "lmerMod" ? gaussian() : m.family));

/** lme4's `weights`: the prior weights (ones when none were given; binomial cbind(): trials). */
export const weights = (m: MerMod): Float64Array => (requireFittedModel("weights", m), m.weights());

/**
 * lme4's `predict(m, newdata, re.form, allow.new.levels, type)` as a function: `m.predict(opts)`.
 * `reForm`: undefined (all random terms), null / "NA" (population level) or a formula of some of
 * the model's random terms (`"~(1 | plate)"`); GLMMs take `type: "link" | "response"`.
 */
export function predict(m: MerMod, opts: PredictSeOptions & ({ seFit: true } | { interval: "confidence" })): PredictionWithSe;
export function predict(m: LmerMod, opts?: PredictOptions): Float64Array;
export function predict(m: GlmerMod, opts?: GlmerPredictOptions): Float64Array;
export function predict(m: MerMod, opts?: GlmerPredictOptions): Float64Array;
export function predict(m: MerMod, opts: GlmerPredictOptions | PredictSeOptions = {}): Float64Array | PredictionWithSe {
  requireFittedModel("predict", m);
  const o = opts as PredictSeOptions;
  checkPredictOptions(opts, m.kind === "glmerMod");
  if (o.seFit || o.interval !== undefined) return predictWithSe(m, o);
  const out = m.kind === "lmerMod" ? m.predict(opts as PredictOptions) : m.predict(opts as GlmerPredictOptions);
  return opts.newdata ? out : naPad(m, out);
}

/**
 * Values per observation used in the fit, as R returns them under the model's `naAction`:
 * "omit" (default) as they are; "exclude" (R's na.exclude) one value per input row, NaN at the
 * rows dropped for missing values.
 */
export function naPad(m: MerMod, values: Float64Array): Float64Array {
  requireFittedModel("naPad", m);
  requireShape("naPad", values, "one value per observation (a Float64Array)", ["length"]);
  if (m.options.naAction !== "exclude" || m.nDropped === 0) return values;
  const { rows, nInput } = m.input.mf, out = new Float64Array(nInput).fill(NaN);
  for (let i = 0; i < rows.length; i++) out[rows[i]] = values[i];
  return out;
}

/**
 * lme4's `fitted(m)`: Xβ̂ + Zb̂ (+ offset) for an LMM, μ̂ for a GLMM; padded with NaN at the dropped
 * rows when the model was fitted with `naAction: "exclude"` (the method `m.fitted()` never pads).
 */
export const fitted = (m: MerMod): Float64Array => (requireFittedModel("fitted", m), naPad(m, m.fitted().slice()));

/**
 * lme4's `residuals(m, type)` (LMM default "response", GLMM "deviance"); padded with NaN at the
 * dropped rows under `naAction: "exclude"` (the method `m.residuals()` never pads).
 */
export const residuals = (m: MerMod, opts: { type?: "response" | "pearson" | "working" | "deviance" } = {}): Float64Array => (requireFittedModel("residuals", m), naPad(m, m.residuals(opts)));
