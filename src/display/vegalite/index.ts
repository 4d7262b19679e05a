/**
 * Vega-Lite spec builders: pure functions from tidy data (arrays of records, typed arrays, the
 * plain result shapes of `ranef`) to Vega-Lite charts: each builder returns the spec itself with
 * non-enumerable display methods added (`../chart.js`), so it shows as a chart in a notebook
 * (Vega-Lite JSON, SVG and an `<img>` fallback) and serialises as the bare spec (`toSpec()`).
 */
export { type ChartOptions, VEGALITE_SCHEMA, normalScores, qqLine } from "./common.js";
export { residualsVsFitted, scaleLocation, qqResiduals, type ResidualData, type ResidualPlotOptions, type QQOptions } from "./diagnostics.js";
export { caterpillar, qqRanef, ranefRecords, type RanefGroupData, type RanefRecord, type CaterpillarOptions } from "./ranef.js";
export { profileZeta, type ZetaPoint, type ZetaOptions } from "./profile.js";
export { predictionPlot, type PredictionData, type PredictionOptions, type PopulationRow, type GroupRow, type ObservedRow } from "./predict.js";
export { binnedResiduals, binResiduals, defaultBinCount, type BinnedData, type BinnedOptions, type ResidualBin } from "./binned.js";
export { effectPlot, emmeansPlot, type EffectPlotOptions } from "./effects.js";
export { ppCheck, scaledResiduals, scaledResidualsQQ, bwNrd0, kernelDensity, ecdfAt, type PPCheckData, type PPCheckOptions } from "./ppcheck.js";
export { laplaceIntegrands, tz, type IntegrandPlotOptions } from "./laplace.js";
export { cooksDistance, leverage, dharma, dharmaQQ, dharmaResiduals, type DharmaOptions } from "./influence.js";
export { checkModelPlot as checkModel, type CheckModelPlotOptions } from "./checkModel.js";
export { smooth, type SmoothPlotOptions } from "./smooth.js";
