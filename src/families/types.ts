/**
 * The per-observation protocol of the families beyond the exponential family with a fixed scale
 * (issue 14): each family gives log f(y | η, φ) with its derivatives in the linear predictor η
 * (for the inner penalized Newton step over the random effects) and in ν = log φ, its own
 * dispersion parameter on the scale the outer optimizer sees (glmmTMB's `betad`).
 */

/**
 * One observation's log-density and its derivatives, written in place by an
 * {@link ObsLogDensity} (no allocation in the hot loop; create one with {@link newLogDensity}).
 * Families without a dispersion parameter (poisson) leave the ν derivatives at 0.
 */
export interface LogDensity {
  /** log f(y | η, φ), with all normalizing constants (as R's d-functions with log = TRUE). */
  value: number;
  /** ∂ log f / ∂η. */
  dEta: number;
  /** ∂² log f / ∂η² (the observed information is its negative; it can be positive: not every family is log-concave in η). */
  dEta2: number;
  /** ∂ log f / ∂ν, ν = log φ. */
  dNu: number;
  /** ∂² log f / ∂ν². */
  dNu2: number;
  /** ∂² log f / ∂η ∂ν. */
  dEtaNu: number;
}

/** A fresh {@link LogDensity} with every field 0. */
export function newLogDensity(): LogDensity {
  return { value: 0, dEta: 0, dEta2: 0, dNu: 0, dNu2: 0, dEtaNu: 0 };
}

/**
 * A family's log-density of one observation: response `y`, linear predictor `eta` (on the
 * family's link scale), dispersion `phi` > 0 (ignored by families without one) and `size`
 * (the number of trials of a betabinomial observation, 1 otherwise). Writes `out` and returns it;
 * with `withNu` false (the inner Newton loop) the ν derivatives are left as they were.
 */
export type ObsLogDensity = (y: number, eta: number, phi: number, size: number, out: LogDensity, withNu?: boolean) => LogDensity;

/**
 * The log-density of a zero-inflated observation, with the derivatives in the zero-inflation
 * linear predictor ζ = logit p as well (p the probability of a structural zero).
 */
export interface ZiLogDensity extends LogDensity {
  /** ∂ log f / ∂ζ. */
  dZi: number;
  /** ∂² log f / ∂ζ². */
  dZi2: number;
  /** ∂² log f / ∂η ∂ζ. */
  dEtaZi: number;
  /** ∂² log f / ∂ν ∂ζ. */
  dNuZi: number;
  /** ∂³ log f / ∂η² ∂ζ (the change of the information in η with ζ; for the Laplace gradient). */
  dEta2Zi: number;
}

/** A fresh {@link ZiLogDensity} with every field 0. */
export function newZiLogDensity(): ZiLogDensity {
  // One literal (not a spread of newLogDensity's): every field keeps an unboxed double
  // representation in the hot loops' stores.
  return { value: 0, dEta: 0, dEta2: 0, dNu: 0, dNu2: 0, dEtaNu: 0, dZi: 0, dZi2: 0, dEtaZi: 0, dNuZi: 0, dEta2Zi: 0 };
}

/** A zero-inflated family's log-density: as {@link ObsLogDensity} with ζ = logit p (`etaZi`). */
export type ZiObsLogDensity = (y: number, eta: number, etaZi: number, phi: number, size: number, out: ZiLogDensity, withNu?: boolean) => ZiLogDensity;
