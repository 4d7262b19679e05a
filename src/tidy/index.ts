/** broom.mixed-style tables of a fit: `tidy` (parameters) and `glance` (fit statistics). */
export { tidy, type TidyOptions, type TidyRow, type TidyEffect } from "./tidy.js";
export { glance, type GlanceRow } from "./glance.js";
