/**
 * The GLM families of R's `stats` package as lme4 evaluates them (lme4 1.1-31's C++
 * `glmFamily` for variance, deviance residuals and AIC; R's `family$initialize` for starting
 * values): binomial, poisson, Gamma, inverse.gaussian, gaussian.
 *
 * Notation: y response (binomial: proportion of successes), μ mean, wt prior weight (binomial:
 * number of trials × prior weight), n (binomial) number of trials, dev = Σ devResid.
 * Rows with wt = 0 are skipped in `aic` sums (R would give 0·(−Inf) = NaN for an impossible y
 * there; otherwise their term is 0 anyway).
 */
import * as msg from "../../messages/family.js";
import { dbinomLog, dgammaLog, dpoisLog } from "./densities.js";
import { makeLink } from "./links.js";
import { rbinom, rgamma, rinvgauss, rnorm, rpois } from "./random.js";
import { DBL_EPSILON, isNonInteger, roundHalfEven } from "./special.js";
import type { Family, Link, WarningSink } from "./types.js";
import { markFused } from "./fused.js";
import { anything, checkOptions } from "../../validate/index.js";

/** A family constructor's options: the link (a name or a Link object, checked by resolveLink). */
const FAMILY_OPTIONS = { link: anything };

/** Options of the family constructors: a link name or a `Link` object (any link, as in R). */
export interface FamilyOptions {
  readonly link?: string | Link;
}

function isLink(x: unknown): x is Link {
  if (typeof x !== "object" || x === null) return false;
  const l = x as Record<string, unknown>;
  return (
    typeof l.name === "string" &&
    ["linkfun", "linkinv", "muEta", "valideta", "linkinvInto", "muEtaInto"].every((k) => typeof l[k] === "function")
  );
}

/**
 * The link a family constructor was given: `binomial("probit")` (R's positional link argument),
 * `binomial({ link: "probit" })`, `binomial({ link: makeLink("probit") })`, or nothing (the
 * default link). Anything else is an LmeError (it used to be ignored, giving the default link).
 */
function linkOption(family: string, opts: FamilyOptions | string | null | undefined): string | Link | undefined {
  if (opts === undefined || opts === null) return undefined;
  if (typeof opts === "string") return opts;
  if (typeof opts !== "object" || Array.isArray(opts)) throw msg.badFamilyOptions(family, opts);
  return opts.link;
}

/** Resolves the `link` option: a name must be one of `ok`; a Link object is taken as is. */
function resolveLink(family: string, ok: readonly string[], link: string | Link | undefined): Link {
  if (link === undefined) return makeLink(ok[0]!);
  if (typeof link === "string") {
    if (!ok.includes(link)) throw msg.linkNotAvailable(link, family, ok);
    return makeLink(link);
  }
  if (!isLink(link)) throw msg.badLinkObject();
  return link;
}

/** The 0-based indices i < n with bad(i). */
function findRows(n: number, bad: (i: number) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (bad(i)) rows.push(i);
  return rows;
}

function checkLengths(family: string, y: Float64Array, w: Float64Array): void {
  if (y.length !== w.length) throw msg.badWeightsLength(family, y.length, w.length);
}

/** Rejects NaN/±Inf responses on rows with non-zero weight. */
function checkFinite(family: string, y: Float64Array, w: Float64Array): void {
  const bad = findRows(y.length, (i) => w[i] !== 0 && !Number.isFinite(y[i]!));
  if (bad.length) throw msg.responseNotFinite(family, bad);
}

/** y log(y/μ), taken as 0 when y = 0 (R's `y_log_y`). */
function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

/** log(x), taken as 0 when x = 0 (lme4's `logN0`). */
function logN0(x: number): number {
  return x !== 0 ? Math.log(x) : 0;
}

function sumWeights(wt: Float64Array): number {
  let s = 0;
  for (let i = 0; i < wt.length; i++) s += wt[i]!;
  return s;
}

const BINOMIAL_LINKS = ["logit", "probit", "cloglog", "cauchit", "log"];

/**
 * binomial(link = "logit"): y = proportion of successes in wt trials, V(μ) = max(ε, μ(1 − μ))
 * (lme4's clamp), devResid = 2 wt [y log(y/μ) + (1−y) log((1−y)/(1−μ))],
 * aic = −2 Σ (wt/m) log dbinom(round(m y); m, μ) with m = round(n if any n > 1 else wt), rows with m = 0 skipped
 * (exactly −2 log-likelihood for 0/1 or cbind responses). Links: logit, probit, cloglog, cauchit, log.
 */
