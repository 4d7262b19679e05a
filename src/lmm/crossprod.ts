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
import { kernels } from "../linalg/index.js";
import { accurateFill } from "./crossprodAccurate.js";

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

export interface CrossProducts extends CrossPattern {
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
 * The sparsity pattern of the random-effects cross products and, for each observation, the
 * slots its contributions go to. Built once per model (hash maps here only); refilling the
 * values for new weights or a new response is then a single map-free pass over the data —
 * what PIRLS does in every iteration of a GLMM fit.
 */
export interface CrossPattern {
  readonly n: number;
  readonly K: number;
  readonly q0: number;
  readonly l0: number;
  readonly units: RestUnits;
  readonly r1Ptr: Int32Array;
  readonly r1Rows: Int32Array;
  readonly pairU: Int32Array;
  readonly pairV: Int32Array;
  readonly pairOff: Int32Array;
  /** Per observation and term k ≥ 1: the row (within its term-0 level's block) of its unit. */
  readonly obsR1: Int32Array;
  /** Per observation and term pair (k ≥ k2 ≥ 1, in loop order): the rr pair index. */
  readonly obsRR: Int32Array;
  readonly terms: readonly ReTerm[];
}

const nPairs = (K: number) => ((K - 1) * K) / 2;

/**
 * Builds the pattern once, in O(n K² + U + l0) without hash maps: observations are bucketed
 * (counting sort) by their term-0 level for the r1 pattern and by their higher rest unit for the
 * rr pairs, and each bucket's distinct partners are found with a stamp array and sorted. The
 * order is that of the sorted keys (level, unit) and (u, v): r1 rows sorted within a level, rr
 * pairs by u then v.
 */
export function crossPattern(terms: readonly ReTerm[], n: number): CrossPattern {
  const K = terms.length, t0 = terms[0], q0 = t0.q, l0 = t0.nLevels;
  const units = restUnits(terms);
  const U = units.count, np = nPairs(K);
  const unitOf = (k: number, i: number) => units.termBase[k] + terms[k].codes[i];
  const stamp = new Int32Array(U).fill(-1), pos = new Int32Array(U);
  // r1: observations by term-0 level; per level its distinct rest units, sorted.
  const byLevel = bucket(n, l0, (i) => t0.codes[i]);
  const r1Ptr = new Int32Array(l0 + 1);
  const levelUnits: Int32Array[] = new Array(l0);
  const obsR1 = new Int32Array(n * Math.max(K - 1, 0));
  const list: number[] = [];
  for (let l = 0; l < l0; l++) {
    list.length = 0;
    for (let e = byLevel.ptr[l]; e < byLevel.ptr[l + 1]; e++) {
      const i = byLevel.items[e];
      for (let k = 1; k < K; k++) {
        const u = unitOf(k, i);
        if (stamp[u] !== l) { stamp[u] = l; list.push(u); }
      }
    }
    const us = Int32Array.from(list).sort();
    let rows = 0;
    for (const u of us) { pos[u] = rows; rows += units.size[u]; }
    r1Ptr[l + 1] = r1Ptr[l] + rows;
    levelUnits[l] = us;
    for (let e = byLevel.ptr[l]; e < byLevel.ptr[l + 1]; e++) {
      const i = byLevel.items[e];
      for (let k = 1; k < K; k++) obsR1[i * (K - 1) + k - 1] = pos[unitOf(k, i)];
    }
  }
  const r1Rows = new Int32Array(r1Ptr[l0]);
  for (let l = 0; l < l0; l++) {
    let r = r1Ptr[l];
    for (const u of levelUnits[l]) for (let a = 0; a < units.size[u]; a++) r1Rows[r++] = units.start[u] + a;
  }
  // rr: the (observation, k, k2) slots by their higher unit u; per u its distinct v, sorted.
  const slots = n * np;
  const slotU = new Int32Array(slots), slotV = new Int32Array(slots);
  for (let i = 0; i < n; i++) {
    let pi = 0;
    for (let k = 1; k < K; k++) {
      const u = unitOf(k, i);
      for (let k2 = 1; k2 <= k; k2++, pi++) { slotU[i * np + pi] = u; slotV[i * np + pi] = unitOf(k2, i); }
    }
  }
  const byUnit = bucket(slots, U, (s) => slotU[s]);
  stamp.fill(-1);
  const pairUs: number[] = [], pairVs: number[] = [];
  const obsRR = new Int32Array(slots);
  for (let u = 0; u < U; u++) {
    list.length = 0;
    for (let e = byUnit.ptr[u]; e < byUnit.ptr[u + 1]; e++) {
      const v = slotV[byUnit.items[e]];
      if (stamp[v] !== u) { stamp[v] = u; list.push(v); }
    }
    const vs = Int32Array.from(list).sort();
    for (const v of vs) { pos[v] = pairUs.length; pairUs.push(u); pairVs.push(v); }
    for (let e = byUnit.ptr[u]; e < byUnit.ptr[u + 1]; e++) { const sl = byUnit.items[e]; obsRR[sl] = pos[slotV[sl]]; }
  }
  const pairU = Int32Array.from(pairUs), pairV = Int32Array.from(pairVs);
  const pairOff = new Int32Array(pairU.length + 1);
  for (let idx = 0; idx < pairU.length; idx++) pairOff[idx + 1] = pairOff[idx] + units.size[pairU[idx]] * units.size[pairV[idx]];
  return { n, K, q0, l0, units, r1Ptr, r1Rows, pairU, pairV, pairOff, obsR1, obsRR, terms };
}

/** Zeroed cross-product blocks of pattern `pat` with p fixed columns. */
function allocCrossProducts(pat: CrossPattern, p: number): CrossProducts {
  const { q0, l0, units } = pat, P = p + 1;
  return {
    ...pat, p, P,
    a11: new Float64Array(l0 * q0 * q0),
    r1Val: new Float64Array(pat.r1Ptr[l0] * q0),
    ax1: new Float64Array(P * l0 * q0),
    rrVal: new Float64Array(pat.pairOff[pat.pairU.length]),
    axr: new Float64Array(P * units.m),
    axx: new Float64Array(P * P),
    logDetW: 0,
  };
}

/** Counting sort of the items 0..count−1 into `buckets` by key(item): CSR ptr and items. */
function bucket(count: number, buckets: number, key: (item: number) => number): { ptr: Int32Array; items: Int32Array } {
  const ptr = new Int32Array(buckets + 1);
  for (let i = 0; i < count; i++) ptr[key(i) + 1]++;
  for (let b = 0; b < buckets; b++) ptr[b + 1] += ptr[b];
  const fill = ptr.slice(0, buckets), items = new Int32Array(count);
  for (let i = 0; i < count; i++) items[fill[key(i)]++] = i;
  return { ptr, items };
}

/**
 * Fills the cross products for design X (n×p), response y and square-root weights sw (null =
 * unit weights), reusing `out`'s arrays when given (same pattern and p). One pass over the data.
 * `withLogDetW` false skips Σ log w_i (n logarithms; PIRLS never uses it) and sets logDetW = NaN.
 */
export function fillCrossProducts(pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, sw: Float64Array | null, out?: CrossProducts, withLogDetW = true): CrossProducts {
  const { n, K, terms } = pat;
  const P = p + 1;
  const cp: CrossProducts = out ?? allocCrossProducts(pat, p);
  const { a11, r1Val, ax1, rrVal, axr, axx } = cp;
  a11.fill(0); r1Val.fill(0); ax1.fill(0); rrVal.fill(0); axr.fill(0); axx.fill(0);
  if (terms.every((t) => t.q === 1)) fillScalar(pat, X, p, y, sw, cp);
  else if (K === 1) fillOneTerm(pat, X, p, y, sw, cp);
  else fillGeneral(pat, X, p, y, sw, cp);
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) axx[b + a * P] = axx[a + b * P];
  let logDetW = withLogDetW ? 0 : NaN;
  if (sw && withLogDetW) for (let i = 0; i < n; i++) if (sw[i] > 0) logDetW += 2 * Math.log(sw[i]);
  (cp as { logDetW: number }).logDetW = logDetW;
  return cp;
}

