/**
 * The optimizers lmer and glmer accept, by name (a leaf module: the option checks of lmm/, glmm/,
 * inference/ and the CLI import it at load time, so it must not sit in an import cycle).
 *
 * - "bobyqa": BOBYQA with NLopt's stopping rules as lme4's default `nloptwrap` uses them;
 * - "minqa": the same BOBYQA run to a small final trust radius (rhoend 2e-7, no f tolerance), as
 *   minqa's `bobyqa` (lme4's `optimizer = "bobyqa"`);
 * - "nelder_mead" / "Nelder_Mead" (lme4's spelling, an alias): bounded Nelder–Mead;
 * - "L-BFGS-B": projected limited-memory quasi-Newton with finite-difference gradients
 *   (optim/lbfgsb.ts; lme4's allFit reaches R's through optimx).
 */
export type OptimizerName = "bobyqa" | "nelder_mead" | "Nelder_Mead" | "L-BFGS-B" | "minqa";

/** The optimizers lmer and glmer accept. */
export const OPTIMIZERS: readonly OptimizerName[] = ["bobyqa", "nelder_mead", "Nelder_Mead", "L-BFGS-B", "minqa"];

/**
 * A fit's recorded optimizer (`optinfo.optimizer`) as an option for a refit: the name when glmer
 * and lmer accept it, else undefined (the default; e.g. the Laplace engine's "quasi-Newton", which
 * is its default and cannot be asked for by name).
 */
export function refitOptimizer(recorded: string): OptimizerName | undefined {
  return (OPTIMIZERS as readonly string[]).includes(recorded) ? (recorded as OptimizerName) : undefined;
}
