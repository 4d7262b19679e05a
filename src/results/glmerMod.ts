/**
 * The fitted generalized linear mixed model: immutable results (copied out of the PIRLS
 * workspace at the optimum) and their accessors.
 */
import type { MixedModelInput } from "../model/lmmInput.js";
import type { Family } from "../glmm/family/index.js";
import type { GlmerOptions } from "../glmm/glmer.js";
import type { GlmmWork } from "../glmm/pirls.js";
import type { GlmmResponse } from "../glmm/response.js";
import type { LaplaceFamily, Information } from "../glmm/family/laplaceTypes.js";
import { plsSolve, condVar } from "../lmm/solution.js";
import type { OptSummary } from "../optim/summary.js";
import type { VarCorrBlock } from "../covariance/index.js";
import { modesFromU, termFactors, ngrpsOf, isSingularAt, varCorrAt } from "./common.js";
import { groupRanef, coefOf, type CoefGroup, type RanefGroup } from "./ranef.js";
import { refitModel, updateModel, type UpdateData, type NewResponse } from "./update.js";
import { checkPredictOptions, checkRanefOptions, checkResidualOptions, checkSingularTol, checkSummaryOptions } from "./options.js";
import { predictMixed, type PredictOptions } from "./predict.js";
import { predictWithSe, type PredictSeOptions, type PredictionWithSe } from "./predictSe.js";
import { quantile7, type LmerSummary } from "./summary.js";
import { renderable, renderableClass, textOf } from "./renderable.js";
import { pnorm } from "../glmm/family/index.js";
import { separation } from "../messages/glmm.js";
import { checkOptions } from "../validate/index.js";
import { ddfNotForGlmm } from "../messages/inference.js";
import { zprobAt, extraModelBlocks, hasSingleDispersion, conditionalMeanInPlace } from "../glmm/laplace/extended.js";

export interface GlmerModInit {
  readonly input: MixedModelInput;
  readonly family: Family;
  readonly nAGQ: number;
  readonly work: GlmmWork;
  readonly theta: Float64Array;
  readonly beta: Float64Array;
  readonly deviance: number;
  readonly thetaNames: readonly string[];
  readonly optinfo: OptSummary;
  readonly warnings: readonly string[];
  /** 2[H⁻¹]_ββ from the deviance Hessian, or null (then the PIRLS factor's RX is used). */
  readonly vcovFromHessian: Float64Array | null;
  readonly response: GlmmResponse;
  /** Builds a fresh deviance function of (θ, β) (its own workspace). */
  readonly makeDevfun: () => (thetaBeta: Float64Array) => number;
  /** Lower bounds of θ. */
  readonly lower: Float64Array;
  /** The linear predictor every deviance evaluation's PIRLS restarts from (stage 1's). */
  readonly restartEta: Float64Array;
  /** The options of the fit (kept for update and refit). */
  readonly options: GlmerOptions;
  /** Fits of the general Laplace engine (negative binomial families): the family and its parameters. */
  readonly laplace?: LaplaceFit;
}

/**
 * What a fit of the general Laplace engine adds to a GLMM: the family with its own parameters
 * (e.g. log θ of nbinom2) estimated jointly with θ and β.
 */
export interface LaplaceFit {
  readonly family: LaplaceFamily;
  /** The family's parameters on the optimizer's scale (`family.params`). */
  readonly par: Float64Array;
  /** Their standard errors from the Hessian of the Laplace deviance (null if not computed or not positive definite). */
  readonly parSe: Float64Array | null;
  /** The information of the Laplace determinant: "observed" (glmmTMB) or "expected" (lme4's glmer.nb). */
  readonly information: Information;
}

