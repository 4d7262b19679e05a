/**
 * The numerics of LMM profiles (lme4's devfun2 and the fixed-effect loop of profile.merMod),
 * on the maximum-likelihood fit (a REML fit is refitted by ML first, as lme4's `refitML`).
 *
 * Variance parameters: with ψ = (sd/cor, σ) mapped to θ (profileParams), the ML deviance with
 * β profiled out is
 *   d(ψ) = log|L_θ|² − Σ log w_i + r²(θ)/σ² + n log(2πσ²),
 * minimized over the other components of ψ for each fixed value of one of them.
 *
 * Fixed effect j: β_j = b is moved into the offset, i.e. the model with design X₋ⱼ and
 * response y − X_j b, whose ML profiled deviance is minimized over θ. The cross products of
 * [X₋ⱼ, y − X_j b] are a linear map of those of [X y] (no pass over the data per step):
 *   rows a ≠ j are kept, the new response row is row(y) − b·row(x_j), and axx' = Aᵀ axx A.
 */
import type { MixedModelInput } from "../model/lmmInput.js";
import { crossProducts, type CrossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor, logDetL2, pwrss, type LmmFactor } from "../lmm/factor.js";
import { lmmObjective } from "../lmm/objective.js";
import { thetaLayout } from "../lmm/lmer.js";
import { bobyqa, NLOPTWRAP_OPTIONS } from "../optim/index.js";
import { sdcorLayout, type SdCorLayout } from "./profileParams.js";
import { localSteps } from "./profileCore.js";
import { walkProfile, type ParamProfile, type StepSettings, type ConstrainedFit } from "./profileCore.js";

/** What an LMM profile needs besides the model input (serializable: sent to workers). */
export interface LmmProfileContext {
  readonly kind: "lmm";
  /** sd/cor, σ, β of the ML fit. */
  readonly opt: Float64Array;
  readonly names: readonly string[];
  /** Number of variance parameters including σ. */
  readonly nvp: number;
  /** ML deviance at the optimum. */
  readonly base: number;
  /** θ of the ML fit. */
  readonly thopt: Float64Array;
  /** Standard errors of β (ML fit). */
  readonly stderr: Float64Array;
  readonly steps: StepSettings;
}

/** The response the cross products use: y − offset. */
function workingY(input: MixedModelInput): Float64Array {
  if (!input.offset) return input.y;
  return input.y.map((v, i) => v - input.offset![i]);
}

/** β from an updated factor: R_X β = c_β (Lxx lower, last row c). */
export function betaOfFactor(f: LmmFactor): Float64Array {
  const { p, P } = f.cp, L = f.Lxx, beta = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = L[p + i * P];
    for (let k = i + 1; k < p; k++) s -= L[k + i * P] * beta[k];
    beta[i] = s / L[i + i * P];
  }
  return beta;
}

/** Numerics of an LMM profile, built once per thread from the input. */
export class LmmProfiler {
  readonly cp: CrossProducts;
  readonly f: LmmFactor;
  readonly layout: SdCorLayout;
  private readonly theta: Float64Array;
  constructor(readonly input: MixedModelInput, readonly ctx: LmmProfileContext) {
    this.cp = crossProducts(input.X, input.p, workingY(input), input.weights, input.terms);
    this.f = allocFactor(this.cp, input.terms);
    this.layout = sdcorLayout(input.terms, true);
    this.theta = new Float64Array(this.layout.nTheta === 0 ? 0 : ctx.thopt.length);
  }

  /** ML deviance of (sd/cor, σ) with β profiled out; +∞ where undefined. */
  deviance(pars: ArrayLike<number>): number {
    if (!this.layout.toTheta(pars, this.theta)) return Infinity;
    if (!updateFactor(this.f, this.theta)) return Infinity;
    const s2 = pars[this.ctx.nvp - 1] ** 2, n = this.cp.n;
    const d = logDetL2(this.f) - this.cp.logDetW + pwrss(this.f) / s2 + n * Math.log(2 * Math.PI * s2);
    return Number.isFinite(d) ? d : Infinity;
  }

