/**
 * Accessor logic shared by the fitted LMM and GLMM classes: per-term relative covariance
 * factors T_k(θ), conditional modes b = Λu, levels per grouping factor, lme4's singularity rule
 * and the variance components.
 */
import type { ReTerm } from "../model/random.js";
import { varCorrOf, type VarCorrBlock } from "../covariance/index.js";

/** T_k(θ) for each term (θ concatenated in term order). */
export function termFactors(terms: readonly ReTerm[], theta: Float64Array): Float64Array[] {
  let off = 0;
  return terms.map((t) => {
    const T = new Float64Array(t.q * t.q);
    t.cov.lambda(theta.subarray(off, off + t.cov.nTheta), T);
    off += t.cov.nTheta;
    return T;
  });
}

/** Levels per grouping factor. */
export function ngrpsOf(terms: readonly ReTerm[]): Record<string, number> {
  const r: Record<string, number> = {};
  for (const t of terms) r[t.group] = t.nLevels;
  return r;
}

/** lme4's rule, per structure: a standard-deviation-like θ within tol of 0 (or |ρ| at its bound). */
export function isSingularAt(terms: readonly ReTerm[], theta: Float64Array, tol: number): boolean {
  let off = 0;
  return terms.some((t) => {
    const th = theta.subarray(off, off + t.cov.nTheta);
    off += t.cov.nTheta;
    return t.cov.isSingular(th, tol);
  });
}

/** Variance components Σ_k = scale² T_k T_kᵀ per term. */
export function varCorrAt(terms: readonly ReTerm[], theta: Float64Array, scale: number): VarCorrBlock[] {
  const T = termFactors(terms, theta);
  return terms.map((t, k) => ({ ...varCorrOf(t.group, t.names, T[k], t.q, scale, t.cov.kind), hom: t.spec.structure.hom }));
}

/**
 * Conditional modes b = Λu per term (ℓ_k × q_k, level-major), from spherical u in lme4's order
 * (term 0's levels first, then the other terms in order).
 */
export function modesFromU(terms: readonly ReTerm[], T: readonly Float64Array[], u: Float64Array): Float64Array[] {
  let base = 0;
  return terms.map((t, k) => {
    const q = t.q, out = new Float64Array(t.nLevels * q), Tk = T[k];
    for (let l = 0; l < t.nLevels; l++)
      for (let i = 0; i < q; i++) {
        let s = 0;
        for (let c = 0; c <= i; c++) s += Tk[i + c * q] * u[base + l * q + c];
        out[l * q + i] = s;
      }
    base += t.nLevels * q;
    return out;
  });
}