/**
 * Forms all cross-product blocks from the model matrices. X is n×p column-major, y length n,
 * w the prior weights (or null for unit weights). Cost O(n · (Σq)²) once. The sums are correctly
 * rounded (crossprodAccurate.ts): the same doubles in any row order, and the same as a database
 * engine's exact sums (a fit from a source equals the in-memory fit).
 */
export function crossProducts(X: Float64Array, p: number, y: Float64Array, w: Float64Array | null, terms: readonly ReTerm[]): CrossProducts {
  const pat = crossPattern(terms, y.length);
  const sw = w ? w.map(Math.sqrt) : null;
  const cp = allocCrossProducts(pat, p), P = p + 1;
  const logDetW = accurateFill(pat, X, p, y, sw, cp);
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) cp.axx[b + a * P] = cp.axx[a + b * P];
  (cp as { logDetW: number }).logDetW = logDetW;
  return cp;
}

/**
 * The fill for a single vector-valued term (K = 1, q0 > 1; e.g. (1 + x | g)): per observation the
 * q0×q0 block a11, the P×q0 block of ax1 and the lower triangle of axx. The a11 block is formed
 * on its lower triangle and mirrored once at the end.
 */
function fillOneTerm(pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, sw: Float64Array | null, cp: CrossProducts): void {
  const { n, q0, l0, terms } = pat;
  const P = p + 1, t0 = terms[0], z = t0.z, codes = t0.codes, qq = q0 * q0;
  const { a11, ax1, axx } = cp;
  const xy = new Float64Array(P), z0 = new Float64Array(q0);
  const rows = p > 0 ? rowsBuffer(n * P) : xy;
  if (q0 === 2 && p === 0) {
    // (1 + x | g) with no fixed effects (PIRLS for u): fully unrolled.
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const s = sw === null ? 1 : sw[i];
      if (s === 0) continue;
      const l = codes[i], ao = 4 * l, xo = 2 * l;
      const z0i = z[i] * s, z1i = z[i + n] * s, yi = y[i] * s;
      a11[ao] += z0i * z0i; a11[ao + 1] += z1i * z0i; a11[ao + 3] += z1i * z1i;
      ax1[xo] += yi * z0i; ax1[xo + 1] += yi * z1i;
      yy += yi * yi;
    }
    axx[0] = yy;
    for (let l = 0; l < l0; l++) a11[4 * l + 2] = a11[4 * l + 1];
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = sw === null ? 1 : sw[i];
    if (s === 0) {
      if (p > 0) rows.fill(0, i * P, (i + 1) * P);
      continue;
    }
    const l = codes[i], ao = l * qq, xo = l * q0 * P;
    for (let c = 0; c < q0; c++) z0[c] = z[i + c * n] * s;
    for (let b = 0; b < q0; b++) {
      const zb = z0[b];
      for (let a = b; a < q0; a++) a11[ao + a + b * q0] += z0[a] * zb;
    }
    const yi = y[i] * s;
    if (p === 0) {
      for (let c = 0; c < q0; c++) ax1[xo + c] += yi * z0[c];
      axx[0] += yi * yi;
      continue;
    }
    const ro = i * P;
    for (let j = 0; j < p; j++) rows[ro + j] = xy[j] = X[i + j * n] * s;
    rows[ro + p] = xy[p] = yi;
    for (let c = 0; c < q0; c++) {
      const col = xo + c * P, zc = z0[c];
      for (let j = 0; j < P; j++) ax1[col + j] += xy[j] * zc;
    }
  }
  if (p > 0) xxFromRows(rows, n, P, axx);
  for (let l = 0; l < l0; l++) {
    const ao = l * qq;
    for (let b = 0; b < q0; b++) for (let a = b + 1; a < q0; a++) a11[ao + b + a * q0] = a11[ao + a + b * q0];
  }
}

