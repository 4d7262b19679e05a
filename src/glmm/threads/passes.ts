/**
 * The per-observation passes of PIRLS for the fused families (binomial/logit, poisson/log) with
 * scalar random-effects terms, cut into two chunks that either thread can run (passes are plain
 * functions of a `PassArrays` record whose arrays live in shared memory):
 *
 * - `muPass` (chunk c = observations [0, cut) or [cut, n)): η_i = η_off,i + Σ_k z_k,i b[idx_k,i]
 *   (η_off = offset + Xβ formed in the same loop when β moved), then μ, μ'(η), V(μ) and the
 *   deviance residual in one loop (fused.ts's formulas, same expressions and so the same bits per
 *   observation), and the chunk's Σ devResid. Observations where lme4's clamps bite are listed for
 *   the calling thread (`finishMu`), which has the family's exact scalar functions.
 * - `fillPass` (chunk c = the observations of term-0 levels [0, levelCut) or [levelCut, ℓ₀), in
 *   increasing i): working weight √w_i = √(wt μ'² / V) and response z_i = η_i − base + (y − μ)/μ',
 *   then the weighted cross products. The term-0 blocks (a11, ax1, r1Val) of a level are filled by
 *   one chunk, in the order of the one-pass fill; the blocks summed over all levels (axr, rrVal,
 *   axx) are filled per chunk (chunk 0 into the model's arrays, chunk 1 into partials) and added
 *   in that order by `finishFill`.
 *
 * The chunks do not depend on the number of threads: one thread runs both, in order, so results
 * are the same to the last bit with one or two threads. Compared with the unchunked passes, only
 * the sums over all observations (Σ devResid, axr, rrVal, axx) are added in another order.
 */
import { expSmall, log1pUnit, EXP_SMALL_MAX } from "../family/fastmath.js";
import { LOGIT_FAST_MAX, LOG_FAST_MIN } from "../family/fused.js";

/** Cross-product target of one PIRLS variant (u only: P = 1; (u, β): P = p + 1). */
export interface FillTarget {
  readonly P: number;
  readonly a11: Float64Array;
  readonly ax1: Float64Array;
  readonly r1Val: Float64Array;
  /** Chunk 0's sums (the model's arrays) and chunk 1's partials. */
  readonly axr: readonly [Float64Array, Float64Array];
  readonly rrVal: readonly [Float64Array, Float64Array];
  readonly axx: readonly [Float64Array, Float64Array];
}

/** Everything both threads read and write (typed arrays over SharedArrayBuffers when threaded). */
export interface PassArrays {
  /** 0: binomial/logit, 1: poisson/log. */
  readonly kind: number;
  readonly n: number;
  readonly K: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly wt: Float64Array;
  /** binomial: y log y + (1 − y) log(1 − y); poisson: y log y − y (fused.ts). */
  readonly h: Float64Array;
  readonly X: Float64Array;
  /** Length n, or 0 when the model has no offset. */
  readonly offset: Float64Array;
  readonly zIdx: Int32Array;
  readonly zVal: Float64Array;
  readonly beta: Float64Array;
  /** Λu (length of u). */
  readonly b: Float64Array;
  readonly eta: Float64Array;
  readonly etaOff: Float64Array;
  readonly mu: Float64Array;
  readonly muEta: Float64Array;
  readonly vari: Float64Array;
  readonly dres: Float64Array;
  readonly sw: Float64Array;
  readonly zw: Float64Array;
  /** muPass chunks: [0, cut) and [cut, n). */
  readonly cut: number;
  /** fillPass chunks: order[0, listCut) and order[listCut, n) (observations by term-0 level chunk). */
  readonly order: Int32Array;
  readonly listCut: number;
  /** Term-0 levels of fill chunk 0 ([0, levelCut)) and their r1Val entries ([0, r1Cut)). */
  readonly levelCut: number;
  readonly l0: number;
  readonly r1Cut: number;
  /** Per observation and term k ≥ 1: rest row, r1Val index; per term pair: rrVal index. */
  readonly axrCol: Int32Array;
  readonly r1Idx: Int32Array;
  readonly rrIdx: Int32Array;
  readonly targets: readonly [FillTarget, FillTarget];
  /** Per chunk: Σ devResid of the fast observations, count of exact-path observations. */
  readonly sums: Float64Array;
  readonly nSlow: Int32Array;
  /** Exact-path observations of chunk c from index (c ? cut : 0). */
  readonly slow: Int32Array;
  /** Scratch per chunk: weighted row (P values) and z_k (K values). */
  readonly rowScr: readonly [Float64Array, Float64Array];
  readonly zScr: readonly [Float64Array, Float64Array];
}


