/**
 * DHARMa's testQuantiles, with a stated difference in the smoother: do the 0.25, 0.5 and 0.75
 * quantiles of the scaled residuals sit at 0.25, 0.5, 0.75 whatever the predictor?
 *
 * The predictor (default: the population-level fitted response, DHARMa's default) is
 * rank-transformed to x ∈ [0, 1] (ties averaged), the scale DHARMa's residual plot uses. For each
 * quantile τ:
 * - **fit** (for the plot): linear quantile regression of the scaled residuals r on a cubic
 *   polynomial in x, r ~ 1 + P₁(x) + P₂(x) + P₃(x) (orthonormal polynomials, R's poly(x, 3)
 *   scaled), minimising Σ ρ_τ(rᵢ − fᵢ) with ρ_τ(u) = u(τ − 1{u < 0}) by iteratively reweighted
 *   least squares, finished on the basic solution (p observations interpolated) when that lowers
 *   the objective (the optimum of the linear program is such a vertex);
 * - **tests**: rank-score tests under H0 — the residuals are iid U(0, 1) and independent of x,
 *   so 1{rᵢ < τ} ~ Bernoulli(τ) exactly. Intercept (the τ-quantile is τ overall): the count
 *   #{rᵢ < τ} against Binomial(n, τ), exact two-sided binomial test. Shape (no trend in x): the
 *   score S = Pᵀψ with ψᵢ = τ − 1{rᵢ < τ} has covariance τ(1 − τ)I under H0, and
 *   ‖S‖²/(τ(1 − τ)) ~ χ²₃ asymptotically. As DHARMa: the quantile's p-value is the smaller
 *   Benjamini–Hochberg-adjusted p of the two, and the test's p-value the smallest BH-adjusted p
 *   over the quantiles.
 *
 * Difference from DHARMa: DHARMa fits qgam's penalized smooth quantile GAM res ~ s(pred) (on the
 * untransformed predictor) and tests the intercept and the smooth term with qgam's Wald tests;
 * we fit an unpenalized cubic on the rank scale and use score tests, which need no estimate of
 * the residual density (it is 1 under H0). The hypotheses are the same, the p-values are not
 * DHARMa's; with n < 8 distinct predictor values the shape part has fewer degrees of freedom.
 */
import { binomTestP } from "./htest.js";
import { pchisqUpper } from "../inference/ddf.js";
import { kernels, trsvLower, trsvLowerTrans } from "../linalg/index.js";

/** One quantile's fit and tests. */
export interface QuantileFit {
  /** τ. */
  readonly quantile: number;
  /** Polynomial coefficients on the orthonormal basis [1, P₁, …] of the rank-transformed predictor. */
  readonly coefficients: Float64Array;
  /** The fitted τ-quantile at each observation (same order as the residuals). */
  readonly fitted: Float64Array;
  /** Exact binomial test of #{r < τ} against Binomial(n, τ). */
  readonly pIntercept: number;
  /** Score test of the polynomial terms (χ² with `df` degrees of freedom). */
  readonly pShape: number;
  readonly df: number;
  /** min of the two BH-adjusted p-values. */
  readonly pValue: number;
}

/** Benjamini–Hochberg adjusted p-values (R's p.adjust(p, "BH")). */
export function pAdjustBH(p: readonly number[]): number[] {
  const n = p.length, order = p.map((_, i) => i).sort((a, b) => p[b] - p[a]), out = new Array<number>(n);
  let run = 1;
  order.forEach((i, k) => {
    run = Math.min(run, (p[i] * n) / (n - k));
    out[i] = run;
  });
  return out;
}

/** Ranks scaled to [0, 1]: (rank − 1)/(n − 1), ties given their average rank. */
export function rankScale(x: ArrayLike<number>): Float64Array {
  const n = x.length, order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]), out = new Float64Array(n);
  for (let k = 0; k < n; ) {
    let e = k;
    while (e + 1 < n && x[order[e + 1]] === x[order[k]]) e++;
    const r = n > 1 ? (k + e) / 2 / (n - 1) : 0.5;
    for (let j = k; j <= e; j++) out[order[j]] = r;
    k = e + 1;
  }
  return out;
}

