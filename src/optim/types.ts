/**
 * Shared types of the derivative-free bound-constrained optimizers (`bobyqa`, `nelderMead`).
 * They stand in for lme4's nloptwrap/minqa BOBYQA and its bounded Nelder_Mead.
 */

/** An objective to minimize. It receives a fresh vector it may keep; it must not throw for feasible x. */
export type Objective = (x: Float64Array) => number;

/**
 * Options common to both optimizers. Bounds may be infinite; x0 must lie inside them.
 *
 * Units and defaults differ a little between the two methods; see each function's doc.
 */
export interface BoundedOptions {
  /** Lower bounds (default −∞ each). */
  lower?: ArrayLike<number>;
  /** Upper bounds (default +∞ each). */
  upper?: ArrayLike<number>;
  /** BOBYQA: initial trust-region radius; Nelder–Mead: initial simplex step (lme4's xst, default 0.02). */
  rhobeg?: number;
  /** BOBYQA: final trust-region radius; Nelder–Mead: ignored (use xtolAbs). */
  rhoend?: number;
  /**
   * Per-coordinate initial steps (overrides `rhobeg`). BOBYQA works in variables scaled by these
   * steps (as NLopt does); Nelder–Mead uses them as lme4's `xst`.
   */
  steps?: ArrayLike<number>;
  /** Evaluation budget (default 10000). */
  maxfun?: number;
  /**
   * BOBYQA: stop as soon as a step that improves the best value improves it by less than this
   * (NLopt's ftol_abs; lme4's nloptwrap uses 1e-8). Default 0 (off).
   * Nelder–Mead: stop when max−min of the simplex values is below this. Default 0 (off, as lme4's
   * Nelder_Mead, whose FtolAbs setting has no effect).
   */
  ftolAbs?: number;
  /**
   * BOBYQA: lower limit of the final radius in x units (NLopt maps xtol_abs to rhoend the same way).
   * Nelder–Mead: stop when every vertex is within this of the centroid in every coordinate
   * (lme4's xt; default 5e-4 × the initial step, i.e. 1e-5).
   */
  xtolAbs?: number;
  /** Called after every evaluation with the point (in the caller's units) and the value returned. */
  onEval?: (x: Float64Array, f: number) => void;
}

/** Outcome of a minimization. */
export interface OptimResult {
  /** Best point found. */
  x: Float64Array;
  /** Objective at `x`. */
  fval: number;
  /** Number of objective evaluations used. */
  feval: number;
  /** False when the budget ran out or the method broke down. */
  converged: boolean;
  /** 0 converged; 1 evaluation budget reached; 2 numerical breakdown (best point returned). */
  code: number;
  /** Human-readable reason for stopping. */
  message: string;
  optimizer: "bobyqa" | "nelder_mead" | "L-BFGS-B";
}

/** Result codes of {@link OptimResult.code}. */
export const OPTIM_CODE = { converged: 0, maxfun: 1, breakdown: 2 } as const;
