/**
 * `glmer`: generalized linear mixed models by the Laplace approximation (nAGQ = 1), adaptive
 * Gauss–Hermite quadrature (nAGQ > 1, one scalar term) or the nAGQ = 0 approximation, with
 * lme4's two stages: first θ alone with β inside PIRLS (nAGQ = 0), then (θ, β) together
 * starting from there. Standard errors of β come from the finite-difference Hessian of the
 * deviance in (θ, β) at the optimum (lme4's `use.hessian`).
 */
import type { DataInput } from "../data/types.js";
import type { ParsedFormula } from "../formula/types.js";
import { buildInput, type MixedModelInput } from "../model/lmmInput.js";
import { crossPattern } from "../lmm/crossprod.js";
import { thetaLayout, startTheta } from "../lmm/lmer.js";
import { OPTIMIZERS, type OptimizerName } from "../optim/names.js";
import { runOptimizer } from "../optim/run.js";
import { controlCheck, convTol, type MerControl } from "../optim/control.js";
import type { BoundedOptions, Objective } from "../optim/types.js";
import { bool, checkOptions, either, int, nullable, numbers, object, oneOf, str, weightsCheck, type OptionSpec } from "../validate/index.js";
import { familyFunction, linkWithFamilyObject } from "../messages/options.js";
import { deriv12 } from "../optim/index.js";
import { polishOptimum } from "../optim/polish.js";
import { interiorHessian, stage1Linv, betaBlockOfInverse, scaledGradient, whitenedMap } from "./hessian.js";
import type { Family } from "./family/index.js";
import { isLaplaceFamilyName } from "./family/nbinom.js";
import { resolveFamily } from "./family/resolve.js";
import { checkFitArgs } from "../model/args.js";
import { checkScale } from "../model/scale.js";
import { glmmResponse } from "./response.js";
import { allocGlmm } from "./pirls.js";
import { devianceAGQ0, devianceAGQ } from "./deviance.js";
import { GlmerMod } from "../results/glmerMod.js";
import { cellsOf, cellResponse, cellFormula, rhsColumns, isCbindResponse, CELL_RESPONSE } from "./cells.js";
import { subsetRows, withColumns } from "../data/index.js";
import { LmeError } from "../messages/error.js";
import { responseConstant, glmmSaturated, agqNeedsScalar, agqWithScale, nagqRange, hessianNotPD, gaussianIdentity, startFixefWithNagq0, initStepNeedsNagq, stage1Skipped } from "../messages/glmm.js";
import { convergenceGradient } from "../messages/optim-check.js";
import { badStart } from "../messages/optim.js";
import type { OptSummary } from "../optim/summary.js";
import { fitLaplace, checkLaplaceOptions } from "./laplace/fit.js";
import { checkExtendedOptions, extendedVariables, usesLaplaceEngine } from "./laplace/extended.js";
import { laplaceFamilyOption, informationNeedsLaplace } from "../messages/family.js";

