/**
 * Functions of the gamma function that the non-exponential-family densities need beyond
 * `lgamma`: an accurate log-beta and log-binomial coefficient (beta and betabinomial densities);
 * digamma and trigamma are special.ts's, re-exported. Agree with R's `lbeta` to about 1e-14.
 */
import { lgamma, LN_SQRT_2PI, stirlingTail } from "../glmm/family/special.js";

export { digamma, trigamma } from "../glmm/family/special.js";

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
