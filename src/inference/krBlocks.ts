/**
 * The Kenward–Roger building blocks of an LMM without any n×n matrix: Woodbury through the
 * sparse Cholesky factor of M = ΛᵀZᵀWZΛ + I (q×q, q = number of random effects).
 *
 * With Var(y) = Σ = σ²(W⁻¹ + ZΛΛᵀZᵀ), Σ⁻¹ = σ⁻²Ω where Ω = W − WZΛM⁻¹ΛᵀZᵀW. From the weighted
 * cross products A = ZᵀWZ (sparse) and A_ZX = ZᵀWX, with R₁ = ΛᵀA_ZX,
 * R₂ = M⁻¹R₁, R₃ = M⁻¹R₂ and D = M⁻¹ΛᵀA (so that M⁻¹ = I − DΛ, since ΛᵀAΛ = M − I):
 *
 *   F  = XᵀΩX          = VᵀWV + R₂ᵀR₂, V = X − ZΛR₂      (p×p; Φ = σ²F⁻¹)
 *   Y  = ZᵀΩX          = A_ZX − AΛR₂                   (q×p)
 *   Y₂ = ZᵀΩW⁻¹ΩX      = Y − AΛR₃                      (q×p)
 *   C  = ZᵀΩZ          = A − AΛD                       (q×q, dense)
 *   E  = ZᵀΩW⁻¹ΩZ      = C − DᵀD                       (only its diagonal unit blocks)
 *   XᵀΩW⁻¹ΩX          = VᵀWV,   XᵀΩW⁻¹ΩW⁻¹ΩX = VᵀWV − R₂ᵀR₃
 *   tr(ΩW⁻¹ΩW⁻¹)      = n₊ − q + tr(M⁻²)              (n₊: observations with w > 0)
 *
 * (all from ΩW⁻¹Ω = Ω − WZΛM⁻²ΛᵀZᵀW and ΛᵀZᵀΩ = M⁻¹ΛᵀZᵀW). The cost is one pass over the
 * observations for the cross products and one for VᵀWV (sums of squares: XᵀWX − R₁ᵀR₂ would
 * cancel), then q + 2p sparse solves with the factor of M and
 * sparse products with A: O(q (nnz(L) + nnz(A)) + q² q_k), and 8q² bytes for C. C is dense
 * because tr(Σ⁻¹G_rΣ⁻¹G_s) couples every pair of levels; models with more than KR_MAX_Q random
 * effects are refused.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { ReTerm } from "../model/random.js";
import { cscFromTriplets, sparseMatVec, symbolicCholesky, tryNumericCholesky, solveInPlace, type CscMatrix, type NumericCholesky } from "../sparse/index.js";
import { krFactorFailed, krStructure, krTooLarge } from "../messages/inference.js";

/** Largest number of random effects q for Kenward–Roger (its dense q×q matrix C takes 8q² bytes). */
export const KR_MAX_Q = 6000;

/**
 * A variance parameter γ of Σ = Σ γ G: for a term k, G = Z_k S Z_kᵀ with S the 0/1 matrix whose
 * entries (rows[t], cols[t]) are 1 (indices level-major in the term's ℓq random effects); for the
 * residual (term −1), G = W⁻¹.
 */
export interface KrParam {
  readonly name: string;
  readonly term: number;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly gamma: number;
}

/** Each term's relative covariance factor T_k (q_k×q_k lower, column-major) at the fit's θ. */
export function krLambdas(model: LmerMod): Float64Array[] {
  let off = 0;
  return model.input.terms.map((t) => {
    const T = new Float64Array(t.q * t.q);
    t.cov.lambda(model.theta.subarray(off, off + t.cov.nTheta), T);
    off += t.cov.nTheta;
    return T;
  });
}

/**
 * The variance parameters γ (pbkrtest's order): per term the entries (i ≥ j) of its covariance
 * matrix — only the diagonal for `diag`, one common variance for `diag` with a single θ — then σ².
 * Throws for structures whose covariance is not linear in its parameters (cs, ar1 with q > 1).
 */
