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
