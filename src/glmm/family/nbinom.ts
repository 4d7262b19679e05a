/**
 * Negative binomial families for the Laplace engine (protocol in `laplaceTypes.ts`), log link,
 * parameterized as glmmTMB 1.1.5 (its `nbinom2` and `nbinom1`, parameter `betad` on the log scale):
 *
 * - `nbinom2`: Var(y) = μ + μ²/θ (MASS's and lme4's glmer.nb θ, glmmTMB's `sigma(m)`), par = log θ,
 *     ℓ = log Γ(y + θ) − log Γ(θ) − log y! + θ log θ + y log μ − (θ + y) log(θ + μ);
 *     with r = μ/(θ + μ): ∂ℓ/∂η = y(1 − r) − θr, ∂²ℓ/∂η² = −(θ + y) r (1 − r), Fisher θr.
 * - `nbinom1`: Var(y) = μ(1 + φ) (glmmTMB's `sigma(m)` is φ), par = log φ: a negative binomial
 *   with size s = μ/φ and probability 1/(1 + φ),
 *     ℓ = log Γ(y + s) − log Γ(s) − log y! − s log(1 + φ) + y log(φ/(1 + φ));
 *     ∂ℓ/∂η = s [ψ(y + s) − ψ(s) − log(1 + φ)], ∂²ℓ/∂η² = ∂ℓ/∂η + s² [ψ′(y + s) − ψ′(s)],
 *     "Fisher" weights μ/(1 + φ) (the GLM working weight μ′²/V: only the Newton weights where the
 *     observed information is not positive; never the Laplace determinant).
 */
import { digamma, lgamma, trigamma } from "./special.js";
import { makeLink } from "./links.js";
import { rgamma, rpois } from "./random.js";
import type { Family, WarningSink } from "./types.js";
import type { LaplaceFamily } from "./laplaceTypes.js";
import { countsInvalid, nbinomLink, responseNotFinite } from "../../messages/family.js";

/** The negative binomial families of the Laplace engine, by name. */
export const LAPLACE_FAMILY_NAMES = ["nbinom2", "nbinom1"] as const;

/** Is `name` one of the Laplace engine's families ("nbinom2", "nbinom1")? */
export function isLaplaceFamilyName(name: unknown): name is (typeof LAPLACE_FAMILY_NAMES)[number] {
  return typeof name === "string" && (LAPLACE_FAMILY_NAMES as readonly string[]).includes(name);
}

/** The Laplace family called `name` ("nbinom2" or "nbinom1"); `link` must be "log" (or absent). */
export function makeLaplaceFamily(name: (typeof LAPLACE_FAMILY_NAMES)[number], link?: string | null): LaplaceFamily {
  if (link != null && link !== "log") throw nbinomLink(name, String(link));
  return name === "nbinom2" ? nbinom2() : nbinom1();
}

/** Checks counts: finite, ≥ 0, whole (rows with weight 0 skipped); returns μ⁽⁰⁾ = y + 0.1 (R's poisson start). */
export function countStart(family: string, y: Float64Array, wt: Float64Array, label: string): Float64Array {
  const rows = (bad: (v: number) => boolean) => { const r: number[] = []; for (let i = 0; i < y.length; i++) if (wt[i] !== 0 && bad(y[i]!)) r.push(i); return r; };
  const nonFinite = rows((v) => !Number.isFinite(v));
  if (nonFinite.length) throw responseNotFinite(family, nonFinite);
  const neg = rows((v) => v < 0);
  if (neg.length) throw countsInvalid(family, label, neg, "negative");
  const frac = rows((v) => !Number.isInteger(v));
  if (frac.length) throw countsInvalid(family, label, frac, "non-integer");
  return y.map((v) => v + 0.1);
}

/** Weighted mean and variance of y. */
export function moments(y: Float64Array, wt: Float64Array): { m: number; v: number } {
  let sw = 0, s = 0;
  for (let i = 0; i < y.length; i++) { sw += wt[i]!; s += wt[i]! * y[i]!; }
  const m = s / sw;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += wt[i]! * (y[i]! - m) ** 2;
  return { m, v: ss / Math.max(sw - 1, 1) };
}

const LOG = makeLink("log");

