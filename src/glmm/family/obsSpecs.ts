/**
 * The per-observation families of {@link obsLaplaceFamily} in glmmTMB 1.1.5's
 * parameterizations: beta (logit, precision φ), betabinomial (logit, α = μφ, β = (1 − μ)φ),
 * and, for zero-inflation and dispersion models, poisson, nbinom2 (φ = θ), nbinom1 (Var = μ(1 + φ))
 * and gaussian (φ = σ²); genpois and the zero-truncated counts are in countSpecs.ts. The densities and their derivatives are in `src/families/`.
 */
import { betaLogDensity, betabinomialLogDensity, gaussianLogDensity } from "../../families/proportions.js";
import { nbinom1LogDensity, nbinom2LogDensity, poissonLogDensity } from "../../families/counts.js";
import { trigamma } from "../../families/gammafns.js";
import { makeLink } from "./links.js";
import { rbinom, rgamma, rnorm, rpois } from "./random.js";
import type { ObsFamilySpec } from "./obsFamily.js";
import { betaOutOfRange, betabinomialInvalid, responseNotFinite } from "../../messages/family.js";
import { countStart, moments } from "./nbinom.js";
import { compoisSpec, genpoisSpec, truncatedNbinom2Spec, truncatedPoissonSpec } from "./countSpecs.js";

/** Rows (0-based, weight ≠ 0) where `bad` holds. */
function badRows(y: Float64Array, wt: Float64Array, bad: (v: number, i: number) => boolean): number[] {
  const r: number[] = [];
  for (let i = 0; i < y.length; i++) if (wt[i] !== 0 && bad(y[i]!, i)) r.push(i);
  return r;
}

function checkFinite(family: string, y: Float64Array, wt: Float64Array): void {
  const r = badRows(y, wt, (v) => !Number.isFinite(v));
  if (r.length) throw responseNotFinite(family, r);
}

const LOGIT = makeLink("logit");
const LOG = makeLink("log");
const IDENTITY = makeLink("identity");

function rbeta(a: number, b: number, rng: () => number): number {
  const x = rgamma(a, rng);
  const z = rgamma(b, rng);
  return x / (x + z);
}

/** glmmTMB's `beta_family()`: y ∈ (0, 1), logit link, Var y = μ(1 − μ)/(1 + φ). */
export const betaSpec: ObsFamilySpec = {
  name: "beta",
  link: LOGIT,
  density: betaLogDensity,
  hasPhi: true,
  trials: false,
  initialize(y, wt, label) {
    checkFinite("beta", y, wt);
    const r = badRows(y, wt, (v) => !(v > 0 && v < 1));
    if (r.length) throw betaOutOfRange(label, r);
    const { m } = moments(y, wt);
    return y.map((v) => (v + m) / 2);
  },
  startLogPhi(y, _mu, wt) {
    const { m, v } = moments(y, wt);
    return Math.log(Math.max((m * (1 - m)) / v - 1, 0.1));
  },
  fisher(mu, phi) {
    const m1 = mu * (1 - mu);
    return phi * phi * m1 * m1 * (trigamma(mu * phi) + trigamma((1 - mu) * phi));
  },
  variance: (mu, phi) => (mu * (1 - mu)) / (1 + phi),
  draw: (mu, phi, _size, rng) => rbeta(mu * phi, (1 - mu) * phi, rng),
};

/**
 * glmmTMB's `betabinomial()`: successes out of n trials (y the proportion, the weight n, as a
 * cbind() response), logit link, Var(successes) = nμ(1 − μ)(1 + (n − 1)/(φ + 1)).
 */