/** The general fill (any q per term). */
function fillGeneral(pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, sw: Float64Array | null, cp: CrossProducts): void {
  const { n, K, q0, units, terms } = pat;
  const P = p + 1, t0 = terms[0], np = nPairs(K);
  const { a11, r1Val, ax1, rrVal, axr, axx } = cp;
  const xy = new Float64Array(P), z0 = new Float64Array(q0);
  const zk = terms.map((t) => new Float64Array(t.q));
  const qq0 = q0 * q0;
  for (let i = 0; i < n; i++) {
    const s = sw ? sw[i] : 1;
    if (s === 0) continue;
    for (let j = 0; j < p; j++) xy[j] = X[i + j * n] * s;
    xy[p] = y[i] * s;
    for (let c = 0; c < q0; c++) z0[c] = t0.z[i + c * n] * s;
    const l = t0.codes[i];
    for (let a = 0; a < q0; a++) for (let b = 0; b < q0; b++) a11[l * qq0 + a + b * q0] += z0[a] * z0[b];
    for (let c = 0; c < q0; c++) {
      const col = (l * q0 + c) * P;
      for (let j = 0; j < P; j++) ax1[col + j] += xy[j] * z0[c];
    }
    for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) axx[a + b * P] += xy[a] * xy[b];
    if (K === 1) continue;
    const nr = pat.r1Ptr[l + 1] - pat.r1Ptr[l], base = pat.r1Ptr[l] * q0;
    let pi = 0;
    for (let k = 1; k < K; k++) {
      const tk = terms[k], qk = tk.q, zr = zk[k];
      for (let c = 0; c < qk; c++) zr[c] = tk.z[i + c * n] * s;
      const u = units.termBase[k] + tk.codes[i], r0 = units.start[u];
      for (let c = 0; c < qk; c++) {
        const col = (r0 + c) * P;
        for (let j = 0; j < P; j++) axr[col + j] += xy[j] * zr[c];
      }
      const a0 = pat.obsR1[i * (K - 1) + k - 1];
      for (let a = 0; a < qk; a++) for (let b = 0; b < q0; b++) r1Val[base + a0 + a + b * nr] += zr[a] * z0[b];
      for (let k2 = 1; k2 <= k; k2++) {
        const t2 = terms[k2], q2 = t2.q, z2 = zk[k2];
        const off = pat.pairOff[pat.obsRR[i * np + pi++]];
        for (let a = 0; a < qk; a++) for (let b = 0; b < q2; b++) rrVal[off + a + b * qk] += zr[a] * z2[b];
      }
    }
  }
}

