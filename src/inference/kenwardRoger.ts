/**
 * Kenward–Roger adjusted covariance of β̂ and denominator df (pbkrtest's `vcovAdj` and
 * `KRmodcomp`, as lmerTest uses them for t tests), for REML fits of linear mixed models.
 *
 * Var(y) = Σ = Σ_r γ_r G_r is linear in the variance parameters γ: for each random-effects term
 * the entries (i ≥ j) of its covariance matrix, G = Z_k (I_ℓ ⊗ (E_ij + E_ji)) Z_kᵀ (E_ii on the
 * diagonal), and σ² with G = W⁻¹ (prior weights; pbkrtest has none, i.e. W = I). With
 * Φ = (XᵀΣ⁻¹X)⁻¹, P_r = −XᵀΣ⁻¹G_rΣ⁻¹X, Q_rs = XᵀΣ⁻¹G_rΣ⁻¹G_sΣ⁻¹X,
 * I_rs = tr(Σ⁻¹G_rΣ⁻¹G_s) − 2 tr(ΦQ_rs) + tr(ΦP_rΦP_s), W = 2 I⁻¹ and
 * U = Σ_rs W_rs (Q_rs − P_rΦP_s), the adjusted covariance is Φ_A = Φ + 2ΦUΦ (the second-
 * derivative term R vanishes since Σ is linear in γ). For a hypothesis Lβ = 0 of rank q the df
 * are Kenward and Roger's m = 4 + (q+2)/(qρ − 1) from A₁, A₂ (pbkrtest's `.KR_adjust`).
 *
 * No n×n matrix is formed (pbkrtest forms Σ⁻¹): with Σ⁻¹ = σ⁻²Ω, every piece is a product of
 * the q×p and q×q blocks of `krBlocks.ts` (Woodbury through the sparse Cholesky factor of
 * ΛᵀZᵀWZΛ + I), e.g. P_r = −σ⁻⁴ YᵀS_rY and Q_rs = σ⁻⁶ YᵀS_r C S_sY with Y = ZᵀΩX, C = ZᵀΩZ;
 * the cost follows the number of random effects q (memory 8q² bytes, refused above
 * KR_MAX_Q = 6000), not n. Structures whose covariance is not linear in its parameters (cs, ar1
 * with q > 1) are refused; diagonal terms use their diagonal variances.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { quadForm, ptTwoSided, pfUpper, unitContrasts, requireLmm, type ContrastTest } from "./ddf.js";
import { contrastLength, krNeedsREML } from "../messages/inference.js";
import { krAssemble, krMul, krSymInverse, krTranspose, krTrProd } from "./krAlgebra.js";
import { krBlocks, krLambdas, krVarianceParams, type KrBlocks, type KrParam } from "./krBlocks.js";

export { KR_MAX_Q } from "./krBlocks.js";

/** The Kenward–Roger pieces of a fit, reusable for any contrast. */
export interface KenwardRogerAdjustment {
  readonly p: number;
  /** Names of the variance parameters γ (e.g. "Subject.(Intercept)", "Subject.Days.(Intercept)", "sigma^2"). */
  readonly gammaNames: readonly string[];
  readonly gamma: Float64Array;
  /** Unadjusted vcov(β̂) Φ = (XᵀΣ⁻¹X)⁻¹, p×p column-major. */
  readonly Phi: Float64Array;
  /** Adjusted covariance Φ_A. */
  readonly PhiA: Float64Array;
  /** P_r (p×p each). */
  readonly P: readonly Float64Array[];
  /** W = 2 I⁻¹ (k×k). */
  readonly W: Float64Array;
  readonly warnings: readonly string[];
}

/** Rows of Y (q×p) of term k, (S_r Y) or (S_rᵀ Y) as an m_k×p matrix in the term's local indices. */
function applyS(r: KrParam, b: KrBlocks, m: number, transpose: boolean): Float64Array {
  const { Y, q, p, offs } = b, o = offs[r.term], out = new Float64Array(m * p);
  for (let t = 0; t < r.rows.length; t++) {
    const src = o + (transpose ? r.rows[t] : r.cols[t]), dst = transpose ? r.cols[t] : r.rows[t];
    for (let j = 0; j < p; j++) out[dst + j * m] += Y[src + j * q];
  }
  return out;
}

