/**
 * lme4's `lmerControl(...)` / `glmerControl(...)`: the fitting controls as one object, given to
 * lmer / glmer as `{ control }`. Options given directly to lmer (optimizer, maxfun, checkConv,
 * checkLevels) take precedence over the control's.
 */
import type { OptimizerName } from "./names.js";
import { OPTIMIZERS } from "./names.js";
import type { OptCtrl } from "./run.js";
import { bool, checkOptions, either, int, num, object, oneOf, type OptionSpec } from "../validate/index.js";
import { optionsNotObject } from "../messages/args.js";

/** Convergence-check settings (lme4's check.conv.grad tolerance). */
export interface CheckConvControl {
  /** Largest accepted scaled gradient (default 2e-3, lme4's check.conv.grad tol). */
  readonly tol?: number;
}

/** The controls of a fit (lme4's merControl). */
export interface MerControl {
  readonly kind: "lmerControl" | "glmerControl";
  readonly optimizer?: OptimizerName;
  /** Optimizer settings: maxfun, ftolAbs, xtolAbs, rhobeg, rhoend (BOBYQA / Nelder–Mead), factr, pgtol (L-BFGS-B). */
  readonly optCtrl?: OptCtrl;
  /** Run lme4's gradient/Hessian check at the optimum (true, default), or its tolerance; false skips it. */
  readonly checkConv?: boolean | CheckConvControl;
  /**
   * lme4's boundary.tol (default 1e-5): a θ component within this of its lower bound is tried on
   * the bound and kept there when the objective is no worse.
   */
  readonly boundaryTol?: number;
  /** Compute the finite-difference derivatives at the optimum (default true; false also skips checkConv). */
  readonly calcDerivs?: boolean;
  /** lme4's check.nlev.gtr.1 / check.nobs.vs.nlev: refuse grouping factors with as many levels as observations (default true for lmer). */
  readonly checkNlevGtrNobs?: boolean;
}

const OPTCTRL: OptionSpec = {
  maxfun: int(1), ftolAbs: num(0), xtolAbs: num(0), rhobeg: num(0, Infinity, true), rhoend: num(0, Infinity, true), factr: num(0), pgtol: num(0),
};
const CONTROL: OptionSpec = {
  optimizer: oneOf(...OPTIMIZERS), optCtrl: object, checkConv: either(bool, object), boundaryTol: num(0), calcDerivs: bool, checkNlevGtrNobs: bool,
};
/** What `control` accepts in lmer/glmer options. */
export const controlCheck = { want: "an lmerControl(...) / glmerControl(...) object", ok: (v: unknown) => typeof v === "object" && v !== null && "kind" in v };

function make(kind: MerControl["kind"], opts: Omit<MerControl, "kind">): MerControl {
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) throw optionsNotObject(kind, opts);
  checkOptions(kind, opts, CONTROL, "");
  checkOptions(kind, opts.optCtrl, OPTCTRL, "optCtrl.");
  if (typeof opts.checkConv === "object") checkOptions(kind, opts.checkConv, { tol: num(0, Infinity, true) }, "checkConv.");
  return Object.freeze({ kind, ...opts });
}

/** lme4's `lmerControl(optimizer, optCtrl, check.conv.*, boundary.tol, calc.derivs, check.nlev.gtr.1)`. */
export const lmerControl = (opts: Omit<MerControl, "kind"> = {}): MerControl => make("lmerControl", opts);

/** lme4's `glmerControl(...)`: as lmerControl, for glmer. */
export const glmerControl = (opts: Omit<MerControl, "kind"> = {}): MerControl => make("glmerControl", opts);

/** The convergence tolerance, or null when the check is off. */
export function convTol(checkConv: boolean | undefined, control: MerControl | undefined): number | null {
  if (checkConv === false) return null;
  if (checkConv === true) return typeof control?.checkConv === "object" ? control.checkConv.tol ?? 2e-3 : 2e-3;
  if (control?.calcDerivs === false || control?.checkConv === false) return null;
  return typeof control?.checkConv === "object" ? control.checkConv.tol ?? 2e-3 : 2e-3;
}
