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
 * Σ⁻¹ is dense n×n (from Woodbury: Σ⁻¹ = σ⁻²(W − WZΛ(ΛᵀZᵀWZΛ + I)⁻¹ΛᵀZᵀW)); products with
 * G_r use Z's sparsity, so the cost is O(n² (q + p)) time and O(n²) memory: refused above
 * n = 5000. Structures whose covariance is not linear in its parameters (cs, ar1 with q > 1)
 * are refused; diagonal terms use their diagonal variances.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { ReTerm } from "../model/random.js";
import { symEigen, quadForm, ptTwoSided, pfUpper, unitContrasts, requireLmm, type ContrastTest } from "./ddf.js";
import { contrastLength, krNeedsREML, krStructure, krTooLarge } from "../messages/inference.js";
import { LmeError } from "../messages/error.js";

/** Largest n for the dense Kenward–Roger computation. */
export const KR_MAX_NOBS = 5000;

/** Triplets (row, col, value) of a sparse m×m matrix S in a basis U: G = U S Uᵀ. */
interface Param {
  readonly name: string;
  /** Basis: term index, or −1 for the residual (U = I). */
  readonly basis: number;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
  readonly gamma: number;
}

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

const mul = (A: Float64Array, B: Float64Array, r: number, k: number, c: number, transA = false): Float64Array => {
  // (r×k)(k×c); transA: A is stored k×r.
  const out = new Float64Array(r * c);
  for (let j = 0; j < c; j++)
    for (let l = 0; l < k; l++) {
      const b = B[l + j * k];
      if (b === 0) continue;
      if (transA) for (let i = 0; i < r; i++) out[i + j * r] += A[l + i * k] * b;
      else for (let i = 0; i < r; i++) out[i + j * r] += A[i + l * r] * b;
    }
  return out;
};
const trProd = (A: Float64Array, B: Float64Array, p: number): number => {
  let s = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += A[i + j * p] * B[j + i * p];
  return s;
};

/** Inverse of a symmetric matrix by eigen-decomposition; pseudo-inverse when min |λ| ≤ tol. */
function symInverse(A: Float64Array, k: number, tol = 1e-10): { inv: Float64Array; minAbs: number } {
  const { values, vectors } = symEigen(A, k);
  const minAbs = Math.min(...[...values].map(Math.abs));
  const maxAbs = Math.max(...[...values].map(Math.abs));
  const inv = new Float64Array(k * k);
  for (let e = 0; e < k; e++) {
    const lam = values[e];
    if (minAbs <= tol && Math.abs(lam) <= tol * Math.max(1, maxAbs)) continue;
    for (let j = 0; j < k; j++) for (let i = 0; i < k; i++) inv[i + j * k] += (vectors[i + e * k] * vectors[j + e * k]) / lam;
  }
  return { inv, minAbs };
}

/** Zᵀ M for a term: (ℓq × c) from M (n × c). */
function ztMul(t: ReTerm, M: Float64Array, n: number, c: number): Float64Array {
  const q = t.q, m = t.nLevels * q, out = new Float64Array(m * c);
  for (let i = 0; i < n; i++) {
    const base = t.codes[i] * q;
    for (let a = 0; a < q; a++) {
      const z = t.z[i + a * n];
      if (z === 0) continue;
      for (let j = 0; j < c; j++) out[base + a + j * m] += z * M[i + j * n];
    }
  }
  return out;
}