/** η_off = offset + Xβ on [i0, i1), in fixedPart's order (two columns per sweep). */
function fixedRange(a: PassArrays, i0: number, i1: number): void {
  const { n, p, X, beta, offset, etaOff } = a;
  for (let i = i0; i < i1; i++) etaOff[i] = offset.length ? offset[i]! : 0;
  let j = 0;
  for (; j + 1 < p; j += 2) {
    const b0 = beta[j]!, b1 = beta[j + 1]!, c0 = j * n, c1 = c0 + n;
    for (let i = i0; i < i1; i++) etaOff[i] = etaOff[i]! + X[c0 + i]! * b0 + X[c1 + i]! * b1;
  }
  if (j < p) {
    const b0 = beta[j]!, c0 = j * n;
    for (let i = i0; i < i1; i++) etaOff[i] += X[c0 + i]! * b0;
  }
}

/**
 * Chunk c of the μ pass (see the file comment); `fixed` first forms η_off from β. Sets
 * sums[c] (fast observations) and nSlow[c].
 */
export function muPass(a: PassArrays, c: number, fixed: boolean): void {
  const i0 = c ? a.cut : 0, i1 = c ? a.n : a.cut;
  if (fixed) fixedRange(a, i0, i1);
  const { K, zIdx, zVal, b, eta, etaOff, mu, muEta, vari, dres, y, wt, h, slow } = a;
  let s = 0, ns = 0;
  if (a.kind === 0) {
    // Two sweeps (as fused.ts): η and e = e^(−|η|) (kept in vari), then μ, μ', V and devResid, so
    // that consecutive observations' exponentials overlap instead of waiting on one chain.
    for (let i = i0; i < i1; i++) {
      let x = etaOff[i]!;
      if (K === 2) x = x + zVal[2 * i]! * b[zIdx[2 * i]!]! + zVal[2 * i + 1]! * b[zIdx[2 * i + 1]!]!;
      else for (let k = 0; k < K; k++) x += zVal[i * K + k]! * b[zIdx[i * K + k]!]!;
      eta[i] = x;
      const ax = x < 0 ? -x : x;
      if (ax > LOGIT_FAST_MAX) { slow[i0 + ns++] = i; vari[i] = -1; continue; }
      vari[i] = expSmall(-ax);
    }
    for (let i = i0; i < i1; i++) {
      const e = vari[i]!;
      if (e < 0) continue;
      const x = eta[i]!, inv = 1 / (1 + e);
      const m = x >= 0 ? inv : e * inv;
      mu[i] = m;
      muEta[i] = e * inv * inv;
      vari[i] = m * (1 - m);
      const d = 2 * wt[i]! * (log1pUnit(e) + (x > 0 ? x : 0) - y[i]! * x + h[i]!);
      dres[i] = d;
      s += d;
    }
  } else {
    for (let i = i0; i < i1; i++) {
      let x = etaOff[i]!;
      if (K === 2) x = x + zVal[2 * i]! * b[zIdx[2 * i]!]! + zVal[2 * i + 1]! * b[zIdx[2 * i + 1]!]!;
      else for (let k = 0; k < K; k++) x += zVal[i * K + k]! * b[zIdx[i * K + k]!]!;
      eta[i] = x;
      if (!(x >= LOG_FAST_MIN && x <= EXP_SMALL_MAX)) { slow[i0 + ns++] = i; continue; }
      const m = expSmall(x);
      mu[i] = m; muEta[i] = m; vari[i] = m;
      const d = 2 * wt[i]! * (h[i]! - y[i]! * x + m);
      dres[i] = d;
      s += d;
    }
  }
  a.sums[c] = s;
  a.nSlow[c] = ns;
}

