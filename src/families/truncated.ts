/**
 * Zero-truncated count log-densities in glmmTMB 1.1.5's parameterizations (`truncated_poisson`,
 * `truncated_nbinom2`, log link): f_T(y) = f(y)/(1 − f(0)) for y ≥ 1, −Inf at y = 0 (glmmTMB
 * sets the log-likelihood of a zero to −Inf; with a `ziformula` the zeros come from the
 * zero-inflation part alone: the hurdle model, see zeroInflated.ts). μ = exp(η) is the mean of
 * the untruncated distribution (glmmTMB's link-scale prediction); the truncated mean is
 * μ/(1 − f(0)).
 *
 * With s = log f(0) (poisson: −μ; nbinom2: −θ log(1 + μ/θ)) and Z = log(1 − eˢ), r = dZ/ds =
 * −1/(e⁻ˢ − 1) and d²Z/ds² = r(1 − r), so for x, w ∈ {η, ν}: Z_x = r s_x and
 * Z_xw = r(1 − r) s_x s_w + r s_xw, subtracted from the untruncated derivatives. For nbinom2,
 * t = θ + μ: s_η = −θμ/t, s_ηη = −θ²μ/t², s_ν = θ(μ/t − log(1 + μ/θ)),
 * s_νν = s_ν + θμ²/t², s_ην = −θμ²/t².
 */
import { nbinom2LogDensity, poissonLogDensity } from "./counts.js";
import type { LogDensity } from "./types.js";

/** The derivatives of s = log f(0) (reused: no allocation per observation). */
const S = { s: 0, e: 0, ee: 0, n: 0, nn: 0, en: 0 };

function zeroOut(out: LogDensity): LogDensity {
  out.value = -Infinity;
  out.dEta = out.dEta2 = out.dNu = out.dNu2 = out.dEtaNu = 0;
  return out;
}

/** Subtracts Z = log(1 − e^s) and its derivatives (from S) from `out`, the untruncated log-density. */
function truncate(out: LogDensity, withNu: boolean): LogDensity {
  const r = -1 / Math.expm1(-S.s);
  const r2 = r * (1 - r);
  out.value -= Math.log(-Math.expm1(S.s));
  out.dEta -= r * S.e;
  out.dEta2 -= r2 * S.e * S.e + r * S.ee;
  if (!withNu) return out;
  out.dNu -= r * S.n;
  out.dNu2 -= r2 * S.n * S.n + r * S.nn;
  out.dEtaNu -= r2 * S.e * S.n + r * S.en;
  return out;
}

/** log of the probability that Y > 0 (log(1 − f(0))) for a poisson (θ = Infinity) or nbinom2 with mean μ. */
export function logNonZero(mu: number, theta: number): number {
  const s = Number.isFinite(theta) ? -theta * Math.log1p(mu / theta) : -mu;
  return Math.log(-Math.expm1(s));
}

/** truncated_poisson, log link: log f_T = yη − μ − log y! − log(1 − e^(−μ)); no dispersion. */
export function truncatedPoissonLogDensity(y: number, eta: number, phi: number, size: number, out: LogDensity, withNu = true): LogDensity {
  if (!(y >= 1)) return zeroOut(out);
  poissonLogDensity(y, eta, phi, size, out);
  const mu = Math.exp(eta);
  S.s = -mu; S.e = -mu; S.ee = -mu; S.n = 0; S.nn = 0; S.en = 0;
  return truncate(out, withNu);
}

/** truncated_nbinom2, log link, φ = θ (Var of the untruncated y = μ + μ²/θ). */
export function truncatedNbinom2LogDensity(y: number, eta: number, phi: number, size: number, out: LogDensity, withNu = true): LogDensity {
  if (!(y >= 1)) return zeroOut(out);
  nbinom2LogDensity(y, eta, phi, size, out, withNu);
  const mu = Math.exp(eta);
  const th = phi;
  const t = th + mu;
  const q = (th * mu) / (t * t);
  S.s = -th * Math.log1p(mu / th);
  S.e = (-th * mu) / t;
  S.ee = -th * q;
  S.n = th * (mu / t - Math.log1p(mu / th));
  S.nn = S.n + q * mu;
  S.en = -q * mu;
  return truncate(out, withNu);
}
