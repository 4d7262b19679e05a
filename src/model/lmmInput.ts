/**
 * Everything a linear mixed model needs from formula + data, built once: the model frame,
 * response, fixed-effects matrix (rank-checked), offset, prior weights and random-effects terms.
 */
import type { DataInput, Frame } from "../data/types.js";
import type { ParsedFormula } from "../formula/types.js";
import { parseFormula, requireRandomTerms, evaluateColumn, evaluateNumeric } from "../formula/index.js";
import { modelFrame, type ModelFrame } from "./frame.js";
import { buildFixedDesign, dropRankDeficient, type FixedDesign } from "./fixed.js";
import { buildReTerms, type ReTerm } from "./random.js";
import { checkScale } from "./scale.js";
import { getColumn } from "../data/index.js";
import {
  badWeights, nonFinite, offsetLength, rankDeficient, responseInTerm, responseNotNumeric, responseOnRhsDropped, weightsAllZero, weightsOverflow, weightsScale,
  zeroWeightsLeftOut,
} from "../messages/model.js";
import { LmeError } from "../messages/error.js";

export interface MixedModelInput {
  readonly formula: ParsedFormula;
  readonly mf: ModelFrame;
  readonly y: Float64Array;
  /** n×p column-major, aliased columns removed. */
  readonly X: Float64Array;
  readonly p: number;
  readonly fixedNames: readonly string[];
  readonly fixedDesign: FixedDesign;
  /** Indices (into fixedDesign.names) of the kept columns. */
  readonly keep: Int32Array;
  readonly droppedColumns: readonly string[];
  readonly offset: Float64Array | null;
  readonly weights: Float64Array | null;
  readonly terms: readonly ReTerm[];
  readonly warnings: readonly string[];
}

export interface InputOptions {
  /** A column name or one weight per input row. */
  readonly weights?: string | ArrayLike<number> | null;
  /** One offset per input row (added to any `offset()` in the formula). */
  readonly offset?: ArrayLike<number> | null;
  /** lme4's check that each grouping factor has fewer levels than observations (off for glmer). */
  readonly checkLevels?: boolean;
  /** Evaluates the response: numeric by default; glmer supplies its own. */
  readonly numericResponse?: boolean;
  /** Input rows left out of the model frame (lmer's zero-weight rows; set by buildInput itself). */
  readonly excludeRows?: ReadonlySet<number>;
  /** More data columns the model uses (glmmTMB's ziformula / dispformula variables): kept in the model frame's complete cases. */
  readonly extraVariables?: readonly string[];
}

/** Parses (if needed) and builds the model input. */
export function buildInput(formula: string | ParsedFormula, data: DataInput, opts: InputOptions = {}): MixedModelInput {
  if (typeof formula === "string" && formula.trim() === "")
    throw new LmeError("formula", "the formula is empty: give one like \"y ~ x + (1 | g)\"");
  const f0 = typeof formula === "string" ? parseFormula(formula) : formula;
  requireRandomTerms(f0);
  if (!f0.response) throw new LmeError("formula", `the formula '${f0.source}' has no response: write it as "response ~ terms"`);
  const warnings: string[] = [];
  const f = withoutResponseTerm(f0, warnings);
  const wcol = typeof opts.weights === "string" ? [opts.weights] : [];
  const mf = modelFrame(f, data, [...wcol, ...(opts.extraVariables ?? [])], opts.excludeRows);
  const frame = mf.frame;
  const n = frame.nrow;
  if (mf.nDropped > 0) warnings.push(`${mf.nDropped} observation${mf.nDropped === 1 ? "" : "s"} deleted due to missingness`);

  let y: Float64Array = new Float64Array(0);
  if (opts.numericResponse !== false) {
    const response = f0.response;
    const rc = response.type === "var" ? evaluateColumn(response, frame, f.responseLabel ?? undefined) : null;
    if (rc && rc.kind === "factor") throw responseNotNumeric(f.responseLabel ?? "response");
    y = evaluateNumeric(response, frame);
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw nonFinite(`the response '${f.responseLabel}'`, mf.rowText(mf.rows[i]));
    checkScale(y, n, [f.responseLabel ?? "response"], "the response");
  }

  const fixedDesign = buildFixedDesign(f.fixed, frame);
  const X0 = fixedDesign.matrix(frame);
  for (let i = 0; i < X0.length; i++)
    if (!Number.isFinite(X0[i])) throw nonFinite(`fixed-effects column '${fixedDesign.names[Math.floor(i / n)]}'`, mf.rowText(mf.rows[i % n]));
  checkScale(X0, n, fixedDesign.names, "the fixed-effects column");
  const rk = dropRankDeficient(X0, n, fixedDesign.p, fixedDesign.names);
  if (rk.dropped.length > 0) warnings.push(rankDeficient(rk.dropped));

  let offset: Float64Array | null = null;
  for (const e of f.offsets) {
    const o = evaluateNumeric(e, frame);
    offset = offset ?? new Float64Array(n);
    for (let i = 0; i < n; i++) offset[i] += o[i];
  }
  if (opts.offset) {
    if (opts.offset.length !== mf.nInput) throw offsetLength(opts.offset.length, mf.nInput);
    offset = offset ?? new Float64Array(n);
    for (let i = 0; i < n; i++) offset[i] += Number(opts.offset[mf.rows[i]]);
  }
  if (offset) for (let i = 0; i < n; i++) if (!Number.isFinite(offset[i])) throw nonFinite("the offset", mf.rowText(mf.rows[i]));

  let weights: Float64Array | null = null;
  if (opts.weights != null) {
    weights = new Float64Array(n);
    if (typeof opts.weights === "string") {
      const c = getColumn(frame, opts.weights);
      if (c.kind !== "numeric") throw new LmeError("data", `weights column '${opts.weights}' is not numeric`);
      weights.set(c.values);
    } else {
      if (opts.weights.length !== mf.nInput)
        throw new LmeError("data", `weights has length ${opts.weights.length} but the data has ${mf.nInput} rows`);
      for (let i = 0; i < n; i++) weights[i] = Number(opts.weights[mf.rows[i]]);
    }
    const wname = typeof opts.weights === "string" ? opts.weights : "weights";
    for (let i = 0; i < n; i++)
      if (!(Number.isFinite(weights[i]) && weights[i] >= 0)) throw badWeights(wname, mf.rows[i], weights[i]);
    checkWeightScale(wname, weights, rk.X, opts.numericResponse !== false ? y : null);
  }

  // An LMM observation with prior weight 0 has infinite residual variance: it carries no
  // information, and counting it in n (as lme4 does, whose log-likelihood is then NA) would bias
  // σ and θ. Such rows are left out, as R's lm leaves them out of the degrees of freedom.
  if (weights && opts.numericResponse !== false && !opts.excludeRows) {
    const zero = new Set<number>();
    for (let i = 0; i < n; i++) if (weights[i] === 0) zero.add(mf.rows[i]!);
    if (zero.size > 0) {
      const input = buildInput(formula, data, { ...opts, excludeRows: zero });
      return { ...input, warnings: [...input.warnings, zeroWeightsLeftOut(zero.size)] };
    }
  }

  const terms = buildReTerms(f.random, frame, { checkLevels: opts.checkLevels });
  for (const t of terms)
    for (let i = 0; i < t.z.length; i++)
      if (!Number.isFinite(t.z[i])) throw nonFinite(`random-effects column '${t.names[Math.floor(i / n)]}' of term '${t.group}'`, mf.rowText(mf.rows[i % n]));
  return {
    formula: f, mf, y, X: rk.X, p: rk.p, fixedNames: rk.names, fixedDesign, keep: rk.keep,
    droppedColumns: rk.dropped, offset, weights, terms, warnings,
  };
}