export function krVarianceParams(model: LmerMod, Ts: readonly Float64Array[]): KrParam[] {
  const out: KrParam[] = [];
  const s2 = model.sigma ** 2;
  model.input.terms.forEach((t, k) => {
    const q = t.q, kind = t.cov.kind, T = Ts[k];
    if (q > 1 && kind !== "us" && kind !== "diag") throw krStructure(t.group, kind);
    const cov = (i: number, j: number) => { let s = 0; for (let c = 0; c <= Math.min(i, j); c++) s += T[i + c * q] * T[j + c * q]; return s * s2; };
    const block = (pairs: [number, number][], name: string, gamma: number) => {
      const rows: number[] = [], cols: number[] = [];
      for (let l = 0; l < t.nLevels; l++) for (const [a, b] of pairs) { rows.push(l * q + a); cols.push(l * q + b); }
      out.push({ name, term: k, rows: Int32Array.from(rows), cols: Int32Array.from(cols), gamma });
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
  out.push({ name: "sigma^2", term: -1, rows: new Int32Array(0), cols: new Int32Array(0), gamma: s2 });
  return out;
}

/** The blocks of the header comment (column-major; unscaled by σ). */
export interface KrBlocks {
  readonly q: number;
  readonly p: number;
  /** First random effect of each term (length K + 1). */
  readonly offs: Int32Array;
  /** Observations with positive prior weight. */
  readonly nPos: number;
  readonly F: Float64Array;
  readonly Y: Float64Array;
  readonly Y2: Float64Array;
  /** F − R₂ᵀR₂ = XᵀΩW⁻¹ΩX, summed over the observations as VᵀWV (see krBlocks). */
  readonly VWV: Float64Array;
  /** R₂ᵀR₃ = R₂ᵀM⁻¹R₂ (p×p). */
  readonly R23: Float64Array;
  readonly C: Float64Array;
  /** Per term, its ℓ diagonal q_k×q_k unit blocks of E (level l at offset l q_k²). */
  readonly E: readonly Float64Array[];
  /** tr(M⁻²). */
  readonly trM2: number;
}

/** Λ and Λᵀ applied in place to a q-vector (block diagonal: T_k per level). */
function lambdaOps(terms: readonly ReTerm[], Ts: readonly Float64Array[], offs: Int32Array) {
  const apply = (x: Float64Array, transpose: boolean) => {
    for (let k = 0; k < terms.length; k++) {
      const qk = terms[k].q, T = Ts[k], lo = offs[k], hi = offs[k + 1];
      if (qk === 1) { const t = T[0]; for (let i = lo; i < hi; i++) x[i] *= t; continue; }
      for (let u = lo; u < hi; u += qk) {
        if (transpose) for (let b = 0; b < qk; b++) { let s = 0; for (let c = b; c < qk; c++) s += T[c + b * qk] * x[u + c]; x[u + b] = s; }
        else for (let c = qk - 1; c >= 0; c--) { let s = 0; for (let b = 0; b <= c; b++) s += T[c + b * qk] * x[u + b]; x[u + c] = s; }
      }
    }
  };
  return { lam: (x: Float64Array) => apply(x, false), lamT: (x: Float64Array) => apply(x, true) };
}

/** A = ZᵀWZ (sparse, both triangles), A_ZX (q×p) and n₊, in one pass over the observations. */
function weightedCrossProducts(model: LmerMod, offs: Int32Array, q: number) {
  const { X, p, terms, weights } = model.input;
  const n = model.nobs;
  const width = terms.reduce((s, t) => s + t.q, 0);
  const idx = new Int32Array(width), zv = new Float64Array(width);
  let cap = Math.max(16, n * width * width);
  let ti = new Int32Array(cap), tj = new Int32Array(cap), tx = new Float64Array(cap);
  const AZX = new Float64Array(q * p);
  let nt = 0, nPos = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i] : 1;
    if (!(wi > 0)) continue;
    nPos++;
    let c = 0;
    terms.forEach((t, k) => {
      const base = offs[k] + t.codes[i] * t.q;
      for (let a = 0; a < t.q; a++) { const z = t.z[i + a * n]; if (z !== 0) { idx[c] = base + a; zv[c++] = z; } }
    });
    if (nt + c * c > cap) {
      cap = 2 * (nt + c * c);
      const gi = new Int32Array(cap), gj = new Int32Array(cap), gx = new Float64Array(cap);
      gi.set(ti); gj.set(tj); gx.set(tx); ti = gi; tj = gj; tx = gx;
    }
    for (let a = 0; a < c; a++) {
      const wz = wi * zv[a];
      for (let b = 0; b < c; b++) { ti[nt] = idx[a]; tj[nt] = idx[b]; tx[nt++] = wz * zv[b]; }
      for (let j = 0; j < p; j++) AZX[idx[a] + j * q] += wz * X[i + j * n];
    }
  }
  const A = cscFromTriplets(q, q, ti.subarray(0, nt), tj.subarray(0, nt), tx.subarray(0, nt));
  return { A, AZX, nPos };
}

/** VᵀWV (p×p) with V = X − ZB for a q×p matrix B (here ΛR₂), one pass over the observations. */
function residualCrossProduct(model: LmerMod, offs: Int32Array, B: Float64Array, q: number): Float64Array {
  const { X, p, terms, weights } = model.input;
  const n = model.nobs, out = new Float64Array(p * p), v = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i] : 1;
    if (!(wi > 0)) continue;
    for (let j = 0; j < p; j++) v[j] = X[i + j * n];
    terms.forEach((t, k) => {
      const base = offs[k] + t.codes[i] * t.q;
      for (let a = 0; a < t.q; a++) {
        const z = t.z[i + a * n];
        if (z !== 0) for (let j = 0; j < p; j++) v[j] -= z * B[base + a + j * q];
      }
    });
    for (let j = 0; j < p; j++) { const wv = wi * v[j]; for (let l = 0; l <= j; l++) out[l + j * p] += wv * v[l]; }
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) out[j + l * p] = out[l + j * p];
  return out;
}

