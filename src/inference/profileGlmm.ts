/**
 * The numerics of GLMM profiles (lme4's devfun2 for GLMMs): the parameters are the sds /
 * correlations of the random effects (no σ: binomial and Poisson have none) and the fixed
 * effects; the deviance is the fit's (Laplace or AGQ) deviance of (θ, β), with PIRLS for u
 * restarted from the fitted linear predictor at each evaluation. Every parameter, fixed effects
 * included, is profiled by minimizing over all the others.
 */
import type { MixedModelInput } from "../model/lmmInput.js";
import type { Family } from "../glmm/family/index.js";
import { crossPattern } from "../lmm/crossprod.js";
import { glmmResponse } from "../glmm/response.js";
import { allocGlmm } from "../glmm/pirls.js";
import { devianceAGQ } from "../glmm/deviance.js";
import { bobyqa, NLOPTWRAP_OPTIONS } from "../optim/index.js";
import { sdcorLayout, type SdCorLayout } from "./profileParams.js";
import { localSteps } from "./profileCore.js";
import { walkProfile, type ParamProfile, type StepSettings, type ConstrainedFit } from "./profileCore.js";

/** What a GLMM profile needs besides the model input and family (serializable). */
export interface GlmmProfileContext {
  readonly kind: "glmm";
  /** sd/cor, β at the optimum. */
  readonly opt: Float64Array;
  readonly names: readonly string[];
  /** Number of variance parameters. */
  readonly nvp: number;
  readonly base: number;
  readonly nAGQ: number;
  /** The fitted linear predictor (PIRLS restarts from it). */
  readonly etaHat: Float64Array;
  readonly steps: StepSettings;
}

/** A fresh deviance function of (θ, β) with its own workspace (as GlmerMod.devianceFunction). */
export function glmmDevfun(input: MixedModelInput, family: Family, nAGQ: number, etaHat: Float64Array): (theta: ArrayLike<number>, beta: ArrayLike<number>) => number {
  const resp = glmmResponse(input.formula.response!, input.mf.frame, family, input.weights);
  const pat = crossPattern(input.terms, resp.y.length);
  const w = allocGlmm(family, input.terms, pat, input.X, input.p, resp.y, resp.weights, resp.n, input.offset);
  return (theta, beta) => devianceAGQ(w, theta, beta, Math.max(nAGQ, 1), etaHat);
}

/** Numerics of a GLMM profile, built once per thread. */
export class GlmmProfiler {
  readonly layout: SdCorLayout;
  private readonly dev: (theta: ArrayLike<number>, beta: ArrayLike<number>) => number;
  private readonly theta: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  constructor(readonly input: MixedModelInput, family: Family, readonly ctx: GlmmProfileContext) {
    this.layout = sdcorLayout(input.terms, false);
    this.dev = glmmDevfun(input, family, ctx.nAGQ, ctx.etaHat);
    this.theta = new Float64Array(input.terms.reduce((s, t) => s + t.cov.nTheta, 0));
    const np = ctx.opt.length;
    this.lower = new Float64Array(np).fill(-Infinity);
    this.upper = new Float64Array(np).fill(Infinity);
    this.lower.set(this.layout.lower);
    this.upper.set(this.layout.upper);
    // The first evaluation fixes the deviance's saturated-likelihood constant (glmm/deviance.ts);
    // making it at the optimum in every thread keeps results bit-identical across threads.
    this.deviance(Float64Array.from(ctx.opt));
  }

  /** The deviance of (sd/cor, β). */
  deviance(pars: Float64Array): number {
    if (!this.layout.toTheta(pars, this.theta)) return Infinity;
    return this.dev(this.theta, pars.subarray(this.ctx.nvp));
  }

  /** Profile of parameter w in the (sd/cor, β) order. */
  profile(w: number): ParamProfile {
    return profileAll(w, this.ctx, (v) => this.deviance(v), this.lower, this.upper);
  }
}

/**
 * The profile of parameter w when every other parameter is re-optimized (BOBYQA within the
 * bounds, from the previous point's values): GLMM and Laplace-engine profiles. The first point
 * is x̂_w·1.01 (0.001 when x̂_w = 0).
 */
export function profileAll(
  w: number, ctx: { readonly opt: Float64Array; readonly names: readonly string[]; readonly steps: StepSettings; readonly base: number },
  deviance: (pars: Float64Array) => number, lowerAll: Float64Array, upperAll: Float64Array,
): ParamProfile {
  const { opt, names, steps, base } = ctx;
  const fit = (x: number, prev: Float64Array): ConstrainedFit | null => {
    const x0 = Float64Array.from(prev), lower = Float64Array.from(lowerAll), upper = Float64Array.from(upperAll);
    x0[w] = lower[w] = upper[w] = x;
    for (let i = 0; i < x0.length; i++) x0[i] = Math.min(upper[i], Math.max(lower[i], x0[i]));
    try {
      const r = bobyqa(deviance, x0, { lower, upper, ...NLOPTWRAP_OPTIONS, ...localSteps(x0) });
      return { dev: r.fval, par: Float64Array.from(r.x), feval: r.feval };
    } catch {
      return null;
    }
  };
  const pw = opt[w];
  return walkProfile({ name: names[w], w, opt, base, lowcut: lowerAll[w], upcut: upperAll[w], first: pw === 0 ? 0.001 : pw * 1.01, steps, fit });
}
