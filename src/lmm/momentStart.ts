/**
 * A starting θ from moment estimates of the variance components, computed from the cross-product
 * blocks (no pass over the observations): cheap where lme4's θ₀ (identity relative factors) is
 * far from the optimum, which costs the optimizer tens of evaluations at a large n.
 *
 * Method (a per-term Henderson-type moment estimate, each term on its own):
 * 1. Least squares of y on X (from the [X y]ᵀ[X y] block): β̂, residual r, s² = rᵀr / (n − p),
 *    which estimates σ² + the mean of z_iᵀ Σ_k z_i over the terms.
 * 2. For term k, per level ℓ with block A_ℓ = Z_ℓᵀZ_ℓ (positive definite; other levels are
 *    skipped here) and c_ℓ = Z_ℓᵀ r: the within-level residual variance
 *    W_k = (rᵀr − Σ_ℓ c_ℓᵀA_ℓ⁻¹c_ℓ) / (n − p − Σ_ℓ q) estimates σ² plus the other terms' variation
 *    within term k's levels, and E[c_ℓc_ℓᵀ] ≈ A_ℓΣ_kA_ℓ + W_k A_ℓ (the other terms' share of
 *    c_ℓ's noise is of the size W_k already carries), so Σ̂_k solves the q² × q² linear system
 *    Σ_ℓ A_ℓΣ̂_kA_ℓ = Σ_ℓ (c_ℓc_ℓᵀ − W_k A_ℓ) — levels weighted by their size, so that small,
 *    nearly singular levels (two observations for a random slope) cannot dominate.
 * 3. σ̂² = s² − Σ_k tr(Σ̂_k G_k)/n with G_k = Σ_ℓ A_ℓ (the mean of z_iᵀΣ̂_k z_i), kept at
 *    least a tenth of the smallest W_k.
 * 4. θ_k from Σ̂_k/σ̂²: standard deviations at least 0.05 and correlations within ±0.9 (a start
 *    inside the bounds, with room to move), then the Cholesky factor in the term's θ order.
 *
 * Caveats: an estimate, not a fit — crossing and nesting of the terms, the weights and the
 * estimation of β all bias it; the optimizer does the rest. Only unstructured and diagonal
 * covariance terms are handled; with any other structure, or where a step has no data
 * (no residual degrees of freedom, no positive definite level block), the result is null and
 * the caller keeps lme4's θ₀.
 */
import type { CrossProducts } from "./crossprod.js";
import type { ReTerm } from "../model/random.js";
import { jsKernels, trsvLower, trsvLowerTrans } from "../linalg/index.js";

/** The moment-estimate start θ (see the module comment), or null where it does not apply. */
export function momentStartTheta(cp: CrossProducts, terms: readonly ReTerm[]): Float64Array | null {
  if (!terms.every((t) => t.cov.kind === "us" || t.cov.kind === "diag")) return null;
  const { p, P, axx, n } = cp;
  // 1. OLS from the [X y] block.
  const beta = new Float64Array(p);
  let rss = axx[p + p * P];
  if (p > 0) {
    const L = new Float64Array(p * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < p; i++) L[i + j * p] = axx[i + j * P];
    if (jsKernels.potrf(L, p) !== 0) return null;
    for (let j = 0; j < p; j++) beta[j] = axx[j + p * P];
    trsvLower(L, p, beta);
    trsvLowerTrans(L, p, beta);
    for (let j = 0; j < p; j++) rss -= beta[j] * axx[j + p * P];
  }
  if (!(n - p > 0) || !(rss > 0)) return null;
  const s2 = rss / (n - p);
  // 2. Per-term moment estimates.
  const sigmas: Float64Array[] = [];
  let explained = 0, minW = Infinity;
  for (let k = 0; k < terms.length; k++) {
    const est = termMoments(cp, k, terms[k].q, beta, rss);
    if (!est) return null;
    sigmas.push(est.sigma);
    minW = Math.min(minW, est.W);
    const q = terms[k].q;
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) explained += (est.sigma[a + b * q] * est.G[b + a * q]) / n;
  }
  // 3. Residual variance.
  const sigma2 = Math.max(s2 - explained, 0.1 * minW);
  if (!(sigma2 > 0 && Number.isFinite(sigma2))) return null;
  // 4. θ per term.
  const out: number[] = [];
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k], th = relativeFactor(sigmas[k], t.q, sigma2, t.cov.kind === "diag");
    if (th.length !== t.cov.nTheta) return null; // e.g. a homogeneous diagonal: one θ for all columns
    out.push(...th);
  }
  const theta = Float64Array.from(out);
  return theta.every(Number.isFinite) ? theta : null;
}

