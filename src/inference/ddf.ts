/**
 * Shared numerics of the tests and df methods: tail probabilities of the χ², t and F
 * distributions, Richardson-extrapolated finite differences (numDeriv's method, as lmerTest
 * uses), and a small symmetric eigen-decomposition with a Moore–Penrose inverse.
 */
import { lgamma, pnorm } from "../glmm/family/index.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { ddfNotForGlmm } from "../messages/inference.js";
import { requireFittedModel } from "../model/args.js";

const EPS = 1e-15;
const TINY = 1e-300;

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a). Series for P when x < a + 1
 * (then Q = 1 − P is not small), Lentz's continued fraction for Q otherwise (keeps relative
 * accuracy in the far tail, e.g. Q ≈ 1e-300).
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logFront = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    let ap = a, sum = 1 / a, del = sum;
    for (let i = 0; i < 10000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logFront);
  }
  let b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(logFront) * h;
}

/** Upper tail P(χ²_df > x) (R's `pchisq(x, df, lower.tail = FALSE)`); NaN for df ≤ 0. */
export function pchisqUpper(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  return gammaQ(df / 2, x / 2);
}

/** Continued fraction of the incomplete beta (Lentz), for x < (a+1)/(a+b+2). */
function betaCF(x: number, a: number, b: number): number {
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b), given x and y = 1 − x separately (so that a tail
 * close to 1 keeps its accuracy). Each side is computed directly by the continued fraction on
 * the side where it converges, so small probabilities keep full relative accuracy.
 */
export function betaI(x: number, y: number, a: number, b: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  const logFront = a * Math.log(x) + b * Math.log(y) - (lgamma(a) + lgamma(b) - lgamma(a + b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logFront) * betaCF(x, a, b)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(logFront) * betaCF(y, b, a)) / b;
  return { lower: 1 - upper, upper };
}

/**
 * Two-sided t test p-value 2 P(T_df > |t|) = I_{df/(df+t²)}(df/2, ½) (R's
 * `2 * pt(abs(t), df, lower.tail = FALSE)`); the normal limit for df = ∞. Non-integer df allowed.
 */
export function ptTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return 2 * pnorm(-Math.abs(t));
  const t2 = t * t;
  return betaI(df / (df + t2), t2 / (df + t2), df / 2, 0.5).lower;
}

/** Upper tail P(F_{d1,d2} > f) (R's `pf(f, d1, d2, lower.tail = FALSE)`). */
export function pfUpper(f: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0) || Number.isNaN(f)) return NaN;
  if (f <= 0) return 1;
  if (d2 === Infinity) return pchisqUpper(f * d1, d1);
  const s = d2 + d1 * f;
  return betaI(d2 / s, (d1 * f) / s, d2 / 2, d1 / 2).lower;
}

// ---------------------------------------------------------------------------------------------
// Finite differences with Richardson extrapolation (numDeriv's scheme: central differences at
// h, h/2, h/4, h/8 combined to cancel the h², h⁴, h⁶ error terms). Default steps are 10× numDeriv's
// (d = 1e-3 relative, eps = 1e-3 absolute near 0): with four Richardson levels the truncation
// error stays negligible and rounding noise in f is amplified 100× less in second derivatives.

/** Options of the Richardson differences. */
export interface RichardsonOptions {
  /** Relative step (default 1e-3). */
  readonly d?: number;
  /** Absolute step for coordinates near 0 (default 1e-3). */
  readonly eps?: number;
  /** Number of step sizes (default 4, each half the previous). */
  readonly r?: number;
  /** Explicit initial steps per coordinate (override d and eps). */
  readonly h?: ArrayLike<number>;
}

function steps(x: ArrayLike<number>, o: RichardsonOptions): Float64Array {
  if (o.h) return Float64Array.from(o.h);
  const d = o.d ?? 1e-3, eps = o.eps ?? 1e-3, zeroTol = Math.sqrt(Number.EPSILON / 7e-7);
  return Float64Array.from(x, (v) => (Math.abs(v) < zeroTol ? eps : d * Math.abs(v)));
}

/** Richardson extrapolation of central-difference estimates A(h/2^i), i = 0..r−1 (error O(h²) per level). */
function extrapolate(est: Float64Array[]): Float64Array {
  const a = est.map((e) => e.slice());
  for (let k = 1; k < a.length; k++) {
    const f = 4 ** k;
    for (let i = 0; i < a.length - k; i++) for (let j = 0; j < a[i].length; j++) a[i][j] = (f * a[i + 1][j] - a[i][j]) / (f - 1);
  }
  return a[0];
}

/**
 * Jacobian of a vector function g: ℝᵏ → ℝᵐ at x by Richardson-extrapolated central differences
 * (numDeriv::jacobian's method). Returns k columns, each the m-vector ∂g/∂x_j.
 */
