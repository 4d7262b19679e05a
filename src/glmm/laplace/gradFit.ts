/**
 * The Laplace engine's gradient-based stage 2 (glmmTMB's way: a quasi-Newton method over the
 * exact gradient of the Laplace deviance, `gradient.ts`), and the Hessian for standard errors as
 * forward differences of that gradient (n + 1 gradients instead of the n² + n + 1 deviances of
 * `interiorHessian`).
 *
 * Stage 2 runs in glmer's whitened coordinates z = (θ, z_β, φ), β = β₁ + L⁻ᵀz_β
 * (`whitenedMap`), so ∂D/∂z_β = L⁻¹ ∂D/∂β. Used when the information is observed, no optimizer
 * was asked for by name, and q ≤ GRAD_DENSE_MAX; otherwise `fitLaplace` runs BOBYQA.
 */
import type { LaplaceWork } from "./newton.js";
import { laplaceDeviance } from "./newton.js";
import { gradScratch, laplaceGradient, GRAD_DENSE_MAX } from "./gradient.js";
import { quasiNewton, type QuasiNewtonResult } from "../../optim/quasiNewton.js";

/** Can `fitLaplace` use the gradient for this workspace and options? */
export function gradientApplies(lw: LaplaceWork, optimizer: string | undefined): boolean {
  return lw.info === "observed" && optimizer === undefined && lw.w.u.length <= GRAD_DENSE_MAX;
}

/** The deviance in x = (θ, β, φ) with its gradient, keeping the last evaluated point. */
export interface LaplaceObjective {
  readonly f: (x: Float64Array) => number;
  /** ∂D/∂x at x into out (evaluates D at x first unless it was the last point); false if none. */
  readonly grad: (x: Float64Array, out: Float64Array) => boolean;
}

/**
 * D and ∂D for `lw` with nth θ's, p β's and np family parameters. The last gradient is kept with
 * its point and returned again for the same point (the quasi-Newton start after
 * `curvatureDiag`, the Hessian's gradient at the optimum): ∂D is a function of the point only.
 */
export function laplaceObjective(lw: LaplaceWork, nth: number, p: number, np: number): LaplaceObjective {
  const n = nth + p + np;
  const gs = gradScratch(lw, nth, np);
  const last = new Float64Array(n).fill(NaN), gLast = new Float64Array(n).fill(NaN), gAt = new Float64Array(n).fill(NaN);
  let lastF = NaN;
  const same = (a: Float64Array, b: Float64Array) => {
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  const f = (x: Float64Array): number => {
    last.set(x);
    lastF = laplaceDeviance(lw, x.subarray(0, nth), x.subarray(nth, nth + p), x.subarray(nth + p));
    return lastF;
  };
  const grad = (x: Float64Array, out: Float64Array): boolean => {
    if (same(x, gAt)) { out.set(gLast); return true; }
    if (!same(x, last)) f(x);
    if (!Number.isFinite(lastF)) return false;
    if (!laplaceGradient(lw, x.subarray(0, nth), x.subarray(nth + p), gs, out)) return false;
    gAt.set(x);
    gLast.set(out);
    return true;
  };
  return { f, grad };
}

/**
 * Stage 2 by quasi-Newton in z from z0 within [lower, upper] (bounds in z: θ's and φ's; β free),
 * with toX the whitening map and Linv its L⁻¹ (p × p lower).
 */
export function gradientStage2(
  obj: LaplaceObjective, toX: (z: ArrayLike<number>, out: Float64Array) => Float64Array, Linv: Float64Array,
  nth: number, p: number, z0: Float64Array, lower: Float64Array, upper: Float64Array,
): QuasiNewtonResult {
  const n = z0.length, xs = new Float64Array(n), gx = new Float64Array(n);
  const fz = (z: Float64Array) => obj.f(toX(z, xs));
  const gz = (z: Float64Array, out: Float64Array): boolean => {
    if (!obj.grad(toX(z, xs), gx)) return false;
    out.set(gx);
    // ∂D/∂z_k = Σ_{i ≤ k} L⁻¹[k, i] ∂D/∂β_i.
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let i = 0; i <= k; i++) s += Linv[k + i * p]! * gx[nth + i]!;
      out[nth + k] = s;
    }
    return true;
  };
  const d = curvatureDiag(fz, gz, z0, lower, upper, nth, p);
  const r = quasiNewton(fz, gz, z0, { lower, upper, maxfun: 2000, ftol: 1e-13, gtol: 1e-7, maxStep: 1, diag0: d?.diag });
  return d ? { ...r, feval: r.feval + d.feval, geval: r.geval + d.feval } : r;
}

