/**
 * `simulate(model)`: responses drawn from the fitted model (lme4's simulate.merMod).
 *
 * - LMM: y* = Xβ̂ + offset + Z b* + ε*, ε*_i ~ N(0, σ̂²/w_i); b* = σ̂ Λ u*, u* ~ N(0, I)
 *   (new random effects, `reForm: "marginal"`, lme4's default re.form = NA / ~0), or b* = b̂, the
 *   conditional modes (`reForm: "conditional"`, lme4's re.form = NULL), or b̂ for the terms of a
 *   partial reForm formula and new draws for the other terms.
 * - GLMM: η* = Xβ̂ + offset + Z b* with b* = Λ u* (not scaled by σ, as lme4) or b̂; μ* = g⁻¹(η*);
 *   y* from the family's `simulate` with the prior weights (binomial: y* are proportions of the
 *   trials) and dispersion σ̂² (families with a scale). Fits of the general Laplace engine draw
 *   from their family at φ̂ (negative binomial, beta, betabinomial: proportions of the trials;
 *   zero-inflation: a structural zero with probability pᵢ, else a draw at μᵢ; dispersion models:
 *   φᵢ per row), pᵢ and φᵢ rebuilt from the ziformula / dispformula at `newdata`.
 * - `newdata`: X, Z and the grouping factors from the new rows (formula offset() terms are
 *   evaluated there; other offsets are not carried over); marginal draws give every level of the
 *   new data its own draw; conditional draws use b̂ for levels of the fit and 0 for new levels.
 *   `weights` gives prior weights (binomial: trials) for the new rows (default 1).
 *
 * Replicate i draws from its own generator (rng.ts: seed array [seed, i + 1]): first u* (term
 * by term, level by level), then the noise. Not R's random streams.
 */
import type { DataInput } from "../data/types.js";
import { toFrame } from "../data/index.js";
import { groupingFactor } from "../model/random.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { FittedModel } from "./workers/spec.js";
import { replicateRng, randomSeed, checkSeed, type Rng } from "./rng.js";
import { badNsim, badReForm } from "../messages/profile.js";
import { requireFittedModel } from "../model/args.js";
import { simulatePartialTerm } from "../messages/results.js";
import { reFormSelection } from "../results/reForm.js";
import { checkInferenceOptions } from "./options.js";
import { vectorOfLength } from "../validate/index.js";
import { simulateWeightsWithoutNewdata } from "../messages/options.js";
import type { Family } from "../glmm/family/types.js";
import { glmViewAt } from "../glmm/laplace/extended.js";

/** Options of `simulate`. */
export interface SimulateOptions {
  /** Number of simulated responses (default 1). */
  readonly nsim?: number;
  /** Seed (whole number 0 … 2³² − 1); default: a random seed, reported in the result. */
  readonly seed?: number;
  /**
   * "marginal" (default; also NA, "NA", "~0"): new random effects; "conditional" (also null,
   * "~."): the conditional modes b̂; a formula of some of the model's random terms
   * (`"~(1 | plate)"`, matched as in predict): b̂ for those terms, new draws for the others
   * (lme4's simulate(re.form = ~(1 | plate))).
   */
  readonly reForm?: "marginal" | "conditional" | null | "NA" | "~0" | "~." | (string & {});
  /** Simulate at new rows instead of the model's data. */
  readonly newdata?: DataInput;
  /** Prior weights for `newdata` rows (binomial: numbers of trials). Default 1. */
  readonly weights?: ArrayLike<number>;
}

/** Simulated responses and the seed that reproduces them. */
export interface SimulateResult {
  readonly seed: number;
  /** nsim responses, each one value per row (the model's rows or newdata's). */
  readonly sims: Float64Array[];
}

/** Random-effects design of one term for the rows simulated. */
interface SimTerm {
  readonly q: number;
  readonly nLevels: number;
  readonly codes: Int32Array;
  /** n × q column-major. */
  readonly z: Float64Array;
  /** Scaled factor s·T (q × q lower, column-major). */
  readonly T: Float64Array;
}

/** Everything needed to draw responses; built once per call. */
export interface SimBasis {
  readonly n: number;
  /** The part of the linear predictor not drawn: Xβ̂ + offset (+ Zb̂ when conditional). */
  readonly fixed: Float64Array;
  readonly terms: readonly SimTerm[];
  readonly weights: Float64Array | null;
  /** LMM: σ̂; GLMM: null (the family draws). */
  readonly sigma: number | null;
  readonly glmm: GlmerMod | null;
  /**
   * GLMM: the family that draws: the model's, or for a Laplace-engine fit with ziformula /
   * dispformula simulated at new data, its distribution with pᵢ, φᵢ at the new rows.
   */
  readonly family: Family | null;
}

type SimMode = "marginal" | "conditional" | { readonly partial: string };

function resolveReForm(r: SimulateOptions["reForm"]): SimMode {
  if (r === undefined || r === "marginal" || r === "NA" || r === "~0") return "marginal";
  if (r === null || r === "conditional" || r === "~.") return "conditional";
  if (typeof r === "string" && r.includes("~")) return { partial: r };
  throw badReForm(r);
}

/**
 * Which model terms a partial reForm conditions on (kept at b̂); the others are drawn anew.
 * A term is conditioned on as a whole: a reForm keeping only some of a term's columns is refused.
 */
function conditionedTerms(model: FittedModel, reForm: string): boolean[] {
  const keep = reFormSelection(model.input, reForm) ?? model.input.terms.map((t) => t.names.map(() => false));
  return keep.map((mask, k) => {
    const all = mask.every(Boolean);
    if (!all && mask.some(Boolean)) throw simulatePartialTerm(reForm, model.input.terms[k].group, model.input.terms[k].names);
    return all;
  });
}

