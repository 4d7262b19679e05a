/** Test helpers: a seeded generator, random sparse SPD matrices, dense reference kernels. */
import { mulberry32 } from "../helpers.js";
import { cscFromTriplets, type CscMatrix } from "../../src/sparse/index.js";

/** mulberry32: a small seeded uniform(0,1) generator. */
export const rng = mulberry32;

/**
 * A random n×n sparse symmetric positive definite matrix (upper triangle stored): about `density`·n²/2
 * random off-diagonal entries in (-1, 1), diagonal = 1 + |row sum| + u (strictly diagonally dominant).
 * With `full`, both triangles are stored.
 */
export function randomSpd(n: number, density: number, seed: number, full = false): CscMatrix {
  const u = rng(seed);
  const I: number[] = [];
  const J: number[] = [];
  const X: number[] = [];
  const rowAbs = new Float64Array(n);
  const nOff = Math.round((density * n * (n - 1)) / 2);
  for (let t = 0; t < nOff; t++) {
    const a = Math.floor(u() * n);
    const b = Math.floor(u() * n);
    if (a === b) continue;
    const v = 2 * u() - 1;
    I.push(Math.min(a, b));
    J.push(Math.max(a, b));
    X.push(v);
    rowAbs[a]! += Math.abs(v);
    rowAbs[b]! += Math.abs(v);
    if (full) {
      I.push(Math.max(a, b));
      J.push(Math.min(a, b));
      X.push(v);
    }
  }
  for (let i = 0; i < n; i++) {
    I.push(i);
    J.push(i);
    X.push(1 + rowAbs[i]! + u());
  }
  return cscFromTriplets(n, n, I, J, X);
}

/** The dense symmetric column-major matrix of an upper-triangle-stored A (mirrored). */
export function denseSymFromUpper(A: CscMatrix): Float64Array {
  const n = A.n;
  const D = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
      const r = A.rowind[p]!;
      if (r > c) continue;
      D[c * n + r]! += A.values[p]!;
      if (r !== c) D[r * n + c]! += A.values[p]!;
    }
  }
  return D;
}

/**
 * Dense left-looking column Cholesky in place (column-major, lower triangle of D used and
 * overwritten by L; the strict upper triangle is zeroed). Returns -1 or the failing column.
 */
export function denseCholesky(D: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    for (let k = 0; k < j; k++) {
      const ck = k * n;
      const ljk = D[ck + j]!;
      if (ljk === 0) continue;
      for (let i = j; i < n; i++) D[cj + i]! -= D[ck + i]! * ljk;
    }
    const d = D[cj + j]!;
    if (!(d > 0)) return j;
    const s = Math.sqrt(d);
    D[cj + j] = s;
    for (let i = j + 1; i < n; i++) D[cj + i]! /= s;
    for (let i = 0; i < j; i++) D[cj + i] = 0;
  }
  return -1;
}

/** Dense solve A x = b with a dense Cholesky factor L (column-major lower). */
export function denseCholSolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let j = 0; j < n; j++) {
    x[j]! /= L[j * n + j]!;
    for (let i = j + 1; i < n; i++) x[i]! -= L[j * n + i]! * x[j]!;
  }
  for (let j = n - 1; j >= 0; j--) {
    let s = x[j]!;
    for (let i = j + 1; i < n; i++) s -= L[j * n + i]! * x[i]!;
    x[j] = s / L[j * n + j]!;
  }
  return x;
}

/** The dense column-major L (n×n) of a sparse factor given its pattern and values. */
export function denseL(n: number, colptr: Int32Array, rowind: Int32Array, values: Float64Array): Float64Array {
  const D = new Float64Array(n * n);
  for (let c = 0; c < n; c++) for (let p = colptr[c]!; p < colptr[c + 1]!; p++) D[c * n + rowind[p]!] = values[p]!;
  return D;
}

/** Max-abs difference of two arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Number of nonzeros in the lower triangle (diagonal included) of the Cholesky factor of a dense pattern under `perm` (structural fill by dense symbolic elimination). */
export function denseFillCount(A: CscMatrix, perm: ArrayLike<number>): number {
  const n = A.n;
  const pinv = new Int32Array(n);
  for (let k = 0; k < n; k++) pinv[perm[k]!] = k;
  const G = new Uint8Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
      const a = pinv[A.rowind[p]!]!;
      const b = pinv[c]!;
      G[a * n + b] = 1;
      G[b * n + a] = 1;
    }
  }
  let count = 0;
  for (let j = 0; j < n; j++) {
    const nb: number[] = [];
    for (let i = j + 1; i < n; i++) if (G[j * n + i]) nb.push(i);
    count += 1 + nb.length;
    for (const a of nb) for (const b of nb) G[a * n + b] = 1;
  }
  return count;
}
