/**
 * Fits a GLMM whose conditional distribution is a Laplace-engine family (`LaplaceFamily`:
 * nbinom2, nbinom1) by maximizing the Laplace approximation of the likelihood jointly in
 * (θ, β, φ), as glmmTMB does (not by alternating between φ and a GLMM fit, as lme4's glmer.nb):
 *
 * 1. Stage 1 minimizes the (θ, φ) objective with β estimated alongside u in the Newton
 *    iteration (glmer's nAGQ = 0 stage; `jointDeviance`), from lme4's θ₀ and the family's
 *    moment estimate of φ. With the gradient (below) it is only evaluated at the start, for β₁
 *    and the whitening of β.
 * 2. Stage 2 minimizes the Laplace deviance in (θ, β, φ) (`laplaceDeviance`), β in the
 *    coordinates whitened by stage 1's information (as glmer's stage 2): by default (observed
 *    information, q ≤ GRAD_DENSE_MAX, no optimizer named) with a bounded BFGS quasi-Newton method
 *    over the deviance's exact gradient (`gradient.ts`, `gradFit.ts`; glmmTMB's nlminb over
 *    TMB's gradient), otherwise with BOBYQA (and, for zero-inflation, its restarts).
 * 3. Standard errors: the Hessian H of the deviance in (θ, β, φ) — forward differences of the
 *    exact gradient when it applies, else of the deviance — and vcov(β) = 2[H⁻¹]_ββ (glmmTMB's
 *    sdreport inverts the Hessian of the same objective; the β block does not depend on how θ and
 *    φ are parameterized at the optimum).
 *
 * The fitted model is a `GlmerMod` whose `family` is the distribution at φ̂ as a GLM family
 * (`glmView`), so residuals, fitted values, predictions, simulation, anova and the summary work
 * as for glmer; `laplace` holds the family and φ̂. Its `devianceFunction()` is the Laplace deviance
 * of (θ, β) at φ = φ̂ (conditional on φ̂, not profiled over it).
 */
import type { MixedModelInput } from "../../model/lmmInput.js";
import type { GlmerOptions } from "../glmer.js";
import type { Objective, BoundedOptions } from "../../optim/types.js";
import type { OptSummary } from "../../optim/summary.js";
import type { Information, LaplaceFamily } from "../family/laplaceTypes.js";
import { crossPattern } from "../../lmm/crossprod.js";
import { thetaLayout, startTheta } from "../../lmm/lmer.js";
import { runOptimizer } from "../../optim/run.js";
import { convTol } from "../../optim/control.js";
import { deriv12 } from "../../optim/index.js";
import { checkScale } from "../../model/scale.js";
import { glmmResponse } from "../response.js";
import { allocGlmm } from "../pirls.js";
import { makeLaplaceFamily } from "../family/nbinom.js";
import { laplaceFamilyFor, ziVanishes } from "./extended.js";
import { interiorHessian, stage1Linv, scaledGradient, invertSPD, whitenedMap } from "../hessian.js";
import { laplaceWork, laplaceDeviance, jointDeviance, type LaplaceWork } from "./newton.js";
import { gradientApplies, gradientHessian, gradientStage2, laplaceObjective } from "./gradFit.js";
import { GlmerMod } from "../../results/glmerMod.js";
import { glmmSaturated, hessianNotPD, responseConstant } from "../../messages/glmm.js";
import { convergenceGradient } from "../../messages/optim-check.js";
import { laplaceFamilyOption, looksPoisson } from "../../messages/family.js";

/** Response override (lme4's `refit(object, newresp)`): the new response and, optionally, prior weights. */
export type LaplaceRespOverride = { readonly y: Float64Array; readonly weights?: Float64Array; readonly n?: Float64Array };

/** Refuses glmer options that have no meaning for a Laplace family (nAGQ ≠ 1). */
export function checkLaplaceOptions(name: string, opts: GlmerOptions): void {
  if (opts.nAGQ !== undefined && opts.nAGQ !== 1) throw laplaceFamilyOption(name, `nAGQ = ${opts.nAGQ}`, "the Laplace approximation (nAGQ = 1) is the only one for this family, as in glmmTMB");
}


/**
 * The Laplace engine's problem for `input`: the family, the checked response, the workspace and
 * the parameter layout and start (fitLaplace's set-up; tests evaluate the deviance through it).
 */