/** Relative factors T_k at θ̂, times `s`. */
function scaledT(model: FittedModel, s: number): Float64Array[] {
  let off = 0;
  return model.input.terms.map((t) => {
    const T = new Float64Array(t.q * t.q);
    t.cov.lambda(model.theta.subarray(off, off + t.cov.nTheta), T);
    off += t.cov.nTheta;
    for (let i = 0; i < T.length; i++) T[i] *= s;
    return T;
  });
}

/** The simulation basis of a model (see the module doc). */
export function simBasis(model: FittedModel, opts: SimulateOptions = {}): SimBasis {
  const mode = resolveReForm(opts.reForm);
  const isLmm = model.kind === "lmerMod";
  const s = isLmm ? model.sigma : 1;
  const Ts = scaledT(model, s);
  const input = model.input;
  let fixed: Float64Array, n: number, weights: Float64Array | null;
  let terms: SimTerm[] = [];
  // Partial reForm: the conditioned terms' b̂ go into the fixed part, the other terms are drawn.
  const partial = typeof mode === "object" ? mode.partial : null;
  const drawn = partial === null ? null : conditionedTerms(model, partial).map((c) => !c);
  if (!opts.newdata) {
    if (opts.weights !== undefined) throw simulateWeightsWithoutNewdata();
    n = model.nobs;
    if (partial !== null) fixed = model.predict({ reForm: partial });
    else if (mode === "conditional") fixed = isLmm ? (model as LmerMod).fitted().slice() : (model as GlmerMod).predict();
    else {
      fixed = new Float64Array(n);
      for (let j = 0; j < input.p; j++) for (let i = 0; i < n; i++) fixed[i] += input.X[i + j * n] * model.beta[j];
      if (input.offset) for (let i = 0; i < n; i++) fixed[i] += input.offset[i];
    }
    if (mode !== "conditional") terms = input.terms.map((t, k) => ({ q: t.q, nLevels: t.nLevels, codes: t.codes, z: t.z, T: Ts[k] })).filter((_, k) => drawn === null || drawn[k]);
    weights = isLmm ? input.weights : (model as GlmerMod).priorWeights;
  } else {
    const frame = toFrame(opts.newdata);
    n = frame.nrow;
    if (mode === "conditional") fixed = model.predict({ newdata: frame, allowNewLevels: true });
    else {
      fixed = model.predict({ newdata: frame, reForm: partial ?? null, allowNewLevels: true });
      terms = input.terms
        .map((t, k) => {
          const g = groupingFactor(t.spec, frame);
          return { q: t.q, nLevels: g.levels.length, codes: g.codes, z: t.design.matrix(frame), T: Ts[k] };
        })
        .filter((_, k) => drawn === null || drawn[k]);
    }
    weights = opts.weights ? vectorOfLength("simulate", "weights", opts.weights, n, "newdata") : isLmm ? null : new Float64Array(n).fill(1);
  }
  const g = isLmm ? null : (model as GlmerMod);
  const family = g === null ? null : (g.laplace && opts.newdata ? glmViewAt(g.laplace.family, g.laplace.par, opts.newdata) : null) ?? g.family;
  return { n, fixed, terms, weights, sigma: isLmm ? model.sigma : null, glmm: g, family };
}

/** One simulated response from the basis with generator `rng`. */
export function drawResponse(b: SimBasis, rng: Rng): Float64Array {
  const { n } = b;
  const eta = Float64Array.from(b.fixed);
  for (const t of b.terms) {
    const q = t.q, u = new Float64Array(t.nLevels * q);
    for (let i = 0; i < u.length; i++) u[i] = rng.normal();
    const bl = new Float64Array(t.nLevels * q);
    for (let l = 0; l < t.nLevels; l++)
      for (let r = 0; r < q; r++) {
        let s = 0;
        for (let c = 0; c <= r; c++) s += t.T[r + c * q] * u[l * q + c];
        bl[l * q + r] = s;
      }
    for (let i = 0; i < n; i++) {
      const l = t.codes[i];
      if (l < 0) continue;
      for (let c = 0; c < q; c++) eta[i] += t.z[i + c * n] * bl[l * q + c];
    }
  }
  if (b.glmm === null) {
    const s = b.sigma!, w = b.weights;
    for (let i = 0; i < n; i++) eta[i] += (w ? s / Math.sqrt(w[i]) : s) * rng.normal();
    return eta;
  }
  const fam = b.family ?? b.glmm.family, mu = new Float64Array(n);
  for (let i = 0; i < n; i++) mu[i] = fam.link.linkinv(eta[i]);
  return fam.simulate(mu, b.weights ?? new Float64Array(n).fill(1), b.glmm.sigma ** 2, rng.uniform);
}

/** Simulates `nsim` responses from the fitted model (see the module doc). */
export function simulate(model: FittedModel, opts: SimulateOptions = {}): SimulateResult {
  requireFittedModel("simulate", model);
  checkInferenceOptions("simulate", opts);
  const nsim = opts.nsim ?? 1;
  if (!(Number.isInteger(nsim) && nsim >= 1)) throw badNsim(nsim);
  const seed = opts.seed === undefined ? randomSeed() : checkSeed(opts.seed);
  const basis = simBasis(model, opts);
  const sims: Float64Array[] = [];
  for (let i = 0; i < nsim; i++) sims.push(drawResponse(basis, replicateRng(seed, i)));
  return { seed, sims };
}