/** M = ΛᵀAΛ + I (sparse, both triangles): each entry of A spreads over its two units' Λ blocks. */
function penalizedMatrix(A: CscMatrix, terms: readonly ReTerm[], Ts: readonly Float64Array[], offs: Int32Array): CscMatrix {
  const q = A.n;
  const uBase = new Int32Array(q), uTerm = new Int32Array(q);
  terms.forEach((t, k) => { for (let i = offs[k]; i < offs[k + 1]; i++) { uTerm[i] = k; uBase[i] = i - ((i - offs[k]) % t.q); } });
  let count = q;
  for (let c = 0; c < q; c++) for (let t = A.colptr[c]; t < A.colptr[c + 1]; t++) count += (A.rowind[t] - uBase[A.rowind[t]] + 1) * (c - uBase[c] + 1);
  const mi = new Int32Array(count), mj = new Int32Array(count), mx = new Float64Array(count);
  let nt = 0;
  for (let c = 0; c < q; c++) {
    const uc = uBase[c], cl = c - uc, qc = terms[uTerm[c]].q, Tc = Ts[uTerm[c]];
    for (let t = A.colptr[c]; t < A.colptr[c + 1]; t++) {
      const r = A.rowind[t], v = A.values[t];
      const ur = uBase[r], rl = r - ur, qr = terms[uTerm[r]].q, Tr = Ts[uTerm[r]];
      for (let il = 0; il <= rl; il++) {
        const lri = Tr[rl + il * qr] * v;
        for (let jl = 0; jl <= cl; jl++) { mi[nt] = ur + il; mj[nt] = uc + jl; mx[nt++] = lri * Tc[cl + jl * qc]; }
      }
    }
  }
  for (let j = 0; j < q; j++) { mi[nt] = j; mj[nt] = j; mx[nt++] = 1; }
  return cscFromTriplets(q, q, mi, mj, mx);
}

