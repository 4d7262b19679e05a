/**
 * Leverages of a fitted mixed model, as lme4's `hatvalues.merMod`, and the model-based Cook's
 * distance of lme4's `cooks.distance.merMod`.
 *
 * The penalized least-squares problem of a fit has the augmented design A = [ZΛ X] (rows aᵢ),
 * weights W (LMM: the prior weights; GLMM: the final PIRLS weights wᵢ μ′(ηᵢ)²/V(μᵢ)) and system
 * matrix M = AᵀWA + diag(I_q, 0_p) = C Cᵀ with C = [L 0; RZXᵀ RXᵀ], lme4's blocked factor.
 * lme4 computes CL = L⁻¹ΛᵀZᵀ√w and CR = RX⁻ᵀ(Xᵀ√w − RZXᵀ CL) with √w the square roots of the
 * PRIOR weights, and hᵢ = ‖CL[,i]‖² + ‖CR[,i]‖² = wᵢ · aᵢᵀ M⁻¹ aᵢ. For an LMM that is the diagonal
 * of the hat matrix of the fitted values, Σ hᵢ = the effective number of parameters.
 *
 * Caveats: for a GLMM the weights inside M are the PIRLS weights and those outside are the prior
 * weights (lme4's definition, with its warning "the hat matrix may not make sense for GLMMs");
 * the computation is dense in q + p (O((q+p)³) for the factor, O(n (q+p)²) for the leverages),
 * fine up to a few thousand random effects (refused above q + p = 8000).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { termFactors } from "../results/common.js";
import { kernels, trsvLower } from "../linalg/index.js";
import { requireFittedModel } from "../model/args.js";
import { hatNotPD, hatTooLarge, HAT_MAX_DIM } from "../messages/influence.js";

/** A fitted mixed model. */
/** A fitted LMM or GLMM (the package-wide alias, results/update.ts). */
export type { MerMod as MerModel } from "../results/update.js";
import type { MerMod as MerModel } from "../results/update.js";

/** Throws unless `m` is a fitted lmer/glmer model (model/args.ts's requireFittedModel). */
export function checkModel(m: unknown, fn: string): asserts m is MerModel {
  requireFittedModel(fn, m);
}

/** Prior weights and the weights inside the penalized system (see the module doc). */
function systemWeights(m: MerModel): { prior: Float64Array; inner: Float64Array } {
  const prior = m.kind === "lmerMod" ? m.weights() : Float64Array.from(m.priorWeights);
  if (m.kind === "lmerMod") return { prior, inner: prior };
  const eta = m.predict(), inner = new Float64Array(eta.length), link = m.family.link;
  for (let i = 0; i < eta.length; i++) {
    const d = link.muEta(eta[i]);
    inner[i] = (prior[i] * d * d) / m.family.variance(link.linkinv(eta[i]));
  }
  return { prior, inner };
}

/** Nonzero positions and values of each row of A = [ZΛ X] (random-effect columns first). */
function designRows(m: MerModel): { N: number; rowIndex: (i: number, idx: Int32Array, val: Float64Array) => number } {
  const { X, p, terms } = m.input, n = m.nobs;
  const T = termFactors(terms, m.theta);
  const offsets: number[] = [];
  let q = 0;
  for (const t of terms) { offsets.push(q); q += t.nLevels * t.q; }
  return {
    N: q + p,
    rowIndex(i, idx, val) {
      let k = 0;
      terms.forEach((t, j) => {
        const base = offsets[j] + t.codes[i] * t.q, Tj = T[j];
        // row i of Z_j Λ_j: zᵢᵀ T_j (T_j lower triangular, q_j × q_j column-major)
        for (let c = 0; c < t.q; c++) {
          let s = 0;
          for (let r = c; r < t.q; r++) s += t.z[i + r * n] * Tj[r + c * t.q];
          idx[k] = base + c; val[k++] = s;
        }
      });
      for (let c = 0; c < p; c++) { idx[k] = q + c; val[k++] = X[i + c * n]; }
      return k;
    },
  };
}

/**
 * Diagonal of the hat matrix, lme4's `hatvalues(m)`: hᵢ = wᵢ aᵢᵀ M⁻¹ aᵢ (see the module doc),
 * one value per observation used in the fit.
 */
export function hatvalues(m: MerModel): Float64Array {
  checkModel(m, "hatvalues");
  return leverages(m, "prior");
}

/**
 * hᵢ = vᵢ aᵢᵀ M⁻¹ aᵢ with vᵢ the prior weights (`"prior"`: lme4's hatvalues) or the PIRLS
 * weights of M itself (`"working"`: the diagonal of the hat matrix of the final penalized
 * weighted least-squares step, the GLM leverage of R's hatvalues.glm; in [0, 1], summing to the
 * effective number of parameters). The two agree for an LMM.
 */
export function leverages(m: MerModel, outer: "prior" | "working"): Float64Array {
  const n = m.nobs, { N, rowIndex } = designRows(m);
  if (N > HAT_MAX_DIM) throw hatTooLarge(N);
  const { prior, inner } = systemWeights(m);
  const nz = m.input.terms.reduce((s, t) => s + t.q, 0) + m.input.p;
  const idx = new Int32Array(nz), val = new Float64Array(nz);
  const M = new Float64Array(N * N);
  const q = N - m.input.p;
  for (let c = 0; c < q; c++) M[c + c * N] = 1;
  for (let i = 0; i < n; i++) {
    const k = rowIndex(i, idx, val), w = inner[i];
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        const r = idx[a], c = idx[b];
        if (r >= c) M[r + c * N] += w * val[a] * val[b];
      }
  }
  if (kernels().potrf(M, N) !== 0) throw hatNotPD();
  const out = new Float64Array(n), x = new Float64Array(N);
  for (let i = 0; i < n; i++) {
    x.fill(0);
    const k = rowIndex(i, idx, val);
    for (let a = 0; a < k; a++) x[idx[a]] += val[a];
    trsvLower(M, N, x);
    let s = 0;
    for (let j = 0; j < N; j++) s += x[j] * x[j];
    out[i] = (outer === "prior" ? prior[i] : inner[i]) * s;
  }
  return out;
}

/**
 * Model-based Cook's distance, lme4's `cooks.distance.merMod`:
 * Dᵢ = (rᵢ/(1 − hᵢ))² hᵢ / (σ̂² p) with rᵢ the Pearson residuals, hᵢ the hat values, σ̂ the
 * residual standard deviation (1 for binomial and poisson) and p the rank of X; infinite values
 * (hᵢ = 1) become NaN. A one-step approximation: the random effects are not refitted, so it does
 * not measure the influence of a whole group (use `influence(m, { groups })` for that).
 */
export function cooksDistanceModel(m: MerModel): Float64Array {
  checkModel(m, "cooksDistance");
  const h = hatvalues(m), r = m.residuals({ type: "pearson" }), s2 = m.sigma * m.sigma, p = m.input.p;
  return h.map((hi, i) => {
    const v = ((r[i] / (1 - hi)) ** 2 * hi) / (s2 * p);
    return Number.isFinite(v) ? v : NaN;
  });
}
