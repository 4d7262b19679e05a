/**
 * Functions of the gamma function that the non-exponential-family densities need beyond
 * `lgamma`: the digamma ψ = (log Γ)′ and trigamma ψ′ functions (derivatives of the densities in
 * their dispersion parameters) and an accurate log-beta (beta and betabinomial densities).
 * Written for lme4ts; agree with R's `digamma`, `trigamma` and `lbeta` to about 1e-14.
 */
import { lgamma, LN_SQRT_2PI, stirlingTail } from "../glmm/family/special.js";

// Asymptotic series ψ(x) ≈ log x − 1/(2x) − Σ B_{2k} / (2k x^{2k}), k = 1..7.
const DIGAMMA_SERIES = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];
// Asymptotic series ψ′(x) ≈ 1/x + 1/(2x²) + Σ B_{2k} / x^{2k+1}, k = 1..7.
const TRIGAMMA_SERIES = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6];
const ASYMPTOTIC_FROM = 12;

/**
 * The digamma function ψ(x) = d log Γ(x) / dx for x > 0 (NaN otherwise): the recurrence
 * ψ(x) = ψ(x + 1) − 1/x up to x ≥ 12, then the asymptotic series (7 terms, error < 1e-17).
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let acc = 0;
  let z = x;
  while (z < ASYMPTOTIC_FROM) {
    acc -= 1 / z;
    z += 1;
  }
  const r = 1 / (z * z);
  let s = 0;
  for (let k = DIGAMMA_SERIES.length - 1; k >= 0; k--) s = s * r + DIGAMMA_SERIES[k]!;
  return acc + Math.log(z) - 0.5 / z - s * r;
}

/**
 * The trigamma function ψ′(x) = d² log Γ(x) / dx² for x > 0 (NaN otherwise): the recurrence
 * ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 12, then the asymptotic series.
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return 0;
  let acc = 0;
  let z = x;
  while (z < ASYMPTOTIC_FROM) {
    acc += 1 / (z * z);
    z += 1;
  }
  const r = 1 / (z * z);
  let s = 0;
  for (let k = TRIGAMMA_SERIES.length - 1; k >= 0; k--) s = s * r + TRIGAMMA_SERIES[k]!;
  return acc + 1 / z + 0.5 * r + (s * r) / z;
}

/**
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0, arranged as R's `lbeta` to
 * avoid cancellation when an argument is large: with p = min, q = max, Stirling's series for the
 * large ones (p ≥ 15: both; q ≥ 15: q and p + q), the plain sum of log-gammas otherwise.
 */
export function lbeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p > 0)) return p === 0 ? Infinity : NaN;
  if (q === Infinity) return -Infinity;
  const pq = p + q;
  if (p >= 15) {
    const corr = stirlingTail(p) + stirlingTail(q) - stirlingTail(pq);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / pq) + q * Math.log1p(-p / pq);
  }
  if (q >= 15) {
    const corr = stirlingTail(q) - stirlingTail(pq);
    return lgamma(p) + corr + p - p * Math.log(pq) + (q - 0.5) * Math.log1p(-p / pq);
  }
  return lgamma(p) + lgamma(q) - lgamma(pq);
}

/** log of the binomial coefficient C(n, k) for 0 ≤ k ≤ n (real arguments allowed). */
export function lchoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - lbeta(n - k + 1, k + 1);
}
