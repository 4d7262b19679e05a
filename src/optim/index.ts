/**
 * Derivative-free bound-constrained optimizers replacing lme4's nloptwrap/minqa BOBYQA and its
 * bounded Nelder–Mead, plus lme4's finite-difference derivatives for the convergence check.
 */
export type { Objective, BoundedOptions, OptimResult } from "./types.js";
export { OPTIM_CODE } from "./types.js";
export { bobyqa, defaultStep } from "./bobyqa/index.js";
export { nelderMead } from "./neldermead.js";
export { lbfgsb, type LbfgsbOptions } from "./lbfgsb.js";
export { deriv12 } from "./deriv12.js";
export { minimize1d } from "./brent1d.js";

/**
 * lme4's settings for lmer's default optimizer (nloptwrap: NLopt BOBYQA with ftol_abs = xtol_abs
 * = 1e-8, maxeval = 1e5), as options for {@link bobyqa}. Spread and override as needed.
 */
export const NLOPTWRAP_OPTIONS = Object.freeze({ ftolAbs: 1e-8, xtolAbs: 1e-8, maxfun: 100000 });

/** lme4's Nelder_Mead defaults (xst = 0.02, xt = 1e-5, maxfun = 10000) as options for nelderMead. */
export const NELDER_MEAD_OPTIONS = Object.freeze({ rhobeg: 0.02, xtolAbs: 1e-5, maxfun: 10000 });