/** Σ⁻¹ (n×n) at the fit, by Woodbury through the q_tot × q_tot matrix ΛᵀZᵀWZΛ + I. */
function sigmaInverse(model: LmerMod, Ts: Float64Array[], w: Float64Array): Float64Array {
  const { terms } = model.input;
  const n = model.nobs;
  const offs: number[] = [];
  let qt = 0;
  for (const t of terms) { offs.push(qt); qt += t.nLevels * t.q; }
  const ZL = new Float64Array(n * qt);
  terms.forEach((t, k) => {
    const q = t.q, T = Ts[k];
    for (let i = 0; i < n; i++) {
      const base = offs[k] + t.codes[i] * q;
      for (let j = 0; j < q; j++) {
        let s = 0;
        for (let c = j; c < q; c++) s += t.z[i + c * n] * T[c + j * q];
        ZL[i + (base + j) * n] = s;
      }
    }
  });
  // M = ZΛᵀ W ZΛ + I and its Cholesky factor (lower, in place).
  const M = new Float64Array(qt * qt);
  for (let a = 0; a < qt; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += ZL[i + a * n] * w[i] * ZL[i + b * n];
      M[a + b * qt] = s + (a === b ? 1 : 0);
    }
  for (let j = 0; j < qt; j++) {
    let d = M[j + j * qt];
    for (let k = 0; k < j; k++) d -= M[j + k * qt] ** 2;
    if (!(d > 0)) throw new LmeError("numeric", "Kenward–Roger: Λ'Z'WZΛ + I is not positive definite at the estimates");
    d = Math.sqrt(d);
    M[j + j * qt] = d;
    for (let i = j + 1; i < qt; i++) {
      let s = M[i + j * qt];
      for (let k = 0; k < j; k++) s -= M[i + k * qt] * M[j + k * qt];
      M[i + j * qt] = s / d;
    }
  }
  // B = W ZΛ L⁻ᵀ: each row b solves L bᵀ = (W ZΛ)_iᵀ.
  const B = new Float64Array(n * qt), row = new Float64Array(qt);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < qt; a++) {
      let s = w[i] * ZL[i + a * n];
      for (let k = 0; k < a; k++) s -= M[a + k * qt] * row[k];
      row[a] = s / M[a + a * qt];
    }
    for (let a = 0; a < qt; a++) B[i + a * n] = row[a];
  }
  const s2 = model.sigma ** 2;
  const Si = new Float64Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = j; i < n; i++) {
      let s = i === j ? w[i] : 0;
      for (let a = 0; a < qt; a++) s -= B[i + a * n] * B[j + a * n];
      Si[i + j * n] = Si[j + i * n] = s / s2;
    }
  return Si;
}

/** The variance parameters γ of each term (entries of its covariance matrix) and σ². */
function varianceParams(model: LmerMod, Ts: Float64Array[], w: Float64Array): Param[] {
  const out: Param[] = [];
  const s2 = model.sigma ** 2;
  model.input.terms.forEach((t, k) => {
    const q = t.q, kind = t.cov.kind, T = Ts[k];
    if (q > 1 && kind !== "us" && kind !== "diag") throw krStructure(t.group, kind);
    const cov = (i: number, j: number) => { let s = 0; for (let c = 0; c <= Math.min(i, j); c++) s += T[i + c * q] * T[j + c * q]; return s * s2; };
    const block = (pairs: [number, number][], name: string, gamma: number) => {
      const rows: number[] = [], cols: number[] = [];
      for (let l = 0; l < t.nLevels; l++) for (const [a, b] of pairs) { rows.push(l * q + a); cols.push(l * q + b); }
      out.push({ name, basis: k, rows: Int32Array.from(rows), cols: Int32Array.from(cols), vals: new Float64Array(rows.length).fill(1), gamma });
    };
    if (kind === "diag" && q > 1 && t.cov.nTheta === 1) {
      block([...Array(q).keys()].map((i) => [i, i] as [number, number]), `${t.group}.sd^2`, cov(0, 0));
    } else {
      for (let j = 0; j < q; j++)
        for (let i = j; i < q; i++) {
          if (i !== j && kind === "diag") continue;
          block(i === j ? [[i, i]] : [[i, j], [j, i]], i === j ? `${t.group}.${t.names[i]}` : `${t.group}.${t.names[i]}.${t.names[j]}`, cov(i, j));
        }
    }
  });
  const n = model.nobs;
  out.push({
    name: "sigma^2", basis: -1, rows: Int32Array.from({ length: n }, (_, i) => i), cols: Int32Array.from({ length: n }, (_, i) => i),
    vals: Float64Array.from(w, (v) => (v > 0 ? 1 / v : 0)), gamma: s2,
  });
  return out;
}

