/**
 * Zero-inflated mixtures (glmmTMB's `ziformula`): with probability p = logistic(ζ) a structural
 * zero, otherwise a draw from the conditional family f, so
 * log f_zi(0) = log(p + (1 − p) f(0)) and log f_zi(y) = log(1 − p) + log f(y) for y > 0.
 * ζ is the zero-inflation model's own linear predictor (fixed effects only; glmmTMB's `betazi`).
 *
 * Derivatives for y = 0 with g = log f(0) and w = (1 − p) f(0) / f_zi(0) (the posterior
 * probability that a zero came from f): ∂/∂η = w g_η, ∂²/∂η² = w g_ηη + w(1 − w) g_η² (the
 * mixture is not log-concave in η even when f is), the same form in ν and for η–ν;
 * ∂/∂ζ = 1 − w − p, ∂²/∂ζ² = w(1 − w) − p(1 − p), ∂²/∂η∂ζ = −w(1 − w) g_η, ∂²/∂ν∂ζ = −w(1 − w) g_ν.
 * For y > 0 the base derivatives, ∂/∂ζ = −p, ∂²/∂ζ² = −p(1 − p), no cross terms.
 */
import { newLogDensity, type LogDensity, type ObsLogDensity, type ZiLogDensity, type ZiObsLogDensity } from "./types.js";

/** log(logistic(x)) without overflow or loss of digits in either tail. */
export function logPlogis(x: number): number {
  return x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x));
}

/** The zero-inflated version of a family's log-density (see the module comment for the math). */
export function zeroInflated(base: ObsLogDensity): ZiObsLogDensity {
  const g: LogDensity = newLogDensity();
  return (y, eta, etaZi, phi, size, out: ZiLogDensity, withNu = true) => {
    base(y, eta, phi, size, g, withNu);
    if (!withNu) g.dNu = g.dNu2 = g.dEtaNu = 0;
    // p = logistic(ζ), 1 − p, log p and log(1 − p) from one exponential and one log1p
    // (the formulas of plogis and logPlogis, evaluated once per observation).
    const e = Math.exp(-Math.abs(etaZi)), l1 = Math.log1p(e);
    const pos = etaZi >= 0;
    const p = pos ? 1 / (1 + e) : e / (1 + e);
    const q = pos ? e / (1 + e) : 1 / (1 + e);
    const lq = pos ? -etaZi - l1 : -l1;
    if (y !== 0) {
      out.value = lq + g.value;
      out.dEta = g.dEta;
      out.dEta2 = g.dEta2;
      out.dNu = g.dNu;
      out.dNu2 = g.dNu2;
      out.dEtaNu = g.dEtaNu;
      out.dZi = -p;
      out.dZi2 = -p * q;
      out.dEtaZi = 0;
      out.dNuZi = 0;
      return out;
    }
    const lp = pos ? -l1 : etaZi - l1;
    const lf = lq + g.value;
    const hi = Math.max(lp, lf), lo = Math.min(lp, lf);
    const L = hi === -Infinity ? -Infinity : hi + Math.log1p(Math.exp(lo - hi));
    const w = L === -Infinity ? 0 : Math.exp(lf - L);
    const ww = w * (1 - w);
    out.value = L;
    out.dEta = w * g.dEta;
    out.dEta2 = w * g.dEta2 + ww * g.dEta * g.dEta;
    out.dNu = w * g.dNu;
    out.dNu2 = w * g.dNu2 + ww * g.dNu * g.dNu;
    out.dEtaNu = w * g.dEtaNu + ww * g.dEta * g.dNu;
    out.dZi = 1 - w - p;
    out.dZi2 = ww - p * q;
    out.dEtaZi = -ww * g.dEta;
    out.dNuZi = -ww * g.dNu;
    return out;
  };
}
