/**
 * Inference after the fit: likelihood-ratio tests, df methods, profiles, bootstrap.
 */

// tests and df
export { anova, AnovaTable, checkSameData, lrtRows, isModel, type AnovaOptions, type AnovaRow, type MerModel } from "./anova.js";
export { drop1, dropScope, dropTerm, Drop1Table, type Drop1Row } from "./drop1.js";
export {
  satterthwaiteSetup, satterthwaiteTests, satterthwaiteDf, summaryWithDdf, lmmVarparFunctions,
  type SatterthwaiteSetup, type LmmVarparFunctions, type DdfMethod,
} from "./satterthwaite.js";
export {
  kenwardRogerAdjust, kenwardRogerDf, kenwardRogerTests, kenwardRogerFTest, KR_MAX_Q, type KenwardRogerAdjustment,
} from "./kenwardRoger.js";
export {
  pchisqUpper, ptTwoSided, pfUpper, gammaQ, betaI, jacobianRichardson, hessianRichardson, symEigen, pseudoInverseSym,
  type ContrastTest, type RichardsonOptions,
} from "./ddf.js";

// intervals, profiles, bootstrap
export { profile, profileSync, parameterNames, ModelProfile, type ProfileOptions, type ProfileProgress } from "./profile.js";
export type { ParamProfile, ProfileRow } from "./profileCore.js";
export { confint, confintWald, type ConfintOptions } from "./confint.js";
export type { ConfintTable } from "./profileTypes.js";
export { simulate, type SimulateOptions, type SimulateResult } from "./simulate.js";
export { bootMer, BootMer, type BootStatistic, type BootOptions, type BootProgress } from "./bootstrap.js";
export { allFit, ALLFIT_OPTIMIZERS, type AllFitEntry, type AllFitResult, type AllFitOptimizer } from "./allFit.js";
export { sdcorLayout, type SdCorLayout } from "./profileParams.js";
export { replicateRng, type Rng } from "./rng.js";

// simplification
export {
  simplifyModel, SimplifyResult, deparseRandomTerm, deparseFormula, deparseLhs,
  type SimplifyStep, type SimplifyChange, type SimplifyOptions, type BoundaryComponent,
} from "./simplify.js";
