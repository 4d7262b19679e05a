/**
 * The data-frame layer (issue 5; statsmodels' wrapper pattern): results labelled at the edge
 * as danfo DataFrames, column objects or records, while the numeric core works on typed
 * arrays and never imports danfo. danfojs-node is loaded lazily, on the first DataFrame built.
 */
export {
  loadDanfo, setDanfoLoader, frameToDataFrame, dataFrameToFrame, frameSchema, frameToColumns, columnsToDataFrame,
  type DanfoDataFrame, type DanfoModule, type DanfoLoader, type ColumnTable, type TableColumn,
} from "./danfo.js";
export { resolveKind, type MixedModel, type OutputKind, type RowRecord, type Table, type TableOf } from "./output.js";
export { ranefFrame, coefFrame, type RanefFrameOptions, type CoefFrameOptions } from "./ranef.js";
export { augment, fortify, type AugmentOptions } from "./augment.js";
export { dataframes } from "./datasets.js";
