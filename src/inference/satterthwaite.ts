/**
 * Satterthwaite degrees of freedom for fixed-effect t tests of a linear mixed model, as
 * lmerTest computes them, and `summaryWithDdf` (lmerTest's `summary(model, ddf = ...)`).
 *
 * The variance parameters are varpar = (θ, σ). For a contrast c,
 *
 *   df = 2 (c'Vc)² / (g' A g),
 *
 * with V = vcov(β̂) = σ² (R_XᵀR_X)⁻¹ at θ̂, g_i = c' (∂V/∂varpar_i) c, and A = 2 H⁻¹ where H is
 * the Hessian of the (REML or ML) deviance as a function of varpar, not profiled over σ:
 *
 *   ML:   d(θ, σ) = log|L_θ|² + r²(θ)/σ² + n log(2πσ²)
 *   REML: d(θ, σ) = log|L_θ|² + log|R_X|² + r²(θ)/σ² + (n − p) log(2πσ²)
 *
 * (constants such as Σ log wᵢ dropped). Writing d = G(θ) + r²(θ)/σ² + m log(2πσ²) (G the log
 * determinants, m = n or n − p), the σ derivatives are analytic: ∂²d/∂σ² = 6r²/σ⁴ − 2m/σ²,
 * ∂²d/∂θᵢ∂σ = −2 (∂r²/∂θᵢ)/σ³ and ∂V/∂σ = 2V/σ; only the θ derivatives (∂²d/∂θ², ∂r²/∂θ and
 * ∂V/∂θ) come from Richardson-extrapolated finite differences (numDeriv's method, as lmerTest,
 * which differentiates in σ numerically too), with larger initial steps than numDeriv's
 * 1e-4·|x|: h = 5e-3·max(|θ_i|, 0.1). The deviance carries rounding noise of about
 * 1e-14 relative, which numDeriv's steps amplify into O(1) errors in H for small θ (e.g.
 * sleepstudy's θ₂ = 0.015); four Richardson levels keep the truncation error negligible at the
 * larger steps. Each θ of the stencils costs one factor update, shared by the Hessian, ∂r²/∂θ and
 * ∂V/∂θ (the Jacobian's points are the Hessian's axis points). A is the Moore–Penrose
 * inverse over the eigenvalues of H above 1e-8, with lmerTest's warnings for negative or
 * near-zero eigenvalues. The factor is re-evaluated at each θ from cross products rebuilt
 * from `model.input` (the model itself is not touched).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { LmerSummary } from "../results/summary.js";
import { crossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor, logDetL2, logDetRX2, pwrss } from "../lmm/factor.js";
import { unscaledVcovOf } from "../lmm/solution.js";
import {
  hessianRichardson, jacobianRichardson, pseudoInverseSym, quadForm, ptTwoSided, unitContrasts, requireLmm, type ContrastTest,
} from "./ddf.js";
import { kenwardRogerAdjustmentOf, kenwardRogerTests } from "./kenwardRoger.js";
import {
  contrastLength, derivativeFailed, hessianNegative, hessianZero, unknownDdf,
} from "../messages/inference.js";

/** The parts of the deviance at one θ (one factor update). */
export interface LmmThetaParts {
  /** log|L_θ|², plus log|R_X|² for REML. */
  readonly logDets: number;
  /** The penalized weighted residual sum of squares r²(θ). */
  readonly pwrss: number;
  /** (R_XᵀR_X)⁻¹ at θ, p×p column-major. */
  readonly unscaledVcov: Float64Array;
}