/** The blocks of the header comment at the fit's θ (T_k from `krLambdas`). */
export function krBlocks(model: LmerMod, Ts: readonly Float64Array[]): KrBlocks {
  const { p, terms } = model.input;
  const K = terms.length;
  const offs = new Int32Array(K + 1);
  terms.forEach((t, k) => { offs[k + 1] = offs[k] + t.nLevels * t.q; });
  const q = offs[K];
  if (q > KR_MAX_Q) throw krTooLarge(q, KR_MAX_Q);
  const { A, AZX, nPos } = weightedCrossProducts(model, offs, q);
  const M = penalizedMatrix(A, terms, Ts, offs);
  const S = symbolicCholesky(M, "amd");
  const L: NumericCholesky = { S, values: new Float64Array(S.nnzL) };
  if (tryNumericCholesky(M, S, L) >= 0) throw krFactorFailed();
  const { lam, lamT } = lambdaOps(terms, Ts, offs);
  const tmp = new Float64Array(q);
  /** y ← y − AΛx. */
  const subALam = (x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < q; i++) tmp[i] = -x[i];
    lam(tmp);
    sparseMatVec(A, tmp, y);
  };
  const dot = (a: Float64Array, b: Float64Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
  // Fixed-effects blocks: p columns each.
  const R2 = Float64Array.from(AZX), R3 = new Float64Array(q * p), Y = Float64Array.from(AZX);
  for (let j = 0; j < p; j++) {
    const r2 = R2.subarray(j * q, j * q + q), r3 = R3.subarray(j * q, j * q + q);
    lamT(r2); // R₁ = ΛᵀA_ZX
    solveInPlace(L, r2);
    r3.set(r2); solveInPlace(L, r3);
    subALam(r2, Y.subarray(j * q, j * q + q));
  }
  const Y2 = Float64Array.from(Y);
  for (let j = 0; j < p; j++) subALam(R3.subarray(j * q, j * q + q), Y2.subarray(j * q, j * q + q));
  // F − R₂ᵀR₂ = XᵀΩW⁻¹ΩX = VᵀWV with V = X − ZΛR₂ (ΩX = WV), summed over the observations:
  // a sum of squares, without the cancellation of XᵀWX − R₁ᵀR₂ − R₂ᵀR₂ (F = VᵀWV + R₂ᵀR₂).
  const LR2 = Float64Array.from(R2);
  for (let j = 0; j < p; j++) lam(LR2.subarray(j * q, j * q + q));
  const VWV = residualCrossProduct(model, offs, LR2, q);
  const F = new Float64Array(p * p), R22 = new Float64Array(p * p), R23 = new Float64Array(p * p);
  for (let j = 0; j < p; j++)
    for (let l = 0; l < p; l++) {
      const cj = R2.subarray(j * q, j * q + q);
      R22[l + j * p] = dot(R2.subarray(l * q, l * q + q), cj);
      R23[l + j * p] = dot(R2.subarray(l * q, l * q + q), R3.subarray(j * q, j * q + q));
      F[l + j * p] = VWV[l + j * p] + R22[l + j * p];
    }
  // C = A − AΛD column by column, one unit (term k, level l: q_k columns) at a time; from the
  // unit's columns of D also E's diagonal unit block and the unit's columns of M⁻¹ = I − DΛ.
  const C = new Float64Array(q * q);
  const E = terms.map((t) => new Float64Array(t.nLevels * t.q * t.q));
  const mcol = new Float64Array(q);
  let trM2 = 0;
  terms.forEach((t, k) => {
    const qk = t.q, T = Ts[k], Dk = new Float64Array(q * qk), Ek = E[k];
    for (let l = 0; l < t.nLevels; l++) {
      const u = offs[k] + l * qk;
      for (let a = 0; a < qk; a++) {
        const j = u + a, cc = C.subarray(j * q, j * q + q), d = Dk.subarray(a * q, a * q + q);
        for (let s = A.colptr[j]; s < A.colptr[j + 1]; s++) cc[A.rowind[s]] = A.values[s];
        d.set(cc);
        lamT(d);
        solveInPlace(L, d);
        subALam(d, cc);
      }
      for (let a = 0; a < qk; a++) {
        for (let b = 0; b < qk; b++) { let s = 0; for (let i = 0; i < q; i++) s += Dk[i + a * q] * Dk[i + b * q]; Ek[l * qk * qk + a + b * qk] = C[u + a + (u + b) * q] - s; }
        mcol.fill(0);
        for (let c = a; c < qk; c++) { const tca = T[c + a * qk]; if (tca !== 0) for (let i = 0; i < q; i++) mcol[i] -= Dk[i + c * q] * tca; }
        mcol[u + a] += 1;
        trM2 += dot(mcol, mcol);
      }
    }
  });
  return { q, p, offs, nPos, F, VWV, Y, Y2, R23, C, E, trM2 };
}