/** Σ̂_k, W_k and G_k = Σ_ℓ A_ℓ of term k (step 2), or null without data. */
function termMoments(cp: CrossProducts, k: number, q: number, beta: Float64Array, rss: number): { sigma: Float64Array; W: number; G: Float64Array } | null {
  const { p, P, n } = cp;
  const qq = q * q;
  const A = new Float64Array(qq), L = new Float64Array(qq), c = new Float64Array(q);
  const S = new Float64Array(qq), KK = new Float64Array(qq * qq), G = new Float64Array(qq);
  let ss = 0, rank = 0, levels = 0;
  const nLevels = k === 0 ? cp.l0 : cp.units.termBase[k + 1] - cp.units.termBase[k];
  const diagPair = k === 0 ? null : diagonalPairs(cp);
  for (let l = 0; l < nLevels; l++) {
    // The level's block A and its columns of [X y]ᵀZ.
    let ax: Float64Array, axOff: number;
    if (k === 0) {
      A.set(cp.a11.subarray(l * qq, (l + 1) * qq));
      ax = cp.ax1; axOff = l * q * P;
    } else {
      const u = cp.units.termBase[k] + l, off = cp.pairOff[diagPair![u]];
      A.set(cp.rrVal.subarray(off, off + qq));
      ax = cp.axr; axOff = cp.units.start[u] * P;
    }
    for (let a = 0; a < q; a++) {
      let v = ax[axOff + a * P + p];
      for (let j = 0; j < p; j++) v -= ax[axOff + a * P + j] * beta[j];
      c[a] = v;
    }
    // Moments: Σ_ℓ c cᵀ (W A subtracted below) and Σ_ℓ A ⊗ A.
    for (let b = 0; b < q; b++) for (let a = 0; a < q; a++) { S[a + b * q] += c[a] * c[b]; G[a + b * q] += A[a + b * q]; }
    for (let d = 0; d < q; d++) for (let cc = 0; cc < q; cc++) for (let b = 0; b < q; b++) for (let a = 0; a < q; a++)
      KK[a + b * q + (cc + d * q) * qq] += A[a + cc * q] * A[b + d * q];
    levels++;
    // The within-level fit (positive definite levels only): c ᵀA⁻¹c and its rank.
    L.set(A);
    if (jsKernels.potrf(L, q) !== 0) continue;
    let ok = true;
    for (let a = 0; a < q; a++) if (!(L[a + a * q] ** 2 > 1e-10 * A[a + a * q])) ok = false;
    if (!ok) continue;
    const z = c.slice();
    trsvLower(L, q, z);
    for (let a = 0; a < q; a++) ss += z[a] * z[a];
    rank += q;
  }
  const df = n - p - rank;
  if (levels < 2 || !(df > 0)) return null;
  const W = Math.max(rss - ss, 0) / df;
  if (!(W > 0)) return null;
  // Σ̂ solves Σ_ℓ A_ℓ Σ A_ℓ = Σ_ℓ (c_ℓc_ℓᵀ − W A_ℓ): (Σ A⊗A) vec Σ = vec S.
  for (let a = 0; a < qq; a++) S[a] -= W * G[a];
  if (jsKernels.potrf(KK, qq) !== 0) return null;
  trsvLower(KK, qq, S);
  trsvLowerTrans(KK, qq, S);
  return { sigma: S, W, G };
}

