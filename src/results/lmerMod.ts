/**
 * The fitted linear mixed model: immutable data plus accessors that compute derived values
 * once. Holds no mutable workspace: `objective(θ)` and `condVar` build their own.
 */
import type { DataInput } from "../data/types.js";
import type { MixedModelInput } from "../model/lmmInput.js";
import type { CrossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor, logDetL2, logDetRX2, pwrss, type LmmFactor } from "../lmm/factor.js";
import { lmmObjective } from "../lmm/objective.js";
import { plsSolve, condVar } from "../lmm/solution.js";
import type { OptSummary } from "../optim/summary.js";
import type { VarCorrBlock } from "../covariance/index.js";
import { ngrpsOf, isSingularAt, varCorrAt } from "./common.js";
import { groupRanef, coefOf, type CoefGroup, type RanefGroup } from "./ranef.js";
import { checkPredictOptions, checkRanefOptions, checkResidualOptions, checkSingularTol, checkSummaryOptions, checkRefitResponse } from "./options.js";
import { predictMixed, type PredictOptions } from "./predict.js";
import { predictWithSe, type PredictSeOptions, type PredictionWithSe } from "./predictSe.js";
import { lmerSummary, quantile7, type LmerSummary } from "./summary.js";
import { renderable, renderableClass, textOf } from "./renderable.js";
import { LmeError } from "../messages/error.js";
import type { LmerOptions } from "../lmm/lmer.js";
import { refitModel, updateModel, type UpdateData } from "./update.js";
import { summaryWithDdf, type DdfMethod } from "../inference/satterthwaite.js";

export interface LmerModInit {
  readonly input: MixedModelInput;
  readonly y: Float64Array;
  readonly REML: boolean;
  readonly cp: CrossProducts;
  /** The workspace, updated at θ̂; read in the constructor and not kept. */
  readonly factor: LmmFactor;
  readonly theta: Float64Array;
  readonly thetaNames: readonly string[];
  readonly optinfo: OptSummary;
  readonly options: LmerOptions;
}

const once = <T>(fn: () => T): (() => T) => {
  let done = false, v: T;
  return () => (done ? v! : ((v = fn()), (done = true), v));
};

/**
 * A fitted linear mixed model (lme4's `lmerMod`), returned by `lmer`: estimates (`fixef`, `ranef`,
 * `VarCorr`, `sigma`, θ), fit criteria (`logLik`, `AIC`, `BIC`, `REMLcrit`), predictions and
 * residuals, and `summary()` / `toString()` in lme4's layout.
 */
export class LmerMod {
  readonly kind = "lmerMod" as const;
  readonly formula: string;
  readonly REML: boolean;
  readonly nobs: number;
  readonly theta: Float64Array;
  readonly thetaNames: readonly string[];
  readonly beta: Float64Array;
  readonly fixefNames: readonly string[];
  /** Residual standard deviation σ̂. */
  readonly sigma: number;
  readonly optinfo: OptSummary;
  /** Messages of the fit (dropped rows, dropped columns, convergence, singularity). */
  readonly warnings: readonly string[];
  /** Rows of the input dropped for missing values. */
  readonly nDropped: number;
  /** The objective at θ̂: REML criterion or ML deviance. */
  readonly criterion: number;
  /** Number of parameters: p + nθ + 1 (σ). */
  readonly df: number;
  readonly input: MixedModelInput;
  readonly y: Float64Array;
  private readonly cp: CrossProducts;
  /** Conditional modes b = Λu per term (ℓ_k × q_k, level-major); getME(m, "b") concatenates them. */
  readonly b: readonly Float64Array[];
  /** Spherical conditional modes u (lme4's order: term by term, level-major). */
  readonly u: Float64Array;
  private readonly unscaledVcov: Float64Array;
  private readonly mlDeviance: number;
  /** The options the model was fitted with (update and refit start from them). */
  readonly options: LmerOptions;

  constructor(init: LmerModInit) {
    const { input, factor } = init;
    this.input = input;
    this.y = init.y;
    this.cp = init.cp;
    this.options = init.options;
    this.formula = input.formula.source;
    this.REML = init.REML;
    this.nobs = init.cp.n;
    this.theta = Float64Array.from(init.theta);
    this.thetaNames = init.thetaNames;
    this.optinfo = init.optinfo;
    this.nDropped = input.mf.nDropped;
    this.fixefNames = input.fixedNames;
    const sol = plsSolve(factor);
    this.beta = sol.beta;
    this.b = sol.b;
    this.u = sol.u;
    this.unscaledVcov = sol.unscaledVcov;
    const n = this.nobs, p = input.p, r2 = pwrss(factor);
    this.sigma = Math.sqrt(r2 / (this.REML ? n - p : n));
    const ldL2 = logDetL2(factor);
    this.mlDeviance = ldL2 + n * (1 + Math.log((2 * Math.PI * r2) / n)) - init.cp.logDetW;
    this.criterion = this.REML ? ldL2 + logDetRX2(factor) + (n - p) * (1 + Math.log((2 * Math.PI * r2) / (n - p))) - init.cp.logDetW : this.mlDeviance;
    this.df = p + init.theta.length + 1;
    const w = [...input.warnings, ...init.optinfo.warnings];
    if (this.isSingular()) w.push("boundary (singular) fit: see isSingular()");
    this.warnings = w;
  }

