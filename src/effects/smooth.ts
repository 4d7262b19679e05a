/**
 * The estimated smooth of an `s(x, bs = "cr")` term with its Bayesian interval, as mgcv's
 * `plot.gam` / `predict.gam(type = "terms", se.fit = TRUE)` for a gamm4 fit.
 *
 * The smooth is f(x) = x_f(x) β_f + x_r(x)ᵀ b_s: its fixed (null-space) column with coefficient
 * `s(x)Fx1` and its random columns with the conditional modes b_s (model/smooth/basis.ts; the
 * basis is re-learned from the model frame, which gives the fitted functions exactly). It sums to
 * zero over the data (mgcv's centring constraint), on the link scale.
 *
 * Standard errors: SE f(x) = √(aᵀ V a) with a = (x_f(x), x_r(x)) and V the posterior covariance
 * of (β_f, b_s), mgcv's `Vp` block: for b ~ N(0, σ² ΛΛᵀ) and a flat prior on β, the inverse of
 * the joint precision of (β, u) (u = Λ⁻¹b), [XᵀWX, XᵀWZΛ; ΛᵀZᵀWX, ΛᵀZᵀWZΛ + I] / σ², mapped to
 * b_s = θ_s u_s. This marginalizes over the other random effects exactly as gamm4's
 * (Xᵀ V⁻¹ X + S)⁻¹ with V = σ²(W⁻¹ + Z_o Λ_o Λ_oᵀ Z_oᵀ) does. W: the prior weights (LMM) or
 * the working weights w μ′(η)²/V(μ) at the fit (GLMM; σ² = 1 unless the family has a scale).
 * Caveat: conditional on θ̂ (the smoothing variance), as mgcv's `Vp`; dense in the total number
 * of fixed and random effects (refused above `MAX_JOINT`).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { renderable } from "../results/renderable.js";
import { termFactors } from "../results/common.js";
import { requireFittedModel } from "../model/args.js";
import { learnSmooth, smoothColumns } from "../model/smooth/basis.js";
import { readSmooth } from "../formula/smooth.js";
import { deparse } from "../formula/deparse.js";
import { evaluateNumeric } from "../formula/evaluate.js";
import { cholLower } from "../inference/dense.js";
import { qtUpper } from "../inference/distributions.js";
import { checkOptions, int, num, numbers, oneOf } from "../validate/index.js";
import { LmeError } from "../messages/error.js";
import { smoothMsg } from "../messages/results.js";

/** Largest dimension (fixed + random effects) of the dense joint covariance. */
export const MAX_JOINT = 3000;

/** One grid point of an estimated smooth. */
export interface SmoothEstimateRow {
  readonly x: number;
  /** The smooth (plus `shift`), on the link scale, or the inverse link of it with `type: "response"`. */
  readonly fit: number;
  /** Its standard error on the link scale. */
  readonly se: number;
  readonly lower: number;
  readonly upper: number;
}

/** An estimated smooth: the grid, the level of the interval and the data's x values (a rug). */
export interface SmoothEstimates {
  readonly kind: "smoothEstimates";
  /** The smooth's label, `s(x)`. */
  readonly term: string;
  /** The smoothed variable, `x`. */
  readonly variable: string;
  readonly level: number;
  readonly type: "link" | "response";
  readonly shift: number;
  /** The smoothing variance σ²ₛ (the variance of the random part's coefficients). */
  readonly smoothVariance: number;
  readonly rows: readonly SmoothEstimateRow[];
  /** The smoothed variable at the observations. */
  readonly observed: Float64Array;
}

/** Options of `smoothEstimates`. */
export interface SmoothEstimatesOptions {
  /** Number of grid points over the range of x in the data (default 100). */
  readonly n?: number;
  /** The x values to evaluate at (instead of the grid). */
  readonly x?: ArrayLike<number>;
  /** Interval level (default 0.95: fit ± 1.96 SE; mgcv's plot.gam draws ± 2 SE). */
  readonly level?: number;
  /** Added to the smooth before `type` is applied, as plot.gam's `shift` (e.g. the intercept). */
  readonly shift?: number;
  /** "link" (default) or "response": the inverse link applied to fit and limits (plot.gam's `trans`). */
  readonly type?: "link" | "response";
}

