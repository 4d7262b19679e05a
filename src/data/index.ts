/**
 * Data intake: every accepted input (records, column objects, danfo-like frames, CSV with a
 * `.schema.json`) becomes a `Frame` of numeric and factor columns whose factor levels are in
 * R's order, so contrasts and coefficient names match lme4's.
 */
export type * from "./types.js";
export { toFrame, makeFrame, withColumns, isFrame, getColumn, subsetRows, completeCases, inputKind, rowLabel, type InputKind } from "./frame.js";
export { parseCsv, readCsv, readSchema, schemaPathFor, validateSchema } from "./csv.js";
export { dropUnusedLevels, asFactor, interactionFactor } from "./factor.js";
export { rFormatNumber, compareR, sortR, closestName } from "./rformat.js";
export { columnFromValues, columnFromFields, LOGICAL_LEVELS } from "./column.js";
export { dataFingerprint, columnFingerprint, fingerprintDifferences, type DataFingerprint, type ColumnFingerprint } from "./fingerprint.js";