export function binomial(opts: FamilyOptions | string = {}): Family {
  if (typeof opts !== "string") checkOptions("binomial", opts, FAMILY_OPTIONS);
  const link = resolveLink("binomial", BINOMIAL_LINKS, linkOption("binomial", opts));
  const variance = (mu: number) => Math.max(DBL_EPSILON, mu * (1 - mu));
  const devResid = (y: number, mu: number, wt: number) => 2 * wt * (yLogY(y, mu) + yLogY(1 - y, 1 - mu));
  const fam: Family = {
    name: "binomial",
    link,
    hasScale: false,
    variance,
    varianceInto(mu, out) {
      for (let i = 0; i < mu.length; i++) out[i] = variance(mu[i]!);
    },
    validmu: (mu) => Number.isFinite(mu) && mu > 0 && mu < 1,
    devResid,
    devResidsInto(y, mu, wt, out) {
      for (let i = 0; i < y.length; i++) out[i] = devResid(y[i]!, mu[i]!, wt[i]!);
    },
    aic(y, n, mu, wt) {
      let anyN = false;
      for (let i = 0; i < n.length; i++) if (n[i]! > 1) anyN = true;
      const m = anyN ? n : wt;
      let ll = 0;
      for (let i = 0; i < y.length; i++) {
        const mi = roundHalfEven(m[i]!); // lme4 rounds m before forming wt/m
        if (!(mi > 0) || wt[i] === 0) continue;
        ll += (wt[i]! / mi) * dbinomLog(roundHalfEven(m[i]! * y[i]!), mi, mu[i]!);
      }
      return -2 * ll;
    },
    initialize(y, weights, warn?: WarningSink) {
      checkLengths("binomial", y, weights);
      checkFinite("binomial", y, weights);
      const out = findRows(y.length, (i) => weights[i] !== 0 && (y[i]! < 0 || y[i]! > 1));
      if (out.length) throw msg.binomialOutOfRange(out);
      const mustart = new Float64Array(y.length);
      const nonInt: number[] = [];
      for (let i = 0; i < y.length; i++) {
        const w = weights[i]!;
        const yi = w === 0 ? 0 : y[i]!;
        mustart[i] = (w * yi + 0.5) / (w + 1);
        const m = w * yi;
        if (Math.abs(m - roundHalfEven(m)) > 1e-3) nonInt.push(i);
      }
      if (nonInt.length && warn) warn(msg.binomialNonInteger(nonInt, weights.every((w) => w === 1)));
      return mustart;
    },
    simulate(mu, weights, _scale, rng) {
      const bad = findRows(mu.length, (i) => !Number.isInteger(weights[i]!) || weights[i]! < 0);
      if (bad.length) throw msg.cannotSimulateNonIntegerWeights(bad);
      const out = new Float64Array(mu.length);
      for (let i = 0; i < mu.length; i++) out[i] = rbinom(weights[i]!, mu[i]!, rng) / weights[i]!;
      return out;
    },
  };
  if (link === makeLink("logit")) markFused(fam, "binomial-logit");
  return fam;
}

const POISSON_LINKS = ["log", "identity", "sqrt"];

/**
 * poisson(link = "log"): V(μ) = μ, devResid = 2 wt [y log(y/μ) − (y − μ)] (= 2 wt μ at y = 0),
 * aic = −2 Σ wt log dpois(y; μ) (non-integer y gives +Inf, as in R). Links: log, identity, sqrt.
 */