/**
 * The formula without a fixed term that is the response itself (R's model.matrix drops it with a
 * warning, and lme4 fits the model without it; the warning goes to `warnings`). The response inside
 * an interaction or a random-effects term is an error: R keeps a meaningless column there.
 */
function withoutResponseTerm(f: ParsedFormula, warnings: string[]): ParsedFormula {
  const resp = f.responseLabel;
  if (!resp) return f;
  const hasResp = (t: { vars: readonly { label: string }[] }) => t.vars.some((v) => v.label === resp);
  for (const t of f.fixed.terms) if (t.vars.length > 1 && hasResp(t)) throw responseInTerm(resp, t.label, "fixed");
  for (const r of f.random) {
    for (const t of r.lhs.terms) if (hasResp(t)) throw responseInTerm(resp, `${t.label} | ${r.groupLabel}`, "random");
    if (r.groups.some((g) => g.label === resp)) throw responseInTerm(resp, `... | ${r.groupLabel}`, "random");
  }
  const terms = f.fixed.terms.filter((t) => !hasResp(t));
  if (terms.length === f.fixed.terms.length) return f;
  warnings.push(responseOnRhsDropped());
  return { ...f, fixed: { ...f.fixed, terms } };
}

/** Largest Σ wᵢ (yᵢ² + Σⱼ xᵢⱼ²) accepted: beyond it the cross products lose their square roots' range. */
const MAX_WEIGHTED_SS = 1e200;
/**
 * Range of the mean prior weight accepted by lmer: with weights c·w, σ scales by √c and the
 * relative covariance factor θ by 1/√c, so far from 1 θ̂ drifts to where the optimizer mistakes it
 * for the boundary or never reaches it (measured on sleepstudy: correct for mean weights 1e-12 to
 * 10^4.5; 1e5 is off by 0.2% in θ, 10^5.5 returns a singular fit with logLik −946.8 instead of
 * −893.2; lme4 fails from 1e6).
 */
export const LMER_WEIGHT_SCALE = { min: 1e-10, max: 1e4 } as const;

/**
 * Prior weights that carry information and whose weighted sums of squares stay finite: all zero is
 * an error (nothing to fit), and so is Σ wᵢ (yᵢ² + Σⱼ xᵢⱼ²) above `MAX_WEIGHTED_SS` (the cross
 * products overflow and the estimates come out NaN or wrong). With a response (`y`, lmer) the mean
 * positive weight must also lie in `LMER_WEIGHT_SCALE`. `y` is null for glmer.
 */
function checkWeightScale(name: string, w: Float64Array, X: Float64Array, y: Float64Array | null): void {
  const n = w.length;
  let total = 0, max = 0, sum = 0, npos = 0;
  for (let i = 0; i < n; i++) {
    let ss = y ? y[i] * y[i] : 1;
    for (let j = i; j < X.length; j += n) ss += X[j] * X[j];
    total += w[i] * ss;
    if (w[i] > max) max = w[i];
    if (w[i] > 0) { sum += w[i]; npos++; }
  }
  if (max === 0) throw weightsAllZero(name);
  if (!(total <= MAX_WEIGHTED_SS)) throw weightsOverflow(name, max);
  const mean = sum / npos;
  if (y && !(mean >= LMER_WEIGHT_SCALE.min && mean <= LMER_WEIGHT_SCALE.max)) throw weightsScale(name, mean, LMER_WEIGHT_SCALE.min, LMER_WEIGHT_SCALE.max);
}

/** The frame of the model (complete cases). */
export const inputFrame = (m: MixedModelInput): Frame => m.mf.frame;