  /** Fixed-effects estimates β̂, named as R names them. */
  fixef(): Record<string, number> {
    return Object.fromEntries(this.fixefNames.map((nm, i) => [nm, this.beta[i]]));
  }

  /** vcov(β̂) = σ² (R_XᵀR_X)⁻¹ as nested arrays (row-major), with names. */
  readonly vcov = once(() => {
    const p = this.beta.length, s2 = this.sigma ** 2;
    const matrix = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => s2 * this.unscaledVcov[i + j * p]));
    return { names: this.fixefNames, matrix };
  });

  /** Standard errors of β̂. */
  se(): Record<string, number> {
    const v = this.vcov().matrix;
    return Object.fromEntries(this.fixefNames.map((nm, i) => [nm, Math.sqrt(v[i][i])]));
  }

  private readonly condVarOnce = once(() => {
    const f = allocFactor(this.cp, this.input.terms);
    updateFactor(f, this.theta);
    return condVar(f, this.sigma ** 2);
  });

  /** Conditional modes per grouping factor; `condVar` adds conditional sds (lme4's condVar = TRUE). */
  ranef(opts: { condVar?: boolean } = {}): RanefGroup[] {
    checkRanefOptions(opts);
    return renderable("ranef", groupRanef(this.input.terms, this.b, opts.condVar ? this.condVarOnce() : undefined));
  }

  /** Per-level coefficients: fixed effects plus the level's conditional modes (lme4's `coef`). */
  coef(): CoefGroup[] {
    return coefOf(this.fixef(), this.ranef());
  }

  /** Variance components: per term sds and correlations, scaled by σ (lme4's VarCorr). */
  readonly VarCorr = once((): VarCorrBlock[] => renderable("varCorr", varCorrAt(this.input.terms, this.theta, this.sigma), this));

  /** Log-likelihood at the optimum: the REML log-likelihood for a REML fit (as lme4). */
  logLik(): number {
    return -this.criterion / 2;
  }
  /**
   * The REML criterion: at convergence for a REML fit; for an ML fit, the REML criterion at the
   * ML estimates (as lme4's `REMLcrit`).
   */
  REMLcrit(): number {
    return this.REML ? this.criterion : this.objective(this.theta, true);
  }
  /**
   * lme4's `deviance(m, REML)`. ML fits: −2 log-likelihood. REML fits: by default the REML
   * criterion (lme4 1.1-31 returns REMLcrit there, with a deprecation warning); `{ REML: false }`
   * gives the ML deviance −2 logL(θ̂, β̂, σ̂) at the REML estimates (σ̂² = pwrss/n).
   */
  deviance(opts: { REML?: boolean } = {}): number {
    const REML = opts.REML ?? this.REML;
    return REML ? this.REMLcrit() : this.mlDeviance;
  }
  /** Residual degrees of freedom: n minus the number of parameters (lme4's `df.residual`). */
  dfResidual(): number {
    return this.nobs - this.df;
  }
  /** Prior weights (ones when the fit had none), as lme4's `weights(m)`. */
  weights(): Float64Array {
    return this.input.weights ? Float64Array.from(this.input.weights) : new Float64Array(this.nobs).fill(1);
  }
  AIC(): number {
    return this.criterion + 2 * this.df;
  }
  BIC(): number {
    return this.criterion + Math.log(this.nobs) * this.df;
  }
  /** Levels per grouping factor. */
  ngrps(): Record<string, number> {
    return ngrpsOf(this.input.terms);
  }
  /** lme4's rule: some Cholesky-diagonal θ within tol of its bound 0. */
  isSingular(tol = 1e-4): boolean {
    checkSingularTol(tol);
    return isSingularAt(this.input.terms, this.theta, tol);
  }

  /** Fitted values Xβ̂ + Zb̂ (+ offset). */
  readonly fitted = once((): Float64Array => {
    const { X, p, terms, offset } = this.input, n = this.nobs;
    const out = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      const bj = this.beta[j];
      for (let i = 0; i < n; i++) out[i] += X[i + j * n] * bj;
    }
    terms.forEach((t, k) => {
      const bk = this.b[k];
      for (let i = 0; i < n; i++) {
        const l = t.codes[i];
        for (let c = 0; c < t.q; c++) out[i] += t.z[i + c * n] * bk[l * t.q + c];
      }
    });
    if (offset) for (let i = 0; i < n; i++) out[i] += offset[i];
    return out;
  });

  /**
   * Min, 1Q, median, 3Q, max (R's quantile type 7) of the scaled residuals (Pearson / σ), the
   * first table of `summary()`. A model fitted from a database source computes them in the engine.
   */
  scaledResidualQuantiles(): number[] {
    const r = this.residuals({ type: "pearson" }).map((x) => x / this.sigma).sort();
    return [0, 0.25, 0.5, 0.75, 1].map((p) => quantile7(r, p));
  }

  /** The first `k` fitted values and response residuals (the JSON report's heads). */
  heads(k: number): { fitted: number[]; residuals: number[] } {
    return { fitted: [...this.fitted().slice(0, k)], residuals: [...this.residuals().slice(0, k)] };
  }

  /** Residuals: "response" (y − ŷ, default) or "pearson" (√w (y − ŷ)), as lme4. */
  residuals(opts: { type?: "response" | "pearson" | "working" | "deviance" } = {}): Float64Array {
    checkResidualOptions(opts);
    const f = this.fitted(), w = this.input.weights, n = this.nobs;
    const r = new Float64Array(n);
    const type = opts.type ?? "response";
    for (let i = 0; i < n; i++) {
      r[i] = this.y[i] - f[i];
      if (type !== "response" && type !== "working" && w) r[i] *= Math.sqrt(w[i]);
    }
    return r;
  }

  /**
   * Predictions for the model's data or `newdata`; see PredictOptions. With `seFit: true` or
   * `interval: "confidence"`: population-level predictions with standard errors (predictSe.ts).
   */
  predict(opts: PredictSeOptions & ({ seFit: true } | { interval: "confidence" })): PredictionWithSe;
  predict(opts?: PredictOptions): Float64Array;
  predict(opts: PredictOptions | PredictSeOptions = {}): Float64Array | PredictionWithSe {
    checkPredictOptions(opts, false);
    if ((opts as PredictSeOptions).seFit || (opts as PredictSeOptions).interval !== undefined) return predictWithSe(this, opts as PredictSeOptions);
    if (!opts.newdata && opts.reForm === undefined) return this.fitted().slice();
    return predictMixed(this.input, this.beta, this.b, opts);
  }

  /**
   * The profiled objective at θ (lme4's devFunOnly), on the fit's data; the fit's criterion
   * unless `REML` says which (REML criterion or ML deviance).
   */
  objective(theta: ArrayLike<number>, REML: boolean = this.REML): number {
    if (theta.length !== this.theta.length)
      throw new LmeError("usage", `theta must have ${this.theta.length} values (${this.thetaNames.join(", ")})`);
    this.work ??= allocFactor(this.cp, this.input.terms);
    return lmmObjective(this.work, theta, REML);
  }
  private work?: LmmFactor;

  /**
   * lme4's deviance components at θ̂ (log det L², log det R_X², pwrss) and R_X (p×p upper
   * triangular, column-major, R_XᵀR_X = the Schur complement of X in the PLS system), from a
   * fresh factor; for getME(m, "devcomp" | "RX").
   */
  readonly factorParts = once(() => {
    const f = allocFactor(this.cp, this.input.terms);
    updateFactor(f, this.theta);
    const p = this.input.p, P = f.cp.P, RX = new Float64Array(p * p);
    for (let j = 0; j < p; j++) for (let i = j; i < p; i++) RX[j + i * p] = f.Lxx[i + j * P];
    return { ldL2: logDetL2(f), ldRX2: logDetRX2(f), pwrss: pwrss(f), RX };
  });

  /** Refits the same model to a new response (lme4's `refit`), starting from θ̂. */
  refit(newResponse: ArrayLike<number>): LmerMod {
    checkRefitResponse(newResponse);
    return refitModel(this, newResponse);
  }

  /**
   * lme4's `update`: a new formula by R's update rules (`". ~ . - Days"`, `"log(.) ~ ."`), new
   * options, or both, refitted on the model's data: `m.update(". ~ . + (0 + Days | Subject)")`,
   * `m.update({ REML: false })`, `m.update(". ~ . - Days", { REML: false })`.
   */
  update(formula?: string | (LmerOptions & UpdateData), opts?: LmerOptions & UpdateData): LmerMod {
    return updateModel(this, formula, opts);
  }

  /**
   * Summary data (render with `toString()` or the display module). With `ddf`, the fixed-effects
   * table gets denominator df and p-values by Satterthwaite's (lmerTest) or Kenward–Roger's
   * (pbkrtest; REML fits) method.
   */
  summary(opts: { ddf?: DdfMethod } = {}): LmerSummary {
    checkSummaryOptions(opts);
    return renderable("summary", opts.ddf ? summaryWithDdf(this, opts.ddf) : lmerSummary(this));
  }
  toString(): string {
    return textOf("lmerMod", this);
  }
  /** Rich display in notebooks: the summary as text and HTML. */
}
renderableClass("lmerMod", LmerMod.prototype); // both display keys, rendered by display/register.ts

export type { DataInput };
