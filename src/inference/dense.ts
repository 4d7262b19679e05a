/**
 * Small dense matrix helpers for hypothesis matrices (p × p with p the number of fixed effects):
 * row-major `number[][]`. Not for large problems: O(p³) with no blocking.
 */

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

/** R's `zapsmall(x, digits = 7)`: rounds to 7 − ceil(log10(max|x|)) decimals (at least 0). */
export function zapsmall(A: Mat, digits = 7): Mat {
  let mx = 0;
  for (const r of A) for (const v of r) if (Number.isFinite(v)) mx = Math.max(mx, Math.abs(v));
  const d = mx > 0 ? Math.max(0, digits - Math.ceil(Math.log10(mx))) : digits;
  const f = 10 ** d;
  return A.map((r) => r.map((v) => Math.round(v * f) / f + 0));
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

/** Euclidean norm, scaled against overflow (Math.hypot's result without its argument spread). */
function norm2(v: readonly number[]): number {
  let scale = 0;
  for (const x of v) scale = Math.max(scale, Math.abs(x));
  if (scale === 0) return 0;
  let s = 0;
  for (const x of v) s += (x / scale) * (x / scale);
  return scale * Math.sqrt(s);
}

/**
 * Residuals of the least-squares fits of each column of Y on the columns of X (both m rows), as
 * R's `resid(lm.fit(X, Y))`: Y minus its projection on span(X). The basis of span(X) comes from
 * modified Gram–Schmidt with re-orthogonalization; a column whose remaining norm falls below
 * 1e-7 of its original norm is dropped (lm.fit's rank tolerance).
 */
export function lsResiduals(X: Mat, Y: Mat): Mat {
  const m = X.length, a = m ? X[0].length : 0, b = m ? Y[0].length : 0;
  const basis: number[][] = [];
  for (let j = 0; j < a; j++) {
    const v = X.map((r) => r[j]);
    const n0 = norm2(v);
    if (n0 === 0) continue;
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        let d = 0;
        for (let i = 0; i < m; i++) d += q[i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= d * q[i];
      }
    const nv = norm2(v);
    if (nv <= 1e-7 * n0) continue;
    basis.push(v.map((x) => x / nv));
  }
  const R: Mat = Y.map((r) => r.slice());
  for (let c = 0; c < b; c++)
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        let d = 0;
        for (let i = 0; i < m; i++) d += q[i] * R[i][c];
        for (let i = 0; i < m; i++) R[i][c] -= d * q[i];
      }
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
  const out: Mat = Array.from({ length: a }, () => new Array<number>(b).fill(0));
  for (let i = 0; i < a; i++) {
    const xi = X.subarray(i * n, (i + 1) * n);
    for (let j = 0; j < b; j++) {
      const yj = Y.subarray(j * n, (j + 1) * n);
      let s = 0;
      for (let r = 0; r < n; r++) s += xi[r] * yj[r];
      out[i][j] = s;
    }
  }
  return out;
}
