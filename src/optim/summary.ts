/** The optimizer record kept on every fit (lme4's `optinfo`). */
export interface OptSummary {
  readonly optimizer: string;
  readonly initial: Float64Array;
  readonly final: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly feval: number;
  readonly fmin: number;
  /** 0 = converged; > 0 a warning (e.g. evaluation limit); < 0 a failure. */
  readonly returnCode: number;
  readonly message: string;
  readonly timeMs: number;
  /** Convergence-check warnings (gradient/Hessian at the optimum); empty when fine. */
  readonly warnings: readonly string[];
}