const OPTIONS = { n: int(2, 100000), x: numbers, level: num(0, 1, true), shift: num(), type: oneOf("link", "response") };

/** The labels of the smooth terms of a model. */
export function smoothTerms(m: LmerMod | GlmerMod): string[] {
  requireFittedModel("smoothTerms", m);
  return m.input.terms.filter((t) => t.spec.groups.length === 0).map((t) => t.group);
}

/** The estimated smooth `term` of a fitted model with its interval (see the module comment). */
export function smoothEstimates(m: LmerMod | GlmerMod, term: string, opts: SmoothEstimatesOptions = {}): SmoothEstimates {
  requireFittedModel("smoothEstimates", m);
  checkOptions("smoothEstimates", opts, OPTIONS);
  const terms = m.input.terms;
  if (typeof term !== "string") throw new LmeError("usage", smoothMsg.badTerm(term, smoothTerms(m)));
  const ti = terms.findIndex((t) => t.spec.groups.length === 0 && t.group === term);
  if (typeof term !== "string" || ti < 0) throw new LmeError("usage", smoothMsg.badTerm(term, smoothTerms(m)));
  const rt = terms[ti]!;
  const call = rt.spec.lhs.terms[0]!.vars[0]!.expr;
  if (call.type !== "call") throw new LmeError("usage", smoothMsg.badTerm(term, smoothTerms(m)));
  const spec = readSmooth(deparse(call), call);
  const frame = m.input.mf.frame;
  const observed = evaluateNumeric(spec.x, frame);
  const learned = learnSmooth(spec, observed);
  let xs: Float64Array;
  if (opts.x !== undefined) {
    xs = Float64Array.from(opts.x as ArrayLike<number>);
    if (!xs.every((v) => Number.isFinite(v))) throw new LmeError("usage", smoothMsg.badX);
  } else {
    const n = opts.n ?? 100;
    let lo = Infinity, hi = -Infinity;
    for (const v of observed) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    xs = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
  }
  const nr = learned.nRandom;
  const cols = smoothColumns(learned, xs, Array.from({ length: nr + 1 }, (_, j) => j));
  // coefficients: b_s (the single level's columns) and β_f
  const fixedName = `${term}Fx1`;
  const fj = m.fixefNames.indexOf(fixedName);
  const bs = m.b[ti]!;
  const betaF = fj >= 0 ? m.beta[fj]! : 0;
  const V = smoothCovariance(m, ti, fj);
  const level = opts.level ?? 0.95;
  const q = qtUpper((1 - level) / 2, Infinity);
  const shift = opts.shift ?? 0;
  const type = opts.type ?? "link";
  const inv = (v: number) => (type === "response" && m.kind === "glmerMod" ? m.family.link.linkinv(v) : v);
  const rows = Array.from(xs, (x, i): SmoothEstimateRow => {
    const a = [...Array.from({ length: nr }, (_, j) => cols[j]![i]!), cols[nr]![i]!];
    let fit = betaF * a[nr]!;
    for (let j = 0; j < nr; j++) fit += bs[j]! * a[j]!;
    let v = 0;
    for (let r = 0; r <= nr; r++) for (let c = 0; c <= nr; c++) v += a[r]! * V[r]![c]! * a[c]!;
    const se = Math.sqrt(Math.max(0, v));
    const eta = fit + shift;
    return { x, fit: inv(eta), se, lower: inv(eta - q * se), upper: inv(eta + q * se) };
  });
  const theta = termFactors([rt], m.theta.subarray(thetaOffset(m, ti)))[0]!;
  const scale = m.kind === "lmerMod" || m.family.hasScale ? m.sigma ** 2 : 1;
  return renderable("smoothEstimates", {
    kind: "smoothEstimates" as const, term, variable: deparse(spec.x), level, type: m.kind === "glmerMod" ? type : "link", shift,
    smoothVariance: theta[0]! ** 2 * scale, rows, observed,
  });
}

