/**
 * Selected inversion: the entries of Z = (P A Pᵀ)⁻¹ = L⁻ᵀ L⁻¹ on the pattern of L (Takahashi /
 * Erisman–Tinney recurrences), without forming the dense inverse.
 */
import type { NumericCholesky } from "./numeric.js";

/**
 * Z on the pattern of L (S's CSC layout: Z[i, j] for i ≥ j in column j at the positions of L[i, j]).
 * Columns j = n-1 … 0 with s = struct(L[:, j]) \ {j} and l = L[s, j] / L[j, j]:
 *   Z[s, j] = −Z[s, s] l,   Z[j, j] = 1 / L[j, j]² − lᵀ Z[s, j].
 * Z[s, s] is read from already computed columns (s is a clique inside the pattern of L).
 * Cost Σ_j Σ_{c ∈ s_j} |struct(L[:, c])|, a few times the factorization's flops; O(n) scratch.
 */
export function selectedInverseColumns(L: NumericCholesky): Float64Array {
  const { n, colptr, rowind } = L.S;
  const Lx = L.values;
  const Z = new Float64Array(Lx.length);
  const pos = new Int32Array(n).fill(-1);
  const lv = new Float64Array(n);
  const acc = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    const p0 = colptr[j]!, p1 = colptr[j + 1]!, ns = p1 - p0 - 1;
    const d = Lx[p0]!;
    for (let t = 0; t < ns; t++) {
      pos[rowind[p0 + 1 + t]!] = t;
      lv[t] = Lx[p0 + 1 + t]! / d;
      acc[t] = 0;
    }
    for (let u = 0; u < ns; u++) {
      const c = rowind[p0 + 1 + u]!, lu = lv[u]!;
      const q0 = colptr[c]!, q1 = colptr[c + 1]!;
      let au = Z[q0]! * lu;
      for (let q = q0 + 1; q < q1; q++) {
        const t = pos[rowind[q]!]!;
        if (t < 0) continue;
        const z = Z[q]!;
        acc[t]! += z * lu;
        au += z * lv[t]!;
      }
      acc[u]! += au;
    }
    let zjj = 1 / (d * d);
    for (let t = 0; t < ns; t++) {
      Z[p0 + 1 + t] = -acc[t]!;
      zjj += lv[t]! * acc[t]!;
      pos[rowind[p0 + 1 + t]!] = -1;
    }
    Z[p0] = zjj;
  }
  return Z;
}

/**
 * Z on the pattern of L (same output as `selectedInverseColumns`), supernode by supernode with
 * dense blocks: for supernode J (diagonal block L_JJ, rows below B with block L_BJ),
 *   U = L_BJ L_JJ⁻¹,  Z[B, J] = −Z[B, B] U,  Z[J, J] = L_JJ⁻ᵀ L_JJ⁻¹ + Uᵀ Z[B, B] U,
 * with Z[B, B] gathered from the (already computed) columns of the later supernodes. Cost about
 * Σ_J |B_J|² w_J multiply-adds plus the gathers; O(max |B|²) scratch.
 */