export function laplaceSetup(input: MixedModelInput, opts: GlmerOptions, override?: LaplaceRespOverride) {
  const lf = laplaceFamilyFor(input, opts);
  checkLaplaceOptions(lf.name, opts);
  const information: Information = opts.information ?? "observed";
  const warnings: string[] = [...input.warnings];

  // Response: counts checked by the family (column named), prior weights multiply the log-density.
  const label = input.formula.responseLabel ?? "response";
  const parGuess = new Float64Array(lf.params.length);
  const resp0 = glmmResponse(input.formula.response!, input.mf.frame, lf.glmView(parGuess, lf.name), input.weights, (i) => input.mf.rowText(input.mf.rows[i]));
  const resp = override ? { ...resp0, y: override.y, weights: override.weights ?? resp0.weights } : resp0;
  const { y, weights: wt } = resp;
  checkScale(y, y.length, [resp.label], "the response");
  const mu0 = lf.initialize(y, wt, label, (m) => warnings.push(m));
  if (input.p >= y.length) throw glmmSaturated(input.p, y.length);
  if (y.every((v) => v === y[0])) throw responseConstant(label, y[0]!, lf.name);

  const pat = crossPattern(input.terms, y.length);
  const work = allocGlmm(lf.glmView(parGuess, lf.name), input.terms, pat, input.X, input.p, y, wt, resp.n, input.offset);
  const lw = laplaceWork(work, lf, information);
  const layout = thetaLayout(input);
  const nth = layout.start.length, p = input.p, np = lf.params.length;
  const parLower = Float64Array.from(lf.params, (q) => q.lower), parUpper = Float64Array.from(lf.params, (q) => q.upper);
  const par0 = lf.startParams(y, mu0, wt).map((v, k) => Math.min(Math.max(v, parLower[k]!), parUpper[k]!));
  return { lf, information, warnings, resp, y, wt, pat, work, lw, layout, nth, p, np, parLower, parUpper, par0 };
}

