/**
 * Symbolic analysis for the sparse Cholesky factorization P A Pᵀ = L Lᵀ: ordering, elimination tree,
 * the exact pattern of L, and the index maps and workspaces the numeric phase reuses.
 */
import type { CscMatrix } from "./csc.js";
import { amdOrder } from "./amd.js";
import { etree, postorder } from "./etree.js";
import { sparseBadPerm, sparseNotSquare } from "../messages/sparse.js";

/**
 * The result of `symbolicCholesky`: everything that depends only on the pattern of A.
 *
 * Public fields: `perm` (new index k = old index perm[k]), `pinv` (its inverse), the elimination
 * tree `parent` of P A Pᵀ, and the pattern of L in CSC form (`colptr`, `rowind`; in each column the
 * diagonal comes first and row indices increase). The remaining fields are the numeric phase's
 * precomputed maps and workspaces; treat them as private. Because the workspaces live here, one
 * SymbolicCholesky must not be used by two factorizations/solves running at the same time (there is
 * no such concurrency in single-threaded JS unless you interleave generators).
 */
export interface SymbolicCholesky {
  /** Order of the matrix. */
  n: number;
  /** Fill-reducing permutation: row/column k of P A Pᵀ is row/column perm[k] of A. */
  perm: Int32Array;
  /** Inverse permutation: pinv[perm[k]] = k. */
  pinv: Int32Array;
  /** Elimination tree of P A Pᵀ (-1 for roots). */
  parent: Int32Array;
  /** Column pointers of L (length n+1). */
  colptr: Int32Array;
  /** Row indices of L; the first entry of column j is j itself (the diagonal). */
  rowind: Int32Array;
  /** Number of entries of L, diagonal included (= colptr[n]). */
  nnzL: number;
  /** Multiply-add count of the numeric factorization, Σ_j (|L_{:,j}| - 1)(|L_{:,j}| + 2)/2 ≈ Σ c_j²/2. */
  flops: number;
  /** Number of stored entries of A this analysis was made for (checked by the numeric phase). */
  nnzA: number;
  /** Upper triangle of P A Pᵀ: column pointers / row indices, and cMap[q] = index into A.values. */
  cColptr: Int32Array;
  cRowind: Int32Array;
  cMap: Int32Array;
  /** Row structure of L for the up-looking kernel, built on first use by `rowStructure(S)`. */
  rows: RowStructure | null;
  /** Dense accumulator of the numeric phase (kept all-zero between calls). */
  work: Float64Array;
  /** Scratch vector of `solveInPlace`. */
  solveWork: Float64Array;
  /** Supernodes (maximal runs of columns j, j+1, … with parent[j] = j+1 and pattern(j+1) = pattern(j) \ {j}): columns snStart[s] .. snStart[s+1]-1. */
  nSuper: number;
  snStart: Int32Array;
  /** Supernode of each column. */
  snOf: Int32Array;
  /** cPos[q] = position in L.values of the entry of C = P A Pᵀ number q (C[i,k], i ≤ k, lands at L[k,i]). */
  cPos: Int32Array;
  /** Supernodal workspaces: row → local row map, accumulator, descendant link lists and cursors. */
  snRel: Int32Array;
  snTmp: Float64Array;
  snHead: Int32Array;
  snNext: Int32Array;
  snCursor: Int32Array;
}

/**
 * The row structure (CSR) of the strictly lower part of L: row k has the columns rowCol[t]
 * (increasing, a topological order of the etree) whose L(k, ·) entries sit at positions rowPos[t].
 */
export interface RowStructure {
  rowPtr: Int32Array;
  rowCol: Int32Array;
  rowPos: Int32Array;
}

/** The row structure of L (2·nnz(L) integers), built once and cached on `S.rows`. */
export function rowStructure(S: SymbolicCholesky): RowStructure {
  if (S.rows) return S.rows;
  const { n, colptr, rowind } = S;
  const rowPtr = new Int32Array(n + 1);
  for (let p = 0; p < S.nnzL; p++) rowPtr[rowind[p]! + 1]!++;
  for (let k = 0; k < n; k++) rowPtr[k + 1]! += rowPtr[k]! - 1; // drop the diagonal of row k
  const nOff = rowPtr[n]!;
  const rowCol = new Int32Array(nOff);
  const rowPos = new Int32Array(nOff);
  const rowNext = rowPtr.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let p = colptr[j]! + 1; p < colptr[j + 1]!; p++) {
      const t = rowNext[rowind[p]!]!++;
      rowCol[t] = j;
      rowPos[t] = p;
    }
  }
  S.rows = { rowPtr, rowCol, rowPos };
  return S.rows;
}

/** Checks that `perm` is a permutation of 0..n-1 and returns its inverse. */
function invertPerm(perm: Int32Array, n: number): Int32Array {
  if (perm.length !== n) throw sparseBadPerm(n);
  const pinv = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const v = perm[k]!;
    if (!(v >= 0 && v < n) || pinv[v] !== -1) throw sparseBadPerm(n);
    pinv[v] = k;
  }
  return pinv;
}

/** The upper-triangle pattern of P A Pᵀ (rows unsorted) and, for each entry, its index in A. */
function permutedUpper(A: CscMatrix, pinv: Int32Array): { cColptr: Int32Array; cRowind: Int32Array; cMap: Int32Array } {
  const n = A.n;
  const cColptr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let p = A.colptr[j]!; p < A.colptr[j + 1]!; p++) {
      const i = A.rowind[p]!;
      if (i > j) continue;
      cColptr[Math.max(pinv[i]!, pinv[j]!) + 1]!++;
    }
  }
  for (let k = 0; k < n; k++) cColptr[k + 1]! += cColptr[k]!;
  const cRowind = new Int32Array(cColptr[n]!);
  const cMap = new Int32Array(cColptr[n]!);
  const cNext = cColptr.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let p = A.colptr[j]!; p < A.colptr[j + 1]!; p++) {
      const i = A.rowind[p]!;
      if (i > j) continue;
      const a = pinv[i]!;
      const b = pinv[j]!;
      const q = cNext[Math.max(a, b)]!++;
      cRowind[q] = Math.min(a, b);
      cMap[q] = p;
    }
  }
  return { cColptr, cRowind, cMap };
}