/** The rows of a q×p matrix belonging to term k (m_k×p). */
function termRows(Mq: Float64Array, b: KrBlocks, k: number): Float64Array {
  const { q, p, offs } = b, m = offs[k + 1] - offs[k], out = new Float64Array(m * p);
  for (let j = 0; j < p; j++) out.set(Mq.subarray(offs[k] + j * q, offs[k + 1] + j * q), j * m);
  return out;
}

/** P, Q, K of the variance parameters from the Woodbury blocks (header comment of krBlocks.ts). */
function krPieces(params: readonly KrParam[], b: KrBlocks, sigma2: number) {
  const { p, q, offs, C } = b;
  const k = params.length;
  const s4 = 1 / (sigma2 * sigma2), s6 = s4 / sigma2;
  const dim = (r: KrParam) => offs[r.term + 1] - offs[r.term];
  const scale = (A: Float64Array, f: number) => A.map((v) => v * f);
  // Per term parameter: Aᵣ = S_rᵀY (left factor), C S_r Y (q×p, right factor with C), Y_k, Y₂_k.
  const At = params.map((r) => (r.term < 0 ? null : applyS(r, b, dim(r), true)));
  const CB = params.map((r) => {
    if (r.term < 0) return null;
    const m = dim(r), Bs = applyS(r, b, m, false), o = offs[r.term], out = new Float64Array(q * p);
    for (let j = 0; j < p; j++)
      for (let x = 0; x < m; x++) {
        const v = Bs[x + j * m];
        if (v === 0) continue;
        const col = C.subarray((o + x) * q, (o + x) * q + q);
        for (let i = 0; i < q; i++) out[i + j * q] += col[i] * v;
      }
    return out;
  });
  const Yk = new Map<number, Float64Array>(), Y2k = new Map<number, Float64Array>();
  const rowsOf = (cache: Map<number, Float64Array>, Mq: Float64Array, t: number) => { let v = cache.get(t); if (!v) cache.set(t, (v = termRows(Mq, b, t))); return v; };
  const P = params.map((r, i) => (r.term < 0 ? scale(b.VWV, -s4) : scale(krMul(At[i]!, rowsOf(Yk, b.Y, r.term), p, dim(r), p, true), -s4)));
  const Q: Float64Array[][] = params.map(() => []);
  const K = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let s = r; s < k; s++) {
      const pr = params[r], ps = params[s];
      let Qrs: Float64Array, tr = 0;
      if (pr.term < 0) { // then s = r is σ² too (it is last)
        Qrs = scale(b.VWV.map((v, t) => v - b.R23[t]), s6);
        tr = b.nPos - q + b.trM2;
      } else if (ps.term < 0) {
        Qrs = scale(krMul(At[r]!, rowsOf(Y2k, b.Y2, pr.term), p, dim(pr), p, true), s6);
        const Ek = b.E[pr.term], qk = Ek.length / dim(pr); // E_k holds ℓ blocks of q_k², dim = ℓ q_k
        for (let a = 0; a < pr.rows.length; a++) {
          const i = pr.rows[a], j = pr.cols[a], l = Math.floor(i / qk);
          tr += Ek[l * qk * qk + (j - l * qk) + (i - l * qk) * qk];
        }
      } else {
        Qrs = scale(krMul(At[r]!, termRows(CB[s]!, b, pr.term), p, dim(pr), p, true), s6);
        const or = offs[pr.term], os = offs[ps.term];
        for (let a = 0; a < pr.rows.length; a++) {
          const gi = or + pr.rows[a], gj = or + pr.cols[a];
          const cj = gj * q + os, ci = gi * q + os; // C is symmetric: C[j, x] = C[x, j] (column-wise reads)
          for (let c = 0; c < ps.rows.length; c++) tr += C[cj + ps.rows[c]] * C[ci + ps.cols[c]];
        }
      }
      Q[r][s] = Qrs;
      if (s !== r) Q[s][r] = krTranspose(Qrs, p);
      K[r + s * k] = K[s + r * k] = tr * s4;
    }
  return { P, Q, K };
}