/** Options of `GlmerMod.predict`: those of `PredictOptions` plus the scale (`type`: "link" or "response"). */
export interface GlmerPredictOptions extends PredictOptions {
  /**
   * "link" (η, default) or "response" (the mean of y: μ, or (1 − p)μ with zero-inflation), and
   * glmmTMB's "conditional" (μ, the mean of the conditional model; μ/(1 − f(0)) for a truncated
   * family) and "zprob" (p, the probability of a structural zero, or of a zero in a hurdle model;
   * of a structural zero; 0 without ziformula).
   */
  readonly type?: "link" | "response" | "conditional" | "zprob";
}

/**
 * A fitted generalized linear mixed model (lme4's `glmerMod`), returned by `glmer`: estimates,
 * Laplace / adaptive Gauss–Hermite log-likelihood, predictions on the link or response scale,
 * and `summary()` / `toString()` in lme4's layout.
 */
export class GlmerMod {
  readonly kind = "glmerMod" as const;
  readonly formula: string;
  readonly family: Family;
  readonly nAGQ: number;
  readonly nobs: number;
  readonly theta: Float64Array;
  readonly thetaNames: readonly string[];
  readonly beta: Float64Array;
  readonly fixefNames: readonly string[];
  /** 1 for binomial and Poisson; the estimated dispersion's square root otherwise. */
  readonly sigma: number;
  readonly optinfo: OptSummary;
  readonly warnings: readonly string[];
  readonly nDropped: number;
  /** −2 log-likelihood (full scale) at the optimum. */
  readonly criterion: number;
  readonly df: number;
  readonly input: MixedModelInput;
  readonly y: Float64Array;
  readonly priorWeights: Float64Array;
  /** Conditional modes b = Λu per term (ℓ_k × q_k, level-major); getME(m, "b") concatenates them. */
  readonly b: readonly Float64Array[];
  /** Spherical conditional modes u at the estimates (lme4's order: term by term, level-major). */
  readonly u: Float64Array;
  private readonly cv: Float64Array[];
  private readonly eta: Float64Array;
  private readonly mu: Float64Array;
  private readonly devRes: Float64Array;
  private readonly unscaledVcov: Float64Array;
  private readonly makeDevfun: () => (thetaBeta: Float64Array) => number;
  /** Lower bounds of θ (0 for standard-deviation-like parameters). */
  readonly thetaLower: Float64Array;
  /**
   * The linear predictor from which each deviance evaluation's PIRLS restarts (lme4 restarts
   * from the stage-1 fit): part of the definition of the deviance function that was minimized.
   */
  readonly restartEta: Float64Array;
  /** The options the model was fitted with (update and refit start from them). */
  readonly options: GlmerOptions;
  /** The Laplace engine's family and parameters (negative binomial fits), else null. */
  readonly laplace: LaplaceFit | null;