/**
 * Computes Φ, Φ_A, the P_r and W of a REML LMM (pbkrtest's `vcovAdj`). Throws for GLMMs, ML
 * fits, n > 5000 and covariance structures that are not linear in their parameters.
 */
export function kenwardRogerAdjust(m: LmerMod | GlmerMod): KenwardRogerAdjustment {
  const model = requireLmm(m, "Kenward–Roger");
  if (!model.REML) throw krNeedsREML();
  const n = model.nobs;
  if (n > KR_MAX_NOBS) throw krTooLarge(n, KR_MAX_NOBS);
  const { X, p, terms } = model.input;
  const w = model.input.weights ? Float64Array.from(model.input.weights) : new Float64Array(n).fill(1);
  let off = 0;
  const Ts = terms.map((t) => {
    const T = new Float64Array(t.q * t.q);
    t.cov.lambda(model.theta.subarray(off, off + t.cov.nTheta), T);
    off += t.cov.nTheta;
    return T;
  });
  const params = varianceParams(model, Ts, w);
  const Si = sigmaInverse(model, Ts, w);
  const TT = mul(Si, X, n, n, p); // Σ⁻¹X
  const Phi = symInverse(mul(X, TT, p, n, p, true), p).inv;
  // Bases: term k → Z_k (m_k = ℓ_k q_k), residual → I_n.
  const dims = terms.map((t) => t.nLevels * t.q);
  const ZtSi = terms.map((t) => ztMul(t, Si, n, n)); // m_k × n = (Σ⁻¹Z_k)ᵀ
  const SiZ = ZtSi.map((A, k) => { const mk = dims[k], o = new Float64Array(n * mk); for (let a = 0; a < mk; a++) for (let i = 0; i < n; i++) o[i + a * n] = A[a + i * mk]; return o; });
  const Cache = new Map<string, Float64Array>();
  const dim = (b: number) => (b < 0 ? n : dims[b]);
  const C = (b1: number, b2: number): Float64Array => {
    if (b1 < 0 && b2 < 0) return Si;
    if (b2 < 0) return ZtSi[b1];
    if (b1 < 0) return SiZ[b2];
    const key = `${b1},${b2}`;
    let c = Cache.get(key);
    if (!c) { c = ztMul(terms[b1], SiZ[b2], n, dims[b2]); Cache.set(key, c); }
    return c;
  };
  const Y = (b: number) => (b < 0 ? TT : ztMul(terms[b], TT, n, p));
  const Yb = new Map<number, Float64Array>();
  const getY = (b: number) => { let y = Yb.get(b); if (!y) { y = Y(b); Yb.set(b, y); } return y; };
  // Ar = S_rᵀ Y (for the left factor), Br = S_r Y (for the right factor).
  const applyS = (r: Param, transpose: boolean) => {
    const Yr = getY(r.basis), m = dim(r.basis), out = new Float64Array(m * p);
    for (let t = 0; t < r.rows.length; t++) {
      const src = transpose ? r.rows[t] : r.cols[t], dst = transpose ? r.cols[t] : r.rows[t], v = r.vals[t];
      if (v === 0) continue;
      for (let j = 0; j < p; j++) out[dst + j * m] += v * Yr[src + j * m];
    }
    return out;
  };
  const k = params.length;
  const A = params.map((r) => applyS(r, true));
  const Bm = params.map((r) => applyS(r, false));
  const P = params.map((r, i) => mul(A[i], getY(r.basis), p, dim(r.basis), p, true).map((v) => -v));
  const Q: Float64Array[][] = params.map(() => []);
  const K = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let s = r; s < k; s++) {
      const pr = params[r], ps = params[s], mr = dim(pr.basis), ms = dim(ps.basis);
      const Crs = C(pr.basis, ps.basis), Csr = C(ps.basis, pr.basis);
      const CB = mul(Crs, Bm[s], mr, ms, p);
      Q[r][s] = mul(A[r], CB, p, mr, p, true);
      if (s !== r) Q[s][r] = transposeSq(Q[r][s], p);
      let tr = 0;
      for (let a = 0; a < pr.rows.length; a++) {
        const i = pr.rows[a], j = pr.cols[a], va = pr.vals[a];
        if (va === 0) continue;
        for (let b = 0; b < ps.rows.length; b++) {
          const x = ps.rows[b], y = ps.cols[b], vb = ps.vals[b];
          if (vb !== 0) tr += va * vb * Crs[j + x * mr] * Csr[y + i * ms];
        }
      }
      K[r + s * k] = K[s + r * k] = tr;
    }
  const PhiP = P.map((Pr) => mul(Phi, Pr, p, p, p));
  const IE = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let s = r; s < k; s++) {
      let phiQ = 0;
      for (let t = 0; t < p * p; t++) phiQ += Phi[t] * Q[r][s][t];
      IE[r + s * k] = IE[s + r * k] = K[r + s * k] - 2 * phiQ + trProd(PhiP[r], PhiP[s], p);
    }
  const { inv, minAbs } = symInverse(IE, k);
  const warnings: string[] = [];
  if (minAbs <= 1e-10) warnings.push("Kenward–Roger: the information matrix of the variance parameters is singular; a generalized inverse was used");
  const W = inv.map((v) => 2 * v);
  const U = new Float64Array(p * p);
  for (let r = 0; r < k; r++)
    for (let s = 0; s < k; s++) {
      const PPhiP = mul(P[r], PhiP[s], p, p, p);
      for (let t = 0; t < p * p; t++) U[t] += W[r + s * k] * (Q[r][s][t] - PPhiP[t]);
    }
  const G = mul(mul(Phi, U, p, p, p), Phi, p, p, p);
  const PhiA = Phi.map((v, t) => v + 2 * G[t]);
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) PhiA[i + j * p] = PhiA[j + i * p] = (PhiA[i + j * p] + PhiA[j + i * p]) / 2;
  return { p, gammaNames: params.map((r) => r.name), gamma: Float64Array.from(params, (r) => r.gamma), Phi, PhiA, P, W, warnings };
}

