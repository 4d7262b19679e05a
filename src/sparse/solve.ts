/**
 * Triangular solves, full solves and the log-determinant with a sparse Cholesky factor.
 */
import type { NumericCholesky } from "./numeric.js";
import { sparseBadRhs } from "../messages/sparse.js";

/**
 * x ← L⁻¹ x in the permuted system (x indexed in the new order), reading x[offset .. offset+n-1].
 * Column-oriented forward substitution; no allocation. Use offset to solve column c of a
 * column-major n×m block in place (offset = c·n).
 */
export function lsolve(L: NumericCholesky, x: Float64Array, offset = 0): void {
  const { n, colptr, rowind } = L.S;
  const Lx = L.values;
  for (let j = 0; j < n; j++) {
    const pj = colptr[j]!;
    const xj = x[offset + j]! / Lx[pj]!;
    x[offset + j] = xj;
    if (xj === 0) continue;
    for (let p = pj + 1; p < colptr[j + 1]!; p++) x[offset + rowind[p]!]! -= Lx[p]! * xj;
  }
}

/** x ← L⁻ᵀ x in the permuted system (row-oriented back substitution over the columns of L); no allocation. */
export function ltsolve(L: NumericCholesky, x: Float64Array, offset = 0): void {
  const { n, colptr, rowind } = L.S;
  const Lx = L.values;
  for (let j = n - 1; j >= 0; j--) {
    const pj = colptr[j]!;
    let s = x[offset + j]!;
    for (let p = pj + 1; p < colptr[j + 1]!; p++) s -= Lx[p]! * x[offset + rowind[p]!]!;
    x[offset + j] = s / Lx[pj]!;
  }
}

/** out[k] = b[perm[k]]: a vector in the original order to the permuted order of the factor. */
export function permuteVector(perm: Int32Array, b: ArrayLike<number>, out: Float64Array): void {
  for (let k = 0; k < perm.length; k++) out[k] = b[perm[k]!]!;
}

/** out[perm[k]] = y[k]: a vector in the permuted order back to the original order. */
export function ipermuteVector(perm: Int32Array, y: ArrayLike<number>, out: Float64Array): void {
  for (let k = 0; k < perm.length; k++) out[perm[k]!] = y[k]!;
}

/**
 * Solves A x = b in place (b in the original order, overwritten by x): x = Pᵀ L⁻ᵀ L⁻¹ P b.
 * Uses the symbolic object's scratch vector; no allocation.
 */
export function solveInPlace(L: NumericCholesky, b: Float64Array): void {
  const S = L.S;
  if (b.length !== S.n) throw sparseBadRhs(S.n, b.length);
  const y = S.solveWork;
  permuteVector(S.perm, b, y);
  lsolve(L, y);
  ltsolve(L, y);
  ipermuteVector(S.perm, y, b);
}

/** log det A = 2 Σ_j log L[j, j] (the permutation does not change the determinant). */
export function logDet(L: NumericCholesky): number {
  const { n, colptr } = L.S;
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.log(L.values[colptr[j]!]!);
  return 2 * s;
}