function thetaOffset(m: LmerMod | GlmerMod, ti: number): number {
  let off = 0;
  for (let k = 0; k < ti; k++) off += m.input.terms[k]!.cov.nTheta;
  return off;
}

/**
 * The posterior covariance of (b_s, β_f) of smooth term `ti` (random columns first, then the
 * fixed column; β_f absent when fj < 0), from the joint precision of (β, u).
 */
function smoothCovariance(m: LmerMod | GlmerMod, ti: number, fj: number): number[][] {
  const inp = m.input;
  const n = inp.mf.frame.nrow, p = inp.p;
  const T = termFactors(inp.terms, m.theta);
  const offs: number[] = [];
  let qTot = 0;
  for (const t of inp.terms) (offs.push(qTot), (qTot += t.nLevels * t.q));
  const dim = p + qTot;
  if (dim > MAX_JOINT) throw new LmeError("usage", smoothMsg.tooLarge(dim, MAX_JOINT));
  // W and σ²
  const w = new Float64Array(n);
  const prior = m.weights();
  let scale: number;
  if (m.kind === "lmerMod") {
    for (let i = 0; i < n; i++) w[i] = prior[i]!;
    scale = m.sigma ** 2;
  } else {
    const mu = m.fitted(), link = m.family.link;
    for (let i = 0; i < n; i++) {
      const d = link.muEta(link.linkfun(mu[i]!));
      w[i] = (prior[i]! * d * d) / m.family.variance(mu[i]!);
    }
    scale = m.family.hasScale ? m.sigma ** 2 : 1;
  }
  // rows of [X, ZΛ] (dense), then the precision AᵀWA + diag(0_p, I_q), divided by σ²
  const P: number[][] = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  const row = new Float64Array(dim);
  const nz: number[] = [];
  for (let i = 0; i < n; i++) {
    nz.length = 0;
    for (let j = 0; j < p; j++) (row[j] = inp.X[i + j * n]!), nz.push(j);
    inp.terms.forEach((t, k) => {
      const base = p + offs[k]! + t.codes[i]! * t.q;
      for (let c = 0; c < t.q; c++) {
        let s = 0; // (z_i Λ_k)_c = Σ_r z_ir T_rc
        for (let r = 0; r < t.q; r++) s += t.z[i + r * n]! * T[k]![r + c * t.q]!;
        row[base + c] = s;
        nz.push(base + c);
      }
    });
    for (const a of nz) for (const b of nz) P[a]![b]! += w[i]! * row[a]! * row[b]!;
  }
  for (let j = p; j < dim; j++) P[j]![j]! += 1;
  for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) P[a]![b] = P[a]![b]! / scale;
  // columns of P⁻¹ for the smooth's u_s and β_f
  const t = inp.terms[ti]!;
  const idx = [...Array.from({ length: t.q }, (_, c) => p + offs[ti]! + c), ...(fj >= 0 ? [fj] : [])];
  const L = cholLower(P);
  const cov = idx.map((j) => {
    const y = new Float64Array(dim);
    y[j] = 1;
    for (let r = 0; r < dim; r++) {
      let s = y[r]!;
      for (let c = 0; c < r; c++) s -= L[r]![c]! * y[c]!;
      y[r] = s / L[r]![r]!;
    }
    for (let r = dim - 1; r >= 0; r--) {
      let s = y[r]!;
      for (let c = r + 1; c < dim; c++) s -= L[c]![r]! * y[c]!;
      y[r] = s / L[r]![r]!;
    }
    return idx.map((i) => y[i]!);
  });
  // b_s = Λ_s u_s = θ_s u_s (homogeneous diagonal)
  const th = T[ti]![0]!;
  const sc = idx.map((_, r) => (r < t.q ? th : 1));
  const out = cov.map((r, a) => r.map((v, b) => v * sc[a]! * sc[b]!));
  if (fj < 0) for (const r of out) r.push(0);
  if (fj < 0) out.push(new Array<number>(t.q + 1).fill(0));
  return out;
}
