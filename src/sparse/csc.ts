/**
 * Compressed sparse column (CSC) matrices: construction from triplets, transpose, products.
 */
import { sparseBadTriplet, sparseNotSquare } from "../messages/sparse.js";

/**
 * An m×n sparse matrix in compressed sparse column form. Column j holds the entries
 * `rowind[p], values[p]` for `p` in `colptr[j] .. colptr[j+1]-1`, with row indices strictly
 * increasing within a column (sorted, no duplicates) — every function here produces that form and
 * the Cholesky code relies on it. `colptr` has length n+1 and `colptr[n]` is the number of entries.
 */
export interface CscMatrix {
  m: number;
  n: number;
  colptr: Int32Array;
  rowind: Int32Array;
  values: Float64Array;
}

/**
 * Builds an m×n CSC matrix from triplets (i[k], j[k], x[k]) (0-based). Duplicate (i, j) pairs are
 * summed; explicit zeros are kept (they are part of the pattern, which matters for symbolic analysis).
 * Cost O(m + n + nnz). Throws `LmeError("usage")` for indices outside the matrix.
 */
export function cscFromTriplets(
  m: number,
  n: number,
  i: ArrayLike<number>,
  j: ArrayLike<number>,
  x: ArrayLike<number>,
): CscMatrix {
  const nz = i.length;
  if (j.length !== nz || x.length !== nz) throw sparseBadTriplet(`arrays i, j, x have lengths ${i.length}, ${j.length}, ${x.length}`);
  // Bucket by row first (row-major counting sort), then by column: the second pass visits rows in
  // increasing order, so each column comes out sorted and duplicates are adjacent.
  const rowCount = new Int32Array(m + 1);
  for (let k = 0; k < nz; k++) {
    const r = i[k]!;
    const c = j[k]!;
    if (!(r >= 0 && r < m && Number.isInteger(r))) throw sparseBadTriplet(`row index ${r} at position ${k} is outside 0..${m - 1}`);
    if (!(c >= 0 && c < n && Number.isInteger(c))) throw sparseBadTriplet(`column index ${c} at position ${k} is outside 0..${n - 1}`);
    rowCount[r + 1]!++;
  }
  for (let r = 0; r < m; r++) rowCount[r + 1]! += rowCount[r]!;
  const byRowCol = new Int32Array(nz);
  const byRowX = new Float64Array(nz);
  const rowNext = rowCount.slice(0, m);
  for (let k = 0; k < nz; k++) {
    const q = rowNext[i[k]!]!++;
    byRowCol[q] = j[k]!;
    byRowX[q] = x[k]!;
  }
  // Second pass: scatter into columns, merging duplicates via `last[c]` = last row written to c.
  const colCount = new Int32Array(n + 1);
  const lastRow = new Int32Array(n).fill(-1);
  for (let r = 0; r < m; r++) {
    for (let q = rowCount[r]!; q < rowCount[r + 1]!; q++) {
      const c = byRowCol[q]!;
      if (lastRow[c] !== r) {
        lastRow[c] = r;
        colCount[c + 1]!++;
      }
    }
  }
  for (let c = 0; c < n; c++) colCount[c + 1]! += colCount[c]!;
  const nnz = colCount[n]!;
  const rowind = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const next = colCount.slice(0, n);
  lastRow.fill(-1);
  for (let r = 0; r < m; r++) {
    for (let q = rowCount[r]!; q < rowCount[r + 1]!; q++) {
      const c = byRowCol[q]!;
      if (lastRow[c] === r) {
        values[next[c]! - 1]! += byRowX[q]!;
      } else {
        lastRow[c] = r;
        const p = next[c]!++;
        rowind[p] = r;
        values[p] = byRowX[q]!;
      }
    }
  }
  return { m, n, colptr: colCount, rowind, values };
}

/** The transpose Aᵀ (n×m) in CSC form, rows sorted. Cost O(m + n + nnz). */
export function transpose(A: CscMatrix): CscMatrix {
  const { m, n, colptr, rowind, values } = A;
  const nnz = colptr[n]!;
  const cp = new Int32Array(m + 1);
  for (let p = 0; p < nnz; p++) cp[rowind[p]! + 1]!++;
  for (let r = 0; r < m; r++) cp[r + 1]! += cp[r]!;
  const next = cp.slice(0, m);
  const ri = new Int32Array(nnz);
  const vx = new Float64Array(nnz);
  for (let c = 0; c < n; c++) {
    for (let p = colptr[c]!; p < colptr[c + 1]!; p++) {
      const q = next[rowind[p]!]!++;
      ri[q] = c;
      vx[q] = values[p]!;
    }
  }
  return { m: n, n: m, colptr: cp, rowind: ri, values: vx };
}

/**
 * The upper triangle (entries with row ≤ column) of a square matrix, as a new CSC matrix.
 * Use it to turn a full symmetric matrix into the upper-triangle form the Cholesky expects
 * (which also ignores lower entries itself, so this is only needed to save memory).
 */
export function upperTriangle(A: CscMatrix): CscMatrix {
  if (A.m !== A.n) throw sparseNotSquare("upperTriangle", A.m, A.n);
  const n = A.n;
  const cp = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) {
    let k = 0;
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) if (A.rowind[p]! <= c) k++;
    cp[c + 1] = cp[c]! + k;
  }
  const ri = new Int32Array(cp[n]!);
  const vx = new Float64Array(cp[n]!);
  let q = 0;
  for (let c = 0; c < n; c++) {
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
      if (A.rowind[p]! <= c) {
        ri[q] = A.rowind[p]!;
        vx[q++] = A.values[p]!;
      }
    }
  }
  return { m: n, n, colptr: cp, rowind: ri, values: vx };
}

/** y ← y + A x (general CSC product; y has length m, x length n). No allocation. */
export function sparseMatVec(A: CscMatrix, x: ArrayLike<number>, y: Float64Array): void {
  const { n, colptr, rowind, values } = A;
  for (let c = 0; c < n; c++) {
    const xc = x[c]!;
    if (xc === 0) continue;
    for (let p = colptr[c]!; p < colptr[c + 1]!; p++) y[rowind[p]!]! += values[p]! * xc;
  }
}

/**
 * y ← y + A x for a symmetric A given by its upper triangle (entries with row > column are
 * ignored; the diagonal is counted once). No allocation.
 */
export function symUpperMatVec(A: CscMatrix, x: ArrayLike<number>, y: Float64Array): void {
  const { n, colptr, rowind, values } = A;
  for (let c = 0; c < n; c++) {
    const xc = x[c]!;
    let acc = 0;
    for (let p = colptr[c]!; p < colptr[c + 1]!; p++) {
      const r = rowind[p]!;
      if (r > c) continue;
      const v = values[p]!;
      y[r]! += v * xc;
      if (r !== c) acc += v * x[r]!;
    }
    y[c]! += acc;
  }
}

/** The dense column-major copy (m·n Float64Array) of A; for tests and small matrices only. */
export function cscToDense(A: CscMatrix): Float64Array {
  const D = new Float64Array(A.m * A.n);
  for (let c = 0; c < A.n; c++) {
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) D[c * A.m + A.rowind[p]!]! += A.values[p]!;
  }
  return D;
}
