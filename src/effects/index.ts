/** Effect displays: prediction frames over typical values (ggeffects), R's pretty(), estimated smooths (mgcv). */
export { predictionFrame, type PredictionFrame, type PredictionFrameRow } from "./predictionFrame.js";
export { pretty, prettyRange } from "./pretty.js";
export { smoothEstimates, smoothTerms, MAX_JOINT, type SmoothEstimates, type SmoothEstimateRow, type SmoothEstimatesOptions } from "./smooth.js";