/** Scratch for the weighted [X y] rows (n × P row-major), reused across fills. */
let rowsScratch = new Float64Array(0);

function rowsBuffer(size: number): Float64Array {
  if (rowsScratch.length < size) rowsScratch = new Float64Array(size);
  return rowsScratch;
}

/** Below this many entries of [X y] the Gram matrix is accumulated in plain JS. */
const XX_KERNEL_MIN = 4096;

/**
 * axx (lower) = Σ_i r_i r_iᵀ for the weighted rows r_i of [X y] (rows: n × P row-major): one
 * SYRK of the dense kernels (WebAssembly when built) for large n·P, else row by row in JS.
 */
function xxFromRows(rows: Float64Array, n: number, P: number, axx: Float64Array): void {
  if (n * P >= XX_KERNEL_MIN) {
    axx.fill(0);
    kernels().syrkLowerMinus(axx, P, rows.subarray(0, n * P), n);
    for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) axx[a + b * P] = -axx[a + b * P];
    return;
  }
  for (let i = 0; i < n; i++) {
    const o = i * P;
    for (let a = 0; a < P; a++) {
      const xa = rows[o + a];
      for (let b = 0; b <= a; b++) axx[a + b * P] += xa * rows[o + b];
    }
  }
}

/** Flat per-observation indices for the all-scalar fill (built lazily, once per pattern). */
interface ScalarIndex {
  readonly code0: Int32Array;
  readonly z: Float64Array; // n × K, row-major per observation
  readonly axrCol: Int32Array; // n × (K−1): rest row of the observation's unit
  readonly r1Idx: Int32Array; // n × (K−1): flat index into r1Val
  readonly rrIdx: Int32Array; // n × K(K−1)/2: flat index into rrVal
}
const scalarIndex = new WeakMap<CrossPattern, ScalarIndex>();

function getScalarIndex(pat: CrossPattern): ScalarIndex {
  let si = scalarIndex.get(pat);
  if (si) return si;
  const { n, K, units, terms, r1Ptr, obsR1, obsRR, pairOff } = pat;
  const np = nPairs(K);
  const z = new Float64Array(n * K), axrCol = new Int32Array(n * (K - 1)), r1Idx = new Int32Array(n * (K - 1)), rrIdx = new Int32Array(n * np);
  for (let i = 0; i < n; i++) {
    const l = terms[0].codes[i];
    for (let k = 0; k < K; k++) z[i * K + k] = terms[k].z[i];
    for (let k = 1; k < K; k++) {
      axrCol[i * (K - 1) + k - 1] = units.start[units.termBase[k] + terms[k].codes[i]];
      r1Idx[i * (K - 1) + k - 1] = r1Ptr[l] + obsR1[i * (K - 1) + k - 1];
    }
    for (let j = 0; j < np; j++) rrIdx[i * np + j] = pairOff[obsRR[i * np + j]];
  }
  si = { code0: terms[0].codes, z, axrCol, r1Idx, rrIdx };
  scalarIndex.set(pat, si);
  return si;
}

