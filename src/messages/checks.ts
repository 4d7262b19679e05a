/** Messages of the model checks (src/checks/: checkModel, checkCollinearity, binnedResidualsTable, testQuantiles). */
import { LmeError } from "./error.js";

/** Too few fixed-effect terms for variance inflation factors. */
export const vifFewTerms = (n: number) =>
  `check_collinearity: the model has ${n} fixed-effect term${n === 1 ? "" : "s"} besides the intercept; variance inflation factors need at least 2 (performance returns none either)`;

/** The model has no intercept: VIFs are computed on the uncentred correlation of the estimates. */
export const vifNoIntercept = "check_collinearity: the model has no intercept, so VIFs may not be sensible (performance warns the same)";

/** VIFs above 10 in a model with interactions. */
export const vifInteractions =
  "check_collinearity: the model has interaction terms, and interactions inflate VIFs; check multicollinearity in a model without the interaction terms (performance's warning)";

/** The predictor given to the quantile test has the wrong length. */
export const badPredictor = (fn: string, got: number, n: number) =>
  new LmeError("usage", `${fn}(): predictor has ${got} values but the model has ${n} observations; pass one finite number per observation (e.g. a column of the model's data)`);

/** A quantile outside (0, 1). */
export const badQuantiles = (fn: string, v: unknown) =>
  new LmeError("usage", `${fn}(): quantiles must be numbers strictly between 0 and 1 (DHARMa's default is [0.25, 0.5, 0.75]), not ${JSON.stringify(v)}`);

/** Which leverages checkModel draws for a GLMM. */
export const glmmLeverageNote =
  "leverage of a GLMM: the diagonal of the hat matrix of the final PIRLS step (working weights, as R's hatvalues for a glm), not lme4's hatvalues, which weights by the prior weights outside the system matrix and can exceed 1 (lme4 warns it 'may not make sense for GLMMs'); Cook's distance is computed from these leverages";
