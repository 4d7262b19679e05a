/**
 * Random variates for `Family.simulate`, driven by a user-supplied uniform(0, 1) generator.
 * Exact algorithms (no approximations), but not R's: streams differ from R's `rbinom` etc.
 */
import { lgamma, qnorm } from "./special.js";

/** A uniform(0, 1) generator; values of exactly 0 or 1 are tolerated. */
export type Uniform = () => number;

/** A uniform in the open interval (0, 1). */
function openUniform(rng: Uniform): number {
  for (let i = 0; i < 1000; i++) {
    const u = rng();
    if (u > 0 && u < 1) return u;
  }
  throw new Error("the random-number generator returned no value inside (0, 1) in 1000 draws");
}

/** Standard normal by inversion: Φ⁻¹(U). */
export function rnorm(rng: Uniform): number {
  return qnorm(openUniform(rng));
}

/**
 * Gamma(shape, rate = 1): Marsaglia & Tsang (2000) squeeze method for shape ≥ 1; for shape < 1,
 * Gamma(shape + 1)·U^(1/shape).
 */
export function rgamma(shape: number, rng: Uniform): number {
  if (!(shape > 0) || !Number.isFinite(shape)) return shape === 0 ? 0 : NaN;
  if (shape < 1) return rgamma(shape + 1, rng) * Math.pow(openUniform(rng), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rnorm(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(rng);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Poisson(μ): inversion by sequential search for μ < 30; Hörmann's (1993) transformed rejection
 * with squeeze (PTRS) for larger μ.
 */
export function rpois(mu: number, rng: Uniform): number {
  if (!(mu >= 0) || !Number.isFinite(mu)) return NaN;
  if (mu === 0) return 0;
  if (mu < 30) {
    const u = rng();
    let k = 0;
    let p = Math.exp(-mu);
    let cdf = p;
    while (u > cdf && k < 1000) {
      k += 1;
      p *= mu / k;
      cdf += p;
    }
    return k;
  }
  const smu = Math.sqrt(mu);
  const b = 0.931 + 2.53 * smu;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const logMu = Math.log(mu);
  for (;;) {
    const u = openUniform(rng) - 0.5;
    const v = openUniform(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mu + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mu + k * logMu - lgamma(k + 1)) return k;
  }
}

/**
 * Binomial(n, p), n a non-negative integer: Bernoulli sums for n ≤ 40; otherwise the exact
 * beta-splitting recursion (the order statistic U₍ₐ₎ ~ Beta(a, n+1−a) decides which side of p
 * the remaining trials fall), which reduces n geometrically.
 */
export function rbinom(n: number, p: number, rng: Uniform): number {
  if (!(n >= 0) || !Number.isInteger(n) || !(p >= 0 && p <= 1)) return NaN;
  let total = 0;
  let m = n;
  let q = p;
  while (m > 40) {
    const a = 1 + Math.floor(m / 2);
    const b = m + 1 - a;
    const ga = rgamma(a, rng);
    const y = ga / (ga + rgamma(b, rng));
    if (y >= q) {
      // a − 1 of the first a − 1 order statistics are below y; successes are those below q
      m = a - 1;
      q = q / y;
    } else {
      total += a;
      m = b - 1;
      q = (q - y) / (1 - y);
    }
  }
  for (let i = 0; i < m; i++) if (rng() < q) total += 1;
  return total;
}

/**
 * Inverse Gaussian(μ, λ) (mean μ, shape λ, variance μ³/λ): Michael, Schucany & Haas (1976).
 */
export function rinvgauss(mu: number, lambda: number, rng: Uniform): number {
  if (!(mu > 0) || !(lambda > 0)) return NaN;
  const z = rnorm(rng);
  const y = z * z;
  const x = mu + (mu * mu * y) / (2 * lambda) - (mu / (2 * lambda)) * Math.sqrt(4 * mu * lambda * y + mu * mu * y * y);
  return rng() <= mu / (mu + x) ? x : (mu * mu) / x;
}
