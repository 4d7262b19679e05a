/**
 * The protocol of conditional distributions fitted by the general Laplace engine (`glmm/laplace/`):
 * families that are not an exponential family with a fixed scale (negative binomial now; beta,
 * zero-inflated and dispersion models plug in the same way). A family gives the conditional
 * log-density log f(y | η, φ) of one observation with its first two derivatives in the linear
 * predictor η, for a vector φ of its own parameters on an unconstrained scale (e.g. log θ).
 *
 * The engine maximizes, for given variance parameters θ, fixed effects β and φ,
 *
 *   Σᵢ wtᵢ log f(yᵢ | ηᵢ, φ) − ‖u‖²/2,    η = offset + Xβ + ZΛ_θ u,
 *
 * over u by Newton's method with the observed information (−∂²ℓ/∂η²; PIRLS is the special case
 * with Fisher's information, equal to it for a canonical link), and evaluates the Laplace
 * approximation of −2 log L(θ, β, φ) = −2 Σ ℓᵢ(û) + ‖û‖² + log|Λᵀ Zᵀ W Z Λ + I|, W = diag(−∂²ℓ/∂η²).
 * This is glmmTMB's Laplace approximation (TMB integrates over b = Λu; a linear change of
 * variables leaves the Laplace approximation unchanged).
 */
import type { Family, Link, WarningSink } from "./types.js";

/** One parameter of a family on the optimizer's (unconstrained) scale, e.g. log θ. */
export interface FamilyParam {
  /** Name on the optimizer's scale, e.g. "log(theta)". */
  readonly name: string;
  /** Bounds on the optimizer's scale (finite: the engine detects estimates running to a bound). */
  readonly lower: number;
  readonly upper: number;
}

/**
 * A conditional distribution for the Laplace engine. Arrays are parallel (one entry per
 * observation); `par` holds the family's parameters on the optimizer's scale (`params`).
 */
export interface LaplaceFamily {
  /** The family's name as glmmTMB spells it ("nbinom2", "nbinom1"). */
  readonly name: string;
  readonly link: Link;
  /** The family's own parameters (may be empty). */
  readonly params: readonly FamilyParam[];
  /**
   * Checks the response (throws LmeError naming `label`, the response column, and the first
   * offending rows) and returns starting means μ⁽⁰⁾; non-fatal problems go to `warn`.
   */
  initialize(y: Float64Array, wt: Float64Array, label: string, warn?: WarningSink): Float64Array;
  /** Starting values of `par` from the response and the starting means (e.g. by moments). */
  startParams(y: Float64Array, mu: Float64Array, wt: Float64Array): Float64Array;
  /**
   * Σᵢ wtᵢ log f(yᵢ | ηᵢ, par), with every normalizing constant (the log-likelihood, as
   * glmmTMB's), and, when given, fills d1ᵢ = wtᵢ ∂ℓᵢ/∂ηᵢ, d2ᵢ = wtᵢ ∂²ℓᵢ/∂ηᵢ² (observed) and
   * fisherᵢ = wtᵢ E[−∂²ℓᵢ/∂ηᵢ²] (expected information, > 0: the Newton weights where the
   * observed information is not positive, and lme4's Laplace approximation). With
   * `fisherWhereNeeded` (and d2 given) a family may fill fisherᵢ only where the observed
   * information −d2ᵢ is not positive (the only entries the observed-information Newton step
   * reads), leaving the others unspecified.
   */
  logDensity(y: Float64Array, eta: Float64Array, wt: Float64Array, par: Float64Array, d1?: Float64Array, d2?: Float64Array, fisher?: Float64Array, fisherWhereNeeded?: boolean): number;
  /**
   * ∂/∂par_k Σᵢ wtᵢ log f(yᵢ | ηᵢ, par) into `out` (length params.length): for gradient-based
   * outer optimizers and checks (the engine's BOBYQA does not need it).
   */
  gradParams(y: Float64Array, eta: Float64Array, wt: Float64Array, par: Float64Array, out: Float64Array): void;
  /**
   * Optional, for the Laplace gradient (`gradient.ts`): in one or two passes, gp_k = ∂/∂par_k Σᵢ ℓᵢ
   * (as `gradParams`) and mix_k = Σᵢ (aᵢ ∂d1ᵢ/∂par_k + bᵢ ∂d2ᵢ/∂par_k), d1, d2 as in
   * `logDensity`. Without it the engine differences `logDensity` once per parameter.
   */
  paramTerms?(y: Float64Array, eta: Float64Array, wt: Float64Array, par: Float64Array, a: Float64Array, b: Float64Array, gp: Float64Array, mix: Float64Array): void;
  /**
   * The distribution at fixed `par` as a GLM family (`Family`): mean and variance functions,
   * deviance residuals, simulation, named as the fitted model shows it. Residuals, fitted values,
   * predictions and simulation of the fitted model go through it.
   */
  glmView(par: Float64Array, name?: string): Family;
  /** The dispersion parameter glmmTMB prints (`sigma(m)`), from `par`. */
  dispersion(par: Float64Array): number;
  /**
   * Is `par` near the family's Poisson limit, where little overdispersion is left (θ → ∞ for
   * nbinom2, φ → 0 for nbinom1): the variance within 5% of the Poisson variance μ at every fitted
   * mean `mu`? The engine then compares the objective at `poissonPar()`: when the limit fits as
   * well, the fit stops with "the data look poisson; fit poisson".
   */
  poissonLimit(par: Float64Array, mu: Float64Array): boolean;
  /** The parameters at the Poisson limit (the bound of `params` where the variance is μ). */
  poissonPar(): Float64Array;
}

/** Information matrix the engine uses in its Newton steps and in the Laplace determinant. */
export type Information = "observed" | "expected";
