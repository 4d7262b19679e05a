/** Messages of the model-building stage (model frame, random-effects terms, checks). */
import { LmeError } from "./error.js";

export const noDataLeft = (nrow: number, vars: readonly string[]) =>
  new LmeError(
    "data",
    `no data left: all ${nrow} rows have a missing value in at least one of the model's variables (${vars.join(", ")}). Check these columns for missing values (NA, null, empty).`,
  );

export const responseNotNumeric = (label: string) =>
  new LmeError("data", `the response '${label}' is not numeric: lmer needs a numeric response (for a factor response use glmer with a binomial family)`);

export const nonFinite = (what: string, row: number) =>
  new LmeError("data", `${what} has a non-finite value (Inf or NaN) in row ${row + 1}; remove or fix that row`);

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
