import type { CovarianceStructure } from "./types.js";
import { scaledCorrelation } from "./scaledCorr.js";
import { emptyTerm } from "../messages/covariance.js";

/**
 * Writes the lower Cholesky factor L of the q×q AR(1) correlation matrix R_ij = ρ^|i−j| into
 * `out` (column-major, strict upper triangle 0), in closed form:
 *
 *   L_i0 = ρ^i,   L_ij = ρ^(i−j) √(1 − ρ²)   (1 ≤ j ≤ i).
 *
 * (Row i of L is the innovation form x_i = ρ x_{i−1} + √(1 − ρ²) e_i.) Valid for |ρ| ≤ 1,
 * including ρ = ±1 (only column 0, (1, ρ, ρ², …), is nonzero); ρ is clamped into [−1, 1].
 */
export function ar1CorrCholesky(rho: number, q: number, out: Float64Array): void {
  out.fill(0, 0, q * q);
  const r = Math.min(1, Math.max(-1, rho));
  const s = Math.sqrt(Math.max(0, 1 - r * r));
  for (let j = 0; j < q; j++) {
    let p = j === 0 ? 1 : s;
    for (let i = j; i < q; i++) {
      out[i + j * q] = p;
      p *= r;
    }
  }
}

/**
 * First-order autoregressive `ar1(x | g)`: Σ/σ² = S R S with S = diag(s₁, …, s_q) and
 * R_ij = ρ^|i−j| over the term's columns in their order (meant for `0 + factor(time)`, one
 * column per equally spaced time); T = S L_R with L_R the closed-form Cholesky factor of R
 * (`ar1CorrCholesky`), lower triangular and defined at |ρ| = 1.
 *
 * θ = (s, ρ) (hom = true, lme4 2.x's default for ar1: S = s I) or (s₁, …, s_q, ρ) (hom = false);
 * bounds s_i ∈ [0, ∞), ρ ∈ [−1, 1]. Start: s = 1, ρ = 0 (T = I). With q = 1 there is no
 * correlation and θ = (s).
 *
 * Singular when some s_i is within tol of 0 or |ρ| is within tol of 1. Caveat: the column
 * order is the time order; the structure does not look at the time values themselves.
 */
export function autoregressive1(q: number, hom = true): CovarianceStructure {
  if (!(q >= 1)) throw emptyTerm("ar1", q);
  return scaledCorrelation("ar1", q, hom, -1, ar1CorrCholesky);
}
