/**
 * The count families of {@link obsLaplaceFamily} beyond poisson and the negative binomials, in
 * glmmTMB 1.1.5's parameterizations (log link; densities in `src/families/`):
 * - genpois: the generalized Poisson, Var y = μφ (glmmTMB's `sigma()` is φ);
 * - compois: Conway–Maxwell–Poisson with mean μ and ν = 1/φ (Var y ≈ μφ for large μ);
 * - truncated_poisson, truncated_nbinom2 (φ = θ): zero-truncated counts; with a ziformula
 *   they are glmmTMB's hurdle models (the zero-inflation probability is then the probability of
 *   a zero). μ = exp(η) is the untruncated mean; the conditional mean is μ/(1 − f(0)).
 */
import { genpoisLogDensity, dgenpoisLog } from "../../families/genpois.js";
import { logNonZero, truncatedNbinom2LogDensity, truncatedPoissonLogDensity } from "../../families/truncated.js";
import { dnbinomMuLog } from "../../families/counts.js";
import { compoisLogDensity, compoisLogPmf, compoisVariance } from "../../families/compois.js";
import { dpoisRawLog } from "./densities.js";
import { makeLink } from "./links.js";
import { rgamma, rpois } from "./random.js";
import type { ObsFamilySpec } from "./obsFamily.js";
import { countStart, moments } from "./nbinom.js";

const LOG = makeLink("log");

/**
 * Inversion by sequential search from y = `from`: the first y whose cumulative probability
 * (log-probabilities `logp(y)`) reaches a uniform draw; at most `max` steps (the last y then).
 */
function invert(logp: (y: number) => number, from: number, max: number, rng: () => number): number {
  const u = rng();
  let cdf = 0;
  let y = from;
  for (; y < from + max; y++) {
    cdf += Math.exp(logp(y));
    if (cdf >= u) return y;
  }
  return y;
}

/** A draw from a zero-truncated count: rejection when a zero is unlikely (P(0) < ½), else inversion from 1. */
function drawTruncated(draw: () => number, logp: (y: number) => number, logPos: number, rng: () => number): number {
  if (logPos > -Math.LN2) {
    for (let k = 0; k < 1000; k++) {
      const y = draw();
      if (y > 0) return y;
    }
  }
  return invert((y) => logp(y) - logPos, 1, 100000, rng);
}

/** Mean and variance of a count truncated at 0 from the untruncated mean μ, variance v and log(1 − f(0)). */
function truncatedMoments(mu: number, v: number, logPos: number): { m: number; v: number } {
  const pos = Math.exp(logPos);
  const m = mu / pos;
  return { m, v: (v + mu * mu) / pos - m * m };
}

/** glmmTMB's genpois: θ = μ/√φ, λ = 1 − 1/√φ, Var y = μφ. */
export const genpoisSpec: ObsFamilySpec = {
  name: "genpois",
  link: LOG,
  density: genpoisLogDensity,
  hasPhi: true,
  trials: false,
  initialize: (y, wt, label) => countStart("genpois", y, wt, label),
  startLogPhi(y, _mu, wt) {
    // φ from Var/mean, at least 1 (a start below 1 could put large counts outside the support).
    const { m, v } = moments(y, wt);
    return Math.log(Math.min(Math.max(v / m, 1), 100));
  },
  fisher: (mu, phi) => mu / phi,
  variance: (mu, phi) => mu * phi,
  draw: (mu, phi, _size, rng) => invert((y) => dgenpoisLog(y, mu, phi), 0, Math.ceil(mu + 60 * Math.sqrt(mu * phi) + 100), rng),
};

/** The count check, then: zeros are allowed only with a ziformula (obsLaplaceFamily checks that). */
const truncatedInit = (family: string) => (y: Float64Array, wt: Float64Array, label: string) => countStart(family, y, wt, label);

/** glmmTMB's truncated_poisson (zero-truncated; with a ziformula the hurdle poisson). */
export const truncatedPoissonSpec: ObsFamilySpec = {
  name: "truncated_poisson",
  link: LOG,
  density: truncatedPoissonLogDensity,
  hasPhi: false,
  trials: false,
  truncated: true,
  initialize: truncatedInit("truncated_poisson"),
  startLogPhi: () => 0,
  // The zero-truncated poisson is an exponential family in η: Fisher's information is Var y.
  fisher: (mu) => truncatedMoments(mu, mu, logNonZero(mu, Infinity)).v,
  variance: (mu) => truncatedMoments(mu, mu, logNonZero(mu, Infinity)).v,
  condMean: (mu) => mu / Math.exp(logNonZero(mu, Infinity)),
  draw: (mu, _phi, _size, rng) =>
    drawTruncated(() => rpois(mu, rng), (y) => dpoisRawLog(y, mu), logNonZero(mu, Infinity), rng),
};

/** glmmTMB's truncated_nbinom2, φ = θ (zero-truncated; with a ziformula the hurdle negative binomial). */
export const truncatedNbinom2Spec: ObsFamilySpec = {
  name: "truncated_nbinom2",
  link: LOG,
  density: truncatedNbinom2LogDensity,
  hasPhi: true,
  trials: false,
  truncated: true,
  initialize: truncatedInit("truncated_nbinom2"),
  startLogPhi(y, _mu, wt) {
    const { m, v } = moments(y, wt);
    return Math.log(v > m * 1.01 ? (m * m) / (v - m) : 100);
  },
  // The untruncated nbinom2's GLM weight (only a positive fallback for the Newton steps).
  fisher: (mu, th) => (th * mu) / (th + mu),
  variance: (mu, th) => truncatedMoments(mu, mu + (mu * mu) / th, logNonZero(mu, th)).v,
  condMean: (mu, th) => mu / Math.exp(logNonZero(mu, th)),
  draw: (mu, th, _size, rng) =>
    drawTruncated(() => rpois((rgamma(th, rng) * mu) / th, rng), (y) => dnbinomMuLog(y, th, mu), logNonZero(mu, th), rng),
};

/** glmmTMB's compois: Conway–Maxwell–Poisson with mean μ, ν = 1/φ (λ solved from the mean). */
export const compoisSpec: ObsFamilySpec = {
  name: "compois",
  link: LOG,
  density: compoisLogDensity,
  hasPhi: true,
  trials: false,
  initialize: (y, wt, label) => countStart("compois", y, wt, label),
  startLogPhi(y, _mu, wt) {
    const { m, v } = moments(y, wt);
    return Math.log(Math.min(Math.max(v / m, 0.1), 20));
  },
  // An exponential family in log λ: Fisher's information in η is μ²/Var y.
  fisher: (mu, phi) => (mu * mu) / compoisVariance(mu, phi),
  variance: (mu, phi) => compoisVariance(mu, phi),
  draw: (mu, phi, _size, rng) => invert(compoisLogPmf(mu, phi), 0, Math.ceil(mu + 60 * Math.sqrt(mu * Math.max(phi, 1)) + 100), rng),
};