const adjustmentCache = new WeakMap<object, KenwardRogerAdjustment>();

/**
 * `kenwardRogerAdjust(m)` computed once per model (a fit is immutable) and shared by anova,
 * emmeans and summaryWithDdf; the returned arrays must not be modified.
 */
export function kenwardRogerAdjustmentOf(m: LmerMod | GlmerMod): KenwardRogerAdjustment {
  let a = adjustmentCache.get(m);
  if (!a) adjustmentCache.set(m, (a = kenwardRogerAdjust(m)));
  return a;
}

/**
 * Computes Φ, Φ_A, the P_r and W of a REML LMM (pbkrtest's `vcovAdj`). Throws for GLMMs, ML
 * fits, more than KR_MAX_Q random effects and covariance structures that are not linear in
 * their parameters.
 */
export function kenwardRogerAdjust(m: LmerMod | GlmerMod): KenwardRogerAdjustment {
  const model = requireLmm(m, "Kenward–Roger");
  if (!model.REML) throw krNeedsREML();
  const p = model.input.p;
  const Ts = krLambdas(model);
  const params = krVarianceParams(model, Ts);
  const blocks = krBlocks(model, Ts);
  const sigma2 = model.sigma ** 2;
  const Phi = krSymInverse(blocks.F, p).inv.map((v) => v * sigma2);
  const { P, Q, K } = krPieces(params, blocks, sigma2);
  const { W, PhiA, warnings } = krAssemble({ p, Phi, P, Q, K });
  return { p, gammaNames: params.map((r) => r.name), gamma: Float64Array.from(params, (r) => r.gamma), Phi, PhiA, P, W, warnings };
}

/**
 * Kenward–Roger df and F scaling for Lβ = 0 (L: q rows of length p, full row rank), from
 * pbkrtest's `.KR_adjust`: Θ = Lᵀ(LΦLᵀ)⁻¹L, A₁ = Σ_rs W_rs tr(ΘΦP_rΦ) tr(ΘΦP_sΦ),
 * A₂ = Σ_rs W_rs tr(ΘΦP_rΦΘΦP_sΦ), B = (A₁+6A₂)/(2q), g = ((q+1)A₁ − (q+4)A₂)/((q+2)A₂),
 * c₁ = g/(3q+2(1−g)), c₂ = (q−g)/(3q+2(1−g)), c₃ = (q+2−g)/(3q+2(1−g)),
 * ρ = (1/q) ((1 − A₂/q)/(1 − c₂B))² (1 + c₁B)/(1 − c₃B), df = 4 + (q+2)/(qρ − 1),
 * F scaling λ = df (1 − A₂/q)/(df − 2) (1 when |df − 4| < 0.01).
 */
export function kenwardRogerDf(adj: KenwardRogerAdjustment, L: readonly ArrayLike<number>[]): { df: number; scaling: number } {
  const { p, Phi, P, W } = adj;
  const q = L.length, k = P.length;
  const Lm = new Float64Array(q * p); // q×p
  L.forEach((row, a) => { for (let j = 0; j < p; j++) Lm[a + j * q] = row[j]; });
  const LPhi = krMul(Lm, Phi, q, p, p);
  const LPL = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) { let s = 0; for (let j = 0; j < p; j++) s += LPhi[a + j * q] * Lm[b + j * q]; LPL[a + b * q] = s; }
  const LPLi = krSymInverse(LPL, q).inv;
  const Theta = krMul(krMul(Lm, LPLi, p, q, q, true), Lm, p, q, p); // Lᵀ (LΦLᵀ)⁻¹ L
  const ThetaPhi = krMul(Theta, Phi, p, p, p);
  const u = P.map((Pr) => krMul(krMul(ThetaPhi, Pr, p, p, p), Phi, p, p, p));
  const tr = u.map((ui) => { let s = 0; for (let i = 0; i < p; i++) s += ui[i + i * p]; return s; });
  let A1 = 0, A2 = 0;
  for (let r = 0; r < k; r++)
    for (let s = 0; s < k; s++) {
      A1 += W[r + s * k] * tr[r] * tr[s];
      A2 += W[r + s * k] * krTrProd(u[r], u[s], p);
    }
  const B = (A1 + 6 * A2) / (2 * q);
  const g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2);
  const den = 3 * q + 2 * (1 - g);
  const c1 = g / den, c2 = (q - g) / den, c3 = (q + 2 - g) / den;
  let V0 = 1 + c1 * B;
  const V1 = 1 - c2 * B, V2 = 1 - c3 * B;
  if (Math.abs(V0) < 1e-10) V0 = 0;
  const num = 1 - A2 / q;
  const ratio = Math.abs(num) < 1e-14 && Math.abs(V1) < 1e-14 ? 1 : num / V1;
  const rho = (1 / q) * ratio * ratio * (V0 / V2);
  const df = 4 + (q + 2) / (q * rho - 1);
  const scaling = Math.abs(df - 4) < 1e-2 ? 1 : (df * (1 - A2 / q)) / (df - 2);
  return { df, scaling };
}

