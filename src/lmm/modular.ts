/**
 * lme4's modular fitting pipeline, for those who extend lme4ts (the lme4 paper, section
 * "Modular functions"): `lFormula` parses and builds the model, `mkLmerDevfun` makes the profiled
 * objective of θ, `optimizeLmer` minimizes it, `mkMerMod` turns θ̂ into the fitted `LmerMod`.
 * `lmer(f, d, o)` is exactly `mkMerMod(dev, optimizeLmer(dev, o), o)` with
 * `dev = mkLmerDevfun(lFormula(f, d, o))` — the same code path, so the results agree bit for bit.
 * A user may replace optimizeLmer by their own optimizer (any minimizer of `dev` within
 * `dev.lower`/`dev.upper`) or add a penalty to `dev`, and pass `{ par: θ̂ }` to mkMerMod.
 */
import type { DataInput } from "../data/types.js";
import type { ParsedFormula } from "../formula/types.js";
import type { MixedModelInput } from "../model/lmmInput.js";
import { buildInput } from "../model/lmmInput.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { OptSummary } from "../optim/summary.js";
import { checkOptions } from "../validate/index.js";
import { badOptimumPar, notADevfun } from "../messages/optim.js";
import { GLMER_OPTIONS, glmmDevfuns, type GlmerOptions } from "../glmm/glmer.js";
import { LMER_OPTIONS, lmerInput, lmmModel, lmmProblem, optimizeLmm, startTheta, type LmerOptions, type LmmProblem } from "./lmer.js";
import { checkFitArgs, requireShape } from "../model/args.js";

/** The parsed model (lme4's `lFormula` result): the model input and the options it was built with. */
export interface LFormula {
  readonly kind: "lFormula";
  /** Model frame, response, X, offset, weights and the random-effects terms. */
  readonly input: MixedModelInput;
  readonly options: LmerOptions;
}

/**
 * lme4's `lFormula(formula, data, ...)`: the model frame, fixed-effects matrix and random-effects
 * terms, with lmer's checks (same options as lmer; REML, optimizer… are kept for the later steps).
 */
export function lFormula(formula: string | ParsedFormula, data: DataInput, opts: LmerOptions = {}): LFormula {
  return { kind: "lFormula", input: lmerInput("lFormula", formula, data, opts), options: opts };
}

/**
 * The profiled objective of θ (lme4's `mkLmerDevfun`): the REML criterion (default, or
 * `lf.options.REML`) or the ML deviance −2ℓ(θ) with β and σ profiled out; Infinity where Λ(θ)
 * makes the system singular. Carries θ's bounds, lme4's start θ₀ and θ's names.
 */
export interface LmerDevfun {
  (theta: ArrayLike<number>): number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly start: Float64Array;
  readonly thetaNames: readonly string[];
  readonly REML: boolean;
  readonly lf: LFormula;
  /** @internal The problem the devfun evaluates (cross products, factor workspace). */
  readonly problem: LmmProblem;
}

/** lme4's `mkLmerDevfun(lFormula(...))`: see LmerDevfun. */
export function mkLmerDevfun(lf: LFormula): LmerDevfun {
  requireShape("mkLmerDevfun", lf, "the result of lFormula()", ["input", "options"]);
  const problem = lmmProblem(lf.input, lf.options.REML ?? true);
  const fn = (theta: ArrayLike<number>) => problem.f(Float64Array.from(theta));
  return Object.assign(fn, {
    lower: problem.layout.lower.slice(), upper: problem.layout.upper.slice(), start: problem.layout.start.slice(),
    thetaNames: problem.layout.names, REML: problem.REML, lf, problem,
  });
}

/** The optimum as lme4's optimizeLmer returns it (par, fval, feval, conv, message) plus the summary. */
export interface LmerOptimum {
  readonly par: Float64Array;
  readonly fval: number;
  readonly feval: number;
  /** 0 = converged. */
  readonly conv: number;
  readonly message: string;
  /** lme4's convergence-check warnings at the optimum. */
  readonly warnings: readonly string[];
  readonly optinfo: OptSummary;
}

/** What mkMerMod needs from any optimizer: θ̂ (the rest is reported in optinfo when given). */
export interface OptimumLike {
  readonly par: ArrayLike<number>;
  readonly fval?: number;
  readonly feval?: number;
  readonly conv?: number;
  readonly message?: string;
  readonly optimizer?: string;
  readonly warnings?: readonly string[];
}

function isDevfun(x: unknown): x is LmerDevfun {
  return typeof x === "function" && (x as Partial<LmerDevfun>).problem !== undefined;
}

/**
 * lme4's `optimizeLmer(devfun, optimizer, start, control)`: minimizes the devfun with lmer's
 * optimizer (opts: optimizer, start, maxfun, checkConv — lmer's meanings; defaults from the
 * lFormula's options), then runs lme4's convergence check.
 */
