/** The interval table shared by every `confint` method. */
import { qnorm } from "../glmm/family/index.js";

/** A table of confidence intervals (`confint`): one row per parameter, lower and upper bounds at the stated level. */
export interface ConfintTable {
  readonly method: "profile" | "Wald" | "boot";
  readonly level: number;
  /** Parameter names (lme4's oldNames = FALSE: sd_…, cor_…, sigma, fixed effects). */
  readonly names: readonly string[];
  /** Lower and upper limits (NaN where not available, as lme4's NA). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly warnings: readonly string[];
}

/** Standard normal quantile. */
export const qnormStd = (p: number): number => qnorm(p);
