/** Messages of the integrand diagnostics (src/diagnostics/). */
import { LmeError } from "./error.js";

/** A linear mixed model given: its conditional density of u is exactly Gaussian. */
export const cdNotGlmm = () =>
  new LmeError("usage", "conditionalDensities(): needs a GLMM fitted by glmer(); for a linear mixed model (lmer) the conditional density of the random effects is exactly normal, so there is no Laplace approximation to check");

/** More than one random-effects term, or a vector-valued one. */
export const cdNeedsScalar = (terms: readonly string[]) =>
  new LmeError("usage", `conditionalDensities(): needs a single scalar random-effects term such as (1 | g), as adaptive Gauss–Hermite quadrature does; this model has ${terms.join(" + ")}. Refit with one (1 | g) term to inspect its integrands`);

/** A family with a dispersion parameter. */
export const cdScaleFamily = (family: string) =>
  new LmeError("family", `conditionalDensities(): the ${family} family has a dispersion parameter, which lme4's penalized deviance (and so the conditional density it defines) leaves out; use a binomial or poisson model`);

/** A level name the grouping factor does not have. */
export const cdUnknownLevel = (group: string, level: unknown, examples: readonly string[]) =>
  new LmeError("usage", `conditionalDensities(): ${JSON.stringify(level)} is not a level of ${group}; its levels include ${examples.map((l) => JSON.stringify(l)).join(", ")}. Give level names as strings`);

/** A z grid value that is not finite. */
export const cdBadZ = (v: unknown) =>
  new LmeError("usage", `conditionalDensities(): z must hold finite numbers (a grid such as −3 … 3), not ${String(v)}`);

/** The mode search failed for a level (the penalized deviance is not finite there). */
export const cdModeFailed = (group: string, level: string) =>
  new LmeError("numeric", `conditionalDensities(): the conditional mode of ${group} = "${level}" could not be refined (its penalized deviance is not finite near the fitted mode); check the fit for separation or extreme estimates`);

/** plots.tz's yDomain not an increasing pair of finite numbers. */
export const badYDomain = (v: unknown) =>
  new LmeError("usage", `plots.tz(): yDomain must be two finite numbers [lo, hi] with lo < hi (e.g. [0.5, 1.5]), not ${JSON.stringify(v)}`);
