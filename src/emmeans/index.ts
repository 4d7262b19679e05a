/** Estimated marginal means and their contrasts (R's emmeans). */
export { emmeans, type EmmGrid, type EmmRow, type EmmeansOptions } from "./emmeans.js";
export { contrast, pairs, type ContrastMethod, type ContrastOptions, type ContrastRow, type ContrastTable } from "./contrast.js";
export { refGrid, type RefGrid, type GridPredictor } from "./refGrid.js";
export type { EmmDf } from "./inference.js";
export { pAdjust, type AdjustMethod } from "./adjust.js";
