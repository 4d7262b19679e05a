/**
 * Population-level predictions with standard errors and Wald intervals (lme4 ≥ 1.1-35's
 * `predict(se.fit = TRUE)`, ggeffects' `ggpredict(type = "fixed")`): for design rows x of the new
 * data (or the model's rows), η = xᵀβ̂ (+ offset), SE(η) = √(xᵀ V x) with V = vcov(β̂) (the
 * uncertainty of the fixed effects only; conditional on θ̂). Intervals: η ± q SE with q the t
 * quantile on the model's residual df (nobs − number of parameters, as ggeffects) for LMMs and the
 * normal quantile for GLMMs. On the response scale of a GLMM: μ = g⁻¹(η), SE(μ) = |dμ/dη| SE(η)
 * (delta method) and the interval is g⁻¹ of the link-scale interval (as ggeffects).
 * Caveat: random effects are not part of these SEs, so `reForm` must be population level (null).
 */
import type { LmerMod } from "./lmerMod.js";
import type { GlmerMod } from "./glmerMod.js";
import type { DataInput } from "../data/types.js";
import { toFrame } from "../data/index.js";
import { evaluateNumeric } from "../formula/index.js";
import { LmeError } from "../messages/error.js";
import { resultsMsg } from "../messages/results.js";
import { qtUpper } from "../inference/distributions.js";

/** Options of predictions with standard errors. */
export interface PredictSeOptions {
  readonly newdata?: DataInput;
  /** Must be population level: null, "NA" or "~0" (default here: null). */
  readonly reForm?: null | string;
  readonly seFit?: boolean;
  /** "confidence" adds lower/upper limits ("none": only SEs). */
  readonly interval?: "none" | "confidence";
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /** GLMMs: "link" (default) or "response". */
  readonly type?: "link" | "response";
  readonly allowNewLevels?: boolean;
}

/** Predictions with standard errors (plain typed arrays; `lower`/`upper` with an interval). */
export interface PredictionWithSe {
  readonly fit: Float64Array;
  readonly seFit: Float64Array;
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
  readonly level: number;
  /** The df of the interval's quantile (Infinity for GLMMs). */
  readonly df: number;
  readonly type: "link" | "response";
}

/** Predictions with SEs (see the module comment). */
export function predictWithSe(m: LmerMod | GlmerMod, opts: PredictSeOptions): PredictionWithSe {
  const rf = opts.reForm === undefined ? null : opts.reForm;
  if (!(rf === null || rf === "NA" || (typeof rf === "string" && rf.replace(/\s/g, "") === "~0")))
    throw new LmeError("usage", resultsMsg.seFitReForm);
  const level = opts.level ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new LmeError("usage", resultsMsg.badLevel(level));
  const interval = opts.interval ?? "none";
  if (interval !== "none" && interval !== "confidence") throw new LmeError("usage", resultsMsg.badInterval(interval));
  const type = opts.type ?? "link";
  if (type !== "link" && type !== "response") throw new LmeError("usage", resultsMsg.badType(type));
  const inp = m.input;
  const frame = opts.newdata ? toFrame(opts.newdata) : inp.mf.frame;
  const n = frame.nrow, p = inp.p;
  const Xfull = inp.fixedDesign.matrix(frame);
  const V = m.vcov().matrix;
  const eta = new Float64Array(n), se = new Float64Array(n);
  const x = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    inp.keep.forEach((col, j) => (x[j] = Xfull[i + col * n]));
    let e = 0, v = 0;
    for (let a = 0; a < p; a++) {
      e += x[a] * m.beta[a];
      let r = 0;
      for (let b = 0; b < p; b++) r += V[a][b] * x[b];
      v += x[a] * r;
    }
    eta[i] = e;
    se[i] = Math.sqrt(v);
  }
  if (!opts.newdata) {
    if (inp.offset) for (let i = 0; i < n; i++) eta[i] += inp.offset[i];
  } else
    for (const ex of inp.formula.offsets) {
      const o = evaluateNumeric(ex, frame);
      for (let i = 0; i < n; i++) eta[i] += o[i];
    }
  const df = m.kind === "lmerMod" ? m.nobs - m.df : Infinity;
  const q = qtUpper((1 - level) / 2, df);
  let lower: Float64Array | undefined, upper: Float64Array | undefined;
  if (interval === "confidence") {
    lower = eta.map((e, i) => e - q * se[i]);
    upper = eta.map((e, i) => e + q * se[i]);
  }
  if (type === "response" && m.kind === "glmerMod") {
    const link = m.family.link;
    const fit = eta.map((e) => link.linkinv(e));
    const seR = eta.map((e, i) => Math.abs(link.muEta(e)) * se[i]);
    if (lower && upper) {
      const lo = lower.map((v) => link.linkinv(v)), hi = upper.map((v) => link.linkinv(v));
      lower = lo.map((v, i) => Math.min(v, hi[i]));
      upper = hi.map((v, i) => Math.max(v, lo[i]));
    }
    return { fit, seFit: seR, lower, upper, level, df, type };
  }
  return { fit: eta, seFit: se, lower, upper, level, df, type: m.kind === "glmerMod" ? "link" : type };
}