export function poisson(opts: FamilyOptions | string = {}): Family {
  if (typeof opts !== "string") checkOptions("poisson", opts, FAMILY_OPTIONS);
  const link = resolveLink("poisson", POISSON_LINKS, linkOption("poisson", opts));
  const devResid = (y: number, mu: number, wt: number) => 2 * wt * (y > 0 ? y * Math.log(y / mu) - (y - mu) : mu);
  const fam: Family = {
    name: "poisson",
    link,
    hasScale: false,
    variance: (mu) => mu,
    varianceInto(mu, out) {
      if (out !== mu) out.set(mu.subarray(0, out.length));
    },
    validmu: (mu) => Number.isFinite(mu) && mu > 0,
    devResid,
    devResidsInto(y, mu, wt, out) {
      for (let i = 0; i < y.length; i++) out[i] = devResid(y[i]!, mu[i]!, wt[i]!);
    },
    aic(y, _n, mu, wt) {
      let ll = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) ll += dpoisLog(y[i]!, mu[i]!) * wt[i]!;
      return -2 * ll;
    },
    initialize(y, weights, warn?: WarningSink) {
      checkLengths("poisson", y, weights);
      checkFinite("poisson", y, weights);
      const neg = findRows(y.length, (i) => weights[i] !== 0 && y[i]! < 0);
      if (neg.length) throw msg.poissonNegative(neg);
      const nonInt = findRows(y.length, (i) => weights[i] !== 0 && isNonInteger(y[i]!));
      if (nonInt.length && warn) warn(msg.poissonNonInteger(nonInt));
      const mustart = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) mustart[i] = (weights[i] === 0 && !Number.isFinite(y[i]!) ? 0 : y[i]!) + 0.1;
      return mustart;
    },
    simulate(mu, _weights, _scale, rng) {
      const out = new Float64Array(mu.length);
      for (let i = 0; i < mu.length; i++) out[i] = rpois(mu[i]!, rng);
      return out;
    },
  };
  if (link === makeLink("log")) markFused(fam, "poisson-log");
  return fam;
}

/** Shared initialize of the positive-response families (Gamma, inverse.gaussian): y > 0, μ⁽⁰⁾ = y. */
function positiveInitialize(family: string, y: Float64Array, weights: Float64Array): Float64Array {
  checkLengths(family, y, weights);
  checkFinite(family, y, weights);
  const bad = findRows(y.length, (i) => weights[i] !== 0 && !(y[i]! > 0));
  if (bad.length) throw msg.notPositive(family, bad);
  const mustart = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) mustart[i] = weights[i] === 0 && !(y[i]! > 0) ? 1 : y[i]!;
  return mustart;
}

const GAMMA_LINKS = ["inverse", "log", "identity"];

/**
 * Gamma(link = "inverse"): V(μ) = μ², devResid = −2 wt [log(y/μ) − (y − μ)/μ],
 * aic = −2 Σ wt log dgamma(y; shape = 1/φ, scale = μφ) + 2 with φ = dev/Σwt (the mean deviance,
 * not the Pearson estimate; the +2 counts φ as a parameter). Links: inverse, log, identity.
 */
export function Gamma(opts: FamilyOptions | string = {}): Family {
  if (typeof opts !== "string") checkOptions("Gamma", opts, FAMILY_OPTIONS);
  const link = resolveLink("Gamma", GAMMA_LINKS, linkOption("Gamma", opts));
  const devResid = (y: number, mu: number, wt: number) => -2 * wt * (logN0(y / mu) - (y - mu) / mu);
  return {
    name: "Gamma",
    link,
    hasScale: true,
    variance: (mu) => mu * mu,
    varianceInto(mu, out) {
      for (let i = 0; i < mu.length; i++) out[i] = mu[i]! * mu[i]!;
    },
    validmu: (mu) => Number.isFinite(mu) && mu > 0,
    devResid,
    devResidsInto(y, mu, wt, out) {
      for (let i = 0; i < y.length; i++) out[i] = devResid(y[i]!, mu[i]!, wt[i]!);
    },
    aic(y, _n, mu, wt, dev) {
      const disp = dev / sumWeights(wt);
      const shape = 1 / disp;
      let ll = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) ll += wt[i]! * dgammaLog(y[i]!, shape, mu[i]! * disp);
      return -2 * ll + 2;
    },
    initialize: (y, weights) => positiveInitialize("Gamma", y, weights),
    simulate(mu, weights, scale, rng) {
      const out = new Float64Array(mu.length);
      for (let i = 0; i < mu.length; i++) {
        const shape = weights[i]! / scale;
        out[i] = (rgamma(shape, rng) * mu[i]!) / shape;
      }
      return out;
    },
  };
}

const INVGAUSS_LINKS = ["1/mu^2", "inverse", "log", "identity"];

/**
 * inverse.gaussian(link = "1/mu^2"): V(μ) = μ³, devResid = wt (y − μ)²/(y μ²),
 * aic = Σwt (log(2π dev/Σwt) + 1) + 3 Σ wt log y + 2. Links: 1/mu^2, inverse, log, identity.
 */
