/**
 * The two classical tests behind DHARMa's uniformity and outlier tests, as R computes them:
 * `ks.test(x, "punif")` (one-sample Kolmogorov–Smirnov against U(0, 1)) and `binom.test`.
 */
import { dbinomLog } from "../glmm/family/densities.js";
import { lgamma } from "../glmm/family/special.js";
import { requireShape } from "../model/args.js";
import { notTheResult } from "../messages/args.js";

/** Alternatives of a test (R's names). */
export type Alternative = "two.sided" | "less" | "greater";

/** A statistic and its p-value. */
export interface TestValue {
  readonly statistic: number;
  readonly p: number;
}

/** C = A B for m × m row-major matrices. */
function mmul(A: Float64Array, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) {
      const a = A[i * m + k];
      if (a !== 0) for (let j = 0; j < m; j++) C[i * m + j] += a * B[k * m + j];
    }
  return C;
}

/** Aⁿ with a decimal exponent kept apart (values rescaled by 1e-140 when large). */
function mpow(A: Float64Array, m: number, n: number): { V: Float64Array; e: number } {
  if (n === 1) return { V: A.slice(), e: 0 };
  const half = mpow(A, m, Math.floor(n / 2));
  const B = mmul(half.V, half.V, m);
  let V = B, e = 2 * half.e;
  if (n % 2 === 1) V = mmul(A, B, m);
  const c = Math.floor(m / 2);
  if (V[c * m + c] > 1e140) { for (let i = 0; i < m * m; i++) V[i] *= 1e-140; e += 140; }
  return { V, e };
}

/**
 * P(Dₙ < d) for the two-sided one-sample statistic, exactly (Marsaglia, Tsang & Wang 2003,
 * "Evaluating Kolmogorov's distribution", without its right-tail shortcut, as R's
 * pkolmogorov2x). O(m³ log n) with m = 2⌊nd⌋ + 1.
 */
export function pKolmogorovExact(d: number, n: number): number {
  const k = Math.floor(n * d) + 1, m = 2 * k - 1, h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 < 0 ? 0 : 1;
  for (let i = 0; i < m; i++) {
    H[i * m] -= h ** (i + 1);
    H[(m - 1) * m + i] -= h ** (m - i);
  }
  H[(m - 1) * m] += 2 * h - 1 > 0 ? (2 * h - 1) ** m : 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      if (i - j + 1 > 0) for (let g = 1; g <= i - j + 1; g++) H[i * m + j] /= g;
  const { V, e } = mpow(H, m, n);
  let s = V[(k - 1) * m + k - 1], eQ = e;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) { s *= 1e140; eQ -= 140; }
  }
  return s * 10 ** eQ;
}

/** Kolmogorov's limiting distribution P(√n Dₙ ≤ x) (R's pkstwo, tolerance 1e-6). */
export function pKolmogorovLimit(x: number, tol = 1e-6): number {
  if (x <= 0) return 0;
  if (x < 1) {
    const kMax = Math.floor(Math.sqrt(2 - Math.log(tol)));
    const z = -(Math.PI * Math.PI) / 8 / (x * x), w = Math.log(x);
    let s = 0;
    for (let k = 1; k < kMax; k += 2) s += Math.exp(k * k * z - w);
    return s * Math.sqrt(2 * Math.PI);
  }
  const z = -2 * x * x;
  let sign = -1, k = 1, old = 0, next = 1;
  while (Math.abs(old - next) > tol) {
    old = next;
    next += 2 * sign * Math.exp(z * k * k);
    sign = -sign;
    k++;
  }
  return next;
}

/** Exact P(Dₙ⁺ ≥ d) of a one-sided statistic (Birnbaum & Tingey 1951; R's one-sided exact p-value). */
export function pKolmogorovOneSidedUpper(d: number, n: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  let s = 0;
  const lgn = lgamma(n + 1);
  for (let j = 0; j <= Math.floor(n * (1 - d)); j++)
    s += Math.exp(lgn - lgamma(j + 1) - lgamma(n - j + 1) + (n - j) * Math.log(1 - d - j / n) + (j - 1) * Math.log(d + j / n));
  return d * s;
}