  constructor(init: GlmerModInit) {
    const { input, work } = init;
    this.input = input;
    this.options = init.options;
    this.makeDevfun = init.makeDevfun;
    this.thetaLower = Float64Array.from(init.lower);
    this.restartEta = Float64Array.from(init.restartEta);
    this.family = init.family;
    this.nAGQ = init.nAGQ;
    this.formula = input.formula.source;
    this.nobs = work.n;
    this.theta = Float64Array.from(init.theta);
    this.thetaNames = init.thetaNames;
    this.beta = Float64Array.from(init.beta);
    this.fixefNames = input.fixedNames;
    this.optinfo = init.optinfo;
    this.nDropped = input.mf.nDropped;
    this.criterion = init.deviance;
    this.y = Float64Array.from(init.response.y);
    this.priorWeights = Float64Array.from(init.response.weights);
    this.eta = Float64Array.from(work.eta);
    this.mu = Float64Array.from(work.mu);
    this.devRes = Float64Array.from(work.dres);
    // Conditional modes b = Λu from the workspace's u.
    this.u = Float64Array.from(work.u);
    this.b = modesFromU(input.terms, termFactors(input.terms, this.theta), work.u);
    // Dispersion of the families with a scale (lme4's sigmaML²): the penalized weighted residual
    // sum of squares over n, (Σ wᵢ (yᵢ − μᵢ)²/V(μᵢ) + ‖u‖²) / n.
    let disp = 1;
    if (this.family.hasScale) {
      let s = 0;
      for (let i = 0; i < this.nobs; i++) s += (this.priorWeights[i] * (this.y[i] - this.mu[i]) ** 2) / this.family.variance(this.mu[i]);
      for (let j = 0; j < work.u.length; j++) s += work.u[j] * work.u[j];
      disp = s / this.nobs;
    }
    this.sigma = Math.sqrt(disp);
    this.cv = condVar(work.fU, disp);
    // From the Hessian of the deviance (which carries the dispersion), else σ² (RXᵀRX)⁻¹ (lme4's vcov).
    this.unscaledVcov = init.vcovFromHessian ?? scaled(pirlsVcov(work), disp);
    this.laplace = init.laplace ?? null;
    this.df = input.p + init.theta.length + (this.family.hasScale ? 1 : 0) + (this.laplace?.par.length ?? 0);
    const w = [...init.warnings, ...init.optinfo.warnings];
    if (this.family.name === "binomial") {
      // glm's check: fitted probabilities numerically 0 or 1 signal (quasi-)complete separation.
      const eps = 10 * Number.EPSILON;
      let k = 0;
      for (let i = 0; i < this.nobs; i++) if (this.mu[i] < eps || this.mu[i] > 1 - eps) k++;
      if (k > 0) w.push(separation(k));
    }
    if (this.isSingular()) w.push("boundary (singular) fit: see isSingular()");
    this.warnings = w;
  }

  /**
   * The deviance (−2 log-likelihood, full scale, this fit's nAGQ) as a function of the
   * concatenated (θ, β), with its own workspace: for profiles and users (lme4's devFunOnly).
   */
  devianceFunction(): (thetaBeta: Float64Array) => number {
    return this.makeDevfun();
  }