/** The deviance and vcov(β) of an LMM as functions of varpar = (θ, σ), on the model's data. */
export interface LmmVarparFunctions {
  readonly nTheta: number;
  readonly n: number;
  readonly p: number;
  readonly REML: boolean;
  /** (θ̂, σ̂) of the fit. */
  readonly varpar: Float64Array;
  /** The deviance d(θ, σ) above (NaN where the factor cannot be formed). */
  deviance(varpar: ArrayLike<number>): number;
  /** vcov(β) = σ² (R_XᵀR_X)⁻¹ at θ, p×p column-major (NaN-filled where not computable). */
  vcov(varpar: ArrayLike<number>): Float64Array;
  /** The unscaled (R_XᵀR_X)⁻¹ at θ. */
  unscaledVcov(theta: ArrayLike<number>): Float64Array;
  /** G(θ), r²(θ) and (R_XᵀR_X)⁻¹ at θ; null where the factor cannot be formed. */
  parts(theta: ArrayLike<number>): LmmThetaParts | null;
  /** d(θ, σ) from the parts at θ: G + r²/σ² + m log(2πσ²), m = n (ML) or n − p (REML). */
  devianceOf(parts: LmmThetaParts | null, sigma: number): number;
}

/**
 * Builds the varpar functions of an LMM: cross products of [Z X y] (y minus any offset,
 * prior weights applied) formed once, then one blocked-Cholesky update per evaluation.
 */
export function lmmVarparFunctions(model: LmerMod): LmmVarparFunctions {
  const { X, p, weights, terms, offset } = model.input;
  const n = model.nobs, nTheta = model.theta.length;
  const y = offset ? Float64Array.from(model.y, (v, i) => v - offset[i]) : model.y;
  const cp = crossProducts(X, p, y, weights, terms);
  const f = allocFactor(cp, terms);
  let last: Float64Array | null = null, lastParts: LmmThetaParts | null = null;
  const parts = (theta: ArrayLike<number>): LmmThetaParts | null => {
    if (last && last.length === theta.length && last.every((v, i) => v === theta[i])) return lastParts;
    last = Float64Array.from(theta);
    lastParts = updateFactor(f, last)
      ? { logDets: logDetL2(f) + (model.REML ? logDetRX2(f) : 0), pwrss: pwrss(f), unscaledVcov: unscaledVcovOf(f) }
      : null;
    return lastParts;
  };
  const nmp = model.REML ? n - p : n;
  const devianceOf = (pt: LmmThetaParts | null, sigma: number) => {
    if (!pt) return NaN;
    const s2 = sigma * sigma;
    return pt.logDets + pt.pwrss / s2 + nmp * Math.log(2 * Math.PI * s2);
  };
  const unscaled = (theta: ArrayLike<number>) => parts(theta)?.unscaledVcov ?? new Float64Array(p * p).fill(NaN);
  return {
    nTheta, n, p, REML: model.REML,
    varpar: Float64Array.from([...model.theta, model.sigma]),
    deviance: (vp) => devianceOf(parts(Array.prototype.slice.call(vp, 0, nTheta)), vp[nTheta]),
    unscaledVcov: unscaled,
    vcov(vp) {
      const U = unscaled(Array.prototype.slice.call(vp, 0, nTheta));
      const s2 = vp[nTheta] ** 2;
      return U.map((u) => u * s2);
    },
    parts,
    devianceOf,
  };
}

/** What Satterthwaite's df need, computed once per model. */
export interface SatterthwaiteSetup {
  /** (θ̂, σ̂). */
  readonly varpar: Float64Array;
  /** vcov(β̂), p×p column-major. */
  readonly vcovBeta: Float64Array;
  /** ∂vcov(β)/∂varpar_i (p×p each), i over (θ, σ). */
  readonly jacobian: readonly Float64Array[];
  /** Hessian of the deviance in varpar (k×k). */
  readonly hessian: Float64Array;
  /** A = 2 H⁺, the asymptotic covariance of varpar (k×k). */
  readonly vcovVarpar: Float64Array;
  readonly warnings: readonly string[];
}

/**
 * Computes the Hessian, A and the Jacobian of vcov(β) at (θ̂, σ̂) (lmerTest's
 * `as_lmerModLmerTest`): θ derivatives by finite differences on memoized factor updates, σ
 * derivatives analytic (see the module comment).
 */