/**
 * Chunk c of the fill pass into target `t` (see the file comment); `withBeta` puts only the
 * offset (not Xβ) into the working response's base, as pirls' workingSystem.
 */
export function fillPass(a: PassArrays, c: number, t: number, withBeta: boolean): void {
  const T = a.targets[t]!, P = T.P, p = P - 1;
  const { n, K, order, zIdx, zVal, axrCol, r1Idx, rrIdx, eta, etaOff, offset, mu, muEta, vari, y, wt, sw, zw, X } = a;
  const { a11, ax1, r1Val } = T, axr = T.axr[c]!, rrVal = T.rrVal[c]!, axx = T.axx[c]!;
  const l0 = c ? a.levelCut : 0, l1 = c ? a.l0 : a.levelCut;
  a11.fill(0, l0, l1); ax1.fill(0, l0 * P, l1 * P);
  r1Val.fill(0, c ? a.r1Cut : 0, c ? r1Val.length : a.r1Cut);
  axr.fill(0); rrVal.fill(0); axx.fill(0);
  const v = a.rowScr[c]!, zr = a.zScr[c]!, K1 = K - 1, np = (K1 * K) / 2;
  const t0 = c ? a.listCut : 0, t1 = c ? n : a.listCut;
  const hasOff = offset.length > 0;
  for (let q = t0; q < t1; q++) {
    const i = order[q]!;
    const me = muEta[i]!;
    const s = Math.sqrt((wt[i]! * me * me) / vari[i]!);
    const base = withBeta ? (hasOff ? offset[i]! : 0) : etaOff[i]!;
    const zi = eta[i]! - base + (y[i]! - mu[i]!) / me;
    sw[i] = s; zw[i] = zi;
    if (s === 0) continue;
    const z0 = zVal[i * K]! * s, l = zIdx[i * K]!;
    a11[l] += z0 * z0;
    if (p === 0) {
      const yi = zi * s;
      ax1[l] += yi * z0;
      axx[0] += yi * yi;
      if (K1 === 1) {
        const zk = zVal[i * K + 1]! * s;
        axr[axrCol[i]!] += yi * zk;
        r1Val[r1Idx[i]!] += zk * z0;
        rrVal[rrIdx[i]!] += zk * zk;
        continue;
      }
      v[0] = yi;
    } else {
      for (let j = 0; j < p; j++) v[j] = X[i + j * n]! * s;
      v[p] = zi * s;
      const c1 = l * P;
      for (let j = 0; j < P; j++) ax1[c1 + j] += v[j]! * z0;
      for (let r = 0; r < P; r++) {
        const vr = v[r]!;
        for (let q2 = 0; q2 <= r; q2++) axx[r + q2 * P] += vr * v[q2]!;
      }
    }
    let pi = i * np;
    for (let k = 1; k < K; k++) {
      const zk = zVal[i * K + k]! * s;
      zr[k] = zk;
      const col = axrCol[i * K1 + k - 1]! * P;
      for (let j = 0; j < P; j++) axr[col + j] += v[j]! * zk;
      r1Val[r1Idx[i * K1 + k - 1]!] += zk * z0;
      for (let k2 = 1; k2 <= k; k2++) rrVal[rrIdx[pi++]!] += zk * zr[k2]!;
    }
  }
}

/** Adds chunk 1's partial sums of target t to chunk 0's and mirrors axx (after both chunks ran). */
export function finishFill(a: PassArrays, t: number): void {
  const T = a.targets[t]!, P = T.P;
  for (const key of ["axr", "rrVal", "axx"] as const) {
    const [s0, s1] = T[key];
    for (let i = 0; i < s0.length; i++) s0[i] = s0[i]! + s1[i]!;
  }
  const axx = T.axx[0];
  for (let r = 0; r < P; r++) for (let q = 0; q < r; q++) axx[q + r * P] = axx[r + q * P]!;
}
