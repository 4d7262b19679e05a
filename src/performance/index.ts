/** Model performance: R² and ICC from the variance decomposition (R's performance package). */
export { r2, type R2Result } from "./r2.js";
export { icc, type IccResult } from "./icc.js";
export { varianceDecomposition, type VarianceDecomposition } from "./variances.js";
