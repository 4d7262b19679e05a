/** Messages of the model-building stage (model frame, random-effects terms, checks). */
import { LmeError } from "./error.js";

export const noDataLeft = (nrow: number, vars: readonly string[]) =>
  nrow === 0 ? new LmeError("data", "the data have no rows (a CSV with a header only?): there is nothing to fit") : new LmeError(
    "data",
    `no data left: all ${nrow} rows have a missing value in at least one of the model's variables (${vars.join(", ")}). Check these columns for missing values (NA, null, empty).`,
  );

export const responseNotNumeric = (label: string) =>
  new LmeError("data", `the response '${label}' is not numeric: lmer needs a numeric response (for a factor response use glmer with a binomial family)`);

/** An Inf (or NaN from arithmetic) in a model variable; `at` names the row ("row 5 (line 6 of ...)"). */
export const nonFinite = (what: string, at: string) =>
  new LmeError("data", `${what} has a non-finite value (Inf or NaN) in ${at}; remove or fix that row (lme4 stops with "NA/NaN/Inf" too)`);

export const groupingFactorTooManyLevels = (group: string, nlev: number, n: number) =>
  new LmeError(
    "model",
    `number of levels of grouping factor '${group}' (${nlev}) must be < number of observations (${n}): each observation has its own level, so the term's variance cannot be told apart from the residual variance. Remove the term, or use a grouping factor with repeated levels.`,
  );

export const groupingFactorOneLevel = (group: string) =>
  new LmeError("model", `grouping factor '${group}' has only one level in the data used; a random effect needs a grouping factor with at least 2 sampled levels`);

export const tooManyRandomEffects = (n: number, nre: number, term: string) =>
  new LmeError(
    "model",
    `number of observations (=${n}) <= number of random effects (=${nre}) for term (${term}); the random-effects parameters and the residual variance are probably unidentifiable. Simplify the term.`,
  );

export const badWeights = (col: string, row: number, value: number) =>
  new LmeError("data", `weights '${col}' must be finite and non-negative; row ${row + 1} has ${value}`);

export const groupingNotFactorLike = (group: string) =>
  new LmeError("model", `grouping variable '${group}' cannot be used as a factor`);

export const rankDeficient = (dropped: readonly string[]) =>
  `fixed-effect model matrix is rank deficient so dropping ${dropped.length} column${dropped.length === 1 ? "" : "s"} / coefficient${dropped.length === 1 ? "" : "s"} (${dropped.join(", ")})`;

export const droppedRows = (n: number) => `${n} observation${n === 1 ? "" : "s"} deleted due to missingness`;

export const naGroupingInNewdata = (group: string, row: number) =>
  new LmeError(
    "data",
    `grouping factor '${group}' is missing (NA) in row ${row + 1} of newdata; missing grouping values are allowed only with allowNewLevels: true (they are then predicted at the population level, as lme4 does), or pass reForm: null for population predictions`,
  );

/** A column too large or too small for double-precision cross products (see model/scale.ts). */
export const badScale = (what: string, name: string, largest: number, tooLarge: boolean) => {
  const power = Math.round(Math.log10(largest));
  const factor = `1e${power}`;
  return new LmeError(
    "data",
    `${what} '${name}' is on an extreme scale (largest absolute value ${largest.toExponential(2)}): ` +
      `its squares ${tooLarge ? "overflow" : "underflow"} double precision, so the estimates cannot be computed. ` +
      `Rescale it (${tooLarge ? "divide" : "multiply"} by ${tooLarge ? factor : `1e${-power}`} or so) and scale the estimates back.`,
  );
};

export const zeroWeightsLeftOut = (n: number) =>
  `${n} observation${n === 1 ? "" : "s"} with prior weight 0 left out of the fit (they carry no information; lme4 keeps them in n and returns an NA log-likelihood)`;
/** Warning (R's model.matrix text, as lme4 gives it): a response repeated on the right-hand side is dropped. */
export const responseOnRhsDropped = () => "the response appeared on the right-hand side and was dropped";

