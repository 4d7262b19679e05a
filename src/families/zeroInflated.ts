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
 * The third derivative ∂³/∂η²∂ζ (for the Laplace gradient; ∂w/∂ζ = −w(1 − w)):
 * −w(1 − w)(g_ηη + (1 − 2w) g_η²) for y = 0, 0 for y > 0.
 */
import { newLogDensity, type LogDensity, type ObsLogDensity, type ZiLogDensity, type ZiObsLogDensity } from "./types.js";

/** log(logistic(x)) without overflow or loss of digits in either tail. */
export function logPlogis(x: number): number {
  return x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x));
}

/**
 * The zero-inflation model's per-observation quantities, which depend on ζ only (not on η or φ):
 * p = logistic(ζ), q = 1 − p, lp = log p, lq = log q. Computed once per parameter vector by the
 * caller (`ziParts`) and reused across the inner Newton passes.
 */
export interface ZiParts {
  p: number;
  q: number;
  lp: number;
  lq: number;
}

/** {@link ZiParts} of ζ into `out` (one exponential and one log1p, no overflow in either tail). */
export function ziParts(zeta: number, out: ZiParts): ZiParts {
  const e = Math.exp(-Math.abs(zeta)), l1 = Math.log1p(e);
  const pos = zeta >= 0;
  out.p = pos ? 1 / (1 + e) : e / (1 + e);
  out.q = pos ? e / (1 + e) : 1 / (1 + e);
  out.lq = pos ? -zeta - l1 : -l1;
  out.lp = pos ? -l1 : zeta - l1;
  return out;
}

/** {@link ZiParts} per observation (parallel arrays), as `obsFamily` keeps them for one parameter vector. */
export interface ZiRows {
  readonly p: Float64Array;
  readonly q: Float64Array;
  readonly lp: Float64Array;
  readonly lq: Float64Array;
}

/**
 * A zero-inflated log-density with the zero-inflation model's quantities of observation `i` read
 * from {@link ZiRows}: as {@link zeroInflated} without the per-observation exponential and log of
 * ζ. (Row arrays and an index rather than four numbers: a call that is not inlined boxes every
 * floating-point argument, an allocation per observation and pass.) For y = 0,
 * log f_zi(0) = log(e^lp + e^lf), lf = lq + log f(0), from one exponential and one log1p: with
 * r = e^(lf − lp) ≤ 1, L = lp + log1p(r) and w = r/(1 + r); else r = e^(lp − lf), L = lf + log1p(r),
 * w = 1/(1 + r).
 */
export type ZiPartsLogDensity = (y: number, eta: number, phi: number, size: number, z: ZiRows, i: number, out: ZiLogDensity, withNu?: boolean) => ZiLogDensity;

/** The zero-inflated version of a family's log-density on {@link ZiRows} (module comment: the math). */
export function zeroInflatedParts(base: ObsLogDensity): ZiPartsLogDensity {
  const g: LogDensity = newLogDensity();
  return (y, eta, phi, size, z, i, out: ZiLogDensity, withNu = true) => {
    base(y, eta, phi, size, g, withNu);
    if (!withNu) g.dNu = g.dNu2 = g.dEtaNu = 0;
    const p = z.p[i]!, q = z.q[i]!, lq = z.lq[i]!;
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
      out.dEta2Zi = 0;
      return out;
    }
    const lp = z.lp[i]!;
    const lf = lq + g.value;
    let L: number, w: number;
    if (lf === -Infinity) { L = lp; w = 0; }
    else if (lf <= lp) { const r = Math.exp(lf - lp); L = lp + Math.log1p(r); w = r / (1 + r); }
    else { const r = Math.exp(lp - lf); L = lf + Math.log1p(r); w = 1 / (1 + r); }
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
    out.dEta2Zi = -ww * (g.dEta2 + (1 - 2 * w) * g.dEta * g.dEta);
    return out;
  };
}

/** The zero-inflated version of a family's log-density (see the module comment for the math). */
export function zeroInflated(base: ObsLogDensity): ZiObsLogDensity {
  const f = zeroInflatedParts(base);
  const z = { p: new Float64Array(1), q: new Float64Array(1), lp: new Float64Array(1), lq: new Float64Array(1) };
  const zp: ZiParts = { p: 0, q: 0, lp: 0, lq: 0 };
  return (y, eta, etaZi, phi, size, out: ZiLogDensity, withNu = true) => {
    ziParts(etaZi, zp);
    z.p[0] = zp.p; z.q[0] = zp.q; z.lp[0] = zp.lp; z.lq[0] = zp.lq;
    return f(y, eta, phi, size, z, 0, out, withNu);
  };
}
