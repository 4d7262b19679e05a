/**
 * GLM families and links for the GLMM engine: R's `stats` family objects with the numerics of
 * lme4's C++ `glmFamily` (see `links.ts` and `families.ts` for the exact formulas and clamps).
 */
export type { Family, FamilyName, Link, WarningSink } from "./types.js";
export { binomial, poisson, Gamma, inverseGaussian, gaussian, makeFamily, type FamilyOptions } from "./families.js";
export { makeLink, defineLink, LINK_NAMES, type LinkSpec } from "./links.js";
export { dbinomLog, dpoisLog, dgammaLog, stirlerr, bd0 } from "./densities.js";
export { lgamma, lfactorial, pnorm, qnorm, dnorm, plogis, qlogis, dlogis, pcauchy, qcauchy, dcauchy, roundHalfEven } from "./special.js";
export { rnorm, rgamma, rpois, rbinom, rinvgauss, type Uniform } from "./random.js";
