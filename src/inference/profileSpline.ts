/**
 * The splines of a profile (R's splines::interpSpline and backSpline, as lme4 uses them):
 *
 * - forward: the natural interpolating cubic spline of ζ on the parameter (second derivative 0
 *   at both ends), stored per knot as ζ_i + b_i t + c_i t² + d_i t³ with t = x − x_i;
 * - backward: its inverse for a monotone ζ, a piecewise cubic in ζ through the same points whose
 *   slopes at the knots are 1/b_i (quadratic pieces at both ends whose curvature is dropped if it
 *   points the wrong way) — R's construction, so intervals match lme4's.
 *
 * Evaluation outside the knots gives NaN (R's predict.polySpline gives NA there).
 */

/** A piecewise polynomial: knots ascending, coefficient rows [a, b, c, d] per knot. */
export interface PolySpline {
  readonly knots: Float64Array;
  /** 4 × nknots, row i = (a_i, b_i, c_i, d_i) at offset 4i. */
  readonly coef: Float64Array;
}

/** Natural cubic interpolating spline through (x_i, y_i), x strictly increasing, n ≥ 4 (as R). */
export function interpSpline(x: ArrayLike<number>, y: ArrayLike<number>): PolySpline | null {
  const n = x.length;
  if (n < 4) return null;
  const h = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    h[i] = x[i + 1] - x[i];
    if (!(h[i] > 0)) return null;
  }
  // Second derivatives M (M_0 = M_{n−1} = 0) from the tridiagonal system (Thomas algorithm).
  const M = new Float64Array(n);
  const m = n - 2;
  const diag = new Float64Array(m), rhs = new Float64Array(m);
  for (let i = 1; i <= m; i++) {
    diag[i - 1] = 2 * (h[i - 1] + h[i]);
    rhs[i - 1] = 6 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]);
  }
  for (let i = 1; i < m; i++) {
    const w = h[i] / diag[i - 1];
    diag[i] -= w * h[i];
    rhs[i] -= w * rhs[i - 1];
  }
  for (let i = m - 1; i >= 0; i--) M[i + 1] = (rhs[i] - (i + 1 < m ? h[i + 1] * M[i + 2] : 0)) / diag[i];
  const coef = new Float64Array(4 * n);
  for (let i = 0; i < n - 1; i++) {
    coef[4 * i] = y[i];
    coef[4 * i + 1] = (y[i + 1] - y[i]) / h[i] - (h[i] * (2 * M[i] + M[i + 1])) / 6;
    coef[4 * i + 2] = M[i] / 2;
    coef[4 * i + 3] = (M[i + 1] - M[i]) / (6 * h[i]);
  }
  const l = n - 1;
  coef[4 * l] = y[l];
  coef[4 * l + 1] = (y[l] - y[l - 1]) / h[l - 1] + (h[l - 1] * (M[l - 1] + 2 * M[l])) / 6;
  return { knots: Float64Array.from(x), coef };
}

/** The inverse spline of a monotone increasing forward spline (R's backSpline); null if not monotone. */
export function backSpline(fwd: PolySpline): PolySpline | null {
  const nk = fwd.knots.length, nkm1 = nk - 1;
  const knots = fwd.knots, c = fwd.coef;
  const bknots = new Float64Array(nk);
  for (let i = 0; i < nk; i++) bknots[i] = c[4 * i];
  const adiff = new Float64Array(nkm1), kdiff = new Float64Array(nkm1);
  for (let i = 0; i < nkm1; i++) {
    adiff[i] = bknots[i + 1] - bknots[i];
    kdiff[i] = knots[i + 1] - knots[i];
    if (!(adiff[i] > 0)) return null;
  }
  const b = new Float64Array(4 * nk);
  for (let i = 0; i < nk; i++) { b[4 * i] = knots[i]; b[4 * i + 1] = 1 / c[4 * i + 1]; }
  for (let i = 0; i < nkm1; i++) {
    // [a², a³; 2a, 3a²] (c3, c4) = (kdiff − a b_i, b_{i+1} − b_i)
    const a = adiff[i], r1 = kdiff[i] - a * b[4 * i + 1], r2 = b[4 * (i + 1) + 1] - b[4 * i + 1];
    const det = a * a * 3 * a * a - a * a * a * 2 * a; // = a⁴
    b[4 * i + 2] = (r1 * 3 * a * a - a * a * a * r2) / det;
    b[4 * i + 3] = (a * a * r2 - 2 * a * r1) / det;
  }
  b[4 * nkm1 + 1] = b[4 * nkm1 + 2] = b[4 * nkm1 + 3] = NaN;
  if (nk > 2) {
    b[3] = 0;
    b[4 * (nkm1 - 1) + 3] = 0;
    // [a, a²; 1, 2a] (b1, c1) = (kdiff_1, 1/slope_2)
    const a = adiff[0], r1 = kdiff[0], r2 = 1 / c[4 + 1];
    const det = 2 * a * a - a * a;
    b[1] = (r1 * 2 * a - a * a * r2) / det;
    b[2] = (a * r2 - r1) / det;
    const j = nkm1 - 1;
    b[4 * j + 2] = (kdiff[j] - adiff[j] * b[4 * j + 1]) / adiff[j] ** 2;
  }
  if (b[2] > 0) { b[2] = 0; b[1] = kdiff[0] / adiff[0]; }
  const j = nkm1 - 1;
  if (b[4 * j + 2] < 0) { b[4 * j + 2] = 0; b[4 * j + 1] = kdiff[j] / adiff[j]; }
  return { knots: bknots, coef: b };
}

/** Evaluates a spline at x: piece i on (k_i, k_{i+1}] (the first also at k_0); NaN outside. */
export function evalSpline(s: PolySpline, x: number, deriv = 0): number {
  const k = s.knots, n = k.length;
  if (!(x >= k[0] && x <= k[n - 1])) return NaN;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x > k[mid]) lo = mid;
    else hi = mid;
  }
  const i = lo, t = x - k[i], c = s.coef;
  if (deriv === 1) return c[4 * i + 1] + t * (2 * c[4 * i + 2] + t * 3 * c[4 * i + 3]);
  return c[4 * i] + t * (c[4 * i + 1] + t * (c[4 * i + 2] + t * c[4 * i + 3]));
}

/** Linear interpolation of y on x (x ascending); NaN outside (R's approxfun). */
export function linearInterp(x: ArrayLike<number>, y: ArrayLike<number>, at: number): number {
  const n = x.length;
  if (n === 0 || !(at >= x[0] && at <= x[n - 1])) return NaN;
  for (let i = 0; i < n - 1; i++)
    if (at <= x[i + 1]) return x[i + 1] === x[i] ? y[i] : y[i] + ((y[i + 1] - y[i]) * (at - x[i])) / (x[i + 1] - x[i]);
  return y[n - 1];
}
