/**
 * `lmer`: fit a linear mixed model by maximum likelihood or REML, as lme4's `lmer`.
 *
 * The profiled objective of θ (src/lmm/objective.ts) is minimized by BOBYQA (default, as
 * lme4's nloptwrap) or bounded Nelder–Mead, starting at lme4's θ₀ (identity relative
 * covariance factors). The result is an immutable `LmerMod`.
 */
import type { DataInput } from "../data/types.js";
import type { ParsedFormula } from "../formula/types.js";
import { buildInput, type MixedModelInput } from "../model/lmmInput.js";
import { crossProducts, type CrossProducts } from "./crossprod.js";
import { allocFactor, updateFactor, type LmmFactor } from "./factor.js";
import { lmmObjective, objectiveFromFactor } from "./objective.js";
import { runOptimizer } from "../optim/run.js";
import { controlCheck, convTol, type MerControl } from "../optim/control.js";
import { checkConvergence } from "../optim/convergence.js";
import { polishOptimum, type Derivatives } from "../optim/polish.js";
import { memoObjective } from "../optim/memo.js";
import { deriv12 } from "../optim/deriv12.js";
import type { Objective } from "../optim/types.js";
import { momentStartTheta, momentSteps } from "./momentStart.js";
import type { OptSummary } from "../optim/summary.js";
import { LmerMod } from "../results/lmerMod.js";
import { badStart } from "../messages/optim.js";
import { checkFitArgs } from "../model/args.js";
import { lmerResponseConstant, noResidualDf } from "../messages/model.js";
import { bool, checkOptions, either, int, nullable, numbers, oneOf, str, type OptionSpec } from "../validate/index.js";

export { type OptimizerName, OPTIMIZERS } from "../optim/names.js";
import { type OptimizerName, OPTIMIZERS } from "../optim/names.js";

export interface LmerOptions {
  /** REML (default true) or maximum likelihood. */
  readonly REML?: boolean;
  readonly optimizer?: OptimizerName;
  /** Prior weights: a column name or one value per row. */
  readonly weights?: string | ArrayLike<number> | null;
  readonly offset?: ArrayLike<number> | null;
  /** Starting θ. */
  readonly start?: ArrayLike<number>;
  /** Run lme4's gradient/Hessian convergence check at the optimum (default true). */
  readonly checkConv?: boolean;
  /** Optimizer evaluation limit. */
  readonly maxfun?: number;
  /**
   * lme4's checks that each grouping factor has fewer levels than observations and that the
   * observations outnumber each term's random effects (default true; lme4's
   * `check.nobs.vs.nlev`/`check.nobs.vs.nRE = "ignore"` when false).
   */
  readonly checkLevels?: boolean;
  /** lmerControl(...): optimizer, optCtrl, checkConv, boundaryTol, calcDerivs, checkNlevGtrNobs (direct options win). */
  readonly control?: MerControl;
  /**
   * R's na.action: "omit" (default, na.omit) or "exclude" (na.exclude: the free functions
   * residuals(m), fitted(m) and predict(m) return one value per input row, NaN at dropped rows).
   */
  readonly naAction?: "omit" | "exclude";
}

export { weightsCheck } from "../validate/index.js";
import { weightsCheck } from "../validate/index.js";

/** What each of lmer's options accepts (also update()'s). */
export const LMER_OPTIONS: OptionSpec = {
  REML: bool, optimizer: oneOf(...OPTIMIZERS), weights: weightsCheck, offset: nullable(numbers), start: numbers,
  checkConv: bool, maxfun: int(1), checkLevels: bool, control: controlCheck, naAction: oneOf("omit", "exclude"),
};

/** glmer's options given to lmer. */
const LMER_HINTS = {
  family: "lmer fits Gaussian models; for another family use glmer(formula, data, { family })",
  link: "links belong to glmer: glmer(formula, data, { family, link })",
  nAGQ: "nAGQ is a glmer option (lmer's likelihood is exact)",
};

/** Concatenated θ bounds and start of all terms. */
export function thetaLayout(input: Pick<MixedModelInput, "terms">) {
  const lower: number[] = [], upper: number[] = [], start: number[] = [], names: string[] = [];
  for (const t of input.terms) {
    lower.push(...t.cov.lower); upper.push(...t.cov.upper); start.push(...t.cov.initialTheta());
    names.push(...t.cov.thetaNames(t.group, t.names));
  }
  return { lower: Float64Array.from(lower), upper: Float64Array.from(upper), start: Float64Array.from(start), names };
}

/**
 * Validated start θ for `layout` (default lme4's θ₀: 1 on diagonals, 0 off them): the right
 * length, finite, inside the bounds; errors name the option (`what`) and the parameter.
 */
