/**
 * The Conway–Maxwell–Poisson log-density in glmmTMB 1.1.5's mean parameterization (`compois`,
 * log link): P(Y = y) = λʸ / (y!)^ν / Z(λ, ν), Z = Σ_k λᵏ/(k!)^ν, with ν = 1/φ and λ the
 * solution of E Y = μ (φ > 1 overdispersion, φ = 1 the poisson, φ < 1 underdispersion).
 *
 * With a = log λ and G(y) = log y!, log Z is a cumulant generating function in (a, −ν):
 * ∂ log Z/∂a = m = E Y, ∂²/∂a² = V = Var Y, ∂³/∂a³ = κ₃, and in ν the moments of G. Holding
 * m = μ = e^η fixes a(η, ν): ∂a/∂η = μ/V, ∂a/∂ν = C/V with C = Cov(Y, G). So, for
 * ℓ = ya − νG(y) − log Z:
 *   ∂ℓ/∂η = (y − μ)μ/V,   ∂²ℓ/∂η² = −μ²/V + (y − μ)(μ/V − μ²κ₃/V³),
 *   ∂ℓ/∂ν = (y − μ)C/V + Ḡ − G(y),
 *   ∂²ℓ/∂ν² = (y − μ) d(C/V)/dν + C²/V − Var G,
 *   ∂²ℓ/∂η∂ν = (y − μ)(μ/V)(K_YYG V − Cκ₃)/V² (the terms ∓μC/V from ∂a/∂ν and ∂Ḡ/∂η cancel),
 * where d(C/V)/dν = [(K_YYG C/V − K_YGG)V − C(κ₃C/V − K_YYG)]/V², K_YYG = E[(Y − m)²(G − Ḡ)]
 * and K_YGG = E[(Y − m)(G − Ḡ)²]; the protocol's ν = log φ = −log ν by the chain rule.
 *
 * Numerics: Z and the moments by direct summation of the series around its mode λ^(1/ν),
 * outward until the terms fall below e⁻⁴⁰ of the largest (exact to rounding). glmmTMB (TMB's
 * compois_utils) sums the same series with relative tolerance 1e-12 but switches to a Laplace
 * approximation of log Z when the mode exceeds 100 (and νλ^(1/ν) > 200): for such large counts
 * the two log-likelihoods differ by that approximation's error. log λ is found by a safeguarded
 * Newton iteration on log m(a) = log μ (stopped after a step below 1e-8: quadratic convergence
 * leaves an error of order 1e-16).
 */
import { lgamma } from "../glmm/family/special.js";
import type { LogDensity } from "./types.js";

/** log y! for whole y: a table grown on demand up to 2²⁰, lgamma beyond. */
let LFACT = Float64Array.from({ length: 1024 }, (_, k) => lgamma(k + 1));
function lfact(y: number): number {
  if (y < LFACT.length) return LFACT[y]!;
  if (y >= 1 << 20) return lgamma(y + 1);
  const grown = new Float64Array(Math.min(1 << 20, Math.max(2 * LFACT.length, y + 1)));
  grown.set(LFACT);
  for (let k = LFACT.length; k < grown.length; k++) grown[k] = lgamma(k + 1);
  LFACT = grown;
  return LFACT[y]!;
}

/** The cumulants of (Y, G) at (a = log λ, ν) that the derivatives need. */
export interface CompoisMoments {
  logZ: number;
  /** E Y, Var Y, third central moment of Y. */
  m: number; v: number; k3: number;
  /** E G, Cov(Y, G), Var G, E[(Y − m)²(G − Ḡ)], E[(Y − m)(G − Ḡ)²] with G = log Y!. */
  g: number; c: number; vg: number; kyyg: number; kygg: number;
}

/** A fresh {@link CompoisMoments}. */
export function newCompoisMoments(): CompoisMoments {
  return { logZ: 0, m: 0, v: 0, k3: 0, g: 0, c: 0, vg: 0, kyyg: 0, kygg: 0 };
}

