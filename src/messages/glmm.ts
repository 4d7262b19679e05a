/** Messages of the GLMM engine. */
import { LmeError } from "./error.js";
import { describeArg } from "./args.js";

export const binomialFactorLevels = (label: string, levels: readonly string[]) =>
  new LmeError("family", `the binomial response '${label}' is a factor with ${levels.length} levels (${levels.slice(0, 5).join(", ")}${levels.length > 5 ? ", ..." : ""}); it needs exactly two (the first is "failure")`);
export const cbindNegative = (label: string, at: string) =>
  new LmeError("family", `${label}: negative counts in ${at}; successes and failures must be non-negative`);
/** An Inf (or NaN from arithmetic) in a numeric GLMM response on a row with non-zero weight. */
export const glmmResponseNonFinite = (label: string, family: string, at: string) =>
  new LmeError("family", `the response '${label}' has a non-finite value (Inf or NaN) in ${at}; the ${family} family needs finite values (lme4 stops with "NA/NaN/Inf in 'y'" too). Remove or fix that row.`);
/** An Inf (or NaN from arithmetic) among the successes or failures; lme4 stops with "NA/NaN/Inf in 'y'". */
export const cbindNonFinite = (label: string, at: string) =>
  new LmeError("family", `${label}: a non-finite count (Inf or NaN) in ${at}; successes and failures must be finite numbers (lme4 stops with "NA/NaN/Inf in 'y'" too). Remove or fix that row.`);
export const cbindArity = (label: string) =>
  new LmeError("family", `${label}: cbind() takes two columns, cbind(successes, failures)`);
export const pirlsFailed = (iter: number) =>
  new LmeError("numeric", `PIRLS step-halvings failed to reduce the penalized deviance (iteration ${iter}); the model may be too complex for the data, or the data show complete separation`);
export const pirlsNoConvergence = (maxit: number) =>
  `PIRLS did not converge in ${maxit} iterations`;
export const agqNeedsScalar = (nAGQ: number) =>
  new LmeError("usage", `nAGQ = ${nAGQ} (adaptive Gauss–Hermite quadrature) needs a single scalar random-effects term such as (1 | g); use nAGQ = 1 (Laplace) for this model`);
export const nagqRange = (nAGQ: unknown) =>
  new LmeError("usage", `nAGQ must be a whole number from 0 to 25 (0: nAGQ = 0 approximation, 1: Laplace, more: adaptive Gauss–Hermite points), not ${describeArg(nAGQ)}`);
export const cbindNotBinomial = (family: string) =>
  new LmeError("family", `cbind(successes, failures) is a binomial response, but the family is ${family}: use family "binomial", or give ${family} a single numeric response`);
export const hessianNotPD = () =>
  "the Hessian of the deviance at the optimum is not positive definite: standard errors of the fixed effects come from the PIRLS factor (as with nAGQ = 0)";
export const separation = (n: number) =>
  `fitted probabilities numerically 0 or 1 occurred for ${n} observation${n === 1 ? "" : "s"} (possible complete separation)`;
export const gaussianIdentity = () =>
  new LmeError("usage", "glmer with the gaussian family and identity link is a linear mixed model: use lmer()");
export const startFixefWithNagq0 = () =>
  new LmeError("usage", "start.fixef cannot be combined with nAGQ = 0 (β is estimated inside PIRLS there); give start.theta only, or use nAGQ ≥ 1");
export const initStepNeedsNagq = () =>
  new LmeError("usage", "nAGQ0initStep = false skips the nAGQ = 0 stage, which is the whole fit when nAGQ = 0; use nAGQ ≥ 1");
export const stage1Skipped = () => "nAGQ = 0 stage skipped (nAGQ0initStep = false)";
export const agqWithScale = (family: string, nAGQ: number) =>
  `nAGQ = ${nAGQ} with the ${family} family: adaptive Gauss–Hermite quadrature (here as in lme4) sums the deviance residuals over the nodes as if they were −2 log-densities, which holds only for families without a dispersion parameter (binomial, poisson); the log-likelihood is approximate — compare with the Laplace fit (nAGQ = 1)`;
/** lme4's "Response is constant": every response value is the same (e.g. binomial all 0 or all 1, poisson all 0). */
export const responseConstant = (label: string, value: number, family: string) =>
  new LmeError(
    "family",
    `Response is constant: every value of '${label}' is ${value}, so the ${family} model has nothing to fit (its fixed effects would run off to ±Infinity). Check the response column, or the subset of the data used.`,
  );
/** As many fixed effects as observations: the GLM part is saturated and the random effects unidentifiable. */
export const glmmSaturated = (p: number, n: number) =>
  new LmeError(
    "model",
    `the fixed effects have ${p} columns (after removing aliased ones) for ${n} observations: the fixed effects alone fit every observation (a saturated model), so the random effects cannot be estimated and binomial estimates run off to ±Infinity (lme4 returns such a fit with warnings, or fails). Use fewer fixed effects.`,
  );