export const betabinomialSpec: ObsFamilySpec = {
  name: "betabinomial",
  link: LOGIT,
  density: betabinomialLogDensity,
  hasPhi: true,
  trials: true,
  initialize(y, wt, label) {
    checkFinite("betabinomial", y, wt);
    const r = badRows(y, wt, (v, i) => {
      const n = wt[i]!;
      const k = v * n;
      return !(v >= 0 && v <= 1 && n > 0 && Number.isInteger(n) && Math.abs(k - Math.round(k)) < 1e-7 * Math.max(1, k));
    });
    if (r.length) throw betabinomialInvalid(label, r);
    return y.map((v, i) => (wt[i]! * v + 0.5) / (wt[i]! + 1));
  },
  startLogPhi(y, mu, wt) {
    // Moment estimate of the intra-class correlation ρ = 1/(1 + φ): Σ (k − nμ)² = Σ nμ(1 − μ)(1 + (n − 1)ρ).
    let num = 0;
    let den = 0;
    for (let i = 0; i < y.length; i++) {
      const n = wt[i]!;
      const v = n * mu[i]! * (1 - mu[i]!);
      num += (n * y[i]! - n * mu[i]!) ** 2 - v;
      den += v * (n - 1);
    }
    const rho = Math.min(Math.max(den > 0 ? num / den : 0.1, 0.01), 0.9);
    return Math.log(1 / rho - 1);
  },
  fisher: (mu, phi, size) => (size * mu * (1 - mu)) / (1 + (size - 1) / (phi + 1)),
  variance: (mu, phi, size) => (mu * (1 - mu) * (1 + (size - 1) / (phi + 1))) / size,
  draw: (mu, phi, size, rng) => rbinom(size, rbeta(mu * phi, (1 - mu) * phi, rng), rng) / size,
};

/** The count families' response check and start (nbinom.ts's): finite, ≥ 0, whole; μ⁽⁰⁾ = y + 0.1. */
const countInit = (family: string) => (y: Float64Array, wt: Float64Array, label: string) => countStart(family, y, wt, label);

/** Poisson, log link (for zero-inflated poisson). */
export const poissonSpec: ObsFamilySpec = {
  name: "poisson",
  link: LOG,
  density: poissonLogDensity,
  hasPhi: false,
  trials: false,
  initialize: countInit("poisson"),
  startLogPhi: () => 0,
  fisher: (mu) => mu,
  variance: (mu) => mu,
  draw: (mu, _phi, _size, rng) => rpois(mu, rng),
};

/** glmmTMB's nbinom2 with φ = θ: Var y = μ + μ²/θ. */
export const nbinom2Spec: ObsFamilySpec = {
  name: "nbinom2",
  link: LOG,
  density: nbinom2LogDensity,
  hasPhi: true,
  trials: false,
  initialize: countInit("nbinom2"),
  startLogPhi(y, _mu, wt) {
    const { m, v } = moments(y, wt);
    return Math.log(v > m * 1.01 ? (m * m) / (v - m) : 100);
  },
  fisher: (mu, th) => (th * mu) / (th + mu),
  variance: (mu, th) => mu + (mu * mu) / th,
  draw: (mu, th, _size, rng) => rpois((rgamma(th, rng) * mu) / th, rng),
};

/** glmmTMB's nbinom1: Var y = μ(1 + φ). */
export const nbinom1Spec: ObsFamilySpec = {
  name: "nbinom1",
  link: LOG,
  density: nbinom1LogDensity,
  hasPhi: true,
  trials: false,
  initialize: countInit("nbinom1"),
  startLogPhi(y, _mu, wt) {
    const { m, v } = moments(y, wt);
    return Math.log(Math.max(v / m - 1, 0.1));
  },
  fisher: (mu, phi) => mu / (1 + phi),
  variance: (mu, phi) => mu * (1 + phi),
  draw: (mu, phi, _size, rng) => rpois(rgamma(mu / phi, rng) * phi, rng),
};

/** gaussian, identity link, with glmmTMB's dispersion φ = σ² (for `dispformula`). */
export const gaussianSpec: ObsFamilySpec = {
  name: "gaussian",
  link: IDENTITY,
  density: gaussianLogDensity,
  hasPhi: true,
  trials: false,
  initialize(y, wt) {
    checkFinite("gaussian", y, wt);
    return Float64Array.from(y);
  },
  startLogPhi(y, _mu, wt) {
    return Math.log(Math.max(moments(y, wt).v, 1e-8));
  },
  fisher: (_mu, phi) => 1 / phi,
  variance: (_mu, phi) => phi,
  draw: (mu, phi, _size, rng) => mu + Math.sqrt(phi) * rnorm(rng),
};

/** The specs by glmmTMB's family name. */
export const OBS_SPECS: Readonly<Record<string, ObsFamilySpec>> = {
  beta: betaSpec,
  betabinomial: betabinomialSpec,
  poisson: poissonSpec,
  nbinom2: nbinom2Spec,
  nbinom1: nbinom1Spec,
  gaussian: gaussianSpec,
  genpois: genpoisSpec,
  compois: compoisSpec,
  truncated_poisson: truncatedPoissonSpec,
  truncated_nbinom2: truncatedNbinom2Spec,
};