export function satterthwaiteSetup(m: LmerMod | GlmerMod): SatterthwaiteSetup {
  const model = requireLmm(m, "Satterthwaite");
  const fns = lmmVarparFunctions(model);
  const nT = fns.nTheta, k = nT + 1, p = fns.p;
  const sigma = model.sigma, s2 = sigma * sigma;
  const thetaHat = model.theta;
  const h = Float64Array.from(thetaHat, (v) => 5e-3 * Math.max(Math.abs(v), 0.1));
  // One factor update per θ: the Hessian's axis points are the Jacobian's points.
  const memo = new Map<string, LmmThetaParts | null>();
  const partsAt = (th: ArrayLike<number>) => {
    const key = Array.prototype.join.call(th, ",");
    let pt = memo.get(key);
    if (pt === undefined) memo.set(key, (pt = fns.parts(th)));
    return pt;
  };
  const centre = partsAt(thetaHat);
  if (!centre) throw derivativeFailed("the Hessian of the deviance in (θ, σ)");
  const H = new Float64Array(k * k);
  const nmp = fns.REML ? fns.n - p : fns.n;
  H[k * k - 1] = (6 * centre.pwrss) / (s2 * s2) - (2 * nmp) / s2;
  let jt: Float64Array[] = [];
  if (nT > 0) {
    const Htt = hessianRichardson((th) => fns.devianceOf(partsAt(th), sigma), thetaHat, { h });
    // ∂[(R_XᵀR_X)⁻¹, r²]/∂θ_j: p² + 1 entries per column.
    const J = jacobianRichardson((th) => {
      const pt = partsAt(th);
      const out = new Float64Array(p * p + 1).fill(NaN);
      if (pt) {
        out.set(pt.unscaledVcov);
        out[p * p] = pt.pwrss;
      }
      return out;
    }, thetaHat, { h });
    for (let i = 0; i < nT; i++) {
      for (let j = 0; j < nT; j++) H[i + j * k] = Htt[i + j * nT];
      H[i + nT * k] = H[nT + i * k] = (-2 * J[i][p * p]) / (s2 * sigma);
    }
    jt = J.map((c) => c.subarray(0, p * p));
  }
  if (!H.every(Number.isFinite)) throw derivativeFailed("the Hessian of the deviance in (θ, σ)");
  if (!jt.every((c) => c.every(Number.isFinite))) throw derivativeFailed("the Jacobian of vcov(β) in θ");
  const { inverse, values } = pseudoInverseSym(H, k, 1e-8);
  const warnings: string[] = [];
  const neg = [...values].filter((v) => v < -1e-8), zero = [...values].filter((v) => Math.abs(v) <= 1e-8);
  if (neg.length) warnings.push(hessianNegative(neg));
  if (zero.length) warnings.push(hessianZero(zero));
  const U0 = centre.unscaledVcov;
  const vcovBeta = U0.map((u) => u * s2);
  const jacobian = [...jt.map((c) => c.map((u) => u * s2)), U0.map((u) => 2 * sigma * u)];
  return { varpar: fns.varpar, vcovBeta, jacobian, hessian: H, vcovVarpar: inverse.map((v) => 2 * v), warnings };
}

const setupCache = new WeakMap<object, SatterthwaiteSetup>();

/**
 * `satterthwaiteSetup(m)` computed once per model (a fit is immutable) and shared by anova,
 * emmeans and summaryWithDdf; the returned arrays must not be modified.
 */
export function satterthwaiteSetupOf(m: LmerMod | GlmerMod): SatterthwaiteSetup {
  let s = setupCache.get(m);
  if (!s) setupCache.set(m, (s = satterthwaiteSetup(m)));
  return s;
}

/** Satterthwaite df of c'β: 2 (c'Vc)² / (g'Ag), g_i = c'J_i c. */
export function satterthwaiteDf(setup: SatterthwaiteSetup, c: ArrayLike<number>): number {
  const p = Math.round(Math.sqrt(setup.vcovBeta.length));
  const v = quadForm(c, setup.vcovBeta, p);
  const g = setup.jacobian.map((J) => quadForm(c, J, p));
  const denom = quadForm(g, setup.vcovVarpar, g.length);
  return (2 * v * v) / denom;
}