  /**
   * The dispersion parameter as glmmTMB's `sigma(m)` reports it: θ of nbinom2 (Var = μ + μ²/θ),
   * φ of nbinom1 (Var = μ(1 + φ)); for the classic families lme4's `sigma(m)` (1 for binomial
   * and Poisson).
   */
  dispersion(): number {
    return this.laplace ? this.laplace.family.dispersion(this.laplace.par) : this.sigma;
  }
  fixef(): Record<string, number> {
    return Object.fromEntries(this.fixefNames.map((nm, i) => [nm, this.beta[i]]));
  }
  vcov(): { names: readonly string[]; matrix: number[][] } {
    const p = this.beta.length;
    return { names: this.fixefNames, matrix: Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => this.unscaledVcov[i + j * p])) };
  }
  se(): Record<string, number> {
    const v = this.vcov().matrix;
    return Object.fromEntries(this.fixefNames.map((nm, i) => [nm, Math.sqrt(v[i][i])]));
  }
  ranef(opts: { condVar?: boolean } = {}): RanefGroup[] {
    checkRanefOptions(opts);
    return renderable("ranef", groupRanef(this.input.terms, this.b, opts.condVar ? this.cv : undefined));
  }
  VarCorr(): VarCorrBlock[] {
    return renderable("varCorr", varCorrAt(this.input.terms, this.theta, this.family.hasScale ? this.sigma : 1), this);
  }
  logLik(): number {
    return -this.criterion / 2;
  }
  /**
   * lme4's `deviance()` for a GLMM: the sum of the squared deviance residuals at the conditional
   * modes (the conditional deviance, 73.47 for cbpp's model where −2 logLik is 184.05). The
   * criterion minimized is `-2 * logLik()`.
   */
  deviance(): number {
    let s = 0;
    for (let i = 0; i < this.nobs; i++) s += this.devRes[i];
    return s;
  }
  /** Residual degrees of freedom: n minus the number of parameters (lme4's `df.residual`). */
  dfResidual(): number {
    return this.nobs - this.df;
  }
  /** The first `k` fitted values and (deviance) residuals (the JSON report's heads). */
  heads(k: number): { fitted: number[]; residuals: number[] } {
    return { fitted: [...this.fitted().slice(0, k)], residuals: [...this.residuals().slice(0, k)] };
  }
  /** Prior weights (binomial with cbind(): the numbers of trials), as lme4's `weights(m)`. */
  weights(): Float64Array {
    return this.priorWeights.slice();
  }
  /** Per-level coefficients: fixed effects plus the level's conditional modes (lme4's `coef`). */
  coef(): CoefGroup[] {
    return coefOf(this.fixef(), this.ranef());
  }
  /** Refits the model to a new response on the family's scale or binomial [successes, failures] pairs (lme4's `refit`), from (θ̂, β̂). */
  refit(newResponse: NewResponse): GlmerMod {
    return refitModel(this, newResponse);
  }
  /**
   * lme4's `update`: a new formula by R's update rules, new options (`family`, `nAGQ`,
   * `weights`, ...), or both, refitted on the model's data.
   */
  update(formula?: string | (GlmerOptions & UpdateData), opts?: GlmerOptions & UpdateData): GlmerMod {
    return updateModel(this, formula, opts);
  }
  AIC(): number {
    return this.criterion + 2 * this.df;
  }
  BIC(): number {
    return this.criterion + Math.log(this.nobs) * this.df;
  }
  ngrps(): Record<string, number> {
    return ngrpsOf(this.input.terms);
  }
  isSingular(tol = 1e-4): boolean {
    checkSingularTol(tol);
    return isSingularAt(this.input.terms, this.theta, tol);
  }
  /** Fitted means μ̂ (response scale). */
  fitted(): Float64Array {
    return this.responseMean();
  }
  /** The mean of y per observation: μ, or (1 − p)μ for a zero-inflated fit (glmmTMB's fitted values); a truncated family's μ/(1 − f(0)) in place of μ. */
  private responseMean(): Float64Array {
    const zp = this.laplace ? zprobAt(this.laplace.family, this.laplace.par, null, this.nobs) : null;
    const m = this.mu.slice();
    if (this.laplace) conditionalMeanInPlace(this.laplace.family, this.laplace.par, m, true);
    return zp ? m.map((v, i) => (1 - zp[i]) * v) : m;
  }
  /** Residuals: "deviance" (default), "pearson", "response" or "working". */
  residuals(opts: { type?: "deviance" | "pearson" | "response" | "working" } = {}): Float64Array {
    checkResidualOptions(opts);
    const type = opts.type ?? "deviance", n = this.nobs, r = new Float64Array(n);
    // Per-observation variances: a dispersion or zero-inflation model's φᵢ and pᵢ enter them.
    const V = new Float64Array(n);
    this.family.varianceInto(this.mu, V);
    const mean = this.responseMean();
    for (let i = 0; i < n; i++) {
      const d = this.y[i] - mean[i];
      if (type === "response") r[i] = d;
      else if (type === "pearson") r[i] = (d * Math.sqrt(this.priorWeights[i])) / Math.sqrt(V[i]);
      else if (type === "working") r[i] = d / this.family.link.muEta(this.eta[i]);
      else r[i] = Math.sign(d) * Math.sqrt(Math.max(this.devRes[i], 0));
    }
    return r;
  }
  /**
   * Predictions on the link (default) or response scale, for the data or `newdata`. With
   * `seFit: true` or `interval: "confidence"`: population-level predictions with standard errors
   * (predictSe.ts).
   */
  predict(opts: PredictSeOptions & ({ seFit: true } | { interval: "confidence" })): PredictionWithSe;
  predict(opts?: GlmerPredictOptions): Float64Array;
  predict(opts: GlmerPredictOptions | PredictSeOptions = {}): Float64Array | PredictionWithSe {
    checkPredictOptions(opts, true);
    if ((opts as PredictSeOptions).seFit || (opts as PredictSeOptions).interval !== undefined) return predictWithSe(this, opts as PredictSeOptions);
    const eta = !opts.newdata && opts.reForm === undefined ? this.eta.slice() : predictMixed(this.input, this.beta, this.b, opts);
    if (opts.type === undefined || opts.type === "link") return eta;
    const zp = this.laplace ? zprobAt(this.laplace.family, this.laplace.par, opts.newdata ?? null, eta.length) : null;
    if (opts.type === "zprob") return zp ?? new Float64Array(eta.length);
    for (let i = 0; i < eta.length; i++) eta[i] = this.family.link.linkinv(eta[i]);
    if (this.laplace) conditionalMeanInPlace(this.laplace.family, this.laplace.par, eta, !opts.newdata);
    if (opts.type === "response" && zp) for (let i = 0; i < eta.length; i++) eta[i] *= 1 - zp[i];
    return eta;
  }
  /** Min, 1Q, median, 3Q, max (R's quantile type 7) of the Pearson residuals / σ, summary's first table. */
  scaledResidualQuantiles(): number[] {
    const r = this.residuals({ type: "pearson" }).map((x) => x / this.sigma).sort();
    return [0, 0.25, 0.5, 0.75, 1].map((p) => quantile7(r, p));
  }
  summary(opts?: { readonly ddf?: never }): LmerSummary {
    if (opts?.ddf !== undefined) throw ddfNotForGlmm(String(opts.ddf));
    checkOptions("summary", opts, {});
    const se = this.se();
    const v = this.vcov().matrix;
    const useZ = !this.family.hasScale;
    const fixed = this.fixefNames.map((name, i) => {
      const stat = this.beta[i] / se[name];
      return { name, estimate: this.beta[i], se: se[name], statistic: stat, ...(useZ ? { p: 2 * pnorm(-Math.abs(stat)) } : {}) };
    });
    return renderable("summary", {
      title: `Generalized linear mixed model fit by maximum likelihood (${this.nAGQ <= 1 ? "Laplace Approximation" : `Adaptive Gauss-Hermite Quadrature, nAGQ = ${this.nAGQ}`}) ['glmerMod']\n Family: ${this.family.name}  ( ${this.family.link.name} )`,
      formula: this.formula,
      REML: false,
      criterion: { AIC: this.AIC(), BIC: this.BIC(), logLik: this.logLik(), deviance: this.criterion, dfResid: this.nobs - this.df },
      scaledResiduals: this.scaledResidualQuantiles(),
      varcorr: this.VarCorr(),
      sigma: this.sigma,
      nobs: this.nobs,
      ngrps: this.ngrps(),
      fixed,
      statisticName: useZ ? "z value" : "t value",
      correlation: v.map((row, i) => row.map((x, j) => x / Math.sqrt(v[i][i] * v[j][j]))),
      warnings: this.warnings,
      nDropped: this.nDropped,
      ...(this.laplace && hasSingleDispersion(this.laplace.family) ? { dispersion: { family: this.laplace.family.name, value: this.dispersion() } } : {}),
      ...(this.laplace ? { extraModels: extraModelBlocks(this.laplace.family, this.laplace.par, this.laplace.parSe) } : {}),
    });
  }
  toString(): string {
    return textOf("glmerMod", this);
  }
  /** Rich display in notebooks: the summary as text and HTML. */
}
renderableClass("glmerMod", GlmerMod.prototype); // both display keys, rendered by display/register.ts

/** (RXᵀRX)⁻¹ from the nAGQ = 0 factor's fixed-effects block, refreshed at the final weights. */
function pirlsVcov(work: GlmmWork): Float64Array {
  return plsSolve(work.fUB).unscaledVcov;
}

function scaled(v: Float64Array, c: number): Float64Array {
  return c === 1 ? v : v.map((x) => x * c);
}
