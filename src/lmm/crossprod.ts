/**
 * The cross-product blocks of the weighted [Z X y] (MixedModels.jl's design): formed once, so
 * that each θ evaluation costs nothing per observation.
 *
 * Ordering: term 0 (most levels) is the "first" block; its ZᵀZ block is block-diagonal (one
 * q0×q0 block per level). Terms 1..K-1 form the "rest" (m = Σ ℓ_k q_k rows, level-major per
 * term, terms concatenated — lme4's u order). P = p + 1 rows of [X y]ᵀ.
 *
 * Blocks (all weighted by the prior weights w):
 * - a11: per level ℓ of term 0, Σ_{g0(i)=ℓ} w_i z0_i z0_iᵀ (q0×q0).
 * - r1:  per level ℓ of term 0, the rest rows touched by its observations (whole units of
 *        q_k rows) and the dense block Σ w_i z_k,i z0_iᵀ (rows × q0, column-major).
 * - ax1: [X y]ᵀ W Z0, P × ℓ0q0.
 * - rr:  the lower part of Z_restᵀ W Z_rest as unit pairs (u ≥ v) with dense q_u×q_v blocks.
 * - axr: [X y]ᵀ W Z_rest, P × m.
 * - axx: [X y]ᵀ W [X y], P × P.
 */
import type { ReTerm } from "../model/random.js";

/** The rest block's units: one unit per (term ≥ 1, level), each q_k rows. */
export interface RestUnits {
  readonly m: number;
  readonly count: number;
  /** First rest row of each unit. */
  readonly start: Int32Array;
  /** Rows (q) of each unit. */
  readonly size: Int32Array;
  /** Term index (1..K-1) of each unit. */
  readonly term: Int32Array;
  /** First unit of each term (index by term; entry 0 unused). */
  readonly termBase: Int32Array;
}

export interface CrossProducts {
  readonly n: number;
  readonly p: number;
  readonly P: number;
  readonly K: number;
  readonly q0: number;
  readonly l0: number;
  readonly units: RestUnits;
  readonly a11: Float64Array;
  /** r1 row pattern: rows of level ℓ are r1Rows[r1Ptr[ℓ] .. r1Ptr[ℓ+1]) (sorted rest rows). */
  readonly r1Ptr: Int32Array;
  readonly r1Rows: Int32Array;
  /** r1 values: level ℓ's block is (nRows × q0) column-major at offset r1Ptr[ℓ] * q0. */
  readonly r1Val: Float64Array;
  readonly ax1: Float64Array;
  /** rr unit pairs (u ≥ v): pairU, pairV, and value offsets into rrVal (q_u × q_v column-major). */
  readonly pairU: Int32Array;
  readonly pairV: Int32Array;
  readonly pairOff: Int32Array;
  readonly rrVal: Float64Array;
  readonly axr: Float64Array;
  readonly axx: Float64Array;
  /** Σ log w_i over observations with w_i > 0 (lme4's ldW). */
  readonly logDetW: number;
}

function restUnits(terms: readonly ReTerm[]): RestUnits {
  const K = terms.length;
  const termBase = new Int32Array(K + 1);
  let count = 0;
  for (let k = 1; k < K; k++) { termBase[k] = count; count += terms[k].nLevels; }
  termBase[K] = count;
  const start = new Int32Array(count), size = new Int32Array(count), term = new Int32Array(count);
  let row = 0;
  for (let k = 1; k < K; k++) {
    const t = terms[k];
    for (let l = 0; l < t.nLevels; l++) {
      const u = termBase[k] + l;
      start[u] = row; size[u] = t.q; term[u] = k; row += t.q;
    }
  }
  return { m: row, count, start, size, term, termBase };
}

/**
 * Forms all cross-product blocks from the model matrices. X is n×p column-major, y length n,
 * w the prior weights (or null for unit weights). Cost O(n · (Σq)²) once.
 */
