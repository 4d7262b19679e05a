/** Error texts of the sparse Cholesky stage (`src/sparse/`). */
import { LmeError } from "./error.js";

/** A triplet (i, j, x) entry outside the m×n matrix, or triplet arrays of different lengths. */
export function sparseBadTriplet(what: string): LmeError {
  return new LmeError("usage", `cscFromTriplets: ${what}. Give 0-based row/column indices inside the matrix and arrays of equal length.`);
}

/** A matrix that must be square is not. */
export function sparseNotSquare(fn: string, m: number, n: number): LmeError {
  return new LmeError("usage", `${fn}: the matrix must be square (symmetric), got ${m}×${n}.`);
}

/** A permutation of the wrong length or with repeated / out-of-range entries. */
export function sparseBadPerm(n: number): LmeError {
  return new LmeError("usage", `symbolicCholesky: the permutation must contain each of 0..${n - 1} exactly once.`);
}

/** The numeric phase got a matrix whose pattern differs from the one analysed symbolically. */
export function sparsePatternMismatch(): LmeError {
  return new LmeError(
    "usage",
    "numericCholesky: the matrix pattern differs from the one given to symbolicCholesky; redo the symbolic analysis for a new pattern.",
  );
}

/** A right-hand side of the wrong length. */
export function sparseBadRhs(n: number, got: number): LmeError {
  return new LmeError("usage", `sparse solve: the right-hand side must have length ${n}, got ${got}.`);
}

/**
 * The matrix is not positive definite: the pivot of original column `col` (the `step`-th in elimination
 * order) was `pivot` ≤ 0 (or not finite).
 */
export function sparseNotPositiveDefinite(col: number, step: number, n: number, pivot: number): LmeError {
  return new LmeError(
    "numeric",
    `sparse Cholesky: the matrix is not positive definite at column ${col} (elimination step ${step + 1} of ${n}, pivot ${pivot}). ` +
      "Check the model for redundant or degenerate random-effects terms, or that the covariance parameters are valid.",
  );
}