/** The response inside an interaction or a random-effects term: refused (R's result is meaningless). */
export const responseInTerm = (response: string, term: string, where: "fixed" | "random") =>
  new LmeError(
    "formula",
    `the response '${response}' appears in the ${where === "fixed" ? "fixed-effects" : "random-effects"} term '${term}': a model cannot use its response as a predictor. Remove it from the right-hand side.`,
  );

/** Every prior weight is zero. */
export const weightsAllZero = (col: string) =>
  new LmeError("data", `weights '${col}' are all zero: no observation carries any information. Give positive weights to the observations to fit.`);

/** Weights so large that the weighted sums of squares overflow. */
export const weightsOverflow = (col: string, max: number) =>
  new LmeError(
    "data",
    `weights '${col}' are too large (largest ${max}): the weighted sums of squares overflow to Infinity. Only relative weights matter for the estimates; rescale them (e.g. divide by their mean).`,
  );

/** The offset option's length differs from the data's number of rows. */
export const offsetLength = (got: number, nrow: number) =>
  new LmeError("data", `offset has length ${got} but the data has ${nrow} rows; give one offset value per row of the data`);

/** As many fixed effects as observations (or more): no residual degrees of freedom. */
export const noResidualDf = (p: number, n: number, REML: boolean) =>
  new LmeError(
    "model",
    `the fixed effects have ${p} columns (after removing aliased ones) for ${n} observations: ${REML ? "REML needs more observations than fixed effects (n > p)" : "with n ≤ p the fixed effects reproduce the response exactly and the residual variance is zero"}. Use fewer fixed effects (e.g. a factor with fewer levels).`,
  );

/** lmer weights whose mean is so far from 1 that θ̂ cannot be estimated reliably. */
export const weightsScale = (col: string, mean: number, min: number, max: number) =>
  new LmeError(
    "data",
    `weights '${col}' have mean ${mean.toPrecision(3)}, outside [${min}, ${max}]: with weights that large or small the relative random-effects sd θ ` +
      `(which scales as 1/√(weight)) falls where the optimizer cannot estimate it, and the fit would be wrong (lme4 fails the same way). ` +
      `Divide the weights by their mean: the fixed effects and variance components keep their values; only the residual σ is then on the scale of a weight-1 observation.`,
  );

/** lmer with a constant response: σ̂ = 0 and an infinite log-likelihood (lme4 returns REML criterion −Inf with warnings). */
export const lmerResponseConstant = (label: string, value: number) =>
  new LmeError(
    "data",
    `the response '${label}' is constant (every value is ${value}): the residual variance is zero and the log-likelihood infinite (lme4 reports a criterion of -Inf). Check the response column, or the subset of the data used.`,
  );

/** A smooth needs at least k distinct values of its variable (mgcv's cr: one knot per value; its ps only warns). */
export const smoothTooFewValues = (label: string, k: number, unique: number) =>
  new LmeError("model", `${label} has ${unique} distinct values in the data, too few for a basis of dimension k = ${k} (mgcv stops for bs = "cr" and warns for "ps"): use a smaller k`);
/** A ziformula / dispformula that is not a one-sided formula string. */
export const extraFormulaShape = (option: string, got: string) =>
  new LmeError("usage", `${option} must be a one-sided formula such as "~ 1" or "~ x" (as glmmTMB's ${option}); got ${got}`);

/** Random effects in a ziformula / dispformula (not supported). */
export const extraFormulaRandom = (option: string, src: string) =>
  new LmeError("formula", `${option} '${src}' has a random-effects term: the ${option === "ziformula" ? "zero-inflation" : "dispersion"} model takes fixed effects only here. Remove the (… | …) term.`);

/** An offset in a ziformula / dispformula (not supported). */
export const extraFormulaOffset = (option: string, src: string) =>
  new LmeError("formula", `${option} '${src}' has an offset(): offsets are supported in the conditional model's formula only. Remove it.`);

/** A ziformula / dispformula whose design has linearly dependent columns. */
export const extraFormulaRankDeficient = (option: string, dropped: readonly string[]) =>
  new LmeError("model", `the ${option} model matrix is rank deficient (${dropped.join(", ")} ${dropped.length === 1 ? "is a combination" : "are combinations"} of the other columns): remove those terms from ${option}.`);
