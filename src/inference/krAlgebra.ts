/**
 * The p×p algebra of the Kenward–Roger adjustment (pbkrtest's `vcovAdj`), shared by the sparse
 * computation of its pieces (`krBlocks.ts`) and the dense n×n test oracle: from Φ = (XᵀΣ⁻¹X)⁻¹
 * and, for the variance parameters γ_r of Σ = Σ_r γ_r G_r,
 *
 *   P_r = −XᵀΣ⁻¹G_rΣ⁻¹X,  Q_rs = XᵀΣ⁻¹G_rΣ⁻¹G_sΣ⁻¹X,  K_rs = tr(Σ⁻¹G_rΣ⁻¹G_s),
 *
 * it forms the expected information I_rs = K_rs − 2 tr(ΦQ_rs) + tr(ΦP_rΦP_s), W = 2 I⁻¹,
 * U = Σ_rs W_rs (Q_rs − P_rΦP_s) and Φ_A = Φ + 2ΦUΦ (pbkrtest's R_rs term is zero: Σ is linear
 * in γ). All matrices are column-major Float64Arrays.
 */
import { symEigen } from "./ddf.js";
import { krSingularInformation } from "../messages/inference.js";

/** (r×k)(k×c) product; `transA`: A is stored k×r and its transpose is used. */
export function krMul(A: Float64Array, B: Float64Array, r: number, k: number, c: number, transA = false): Float64Array {
  const out = new Float64Array(r * c);
  for (let j = 0; j < c; j++)
    for (let l = 0; l < k; l++) {
      const b = B[l + j * k];
      if (b === 0) continue;
      if (transA) for (let i = 0; i < r; i++) out[i + j * r] += A[l + i * k] * b;
      else for (let i = 0; i < r; i++) out[i + j * r] += A[i + l * r] * b;
    }
  return out;
}

/** tr(AB) of two p×p matrices. */
export function krTrProd(A: Float64Array, B: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += A[i + j * p] * B[j + i * p];
  return s;
}

/** Inverse of a symmetric k×k matrix by eigen-decomposition; pseudo-inverse when min |λ| ≤ tol. */
export function krSymInverse(A: Float64Array, k: number, tol = 1e-10): { inv: Float64Array; minAbs: number } {
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

/** The pieces of the adjustment for k variance parameters (p×p matrices; K is k×k). */
export interface KrPieces {
  readonly p: number;
  readonly Phi: Float64Array;
  readonly P: readonly Float64Array[];
  /** Q[r][s] for all r, s (Q[s][r] = Q[r][s]ᵀ). */
  readonly Q: readonly (readonly Float64Array[])[];
  readonly K: Float64Array;
}

/** W = 2 I⁻¹, Φ_A = Φ + 2ΦUΦ (symmetrized) and the warnings of a singular information matrix. */
export function krAssemble(pc: KrPieces): { W: Float64Array; PhiA: Float64Array; warnings: string[] } {
  const { p, Phi, P, Q, K } = pc;
  const k = P.length;
  const PhiP = P.map((Pr) => krMul(Phi, Pr, p, p, p));
  const IE = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let s = r; s < k; s++) {
      let phiQ = 0;
      for (let t = 0; t < p * p; t++) phiQ += Phi[t] * Q[r][s][t];
      IE[r + s * k] = IE[s + r * k] = K[r + s * k] - 2 * phiQ + krTrProd(PhiP[r], PhiP[s], p);
    }
  const { inv, minAbs } = krSymInverse(IE, k);
  const warnings: string[] = [];
  if (minAbs <= 1e-10) warnings.push(krSingularInformation());
  const W = inv.map((v) => 2 * v);
  const U = new Float64Array(p * p);
  for (let r = 0; r < k; r++)
    for (let s = 0; s < k; s++) {
      const PPhiP = krMul(P[r], PhiP[s], p, p, p);
      for (let t = 0; t < p * p; t++) U[t] += W[r + s * k] * (Q[r][s][t] - PPhiP[t]);
    }
  const G = krMul(krMul(Phi, U, p, p, p), Phi, p, p, p);
  const PhiA = Phi.map((v, t) => v + 2 * G[t]);
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) PhiA[i + j * p] = PhiA[j + i * p] = (PhiA[i + j * p] + PhiA[j + i * p]) / 2;
  return { W, PhiA, warnings };
}

/** Aᵀ of a p×p matrix. */
export function krTranspose(A: Float64Array, p: number): Float64Array {
  const o = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) o[j + i * p] = A[i + j * p];
  return o;
}