/** Step of {@link curvatureDiag}'s differences (relative to max(1, |z_j|)). */
const DIAG_STEP = 1e-4;
/** The inverse curvature of the deviance in a whitened β coordinate: ∂²D/∂z² ≈ 2 (D = −2 log L, z whitened by stage 1's information). */
const BETA_INV_CURV = 0.5;

/**
 * A diagonal start for the quasi-Newton method's inverse Hessian (`diag0`): for each family
 * parameter (zero-inflation and dispersion coefficients, log φ) 1/(∂²D/∂z_j²) from a forward
 * difference of the exact gradient along z_j (step 1e-4·max(1, |z_j|), backwards at an upper
 * bound: np extra deviances and gradients); ½ for the whitened β's (the deviance's curvature
 * there is about 2 by construction); NaN for the θ's, which keep the identity rescaled by sᵀy/yᵀy
 * at the first update (a curvature of the deviance in θ measured at the start sent a correlated
 * term's first step onto θ's bound, into a worse local optimum). A curvature ≤ 1e-8 (not convex
 * there) or a missing gradient leaves NaN. The zero-inflation coefficients' curvature is ~100×
 * the β's, which the identity start left the BFGS updates to learn: 40–60% more evaluations for
 * the zero-inflated fits (bench/RESULTS.md). Null when no gradient exists at z0. Leaves the
 * objective's state at z0.
 */
function curvatureDiag(
  fz: (z: Float64Array) => number, gz: (z: Float64Array, out: Float64Array) => boolean, z0: Float64Array,
  lower: Float64Array, upper: Float64Array, nth: number, p: number,
): { diag: Float64Array; feval: number } | null {
  const n = z0.length, g0 = new Float64Array(n), g1 = new Float64Array(n), diag = new Float64Array(n).fill(NaN);
  if (!Number.isFinite(fz(z0)) || !gz(z0, g0)) return null;
  let feval = 1;
  const z = Float64Array.from(z0);
  for (let j = 0; j < n; j++) {
    if (j < nth) { diag[j] = NaN; continue; }
    if (j < nth + p) { diag[j] = BETA_INV_CURV; continue; }
    const h = DIAG_STEP * Math.max(1, Math.abs(z0[j]!));
    z[j] = z0[j]! + h <= upper[j]! ? z0[j]! + h : z0[j]! - h;
    const step = z[j]! - z0[j]!;
    feval++;
    if (Number.isFinite(fz(z)) && gz(z, g1)) {
      const c = (g1[j]! - g0[j]!) / step;
      if (c > 1e-8) diag[j] = 1 / c;
    }
    z[j] = z0[j]!;
  }
  fz(z0);
  return { diag, feval: feval + 1 };
}

/** Forward-difference step of the gradient-based Hessian. */
const HESS_STEP = 1e-4;

/**
 * Gradient and Hessian of D at x, or null when x ± δ leaves the bounds in some coordinate or a
 * gradient is missing. The Hessian's columns are forward differences of the exact gradient,
 * (∇D(x + δe_j) − ∇D(x))/δ, δ = 1e-4, symmetrized: n + 1 gradients (central differences cost
 * 2n + 1; glmmTMB's sdreport takes central differences of TMB's gradient, optimHess). The
 * truncation error is δ/2 times the third derivatives: on the fixtures' models the standard
 * errors agree with glmmTMB's to 1e-4 relative (central differences: 2e-5), far inside their
 * printed digits. Leaves the workspace's state at x + δe_n (the caller evaluates x again).
 */
export function gradientHessian(obj: LaplaceObjective, x: Float64Array, lower: Float64Array, upper: Float64Array): { gradient: Float64Array; hessian: Float64Array } | null {
  const n = x.length, d = HESS_STEP;
  for (let j = 0; j < n; j++) if (!(x[j]! - d >= lower[j]! && x[j]! + d <= upper[j]!)) return null;
  const hessian = new Float64Array(n * n), gp = new Float64Array(n), gradient = new Float64Array(n), xp = Float64Array.from(x);
  if (!obj.grad(Float64Array.from(x), gradient)) return null;
  for (let j = 0; j < n; j++) {
    xp[j] = x[j]! + d;
    if (!obj.grad(xp, gp)) return null;
    xp[j] = x[j]!;
    for (let i = 0; i < n; i++) hessian[i + j * n] = (gp[i]! - gradient[i]!) / d;
  }
  for (let j = 0; j < n; j++)
    for (let i = 0; i < j; i++) {
      const v = (hessian[i + j * n]! + hessian[j + i * n]!) / 2;
      hessian[i + j * n] = hessian[j + i * n] = v;
    }
  return { gradient, hessian };
}