function checkContrasts(model: LmerMod, contrasts: readonly ArrayLike<number>[]): void {
  const p = model.beta.length;
  for (const c of contrasts) if (c.length !== p) throw contrastLength(c.length, p, model.fixefNames);
}

function contrastName(model: LmerMod, c: ArrayLike<number>): string {
  const nz = [...Array(c.length).keys()].filter((j) => c[j] !== 0);
  if (nz.length === 1 && c[nz[0]] === 1) return model.fixefNames[nz[0]];
  return nz.map((j, i) => `${c[j] < 0 ? "-" : i > 0 ? "+" : ""}${Math.abs(c[j]) === 1 ? "" : `${Math.abs(c[j])}*`}${model.fixefNames[j]}`).join(" ");
}

/**
 * t tests of fixed-effect contrasts c'β = 0 with Satterthwaite df (lmerTest's `contest1D`):
 * t = c'β̂ / √(c'Vc), p = 2 P(T_df > |t|). Default contrasts: each coefficient.
 */
export function satterthwaiteTests(m: LmerMod | GlmerMod, contrasts?: readonly ArrayLike<number>[], setup?: SatterthwaiteSetup): ContrastTest[] {
  const model = requireLmm(m, "Satterthwaite");
  const p = model.beta.length;
  const cs = contrasts ?? unitContrasts(p);
  checkContrasts(model, cs);
  const s = setup ?? satterthwaiteSetup(model);
  return cs.map((c) => {
    const est = [...Array(p).keys()].reduce((a, j) => a + c[j] * model.beta[j], 0);
    const se = Math.sqrt(quadForm(c, s.vcovBeta, p));
    const df = satterthwaiteDf(s, c);
    const t = est / se;
    return { name: contrastName(model, c), contrast: Float64Array.from(c), estimate: est, se, df, statistic: t, p: ptTwoSided(t, df) };
  });
}

/** Denominator-df methods for `summaryWithDdf`. */
export type DdfMethod = "Satterthwaite" | "Kenward-Roger";

/**
 * The summary of an LMM with df and p-values for the fixed-effect t tests (lmerTest's
 * `summary(model, ddf = "Satterthwaite" | "Kenward-Roger")`). With Kenward–Roger the standard
 * errors and t values use the adjusted covariance Φ_A (as lmerTest). The title says which
 * method was used; warnings of the df computation are appended to the summary's warnings.
 */
export function summaryWithDdf(m: LmerMod | GlmerMod, ddf: DdfMethod = "Satterthwaite"): LmerSummary {
  if (ddf !== "Satterthwaite" && ddf !== "Kenward-Roger") throw unknownDdf(String(ddf));
  const model = requireLmm(m, ddf);
  const base = model.summary();
  let tests: ContrastTest[], warnings: readonly string[] = [];
  if (ddf === "Satterthwaite") {
    const s = satterthwaiteSetupOf(model);
    tests = satterthwaiteTests(model, undefined, s);
    warnings = s.warnings;
  } else {
    const kr = kenwardRogerTests(model, undefined, kenwardRogerAdjustmentOf(model));
    tests = kr.tests;
    warnings = kr.warnings;
  }
  const fixed = base.fixed.map((row, i) => ({ ...row, se: tests[i].se, statistic: tests[i].statistic, df: tests[i].df, p: tests[i].p }));
  const method = ddf === "Satterthwaite" ? "Satterthwaite's method" : "Kenward-Roger's method";
  const title = base.title.replace(/ \['lmerMod'\]$/, "").trimEnd() + `. t-tests use ${method} ['lmerModLmerTest']`;
  return { ...base, title, fixed, warnings: [...base.warnings, ...warnings] };
}
