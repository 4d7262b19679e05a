/**
 * Per-observation log-densities of the count families with a log link, μ = exp(η), in
 * glmmTMB's parameterizations (the {@link ObsLogDensity} protocol, derivatives in η and in
 * ν = log φ):
 * - poisson: Var y = μ (no φ);
 * - nbinom2: Var y = μ + μ²/θ, φ = θ the size (lme4's `glmer.nb` θ, glmmTMB's `sigma()`);
 * - nbinom1: Var y = μ(1 + φ), i.e. size μ/φ (glmmTMB's nbinom1).
 * Values follow R's `dpois` and `dnbinom(mu =)` (Loader's saddle point), to about 1e-14.
 * Caveat: nbinom1's log-density is not concave in η (∂²/∂η² > 0 is possible when μ/φ is small).
 */
import { dbinomRawLog, dpoisLog, dpoisRawLog } from "../glmm/family/densities.js";
import { isNonInteger, lgamma } from "../glmm/family/special.js";
import { lgammaDiff } from "../glmm/family/nbinom.js";
import { digammaDiff, trigammaDiff } from "./digammaDiff.js";
import type { LogDensity } from "./types.js";

/**
 * log P(Y = x) for Y negative binomial with size s and mean μ (R's `dnbinom(x, size = s, mu = μ,
 * log = TRUE)`, the same branches: x = 0 exactly, x ≪ s by a series, else through dbinom_raw).
 * Non-integer or negative x gives −Inf; s = Inf the poisson limit.
 */
export function dnbinomMuLog(x: number, size: number, mu: number): number {
  if (Number.isNaN(x) || Number.isNaN(size) || Number.isNaN(mu)) return NaN;
  if (mu < 0 || size < 0) return NaN;
  if (x < 0 || !Number.isFinite(x) || isNonInteger(x)) return -Infinity;
  if (x === 0 && size === 0) return 0;
  x = Math.round(x);
  if (!Number.isFinite(size)) return dpoisRawLog(x, mu);
  if (x === 0) return size * (size < mu ? Math.log(size / (size + mu)) : Math.log1p(-mu / (size + mu)));
  if (x < 1e-10 * size) {
    const p = size < mu ? Math.log(size / (1 + size / mu)) : Math.log(mu / (1 + mu / size));
    return x * p - mu - lgamma(x + 1) + Math.log1p((x * (x - 1)) / (2 * size));
  }
  return Math.log(size / (size + x)) + dbinomRawLog(size, x + size, size / (size + mu), mu / (size + mu));
}

/** log y! for whole y, from a table below 256 (the Newton loop evaluates it for every observation). */
const LFACT = Float64Array.from({ length: 256 }, (_, k) => lgamma(k + 1));

/**
 * log P(Y = y) for Y negative binomial with size s and ratio r = μ/s (lr = log r), for the Newton
 * loop: log Γ(y + s) − log Γ(s) − log y! − s log1p(r) + y (lr − log1p(r)), the Γ difference
 * without cancellation (`lgammaDiff`: a sum of logs for y < 32) — the fused nbinom2 family's
 * formula (glm/family/nbinom.ts), an order of magnitude cheaper than the saddle point for small
 * counts and equal to R's dnbinom to ~1e-13. Whole 0 ≤ y < 256 only; R's `dnbinom` (the saddle
 * point of `dnbinomMuLog`) otherwise, and for r not finite or s ≥ 1e10 (the Poisson limit).
 */
function nbinomValue(y: number, s: number, r: number, lr: number): number {
  if (!(y >= 0 && y < 256 && Number.isInteger(y)) || !Number.isFinite(r) || !(s < 1e10) || !(s > 0)) return dnbinomMuLog(y, s, s * r);
  const l1 = Math.log1p(r);
  return (y === 0 ? 0 : lgammaDiff(y, s) - LFACT[y]! + y * (lr - l1)) - s * l1;
}

/**
 * Poisson, log link: log f = yη − μ − log y! (whole y ≥ 0; R's dpois otherwise, −Inf for
 * non-integers), ∂/∂η = y − μ, ∂²/∂η² = −μ; no dispersion (ν derivatives 0).
 */
export function poissonLogDensity(y: number, eta: number, _phi: number, _size: number, out: LogDensity): LogDensity {
  const mu = Math.exp(eta);
  out.value = y >= 0 && y < 256 && Number.isInteger(y) ? (y === 0 ? -mu : y * eta - mu - LFACT[y]!) : dpoisLog(y, mu);
  out.dEta = y - mu;
  out.dEta2 = -mu;
  out.dNu = 0;
  out.dNu2 = 0;
  out.dEtaNu = 0;
  return out;
}

/**
 * nbinom2, log link, φ = θ: with t = θ + μ, ∂/∂η = θ(y − μ)/t, ∂²/∂η² = −θμ(θ + y)/t² (always
 * < 0), ∂/∂θ = ψ(y + θ) − ψ(θ) − log(1 + μ/θ) + (μ − y)/t,
 * ∂²/∂θ² = ψ′(y + θ) − ψ′(θ) + 1/θ − 1/t − (μ − y)/t², ∂²/∂η∂θ = μ(y − μ)/t²; ν = log θ by the chain rule.
 */
export function nbinom2LogDensity(y: number, eta: number, phi: number, _size: number, out: LogDensity, withNu = true): LogDensity {
  const mu = Math.exp(eta);
  const th = phi;
  const t = th + mu;
  out.value = nbinomValue(y, th, mu / th, Math.log(mu / th));
  out.dEta = (th * (y - mu)) / t;
  out.dEta2 = (-th * mu * (th + y)) / (t * t);
  if (!withNu) return out;
  const d1 = digammaDiff(th, y) - Math.log1p(mu / th) + (mu - y) / t;
  const d2 = trigammaDiff(th, y) + 1 / th - 1 / t - (mu - y) / (t * t);
  out.dNu = th * d1;
  out.dNu2 = th * th * d2 + th * d1;
  out.dEtaNu = (th * mu * (y - mu)) / (t * t);
  return out;
}

/**
 * nbinom1, log link, Var y = μ(1 + φ): size s = μ/φ. With A = ψ(y + s) − ψ(s) − log(1 + φ) and
 * B = ψ′(y + s) − ψ′(s): ∂/∂η = sA, ∂²/∂η² = sA + s²B, ∂/∂ν = −sA + (y − μ)/(1 + φ),
 * ∂²/∂ν² = sA + s²B + sφ/(1 + φ) − (y − μ)φ/(1 + φ)², ∂²/∂η∂ν = −sA − s²B − sφ/(1 + φ).
 */
export function nbinom1LogDensity(y: number, eta: number, phi: number, _size: number, out: LogDensity, withNu = true): LogDensity {
  const mu = Math.exp(eta);
  const s = mu / phi;
  const opf = 1 + phi;
  out.value = nbinomValue(y, s, phi, Math.log(phi));
  const sA = s * (digammaDiff(s, y) - Math.log1p(phi));
  const s2B = s * s * trigammaDiff(s, y);
  const c = (s * phi) / opf;
  out.dEta = sA;
  out.dEta2 = sA + s2B;
  if (!withNu) return out;
  out.dNu = -sA + (y - mu) / opf;
  out.dNu2 = sA + s2B + c - ((y - mu) * phi) / (opf * opf);
  out.dEtaNu = -sA - s2B - c;
  return out;
}