export function startTheta(theta: ArrayLike<number> | undefined, layout: ReturnType<typeof thetaLayout>, what: string): Float64Array {
  if (theta === undefined) return layout.start;
  const th = Float64Array.from(theta);
  if (th.length !== layout.start.length) throw badStart(what, `has ${th.length} values but the model has ${layout.start.length} θ parameters (${layout.names.join(", ")})`);
  th.forEach((v, i) => {
    if (!Number.isFinite(v)) throw badStart(what, `value ${i + 1} (${layout.names[i]}) is ${v}`);
    if (v < layout.lower[i]! || v > layout.upper[i]!) throw badStart(what, `value ${i + 1} (${layout.names[i]}) = ${v} is outside its bounds [${layout.lower[i]}, ${layout.upper[i]}]`);
  });
  return th;
}

/** Fits a linear mixed model. `formula` in lme4's syntax, e.g. "Reaction ~ Days + (Days | Subject)". */
export function lmer(formula: string | ParsedFormula, data: DataInput, opts: LmerOptions = {}): LmerMod {
  return fitLmm(lmerInput("lmer", formula, data, opts), opts);
}

/** lmer's model building (options checked under the name `fn`, e.g. "lmer" or "lFormula"). */
export function lmerInput(fn: string, formula: string | ParsedFormula, data: DataInput, opts: LmerOptions): MixedModelInput {
  checkOptions(fn, opts, LMER_OPTIONS, "", LMER_HINTS);
  checkFitArgs(fn, formula, opts);
  const input = buildInput(formula, data, { weights: opts.weights, offset: opts.offset, checkLevels: opts.checkLevels ?? opts.control?.checkNlevGtrNobs });
  if (input.y.every((v) => v === input.y[0])) throw lmerResponseConstant(input.formula.responseLabel ?? "response", input.y[0]!);
  return input;
}

/** The response the cross products use: y − offset. */
function workingResponse(input: MixedModelInput, y: Float64Array): Float64Array {
  if (!input.offset) return y;
  const r = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) r[i] = y[i] - input.offset[i];
  return r;
}

/** The profiled objective of θ with its data: what fitLmm optimizes (lme4's mkLmerDevfun). */
export interface LmmProblem {
  readonly input: MixedModelInput;
  readonly y: Float64Array;
  readonly REML: boolean;
  readonly cp: CrossProducts;
  readonly work: LmmFactor;
  readonly layout: ReturnType<typeof thetaLayout>;
  /** The objective (REML criterion or ML deviance); Infinity where the factor fails. */
  readonly f: (theta: Float64Array) => number;
}

/** The optimizer's outcome: θ̂ (snapped to its bounds) and the summary. */
export interface LmmOptimum {
  readonly theta: Float64Array;
  readonly optinfo: OptSummary;
}

/** Builds the objective of θ from a built input (cross products and a factor workspace). */
export function lmmProblem(input: MixedModelInput, REML: boolean, yOverride?: Float64Array): LmmProblem {
  if (input.p >= input.y.length) throw noResidualDf(input.p, input.y.length, REML);
  const y = yOverride ?? input.y;
  const cp: CrossProducts = crossProducts(input.X, input.p, workingResponse(input, y), input.weights, input.terms);
  const work = allocFactor(cp, input.terms);
  return { input, y, REML, cp, work, layout: thetaLayout(input), f: (theta) => lmmObjective(work, theta, REML) };
}

/**
 * From this many observations on, lmer's default optimizer starts from the moment estimates of
 * src/lmm/momentStart.ts (with steps of a twentieth of θ, MOMENT_STEP_FRACTION) instead of lme4's θ₀, and the optimum check
 * takes Newton steps (down to a decrement of 1e-9) before any BOBYQA restart, with the Hessian's
 * mixed terms from the 7-point formula (`deriv12`'s `compact`: 1 + 2k + k(k−1) evaluations
 * instead of lme4's 1 + 2k + 2k(k−1), same O(δ²) accuracy): at 10⁵–10⁶ rows that halves the
 * evaluations or better. Smaller fits keep lme4's path (θ₀, restarts only) so
 * that they agree with lme4's θ also along flat directions of the objective, where two converged
 * runs from different starts differ by more than the deviance tolerance suggests.
 */
export const LARGE_N = 10_000;