/** A GLM view of a count distribution at fixed parameters (for residuals, fitted values, simulation). */
function countView(name: string, variance: (mu: number) => number, ll: (y: number, mu: number) => number, draw: (mu: number, rng: () => number) => number): Family {
  // Deviance residual: 2 wt [ℓ(y | μ = y) − ℓ(y | μ)]; ℓ(0 | μ → 0) = 0.
  const devResid = (y: number, mu: number, wt: number) => 2 * wt * ((y > 0 ? ll(y, y) : 0) - ll(y, mu));
  return {
    name, link: LOG, hasScale: false, variance,
    varianceInto(mu, out) { for (let i = 0; i < mu.length; i++) out[i] = variance(mu[i]!); },
    validmu: (mu) => Number.isFinite(mu) && mu > 0,
    devResid,
    devResidsInto(y, mu, wt, out) { for (let i = 0; i < y.length; i++) out[i] = devResid(y[i]!, mu[i]!, wt[i]!); },
    aic(y, _n, mu, wt) {
      let s = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) s += wt[i]! * ll(y[i]!, mu[i]!);
      return -2 * s;
    },
    initialize: (y, wt) => countStart(name, y, wt, "the response"),
    simulate(mu, _w, _scale, rng) { return mu.map((m) => draw(m, rng)); },
  };
}

/**
 * Does (y, wt) hold the values of the copies (cy, cw)? Keys the caches below by contents, so a
 * caller reusing arrays with new values gets fresh numbers (n comparisons instead of n lgammas).
 */
function sameData(y: Float64Array, wt: Float64Array, cy: Float64Array, cw: Float64Array): boolean {
  if (y.length !== cy.length) return false;
  for (let i = 0; i < y.length; i++) if (y[i] !== cy[i] || wt[i] !== cw[i]) return false;
  return true;
}

/** Σᵢ wtᵢ log yᵢ!, cached on the contents of (y, wt) (the engine passes the same data every time). */
function lfactCache(): (y: Float64Array, wt: Float64Array) => number {
  let cy = new Float64Array(0), cw = new Float64Array(0), value = 0;
  return (y, wt) => {
    if (!sameData(y, wt, cy, cw)) {
      value = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) value += wt[i]! * lgamma(y[i]! + 1);
      cy = Float64Array.from(y); cw = Float64Array.from(wt);
    }
    return value;
  };
}

/**
 * log Γ(y + k) − log Γ(k) for a count y ≥ 0, without the cancellation of the difference at large
 * k: Σⱼ₍y₎ log(k + j) for y < 32; for k ≥ 1e5 Stirling's series,
 * y log(y + k) + (k − ½) log1p(y/k) − y + 1/(12(y + k)) − 1/(12k) (next term below 1e-20);
 * otherwise the difference of lgamma.
 */
export function lgammaDiff(y: number, k: number): number {
  if (y === 0) return 0;
  if (y < 32) {
    let s = 0;
    for (let j = 0; j < y; j++) s += Math.log(k + j);
    return s;
  }
  if (k >= 1e5) return y * Math.log(y + k) + (k - 0.5) * Math.log1p(y / k) - y + 1 / (12 * (y + k)) - 1 / (12 * k);
  return lgamma(y + k) - lgamma(k);
}

/** ψ(y + k) − ψ(k) for a count y ≥ 0: Σⱼ₍y₎ 1/(k + j) for y < 32, else the difference of digamma. */
function digammaDiff(y: number, k: number): number {
  if (y < 32) {
    let s = 0;
    for (let j = 0; j < y; j++) s += 1 / (k + j);
    return s;
  }
  return digamma(y + k) - digamma(k);
}

/**
 * The η-dependent part of the nbinom2 log-density, −θ log1p(μ/θ) + y (η − log(θ + μ)), with
 * q = μ/θ = exp(η − log θ): stable as θ → ∞ (no θ (log θ − log(θ + μ)) cancellation).
 */
function nb2EtaPart(y: number, eta: number, lk: number, k: number, q: number): number {
  if (!Number.isFinite(q)) return -k * (eta - lk); // log1p(q) = η − log θ to double precision
  const l1 = Math.log1p(q);
  return -k * l1 + y * (eta - lk - l1);
}

