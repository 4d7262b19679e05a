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
 * (constants such as Σ log wᵢ dropped). H and ∂V/∂θ come from Richardson-extrapolated finite
 * differences (numDeriv's method, as lmerTest) but with larger initial steps than numDeriv's
 * 1e-4·|x|: h = 5e-3·max(|θ_i|, 0.1) and 5e-3·σ. The deviance carries rounding noise of about
 * 1e-14 relative, which numDeriv's steps amplify into O(1) errors in H for small θ (e.g.
 * sleepstudy's θ₂ = 0.015); four Richardson levels keep the truncation error negligible at the
 * larger steps. ∂V/∂σ = 2V/σ exactly. A is the Moore–Penrose
 * inverse over the eigenvalues of H above 1e-8, with lmerTest's warnings for negative or
 * near-zero eigenvalues. The factor is re-evaluated at each θ from cross products rebuilt
 * from `model.input` (the model itself is not touched).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { LmerSummary } from "../results/summary.js";
import { crossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor, logDetL2, logDetRX2, pwrss } from "../lmm/factor.js";
import { plsSolve } from "../lmm/solution.js";
import {
  hessianRichardson, jacobianRichardson, pseudoInverseSym, quadForm, ptTwoSided, unitContrasts, requireLmm, type ContrastTest,
} from "./ddf.js";
import { kenwardRogerTests } from "./kenwardRoger.js";
import {
  contrastLength, derivativeFailed, hessianNegative, hessianZero, unknownDdf,
} from "../messages/inference.js";

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
  let last: Float64Array | null = null, ok = false;
  const at = (theta: ArrayLike<number>) => {
    if (last && last.length === theta.length && last.every((v, i) => v === theta[i])) return ok;
    last = Float64Array.from(theta);
    ok = updateFactor(f, last);
    return ok;
  };
  const nmp = model.REML ? n - p : n;
  const unscaled = (theta: ArrayLike<number>) => (at(theta) ? plsSolve(f).unscaledVcov : new Float64Array(p * p).fill(NaN));
  return {
    nTheta, n, p, REML: model.REML,
    varpar: Float64Array.from([...model.theta, model.sigma]),
    deviance(vp) {
      if (!at(Array.prototype.slice.call(vp, 0, nTheta))) return NaN;
      const s2 = vp[nTheta] ** 2;
      const d = logDetL2(f) + pwrss(f) / s2 + nmp * Math.log(2 * Math.PI * s2);
      return model.REML ? d + logDetRX2(f) : d;
    },
    unscaledVcov: unscaled,
    vcov(vp) {
      const U = unscaled(Array.prototype.slice.call(vp, 0, nTheta));
      const s2 = vp[nTheta] ** 2;
      return U.map((u) => u * s2);
    },
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

/** Computes the Hessian, A and the Jacobian of vcov(β) at (θ̂, σ̂) (lmerTest's `as_lmerModLmerTest`). */
export function satterthwaiteSetup(m: LmerMod | GlmerMod): SatterthwaiteSetup {
  const model = requireLmm(m, "Satterthwaite");
  const fns = lmmVarparFunctions(model);
  const k = fns.nTheta + 1;
  const h = Float64Array.from(fns.varpar, (v, i) => (i < fns.nTheta ? 5e-3 * Math.max(Math.abs(v), 0.1) : 5e-3 * Math.abs(v)));
  const H = hessianRichardson((x) => fns.deviance(x), fns.varpar, { h });
  if (!H.every(Number.isFinite)) throw derivativeFailed("the Hessian of the deviance in (θ, σ)");
  const { inverse, values } = pseudoInverseSym(H, k, 1e-8);
  const warnings: string[] = [];
  const neg = [...values].filter((v) => v < -1e-8), zero = [...values].filter((v) => Math.abs(v) <= 1e-8);
  if (neg.length) warnings.push(hessianNegative(neg));
  if (zero.length) warnings.push(hessianZero(zero));
  const sigma = model.sigma;
  const thetaHat = model.theta;
  const U0 = fns.unscaledVcov(thetaHat);
  const vcovBeta = U0.map((u) => u * sigma * sigma);
  const jt = fns.nTheta > 0 ? jacobianRichardson((th) => fns.unscaledVcov(th), thetaHat, { h: h.subarray(0, fns.nTheta) }) : [];
  if (!jt.every((c) => c.every(Number.isFinite))) throw derivativeFailed("the Jacobian of vcov(β) in θ");
  const jacobian = [...jt.map((c) => c.map((u) => u * sigma * sigma)), U0.map((u) => 2 * sigma * u)];
  return { varpar: fns.varpar, vcovBeta, jacobian, hessian: H, vcovVarpar: inverse.map((v) => 2 * v), warnings };
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
    const s = satterthwaiteSetup(model);
    tests = satterthwaiteTests(model, undefined, s);
    warnings = s.warnings;
  } else {
    const kr = kenwardRogerTests(model);
    tests = kr.tests;
    warnings = kr.warnings;
  }
  const fixed = base.fixed.map((row, i) => ({ ...row, se: tests[i].se, statistic: tests[i].statistic, df: tests[i].df, p: tests[i].p }));
  const method = ddf === "Satterthwaite" ? "Satterthwaite's method" : "Kenward-Roger's method";
  const title = base.title.replace(/ \['lmerMod'\]$/, "").trimEnd() + `. t-tests use ${method} ['lmerModLmerTest']`;
  return { ...base, title, fixed, warnings: [...base.warnings, ...warnings] };
}
