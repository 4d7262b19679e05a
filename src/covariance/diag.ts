import type { CovarianceStructure } from "./types.js";
import { emptyTerm } from "../messages/covariance.js";

/**
 * Names of the standard-deviation parameters of a structured term: one per column
 * ("Subject.(Intercept)", "Subject.Days", as the diagonal θ of an unstructured term), or, for a
 * homogeneous term, the single "Subject.sd".
 */
export function sdNames(group: string, names: readonly string[], q: number, hom: boolean): string[] {
  if (hom) return [`${group}.sd`];
  const r: string[] = [];
  for (let i = 0; i < q; i++) r.push(`${group}.${names[i] ?? String(i + 1)}`);
  return r;
}

/** Relative sd of column i: θ[0] for a homogeneous term, θ[i] otherwise. */
export const sdOf = (theta: ArrayLike<number>, i: number, hom: boolean): number => (hom ? theta[0] : theta[i]);

/**
 * Diagonal covariance `diag(x | g)`: independent random effects, Σ/σ² = diag(s₁², …, s_q²),
 * T = diag(s). θ = (s₁, …, s_q) with s_i ≥ 0 (hom = false, lme4 2.x's default), or θ = (s)
 * with T = s I (hom = true: one common variance). Start: s = 1 (T = I).
 * Singular when some s_i is within tol of 0.
 */
export function diagonal(q: number, hom = false): CovarianceStructure {
  if (!(q >= 1)) throw emptyTerm("diag", q);
  const nTheta = hom ? 1 : q;
  return {
    kind: "diag",
    q,
    nTheta,
    lower: new Float64Array(nTheta),
    upper: new Float64Array(nTheta).fill(Infinity),
    initialTheta() {
      return new Float64Array(nTheta).fill(1);
    },
    lambda(theta, out) {
      out.fill(0, 0, q * q);
      for (let i = 0; i < q; i++) out[i + i * q] = sdOf(theta, i, hom);
    },
    thetaNames(group, names) {
      return sdNames(group, names, q, hom);
    },
    isSingular(theta, tol) {
      for (let i = 0; i < nTheta; i++) if (theta[i] < tol) return true;
      return false;
    },
  };
}
