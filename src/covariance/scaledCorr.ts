import type { CovarianceStructure } from "./types.js";
import { sdNames, sdOf } from "./diag.js";

/**
 * The shared shape of one-correlation structures (cs, ar1): Σ/σ² = S R(ρ) S with
 * S = diag(s₁, …, s_q) (or s I when `hom`) and T = S L_R(ρ), L_R the closed-form Cholesky factor
 * of R(ρ) written by `corrCholesky`. θ = (s…, ρ) with s_i ∈ [0, ∞) and ρ ∈ [rhoLower, 1]; with
 * q = 1 there is no ρ. Start: s = 1, ρ = 0 (T = I). Singular when an s_i is within tol of 0 or
 * ρ within tol of either bound.
 */
export function scaledCorrelation(
  kind: "cs" | "ar1",
  q: number,
  hom: boolean,
  rhoLower: number,
  corrCholesky: (rho: number, q: number, out: Float64Array) => void,
): CovarianceStructure {
  const nSd = hom ? 1 : q;
  const hasRho = q > 1;
  const nTheta = nSd + (hasRho ? 1 : 0);
  const lower = new Float64Array(nTheta);
  const upper = new Float64Array(nTheta).fill(Infinity);
  if (hasRho) {
    lower[nSd] = rhoLower;
    upper[nSd] = 1;
  }
  const L = new Float64Array(q * q);
  return {
    kind,
    q,
    nTheta,
    lower,
    upper,
    initialTheta() {
      const t = new Float64Array(nTheta);
      t.fill(1, 0, nSd);
      return t;
    },
    lambda(theta, out) {
      corrCholesky(hasRho ? theta[nSd] : 0, q, L);
      for (let j = 0; j < q; j++) for (let i = 0; i < q; i++) out[i + j * q] = i >= j ? sdOf(theta, i, hom) * L[i + j * q] : 0;
    },
    thetaNames(group, names) {
      const r = sdNames(group, names, q, hom);
      if (hasRho) r.push(`${group}.rho`);
      return r;
    },
    isSingular(theta, tol) {
      for (let i = 0; i < nSd; i++) if (theta[i] < tol) return true;
      return hasRho && (theta[nSd] > 1 - tol || theta[nSd] < rhoLower + tol);
    },
  };
}