/**
 * Orthonormal polynomial columns of degree 1…d in x (Gram–Schmidt on centred powers, each of unit
 * length): R's poly(x, d) up to sign. Columns that vanish (too few distinct x) are dropped.
 */
export function orthoPoly(x: ArrayLike<number>, degree: number): Float64Array[] {
  const n = x.length, cols: Float64Array[] = [];
  const one = new Float64Array(n).fill(1 / Math.sqrt(n));
  const basis = [one];
  for (let d = 1; d <= degree; d++) {
    const v = Float64Array.from(x, (t) => (t - 0.5) ** d);
    const norm0 = Math.sqrt(v.reduce((s, a) => s + a * a, 0));
    for (let pass = 0; pass < 2; pass++)
      for (const b of basis) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[i] * b[i];
        for (let i = 0; i < n; i++) v[i] -= dot * b[i];
      }
    const norm = Math.sqrt(v.reduce((s, a) => s + a * a, 0));
    if (!(norm > 1e-9 * Math.max(norm0, 1e-300))) continue;
    for (let i = 0; i < n; i++) v[i] /= norm;
    basis.push(v), cols.push(v);
  }
  return cols;
}

/** Solves the symmetric positive definite system A z = b (p × p, row-major) by Cholesky; null if singular. */
function solveSpd(A: number[][], b: number[]): number[] | null {
  const p = b.length, m = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) m[i + j * p] = A[i][j];
  if (kernels().potrf(m, p) !== 0) return null;
  const z = Float64Array.from(b);
  trsvLower(m, p, z);
  trsvLowerTrans(m, p, z);
  return Array.from(z);
}

/** Solves a general square system by Gaussian elimination with partial pivoting; null if singular. */
function solveSquare(A: number[][], b: number[]): number[] | null {
  const p = b.length, M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (!(Math.abs(M[piv][c]) > 1e-12)) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < p; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= p; k++) M[r][k] -= f * M[c][k];
    }
  }
  const z = new Array<number>(p);
  for (let r = p - 1; r >= 0; r--) {
    let s = M[r][p];
    for (let k = r + 1; k < p; k++) s -= M[r][k] * z[k];
    z[r] = s / M[r][r];
  }
  return z;
}

const checkLoss = (r: ArrayLike<number>, f: ArrayLike<number>, tau: number) => {
  let s = 0;
  for (let i = 0; i < r.length; i++) { const u = r[i] - f[i]; s += u * (tau - (u < 0 ? 1 : 0)); }
  return s;
};

/**
 * Linear quantile regression of y on the columns of X (X[j] a column; include a column of ones
 * for an intercept) at quantile τ: the minimiser of Σ ρ_τ(yᵢ − xᵢᵀβ) (see the module doc for
 * the algorithm). Returns β and the objective.
 */
