/**
 * Runs an optimizer chosen by name (optim/names.ts) on a bounded problem, with the caller's
 * stopping settings (`opts`) and the user's `optCtrl` on top (maxfun, ftolAbs, xtolAbs, rhobeg,
 * rhoend; L-BFGS-B: factr, pgtol). L-BFGS-B ignores the derivative-free methods' step settings.
 */
import type { OptimizerName } from "./names.js";
import type { BoundedOptions, Objective, OptimResult } from "./types.js";
import { bobyqa } from "./bobyqa/index.js";
import { nelderMead } from "./neldermead.js";
import { lbfgsb } from "./lbfgsb.js";

/** User-level optimizer settings (lme4's optCtrl). */
export interface OptCtrl {
  readonly maxfun?: number;
  readonly ftolAbs?: number;
  readonly xtolAbs?: number;
  readonly rhobeg?: number;
  readonly rhoend?: number;
  readonly factr?: number;
  readonly pgtol?: number;
}

/** Runs `name` from x0 within the bounds of `opts`; `ctrl` overrides the stopping settings. */
export function runOptimizer(name: OptimizerName | undefined, f: Objective, x0: Float64Array, opts: BoundedOptions, ctrl: OptCtrl = {}): OptimResult {
  const o: BoundedOptions = { ...opts, ...definedOnly(ctrl) };
  switch (name ?? "bobyqa") {
    case "nelder_mead":
    case "Nelder_Mead":
      return nelderMead(f, x0, o);
    case "L-BFGS-B":
      return lbfgsb(f, x0, { lower: o.lower, upper: o.upper, maxfun: o.maxfun, factr: ctrl.factr, pgtol: ctrl.pgtol });
    case "minqa":
      return bobyqa(f, x0, { ...opts, ftolAbs: 0, xtolAbs: 0, rhoend: 2e-7, ...definedOnly(ctrl) });
    default:
      return bobyqa(f, x0, o);
  }
}

function definedOnly(ctrl: OptCtrl): BoundedOptions {
  const out: Record<string, number> = {};
  for (const k of ["maxfun", "ftolAbs", "xtolAbs", "rhobeg", "rhoend"] as const) if (ctrl[k] !== undefined) out[k] = ctrl[k]!;
  return out;
}