/**
 * R's `ks.test(x, "punif", alternative)`: D = sup|Fₙ − F| (two.sided), sup(Fₙ − F) ("greater")
 * or sup(F − Fₙ) ("less"); p-values are exact for n < 100 without ties (two-sided: Marsaglia
 * et al.; one-sided: Birnbaum–Tingey), else from Kolmogorov's limit (two-sided) or exp(−2nD²)
 * (one-sided). Non-finite values are dropped.
 */
export function ksUniform(values: ArrayLike<number>, alternative: Alternative = "two.sided"): TestValue {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) requireShape("ksUniform", values, "an array of values in [0, 1]", ["[]"]);
  const x = Float64Array.from(values).filter(Number.isFinite).sort();
  const n = x.length;
  let dPlus = 0, dMinus = 0, ties = false;
  for (let i = 0; i < n; i++) {
    const f = Math.min(1, Math.max(0, x[i]));
    dPlus = Math.max(dPlus, (i + 1) / n - f);
    dMinus = Math.max(dMinus, f - i / n);
    if (i > 0 && x[i] === x[i - 1]) ties = true;
  }
  const D = alternative === "two.sided" ? Math.max(dPlus, dMinus) : alternative === "greater" ? dPlus : dMinus;
  if (n === 0) return { statistic: NaN, p: NaN };
  const exact = n < 100 && !ties;
  if (alternative !== "two.sided") return { statistic: D, p: Math.min(1, exact ? pKolmogorovOneSidedUpper(D, n) : Math.exp(-2 * n * D * D)) };
  const cdf = exact ? pKolmogorovExact(D, n) : pKolmogorovLimit(Math.sqrt(n) * D);
  return { statistic: D, p: Math.min(1, Math.max(0, 1 - cdf)) };
}

/** P(X ≤ x), X ~ Binomial(n, p), by summing the mass function. */
function pbinom(x: number, n: number, p: number): number {
  if (x < 0) return 0;
  if (x >= n) return 1;
  let s = 0;
  for (let i = 0; i <= x; i++) s += Math.exp(dbinomLog(i, n, p));
  return Math.min(1, s);
}

/** P(X > x). */
function pbinomUpper(x: number, n: number, p: number): number {
  if (x < 0) return 1;
  let s = 0;
  for (let i = Math.floor(x) + 1; i <= n; i++) s += Math.exp(dbinomLog(i, n, p));
  return Math.min(1, s);
}

/**
 * R's `binom.test(x, n, p)$p.value`: "less" P(X ≤ x), "greater" P(X ≥ x), "two.sided" the total
 * probability of outcomes no more likely than x (relative tolerance 1e-7, as R).
 */
export function binomTestP(x: number, n: number, p: number, alternative: Alternative = "two.sided"): number {
  if (![x, n, p].every((v) => typeof v === "number" && Number.isFinite(v))) throw notTheResult("binomTestP", "finite numbers x, n and p", [x, n, p]);
  if (alternative === "less") return pbinom(x, n, p);
  if (alternative === "greater") return pbinomUpper(x - 1, n, p);
  if (p === 0) return x === 0 ? 1 : 0;
  if (p === 1) return x === n ? 1 : 0;
  const d = Math.exp(dbinomLog(x, n, p)) * (1 + 1e-7), m = n * p;
  if (x === m) return 1;
  let y = 0;
  if (x < m) {
    for (let i = Math.ceil(m); i <= n; i++) if (Math.exp(dbinomLog(i, n, p)) <= d) y++;
    return Math.min(1, pbinom(x, n, p) + pbinomUpper(n - y, n, p));
  }
  for (let i = 0; i <= Math.floor(m); i++) if (Math.exp(dbinomLog(i, n, p)) <= d) y++;
  return Math.min(1, pbinom(y - 1, n, p) + pbinomUpper(x - 1, n, p));
}