/** The ordering `perm` followed by a postorder of the elimination tree of P A Pᵀ (same fill, better locality). */
function postorderPerm(A: CscMatrix, perm: Int32Array): Int32Array {
  const n = A.n;
  const pinv = invertPerm(perm, n);
  const { cColptr, cRowind } = permutedUpper(A, pinv);
  const post = postorder(etree({ m: n, n, colptr: cColptr, rowind: cRowind, values: new Float64Array(0) }));
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = perm[post[k]!]!;
  return out;
}

/**
 * Symbolic Cholesky analysis of the symmetric positive definite matrix whose upper triangle is stored
 * in A (entries below the diagonal are ignored, so a full symmetric A works too). `perm` is a
 * permutation array, "amd" (default: `amdOrder(A)` followed by a postorder
 * of the resulting elimination tree) or "natural" (identity).
 *
 * Computes C = upper triangle of P A Pᵀ (as index maps into A.values, so refactorizations copy no
 * pattern), its elimination tree, and the pattern of L: row k of L is the set of nodes on the
 * etree paths from each i < k with C[i, k] ≠ 0 up to k (the "row subtree"). Cost O(nnz(L)) plus the
 * ordering. Structural zeros of A count as nonzeros. Diagonal entries absent from A are treated as 0.
 */
export function symbolicCholesky(A: CscMatrix, perm: Int32Array | "amd" | "natural" = "amd"): SymbolicCholesky {
  if (A.m !== A.n) throw sparseNotSquare("symbolicCholesky", A.m, A.n);
  const n = A.n;
  let P: Int32Array;
  if (perm === "amd") P = postorderPerm(A, amdOrder(A));
  else if (perm === "natural") P = Int32Array.from({ length: n }, (_, k) => k);
  else P = Int32Array.from(perm);
  const pinv = invertPerm(P, n);

  // C = upper triangle of P A Pᵀ, with the source index of each entry.
  const nnzA = A.colptr[n]!;
  const { cColptr, cRowind, cMap } = permutedUpper(A, pinv);
  const C: CscMatrix = { m: n, n, colptr: cColptr, rowind: cRowind, values: new Float64Array(0) };
  const parent = etree(C);

  // Pass 1: column counts and row counts by walking each row subtree.
  const mark = new Int32Array(n).fill(-1);
  const colCount = new Int32Array(n).fill(1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = cColptr[k]!; q < cColptr[k + 1]!; q++) {
      let i = cRowind[q]!;
      while (i < k && mark[i] !== k) {
        mark[i] = k;
        colCount[i]!++;
        i = parent[i]!;
      }
    }
  }
  const colptr = new Int32Array(n + 1);
  let flops = 0;
  for (let j = 0; j < n; j++) {
    const c = colCount[j]!;
    colptr[j + 1] = colptr[j]! + c;
    flops += ((c - 1) * (c + 2)) / 2;
  }
  const nnzL = colptr[n]!;

  // Pass 2: fill the column pattern of L (rows appended in increasing k, so each column is sorted).
  const rowind = new Int32Array(nnzL);
  const colNext = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    rowind[colptr[j]!] = j;
    colNext[j] = colptr[j]! + 1;
  }
  mark.fill(-1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = cColptr[k]!; q < cColptr[k + 1]!; q++) {
      let i = cRowind[q]!;
      while (i < k && mark[i] !== k) {
        mark[i] = k;
        rowind[colNext[i]!++] = k;
        i = parent[i]!;
      }
    }
  }

  // Fundamental supernodes (no relaxation: the pattern of L is exact).
  const snOf = new Int32Array(n);
  const starts: number[] = [0];
  for (let j = 1; j < n; j++) {
    const merge = parent[j - 1] === j && colptr[j + 1]! - colptr[j]! === colptr[j]! - colptr[j - 1]! - 1;
    if (!merge) starts.push(j);
    snOf[j] = starts.length - 1;
  }
  const nSuper = n === 0 ? 0 : starts.length;
  const snStart = Int32Array.from(n === 0 ? [0] : [...starts, n]);

  // Where each entry of C lands in L: C[i, k] (i ≤ k) is L[k, i], found by binary search in column i.
  const cPos = new Int32Array(cRowind.length);
  for (let k = 0; k < n; k++) {
    for (let q = cColptr[k]!; q < cColptr[k + 1]!; q++) {
      const i = cRowind[q]!;
      let lo = colptr[i]!;
      let hi = colptr[i + 1]! - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rowind[mid]! < k) lo = mid + 1;
        else hi = mid;
      }
      cPos[q] = lo;
    }
  }

  return {
    n,
    perm: P,
    pinv,
    parent,
    colptr,
    rowind,
    nnzL,
    flops,
    nnzA,
    cColptr,
    cRowind,
    cMap,
    rows: null,
    work: new Float64Array(n),
    solveWork: new Float64Array(n),
    nSuper,
    snStart,
    snOf,
    cPos,
    snRel: new Int32Array(n),
    snTmp: new Float64Array(n),
    snHead: new Int32Array(nSuper),
    snNext: new Int32Array(nSuper),
    snCursor: new Int32Array(nSuper),
  };
}