/**
 * t tests of contrasts c'β = 0 with Kenward–Roger df and the adjusted covariance (lmerTest's
 * ddf = "Kenward-Roger"): se = √(c'Φ_A c), t = c'β̂/se, p = 2 P(T_df > |t|). Default contrasts:
 * each coefficient.
 */
export function kenwardRogerTests(m: LmerMod | GlmerMod, contrasts?: readonly ArrayLike<number>[], adjustment?: KenwardRogerAdjustment): { tests: ContrastTest[]; adjustment: KenwardRogerAdjustment; warnings: readonly string[] } {
  const model = requireLmm(m, "Kenward–Roger");
  const p = model.beta.length;
  const cs = contrasts ?? unitContrasts(p);
  for (const c of cs) if (c.length !== p) throw contrastLength(c.length, p, model.fixefNames);
  const adj = adjustment ?? kenwardRogerAdjust(model);
  const tests = cs.map((c, i) => {
    const est = [...Array(p).keys()].reduce((a, j) => a + c[j] * model.beta[j], 0);
    const se = Math.sqrt(quadForm(c, adj.PhiA, p));
    const { df } = kenwardRogerDf(adj, [c]);
    const t = est / se;
    const unit = [...Array(p).keys()].filter((j) => c[j] !== 0);
    const name = unit.length === 1 && c[unit[0]] === 1 ? model.fixefNames[unit[0]] : `contrast ${i + 1}`;
    return { name, contrast: Float64Array.from(c), estimate: est, se, df, statistic: t, p: ptTwoSided(t, df) };
  });
  return { tests, adjustment: adj, warnings: adj.warnings };
}

/**
 * Kenward–Roger F test of Lβ = 0 (pbkrtest's `KRmodcomp` for a restriction matrix):
 * F = λ (Lβ̂)ᵀ(LΦ_ALᵀ)⁻¹(Lβ̂)/q on (q, df) degrees of freedom.
 */
export function kenwardRogerFTest(m: LmerMod | GlmerMod, L: readonly ArrayLike<number>[], adjustment?: KenwardRogerAdjustment): { F: number; ndf: number; ddf: number; scaling: number; p: number } {
  const model = requireLmm(m, "Kenward–Roger");
  const p = model.beta.length, q = L.length;
  for (const c of L) if (c.length !== p) throw contrastLength(c.length, p, model.fixefNames);
  const adj = adjustment ?? kenwardRogerAdjust(model);
  const { df, scaling } = kenwardRogerDf(adj, L);
  const Lb = L.map((c) => [...Array(p).keys()].reduce((a, j) => a + c[j] * model.beta[j], 0));
  const LPL = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) { let s = 0; for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += L[a][i] * adj.PhiA[i + j * p] * L[b][j]; LPL[a + b * q] = s; }
  const wald = quadForm(Lb, krSymInverse(LPL, q).inv, q);
  const F = (scaling * wald) / q;
  return { F, ndf: q, ddf: df, scaling, p: pfUpper(F, q, df) };
}