/** The fill when every term is scalar (q = 1): flat loops over precomputed indices. */
function fillScalar(pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, sw: Float64Array | null, cp: CrossProducts): void {
  if (p === 0) return fillScalarU(pat, y, sw, cp);
  const { n, K } = pat;
  const P = p + 1, np = nPairs(K), K1 = K - 1;
  const { a11, r1Val, ax1, rrVal, axr, axx } = cp;
  const { code0, z, axrCol, r1Idx, rrIdx } = getScalarIndex(pat);
  const xy = new Float64Array(P), zr = new Float64Array(K);
  const rows = rowsBuffer(n * P);
  if (K === 2) {
    // Two crossed/nested scalar terms (e.g. (1 | id) + (1 | item)): one loop per observation
    // forms the weighted row and both of its cross products with Z.
    for (let i = 0; i < n; i++) {
      const s = sw === null ? 1 : sw[i];
      const ro = i * P;
      if (s === 0) {
        rows.fill(0, ro, ro + P);
        continue;
      }
      const z0 = z[2 * i] * s, zk = z[2 * i + 1] * s, l = code0[i];
      const c1 = l * P, c2 = axrCol[i] * P;
      a11[l] += z0 * z0;
      for (let j = 0; j <= p; j++) {
        const v = j < p ? X[i + j * n] * s : y[i] * s;
        rows[ro + j] = v;
        ax1[c1 + j] += v * z0;
        axr[c2 + j] += v * zk;
      }
      r1Val[r1Idx[i]] += zk * z0;
      rrVal[rrIdx[i]] += zk * zk;
    }
    xxFromRows(rows, n, P, axx);
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = sw === null ? 1 : sw[i];
    const ro = i * P;
    if (s === 0) {
      rows.fill(0, ro, ro + P);
      continue;
    }
    for (let j = 0; j < p; j++) rows[ro + j] = xy[j] = X[i + j * n] * s;
    rows[ro + p] = xy[p] = y[i] * s;
    const z0 = z[i * K] * s, l = code0[i];
    a11[l] += z0 * z0;
    const col1 = l * P;
    for (let j = 0; j < P; j++) ax1[col1 + j] += xy[j] * z0;
    if (K1 === 0) continue;
    let pi = i * np;
    for (let k = 1; k < K; k++) {
      const zk = z[i * K + k] * s;
      zr[k] = zk;
      const col = axrCol[i * K1 + k - 1] * P;
      for (let j = 0; j < P; j++) axr[col + j] += xy[j] * zk;
      r1Val[r1Idx[i * K1 + k - 1]] += zk * z0;
      for (let k2 = 1; k2 <= k; k2++) rrVal[rrIdx[pi++]] += zk * zr[k2];
    }
  }
  xxFromRows(rows, n, P, cp.axx);
}

/** All-scalar fill without fixed effects (P = 1: PIRLS for u at fixed β) — the GLMM hot loop. */
function fillScalarU(pat: CrossPattern, y: Float64Array, sw: Float64Array | null, cp: CrossProducts): void {
  const { n, K } = pat;
  const np = nPairs(K), K1 = K - 1;
  const { a11, r1Val, ax1, rrVal, axr, axx } = cp;
  const { code0, z, axrCol, r1Idx, rrIdx } = getScalarIndex(pat);
  const zr = new Float64Array(K);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const s = sw === null ? 1 : sw[i];
    const yi = y[i] * s, z0 = z[i * K] * s, l = code0[i];
    a11[l] += z0 * z0;
    ax1[l] += yi * z0;
    yy += yi * yi;
    if (K1 === 1) {
      const zk = z[i * K + 1] * s;
      axr[axrCol[i]] += yi * zk;
      r1Val[r1Idx[i]] += zk * z0;
      rrVal[rrIdx[i]] += zk * zk;
    } else if (K1 > 1) {
      let pi = i * np;
      for (let k = 1; k < K; k++) {
        const zk = z[i * K + k] * s;
        zr[k] = zk;
        axr[axrCol[i * K1 + k - 1]] += yi * zk;
        r1Val[r1Idx[i * K1 + k - 1]] += zk * z0;
        for (let k2 = 1; k2 <= k; k2++) rrVal[rrIdx[pi++]] += zk * zr[k2];
      }
    }
  }
  axx[0] = yy;
}
