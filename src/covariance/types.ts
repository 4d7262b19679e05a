/**
 * The covariance protocol. A random-effects term with q columns per level has relative
 * covariance Σ/σ² = T Tᵀ, where T is a q×q lower-triangular factor built from the term's
 * θ parameters; the full relative covariance factor is Λ = I_ℓ ⊗ T (one copy of T per level),
 * so b = Λ u with spherical u ~ N(0, σ² I) (lme4's parameterization).
 *
 * One implementation per structure (unstructured, diagonal, compound symmetry, AR(1)).
 */
export interface CovarianceStructure {
  /** Structure name as lme4 2.x prints it. */
  readonly kind: "us" | "diag" | "cs" | "ar1";
  /** Number of random effects per level. */
  readonly q: number;
  /** Number of θ parameters of this term. */
  readonly nTheta: number;
  /** Lower bounds of θ (0 on parameters that are standard deviations / Cholesky diagonals). */
  readonly lower: Float64Array;
  /** Upper bounds of θ (Infinity where unbounded). */
  readonly upper: Float64Array;
  /** Starting value (lme4: identity T, i.e. 1 on diagonals, 0 elsewhere). */
  initialTheta(): Float64Array;
  /**
   * Writes T(θ) into `out` (q×q column-major; the strict upper triangle is set to 0).
   * `theta` holds exactly this term's nTheta parameters.
   */
  lambda(theta: ArrayLike<number>, out: Float64Array): void;
  /** lme4-style names of θ, e.g. "Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days". */
  thetaNames(group: string, names: readonly string[]): string[];
  /**
   * Boundary test as lme4's `isSingular` (tolerance 1e-4): a θ component with a lower bound of 0
   * (a Cholesky diagonal / standard deviation) within `tol` of it, or a correlation at ±1 for
   * structures that parameterize correlations directly.
   */
  isSingular(theta: ArrayLike<number>, tol: number): boolean;
}