export function selectedInverse(L: NumericCholesky): Float64Array {
  const S = L.S;
  const { n, colptr, rowind, nSuper, snStart } = S;
  const Lx = L.values;
  const Z = new Float64Array(Lx.length);
  const rel = new Int32Array(n).fill(-1);
  let maxB = 0, maxW = 0;
  for (let J = 0; J < nSuper; J++) {
    const f = snStart[J]!, w = snStart[J + 1]! - f;
    maxW = Math.max(maxW, w);
    maxB = Math.max(maxB, colptr[f + 1]! - colptr[f]! - w);
  }
  const Zbb = new Float64Array(maxB * maxB), U = new Float64Array(maxB * maxW), Y = new Float64Array(maxB * maxW);
  const Linv = new Float64Array(maxW * maxW);
  for (let J = nSuper - 1; J >= 0; J--) {
    const f = snStart[J]!, w = snStart[J + 1]! - f;
    const pf = colptr[f]!, mJ = colptr[f + 1]! - pf, nB = mJ - w;
    // L_JJ[i, j] = Lx[colptr[f + j] + i - j] (i ≥ j); L_BJ[b, j] = Lx[colptr[f + j] + w + b - j].
    // Linv = L_JJ⁻¹ (lower): column j solves L_JJ x = e_j by column-oriented forward substitution.
    Linv.fill(0, 0, w * w);
    for (let j = 0; j < w; j++) {
      const xo = j * w;
      Linv[xo + j] = 1;
      for (let k = j; k < w; k++) {
        const pk = colptr[f + k]! - k;
        const xk = Linv[xo + k]! / Lx[pk + k]!;
        Linv[xo + k] = xk;
        if (xk === 0) continue;
        for (let i = k + 1; i < w; i++) Linv[xo + i]! -= Lx[pk + i]! * xk;
      }
    }
    if (nB > 0) {
      // U = L_BJ Linv (nB × w), as axpys over the contiguous columns of L_BJ.
      for (let j = 0; j < w; j++) {
        const uo = j * nB;
        for (let b = 0; b < nB; b++) U[uo + b] = 0;
        for (let k = j; k < w; k++) {
          const x = Linv[k + j * w]!;
          if (x === 0) continue;
          const pk = colptr[f + k]! + w - k;
          for (let b = 0; b < nB; b++) U[uo + b]! += Lx[pk + b]! * x;
        }
      }
      // Gather Z[B, B] from the columns of B (each a later column; rows ≥ itself).
      for (let b = 0; b < nB; b++) rel[rowind[pf + w + b]!] = b;
      for (let b2 = 0; b2 < nB; b2++) {
        const c = rowind[pf + w + b2]!;
        for (let p = colptr[c]!; p < colptr[c + 1]!; p++) {
          const b1 = rel[rowind[p]!]!;
          if (b1 < 0) continue;
          const z = Z[p]!;
          Zbb[b1 + b2 * nB] = z;
          Zbb[b2 + b1 * nB] = z;
        }
      }
      for (let b = 0; b < nB; b++) rel[rowind[pf + w + b]!] = -1;
      // Y = Zbb U; Z[B, J] = −Y.
      for (let j = 0; j < w; j++) {
        const yo = j * nB;
        for (let b = 0; b < nB; b++) Y[yo + b] = 0;
        for (let c = 0; c < nB; c++) {
          const u = U[c + j * nB]!;
          if (u === 0) continue;
          const zo = c * nB;
          for (let b = 0; b < nB; b++) Y[yo + b]! += Zbb[zo + b]! * u;
        }
        const pj = colptr[f + j]! + w - j;
        for (let b = 0; b < nB; b++) Z[pj + b] = -Y[yo + b]!;
      }
    }
    // Z[J, J] = Linvᵀ Linv + Uᵀ Y (lower part stored).
    for (let j = 0; j < w; j++)
      for (let i = j; i < w; i++) {
        let s = 0;
        for (let k = i; k < w; k++) s += Linv[k + i * w]! * Linv[k + j * w]!;
        for (let b = 0; b < nB; b++) s += U[b + i * nB]! * Y[b + j * nB]!;
        Z[colptr[f + j]! + i - j] = s;
      }
  }
  return Z;
}

/** Z[i, j] (permuted indices) from `selectedInverse` output, for (i, j) inside the pattern of L + Lᵀ; NaN outside. */
export function selectedEntry(L: NumericCholesky, Z: Float64Array, i: number, j: number): number {
  const { colptr, rowind } = L.S;
  const c = i < j ? i : j, r = i < j ? j : i;
  let lo = colptr[c]!, hi = colptr[c + 1]! - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rowind[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return rowind[lo] === r ? Z[lo]! : NaN;
}