/** Minimizes the objective (start, optimizer, maxfun, checkConv from `opts`) and runs lme4's convergence check. */
export function optimizeLmm(pr: LmmProblem, opts: LmerOptions = {}): LmmOptimum {
  const { layout } = pr;
  // The best point, the snap and the derivatives' centre are re-asked; the memo holds a whole
  // derivative stencil (1 + 2k + 2k(k−1) points) so the centre survives it.
  const k = layout.start.length;
  const f = memoObjective(pr.f, Math.max(8, 2 * k * k + 2));
  const t0 = performance.now();
  const ctl = opts.control;
  const optimizer = opts.optimizer ?? ctl?.optimizer ?? "bobyqa";
  // A large problem (see LARGE_N) with the default optimizer and no user's start or initial
  // radius starts from moment estimates and ends with Newton steps (fewer, costly evaluations).
  const large = pr.cp.n >= LARGE_N && optimizer === "bobyqa";
  const moment = large && opts.start === undefined && ctl?.optCtrl?.rhobeg === undefined ? momentStartTheta(pr.cp, pr.input.terms) : null;
  const x0 = moment ? clampInto(moment, layout) : startTheta(opts.start, layout, "start");
  const steps = moment ? momentSteps(x0, pr.input.terms) : undefined;
  const res = runOptimizer(optimizer, f, x0, { lower: layout.lower, upper: layout.upper, maxfun: opts.maxfun ?? ctl?.optCtrl?.maxfun ?? 100000, ftolAbs: 1e-8, xtolAbs: 1e-4, steps }, { ...ctl?.optCtrl, ...(opts.maxfun !== undefined ? { maxfun: opts.maxfun } : {}) });
  // Snap values within rounding of a bound onto it, then settle the factor at the optimum.
  const theta = Float64Array.from(res.x);
  for (let i = 0; i < theta.length; i++) if (theta[i] < layout.lower[i]) theta[i] = layout.lower[i];
  let fmin = f(theta);
  if (fmin > res.fval) { theta.set(res.x); fmin = f(theta); }
  fmin = snapToBounds(f, theta, layout.lower, fmin, ctl?.boundaryTol ?? 1e-5);
  // The optimizer's stopping rule is absolute in θ: check the optimum by its Newton decrement and
  // restart where a Newton step would still gain (a converged run only: maxfun is the user's budget).
  let feval = res.feval;
  let derivs: Derivatives | undefined;
  if (res.code === 0) {
    const derivatives = (g: Objective, at: Float64Array, fx: number) => deriv12(g, at, { lower: layout.lower, upper: layout.upper, fx, compact: true });
    const p = polishOptimum(f, theta, fmin, layout.lower, layout.upper, large ? { newton: true, newtonTol: 1e-9, derivatives } : {});
    feval += p.feval;
    derivs = p.derivs;
    if (p.restarts + p.newtonSteps > 0 && p.fx < fmin) {
      theta.set(p.x);
      fmin = snapToBounds(f, theta, layout.lower, p.fx, ctl?.boundaryTol ?? 1e-5);
      if (!sameArray(theta, p.x)) derivs = undefined;
    }
  }
  const tol = convTol(opts.checkConv, ctl);
  const warnings = tol === null ? [] : checkConvergence(f, theta, layout.lower, layout.upper, fmin, tol, undefined, undefined, derivs);
  const optinfo: OptSummary = {
    optimizer, initial: x0, final: theta, lower: layout.lower, upper: layout.upper, feval,
    fmin, returnCode: res.code, message: res.message, timeMs: performance.now() - t0, warnings,
  };
  return { theta, optinfo };
}

/** The fitted model at θ (lme4's mkMerMod): settles the factor at θ and builds the LmerMod. */
export function lmmModel(pr: LmmProblem, opt: LmmOptimum, opts: LmerOptions = {}): LmerMod {
  const { input, y, REML, cp, work, layout } = pr;
  updateFactor(work, opt.theta);
  const optinfo: OptSummary = { ...opt.optinfo, fmin: objectiveFromFactor(work, REML) };
  return new LmerMod({ input, y, REML, cp, factor: work, theta: opt.theta, thetaNames: layout.names, optinfo, options: opts });
}

function clampInto(theta: Float64Array, layout: ReturnType<typeof thetaLayout>): Float64Array {
  return theta.map((v, i) => Math.min(Math.max(v, layout.lower[i]), layout.upper[i]));
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * lme4's boundary check (boundary.tol): each θ component within `tol` of its (finite) lower
 * bound is set on the bound when the objective there is no worse. Updates θ; returns f(θ).
 */
export function snapToBounds(f: (x: Float64Array) => number, theta: Float64Array, lower: Float64Array, fmin: number, tol: number): number {
  for (let i = 0; i < theta.length; i++) {
    if (!Number.isFinite(lower[i]) || theta[i] === lower[i] || theta[i] - lower[i] > tol) continue;
    const old = theta[i];
    theta[i] = lower[i];
    const v = f(theta);
    if (v <= fmin) fmin = v;
    else theta[i] = old;
  }
  return f(theta);
}

/**
 * Parameters of a finished fit (restoreFit): θ̂ and the optimizer record. With them `fitLmm`
 * skips the optimizer and the convergence check and evaluates the objective once, at θ̂.
 */
export type FixedLmm = LmmOptimum;

/** Fits from a built input (also used by refit/update; restoreFit passes `fixed`). */
export function fitLmm(input: MixedModelInput, opts: LmerOptions = {}, yOverride?: Float64Array, fixed?: FixedLmm): LmerMod {
  const pr = lmmProblem(input, opts.REML ?? true, yOverride);
  return lmmModel(pr, fixed ?? optimizeLmm(pr, opts), opts);
}