export function optimizeLmer(devfun: LmerDevfun, opts: Pick<LmerOptions, "optimizer" | "start" | "maxfun" | "checkConv"> = {}): LmerOptimum {
  if (!isDevfun(devfun)) throw notADevfun("optimizeLmer");
  checkOptions("optimizeLmer", opts, { optimizer: LMER_OPTIONS.optimizer, start: LMER_OPTIONS.start, maxfun: LMER_OPTIONS.maxfun, checkConv: LMER_OPTIONS.checkConv }, "");
  const o = optimizeLmm(devfun.problem, { ...devfun.lf.options, ...opts });
  const { optinfo } = o;
  return { par: o.theta, fval: optinfo.fmin, feval: optinfo.feval, conv: optinfo.returnCode, message: optinfo.message, warnings: optinfo.warnings, optinfo };
}

/**
 * lme4's `mkMerMod(environment(devfun), opt, reTrms, fr)`: the fitted LmerMod at `opt.par`
 * (from optimizeLmer or any other optimizer; par is checked against θ's length and bounds).
 */
export function mkMerMod(devfun: LmerDevfun, opt: OptimumLike): LmerMod {
  if (!isDevfun(devfun)) throw notADevfun("mkMerMod");
  const layout = devfun.problem.layout;
  if (opt == null || opt.par === undefined) throw badOptimumPar("is missing");
  let theta: Float64Array;
  try {
    theta = startTheta(opt?.par, layout, "opt.par");
  } catch (e) {
    throw badOptimumPar(e instanceof Error ? e.message.replace(/^opt\.par /, "") : String(e));
  }
  const full = (opt as Partial<LmerOptimum>).optinfo;
  const optinfo: OptSummary = full && full.final === opt.par
    ? full
    : {
      optimizer: opt.optimizer ?? "user", initial: layout.start, final: theta, lower: layout.lower, upper: layout.upper,
      feval: opt.feval ?? NaN, fmin: opt.fval ?? devfun(theta), returnCode: opt.conv ?? 0, message: opt.message ?? "",
      timeMs: NaN, warnings: opt.warnings ?? [],
    };
  return lmmModel(devfun.problem, { theta, optinfo }, devfun.lf.options);
}

/** The parsed GLMM (lme4's `glFormula` result). */
export interface GlFormula {
  readonly kind: "glFormula";
  readonly input: MixedModelInput;
  readonly options: GlmerOptions;
}

/** lme4's `glFormula(formula, data, family, ...)`: glmer's model building and checks, no fit. */
export function glFormula(formula: string | ParsedFormula, data: DataInput, opts: GlmerOptions = {}): GlFormula {
  checkFitArgs("glFormula", formula, opts);
  checkOptions("glFormula", opts, GLMER_OPTIONS, "");
  const input = buildInput(formula, data, { weights: opts.weights, offset: opts.offset, checkLevels: false, numericResponse: false });
  return { kind: "glFormula", input, options: opts };
}

/**
 * lme4's `mkGlmerDevfun` (after `updateGlmerDevfun`): the deviance of the concatenated (θ, β) at
 * the Laplace approximation (or the glFormula's nAGQ): as lme4, glmer's first stage (the nAGQ = 0
 * objective of θ, β inside PIRLS, available as `stage1`) is minimized first, and PIRLS for u
 * restarts every evaluation from the linear predictor at that optimum — the function glmer's
 * second stage minimizes. `lower`/`upper` bound (θ, β) (β unbounded).
 */
export interface GlmerDevfun {
  (thetaBeta: ArrayLike<number>): number;
  readonly stage1: (theta: ArrayLike<number>) => number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** The stage-1 optimum θ followed by the PIRLS β there: glmer's second-stage start. */
  readonly start: Float64Array;
  readonly thetaNames: readonly string[];
  readonly glf: GlFormula;
}

/** lme4's `mkGlmerDevfun(glFormula(...))`: see GlmerDevfun. */
export function mkGlmerDevfun(glf: GlFormula): GlmerDevfun {
  requireShape("mkGlmerDevfun", glf, "the result of glFormula()", ["input", "options"]);
  const d = glmmDevfuns(glf.input, glf.options);
  const nth = d.layout.start.length, p = glf.input.p;
  const lower = new Float64Array(nth + p).fill(-Infinity), upper = new Float64Array(nth + p).fill(Infinity);
  lower.set(d.layout.lower); upper.set(d.layout.upper);
  const start = new Float64Array(nth + p);
  start.set(d.theta1); start.set(d.beta0, nth);
  const fn = (x: ArrayLike<number>) => d.laplace(Float64Array.from(x));
  return Object.assign(fn, { stage1: (th: ArrayLike<number>) => d.stage1(Float64Array.from(th)), lower, upper, start, thetaNames: d.layout.names, glf });
}
