/**
 * Differences ψ(x + k) − ψ(x) and ψ′(x + k) − ψ′(x) that the count and betabinomial densities
 * need (k a count, x a size or shape parameter). For whole k ≤ 200 they are the finite sums
 * Σ_{j<k} 1/(x + j) and −Σ_{j<k} 1/(x + j)², exact where the difference of two large digammas
 * would cancel (x ≫ k, the poisson limit of the negative binomial); otherwise the difference.
 */
import { digamma, trigamma } from "./gammafns.js";

const MAX_SUM = 200;

/** ψ(x + k) − ψ(x), x > 0, k ≥ 0. */
export function digammaDiff(x: number, k: number): number {
  if (k === 0) return 0;
  if (Number.isInteger(k) && k <= MAX_SUM) {
    let s = 0;
    for (let j = 0; j < k; j++) s += 1 / (x + j);
    return s;
  }
  return digamma(x + k) - digamma(x);
}

/** ψ′(x + k) − ψ′(x), x > 0, k ≥ 0. */
export function trigammaDiff(x: number, k: number): number {
  if (k === 0) return 0;
  if (Number.isInteger(k) && k <= MAX_SUM) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const t = x + j;
      s -= 1 / (t * t);
    }
    return s;
  }
  return trigamma(x + k) - trigamma(x);
}