export function crossProducts(X: Float64Array, p: number, y: Float64Array, w: Float64Array | null, terms: readonly ReTerm[]): CrossProducts {
  const n = y.length, P = p + 1, K = terms.length;
  const t0 = terms[0], q0 = t0.q, l0 = t0.nLevels;
  const units = restUnits(terms);
  const sw = new Float64Array(n);
  let logDetW = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    sw[i] = Math.sqrt(wi);
    if (w && wi > 0) logDetW += Math.log(wi);
  }
  // Weighted rows: xy_i = sqrt(w_i) [x_i, y_i], zk_i = sqrt(w_i) z_k,i.
  const xyRow = (i: number, out: Float64Array) => {
    for (let j = 0; j < p; j++) out[j] = X[i + j * n] * sw[i];
    out[p] = y[i] * sw[i];
  };
  const zRow = (k: number, i: number, out: Float64Array) => {
    const t = terms[k];
    for (let c = 0; c < t.q; c++) out[c] = t.z[i + c * n] * sw[i];
  };
  const xy = new Float64Array(P);
  const z0 = new Float64Array(q0);
  const zk = terms.map((t) => new Float64Array(t.q));

  const a11 = new Float64Array(l0 * q0 * q0);
  const ax1 = new Float64Array(P * l0 * q0);
  const axr = new Float64Array(P * units.m);
  const axx = new Float64Array(P * P);
  // Sparse accumulators keyed by (level of term 0, rest unit) and (unit u, unit v).
  const r1Map = new Map<number, Float64Array>();
  const rrMap = new Map<number, Float64Array>();
  const U = units.count;

  for (let i = 0; i < n; i++) {
    if (sw[i] === 0) continue;
    xyRow(i, xy);
    zRow(0, i, z0);
    const l = t0.codes[i];
    for (let a = 0; a < q0; a++) for (let b = 0; b < q0; b++) a11[l * q0 * q0 + a + b * q0] += z0[a] * z0[b];
    for (let c = 0; c < q0; c++) {
      const col = (l * q0 + c) * P;
      for (let j = 0; j < P; j++) ax1[col + j] += xy[j] * z0[c];
    }
    for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) axx[a + b * P] += xy[a] * xy[b];
    for (let k = 1; k < K; k++) {
      const tk = terms[k], qk = tk.q, zr = zk[k];
      zRow(k, i, zr);
      const u = units.termBase[k] + tk.codes[i];
      const r0 = units.start[u];
      for (let c = 0; c < qk; c++) {
        const col = (r0 + c) * P;
        for (let j = 0; j < P; j++) axr[col + j] += xy[j] * zr[c];
      }
      const key = l * U + u;
      let blk = r1Map.get(key);
      if (!blk) { blk = new Float64Array(qk * q0); r1Map.set(key, blk); }
      for (let a = 0; a < qk; a++) for (let b = 0; b < q0; b++) blk[a + b * qk] += zr[a] * z0[b];
      for (let k2 = 1; k2 <= k; k2++) {
        const t2 = terms[k2], q2 = t2.q, z2 = zk[k2];
        const v = units.termBase[k2] + t2.codes[i];
        const key2 = u * U + v;
        let b2 = rrMap.get(key2);
        if (!b2) { b2 = new Float64Array(qk * q2); rrMap.set(key2, b2); }
        for (let a = 0; a < qk; a++) for (let b = 0; b < q2; b++) b2[a + b * qk] += zr[a] * z2[b];
      }
    }
  }
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) axx[b + a * P] = axx[a + b * P];

  // r1: group by level of term 0, units sorted.
  const byLevel: number[][] = Array.from({ length: l0 }, () => []);
  for (const key of r1Map.keys()) byLevel[Math.floor(key / U)].push(key % U);
  const r1Ptr = new Int32Array(l0 + 1);
  for (let l = 0; l < l0; l++) {
    byLevel[l].sort((a, b) => a - b);
    let rows = 0;
    for (const u of byLevel[l]) rows += units.size[u];
    r1Ptr[l + 1] = r1Ptr[l] + rows;
  }
  const r1Rows = new Int32Array(r1Ptr[l0]);
  const r1Val = new Float64Array(r1Ptr[l0] * q0);
  for (let l = 0; l < l0; l++) {
    const nr = r1Ptr[l + 1] - r1Ptr[l];
    let r = 0;
    for (const u of byLevel[l]) {
      const blk = r1Map.get(l * U + u)!, qu = units.size[u];
      for (let a = 0; a < qu; a++) {
        r1Rows[r1Ptr[l] + r + a] = units.start[u] + a;
        for (let b = 0; b < q0; b++) r1Val[r1Ptr[l] * q0 + (r + a) + b * nr] = blk[a + b * qu];
      }
      r += qu;
    }
  }
  // rr pairs.
  const keys = [...rrMap.keys()].sort((a, b) => a - b);
  const pairU = new Int32Array(keys.length), pairV = new Int32Array(keys.length), pairOff = new Int32Array(keys.length + 1);
  keys.forEach((key, idx) => {
    pairU[idx] = Math.floor(key / U); pairV[idx] = key % U;
    pairOff[idx + 1] = pairOff[idx] + units.size[pairU[idx]] * units.size[pairV[idx]];
  });
  const rrVal = new Float64Array(pairOff[keys.length]);
  keys.forEach((key, idx) => rrVal.set(rrMap.get(key)!, pairOff[idx]));
  return { n, p, P, K, q0, l0, units, a11, r1Ptr, r1Rows, r1Val, ax1, pairU, pairV, pairOff, rrVal, axr, axx, logDetW };
}
