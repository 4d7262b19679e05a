/**
 * The dense kernel protocol. All matrices are column-major `Float64Array`s whose leading
 * dimension equals their number of rows; only the first rows·cols entries are used.
 */
export interface DenseKernels {
  /** Which implementation this is: blocked pure JavaScript or WebAssembly SIMD. */
  readonly name: "js" | "wasm";
  /**
   * In-place Cholesky A = L Lᵀ of the lower triangle of the n×n matrix `a`; the strict upper
   * triangle is left untouched. Returns 0 on success, or k+1 when the leading minor of order
   * k+1 is not positive definite (pivot ≤ 0 or NaN); `a` is then partially overwritten.
   */
  potrf(a: Float64Array, n: number): number;
  /** C (n×n, lower triangle only; strict upper untouched) -= A Aᵀ, with A n×k. */
  syrkLowerMinus(c: Float64Array, n: number, a: Float64Array, k: number): void;
  /** C (m×n) -= A Bᵀ, with A m×k and B n×k. */
  gemmNTMinus(c: Float64Array, m: number, n: number, a: Float64Array, b: Float64Array, k: number): void;
  /**
   * B (m×n) := B L⁻ᵀ, with L n×n lower triangular (only its lower triangle is read; a zero
   * diagonal gives ±Infinity/NaN, no error is raised).
   */
  trsmRightLowerTrans(b: Float64Array, m: number, n: number, l: Float64Array): void;
}