export function jacobianRichardson(g: (x: Float64Array) => Float64Array, x: ArrayLike<number>, o: RichardsonOptions = {}): Float64Array[] {
  const k = x.length, r = o.r ?? 4, h0 = steps(x, o);
  const x0 = Float64Array.from(x);
  const cols: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const est: Float64Array[] = [];
    for (let i = 0; i < r; i++) {
      const h = h0[j] / 2 ** i;
      const xp = Float64Array.from(x0), xm = Float64Array.from(x0);
      xp[j] += h; xm[j] -= h;
      const gp = g(xp), gm = g(xm);
      const e = new Float64Array(gp.length);
      for (let t = 0; t < e.length; t++) e[t] = (gp[t] - gm[t]) / (2 * h);
      est.push(e);
    }
    cols.push(extrapolate(est));
  }
  return cols;
}

/**
 * Hessian (k×k, column-major, symmetric) of f at x by Richardson-extrapolated second
 * differences: H_ii from (f(x+h e_i) − 2f(x) + f(x−h e_i))/h², H_ij from the four-point
 * stencil (f₊₊ − f₊₋ − f₋₊ + f₋₋)/(4 h_i h_j); 2k + 4·k(k−1)/2 evaluations per step size.
 * Close to numDeriv::hessian (lmerTest's choice); a non-finite value gives NaN entries.
 */
export function hessianRichardson(f: (x: Float64Array) => number, x: ArrayLike<number>, o: RichardsonOptions = {}): Float64Array {
  const k = x.length, r = o.r ?? 4, h0 = steps(x, o);
  const x0 = Float64Array.from(x);
  const f0 = f(Float64Array.from(x0));
  const at = (di: number, hi: number, dj: number, hj: number, i: number, j: number) => {
    const y = Float64Array.from(x0);
    y[i] += di * hi;
    y[j] += dj * hj;
    return f(y);
  };
  const H = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const est: Float64Array[] = [];
      for (let s = 0; s < r; s++) {
        const hi = h0[i] / 2 ** s, hj = h0[j] / 2 ** s;
        let v: number;
        if (i === j) {
          const y1 = Float64Array.from(x0), y2 = Float64Array.from(x0);
          y1[i] += hi; y2[i] -= hi;
          v = (f(y1) - 2 * f0 + f(y2)) / (hi * hi);
        } else {
          v = (at(1, hi, 1, hj, i, j) - at(1, hi, -1, hj, i, j) - at(-1, hi, 1, hj, i, j) + at(-1, hi, -1, hj, i, j)) / (4 * hi * hj);
        }
        est.push(Float64Array.of(v));
      }
      H[i + j * k] = H[j + i * k] = extrapolate(est)[0];
    }
  }
  return H;
}

// ---------------------------------------------------------------------------------------------
// Small dense symmetric linear algebra.

import { symEigen } from "../linalg/symEigen.js";
export { symEigen };

/**
 * Moore–Penrose inverse of a symmetric matrix from its eigen-decomposition, keeping the
 * eigenvalues above `tol` (lmerTest's treatment of the Hessian: zero and negative directions
 * are dropped). Also returns the eigenvalues for diagnostics.
 */
export function pseudoInverseSym(A: ArrayLike<number>, k: number, tol = 1e-8): { inverse: Float64Array; values: Float64Array } {
  const { values, vectors } = symEigen(A, k);
  const inv = new Float64Array(k * k);
  for (let e = 0; e < k; e++) {
    if (!(values[e] > tol)) continue;
    const w = 1 / values[e];
    for (let j = 0; j < k; j++) {
      const vj = vectors[j + e * k] * w;
      for (let i = 0; i < k; i++) inv[i + j * k] += vectors[i + e * k] * vj;
    }
  }
  return { inverse: inv, values };
}

/** c'Mc for a k×k column-major M. */
export function quadForm(c: ArrayLike<number>, M: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) {
    if (c[j] === 0) continue;
    let t = 0;
    for (let i = 0; i < k; i++) t += c[i] * M[i + j * k];
    s += t * c[j];
  }
  return s;
}

/** One fixed-effect contrast c'β tested with approximate t: estimate, SE, df, t, two-sided p. */
export interface ContrastTest {
  readonly name: string;
  readonly contrast: Float64Array;
  readonly estimate: number;
  readonly se: number;
  readonly df: number;
  readonly statistic: number;
  readonly p: number;
}

/** The unit contrasts e_j, one per fixed effect. */
export function unitContrasts(p: number): Float64Array[] {
  return Array.from({ length: p }, (_, j) => {
    const c = new Float64Array(p);
    c[j] = 1;
    return c;
  });
}

/** Throws unless the model is an lmer fit (df methods are for LMMs). */
export function requireLmm(model: LmerMod | GlmerMod, method: string): LmerMod {
  requireFittedModel(method, model);
  if (model.kind !== "lmerMod") throw ddfNotForGlmm(method);
  return model;
}
