/**
 * The optimizers lmer and glmer accept, by name (a leaf module: the option checks of lmm/, glmm/,
 * inference/ and the CLI import it at load time, so it must not sit in an import cycle).
 */
export type OptimizerName = "bobyqa" | "nelder_mead";

/** The optimizers lmer and glmer accept. */
export const OPTIMIZERS: readonly OptimizerName[] = ["bobyqa", "nelder_mead"];
