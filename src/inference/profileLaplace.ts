/**
 * Likelihood profiles of fits of the general Laplace engine (nbinom2, nbinom1, beta,
 * betabinomial, ziformula, dispformula), as glmmTMB's profile / confint(method = "profile"):
 * the parameters are the sds / correlations of the random effects, the fixed effects and the
 * family's own parameters on the optimizer's scale (`LaplaceFamily.params`: log θ of nbinom2,
 * log φ, the zi~ and disp~ coefficients — glmmTMB's internal scale, betad and betazi); the
 * deviance is the fit's Laplace deviance −2 log L(θ, β, φ), and every parameter is profiled by
 * minimizing it over all the others (φ included: it is re-optimized at every step, not held at φ̂).
 * glmmTMB profiles log sd instead of sd: a monotone reparameterization, so the intervals agree
 * (ζ is invariant; only the spline interpolation between points differs).
 */
import type { GlmerMod } from "../results/glmerMod.js";
import { sdcorLayout, type SdCorLayout } from "./profileParams.js";
import { profileAll } from "./profileGlmm.js";
import type { ParamProfile, StepSettings } from "./profileCore.js";
import { laplaceWorkspace, type LaplaceWorkspace } from "../glmm/laplace/workspace.js";

/** What a Laplace-engine profile needs besides the model. */
export interface LaplaceProfileContext {
  readonly kind: "laplace";
  /** sd/cor, β, φ at the optimum. */
  readonly opt: Float64Array;
  readonly names: readonly string[];
  /** Number of variance parameters (sd/cor). */
  readonly nvp: number;
  readonly base: number;
  readonly steps: StepSettings;
  /** Bounds on the profile scale (sd ≥ 0, −1 ≤ cor ≤ 1, β free, φ within the family's bounds). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** The parameters of a Laplace-engine fit on the profile scale: sd/cor, β, then the family's (names, bounds, estimates). */
export function laplaceProfileParams(g: GlmerMod): { names: string[]; lower: Float64Array; upper: Float64Array; opt: Float64Array; nvp: number } {
  const lp = g.laplace!;
  const layout = sdcorLayout(g.input.terms, false);
  const vp = layout.fromTheta(g.theta, 1);
  const fam = lp.family.params;
  return {
    names: [...layout.names, ...g.fixefNames, ...fam.map((q) => q.name)],
    lower: Float64Array.from([...layout.lower, ...g.beta.map(() => -Infinity), ...fam.map((q) => q.lower)]),
    upper: Float64Array.from([...layout.upper, ...g.beta.map(() => Infinity), ...fam.map((q) => q.upper)]),
    opt: Float64Array.from([...vp, ...g.beta, ...lp.par]),
    nvp: vp.length,
  };
}

/** Numerics of a Laplace-engine profile (in a worker, on the model `laplaceModel` rebuilds there). */
export class LaplaceProfiler {
  readonly layout: SdCorLayout;
  private readonly ws: LaplaceWorkspace;
  private readonly theta: Float64Array;
  private readonly p: number;
  constructor(model: GlmerMod, readonly ctx: LaplaceProfileContext) {
    const lp = model.laplace!;
    this.layout = sdcorLayout(model.input.terms, false);
    this.ws = laplaceWorkspace(model.input, lp.family, lp.family.glmView(new Float64Array(lp.family.params.length), lp.family.name), lp.information);
    this.theta = new Float64Array(model.theta.length);
    this.p = model.beta.length;
  }

  /** The Laplace deviance of (sd/cor, β, φ). */
  deviance(pars: Float64Array): number {
    if (!this.layout.toTheta(pars, this.theta)) return Infinity;
    const nvp = this.ctx.nvp;
    return this.ws.deviance(this.theta, pars.subarray(nvp, nvp + this.p), pars.subarray(nvp + this.p));
  }

  /**
   * Profile of parameter w in the (sd/cor, β, φ) order. Each profile starts the Newton iteration
   * from u = 0 at the optimum (evaluations warm-start from the previous modes), so that it does not
   * depend on what this profiler computed before: the same in any thread.
   */
  profile(w: number): ParamProfile {
    this.ws.lw.w.u.fill(0);
    this.deviance(Float64Array.from(this.ctx.opt));
    return profileAll(w, this.ctx, (v) => this.deviance(v), this.ctx.lower, this.ctx.upper);
  }
}
