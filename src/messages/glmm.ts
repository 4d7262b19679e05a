/** Messages of the GLMM engine. */
import { LmeError } from "./error.js";
import { describeArg } from "./args.js";

export const binomialFactorLevels = (label: string, levels: readonly string[]) =>
  new LmeError("family", `the binomial response '${label}' is a factor with ${levels.length} levels (${levels.slice(0, 5).join(", ")}${levels.length > 5 ? ", ..." : ""}); it needs exactly two (the first is "failure")`);
export const cbindNegative = (label: string, row: number) =>
  new LmeError("family", `${label}: negative counts in row ${row + 1}; successes and failures must be non-negative`);
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