function transposeSq(A: Float64Array, p: number): Float64Array {
  const o = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) o[j + i * p] = A[i + j * p];
  return o;
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
  const LPhi = mul(Lm, Phi, q, p, p);
  const LPL = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) { let s = 0; for (let j = 0; j < p; j++) s += LPhi[a + j * q] * Lm[b + j * q]; LPL[a + b * q] = s; }
  const LPLi = symInverse(LPL, q).inv;
  const Theta = mul(mul(Lm, LPLi, p, q, q, true), Lm, p, q, p); // Lᵀ (LΦLᵀ)⁻¹ L
  const ThetaPhi = mul(Theta, Phi, p, p, p);
  const u = P.map((Pr) => mul(mul(ThetaPhi, Pr, p, p, p), Phi, p, p, p));
  const tr = u.map((ui) => { let s = 0; for (let i = 0; i < p; i++) s += ui[i + i * p]; return s; });
  let A1 = 0, A2 = 0;
  for (let r = 0; r < k; r++)
    for (let s = 0; s < k; s++) {
      A1 += W[r + s * k] * tr[r] * tr[s];
      A2 += W[r + s * k] * trProd(u[r], u[s], p);
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
  const wald = quadForm(Lb, symInverse(LPL, q).inv, q);
  const F = (scaling * wald) / q;
  return { F, ndf: q, ddf: df, scaling, p: pfUpper(F, q, df) };
}