const CUT = 40;
const MAX_TERMS = 2_000_000;
/** Unnormalized probabilities exp(t_y − t_mode), y = lo … hi, reused between calls. */
let buf = new Float64Array(4096);

function nanMoments(out: CompoisMoments): CompoisMoments {
  out.logZ = out.m = out.v = out.k3 = out.g = out.c = out.vg = out.kyyg = out.kygg = NaN;
  return out;
}

/**
 * log Z(a, ν) and the moments into `out` (with `full` false only logZ, m and v). The terms
 * t_y = ay − ν log y! are unimodal with mode ⌊λ^(1/ν)⌋; the sum runs outward from it until they
 * fall below e⁻⁴⁰ of the largest (each dropped term < 5e-18 relative, and the tails beyond decay
 * at least geometrically). NaN when more than 2·10⁶ terms would be needed (ν near 0 with λ near 1:
 * the series barely converges).
 */
export function compoisMoments(a: number, nu: number, out: CompoisMoments, full = true): CompoisMoments {
  const mode = Math.max(0, Math.floor(Math.exp(a / nu)));
  if (!Number.isFinite(mode) || mode > 1e12) return nanMoments(out);
  const tmax = a * mode - nu * lfact(mode);
  // Right side from the mode into buf[0…], then the left side after it (reversed at the end).
  let nr = 0;
  for (let y = mode; ; y++) {
    const e = Math.exp(a * y - nu * lfact(y) - tmax);
    if (nr === buf.length) { const b = new Float64Array(2 * buf.length); b.set(buf); buf = b; }
    buf[nr++] = e;
    if (e < Math.exp(-CUT) || nr > MAX_TERMS) break;
  }
  if (nr > MAX_TERMS) return nanMoments(out);
  let nl = 0;
  for (let y = mode - 1; y >= 0; y--) {
    const e = Math.exp(a * y - nu * lfact(y) - tmax);
    if (nr + nl === buf.length) { const b = new Float64Array(2 * buf.length); b.set(buf); buf = b; }
    buf[nr + nl++] = e;
    if (e < Math.exp(-CUT)) break;
  }
  const n = nr + nl;
  // y of slot k: mode + k for k < nr, mode − 1 − (k − nr) after.
  const yAt = (k: number) => (k < nr ? mode + k : mode - 1 - (k - nr));
  let s = 0;
  for (let k = n - 1; k >= 0; k--) s += buf[k]!;
  out.logZ = tmax + Math.log(s);
  let m = 0, g = 0;
  for (let k = 0; k < n; k++) {
    const p = buf[k]! / s;
    buf[k] = p;
    m += p * yAt(k);
    if (full) g += p * lfact(yAt(k));
  }
  let v = 0, k3 = 0, c = 0, vg = 0, kyyg = 0, kygg = 0;
  for (let k = 0; k < n; k++) {
    const p = buf[k]!;
    const y = yAt(k);
    const dy = y - m;
    v += p * dy * dy;
    if (!full) continue;
    const dg = lfact(y) - g;
    k3 += p * dy * dy * dy;
    c += p * dy * dg;
    vg += p * dg * dg;
    kyyg += p * dy * dy * dg;
    kygg += p * dy * dg * dg;
  }
  out.m = m; out.v = v; out.k3 = k3; out.g = g; out.c = c; out.vg = vg; out.kyyg = kyyg; out.kygg = kygg;
  return out;
}

const MOM = newCompoisMoments();

/**
 * log λ such that the COM-Poisson(λ, ν) mean is μ: Newton's method on f(a) = log m(a) − log μ
 * (f′ = V/m), from the asymptotic a = ν log(μ + (ν − 1)/(2ν)) when that argument exceeds 2, else
 * from ν log μ (TMB's start), halving steps that do not decrease |f|; NaN if it fails.
 */
