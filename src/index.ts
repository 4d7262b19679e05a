/**
 * lme4ts — mixed-effects models (R's lme4) in TypeScript. The table of contents of the public API.
 */
// Fitting
export { type LmerOptions, type OptimizerName } from "./lmm/lmer.js";
export { lmer, glmer, fromDuckDB, fromClickHouse, loadCsvToClickHouse, sourceFitted, sourceResiduals, sourceSimulate, sourceBootMer, type SourceSimOptions, SourceLmerMod, SourceGlmerMod, isDataSource, type FromDuckDBOptions, type FromClickHouseOptions, type SourceFit, type RowSummary, type DataSource, type SqlEngine, type SourceColumn, type SqlValue, type SqlDialect, type SqlRows, type SqlTerm } from "./sources/index.js";
export { LmerMod } from "./results/lmerMod.js";
export {
  lFormula, mkLmerDevfun, optimizeLmer, mkMerMod, glFormula, mkGlmerDevfun,
  type LFormula, type LmerDevfun, type LmerOptimum, type OptimumLike, type GlFormula, type GlmerDevfun,
} from "./lmm/modular.js";
export { type GlmerOptions } from "./glmm/glmer.js";
export { glmerNb, type GlmerNbOptions } from "./glmm/glmerNb.js";
export { GlmerMod, type GlmerPredictOptions } from "./results/glmerMod.js";
// Model building and lme4's generic accessors as functions
export { update, refit, predict, fitted, residuals, naPad, coef, deviance, REMLcrit, dfResidual, nobs, ngrps, formula, family, weights, type MerMod, type NewResponse, type UpdateOptions } from "./results/accessors.js";
export { updateFormula } from "./formula/update.js";
export { saveFit, restoreFit, SAVED_FIT_VERSION, type SavedFit, type SavedOptSummary } from "./results/saveFit.js";
export type { DataFingerprint, ColumnFingerprint } from "./data/fingerprint.js";
export { getME, modelMatrix, modelFrame, terms, transposeCsc, GETME_NAMES, type GetMEName, type CscMatrix, type DenseMatrix, type DevComp, type GroupingFactor, type ModelTerms } from "./results/getME.js";
// Families and links
export { binomial, poisson, Gamma, inverseGaussian, gaussian, makeFamily, makeLink, defineLink, type Family, type Link } from "./glmm/family/index.js";
export { ghRule } from "./glmm/ghq.js";
export { nbinom2, nbinom1 } from "./glmm/family/nbinom.js";
export type { LaplaceFamily, FamilyParam, Information } from "./glmm/family/laplaceTypes.js";
// Results
export type { LmerSummary, FixedEffectRow, WaldRow, ExtraModelBlock } from "./results/summary.js";
export type { RanefGroup, CoefGroup } from "./results/ranef.js";
export type { PredictOptions } from "./results/predict.js";
export { lmerReport, type FitReport } from "./results/report.js";
export type { OptSummary } from "./optim/summary.js";
// Inference: tests, df, intervals, profiles, bootstrap
export {
  anova, drop1, summaryWithDdf, profile, confint, simulate, bootMer, allFit,
  kenwardRogerFTest, satterthwaiteTests,
  type AnovaTable, type Drop1Table, type DdfMethod, type ConfintOptions, type ConfintTable,
  type SimulateOptions, type BootOptions, type AllFitResult, type ProfileOptions,
} from "./inference/index.js";
export { formatAnova, anovaHtml, formatDrop1 } from "./display/anovaText.js";
export { simplifyModel, type SimplifyResult } from "./inference/index.js";
export { formatConfint, formatBoot, formatAllFit } from "./display/confintText.js";
export { formatSimplify, simplifyHtml } from "./display/simplifyText.js";
export { formatVarCorrTable, varCorrTableHtml } from "./display/varcorrText.js";
export { formatRePCA, rePCAHtml } from "./display/rePCAText.js";
// After the fit: R² and ICC (performance), broom-style tables (tidy, glance)
export { r2, icc, varianceDecomposition, type R2Result, type IccResult, type VarianceDecomposition } from "./performance/index.js";
export { tidy, glance, type TidyOptions, type TidyRow, type TidyEffect, type GlanceRow } from "./tidy/index.js";
export { recordsText, recordsHtml } from "./display/recordsText.js";
export type { FTable, FTableRow, FTableOptions, WaldChisqTable, WaldChisqRow, AnovaDdf } from "./inference/fTable.js";
export { ranova, type RanovaTable, type RanovaRow } from "./inference/ranova.js";
export type { Mat } from "./inference/dense.js";
export type { RefGridOptions } from "./emmeans/refGrid.js";
export type { ParseCsvOptions } from "./data/csv.js";
export type { FrameOrigin } from "./data/types.js";
export type { UpdateData } from "./results/update.js";
export type { ReForm } from "./results/reForm.js";
export {
  emmeans, contrast, pairs, refGrid, pAdjust, type RefGrid, type GridPredictor,
  type EmmGrid, type EmmRow, type EmmeansOptions, type ContrastMethod, type ContrastOptions, type ContrastRow, type ContrastTable, type EmmDf, type AdjustMethod,
} from "./emmeans/index.js";
export { ptukeyUpper, qtUpper } from "./inference/distributions.js";
export { predictionFrame, pretty, prettyRange, type PredictionFrame, type PredictionFrameRow } from "./effects/index.js";
export { smoothEstimates, smoothTerms, type SmoothEstimates, type SmoothEstimateRow, type SmoothEstimatesOptions } from "./effects/index.js";
export type { PredictSeOptions, PredictionWithSe } from "./results/predictSe.js";
// Influence and simulated-residual diagnostics (lme4's hatvalues/influence, DHARMa's tests)
export { hatvalues, cooksDistanceModel } from "./influence/hatvalues.js";
export { influence, isInfluence, type InfluenceMerMod, type InfluenceOptions, type InfluenceProgress } from "./influence/influence.js";
export { dfbeta, dfbetas, cooksDistance, unitColumn, type UnitTable } from "./influence/measures.js";
export {
  simulateResiduals, testUniformity, testDispersion, testZeroInflation, testOutliers, testResiduals, testQuantiles, simulationP,
  type SimulatedResiduals, type SimResidualsOptions, type ResidualTest, type ResidualTests, type QuantileTestOptions,
} from "./influence/dharma.js";
export type { QuantileFit } from "./influence/quantiles.js";
export { ksUniform, binomTestP, type Alternative, type TestValue } from "./influence/htest.js";
// Laplace / adaptive Gauss–Hermite integrand diagnostics (the GLMM paper's Figures 1–3)
export {
  conditionalDensities,
  type ConditionalDensities, type ConditionalDensityOptions, type ConditionalDensityRow, type ConditionalDensityLevel,
} from "./diagnostics/conditionalDensities.js";
// Model checks: performance::check_model's panels, check_collinearity
export { checkModel, type CheckModelOptions, type ModelCheck, type InfluenceCheck, type RanefQQ, type ResidualQQ } from "./checks/checkModel.js";
export { checkCollinearity, type Collinearity, type VifRow } from "./checks/vif.js";
export type { PerformanceBin } from "./checks/binned.js";
// Renderers of kind-tagged results (results/renderable.ts): computations never import display/;
// loading the package registers how each kind of result renders.
import "./display/register.js";
// Covariance structures
export { varCorrOf, rePCA, type VarCorrBlock, type CovarianceStructure } from "./covariance/index.js";
// Data and formulas
export { toFrame, parseCsv, readCsv, readSchema } from "./data/index.js";
export type { Frame, Column, NumericColumn, FactorColumn, DataInput, Schema } from "./data/types.js";
export { datasets } from "./datasets/index.js";
// DataFrame-aware results (danfojs at the edge, loaded lazily)
export {
  ranefFrame, coefFrame, augment, fortify, dataframes, frameToDataFrame, dataFrameToFrame,
  type OutputKind, type ColumnTable, type RanefFrameOptions, type CoefFrameOptions, type AugmentOptions,
} from "./dataframe/index.js";
export { parseFormula } from "./formula/index.js";
export type { ParsedFormula } from "./formula/types.js";
// Optimizers
export { bobyqa, nelderMead, lbfgsb, type OptimResult, type LbfgsbOptions } from "./optim/index.js";
export { lmerControl, glmerControl, type MerControl, type CheckConvControl } from "./optim/control.js";
export type { OptCtrl } from "./optim/run.js";
// Display: compute first, render second
export { formatSummary, formatVarCorr } from "./display/summaryText.js";
export { display, rich, withDisplay, isDisplayable, mimeBundleOf, MIME_BUNDLE, JUPYTER_DISPLAY, type MimeBundle } from "./display/mime.js";
export { vegaLite, chartDisplay } from "./display/chart.js";
export { summaryHtml, htmlTable } from "./display/html.js";
export { tableOf, richVarCorr, richSummary, richConfint, compareConfint, richBoot, richAllFit, type RichTable, type IntervalRow } from "./display/richTables.js";
export * as plots from "./display/vegalite/index.js";
// Errors
export { LmeError } from "./messages/index.js";
// Types that appear in the signatures above (so that users can name them, and the API reference
// documents them)
export type { RePCA, RePCAModel, RePCATerm } from "./covariance/rePCA.js";
export type { DataFrameLike, SchemaColumn } from "./data/types.js";
export type { DanfoDataFrame, TableColumn } from "./dataframe/danfo.js";
export type { DataFrameLoaders } from "./dataframe/datasets.js";
export type { MixedModel, RowRecord, Table, TableOf } from "./dataframe/output.js";
export { DATASET_NAMES, type DatasetLoaders, type DatasetName } from "./datasets/index.js";
export type { AllFitLike } from "./display/confintText.js";
export type { HtmlTableSpec } from "./display/html.js";
export type { BundleFn, Displayable, RichParts } from "./display/mime.js";
export type { ChartMethods, VegaLiteChart } from "./display/chart.js";
export type { BootLike, TableOptions } from "./display/richTables.js";
export type { VegaLiteSpec } from "./display/spec.js";
export type { VarCorrBlockLike, VarCorrModel, VarCorrTableOptions } from "./display/varcorrText.js";
export type { Expr, LinearSpec, RandomTermSpec, StructureSpec, Term, Variable } from "./formula/types.js";
export type { FamilyOptions } from "./glmm/family/families.js";
export type { LinkSpec } from "./glmm/family/links.js";
export type { WarningSink } from "./glmm/family/types.js";
export type { LaplaceFit } from "./results/glmerMod.js";
export type { GHRule } from "./glmm/ghq.js";
export type { AllFitEntry, AllFitOptimizer } from "./inference/allFit.js";
export type { AnovaOptions, AnovaRow, MerModel } from "./inference/anova.js";
export type { BootMer, BootProgress, BootStatistic } from "./inference/bootstrap.js";
export type { ContrastTest } from "./inference/ddf.js";
export type { Drop1Row } from "./inference/drop1.js";
export type { KenwardRogerAdjustment } from "./inference/kenwardRoger.js";
export type { ModelProfile, ProfileProgress } from "./inference/profile.js";
export type { ParamProfile, ProfileRow } from "./inference/profileCore.js";
export type { PolySpline } from "./inference/profileSpline.js";
export type { SatterthwaiteSetup } from "./inference/satterthwaite.js";
export type { BoundaryComponent, SimplifyChange, SimplifyOptions, SimplifyStep } from "./inference/simplify.js";
export type { SimulateResult } from "./inference/simulate.js";
export type { FittedModel } from "./inference/workers/spec.js";
export type { LmeErrorCode } from "./messages/error.js";
export type { BoundedOptions, Objective } from "./optim/types.js";