export function quantileRegression(X: readonly Float64Array[], y: ArrayLike<number>, tau: number): { coefficients: Float64Array; objective: number } {
  const n = y.length, p = X.length;
  const fit = (b: ArrayLike<number>) => {
    const f = new Float64Array(n);
    for (let j = 0; j < p; j++) { const c = X[j], bj = b[j]; for (let i = 0; i < n; i++) f[i] += c[i] * bj; }
    return f;
  };
  const wls = (w: Float64Array): number[] | null => {
    const A = Array.from({ length: p }, () => new Array<number>(p).fill(0)), rhs = new Array<number>(p).fill(0);
    for (let a = 0; a < p; a++) {
      const xa = X[a];
      for (let b = 0; b <= a; b++) { const xb = X[b]; let s = 0; for (let i = 0; i < n; i++) s += w[i] * xa[i] * xb[i]; A[a][b] = A[b][a] = s; }
      let r = 0;
      for (let i = 0; i < n; i++) r += w[i] * xa[i] * y[i];
      rhs[a] = r;
    }
    return solveSpd(A, rhs);
  };
  let beta = wls(new Float64Array(n).fill(1)) ?? new Array<number>(p).fill(0);
  let best = checkLoss(y, fit(beta), tau), bestBeta = beta.slice();
  for (let eps = 1e-2; eps >= 1e-9; eps /= 10)
    for (let it = 0; it < 50; it++) {
      const f = fit(beta), w = new Float64Array(n);
      for (let i = 0; i < n; i++) { const u = y[i] - f[i]; w[i] = (u >= 0 ? tau : 1 - tau) / Math.max(Math.abs(u), eps); }
      const next = wls(w);
      if (!next) break;
      const change = next.reduce((s, v, j) => Math.max(s, Math.abs(v - beta[j])), 0);
      beta = next;
      const obj = checkLoss(y, fit(beta), tau);
      if (obj < best) (best = obj), (bestBeta = beta.slice());
      if (change < 1e-10) break;
    }
  // Vertex polish: interpolate the p observations closest to the IRLS fit.
  const f = fit(bestBeta), closest = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(y[a] - f[a]) - Math.abs(y[b] - f[b]));
  for (let start = 0; start + p <= Math.min(n, p + 4); start++) {
    const rows = closest.slice(start, start + p);
    const v = solveSquare(rows.map((i) => X.map((c) => c[i])), rows.map((i) => y[i]));
    if (!v) continue;
    const obj = checkLoss(y, fit(v), tau);
    if (obj < best - 1e-15 * Math.max(1, best)) (best = obj), (bestBeta = v);
  }
  return { coefficients: Float64Array.from(bestBeta), objective: best };
}

/**
 * DHARMa's testQuantiles on scaled residuals `r` against `predictor` (see the module doc):
 * per-quantile fits and tests, and the combined p-value. `fit = false` skips the regressions
 * (the tests do not need them; coefficients come back empty and fitted values NaN).
 */
export function quantileTests(r: ArrayLike<number>, predictor: ArrayLike<number>, quantiles: readonly number[], fit = true): { fits: QuantileFit[]; pValue: number } {
  const idx: number[] = [];
  for (let i = 0; i < r.length; i++) if (Number.isFinite(r[i]) && Number.isFinite(predictor[i])) idx.push(i);
  const rr = Float64Array.from(idx, (i) => r[i]), x = rankScale(Float64Array.from(idx, (i) => predictor[i])), n = rr.length;
  const P = orthoPoly(x, 3), X = [new Float64Array(n).fill(1), ...P];
  const fits = quantiles.map((tau): QuantileFit => {
    const coefficients = fit ? quantileRegression(X, rr, tau).coefficients : new Float64Array(0);
    let below = 0;
    const psi = Float64Array.from(rr, (v) => (v < tau ? (below++, tau - 1) : tau));
    const pIntercept = binomTestP(below, n, tau, "two.sided");
    let T = 0;
    for (const c of P) { let s = 0; for (let i = 0; i < n; i++) s += c[i] * psi[i]; T += s * s; }
    T /= tau * (1 - tau);
    const pShape = P.length ? pchisqUpper(T, P.length) : 1;
    const fittedSub = Float64Array.from({ length: n }, (_, i) => (fit ? X.reduce((s, c, j) => s + c[i] * coefficients[j], 0) : NaN));
    const fitted = new Float64Array(r.length).fill(NaN);
    idx.forEach((i, k) => (fitted[i] = fittedSub[k]));
    return { quantile: tau, coefficients, fitted, pIntercept, pShape, df: P.length, pValue: Math.min(...pAdjustBH([pIntercept, pShape])) };
  });
  return { fits, pValue: Math.min(...pAdjustBH(fits.map((f) => f.pValue))) };
}
