/**
 * Small dense matrix helpers for hypothesis matrices (p × p with p the number of fixed effects):
 * row-major `number[][]` (`Mat`), and column-major Float64Array helpers for the type 3
 * construction. Not for large problems: O(p³) with no blocking.
 */
import { jsKernels, trsvLower, trsvLowerTrans } from "../linalg/index.js";

/** A row-major dense matrix. */
export type Mat = number[][];

/** Column j of an n×p column-major Float64Array as an array. */
export function columnOf(X: Float64Array, n: number, j: number): Float64Array {
  return X.subarray(j * n, (j + 1) * n);
}

/** AB. */
export function matMul(A: Mat, B: Mat): Mat {
  const m = A.length, k = B.length, n = k ? B[0].length : 0;
  return A.map((row) => {
    const out = new Array<number>(n).fill(0);
    for (let t = 0; t < k; t++) {
      const a = row[t];
      if (a !== 0) for (let j = 0; j < n; j++) out[j] += a * B[t][j];
    }
    return out;
  }).slice(0, m);
}

/** Aᵀ. */
export function transpose(A: Mat): Mat {
  const m = A.length, n = m ? A[0].length : 0;
  return Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => A[i][j]));
}

/**
 * R's `zapsmall(x, digits = 7)` in place on the entries `x[from..to)`: rounds to
 * 7 − ceil(log10(max|x|)) decimals (at least 0).
 */
export function zapsmallInPlace(x: Float64Array, digits = 7, from = 0, to = x.length): Float64Array {
  let mx = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(x[i])) mx = Math.max(mx, Math.abs(x[i]));
  const d = mx > 0 ? Math.max(0, digits - Math.ceil(Math.log10(mx))) : digits;
  const f = 10 ** d;
  for (let i = from; i < to; i++) x[i] = Math.round(x[i] * f) / f + 0;
  return x;
}

/** The lower Cholesky factor L of a symmetric positive-definite A = L Lᵀ (throws if not). */
export function cholLower(A: Mat): Mat {
  const k = A.length;
  const L: Mat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let s = A[j][j];
    for (let t = 0; t < j; t++) s -= L[j][t] * L[j][t];
    if (!(s > 0)) throw new Error("cholLower: matrix not positive definite");
    L[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < k; i++) {
      let r = A[i][j];
      for (let t = 0; t < j; t++) r -= L[i][t] * L[j][t];
      L[i][j] = r / L[j][j];
    }
  }
  return L;
}

/** Solves the symmetric positive-definite system A X = B (A k×k, B k×m) by Cholesky. */
export function cholSolve(A: Mat, B: Mat): Mat {
  const k = A.length;
  const L = cholLower(A);
  const m = B.length ? B[0].length : 0;
  const X: Mat = B.map((r) => r.slice());
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < k; i++) {
      let s = X[i][c];
      for (let t = 0; t < i; t++) s -= L[i][t] * X[t][c];
      X[i][c] = s / L[i][i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = X[i][c];
      for (let t = i + 1; t < k; t++) s -= L[t][i] * X[t][c];
      X[i][c] = s / L[i][i];
    }
  }
  return X;
}

/** Symmetric inverse by Cholesky. */
export function symInverse(A: Mat): Mat {
  const k = A.length;
  return cholSolve(A, Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))));
}

/** Euclidean norm of x[from..from+m), scaled against overflow (as Math.hypot). */
function norm2(x: Float64Array, from: number, m: number): number {
  let scale = 0;
  for (let i = from; i < from + m; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = from; i < from + m; i++) s += (x[i] / scale) * (x[i] / scale);
  return scale * Math.sqrt(s);
}

/**
 * Residuals of the least-squares fits of columns `ycols` of A on its columns `xcols` (A m×k,
 * column-major), as R's `resid(lm.fit(A[, xcols], A[, ycols]))`: each y column minus its
 * projection on span(x columns), returned m × |ycols| column-major. The basis of the span comes
 * from modified Gram–Schmidt with re-orthogonalization; a column whose remaining norm falls
 * below 1e-7 of its original norm is dropped (lm.fit's rank tolerance).
 */
export function lsResiduals(A: Float64Array, m: number, xcols: readonly number[], ycols: readonly number[]): Float64Array {
  const basis: Float64Array[] = [];
  for (const j of xcols) {
    const v = A.slice(j * m, (j + 1) * m);
    const n0 = norm2(v, 0, m);
    if (n0 === 0) continue;
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        let d = 0;
        for (let i = 0; i < m; i++) d += q[i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= d * q[i];
      }
    const nv = norm2(v, 0, m);
    if (nv <= 1e-7 * n0) continue;
    for (let i = 0; i < m; i++) v[i] /= nv;
    basis.push(v);
  }
  const R = new Float64Array(m * ycols.length);
  ycols.forEach((j, c) => {
    const off = c * m;
    R.set(A.subarray(j * m, (j + 1) * m), off);
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        let d = 0;
        for (let i = 0; i < m; i++) d += q[i] * R[off + i];
        for (let i = 0; i < m; i++) R[off + i] -= d * q[i];
      }
  });
  return R;
}

/**
 * lmerTest's `doolittle(x, eps = 1e-6)` on a symmetric k×k matrix: x = L U with L unit lower
 * triangular (entries below 1e-6 in absolute value zeroed; a column with a pivot |U_ii| < eps is
 * zero). Returns L.
 */
export function doolittleL(x: Mat, eps = 1e-6): Mat {
  const n = x.length;
  const L: Mat = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const U: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let u = x[i][j];
      for (let k = 0; k < i; k++) u -= L[i][k] * U[k][j];
      U[i][j] = u;
    }
    for (let j = i + 1; j < n; j++) {
      let l = x[j][i];
      for (let k = 0; k < i; k++) l -= L[j][k] * U[k][i];
      L[j][i] = Math.abs(U[i][i]) < eps ? 0 : l / U[i][i];
    }
  }
  return L.map((r) => r.map((v) => (Math.abs(v) < eps ? 0 : v)));
}

/** XᵀY for n-row column-major matrices X (n×a) and Y (n×b). */
export function crossprod(X: Float64Array, a: number, Y: Float64Array, b: number, n: number): Mat {
  const out: Mat = [];
  for (let i = 0; i < a; i++) {
    const row: number[] = [];
    const xi = i * n;
    for (let j = 0; j < b; j++) {
      const yj = j * n;
      let s = 0;
      for (let r = 0; r < n; r++) s += X[xi + r] * Y[yj + r];
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

/**
 * X⁺ Y = (XᵀX)⁻¹XᵀY (a×b, column-major) for a full-column-rank X (n×a) and Y (n×b), both
 * column-major, by Cholesky of XᵀX. Throws when XᵀX is not positive definite.
 */
export function pinvTimes(X: Float64Array, a: number, Y: Float64Array, b: number, n: number): Float64Array {
  const G = new Float64Array(a * a);
  for (let j = 0; j < a; j++)
    for (let i = j; i < a; i++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += X[i * n + r] * X[j * n + r];
      G[i + j * a] = s;
    }
  if (jsKernels.potrf(G, a) !== 0) throw new Error("pinvTimes: XᵀX not positive definite");
  const C = new Float64Array(a * b);
  const col = new Float64Array(a);
  for (let j = 0; j < b; j++) {
    for (let i = 0; i < a; i++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += X[i * n + r] * Y[j * n + r];
      col[i] = s;
    }
    trsvLower(G, a, col);
    trsvLowerTrans(G, a, col);
    C.set(col, j * a);
  }
  return C;
}
