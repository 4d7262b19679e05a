/**
 * The profiled objective of a linear mixed model as a function of θ alone (lme4's deviance
 * function, `devFunOnly = TRUE`):
 *
 *   ML:   -2 ℓ(θ) = log|L_θ|² + n (1 + log(2π r²(θ)/n)) − Σ log w_i
 *   REML: -2 ℓ_R(θ) = log|L_θ|² + log|R_X|² + (n−p)(1 + log(2π r²(θ)/(n−p))) − Σ log w_i
 *
 * where L_θ is the Cholesky factor of ΛᵀZᵀWZΛ + I, R_X the fixed-effects factor and r² the
 * penalized weighted residual sum of squares; β, u and σ are profiled out.
 */
import { updateFactor, logDetL2, logDetRX2, pwrss, type LmmFactor } from "./factor.js";

/** Evaluates the profiled deviance (ML) or REML criterion at θ; +Infinity if not computable. */
export function lmmObjective(f: LmmFactor, theta: ArrayLike<number>, reml: boolean): number {
  if (!updateFactor(f, theta)) return Infinity;
  return objectiveFromFactor(f, reml);
}

/** The objective from an already updated factor. */
export function objectiveFromFactor(f: LmmFactor, reml: boolean): number {
  const { n, p } = f.cp;
  const r2 = pwrss(f);
  const ldL2 = logDetL2(f);
  const nmp = reml ? n - p : n;
  const dev = ldL2 + (reml ? logDetRX2(f) : 0) + nmp * (1 + Math.log((2 * Math.PI * r2) / nmp)) - f.cp.logDetW;
  return Number.isFinite(dev) ? dev : Infinity;
}