/** glmmTMB's nbinom2 (lme4's glmer.nb): Var(y) = μ + μ²/θ, par = log θ. */
export function nbinom2(): LaplaceFamily {
  const logf = (y: number, eta: number, lk: number, k: number) =>
    lgammaDiff(y, k) - lgamma(y + 1) + nb2EtaPart(y, eta, lk, k, Math.exp(eta - lk));
  // Σ wt [log Γ(y + θ) − log Γ(θ)] − Σ wt log y!: constant while θ stays (the inner Newton
  // iteration), so cached on the contents of (y, wt) and θ; the η-dependent rest costs one exp
  // and one log1p per observation.
  const lfact = lfactCache();
  let cY = new Float64Array(0), cW = new Float64Array(0), cLk = NaN, cVal = 0;
  const constant = (y: Float64Array, wt: Float64Array, lk: number, k: number) => {
    const lf = lfact(y, wt);
    if (lk !== cLk || !sameData(y, wt, cY, cW)) {
      let s = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) s += wt[i]! * lgammaDiff(y[i]!, k);
      cVal = s - lf; cY = Float64Array.from(y); cW = Float64Array.from(wt); cLk = lk;
    }
    return cVal;
  };
  return {
    name: "nbinom2", link: LOG,
    params: [{ name: "log(theta)", lower: -15, upper: 25 }],
    initialize: (y, wt, label, _warn?: WarningSink) => countStart("nbinom2", y, wt, label),
    startParams(y, _mu, wt) {
      const { m, v } = moments(y, wt);
      return Float64Array.of(Math.log(v > m * 1.01 ? (m * m) / (v - m) : 100));
    },
    logDensity(y, eta, wt, par, d1, d2, fisher) {
      const lk = par[0]!, k = Math.exp(lk);
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const w = wt[i]!;
        if (w === 0) { if (d1) d1[i] = 0; if (d2) d2[i] = 0; if (fisher) fisher[i] = 0; continue; }
        const yi = y[i]!, e = eta[i]!, q = Math.exp(e - lk); // μ/θ
        s += w * nb2EtaPart(yi, e, lk, k, q);
        const r = Number.isFinite(q) ? q / (1 + q) : 1; // μ/(θ + μ)
        if (d1) d1[i] = w * (yi * (1 - r) - k * r);
        if (d2) d2[i] = -w * (k + yi) * r * (1 - r);
        if (fisher) fisher[i] = w * k * r;
      }
      return s + constant(y, wt, lk, k);
    },
    gradParams(y, eta, wt, par, out) {
      // ∂ℓ/∂θ = ψ(y + θ) − ψ(θ) − log1p(μ/θ) + (μ − y)/(θ + μ)
      const lk = par[0]!, k = Math.exp(lk);
      let g = 0;
      for (let i = 0; i < y.length; i++) {
        if (wt[i] === 0) continue;
        const yi = y[i]!, mu = Math.exp(eta[i]!);
        g += wt[i]! * (digammaDiff(yi, k) - Math.log1p(mu / k) + (mu - yi) / (k + mu));
      }
      out[0] = k * g;
    },
    glmView(par, name) {
      const k = Math.exp(par[0]!), lk = par[0]!;
      return countView(name ?? `Negative Binomial(${formatTheta(k)})`, (mu) => mu + (mu * mu) / k, (y, mu) => logf(y, Math.log(mu), lk, k),
        (mu, rng) => rpois((rgamma(k, rng) * mu) / k, rng));
    },
    dispersion: (par) => Math.exp(par[0]!),
    poissonLimit(par, mu) {
      const k = Math.exp(par[0]!);
      let mx = 0;
      for (let i = 0; i < mu.length; i++) mx = Math.max(mx, mu[i]!);
      return mx / k < 0.05;
    },
    poissonPar: () => Float64Array.of(25),
  };
}

/** R's format(round(θ, 4)) as in MASS's family name "Negative Binomial(θ)". */
export function formatTheta(theta: number): string {
  const r = Math.round(theta * 1e4) / 1e4;
  return Math.abs(r) >= 1e15 || r === 0 ? String(Number(theta.toPrecision(7))) : String(Number(r.toPrecision(7)));
}

/** Scratch of `gammaDiffs` (one object, no allocation per observation). */
const GD = { lg: 0, dg: 0, tg: 0 };

/**
 * For a count y ≥ 0 and s > 0: lg = log Γ(y + s) − log Γ(s), dg = ψ(y + s) − ψ(s) and (when
 * `second`) tg = ψ′(y + s) − ψ′(s). For y < 16 the exact finite sums Σⱼ log(s + j), Σⱼ 1/(s + j),
 * −Σⱼ 1/(s + j)² over j < y (cheaper than the special functions and free of their cancellation);
 * for s ≥ 1e5 (φ → 0) the asymptotic series of the differences; otherwise the special functions.
 */
