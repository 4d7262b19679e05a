import type { CovarianceStructure } from "./types.js";
import { scaledCorrelation } from "./scaledCorr.js";
import { emptyTerm } from "../messages/covariance.js";

/**
 * Writes the lower Cholesky factor L of the q×q compound-symmetry correlation matrix
 * R = (1 − ρ) I + ρ 11ᵀ into `out` (column-major, strict upper triangle 0), in closed form:
 * column 0 is (1, ρ, …, ρ); for j ≥ 1, with a_j = 1 + (j − 1)ρ and b_j = 1 + jρ,
 *
 *   L_jj = √((1 − ρ) b_j / a_j),   L_ij = ρ √((1 − ρ) / (a_j b_j))   (i > j).
 *
 * Valid on the whole PSD range −1/(q − 1) ≤ ρ ≤ 1, including both singular ends (ρ = 1 gives
 * a single column of ones; ρ = −1/(q − 1) a zero last diagonal). ρ is clamped into that range.
 */
export function csCorrCholesky(rho: number, q: number, out: Float64Array): void {
  out.fill(0, 0, q * q);
  if (q === 0) return;
  const lo = q > 1 ? -1 / (q - 1) : -1;
  const r = Math.min(1, Math.max(lo, rho));
  out[0] = 1;
  for (let i = 1; i < q; i++) out[i] = r;
  for (let j = 1; j < q; j++) {
    const a = 1 + (j - 1) * r;
    const b = Math.max(0, 1 + j * r);
    const omr = Math.max(0, 1 - r);
    out[j + j * q] = Math.sqrt((omr * b) / a);
    if (j < q - 1) {
      const c = r * Math.sqrt(omr / (a * b));
      for (let i = j + 1; i < q; i++) out[i + j * q] = c;
    }
  }
}

/** Lower bound of the compound-symmetry correlation for q columns: −1/(q − 1). */
export const csLowerRho = (q: number): number => (q > 1 ? -1 / (q - 1) : -1);

/**
 * Compound symmetry `cs(x | g)`: Σ/σ² = S R S with S = diag(s₁, …, s_q) and R_ij = ρ (i ≠ j),
 * R_ii = 1; T = S L_R with L_R the closed-form Cholesky factor of R (`csCorrCholesky`), so T
 * stays lower triangular and is defined at the PSD boundary.
 *
 * θ = (s₁, …, s_q, ρ) (hom = false, lme4 2.x's default) or (s, ρ) (hom = true: S = s I);
 * bounds s_i ∈ [0, ∞), ρ ∈ [−1/(q − 1), 1] (exactly the PSD range of R). Start: s = 1, ρ = 0
 * (T = I). With q = 1 there is no correlation and θ = (s).
 *
 * Singular when some s_i is within tol of 0, or ρ is within tol of 1 or of −1/(q − 1) (R is
 * then rank deficient). Values of ρ outside its bounds are clamped, so finite-difference probes
 * just past a bound still give a PSD Σ.
 */
export function compoundSymmetry(q: number, hom = false): CovarianceStructure {
  if (!(q >= 1)) throw emptyTerm("cs", q);
  return scaledCorrelation("cs", q, hom, csLowerRho(q), csCorrCholesky);
}