/** Options of `glmer`: the family and link, nAGQ, prior weights, offset, start values and optimizer, as in lme4. */
export interface GlmerOptions {
  /**
   * A family object or name ("binomial", "poisson", "Gamma", "inverse.gaussian", "gaussian"), or
   * a family of the general Laplace engine: "nbinom2" (Var = μ + μ²/θ) or "nbinom1"
   * (Var = μ(1 + φ)), log link, fitted as glmmTMB does (see glmm/laplace/fit.ts); glmmTMB's
   * "beta", "betabinomial", "genpois" (generalized Poisson, Var = μφ), "compois"
   * (Conway–Maxwell–Poisson with mean μ, ν = 1/φ), "truncated_poisson" and
   * "truncated_nbinom2" (zero-truncated counts; with a ziformula, glmmTMB's hurdle models).
   * Required: lme4's default (gaussian) would make this a linear mixed model, for which use lmer().
   */
  readonly family?: Family | string;
  /** Link name when `family` is a name. */
  readonly link?: string | null;
  /** 0 (θ only, β in PIRLS), 1 (Laplace, default) or up to 25 adaptive Gauss–Hermite nodes. */
  readonly nAGQ?: number;
  readonly weights?: string | ArrayLike<number> | null;
  readonly offset?: ArrayLike<number> | null;
  readonly optimizer?: OptimizerName;
  /** Compute the Hessian-based standard errors and convergence check (default true). */
  readonly calcDerivs?: boolean;
  /**
   * Starting values, as lme4's `start = list(theta =, fixef =)`: θ starts the first stage (or the
   * second when the first is skipped); `fixef` (β, for the columns X keeps after rank checks;
   * nAGQ ≥ 1 only) replaces the first stage's β as the start of the second.
   */
  readonly start?: { readonly theta?: ArrayLike<number>; readonly fixef?: ArrayLike<number> };
  /**
   * Run the nAGQ = 0 stage before the requested approximation (lme4's `nAGQ0initStep`, default
   * true). false (nAGQ ≥ 1 only) goes straight to the second stage from the start values, as
   * lme4's `refit` does; β then starts at `start.fixef` or at PIRLS's β for the starting θ.
   * Every evaluation then restarts PIRLS from the predictor at the start values: a start far from
   * the optimum shifts the Laplace objective slightly (its log-determinant comes from the factor
   * one PIRLS iteration behind, as in lme4), e.g. by 3e-4 in logLik for cbpp from θ = 1.
   */
  readonly nAGQ0initStep?: boolean;
  /** glmerControl(...): optimizer, optCtrl, checkConv, calcDerivs (direct options win). */
  readonly control?: MerControl;
  /**
   * R's na.action: "omit" (default, na.omit) or "exclude" (na.exclude: the free functions
   * residuals(m), fitted(m) and predict(m) return one value per input row, NaN at dropped rows).
   */
  readonly naAction?: "omit" | "exclude";
  /**
   * Laplace-engine families only: the information matrix of the Laplace determinant and of the
   * Newton steps, "observed" (default; glmmTMB's approximation) or "expected" (Fisher scoring,
   * lme4's PIRLS and glmer.nb's; glmerNb uses it). They differ for non-canonical links.
   */
  readonly information?: "observed" | "expected";
  /**
   * glmmTMB's zero-inflation model: a one-sided formula ("~ 1", "~ x") for the logit of the
   * probability of a structural zero (families poisson, nbinom2, nbinom1, genpois, compois; fixed effects
   * only); with truncated_poisson or truncated_nbinom2, of the probability of a zero (a hurdle model).
   */
  readonly ziformula?: string;
  /**
   * glmmTMB's dispersion model: a one-sided formula for the log of the dispersion parameter
   * (gaussian: σ²; nbinom2, truncated_nbinom2: θ; nbinom1, beta, betabinomial, genpois, compois: φ).
   */
  readonly dispformula?: string;
}

/** What each of glmer's options accepts (`start` is checked with its own keys). */
export const GLMER_OPTIONS: OptionSpec = {
  family: either(str, object), link: nullable(either(str, object)), nAGQ: int(0, 25), weights: weightsCheck,
  offset: nullable(numbers), optimizer: oneOf(...OPTIMIZERS), calcDerivs: bool, start: object, nAGQ0initStep: bool, control: controlCheck, naAction: oneOf("omit", "exclude"),
  information: oneOf("observed", "expected"), ziformula: str, dispformula: str,
};

/** Fits a GLMM, e.g. glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" }). */
export function glmer(formula: string | ParsedFormula, data: DataInput, opts: GlmerOptions = {}): GlmerMod {
  if (typeof (opts as { family?: unknown } | null)?.family === "function") throw familyFunction(String((opts.family as unknown as { name?: string }).name ?? "binomial"));
  checkOptions("glmer", opts, GLMER_OPTIONS, "", { REML: "glmer fits by maximum likelihood (Laplace or quadrature); REML is for lmer" });
  checkOptions("glmer", opts.start, { theta: numbers, fixef: numbers }, "start.");
  checkFitArgs("glmer", formula, opts);
  if (typeof opts.family === "object" && opts.link != null) throw linkWithFamilyObject();
  if (usesLaplaceEngine(opts)) {
    checkExtendedOptions(opts);
    checkLaplaceOptions(String(opts.family), opts);
  }
  else {
    if (opts.information !== undefined) throw informationNeedsLaplace();
    familyOf(opts);
    checkNagq(opts.nAGQ ?? 1);
  }
  const input = buildInput(formula, data, { weights: opts.weights, offset: opts.offset, checkLevels: false, numericResponse: false, extraVariables: extendedVariables(opts) });
  return fitGlmm(input, opts);
}