function gammaDiffs(y: number, s: number, second: boolean): typeof GD {
  if (y < 16) {
    let lg = 0, dg = 0, tg = 0, prod = 1;
    for (let j = 0; j < y; j++) {
      const a = s + j, r = 1 / a;
      prod *= a; dg += r; tg -= r * r;
    }
    lg = y > 0 ? Math.log(prod) : 0;
    if (!Number.isFinite(lg)) { lg = 0; for (let j = 0; j < y; j++) lg += Math.log(s + j); }
    GD.lg = lg; GD.dg = dg; GD.tg = tg;
  } else if (s >= 1e5) {
    // asymptotic series of the differences (no cancellation of ψ(y + s) − ψ(s) at large s)
    const t = y + s;
    GD.lg = lgammaDiff(y, s);
    GD.dg = Math.log1p(y / s) - 0.5 / t + 0.5 / s - 1 / (12 * t * t) + 1 / (12 * s * s);
    GD.tg = -y / (s * t) + 0.5 / (t * t) - 0.5 / (s * s) + 1 / (6 * t * t * t) - 1 / (6 * s * s * s);
  } else {
    GD.lg = lgamma(y + s) - lgamma(s);
    GD.dg = digamma(y + s) - digamma(s);
    GD.tg = second ? trigamma(y + s) - trigamma(s) : 0;
  }
  return GD;
}

/** glmmTMB's nbinom1: Var(y) = μ(1 + φ), par = log φ. */
export function nbinom1(): LaplaceFamily {
  const logf = (y: number, mu: number, phi: number, l1p: number, lphi: number) => {
    const s = mu / phi;
    return lgamma(y + s) - lgamma(s) - lgamma(y + 1) - s * l1p + y * (lphi - l1p);
  };
  const lfact = lfactCache();
  return {
    name: "nbinom1", link: LOG,
    params: [{ name: "log(phi)", lower: -20, upper: 20 }],
    initialize: (y, wt, label) => countStart("nbinom1", y, wt, label),
    startParams(y, _mu, wt) {
      const { m, v } = moments(y, wt);
      return Float64Array.of(Math.log(Math.max(v / m - 1, 0.1)));
    },
    logDensity(y, eta, wt, par, d1, d2, fisher) {
      const lphi = par[0]!, phi = Math.exp(lphi), l1p = Math.log1p(phi);
      let sum = 0;
      for (let i = 0; i < y.length; i++) {
        const w = wt[i]!;
        if (w === 0) { if (d1) d1[i] = 0; if (d2) d2[i] = 0; if (fisher) fisher[i] = 0; continue; }
        const yi = y[i]!, mu = Math.exp(eta[i]!), s = mu / phi;
        const g = gammaDiffs(yi, s, d2 !== undefined);
        sum += w * (g.lg - s * l1p + yi * (lphi - l1p));
        const dl = s * (g.dg - l1p);
        if (d1) d1[i] = w * dl;
        if (d2) d2[i] = w * (dl + s * s * g.tg);
        if (fisher) fisher[i] = (w * mu) / (1 + phi);
      }
      return sum - lfact(y, wt);
    },
    gradParams(y, eta, wt, par, out) {
      const lphi = par[0]!, phi = Math.exp(lphi), l1p = Math.log1p(phi);
      let g = 0;
      for (let i = 0; i < y.length; i++) {
        if (wt[i] === 0) continue;
        const yi = y[i]!, s = Math.exp(eta[i]!) / phi;
        const dls = (yi > 0 ? digamma(yi + s) - digamma(s) : 0) - l1p;
        g += wt[i]! * (-s * dls - (s * phi) / (1 + phi) + yi / (1 + phi));
      }
      out[0] = g;
    },
    glmView(par, name) {
      const lphi = par[0]!, phi = Math.exp(lphi), l1p = Math.log1p(phi);
      return countView(name ?? "nbinom1", (mu) => mu * (1 + phi), (y, mu) => logf(y, mu, phi, l1p, lphi),
        (mu, rng) => rpois(rgamma(mu / phi, rng) * phi, rng));
    },
    dispersion: (par) => Math.exp(par[0]!),
    poissonLimit: (par) => Math.exp(par[0]!) < 0.05,
    poissonPar: () => Float64Array.of(-20),
  };
}