/** For each rest unit, the index of its diagonal pair (u, u) in cp's rr pairs. */
function diagonalPairs(cp: CrossProducts): Int32Array {
  const out = new Int32Array(cp.units.count).fill(-1);
  for (let i = 0; i < cp.pairU.length; i++) if (cp.pairU[i] === cp.pairV[i]) out[cp.pairU[i]] = i;
  return out;
}

/** θ of one term from Σ̂/σ̂² (step 4): clamped standard deviations and correlations, then the Cholesky factor (lme4's order). */
function relativeFactor(sigma: Float64Array, q: number, sigma2: number, diagonal: boolean): number[] {
  const sd = Float64Array.from({ length: q }, (_, a) => Math.sqrt(Math.max(sigma[a + a * q] / sigma2, 0.0025)));
  if (diagonal) return Array.from(sd);
  const R = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      if (a === b) { R[a + b * q] = sd[a] * sd[a]; continue; }
      const s = Math.sqrt(Math.max(sigma[a + a * q], 0) * Math.max(sigma[b + b * q], 0));
      const r = s > 0 ? Math.min(Math.max(sigma[a + b * q] / s, -0.9), 0.9) : 0;
      R[a + b * q] = r * sd[a] * sd[b];
    }
  }
  if (jsKernels.potrf(R, q) !== 0) return identityFactor(sd, q);
  const out: number[] = [];
  for (let j = 0; j < q; j++) for (let i = j; i < q; i++) out.push(R[i + j * q]);
  return out;
}

function identityFactor(sd: Float64Array, q: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < q; j++) for (let i = j; i < q; i++) out.push(i === j ? sd[j] : 0);
  return out;
}

/**
 * Fraction of θ that BOBYQA's initial steps take around a moment start (see momentSteps). It was
 * 1/5; 1/20 needs fewer evaluations on every large design measured (1M rows,
 * `node bench/eval-count.mjs`: design (a) 64 → 52, (b) 32 → 27; 200K rows: (a) 60 → 51, (b) 26 →
 * 25) at the same deviance to 1e-7 ((a) equal, (b) −2.6e-7 at 1M, +2e-8 at 200K; bench/RESULTS.md):
 * the first interpolation points stay near a start that is
 * already within about 25% of θ̂, and the trust region still grows where the start is off.
 */
export const MOMENT_STEP_FRACTION = 0.05;

/**
 * BOBYQA's initial steps around a moment start: MOMENT_STEP_FRACTION of each
 * standard-deviation-like θ (the diagonal of a term's factor) and, for an off-diagonal θ, of the
 * larger of |θ| and half the term's mean diagonal. NLopt's default steps (¾ of the distance to the
 * bound 0) would throw the first interpolation points far from a start that is already close.
 */
export function momentSteps(theta: Float64Array, terms: readonly ReTerm[]): Float64Array {
  const steps = new Float64Array(theta.length);
  let o = 0;
  for (const t of terms) {
    const q = t.q, n = t.cov.nTheta;
    if (t.cov.kind !== "us") {
      for (let i = 0; i < n; i++) steps[o + i] = MOMENT_STEP_FRACTION * theta[o + i];
    } else {
      let m = 0, meanDiag = 0;
      for (let j = 0; j < q; j++) for (let i = j; i < q; i++, m++) if (i === j) meanDiag += theta[o + m] / q;
      m = 0;
      for (let j = 0; j < q; j++) for (let i = j; i < q; i++, m++) steps[o + m] = MOMENT_STEP_FRACTION * (i === j ? theta[o + m] : Math.max(Math.abs(theta[o + m]), 0.5 * meanDiag));
    }
    o += n;
  }
  return steps;
}