/** The family of the options (a Family object checked against the protocol, or a name and link), refusing gaussian/identity. */
function familyOf(opts: GlmerOptions): Family {
  if (isLaplaceFamilyName(opts.family)) throw laplaceFamilyOption(opts.family, "lme4's modular PIRLS deviance (mkGlmerDevfun, glmerStage1Objective)", "this family is fitted by the general Laplace engine; use glmer(formula, data, { family }) or glmerNb");
  const family = resolveFamily(opts.family, opts.link);
  if (family.name === "gaussian" && family.link.name === "identity") throw gaussianIdentity();
  return family;
}

function checkNagq(nAGQ: number): void {
  if (!Number.isInteger(nAGQ) || nAGQ < 0 || nAGQ > 25) throw nagqRange(nAGQ);
}

/** Response override of fitGlmm (lme4's `refit(object, newresp)`). */
export type RespOverride = { readonly y: Float64Array; readonly weights?: Float64Array; readonly n?: Float64Array };

/** The model pieces both fitGlmm and the stage-1 objective need: family, response, workspace, θ layout. */
function setupGlmm(input: MixedModelInput, opts: GlmerOptions, override?: RespOverride) {
  const family = familyOf(opts);
  const nAGQ = opts.nAGQ ?? 1;
  checkNagq(nAGQ);
  if (nAGQ > 1 && (input.terms.length !== 1 || input.terms[0].q !== 1)) throw agqNeedsScalar(nAGQ);
  const resp0 = glmmResponse(input.formula.response!, input.mf.frame, family, input.weights, (i) => input.mf.rowText(input.mf.rows[i]));
  const resp = override ? { ...resp0, y: override.y, weights: override.weights ?? resp0.weights, n: override.n ?? resp0.n } : resp0;
  checkScale(resp.y, resp.y.length, [resp.label], "the response");
  if (input.p >= resp.y.length) throw glmmSaturated(input.p, resp.y.length);
  if (resp.y.every((v) => v === resp.y[0])) throw responseConstant(input.formula.responseLabel ?? "response", resp.y[0]!, family.name);
  const warnings: string[] = [...input.warnings];
  if (nAGQ > 1 && family.hasScale) warnings.push(agqWithScale(family.name, nAGQ));
  family.initialize(resp.y, resp.weights, (m) => warnings.push(m));
  const pat = crossPattern(input.terms, resp.y.length);
  const work = allocGlmm(family, input.terms, pat, input.X, input.p, resp.y, resp.weights, resp.n, input.offset);
  return { family, nAGQ, resp, warnings, pat, work, layout: thetaLayout(input) };
}

/**
 * Stage 1's objective (the nAGQ = 0 deviance of θ, β inside PIRLS), every evaluation restarted
 * from one fixed predictor η₀. As lme4, which restarts from g(μ_start) — our η₀ is PIRLS's
 * converged predictor at the starting θ, reached once from g(μ_start): the same objective to
 * PIRLS's tolerance (it converges quadratically from either start), and each evaluation then
 * needs fewer iterations.
 */
function stage1(g: GlmmSetup, th0: Float64Array) {
  const { family, resp, work } = g;
  const etaInit = g.etaInit ? g.etaInit() : family.initialize(resp.y, resp.weights).map((m) => family.link.linkfun(m));
  const dev0 = devianceAGQ0(work, th0, etaInit);
  const etaStart = Number.isFinite(dev0) ? Float64Array.from(work.eta) : etaInit;
  return (th: Float64Array) => devianceAGQ0(work, th, etaStart);
}

/**
 * The function of θ glmer's first stage minimizes (and, for nAGQ = 0, the whole fit): for checking
 * the optimizer against a grid of the objective. `opts` as glmer's (family, link, weights, offset,
 * start.theta).
 */
export function glmerStage1Objective(formula: string | ParsedFormula, data: DataInput, opts: GlmerOptions = {}): (theta: Float64Array) => number {
  const input = buildInput(formula, data, { weights: opts.weights, offset: opts.offset, checkLevels: false, numericResponse: false });
  const g = setupGlmm(input, opts);
  return stage1(g, startTheta(opts.start?.theta, g.layout, "start.theta"));
}

