/**
 * Numeric sparse Cholesky: the kernel dispatcher, the throwing front end and the scalar up-looking (row-by-row) kernel.
 */
import type { CscMatrix } from "./csc.js";
import { rowStructure, type SymbolicCholesky } from "./symbolic.js";
import { sparseNotPositiveDefinite, sparsePatternMismatch } from "../messages/sparse.js";
import { trySupernodalCholesky } from "./supernodal.js";
import { tryWasmSupernodal, wasmSupernodalAvailable } from "./wasmSupernodal.js";

/**
 * The numeric kernel: left-looking supernodal (default; WebAssembly SIMD when the kernel module is
 * built, else JS), "supernodal-js" (the JS supernodal kernel always), or scalar "up-looking".
 */
export type CholeskyMethod = "supernodal" | "supernodal-js" | "up-looking";

/**
 * A numeric Cholesky factor P A Pᵀ = L Lᵀ: `values` holds the entries of L in the pattern of
 * `S` (`S.colptr`, `S.rowind`; the diagonal first in each column).
 */
export interface NumericCholesky {
  S: SymbolicCholesky;
  values: Float64Array;
}

/** Below this order the JS supernodal kernel is used (a private wasm instance per analysis is not worth it). */
const WASM_MIN_N = 64;

/**
 * Factorizes P A Pᵀ = L Lᵀ into `out.values` with the chosen kernel (see `trySupernodalCholesky` and
 * `tryUpLookingCholesky`); returns -1 on success or the failing elimination step k (original column
 * `S.perm[k]`), leaving `out.values` partly overwritten. Allocation-free; `out` must be made for `S`.
 */
export function tryNumericCholesky(
  A: CscMatrix,
  S: SymbolicCholesky,
  out: NumericCholesky,
  method: CholeskyMethod = "supernodal",
): number {
  if (method === "up-looking") return tryUpLookingCholesky(A, S, out);
  if (method === "supernodal" && S.n >= WASM_MIN_N && wasmSupernodalAvailable()) {
    if (A.n !== S.n || A.m !== S.n || A.colptr[S.n] !== S.nnzA || out.values.length !== S.nnzL) throw sparsePatternMismatch();
    return tryWasmSupernodal(A.values, S, out.values);
  }
  return trySupernodalCholesky(A, S, out);
}

/**
 * Factorizes into `out.values` and returns -1 on success, or the failing step k (0-based, in the
 * permuted order; the original column is `S.perm[k]`) if the k-th pivot is not positive and finite —
 * then `out.values` is only partly overwritten. Allocation-free after the first call (which builds
 * and caches the row structure of L on `S`); `out` must have been made for `S`.
 *
 * Method: the up-looking algorithm. For k = 0..n-1 solve L[0:k, 0:k] l = C[0:k, k] by sparse forward
 * substitution over the precomputed row pattern of row k (in increasing column order, a topological
 * order of the etree), then L[k, 0:k] = lᵀ and L[k, k] = √(C[k, k] − lᵀl), where C = P A Pᵀ is
 * read straight from A.values through `S.cMap` (only entries on or above the diagonal of A are read).
 * Only n and the number of stored entries of A are checked against `S`; a different pattern with the
 * same counts gives garbage.
 */
export function tryUpLookingCholesky(A: CscMatrix, S: SymbolicCholesky, out: NumericCholesky): number {
  const n = S.n;
  if (A.n !== n || A.m !== n || A.colptr[n] !== S.nnzA || out.values.length !== S.nnzL) throw sparsePatternMismatch();
  const Av = A.values;
  const { cColptr, cRowind, cMap, colptr, rowind } = S;
  const { rowPtr, rowCol, rowPos } = rowStructure(S);
  const Lx = out.values;
  const x = S.work;
  for (let k = 0; k < n; k++) {
    // x = C[:, k] (upper part); x is all-zero on entry.
    for (let q = cColptr[k]!; q < cColptr[k + 1]!; q++) x[cRowind[q]!]! += Av[cMap[q]!]!;
    let d = x[k]!;
    x[k] = 0;
    for (let t = rowPtr[k]!; t < rowPtr[k + 1]!; t++) {
      const j = rowCol[t]!;
      const pkj = rowPos[t]!;
      const pj = colptr[j]!;
      const lkj = x[j]! / Lx[pj]!;
      x[j] = 0;
      for (let p = pj + 1; p < pkj; p++) x[rowind[p]!]! -= Lx[p]! * lkj;
      d -= lkj * lkj;
      Lx[pkj] = lkj;
    }
    if (!(d > 0 && d < Infinity)) {
      // Leave the accumulator clean for the next call.
      x.fill(0);
      Lx[colptr[k]!] = d;
      return k;
    }
    Lx[colptr[k]!] = Math.sqrt(d);
  }
  return -1;
}

/**
 * The Cholesky factor of P A Pᵀ for the symmetric positive definite A analysed by `S` (upper triangle
 * read). With `reuse` (a previous result for the same S), its `values` are overwritten and `reuse` is
 * returned — no allocation, the form to use inside an optimizer loop. Throws `LmeError("numeric")`
 * naming the original column whose pivot is not positive (A is not positive definite, or numerically
 * so close to singular that the pivot vanished). See `tryNumericCholesky` for a
 * non-throwing variant; `method` picks the kernel (same result up to rounding).
 */
export function numericCholesky(
  A: CscMatrix,
  S: SymbolicCholesky,
  reuse?: NumericCholesky,
  method: CholeskyMethod = "supernodal",
): NumericCholesky {
  const out: NumericCholesky = reuse && reuse.S === S ? reuse : { S, values: new Float64Array(S.nnzL) };
  const k = tryNumericCholesky(A, S, out, method);
  if (k >= 0) throw sparseNotPositiveDefinite(S.perm[k]!, k, S.n, out.values[S.colptr[k]!]!);
  return out;
}