export function inverseGaussian(opts: FamilyOptions | string = {}): Family {
  if (typeof opts !== "string") checkOptions("inverseGaussian", opts, FAMILY_OPTIONS);
  const link = resolveLink("inverse.gaussian", INVGAUSS_LINKS, linkOption("inverse.gaussian", opts));
  const devResid = (y: number, mu: number, wt: number) => (wt * (y - mu) * (y - mu)) / (y * mu * mu);
  return {
    name: "inverse.gaussian",
    link,
    hasScale: true,
    variance: (mu) => mu * mu * mu,
    varianceInto(mu, out) {
      for (let i = 0; i < mu.length; i++) out[i] = mu[i]! * mu[i]! * mu[i]!;
    },
    validmu: () => true,
    devResid,
    devResidsInto(y, mu, wt, out) {
      for (let i = 0; i < y.length; i++) out[i] = devResid(y[i]!, mu[i]!, wt[i]!);
    },
    aic(y, _n, _mu, wt, dev) {
      const sw = sumWeights(wt);
      let sly = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) sly += Math.log(y[i]!) * wt[i]!;
      return sw * (Math.log((dev / sw) * 2 * Math.PI) + 1) + 3 * sly + 2;
    },
    initialize: (y, weights) => positiveInitialize("inverse.gaussian", y, weights),
    simulate(mu, weights, scale, rng) {
      const out = new Float64Array(mu.length);
      for (let i = 0; i < mu.length; i++) out[i] = rinvgauss(mu[i]!, weights[i]! / scale, rng);
      return out;
    },
  };
}

const GAUSSIAN_LINKS = ["identity", "log", "inverse"];

/**
 * gaussian(link = "identity"): V(μ) = 1, devResid = wt (y − μ)²,
 * aic = N (log(2π dev/N) + 1) + 2 − Σ log wt with N = number of observations (σ² = dev/N, the
 * ML estimate). Links: identity, log, inverse.
 */
export function gaussian(opts: FamilyOptions | string = {}): Family {
  if (typeof opts !== "string") checkOptions("gaussian", opts, FAMILY_OPTIONS);
  const link = resolveLink("gaussian", GAUSSIAN_LINKS, linkOption("gaussian", opts));
  const devResid = (y: number, mu: number, wt: number) => wt * (y - mu) * (y - mu);
  return {
    name: "gaussian",
    link,
    hasScale: true,
    variance: () => 1,
    varianceInto(_mu, out) {
      out.fill(1);
    },
    validmu: () => true,
    devResid,
    devResidsInto(y, mu, wt, out) {
      for (let i = 0; i < y.length; i++) out[i] = devResid(y[i]!, mu[i]!, wt[i]!);
    },
    aic(y, _n, mu, wt, dev) {
      const nn = mu.length;
      let slw = 0;
      for (let i = 0; i < wt.length; i++) slw += Math.log(wt[i]!);
      return nn * (Math.log((2 * Math.PI * dev) / nn) + 1) + 2 - slw;
    },
    initialize(y, weights) {
      checkLengths("gaussian", y, weights);
      checkFinite("gaussian", y, weights);
      const bad =
        link.name === "log"
          ? findRows(y.length, (i) => weights[i] !== 0 && y[i]! <= 0)
          : link.name === "inverse"
            ? findRows(y.length, (i) => weights[i] !== 0 && y[i] === 0)
            : [];
      if (bad.length) throw msg.gaussianNoStart(link.name, bad);
      return Float64Array.from(y);
    },
    simulate(mu, weights, scale, rng) {
      const out = new Float64Array(mu.length);
      for (let i = 0; i < mu.length; i++) out[i] = mu[i]! + Math.sqrt(scale / weights[i]!) * rnorm(rng);
      return out;
    },
  };
}

const FAMILY_NAMES = ["binomial", "poisson", "Gamma", "inverse.gaussian", "gaussian"];

const CONSTRUCTORS: Record<string, (opts: FamilyOptions | string) => Family> = {
  binomial,
  poisson,
  gamma: Gamma,
  "inverse.gaussian": inverseGaussian,
  inverse_gaussian: inverseGaussian,
  inversegaussian: inverseGaussian,
  gaussian,
};

/**
 * The family called `name` with link `link` (default: the family's canonical R default):
 * "binomial", "poisson", "Gamma" (or "gamma"), "inverse.gaussian" (or "inverseGaussian"),
 * "gaussian". Unknown families and links not allowed for the family throw LmeError("family")
 * listing the valid choices (pass a Link object to a constructor to use any other link).
 */
export function makeFamily(name: string, link?: string): Family {
  const ctor = CONSTRUCTORS[String(name).toLowerCase()];
  if (!ctor) throw msg.unknownFamily(String(name), FAMILY_NAMES);
  return ctor(link === undefined ? {} : { link });
}
