/**
 * The link and family protocols of the GLMM engine (R's `link-glm` and `family` objects, with
 * the numerics of lme4's C++ `glmFamily`, which is what lme4's PIRLS evaluates).
 */

/**
 * A link function g: μ ↦ η with inverse μ = g⁻¹(η) and derivative dμ/dη.
 * Scalar forms for general use, in-place vector forms (no allocation) for the PIRLS hot loop.
 */
export interface Link {
  /** R's link name: "logit", "probit", "cloglog", "cauchit", "log", "identity", "sqrt", "inverse", "1/mu^2", or a user's. */
  readonly name: string;
  /** η = g(μ). */
  linkfun(mu: number): number;
  /** μ = g⁻¹(η), clamped as lme4 does (see each link). */
  linkinv(eta: number): number;
  /** dμ/dη at η. */
  muEta(eta: number): number;
  /** Is η in the link's domain (R's `valideta`, element-wise)? */
  valideta(eta: number): boolean;
  /** out[i] = linkinv(eta[i]); `out` may be `eta`. */
  linkinvInto(eta: Float64Array, out: Float64Array): void;
  /** out[i] = muEta(eta[i]); `out` may be `eta`. */
  muEtaInto(eta: Float64Array, out: Float64Array): void;
}

/** The family names lme4ts knows (R's spelling). */
export type FamilyName = "binomial" | "poisson" | "Gamma" | "inverse.gaussian" | "gaussian";

/** Receives warnings (R's `warning()`); callers collect them for the fitted model. */
export type WarningSink = (message: string) => void;

/**
 * An exponential-family distribution with a link: the pieces of R's `family` object that
 * lme4 uses. Arrays are parallel, one entry per observation.
 */
export interface Family {
  readonly name: FamilyName | string;
  readonly link: Link;
  /** Is the dispersion φ estimated (Gamma, inverse.gaussian, gaussian) rather than fixed at 1? */
  readonly hasScale: boolean;
  /** Variance function V(μ): Var(y) = φ·V(μ)/wt. */
  variance(mu: number): number;
  varianceInto(mu: Float64Array, out: Float64Array): void;
  /** Is μ inside the family's mean space (R's `validmu`, element-wise)? */
  validmu(mu: number): boolean;
  /** Unit deviance times the prior weight (R's `dev.resids`); the deviance is their sum. */
  devResid(y: number, mu: number, wt: number): number;
  devResidsInto(y: Float64Array, mu: Float64Array, wt: Float64Array, out: Float64Array): void;
  /**
   * R's / lme4's `family$aic(y, n, mu, wt, dev)`: −2 × the conditional log-likelihood of y given
   * μ, with all normalising constants (binomial, Poisson: exactly −2 log p(y | μ)). For scale
   * families the dispersion is plugged in as φ = dev/Σwt (gaussian: dev/N) with dev = Σ devResid,
   * and R adds 2 for φ (an AIC penalty that lme4 nevertheless keeps).
   *
   * How lme4 uses it: the Laplace (nAGQ = 1) deviance is
   * `aic(y, n, μ, wt, Σ devResid) + log|L_θ|² + ‖u‖²` (glmResp::Laplace) and
   * logLik = −deviance/2. lme4's AGQ (nAGQ > 1) objective is built from devResid instead
   * (Σ devResid + ‖u‖² + log|L_θ|² − 2 Σ log quadrature factors); the reference logLik for
   * nAGQ > 1 is that minus ½ (aic − Σ devResid), i.e. the same constant as the Laplace one.
   */
  aic(y: Float64Array, n: Float64Array, mu: Float64Array, wt: Float64Array, dev: number): number;
  /**
   * R's `family$initialize`: validates y (throws LmeError("family") naming the first offending
   * rows, 1-based) and returns the starting means μ⁽⁰⁾. Non-fatal problems go to `warn`.
   */
  initialize(y: Float64Array, weights: Float64Array, warn?: WarningSink): Float64Array;
  /**
   * Draws one response vector with means `mu`, prior weights `weights` and dispersion `scale`
   * (ignored by binomial and Poisson). `rng` returns independent uniform(0, 1) numbers; the
   * draws do not reproduce R's random-number streams.
   */
  simulate(mu: Float64Array, weights: Float64Array, scale: number, rng: () => number): Float64Array;
}
