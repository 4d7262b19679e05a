/**
 * Per-observation log-densities of the proportion families with a logit link, μ = logistic(η),
 * precision φ, α = μφ, β = (1 − μ)φ (glmmTMB's `beta_family` and `betabinomial`, Ferrari and
 * Cribari-Neto's parameterization; the {@link ObsLogDensity} protocol, derivatives in η and in
 * ν = log φ), plus the gaussian with φ = σ² (glmmTMB's gaussian dispersion model).
 * - beta: y ∈ (0, 1), Var y = μ(1 − μ)/(1 + φ); values as R's `dbeta(y, α, β, log = TRUE)`.
 * - betabinomial: y successes of `size` trials, Var y = size·μ(1 − μ)(1 + (size − 1)/(φ + 1)).
 * Caveat: neither is log-concave in η everywhere.
 */
import { dbinomRawLog } from "../glmm/family/densities.js";
import { LN_SQRT_2PI, plogis } from "../glmm/family/special.js";
import { digamma, lbeta, lchoose, trigamma } from "./gammafns.js";
import { digammaDiff, trigammaDiff } from "./digammaDiff.js";
import type { LogDensity } from "./types.js";

/** The logit-link quantities of both families, written into one reused object (no allocation). */
const SHAPES = { mu: 0, q: 0, m1: 0, m2: 0, a: 0, b: 0 };

/** μ = logistic(η), q = 1 − μ, m₁ = dμ/dη = μq, m₂ = d²μ/dη² = m₁(q − μ), α = μφ, β = qφ. */
function logitShapes(eta: number, phi: number): typeof SHAPES {
  const mu = plogis(eta);
  const q = plogis(-eta);
  SHAPES.mu = mu;
  SHAPES.q = q;
  SHAPES.m1 = mu * q;
  SHAPES.m2 = SHAPES.m1 * (q - mu);
  SHAPES.a = mu * phi;
  SHAPES.b = q * phi;
  return SHAPES;
}

/** Largest α + β for which {@link dbetaLog} sums the three terms directly. */
const DBETA_DIRECT_MAX = 1000;

/**
 * log density of Beta(α, β) at x (R's `dbeta(x, α, β, log = TRUE)`). For α, β > 2 R goes through
 * dbinom_raw, which keeps the digits lost by (α − 1) log x + (β − 1) log(1 − x) − log B(α, β);
 * here only when α + β > 1000: below it the direct sum's terms are at most ~1000 × |log x|, so
 * its rounding error stays below ~1e-12 absolute (R's value to that accuracy), at a third of
 * the saddle point's cost (three log-gammas and two logs against three Stirling corrections,
 * two deviance terms and as many logs), which matters in the Laplace engine's inner loop.
 */
export function dbetaLog(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return NaN;
  if (x < 0 || x > 1) return -Infinity;
  if (a <= 2 || b <= 2 || a + b <= DBETA_DIRECT_MAX) return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta(a, b);
  return Math.log(a + b - 1) + dbinomRawLog(a - 1, a + b - 2, x, 1 - x);
}

/**
 * log P(K = k) for K betabinomial with n trials and shapes α, β:
 * log C(n, k) + log B(k + α, n − k + β) − log B(α, β).
 */
export function dbetabinomLog(k: number, n: number, a: number, b: number): number {
  if (k < 0 || k > n) return -Infinity;
  return lchoose(n, k) + lbeta(k + a, n - k + b) - lbeta(a, b);
}

/**
 * beta, logit link. With m₁ = μ(1 − μ), m₂ = m₁(1 − 2μ), r = logit y − (ψ(α) − ψ(β)):
 * ∂/∂η = φ m₁ r, ∂²/∂η² = φ m₂ r − φ² m₁² (ψ′(α) + ψ′(β)),
 * ∂/∂φ = ψ(φ) − μψ(α) − (1 − μ)ψ(β) + μ log y + (1 − μ) log(1 − y),
 * ∂²/∂φ² = ψ′(φ) − μ²ψ′(α) − (1 − μ)²ψ′(β), ∂²/∂η∂φ = m₁ (r − φ(μψ′(α) − (1 − μ)ψ′(β))).
 */
export function betaLogDensity(y: number, eta: number, phi: number, _size: number, out: LogDensity, withNu = true): LogDensity {
  const { mu, q, m1, m2, a, b } = logitShapes(eta, phi);
  const ly = Math.log(y);
  const lq = Math.log1p(-y);
  const psiA = digamma(a);
  const psiB = digamma(b);
  const triA = trigamma(a);
  const triB = trigamma(b);
  const r = ly - lq - (psiA - psiB);
  out.value = dbetaLog(y, a, b);
  out.dEta = phi * m1 * r;
  out.dEta2 = phi * m2 * r - phi * phi * m1 * m1 * (triA + triB);
  if (!withNu) return out;
  const d1 = digamma(phi) - mu * psiA - q * psiB + mu * ly + q * lq;
  const d2 = trigamma(phi) - mu * mu * triA - q * q * triB;
  out.dNu = phi * d1;
  out.dNu2 = phi * phi * d2 + phi * d1;
  out.dEtaNu = phi * m1 * (r - phi * (mu * triA - q * triB));
  return out;
}

/**
 * betabinomial, logit link, y successes of `size` trials. With D = [ψ(y + α) − ψ(α)] −
 * [ψ(n − y + β) − ψ(β)] and E the same with ψ′ and a plus sign: ∂/∂η = φ m₁ D,
 * ∂²/∂η² = φ m₂ D + φ² m₁² E; the φ derivatives as for beta with the digamma differences.
 */
export function betabinomialLogDensity(y: number, eta: number, phi: number, size: number, out: LogDensity, withNu = true): LogDensity {
  const { mu, q, m1, m2, a, b } = logitShapes(eta, phi);
  const f = size - y;
  const dA = digammaDiff(a, y);
  const dB = digammaDiff(b, f);
  const tA = trigammaDiff(a, y);
  const tB = trigammaDiff(b, f);
  const D = dA - dB;
  out.value = dbetabinomLog(y, size, a, b);
  out.dEta = phi * m1 * D;
  out.dEta2 = phi * m2 * D + phi * phi * m1 * m1 * (tA + tB);
  if (!withNu) return out;
  const d1 = mu * dA + q * dB - digammaDiff(phi, size);
  const d2 = mu * mu * tA + q * q * tB - trigammaDiff(phi, size);
  out.dNu = phi * d1;
  out.dNu2 = phi * phi * d2 + phi * d1;
  out.dEtaNu = phi * m1 * (D + phi * (mu * tA - q * tB));
  return out;
}

/**
 * gaussian, identity link, φ = σ² (glmmTMB's dispersion parameter for the gaussian family is
 * the variance): log f = −½ log(2πφ) − (y − η)²/(2φ).
 */
export function gaussianLogDensity(y: number, eta: number, phi: number, _size: number, out: LogDensity): LogDensity {
  const r = y - eta;
  const h = (r * r) / (2 * phi);
  out.value = -LN_SQRT_2PI - 0.5 * Math.log(phi) - h;
  out.dEta = r / phi;
  out.dEta2 = -1 / phi;
  out.dNu = -0.5 + h;
  out.dNu2 = -h;
  out.dEtaNu = -r / phi;
  return out;
}
