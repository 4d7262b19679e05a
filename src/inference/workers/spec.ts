/**
 * A serializable description of a fitted model (formula text, the model frame's columns,
 * weights, extra offset and fitting options), from which worker threads rebuild the model
 * input exactly as the fit built it. Functions, family objects and covariance structures do
 * not cross thread boundaries; families are re-created by name and link.
 */
import type { Column, Frame } from "../../data/types.js";
import { buildInput, type MixedModelInput } from "../../model/lmmInput.js";
import { evaluateNumeric } from "../../formula/index.js";
import { makeFamily, LINK_NAMES, type Family } from "../../glmm/family/index.js";
import type { LmerMod } from "../../results/lmerMod.js";
import type { GlmerMod } from "../../results/glmerMod.js";
import { glmer } from "../../glmm/glmer.js";
import { glmmResponse } from "../../glmm/response.js";
import { toFrame } from "../../data/index.js";
import { saveFit, restoreFit, type SavedFit } from "../../results/saveFit.js";

/** A fitted model of either kind. */
export type FittedModel = LmerMod | GlmerMod;

/** The serializable description (see the module doc). */
export interface ModelSpec {
  readonly kind: "lmer" | "glmer";
  readonly formula: string;
  readonly nrow: number;
  readonly columns: readonly Column[];
  /** Prior weights per frame row (as given to the fit), or null. */
  readonly weights: Float64Array | null;
  /** Offset per frame row beyond the formula's offset() terms, or null. */
  readonly offset: Float64Array | null;
  readonly REML: boolean;
  readonly optimizer: "bobyqa" | "nelder_mead";
  readonly family?: string;
  readonly link?: string;
  readonly nAGQ?: number;
  /**
   * Numbers of trials of a binomial cbind(successes, failures) response (R's `n`), or null: refits
   * then use a cbind response again, so that their log-likelihoods weigh rows as the fit's did.
   */
  readonly trials?: Float64Array | null;
}

/**
 * The spec of a fitted model, or null when it cannot be sent to a worker: a user-defined link
 * (unless `force`), or a fit of the general Laplace engine (`laplace`: nbinom2, beta, ziformula, …;
 * always null: its family is not a classic family that `refitGlmer` could re-create by name, and
 * its refits go through `refitModel` in this thread).
 */
export function modelSpec(model: FittedModel, force = false): ModelSpec | null {
  if (model.kind === "glmerMod" && model.laplace) return null;
  const input = model.input, frame = input.mf.frame, n = frame.nrow;
  let offset: Float64Array | null = null;
  if (input.offset) {
    offset = Float64Array.from(input.offset);
    for (const e of input.formula.offsets) {
      const o = evaluateNumeric(e, frame);
      for (let i = 0; i < n; i++) offset[i] -= o[i];
    }
    if (offset.every((v) => v === 0)) offset = null;
  }
  const columns = input.mf.variables.filter((v) => frame.columns.has(v)).map((v) => frame.columns.get(v)!);
  const base = {
    formula: input.formula.source, nrow: n, columns, weights: input.weights ? Float64Array.from(input.weights) : null, offset,
    optimizer: (model.optinfo.optimizer === "nelder_mead" ? "nelder_mead" : "bobyqa") as "bobyqa" | "nelder_mead",
  };
  if (model.kind === "lmerMod") return { kind: "lmer", ...base, REML: model.REML };
  if (!force && !LINK_NAMES.includes(model.family.link.name)) return null;
  let trials: Float64Array | null = null;
  if (model.family.name === "binomial" && input.formula.response) {
    const n = glmmResponse(input.formula.response, frame, model.family, input.weights).n;
    if (n.some((t) => t !== 1)) trials = Float64Array.from(n);
  }
  return { kind: "glmer", ...base, REML: false, family: model.family.name, link: model.family.link.name, nAGQ: model.nAGQ, trials };
}

/**
 * A fit of the general Laplace engine as worker threads rebuild it: its `saveFit` and the data
 * columns the saved fingerprint covers (the model's variables, all input rows), from which
 * `restoreFit` gives the same model in one Laplace evaluation.
 */
export interface LaplaceSpec {
  readonly saved: SavedFit;
  readonly nrow: number;
  readonly columns: readonly Column[];
}

/**
 * The worker description of a Laplace-engine fit (see {@link LaplaceSpec}), or null when its saved
 * form could not be restored (a non-finite estimate, standard error or vcov entry): then the work
 * stays in this thread.
 */