/** Fits `input` with the Laplace engine (glmer's `fitGlmm` for a Laplace family). */
export function fitLaplace(input: MixedModelInput, opts: GlmerOptions, override?: LaplaceRespOverride): GlmerMod {
  const t0 = performance.now();
  const { lf, information, warnings, resp, y, wt, pat, work, lw, layout, nth, p, np, parLower, parUpper, par0 } = laplaceSetup(input, opts, override);
  const run = (fn: Objective, x: Float64Array, o: BoundedOptions) => runOptimizer(opts.optimizer ?? opts.control?.optimizer, fn, x, o, opts.control?.optCtrl);

  // Stage 1: (θ, φ), β inside the Newton iteration, which starts from β = (log ȳ, 0, …) when X has an intercept column.
  const th0 = startTheta(opts.start?.theta, layout, "start.theta");
  initialBeta(work, input, y, wt, lf);
  const f1 = (x: Float64Array) => jointDeviance(lw, x.subarray(0, nth), x.subarray(nth));
  const x10 = Float64Array.from([...th0, ...par0]);
  // nAGQ0initStep = false (refit), or the gradient-based stage 2 (which moves θ and φ as cheaply
  // as β): no stage-1 search, one evaluation at the start values for β and the whitening.
  const optName = opts.optimizer ?? opts.control?.optimizer;
  const useGradient = gradientApplies(lw, optName);
  const s1 = opts.nAGQ0initStep === false || useGradient ? { x: x10, feval: 1 } : run(f1, x10, {
    lower: [...layout.lower, ...parLower], upper: [...layout.upper, ...parUpper],
    steps: [...Array(nth).fill(0.1), ...Array(np).fill(0.5)], maxfun: 100000, ftolAbs: 1e-8, xtolAbs: 1e-4,
  });
  const x1 = Float64Array.from(s1.x);
  f1(x1);
  if (!useGradient) {
    checkPoissonLimit(lf, f1, x1, nth, work);
    f1(x1); // the state at the stage-1 optimum (the check may have moved it)
  }
  const b1 = opts.start?.fixef ? Float64Array.from(opts.start.fixef) : Float64Array.from(work.beta);
  const Linv = stage1Linv(work);

  // Stage 2: (θ, z, φ) with β = β₁ + L⁻ᵀz.
  const n2 = nth + p + np;
  const lower = new Float64Array(n2).fill(-Infinity), upper = new Float64Array(n2).fill(Infinity);
  lower.set(layout.lower); upper.set(layout.upper); lower.set(parLower, nth + p); upper.set(parUpper, nth + p);
  const f2 = (x: Float64Array) => laplaceDeviance(lw, x.subarray(0, nth), x.subarray(nth, nth + p), x.subarray(nth + p));
  const toX = whitenedMap(nth, b1, Linv);
  const scratch = new Float64Array(n2);
  const z0 = new Float64Array(n2);
  z0.set(x1.subarray(0, nth)); z0.set(x1.subarray(nth), nth + p);
  const steps = new Float64Array(n2).fill(1);
  steps.fill(0.1, 0, nth); steps.fill(0.2, nth + p);
  // The exact gradient and a quasi-Newton method when they apply (glmmTMB's way), else BOBYQA.
  const obj = useGradient ? laplaceObjective(lw, nth, p, np) : null;
  let s2: { x: Float64Array; fval: number; feval: number; code: number; message: string };
  if (obj) {
    const r = gradientStage2(obj, toX, Linv, nth, p, z0, lower, upper);
    s2 = { x: r.x, fval: r.fval, feval: r.feval, code: r.code, message: r.message };
    // No gradient somewhere (the deviance not finite, or H not positive definite): BOBYQA from there.
    if (r.code === 2) {
      const b = run((z) => f2(toX(z, scratch)), Float64Array.from(r.x), { lower, upper, steps, maxfun: 100000, ftolAbs: 1e-8 });
      s2 = { ...b, feval: r.feval + b.feval, message: `${r.message}; then ${b.message}` };
    }
  } else s2 = run((z) => f2(toX(z, scratch)), z0, { lower, upper, steps, maxfun: 100000, ftolAbs: 1e-8 });
  // Zero-inflation coefficients are poorly scaled against the whitened β (a flat logit when p is
  // small), and so are dispersion-model coefficients (genpois + dispformula stopped 7e-7 short
  // of glmmTMB's logLik): BOBYQA stops early; restarts from its optimum with fresh trust regions
  // until the deviance gains less than 1e-6 (at most 4 restarts). The gradient path needs none.
  if (!obj && (("zi" in lf && (lf as { zi: unknown }).zi) || ("disp" in lf && (lf as { disp: unknown }).disp))) {
    for (let k = 0; k < 4; k++) {
      const again = run((z) => f2(toX(z, scratch)), Float64Array.from(s2.x), { lower, upper, steps: steps.map((v) => v / 4), maxfun: 100000, ftolAbs: 1e-9 });
      const gain = s2.fval - again.fval;
      s2 = { ...again, feval: s2.feval + again.feval };
      if (!(gain > 1e-6)) break;
    }
  }
  const x = toX(s2.x, new Float64Array(n2));
  for (let i = 0; i < nth; i++) if (x[i]! < lower[i]!) x[i] = lower[i]!;
  let dev = f2(x);
  const par = x.slice(nth + p);
  const ziWarning = ziVanishes(lf, par, y.length);
  if (ziWarning) warnings.push(ziWarning);
  checkPoissonLimit(lf, f2, x, nth + p, work);
  dev = f2(x);

  // Standard errors and the convergence check from the Hessian of the deviance in (θ, β, φ).
  let vcov: Float64Array | null = null, parSe: Float64Array | null = null;
  const convWarnings: string[] = [];
  if ((opts.calcDerivs ?? opts.control?.calcDerivs) !== false) {
    const h = (obj ? gradientHessian(obj, x, lower, upper) : null) ?? interiorHessian(f2, x, lower, upper) ?? deriv12(f2, x, { lower, upper });
    // 2[H⁻¹] over all of (θ, β, φ): the β block is vcov(β), the φ diagonal gives φ's standard errors.
    const inv = invertSPD(h.hessian, n2);
    if (inv) {
      vcov = new Float64Array(p * p);
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) vcov[i + j * p] = 2 * inv[nth + i + (nth + j) * n2]!;
      parSe = Float64Array.from({ length: np }, (_, k) => Math.sqrt(2 * inv[(nth + p + k) * (n2 + 1)]!));
    }
    if (!vcov) warnings.push(hessianNotPD());
    const ctol = convTol(undefined, opts.control);
    const free = [...Array(n2).keys()].filter((i) => !(i < nth && x[i]! - lower[i]! < 1e-4));
    const maxg = Math.max(0, ...free.map((i) => Math.abs(h.gradient[i]!)));
    if (ctol !== null && maxg > ctol) {
      const scaled = scaledGradient(h, free, n2);
      if (scaled !== null && scaled > ctol) convWarnings.push(convergenceGradient(scaled, ctol));
    }
    dev = f2(x); // leaves the modes and factor at the optimum
  }
  const theta = x.slice(0, nth), beta = x.slice(nth, nth + p);
  const view = lf.glmView(par, information === "expected" && lf.name === "nbinom2" ? undefined : lf.name);
  finalState(lw, view);
  const optinfo: OptSummary = {
    optimizer: obj ? "quasi-Newton" : opts.optimizer ?? "bobyqa", initial: x10, final: Float64Array.from(x),
    lower, upper, feval: s1.feval + s2.feval, fmin: dev, returnCode: s2.code, message: s2.message, timeMs: performance.now() - t0, warnings: convWarnings,
  };
  const makeDevfun = () => {
    const w2 = allocGlmm(view, input.terms, pat, input.X, p, y, wt, resp.n, input.offset);
    const lw2 = laplaceWork(w2, lf, information);
    return (tb: Float64Array) => laplaceDeviance(lw2, tb.subarray(0, nth), tb.subarray(nth), par);
  };
  return new GlmerMod({
    input, family: view, nAGQ: 1, work, theta, beta, deviance: dev, thetaNames: layout.names, optinfo, warnings,
    vcovFromHessian: vcov, response: resp, makeDevfun, lower: layout.lower, restartEta: work.eta, options: opts,
    laplace: { family: lf, par, parSe, information },
  });
}

