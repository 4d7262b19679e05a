/**
 * Vega-Lite spec builders: pure functions from tidy data (arrays of records, typed arrays, the
 * plain result shapes of `ranef`) to typed Vega-Lite specs. Wrap a spec with `vegaLite(spec)`
 * from `../mime.js` to display it in a notebook (Vega-Lite JSON plus an SVG rendering).
 */
export { type ChartOptions, VEGALITE_SCHEMA, normalScores, qqLine } from "./common.js";
export { residualsVsFitted, scaleLocation, qqResiduals, type ResidualData, type ResidualPlotOptions, type QQOptions } from "./diagnostics.js";
export { caterpillar, qqRanef, ranefRecords, type RanefGroupData, type RanefRecord, type CaterpillarOptions } from "./ranef.js";
export { profileZeta, type ZetaPoint, type ZetaOptions } from "./profile.js";
export { predictionPlot, type PredictionData, type PredictionOptions, type PopulationRow, type GroupRow, type ObservedRow } from "./predict.js";
export { binnedResiduals, binResiduals, defaultBinCount, type BinnedData, type BinnedOptions, type ResidualBin } from "./binned.js";
export { effectPlot, emmeansPlot, type EffectPlotOptions } from "./effects.js";
export { ppCheck, scaledResiduals, scaledResidualsQQ, bwNrd0, kernelDensity, ecdfAt, type PPCheckData, type PPCheckOptions } from "./ppcheck.js";
