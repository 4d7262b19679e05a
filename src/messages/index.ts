/**
 * Every error and warning text of lme4ts lives under `src/messages/`: one file per stage,
 * re-exported here. Errors name the culprit (the column, the term, the level) and say what to do.
 */
export { LmeError, type LmeErrorCode } from "./error.js";
export * as dataMessages from "./data.js";
export * as formulaMessages from "./formula.js";
export * as modelMessages from "./model.js";
export * as familyMessages from "./family.js";
export * as glmmMessages from "./glmm.js";
export * as optimMessages from "./optim.js";
export * as optimCheckMessages from "./optim-check.js";
export * as linalgMessages from "./linalg.js";
export * as sparseMessages from "./sparse.js";
export * as covarianceMessages from "./covariance.js";
export * as profileMessages from "./profile.js";
export * as inferenceMessages from "./inference.js";
export * as dataframeMessages from "./dataframe.js";
export * as performanceMessages from "./performance.js";
export * as tidyMessages from "./tidy.js";
export * as emmeansMessages from "./emmeans.js";
export * as resultsMessages from "./results.js";
export * as packageMessages from "./packages.js";
export * as kernelMessages from "./kernel.js";
export * as influenceMessages from "./influence.js";
export * as diagnosticsMessages from "./diagnostics.js";
export * as checksMessages from "./checks.js";
export * as savefitMessages from "./savefit.js";
export * as sourcesMessages from "./sources.js";