/**
 * Throws "the data look poisson" when the family's parameters in x (from index `at`; the
 * workspace's η is at x) are near the Poisson limit and the objective f there is no better than at
 * the limit itself (within 1e-4 in deviance): the estimate of the dispersion is running to its
 * bound, not an interior optimum. Leaves the workspace's state at the limit when it returns.
 */
function checkPoissonLimit(lf: LaplaceFamily, f: (x: Float64Array) => number, x: Float64Array, at: number, work: LaplaceWork["w"]): void {
  const par = x.slice(at);
  lf.link.linkinvInto(work.eta, work.mu);
  if (!lf.poissonLimit(par, work.mu)) return;
  const fx = f(x), xl = Float64Array.from(x);
  xl.set(lf.poissonPar(), at);
  if (f(xl) <= fx + 1e-4) throw looksPoisson(lf.name, `${lf.params.map((q, k) => `${q.name} = ${par[k]!.toFixed(2)}`).join(", ")}, dispersion ${lf.dispersion(par).toPrecision(4)}`);
}

/** β⁽⁰⁾: the intercept at the link of the weighted mean response when X has a column of ones, else 0. */
function initialBeta(work: LaplaceWork["w"], input: MixedModelInput, y: Float64Array, wt: Float64Array, lf: LaplaceFamily): void {
  work.beta.fill(0);
  work.u.fill(0);
  const n = y.length;
  let sw = 0, sy = 0;
  for (let i = 0; i < n; i++) { sw += wt[i]!; sy += wt[i]! * y[i]!; }
  for (let j = 0; j < input.p; j++) {
    let ones = true;
    for (let i = 0; i < n && ones; i++) if (input.X[j * n + i] !== 1) ones = false;
    if (ones) { work.beta[j] = startIntercept(lf, sy / sw); return; }
  }
}

/** μ, V(μ) and the deviance residuals of the GLM view at the final η (the fitted model copies them). */
export function finalState(lw: LaplaceWork, view: ReturnType<LaplaceFamily["glmView"]>): void {
  const w = lw.w;
  view.link.linkinvInto(w.eta, w.mu);
  view.link.muEtaInto(w.eta, w.muEta);
  view.varianceInto(w.mu, w.vari);
  view.devResidsInto(w.y, w.mu, w.wt, w.dres);
}

/** The link of the mean response, kept inside the link's domain (log: > 0; logit: in (0, 1)). */
function startIntercept(lf: LaplaceFamily, mean: number): number {
  const name = lf.link.name;
  if (name === "log") return Math.log(Math.max(mean, 1e-8));
  if (name === "logit") return lf.link.linkfun(Math.min(Math.max(mean, 1e-8), 1 - 1e-8));
  return lf.link.linkfun(mean);
}