/**
 * The Laplace (or nAGQ-point) deviance of the concatenated (θ, β) on a built input, as glmer's
 * second stage evaluates it (lme4's devfun after `optimizeGlmer` stage 1 and `updateGlmerDevfun`):
 * stage 1 (θ with β in PIRLS) is minimized as glmer does, and PIRLS for u then restarts every
 * evaluation from that optimum's linear predictor — glmer's own second-stage function. Also
 * returns the stage-1 objective of θ, its optimum, the β there, and θ's layout.
 */
export function glmmDevfuns(input: MixedModelInput, opts: GlmerOptions = {}) {
  const g = setupGlmm(input, opts);
  const th0 = startTheta(opts.start?.theta, g.layout, "start.theta");
  const f0 = stage1(g, th0);
  const run = (fn: Objective, x: Float64Array, o: BoundedOptions) => runOptimizer(opts.optimizer ?? opts.control?.optimizer, fn, x, o, opts.control?.optCtrl);
  const s1 = run(f0, th0, { lower: g.layout.lower, upper: g.layout.upper, maxfun: 100000, ftolAbs: 1e-8, xtolAbs: 1e-4 });
  const theta1 = Float64Array.from(s1.x);
  f0(theta1);
  const eta1 = Float64Array.from(g.work.eta), beta0 = Float64Array.from(g.work.beta), nth = th0.length, nAGQ = Math.max(g.nAGQ, 1);
  const w2 = allocGlmm(g.family, input.terms, g.pat, input.X, input.p, g.resp.y, g.resp.weights, g.resp.n, input.offset);
  const laplace = (x: Float64Array) => devianceAGQ(w2, x.subarray(0, nth), x.subarray(nth), nAGQ, eta1);
  return { stage1: f0, laplace, layout: g.layout, theta1, beta0, family: g.family, nAGQ: g.nAGQ };
}

/**
 * Fits a GLMM from a built input (glmer, update and refit). `override` replaces the response
 * on the family's scale (proportions for binomial) and, when given, the prior weights and R's
 * `n` (binomial: the numbers of trials): lme4's `refit(object, newresp)`.
 */
export function fitGlmm(input: MixedModelInput, opts: GlmerOptions = {}, override?: RespOverride, fixed?: FixedGlmm): GlmerMod {
  if (usesLaplaceEngine(opts)) {
    if (fixed) throw laplaceFamilyOption(String(opts.family), "restoring a saved fit", "saveFit/restoreFit support the classic families only; refit the model");
    return fitLaplace(input, opts, override);
  }
  const g = setupGlmm(input, opts, override);
  if (fixed) return glmmAt(input, opts, g, fixed);
  const cellFit = override ? null : fitOnCells(input, opts, g);
  if (cellFit) return cellFit;
  const { theta, beta, dev, optinfo, vcovUnscaled, eta1 } = optimizeGlmm(input, opts, g);
  const { family, nAGQ, resp, warnings, work, layout } = g;
  return new GlmerMod({ input, family, nAGQ, work, theta, beta, deviance: dev, thetaNames: layout.names, optinfo, warnings, vcovFromHessian: vcovUnscaled, response: resp, makeDevfun: devfunMaker(input, g, eta1), lower: layout.lower, restartEta: eta1, options: opts });
}

/**
 * The binomial fit when rows merge into cells of equal right-hand side (glmm/cells.ts): θ, β and
 * the Hessian's standard errors are those of the fit of the cells (in first-row order, with
 * correctly rounded sums) — the very computation the database route makes, so both give the same
 * estimates to the last bits — and the model is then the rows' at that optimum (glmmAt: one
 * deviance evaluation on the rows), so logLik, fitted values, residuals, ranef and predictions are
 * lme4's row-level ones. Null (fit the rows) when no rows merge (the cells would be the rows:
 * the row fit is then the same computation), with an offset vector, when the design of the cells
 * differs from the rows' (a data-dependent term such as poly() or scale()), and for the Poisson
 * family: there the cells' Laplace objective, although equal to the rows' up to a constant in exact
 * arithmetic, is evaluated through a PIRLS that stops at a relative change of the penalized
 * deviance (lme4's tolPwrss) and takes its log-determinant one iteration behind, so its optimum
 * moved measurably (grouseticks, TICKS ~ cHEIGHT + (1 | LOCATION), 403 rows → 63 cells: θ 1.1e-3
 * relative from lme4's and the rows' fit, logLik 1.1e-4 lower); for Bernoulli rows the shift is
 * within the optimizer's tolerance (bench/glmm-cells.mjs).
 */
