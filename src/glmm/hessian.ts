/**
 * Derivatives of a fit's objective for standard errors and convergence checks, shared by glmer
 * and the Laplace engine: the finite-difference Hessian, inverses of symmetric positive-definite
 * matrices, lme4's scaled gradient, and the whitening of β by the stage-1 information.
 */
import { invertLowerInto } from "../linalg/index.js";
import type { GlmmWork } from "./pirls.js";

/** Finite-difference step of the Hessian (lme4's deriv12 default). */
const HESS_DELTA = 1e-4;

/**
 * Gradient and Hessian of f at x by central differences with step δ = 1e-4 when every x_j ± δ is
 * inside the bounds (else null: the caller uses deriv12, which handles bounds). Gradient and
 * diagonal exactly as lme4's deriv12; the mixed terms use the second-order 7-point formula
 *
 *   H_ij = [f(x+δe_i+δe_j) − f(x+δe_i) − f(x+δe_j) + 2f(x) − f(x−δe_i) − f(x−δe_j) + f(x−δe_i−δe_j)] / 2δ²
 *
 * (2 new evaluations per pair instead of deriv12's 4: n² + n + 1 in all instead of 2n² + 1).
 * Both are O(δ²) accurate; the rounding error is a few ε|f|/δ², far below the 1e-2 relative
 * agreement of standard errors with lme4's. f(x) is evaluated last, so f's state (the PIRLS
 * modes) is left at x.
 */
export function interiorHessian(f: (x: Float64Array) => number, x: Float64Array, lower: Float64Array, upper: Float64Array): { gradient: Float64Array; hessian: Float64Array } | null {
  const n = x.length, d = HESS_DELTA;
  for (let j = 0; j < n; j++) if (!(x[j] - d >= lower[j] && x[j] + d <= upper[j])) return null;
  const p = Float64Array.from(x);
  const at = (i: number, di: number, j: number, dj: number): number => {
    p.set(x);
    p[i] += di;
    if (j >= 0) p[j] += dj;
    return f(p);
  };
  const fp = new Float64Array(n), fm = new Float64Array(n);
  for (let j = 0; j < n; j++) { fp[j] = at(j, d, -1, 0); fm[j] = at(j, -d, -1, 0); }
  const hessian = new Float64Array(n * n), pp = new Float64Array(n * n), mm = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) { pp[i + j * n] = at(i, d, j, d); mm[i + j * n] = at(i, -d, j, -d); }
  const fx = f(Float64Array.from(x));
  const gradient = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    gradient[j] = (fp[j] - fm[j]) / (2 * d);
    hessian[j + j * n] = (fp[j] - 2 * fx + fm[j]) / (d * d);
    for (let i = 0; i < j; i++) {
      const v = (pp[i + j * n] - fp[i] - fp[j] + 2 * fx - fm[i] - fm[j] + mm[i + j * n]) / (2 * d * d);
      hessian[i + j * n] = v;
      hessian[j + i * n] = v;
    }
  }
  return { gradient, hessian };
}

/**
 * L⁻¹ (p × p, lower, column-major) for the lower factor L of RXᵀRX in the (u, β) PIRLS factor
 * (the stage-1 information of β, dispersion 1): (RXᵀRX)⁻¹ = L⁻ᵀ L⁻¹.
 */
export function stage1Linv(work: GlmmWork): Float64Array {
  const { p, P } = work.cpUB;
  const L = work.fUB.Lxx;
  const Linv = new Float64Array(p * p);
  invertLowerInto(L, 0, P, p, Linv);
  return Linv;
}

/** 2 × [H⁻¹]_ββ (vcov of β from the deviance Hessian), or null if H is not positive definite. */
export function betaBlockOfInverse(H: Float64Array, nth: number, p: number): Float64Array | null {
  const n = nth + p;
  const inv = invertSPD(H, n);
  if (!inv) return null;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i + j * p] = 2 * inv[nth + i + (nth + j) * n];
  return out;
}

/** Inverse of a symmetric positive-definite matrix via Cholesky; null if not PD. */
export function invertSPD(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = (A[j + j * n] + A[j + j * n]) / 2;
    for (let k = 0; k < j; k++) d -= L[j + k * n] ** 2;
    if (!(d > 0)) return null;
    L[j + j * n] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = (A[i + j * n] + A[j + i * n]) / 2;
      for (let k = 0; k < j; k++) s -= L[i + k * n] * L[j + k * n];
      L[i + j * n] = s / L[j + j * n];
    }
  }
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    col.fill(0); col[c] = 1;
    for (let i = 0; i < n; i++) { let s = col[i]; for (let k = 0; k < i; k++) s -= L[i + k * n] * col[k]; col[i] = s / L[i + i * n]; }
    for (let i = n - 1; i >= 0; i--) { let s = col[i]; for (let k = i + 1; k < n; k++) s -= L[k + i * n] * col[k]; col[i] = s / L[i + i * n]; }
    for (let i = 0; i < n; i++) inv[i + c * n] = col[i];
  }
  return inv;
}

/** max min(|H⁻¹g|, |g|) over free parameters (lme4's scaled gradient); null if H is singular. */
export function scaledGradient(d: { gradient: Float64Array; hessian: Float64Array }, free: number[], n: number): number | null {
  const k = free.length;
  const H = new Float64Array(k * k);
  free.forEach((a, i) => free.forEach((b, j) => (H[i + j * k] = d.hessian[a + b * n])));
  const inv = invertSPD(H, k);
  if (!inv) return null;
  let m = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += inv[i + j * k] * d.gradient[free[j]];
    m = Math.max(m, Math.min(Math.abs(s), Math.abs(d.gradient[free[i]])));
  }
  return m;
}

/**
 * The map z ↦ x of glmer's stage 2 (and the Laplace engine's): x = (θ, β, φ) from z = (θ, z_β, φ)
 * with β = β₁ + L⁻ᵀ z_β, L⁻¹ (p × p, lower, column-major) from `stage1Linv`; θ (the first `nth`)
 * and any trailing parameters (after θ and β) are copied.
 */
export function whitenedMap(nth: number, b1: Float64Array, Linv: Float64Array): (z: ArrayLike<number>, out: Float64Array) => Float64Array {
  const p = b1.length;
  return (z, out) => {
    for (let i = 0; i < nth; i++) out[i] = z[i]!;
    for (let i = 0; i < p; i++) {
      let v = b1[i]!;
      for (let k = i; k < p; k++) v += Linv[k + i * p]! * z[nth + k]!;
      out[nth + i] = v;
    }
    for (let k = nth + p; k < out.length; k++) out[k] = z[k]!;
    return out;
  };
}