export function compoisLogLambda(mu: number, nu: number): number {
  if (!(mu > 0) || !(nu > 0) || !Number.isFinite(mu)) return NaN;
  const lmu = Math.log(mu);
  // Start: the asymptotic mean λ^(1/ν) − (ν − 1)/(2ν) when it is well above 1, else TMB's ν log μ.
  const t = mu + (nu - 1) / (2 * nu);
  let a = t > 2 ? nu * Math.log(t) : nu * lmu;
  let f = Infinity, step = 0;
  for (let it = 0; it < 200; it++) {
    compoisMoments(a, nu, MOM, false);
    const fa = Math.log(MOM.m) - lmu;
    if (!Number.isFinite(fa) || Math.abs(fa) > Math.abs(f)) {
      if (it === 0) return NaN;
      step /= 2;
      a -= step;
      continue;
    }
    f = fa;
    step = -f / (MOM.v / MOM.m);
    a += step;
    // Quadratic convergence: after a step of 1e-8 the error left is of order 1e-16.
    if (Math.abs(step) <= 1e-8 * Math.max(1, Math.abs(a))) return a;
  }
  return Math.abs(f) < 1e-10 ? a : NaN;
}

/** log P(Y = y) for glmmTMB's compois with mean μ and dispersion φ = 1/ν; −Inf off the support. */
export function dcompoisLog(y: number, mu: number, phi: number): number {
  if (Number.isNaN(y) || !(mu > 0) || !(phi > 0)) return NaN;
  if (y < 0 || !Number.isInteger(y)) return -Infinity;
  const nu = 1 / phi;
  const a = compoisLogLambda(mu, nu);
  compoisMoments(a, nu, MOM, false);
  return y * a - nu * lfact(y) - MOM.logZ;
}

/** y ↦ log P(Y = y) of the compois with mean μ and dispersion φ, λ and Z solved once (for draws). */
export function compoisLogPmf(mu: number, phi: number): (y: number) => number {
  const nu = 1 / phi;
  const a = compoisLogLambda(mu, nu);
  const logZ = compoisMoments(a, nu, newCompoisMoments(), false).logZ;
  return (y) => y * a - nu * lfact(y) - logZ;
}

/** Var Y of the compois with mean μ and dispersion φ (glmmTMB's `compois()$variance`). */
export function compoisVariance(mu: number, phi: number): number {
  const nu = 1 / phi;
  return compoisMoments(compoisLogLambda(mu, nu), nu, newCompoisMoments(), false).v;
}

/** compois, log link, φ = 1/ν; derivatives in η and in log φ (module comment). */
export function compoisLogDensity(y: number, eta: number, phi: number, _size: number, out: LogDensity, withNu = true): LogDensity {
  const mu = Math.exp(eta);
  const nu = 1 / phi;
  if (y < 0 || !Number.isInteger(y)) {
    out.value = -Infinity;
    out.dEta = out.dEta2 = out.dNu = out.dNu2 = out.dEtaNu = 0;
    return out;
  }
  const a = compoisLogLambda(mu, nu);
  const M = compoisMoments(a, nu, MOM, true);
  const r = y - mu;
  const G = lfact(y);
  const aEta = mu / M.v;
  out.value = y * a - nu * G - M.logZ;
  out.dEta = r * aEta;
  out.dEta2 = -mu * aEta + r * (aEta - (aEta * aEta * M.k3) / M.v);
  if (!withNu) return out;
  const aNu = M.c / M.v;
  const d1 = r * aNu + M.g - G;
  const dC = M.kyyg * aNu - M.kygg;
  const dV = M.k3 * aNu - M.kyyg;
  const d2 = (r * (dC * M.v - M.c * dV)) / (M.v * M.v) + M.c * aNu - M.vg;
  const dEN = (r * aEta * (M.kyyg * M.v - M.c * M.k3)) / (M.v * M.v);
  // ν = 1/φ = e^(−w), w = log φ: ∂/∂w = −ν ∂/∂ν, ∂²/∂w² = ν² ∂²/∂ν² + ν ∂/∂ν.
  out.dNu = -nu * d1;
  out.dNu2 = nu * nu * d2 + nu * d1;
  out.dEtaNu = -nu * dEN;
  return out;
}