function fitOnCells(input: MixedModelInput, opts: GlmerOptions, g: ReturnType<typeof setupGlmm>): GlmerMod | null {
  if (g.family.name !== "binomial" || opts.offset != null || input.mf.frame.nrow !== g.resp.y.length) return null;
  const cells = cellsOf(input.mf.frame, rhsColumns(input.formula));
  const m = cells.first.length, n = g.resp.y.length;
  if (m === n) return null;
  const resp = cellResponse(cells, g.resp, isCbindResponse(input.formula.response));
  const frame = withColumns(subsetRows(input.mf.frame, cells.first), [{ kind: "numeric", name: CELL_RESPONSE, values: resp.y }]);
  let ci: MixedModelInput;
  try {
    ci = buildInput(cellFormula(input.formula), frame, { checkLevels: false, numericResponse: false });
  } catch {
    return null;
  }
  if (ci.p !== input.p || ci.X.length !== m * input.p || ci.terms.length !== input.terms.length) return null;
  for (let j = 0; j < input.p; j++) for (let k = 0; k < m; k++) if (!Object.is(ci.X[j * m + k], input.X[j * n + cells.first[k]!])) return null;
  if ((ci.offset === null) !== (input.offset === null)) return null;
  if (ci.offset && input.offset) for (let k = 0; k < m; k++) if (!Object.is(ci.offset[k], input.offset[cells.first[k]!])) return null;
  const gc = setupGlmm(ci, opts, resp);
  const r = optimizeGlmm(ci, opts, gc);
  const restartEta = Float64Array.from(cells.cellOf, (k) => r.eta1[k]!);
  // glmmAt reads calcDerivs from the options only: give it the effective one (control.calcDerivs too)
  const calcDerivs = opts.calcDerivs ?? opts.control?.calcDerivs;
  const model = glmmAt(input, calcDerivs === undefined ? opts : { ...opts, calcDerivs }, g, { theta: r.theta, beta: r.beta, restartEta, vcovFromHessian: r.vcovUnscaled, optinfo: r.optinfo });
  // optinfo's minimum on the rows' scale: the cells' deviance plus the rows' likelihood constant
  Object.defineProperty(model, "optinfo", { value: { ...r.optinfo, fmin: r.optinfo.fmin + (model.criterion - r.dev) } });
  return model;
}

/**
 * What fitGlmm optimizes: the family, nAGQ, the response, the PIRLS workspace and θ's layout.
 * `etaInit`, when given, replaces g(μ_start) of the response as stage 1's first linear predictor
 * (a workspace whose rows live elsewhere encodes its predictors itself: src/sources/pirls.ts).
 */
export type GlmmSetup = Omit<ReturnType<typeof setupGlmm>, "pat" | "resp"> & { readonly resp: Pick<ReturnType<typeof setupGlmm>["resp"], "y" | "weights">; readonly etaInit?: () => Float64Array };

/**
 * glmer's two stages on a set-up model (see fitGlmm): θ with β in PIRLS, then (θ, β) in
 * whitened coordinates, the optimum check and the Hessian. Pushes its warnings onto g.warnings;
 * leaves the workspace's PIRLS state at the optimum.
 */
