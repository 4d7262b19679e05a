/**
 * The generalized Poisson log-density in glmmTMB 1.1.5's parameterization (`genpois`, log link):
 * Consul's GP(θ, λ) with θ = μ/√φ and λ = 1 − 1/√φ, so E y = θ/(1 − λ) = μ and
 * Var y = θ/(1 − λ)³ = μφ (φ > 1 overdispersion, φ = 1 the poisson, φ < 1 underdispersion):
 *
 *   log f(y) = log θ + (y − 1) log(θ + λy) − θ − λy − log y!.
 *
 * With c = 1/√φ = e^(−ν/2), E = c(μ − y) and D = θ + λy = y + E:
 * log f = η − ν/2 + (y − 1) log D − y − E − log y!, and with r = cμ/D:
 * ∂/∂η = 1 + (y − 1)r − cμ, ∂²/∂η² = (y − 1)r(1 − r) − cμ,
 * ∂/∂ν = −½ − (y − 1)E/(2D) + E/2, ∂²/∂ν² = (y − 1)(E/(4D))(1 − E/D) − E/4,
 * ∂²/∂η∂ν = −(y − 1)(r/2)(1 − E/D) + cμ/2.
 * Caveats: for φ < 1 (λ < 0) the support is bounded (D must be > 0): an observation with D ≤ 0
 * has log-density −Inf (glmmTMB's is NaN there) and zero derivatives; at y = 1 the (y − 1) log D
 * term is 0 whatever D. Not log-concave in η everywhere.
 */
import { isNonInteger, lgamma } from "../glmm/family/special.js";
import type { LogDensity } from "./types.js";

function outside(out: LogDensity): LogDensity {
  out.value = -Infinity;
  out.dEta = out.dEta2 = out.dNu = out.dNu2 = out.dEtaNu = 0;
  return out;
}

/** log P(Y = y) for glmmTMB's genpois with mean μ and dispersion φ (Var y = μφ); −Inf off the support. */
export function dgenpoisLog(y: number, mu: number, phi: number): number {
  if (Number.isNaN(y) || !(mu > 0) || !(phi > 0)) return NaN;
  if (y < 0 || !Number.isFinite(y) || isNonInteger(y)) return -Infinity;
  const c = 1 / Math.sqrt(phi);
  const E = c * (mu - y);
  const D = y + E;
  if (y !== 1 && !(D > 0)) return -Infinity;
  return Math.log(mu) + Math.log(c) + (y === 1 ? 0 : (y - 1) * Math.log(D)) - y - E - lgamma(y + 1);
}

/** genpois, log link, φ the dispersion (Var y = μφ); derivatives in η and ν = log φ (module comment). */
export function genpoisLogDensity(y: number, eta: number, phi: number, _size: number, out: LogDensity, withNu = true): LogDensity {
  if (y < 0 || !Number.isFinite(y) || isNonInteger(y)) return outside(out);
  const mu = Math.exp(eta);
  const c = 1 / Math.sqrt(phi);
  const cm = c * mu;
  const E = cm - c * y;
  const D = y + E;
  const ym1 = y - 1;
  if (ym1 !== 0 && !(D > 0)) return outside(out);
  const r = ym1 === 0 ? 0 : cm / D;
  const e = ym1 === 0 ? 0 : E / D;
  out.value = eta - 0.5 * Math.log(phi) + (ym1 === 0 ? 0 : ym1 * Math.log(D)) - y - E - lgamma(y + 1);
  out.dEta = 1 + ym1 * r - cm;
  out.dEta2 = ym1 * r * (1 - r) - cm;
  if (!withNu) return out;
  out.dNu = -0.5 - (ym1 * e) / 2 + E / 2;
  out.dNu2 = (ym1 * e * (1 - e)) / 4 - E / 4;
  out.dEtaNu = (-ym1 * r * (1 - e)) / 2 + cm / 2;
  return out;
}
