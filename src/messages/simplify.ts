/** Messages of `simplifyModel` (the "best non-singular" helper): reasons, stop reasons, errors. */
import { LmeError } from "./error.js";

/** simplifyModel() was handed something that is not an lmer/glmer fit. */
export const simplifyNotAModel = () =>
  new LmeError("usage", "simplifyModel(): the argument is not a model fitted by lmer() or glmer(); fit the model first and pass the fitted object");

/** A bad option value. */
export const simplifyBadOption = (name: string, value: unknown, want: string) =>
  new LmeError("usage", `simplifyModel(): option ${name} = ${String(value)} is invalid; give ${want}`);

/** Why a correlated term was made diagonal. */
export const reasonDiagonalize = (kind: string, evidence: string) =>
  `singular ${kind === "us" ? "unstructured" : kind} covariance (${evidence}): its correlation parameters are not supported by the data, so the term is fitted with independent effects`;

/** Why a zero-variance column was dropped. */
export const reasonZeroComponent = (name: string, relSd: number, tol: number, scaleName: string) =>
  `the variance of '${name}' is estimated as zero (sd${scaleName} = ${relSd.toPrecision(3)} < ${tol}): the data carry no variation in this effect`;

/** Why a whole term was dropped. */
export const reasonZeroTerm = (names: readonly string[], tol: number, scaleName: string) =>
  `every variance of the term (${names.join(", ")}) is estimated as zero (sd${scaleName} < ${tol}): the grouping adds nothing`;

/** A zero component that cannot be dropped on its own (noted, kept). */
export const noteFactorColumn = (name: string, term: string) =>
  `'${name}' has zero variance but is one column of the factor term '${term}'; a single column of a factor cannot be dropped, so it is kept`;

/** A zero intercept that cannot be dropped without changing the coding of a factor. */
export const noteInterceptWithFactor = (group: string) =>
  `the random intercept of '${group}' has zero variance but the term has factor columns whose coding would change without it, so it is kept`;

/** Stop reasons. */
export const stopNonSingular = () => "the fit is not singular";
export const stopStartNonSingular = () => "the starting fit is not singular: nothing to simplify";
export const stopNothingLeft = () =>
  "the fit is still singular but no term is left to simplify (no correlated singular term, no droppable zero-variance component); see the notes";
export const stopNoRandomLeft = (formula: string) =>
  `the next step would remove the last random-effects term (${formula}); lmer/glmer need at least one: fit a fixed-effects model (lm/glm) instead`;
export const stopMaxSteps = (n: number) => `stopped after maxSteps = ${n} refits while the fit was still singular`;