  /** Profile of variance parameter w (0 ≤ w < nvp). */
  profileVariance(w: number): ParamProfile {
    const { opt, nvp, names, steps, base } = this.ctx;
    const lo = this.layout.lower, hi = this.layout.upper;
    const fit = (x: number, prev: Float64Array): ConstrainedFit | null => {
      const x0 = prev.slice(0, nvp), lower = Float64Array.from(lo), upper = Float64Array.from(hi);
      x0[w] = lower[w] = upper[w] = x;
      for (let i = 0; i < nvp; i++) x0[i] = Math.min(upper[i], Math.max(lower[i], x0[i]));
      try {
        const r = bobyqa((v) => this.deviance(v), x0, { lower, upper, ...NLOPTWRAP_OPTIONS, ...localSteps(x0) });
        const dev = this.deviance(r.x);
        const par = new Float64Array(opt.length);
        par.set(r.x);
        par.set(betaOfFactor(this.f), nvp);
        return { dev, par, feval: r.feval };
      } catch {
        return null;
      }
    };
    const pw = opt[w];
    return walkProfile({ name: names[w], w, opt, base, lowcut: lo[w], upcut: hi[w], first: pw === 0 ? 0.001 : pw * 1.01, steps, fit });
  }

  /** Profile of fixed effect j (0 ≤ j < p), by moving X_j β_j into the offset. */
  profileFixed(j: number): ParamProfile {
    const { opt, nvp, names, steps, base, thopt, stderr } = this.ctx;
    const cp = this.cp, p = cp.p, P = cp.P, P2 = P - 1;
    const keep: number[] = [];
    for (let a = 0; a < p; a++) if (a !== j) keep.push(a);
    const rowMap = (src: Float64Array, cols: number, b: number, out: Float64Array) => {
      for (let c = 0; c < cols; c++) {
        const so = c * P, to = c * P2;
        for (let a = 0; a < keep.length; a++) out[to + a] = src[so + keep[a]];
        out[to + P2 - 1] = src[so + p] - b * src[so + j];
      }
    };
    const cols1 = cp.ax1.length / P, colsR = cp.axr.length / P;
    const red: CrossProducts = { ...cp, p: p - 1, P: P2, ax1: new Float64Array(P2 * cols1), axr: new Float64Array(P2 * colsR), axx: new Float64Array(P2 * P2) };
    const tmp = new Float64Array(P2 * P);
    const setB = (b: number) => {
      rowMap(cp.ax1, cols1, b, red.ax1);
      rowMap(cp.axr, colsR, b, red.axr);
      // axx' = Aᵀ axx A: first Aᵀ axx (P2 × P, via rowMap on its P columns), then transpose-apply.
      rowMap(cp.axx, P, b, tmp);
      const t2 = new Float64Array(P * P2); // (Aᵀ axx)ᵀ = axx A, P × P2
      for (let r = 0; r < P2; r++) for (let c = 0; c < P; c++) t2[c + r * P] = tmp[r + c * P2];
      rowMap(t2, P2, b, red.axx);
    };
    const fj = allocFactor(red, this.input.terms);
    const tl = thetaLayout(this.input);
    const est = opt[nvp + j], n = cp.n;
    const fit = (x: number): ConstrainedFit | null => {
      try {
        setB(x);
        const r = bobyqa((th) => lmmObjective(fj, th, false), thopt, { lower: tl.lower, upper: tl.upper, ...NLOPTWRAP_OPTIONS, ...localSteps(thopt) });
        const dev = lmmObjective(fj, r.x, false);
        const sig = Math.sqrt(pwrss(fj) / n);
        const par = new Float64Array(opt.length);
        par.set(this.layout.fromTheta(r.x, sig));
        const bj = betaOfFactor(fj);
        keep.forEach((a, k) => (par[nvp + a] = bj[k]));
        par[nvp + j] = x;
        return { dev, par, feval: r.feval };
      } catch {
        return null;
      }
    };
    return walkProfile({ name: names[nvp + j], w: nvp + j, opt, base, lowcut: -Infinity, upcut: Infinity, first: est + steps.delta * stderr[j], steps, fit });
  }

  /** Profile of parameter `index` in the (sd/cor, σ, β) order. */
  profile(index: number): ParamProfile {
    return index < this.ctx.nvp ? this.profileVariance(index) : this.profileFixed(index - this.ctx.nvp);
  }
}
