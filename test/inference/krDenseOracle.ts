/**
 * Test oracle for the Kenward–Roger adjustment: pbkrtest's `vcovAdj` transcribed with dense n×n
 * matrices, as lme4ts computed it before the sparse rewrite — but even more directly: Σ is built
 * as Σ_r γ_r G_r from the variance parameters (so the γ and the G_r are checked too), inverted by
 * a dense Cholesky factorization (no Woodbury), and P_r = −XᵀΣ⁻¹G_rΣ⁻¹X,
 * Q_rs = XᵀΣ⁻¹G_rΣ⁻¹G_sΣ⁻¹X, K_rs = tr(Σ⁻¹G_rΣ⁻¹G_s) are formed from the n×n products.
 * O(n³ k) time and O(n² k) memory: for models of a few hundred observations only.
 */
import type { LmerMod } from "../../src/results/lmerMod.js";
import { krAssemble, krMul, krSymInverse } from "../../src/inference/krAlgebra.js";
import { krLambdas, krVarianceParams } from "../../src/inference/krBlocks.js";
import type { KenwardRogerAdjustment } from "../../src/inference/kenwardRoger.js";

/** G_r as a dense n×n matrix: Z_k S Z_kᵀ for a term parameter, W⁻¹ for σ². */
function denseG(model: LmerMod, term: number, rows: Int32Array, cols: Int32Array): Float64Array {
  const n = model.nobs, G = new Float64Array(n * n);
  if (term < 0) {
    const w = model.input.weights;
    for (let i = 0; i < n; i++) G[i + i * n] = w ? (w[i] > 0 ? 1 / w[i] : 0) : 1;
    return G;
  }
  const t = model.input.terms[term], q = t.q;
  // Z_k as a dense n × ℓq matrix, then G = Z S Zᵀ.
  const m = t.nLevels * q, Z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let a = 0; a < q; a++) Z[i + (t.codes[i] * q + a) * n] = t.z[i + a * n];
  for (let e = 0; e < rows.length; e++) {
    const zi = Z.subarray(rows[e] * n, rows[e] * n + n), zj = Z.subarray(cols[e] * n, cols[e] * n + n);
    for (let b = 0; b < n; b++) { const v = zj[b]; if (v !== 0) for (let a = 0; a < n; a++) G[a + b * n] += zi[a] * v; }
  }
  return G;
}

/** Σ⁻¹ of a dense SPD matrix by Cholesky (lower) and two triangular solves per column. */
function spdInverse(S: Float64Array, n: number): Float64Array {
  const L = Float64Array.from(S);
  for (let j = 0; j < n; j++) {
    let d = L[j + j * n];
    for (let k = 0; k < j; k++) d -= L[j + k * n] ** 2;
    if (!(d > 0)) throw new Error("oracle: Σ is not positive definite");
    d = Math.sqrt(d);
    L[j + j * n] = d;
    for (let i = j + 1; i < n; i++) {
      let s = L[i + j * n];
      for (let k = 0; k < j; k++) s -= L[i + k * n] * L[j + k * n];
      L[i + j * n] = s / d;
    }
  }
  const inv = new Float64Array(n * n), x = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    x.fill(0); x[c] = 1;
    for (let i = 0; i < n; i++) { let s = x[i]; for (let k = 0; k < i; k++) s -= L[i + k * n] * x[k]; x[i] = s / L[i + i * n]; }
    for (let i = n - 1; i >= 0; i--) { let s = x[i]; for (let k = i + 1; k < n; k++) s -= L[k + i * n] * x[k]; x[i] = s / L[i + i * n]; }
    inv.set(x, c * n);
  }
  return inv;
}

/** The Kenward–Roger adjustment of a REML LMM from dense n×n matrices (see the header). */
export function kenwardRogerDense(model: LmerMod): KenwardRogerAdjustment {
  const n = model.nobs, { X, p } = model.input;
  const params = krVarianceParams(model, krLambdas(model));
  const G = params.map((r) => denseG(model, r.term, r.rows, r.cols));
  const Sigma = new Float64Array(n * n);
  params.forEach((r, i) => { for (let t = 0; t < n * n; t++) Sigma[t] += r.gamma * G[i][t]; });
  const Si = spdInverse(Sigma, n);
  const SiX = krMul(Si, X, n, n, p);
  const Phi = krSymInverse(krMul(X, SiX, p, n, p, true), p).inv;
  const SiG = G.map((g) => krMul(Si, g, n, n, n)); // Σ⁻¹G_r
  const GSiX = G.map((g) => krMul(g, SiX, n, n, p)); // G_rΣ⁻¹X
  const k = params.length;
  const P = GSiX.map((gx) => krMul(SiX, gx, p, n, p, true).map((v) => -v));
  const Q: Float64Array[][] = params.map(() => []);
  const K = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let s = 0; s < k; s++) {
      // Q_rs = (Σ⁻¹X)ᵀ G_r Σ⁻¹ G_s Σ⁻¹X
      Q[r][s] = krMul(GSiX[r], krMul(Si, GSiX[s], n, n, p), p, n, p, true);
      let tr = 0;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) tr += SiG[r][a + b * n] * SiG[s][b + a * n];
      K[r + s * k] = tr;
    }
  const { W, PhiA, warnings } = krAssemble({ p, Phi, P, Q, K });
  return { p, gammaNames: params.map((r) => r.name), gamma: Float64Array.from(params, (r) => r.gamma), Phi, PhiA, P, W, warnings };
}
