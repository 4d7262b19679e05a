/** Effect displays: prediction frames over typical values (ggeffects) and R's pretty(). */
export { predictionFrame, type PredictionFrame, type PredictionFrameRow } from "./predictionFrame.js";
export { pretty, prettyRange } from "./pretty.js";
