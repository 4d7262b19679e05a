/**
 * Level-2 helpers on a Cholesky factor L (n×n lower triangular, column-major, leading
 * dimension n). They are memory-bound O(n²), so plain JS is as fast as WebAssembly here.
 */

/** Solves L y = x in place (forward substitution, column-oriented). Reads only the lower triangle of L. */
export function trsvLower(l: Float64Array, n: number, x: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const c = j * n;
    const xj = (x[j] = x[j]! / l[c + j]!);
    if (xj === 0) continue;
    for (let i = j + 1; i < n; i++) x[i] -= l[c + i]! * xj;
  }
}

/** Solves Lᵀ y = x in place (back substitution with dot products down the columns of L). */
export function trsvLowerTrans(l: Float64Array, n: number, x: Float64Array): void {
  for (let j = n - 1; j >= 0; j--) {
    const c = j * n;
    let s = x[j]!;
    for (let i = j + 1; i < n; i++) s -= l[c + i]! * x[i]!;
    x[j] = s / l[c + j]!;
  }
}

/** log det(L Lᵀ) = 2 Σ log l_ii for a Cholesky factor L (−Infinity if a diagonal entry is 0). */
export function logDetChol(l: Float64Array, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.log(l[j * n + j]!);
  return 2 * s;
}

/**
 * out := L⁻¹ (n×n, column-major, lower; zeros above the diagonal) for the lower-triangular L stored
 * at l[off + i + j·ld] (leading dimension ld), by forward substitution column by column:
 * (L⁻¹)_jj = 1/L_jj, (L⁻¹)_ij = −Σ_{j≤k<i} L_ik (L⁻¹)_kj / L_ii. O(n³/6); for the small blocks of
 * the mixed-model factor (random-effect terms, the fixed-effects block).
 */
export function invertLowerInto(l: Float64Array, off: number, ld: number, n: number, out: Float64Array): void {
  out.fill(0, 0, n * n);
  for (let j = 0; j < n; j++) {
    out[j + j * n] = 1 / l[off + j + j * ld]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[off + i + k * ld]! * out[k + j * n]!;
      out[i + j * n] = s / l[off + i + i * ld]!;
    }
  }
}