export function laplaceSpec(model: GlmerMod): LaplaceSpec | null {
  let saved: SavedFit;
  try {
    saved = saveFit(model);
  } catch {
    return null;
  }
  const lp = saved.laplace!, g = saved.glmm!;
  const arrays = [saved.theta, saved.beta, g.restartEta, g.vcovFromHessian ?? [], lp.par, lp.parSe ?? [], lp.u];
  if (!arrays.every((a) => a.every(Number.isFinite))) return null;
  const frame = toFrame(model.input.mf.data);
  const columns = model.input.mf.variables.filter((v) => frame.columns.has(v)).map((v) => frame.columns.get(v)!);
  return { saved, nrow: frame.nrow, columns };
}

/** The Laplace-engine fit a {@link LaplaceSpec} describes, rebuilt (in a worker). */
export function laplaceModel(ls: LaplaceSpec): GlmerMod {
  const frame: Frame = { nrow: ls.nrow, names: ls.columns.map((c) => c.name), columns: new Map(ls.columns.map((c) => [c.name, c])) };
  return restoreFit(ls.saved, frame) as GlmerMod;
}

/** The spec's frame (extra columns appended). */
export function specFrame(spec: ModelSpec, extra: readonly Column[] = []): Frame {
  const cols = [...spec.columns, ...extra];
  return { nrow: spec.nrow, names: cols.map((c) => c.name), columns: new Map(cols.map((c) => [c.name, c])) };
}

/** The model input, built as the fit built it. */
export function specInput(spec: ModelSpec): MixedModelInput {
  return buildInput(spec.formula, specFrame(spec), {
    weights: spec.weights, offset: spec.offset, checkLevels: false, numericResponse: spec.kind === "lmer",
  });
}

/** The family of a glmer spec. */
export function specFamily(spec: ModelSpec): Family {
  return makeFamily(spec.family ?? "binomial", spec.link);
}

/** A column name not in the spec's frame, for a simulated response. */
function freshName(spec: ModelSpec): string {
  let name = "ysim_lme4ts";
  while (spec.columns.some((c) => c.name === name)) name += "_";
  return name;
}

/**
 * Refits a glmer spec (family re-created by name unless given) to a new response on the family's scale (binomial: proportions, with
 * the fit's prior weights × trials as weights), as `ysim ~ <right-hand side>`.
 */
/** Start values of a GLMM refit: the fitted model's θ̂ and β̂. */
export interface GlmerStart {
  readonly theta: Float64Array;
  readonly fixef: Float64Array;
}

/**
 * Refits the GLMM of `spec` to response y. With `start` (the original fit's θ̂, β̂) and nAGQ ≥ 1
 * it runs one stage from there, as lme4's `refit` does (much cheaper than a fresh two-stage fit).
 */
export function refitGlmer(spec: ModelSpec, y: Float64Array, priorWeights: Float64Array, optimizer = spec.optimizer, family?: Family, start?: GlmerStart | null): GlmerMod {
  const name = freshName(spec);
  const rhs = spec.formula.slice(spec.formula.indexOf("~") + 1);
  const binomial = spec.family === "binomial";
  const t = binomial ? spec.trials ?? null : null;
  // A cbind response is refitted as cbind(y·n, (1 − y)·n) with the fit's prior weights (R's n and
  // weights); other responses as proportions with weights = prior weights × trials.
  const data = t
    ? specFrame(spec, [
        { kind: "numeric", name, values: y.map((v, i) => v * t[i]!) },
        { kind: "numeric", name: `${name}_f`, values: y.map((v, i) => (1 - v) * t[i]!) },
      ])
    : specFrame(spec, [{ kind: "numeric", name, values: y }]);
  // From the fitted values, one stage (lme4's refit); with nAGQ = 0 the single stage is stage 1.
  const oneStage = start != null && spec.nAGQ! > 0;
  return glmer(t ? `cbind(${name}, ${name}_f) ~${rhs}` : `${name} ~${rhs}`, data, {
    family: family ?? specFamily(spec), nAGQ: spec.nAGQ, offset: spec.offset, optimizer,
    weights: t ? spec.weights : binomial ? priorWeights : spec.weights,
    ...(start ? { start: oneStage ? start : { theta: start.theta }, nAGQ0initStep: !oneStage } : {}),
  });
}