export function optimizeGlmm(input: Pick<MixedModelInput, "p" | "fixedNames">, opts: GlmerOptions, g: GlmmSetup) {
  const { nAGQ, warnings, work, layout } = g;
  const nth = layout.start.length, p = input.p;
  const t0 = performance.now();

  // Stage 1: θ with β in PIRLS (see stage1).
  const initStep = opts.nAGQ0initStep ?? true;
  if (!initStep && nAGQ === 0) throw initStepNeedsNagq();
  if (opts.start?.fixef !== undefined && nAGQ === 0) throw startFixefWithNagq0();
  const th0 = startTheta(opts.start?.theta, layout, "start.theta");
  const fixef0 = startFixef(opts.start?.fixef, input.fixedNames);
  const f0 = stage1(g, th0);
  const run = (fn: Objective, x: Float64Array, o: BoundedOptions) => runOptimizer(opts.optimizer ?? opts.control?.optimizer, fn, x, o, opts.control?.optCtrl);
  let theta: Float64Array, dev: number, feval: number, message: string, code: number;
  if (initStep) {
    const s1 = run(f0, th0, { lower: layout.lower, upper: layout.upper, maxfun: 100000, ftolAbs: 1e-8, xtolAbs: 1e-4 });
    theta = Float64Array.from(s1.x);
    dev = f0(theta);
    feval = s1.feval; message = s1.message; code = s1.code;
  } else {
    theta = Float64Array.from(th0);
    dev = f0(theta);
    feval = 1; message = stage1Skipped(); code = 0;
  }
  let beta = fixef0 ?? Float64Array.from(work.beta);
  // Stage 2 restarts every evaluation from the stage-1 linear predictor.
  const eta1 = Float64Array.from(work.eta);

  let hessian: { gradient: Float64Array; hessian: Float64Array } | null = null;
  const convWarnings: string[] = [];
  const fStage2 = (x: Float64Array) => devianceAGQ(work, x.subarray(0, nth), x.subarray(nth), Math.max(nAGQ, 1), eta1);
  if (nAGQ > 0) {
    const lower = new Float64Array(nth + p).fill(-Infinity), upper = new Float64Array(nth + p).fill(Infinity);
    lower.set(layout.lower); upper.set(layout.upper);
    // Stage 2 works in whitened coordinates for β: β = β₁ + L⁻ᵀz with L Lᵀ = RXᵀRX the stage-1
    // (nAGQ = 0) information of β, so that z has roughly unit, uncorrelated curvature and BOBYQA's
    // initial steps (0.1 in θ, as lme4; one stage-1 standard error in z) match the problem's
    // shape. This halves the evaluations of stage 2 compared with per-coordinate scaling.
    const Linv = stage1Linv(work), b1 = Float64Array.from(beta);
    const toX = whitenedMap(nth, b1, Linv);
    const xScratch = new Float64Array(nth + p);
    const fz = (zz: Float64Array) => fStage2(toX(zz, xScratch));
    const z0 = new Float64Array(nth + p);
    z0.set(theta);
    const steps = new Float64Array(nth + p).fill(1);
    for (let i = 0; i < nth; i++) steps[i] = 0.1;
    const s2 = run(fz, z0, { lower, upper, steps, maxfun: 100000, ftolAbs: 1e-8 });
    const x = toX(s2.x, new Float64Array(nth + p));
    feval += s2.feval; message = s2.message; code = s2.code;
    for (let i = 0; i < nth; i++) if (x[i] < lower[i]) x[i] = lower[i];
    theta = x.slice(0, nth);
    beta = x.slice(nth);
    const ctol = convTol(undefined, opts.control);
    if ((opts.calcDerivs ?? opts.control?.calcDerivs) !== false) {
      const derivatives = (fn: Objective, at: Float64Array, fx: number) => interiorHessian(fn, at, lower, upper) ?? deriv12(fn, at, { lower, upper, fx });
      if (code === 0) {
        // The optimum check of src/optim/polish.ts (Newton decrement, restart while a step would gain).
        const pol = polishOptimum(fStage2, x, fStage2(x), lower, upper, { derivatives });
        feval += pol.feval;
        x.set(pol.x);
        for (let i = 0; i < nth; i++) if (x[i] < lower[i]) x[i] = lower[i];
        theta = x.slice(0, nth);
        beta = x.slice(nth);
        hessian = pol.derivs ?? null;
      }
      hessian ??= derivatives(fStage2, x, fStage2(x));
      const free = [...Array(nth + p).keys()].filter((i) => !(i < nth && x[i] - lower[i] < 1e-4));
      const maxg = Math.max(0, ...free.map((i) => Math.abs(hessian!.gradient[i])));
      if (ctol !== null && maxg > ctol) {
        const scaled = scaledGradient(hessian, free, nth + p);
        if (scaled !== null && scaled > ctol) convWarnings.push(convergenceGradient(scaled, ctol));
      }
    }
    dev = fStage2(x); // leaves the PIRLS state at the optimum
  } else {
    devianceAGQ(work, theta, beta, 1, eta1); // u-only factor at the optimum, for condVar
  }
  let vcovUnscaled: Float64Array | null = null;
  if (hessian) {
    vcovUnscaled = betaBlockOfInverse(hessian.hessian, nth, p);
    if (!vcovUnscaled) warnings.push(hessianNotPD());
  }
  const optinfo: OptSummary = {
    optimizer: opts.optimizer ?? "bobyqa", initial: layout.start, final: Float64Array.from([...theta, ...(nAGQ > 0 ? beta : [])]),
    lower: layout.lower, upper: layout.upper, feval, fmin: dev, returnCode: code, message, timeMs: performance.now() - t0,
    warnings: convWarnings,
  };
  return { theta, beta, dev, optinfo, vcovUnscaled, eta1 };
}

