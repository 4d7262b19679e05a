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
import { groupRanef, type RanefGroup } from "./ranef.js";
import { predictMixed, type PredictOptions } from "./predict.js";
import { lmerSummary, type LmerSummary } from "./summary.js";
import { formatSummary } from "../display/summaryText.js";
import { summaryHtml } from "../display/html.js";
import { MIME_BUNDLE, withDisplay, type MimeBundle } from "../display/mime.js";
import { displayRanef, displaySummary, displayVarCorr } from "../display/resultDisplay.js";
import { LmeError } from "../messages/error.js";
import { fitLmm, type LmerOptions } from "../lmm/lmer.js";
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
  readonly options: object;
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
  private readonly b: Float64Array[];
  private readonly u: Float64Array;
  private readonly unscaledVcov: Float64Array;
  private readonly mlDeviance: number;
  private readonly options: object;

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
    return displayRanef(groupRanef(this.input.terms, this.b, opts.condVar ? this.condVarOnce() : undefined));
  }

  /** Per-level coefficients: fixed effects plus the level's conditional modes (lme4's `coef`). */
  coef(): { group: string; levels: readonly string[]; names: string[]; values: number[][] }[] {
    const fe = this.fixef();
    return this.ranef().map((g) => {
      const names = [...this.fixefNames];
      const values = g.levels.map((_, l) =>
        names.map((nm) => fe[nm] + g.names.reduce((s, rn, c) => (rn === nm ? s + g.values[l][c] : s), 0)),
      );
      return { group: g.group, levels: g.levels, names, values };
    });
  }

  /** Variance components: per term sds and correlations, scaled by σ (lme4's VarCorr). */
  readonly VarCorr = once((): VarCorrBlock[] => displayVarCorr(varCorrAt(this.input.terms, this.theta, this.sigma), this));

  /** Log-likelihood at the optimum: the REML log-likelihood for a REML fit (as lme4). */
  logLik(): number {
    return -this.criterion / 2;
  }
  REMLcrit(): number {
    if (!this.REML) throw new LmeError("usage", "REMLcrit() is for REML fits; this model was fitted by ML: use deviance()");
    return this.criterion;
  }
  /** −2 log-likelihood (ML); for a REML fit, the ML deviance at the REML estimates (as lme4). */
  deviance(): number {
    return this.mlDeviance;
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

  /** Residuals: "response" (y − ŷ, default) or "pearson" (√w (y − ŷ)), as lme4. */
  residuals(opts: { type?: "response" | "pearson" | "working" | "deviance" } = {}): Float64Array {
    const f = this.fitted(), w = this.input.weights, n = this.nobs;
    const r = new Float64Array(n);
    const type = opts.type ?? "response";
    for (let i = 0; i < n; i++) {
      r[i] = this.y[i] - f[i];
      if (type !== "response" && type !== "working" && w) r[i] *= Math.sqrt(w[i]);
    }
    return r;
  }

  /** Predictions for the model's data or `newdata`; see PredictOptions. */
  predict(opts: PredictOptions = {}): Float64Array {
    if (!opts.newdata && opts.reForm === undefined) return this.fitted().slice();
    return predictMixed(this.input, this.beta, this.b, opts);
  }

  /** The profiled objective at θ (lme4's devFunOnly), on the fit's data and criterion. */
  objective(theta: ArrayLike<number>): number {
    if (theta.length !== this.theta.length)
      throw new LmeError("usage", `theta must have ${this.theta.length} values (${this.thetaNames.join(", ")})`);
    this.work ??= allocFactor(this.cp, this.input.terms);
    return lmmObjective(this.work, theta, this.REML);
  }
  private work?: LmmFactor;

  /** Refits the same model to a new response (lme4's `refit`), starting from θ̂. */
  refit(newResponse: ArrayLike<number>): LmerMod {
    if (newResponse.length !== this.nobs)
      throw new LmeError("usage", `refit: the new response has ${newResponse.length} values, the model has ${this.nobs} observations`);
    return fitLmm(this.input, { ...(this.options as LmerOptions), start: this.theta }, Float64Array.from(newResponse));
  }

  /** Refits with changed options (e.g. `{ REML: false }`), on the same data and formula. */
  update(opts: LmerOptions): LmerMod {
    return fitLmm(this.input, { ...(this.options as LmerOptions), ...opts });
  }

  /**
   * Summary data (render with `toString()` or the display module). With `ddf`, the fixed-effects
   * table gets denominator df and p-values by Satterthwaite's (lmerTest) or Kenward–Roger's
   * (pbkrtest; REML fits) method.
   */
  summary(opts: { ddf?: DdfMethod } = {}): LmerSummary {
    return displaySummary(opts.ddf ? summaryWithDdf(this, opts.ddf) : lmerSummary(this));
  }
  toString(): string {
    return formatSummary(this.summary());
  }
  /** Rich display in notebooks: the summary as text and HTML. */
  [MIME_BUNDLE](): MimeBundle {
    const s = this.summary();
    return { "text/plain": formatSummary(s), "text/html": summaryHtml(s) };
  }
}
withDisplay(LmerMod.prototype); // Deno's Symbol.for("Jupyter.display") too

export type { DataInput };