/**
 * A maker of fresh deviance functions of (θ, β), each with its own workspace: the very function
 * stage 2 minimized (PIRLS restarted from the stage-1 linear predictor), so profiles and the fit agree.
 */
function devfunMaker(input: MixedModelInput, g: ReturnType<typeof setupGlmm>, eta1: Float64Array) {
  const { family, resp, pat, nAGQ } = g, nth = g.layout.start.length;
  return () => {
    const w2 = allocGlmm(family, input.terms, pat, input.X, input.p, resp.y, resp.weights, resp.n, input.offset);
    return (x: Float64Array) => devianceAGQ(w2, x.subarray(0, nth), x.subarray(nth), Math.max(nAGQ, 1), eta1);
  };
}

/**
 * Parameters of a finished fit (restoreFit): θ̂, β̂, the linear predictor the deviance's PIRLS
 * restarts from (part of the definition of the function that was minimized), 2[H⁻¹]_ββ from the
 * deviance Hessian (null when it was not computed or not positive definite) and the optimizer record.
 */
export interface FixedGlmm {
  readonly theta: Float64Array;
  readonly beta: Float64Array;
  readonly restartEta: Float64Array;
  readonly vcovFromHessian: Float64Array | null;
  readonly optinfo: OptSummary;
}

/**
 * The model at fixed (θ, β) in one deviance evaluation (the last one fitGlmm makes, so the PIRLS
 * state, and with it every result, is the fit's): no optimization, no Hessian. nAGQ = 0 takes
 * two (at the start θ, which defines the PIRLS restart, and at θ̂) plus the final u-only factor.
 */
function glmmAt(input: MixedModelInput, opts: GlmerOptions, g: ReturnType<typeof setupGlmm>, fixed: FixedGlmm): GlmerMod {
  const { family, nAGQ, resp, warnings, work, layout } = g;
  const { theta, beta } = fixed;
  let dev: number, restartEta = fixed.restartEta;
  if (nAGQ > 0) dev = devianceAGQ(work, theta, beta, nAGQ, restartEta);
  else {
    // nAGQ = 0's deviance restarts PIRLS from the predictor at the start θ (see stage1): one
    // more evaluation, there, to define the same function.
    dev = stage1(g, startTheta(opts.start?.theta, layout, "start.theta"))(theta);
    restartEta = Float64Array.from(work.eta);
    devianceAGQ(work, theta, beta, 1, restartEta);
  }
  if (nAGQ > 0 && opts.calcDerivs !== false && !fixed.vcovFromHessian) warnings.push(hessianNotPD());
  return new GlmerMod({
    input, family, nAGQ, work, theta, beta, deviance: dev, thetaNames: layout.names, optinfo: fixed.optinfo, warnings,
    vcovFromHessian: fixed.vcovFromHessian, response: resp, makeDevfun: devfunMaker(input, g, restartEta), lower: layout.lower, restartEta, options: opts,
  });
}

/** Validated start β for the kept fixed-effect columns, or null. */
function startFixef(fixef: ArrayLike<number> | undefined, names: readonly string[]): Float64Array | null {
  if (fixef === undefined) return null;
  const b = Float64Array.from(fixef);
  if (b.length !== names.length) throw badStart("start.fixef", `has ${b.length} values but the model has ${names.length} fixed effects (${names.join(", ")})`);
  b.forEach((v, i) => {
    if (!Number.isFinite(v)) throw badStart("start.fixef", `value ${i + 1} (${names[i]}) is ${v}`);
  });
  return b;
}


export { interiorHessian, invertSPD } from "./hessian.js";
