/**
 * Sparse mode of the LMM rest block. The Schur complement
 *
 *   Srr = Λ_rᵀ A_rr Λ_r + I − Σ_ℓ Lr1_ℓ Lr1_ℓᵀ   (m × m, after eliminating term 0)
 *
 * has a fixed pattern: the unit-pair blocks of A_rr, the diagonal, and one clique per term-0
 * level on the rest rows its observations touch. That pattern is analysed once per cross-product
 * pattern (AMD ordering, supernodal symbolic Cholesky with relaxed supernodes) and every value's
 * slot in the factor storage is precomputed, so each θ evaluation is a scatter, a column sweep for
 * the term-0 cliques and the supernodal numeric factorization (WebAssembly when built) — no m×m
 * array. Caveat: the analysis costs O(Σ_ℓ nr_ℓ²) time once (about 0.2 s for InstEval). With P the fill-reducing permutation and P Srr Pᵀ = L Lᵀ, the rest block
 * of the blocked factor is Lrr = Pᵀ L (not triangular, but Lrr Lrrᵀ = Srr is all the blocked
 * algebra needs): Lxr = Sxr Pᵀ L⁻ᵀ is kept with its columns in the permuted order.
 */
import type { CrossProducts } from "./crossprod.js";
import {
  symbolicCholesky, relaxSupernodes, inPlaceCholesky, type CscMatrix, type InPlaceCholesky, type SymbolicCholesky, type CliqueStructure,
} from "../sparse/index.js";

/**
 * The sparse rest-block workspace of one LmmFactor: the cached analysis (S, permutation, slots of
 * every Srr value, the term-0 blocks sorted for the column sweep) plus its own numeric storage.
 */
export interface RestSparse {
  readonly S: SymbolicCholesky;
  readonly chol: InPlaceCholesky;
  /** Fill-reducing permutation of the rest rows (new k = old perm[k]) and its inverse. */
  readonly perm: Int32Array;
  readonly pinv: Int32Array;
  /** Per element of cp.rrVal: its slot in chol.values (-1 above the diagonal of a diagonal unit block). */
  readonly pairPos: Int32Array;
  /** Slot of each rest row's diagonal entry. */
  readonly diagPos: Int32Array;
  /**
   * Each level's r1 rows re-sorted by permuted rest index: position s (within r1Ptr[ℓ] ..
   * r1Ptr[ℓ+1]) holds r1 index sortedG[s], whose permuted index is sortedP[s].
   */
  readonly sortedG: Int32Array;
  readonly sortedP: Int32Array;
  /**
   * For permuted rest column k, the (level, row) occurrences t in kPtr[k] .. kPtr[k+1]: the row's
   * sorted position tStart[t] and its level's end tEnd[t] (so tStart..tEnd are the level's rows
   * at or after k in permuted order).
   */
  readonly kPtr: Int32Array;
  readonly tStart: Int32Array;
  readonly tEnd: Int32Array;
  /** Where each packed clique value comes from (see RestCliques). */
  readonly packIdx: Int32Array;
  /** Scratch: Lr1 re-packed in sorted order (nnz(r1) × q0, row-major) per evaluation. */
  readonly lv: Float64Array;
  /** Dense accumulator of length m (all zero between calls). */
  readonly spa: Float64Array;
  /** Multiply-adds of the sparse and the dense factorization of Srr. */
  readonly flops: number;
  readonly denseFlops: number;
}

/** Slot of Srr[i, j] (original rest rows) in chol.values, -1 outside the pattern. */
export function slot(rs: RestSparse, i: number, j: number): number {
  const a = rs.pinv[i]!, b = rs.pinv[j]!;
  return a >= b ? rs.chol.position(a, b) : rs.chol.position(b, a);
}

/**
 * The upper-triangle pattern of Srr (values all zero) as a CSC matrix, built column by column
 * with a marker (no triplet list: memory O(nnz) even when Σ_ℓ nr_ℓ² is large). Column j holds
 * the rows i ≤ j sharing a unit pair or a term-0 level with j, and j itself.
 */
export function restPattern(cp: CrossProducts): CscMatrix {
  const { units, pairU, pairV, r1Ptr, r1Rows, l0 } = cp;
  const m = units.m, U = units.count;
  // Levels containing each rest row (transpose of the r1 blocks) and pairs by their first unit.
  const tPtr = new Int32Array(m + 1), pPtr = new Int32Array(U + 1);
  for (let g = 0; g < r1Ptr[l0]!; g++) tPtr[r1Rows[g]! + 1]!++;
  for (let j = 0; j < m; j++) tPtr[j + 1]! += tPtr[j]!;
  const tLev = new Int32Array(tPtr[m]!), tn = tPtr.slice(0, m);
  for (let l = 0; l < l0; l++) for (let g = r1Ptr[l]!; g < r1Ptr[l + 1]!; g++) tLev[tn[r1Rows[g]!]!++] = l;
  for (let idx = 0; idx < pairU.length; idx++) pPtr[pairU[idx]! + 1]!++;
  for (let u = 0; u < U; u++) pPtr[u + 1]! += pPtr[u]!;
  const pList = new Int32Array(pairU.length), pn = pPtr.slice(0, U);
  for (let idx = 0; idx < pairU.length; idx++) pList[pn[pairU[idx]!]!++] = idx;
  const mark = new Int32Array(m).fill(-1);
  const colptr = new Int32Array(m + 1);
  let rowind = new Int32Array(Math.max(16, 4 * m));
  let nz = 0;
  const push = (i: number, j: number) => {
    if (mark[i] === j) return;
    mark[i] = j;
    if (nz === rowind.length) { const r = new Int32Array(2 * nz); r.set(rowind); rowind = r; }
    rowind[nz++] = i;
  };
  let u = 0;
  for (let j = 0; j < m; j++) {
    while (units.start[u]! + units.size[u]! <= j) u++;
    push(j, j);
    for (let t = pPtr[u]!; t < pPtr[u + 1]!; t++) {
      const v = pairV[pList[t]!]!;
      for (let i = units.start[v]!; i < units.start[v]! + units.size[v]!; i++) if (i <= j) push(i, j);
    }
    for (let t = tPtr[j]!; t < tPtr[j + 1]!; t++) {
      const l = tLev[t]!;
      for (let g = r1Ptr[l]!; g < r1Ptr[l + 1]!; g++) { const i = r1Rows[g]!; if (i <= j) push(i, j); }
    }
    rowind.subarray(colptr[j]!, nz).sort();
    colptr[j + 1] = nz;
  }
  return { m, n: m, colptr, rowind: rowind.slice(0, nz), values: new Float64Array(nz) };
}

interface RestSlots {
  readonly pairPos: Int32Array;
  readonly diagPos: Int32Array;
}

/**
 * CliqueStructure plus, per sorted position, the r1 index it came from (`sortedG`) and where each
 * packed value comes from: the clique values are row-major with q = q0 per sorted position, and
 * value i is Lr1[packIdx[i]] (Lr1 in the layout of cp.r1Val; packIdx = sortedG when q0 = 1).
 */
export interface RestCliques extends CliqueStructure {
  readonly q: number;
  readonly sortedG: Int32Array;
  readonly packIdx: Int32Array;
}

interface RestAnalysis {
  readonly S: SymbolicCholesky;
  readonly slots: Map<string, RestSlots>;
  cliques: RestCliques | null;
}

/** Analyses per cross-product pattern (keyed by its r1Ptr array, shared by every fill of one pattern). */
const analyses = new WeakMap<Int32Array, RestAnalysis>();

/**
 * Symbolic analysis of the rest block: the pattern of Srr, AMD ordering and supernodal symbolic
 * Cholesky with relaxed supernodes (a few explicit zeros for wider dense blocks). Done once per cross-product pattern and cached (refits and PIRLS reuse it).
 */
export function analyseRest(cp: CrossProducts): SymbolicCholesky {
  let an = analyses.get(cp.r1Ptr);
  if (!an) {
    an = { S: relaxSupernodes(symbolicCholesky(restPattern(cp), "amd")), slots: new Map(), cliques: null };
    analyses.set(cp.r1Ptr, an);
  }
  return an.S;
}

/** The slots of every value of Srr in the storage of `chol` (cached per pattern and storage kind). */
function restSlots(cp: CrossProducts, chol: InPlaceCholesky, pinv: Int32Array): RestSlots {
  const an = analyses.get(cp.r1Ptr)!;
  const hit = an.slots.get(chol.kind);
  if (hit) return hit;
  const m = cp.units.m;
  const at = (i: number, j: number) => {
    const a = pinv[i]!, b = pinv[j]!;
    return a >= b ? chol.position(a, b) : chol.position(b, a);
  };
  const { units, pairU, pairV, pairOff, r1Ptr, r1Rows, l0 } = cp;
  const pairPos = new Int32Array(pairOff[pairU.length]!);
  for (let idx = 0; idx < pairU.length; idx++) {
    const u = pairU[idx]!, v = pairV[idx]!, qu = units.size[u]!, qv = units.size[v]!;
    for (let i = 0; i < qu; i++)
      for (let j = 0; j < qv; j++)
        pairPos[pairOff[idx]! + i + j * qu] = u === v && j > i ? -1 : at(units.start[u]! + i, units.start[v]! + j);
  }
  const diagPos = new Int32Array(m);
  for (let i = 0; i < m; i++) diagPos[i] = at(i, i);
  const out = { pairPos, diagPos };
  an.slots.set(chol.kind, out);
  return out;
}

/** The term-0 blocks re-sorted for the column sweep of `subtractCliques` (cached per pattern). */
function restCliques(cp: CrossProducts, pinv: Int32Array): RestCliques {
  const an = analyses.get(cp.r1Ptr)!;
  return (an.cliques ??= buildCliques(cp, pinv));
}

const denseCliques = new WeakMap<Int32Array, RestCliques>();

/**
 * The term-0 blocks re-sorted by rest row (identity order) for the dense mode's column sweep
 * (cached per pattern): see CliqueStructure.
 */
export function restCliquesDense(cp: CrossProducts): RestCliques {
  let c = denseCliques.get(cp.r1Ptr);
  if (!c) {
    c = buildCliques(cp, Int32Array.from({ length: cp.units.m }, (_, i) => i));
    denseCliques.set(cp.r1Ptr, c);
  }
  return c;
}

function buildCliques(cp: CrossProducts, pinv: Int32Array): RestCliques {
  const { r1Ptr, r1Rows, l0 } = cp;
  const m = cp.units.m, nnz1 = r1Ptr[l0]!;
  const sortedG = new Int32Array(nnz1), sortedP = new Int32Array(nnz1);
  const kPtr = new Int32Array(m + 1), tStart = new Int32Array(nnz1), tEnd = new Int32Array(nnz1);
  for (let l = 0; l < l0; l++) {
    const g0 = r1Ptr[l]!, g1 = r1Ptr[l + 1]!;
    // Already in order (always so in the dense mode's identity order: r1Rows are sorted): no sort.
    let sorted = true;
    for (let g = g0 + 1; g < g1 && sorted; g++) sorted = pinv[r1Rows[g - 1]!]! < pinv[r1Rows[g]!]!;
    if (sorted) {
      for (let g = g0; g < g1; g++) { sortedG[g] = g; sortedP[g] = pinv[r1Rows[g]!]!; }
      continue;
    }
    const idx = Array.from({ length: g1 - g0 }, (_, b) => g0 + b).sort((x, y) => pinv[r1Rows[x]!]! - pinv[r1Rows[y]!]!);
    idx.forEach((g, b) => { sortedG[g0 + b] = g; sortedP[g0 + b] = pinv[r1Rows[g]!]!; });
  }
  for (let s = 0; s < nnz1; s++) kPtr[sortedP[s]! + 1]!++;
  for (let k = 0; k < m; k++) kPtr[k + 1]! += kPtr[k]!;
  const nxt = kPtr.slice(0, m);
  for (let l = 0; l < l0; l++)
    for (let s = r1Ptr[l]!; s < r1Ptr[l + 1]!; s++) { const t = nxt[sortedP[s]!]!++; tStart[t] = s; tEnd[t] = r1Ptr[l + 1]!; }
  const q = cp.q0;
  let packIdx = sortedG;
  if (q > 1) {
    packIdx = new Int32Array(nnz1 * q);
    for (let l = 0; l < l0; l++) {
      const g0 = r1Ptr[l]!, nr = r1Ptr[l + 1]! - g0, off = g0 * q;
      for (let s = g0; s < g0 + nr; s++) for (let c = 0; c < q; c++) packIdx[s * q + c] = off + (sortedG[s]! - g0) + c * nr;
    }
  }
  return { q, sortedG, sortedP, kPtr, tStart, tEnd, packIdx };
}

/**
 * The sparse rest-block workspace of one factor: a fresh assemble-in-place Cholesky (room for
 * P = p + 1 right-hand sides) over the cached analysis and slots.
 */
export function allocRestSparse(cp: CrossProducts): RestSparse {
  const S = analyseRest(cp);
  const cl = restCliques(cp, S.pinv);
  const chol = inPlaceCholesky(S, Math.max(cp.P, 1), "auto", cl);
  const sl = restSlots(cp, chol, S.pinv);
  const m = cp.units.m;
  return { S, chol, perm: S.perm, pinv: S.pinv, ...sl, ...cl, spa: new Float64Array(m), lv: new Float64Array(cp.r1Ptr[cp.l0]! * cp.q0), flops: S.flops, denseFlops: (m * m * m) / 6 };
}

/**
 * Assembles Srr = Λ_rᵀ A_rr Λ_r + I − Σ_ℓ Lr1_ℓ Lr1_ℓᵀ into `rs.chol.values` (lower triangle of
 * P Srr Pᵀ in the factor's storage). T are the per-term factors, Lr1 the term-0 off-diagonal
 * blocks (layout of cp.r1Val).
 */
export function assembleSrr(rs: RestSparse, cp: CrossProducts, T: readonly Float64Array[], Lr1: Float64Array): void {
  const v = rs.chol.values;
  v.fill(0);
  const { units, pairU, pairV, pairOff, rrVal, r1Ptr, r1Rows, l0, q0 } = cp;
  const pairPos = rs.pairPos;
  for (let idx = 0; idx < pairU.length; idx++) {
    const u = pairU[idx]!, w = pairV[idx]!;
    const qu = units.size[u]!, qv = units.size[w]!, off = pairOff[idx]!;
    const Tu = T[units.term[u]!]!, Tv = T[units.term[w]!]!;
    if (qu === 1 && qv === 1) {
      v[pairPos[off]!]! += Tu[0]! * rrVal[off]! * Tv[0]!;
      continue;
    }
    for (let i = 0; i < qu; i++)
      for (let j = 0; j < qv; j++) {
        const p = pairPos[off + i + j * qu]!;
        if (p < 0) continue;
        let s = 0;
        for (let r = i; r < qu; r++) for (let c = j; c < qv; c++) s += Tu[r + i * qu]! * rrVal[off + r + c * qu]! * Tv[c + j * qv]!;
        v[p]! += s;
      }
  }
  const diagPos = rs.diagPos;
  for (let i = 0; i < diagPos.length; i++) v[diagPos[i]!]! += 1;
  subtractCliques(rs, cp, Lr1);
}

/**
 * v −= lower triangle of P (Σ_ℓ Lr1_ℓ Lr1_ℓᵀ) Pᵀ, column by column of the factor (Gustavson
 * style): for permuted column k (rest row j = perm[k]) every level ℓ whose block has row j adds
 * Lr1_ℓ[i, :]·Lr1_ℓ[j, :] to a dense accumulator at pinv[i] ≥ k; the accumulator is then
 * subtracted from the contiguous slots of column k (all touched rows lie in its pattern, since
 * each block's rows form a clique of Srr) and cleared. Writes are sequential and the accumulator
 * stays in cache; O(Σ_ℓ nr_ℓ² q0) work.
 */
function subtractCliques(rs: RestSparse, cp: CrossProducts, Lr1: Float64Array): void {
  const { sortedP, kPtr, tStart, tEnd, spa, lv, packIdx } = rs;
  const { colStart, colRowStart, colRows } = rs.chol;
  const v = rs.chol.values;
  const m = rs.perm.length, q0 = cp.q0;
  const wasm = rs.chol.cliques;
  const x = wasm ? wasm.values : lv;
  // Re-pack Lr1 in sorted order, row-major (locality for the column sweep below).
  for (let i = 0; i < packIdx.length; i++) x[i] = Lr1[packIdx[i]!]!;
  if (wasm) return wasm.subtract();
  for (let k = 0; k < m; k++) {
    const t1 = kPtr[k + 1]!;
    if (kPtr[k] === t1) continue;
    for (let t = kPtr[k]!; t < t1; t++) accumulateClique(spa, lv, sortedP, tStart[t]!, tEnd[t]!, q0);
    const cs = colStart[k]!, rs0 = colRowStart[k]!, len = rs.chol.colLen(k);
    for (let t = 0; t < len; t++) {
      const r = colRows[rs0 + t]!;
      v[cs + t]! -= spa[r]!;
      spa[r] = 0;
    }
  }
}

/**
 * One occurrence of the column sweep: acc[sortedP[s]] += ⟨lv[sa, :], lv[s, :]⟩ for s in sa .. e,
 * lv row-major with q values per row (the plain version of the WebAssembly cliqueSubtract).
 */
export function accumulateClique(acc: Float64Array, lv: Float64Array, sortedP: Int32Array, sa: number, e: number, q: number): void {
  if (q === 1) {
    const xa = lv[sa]!;
    for (let s = sa; s < e; s++) acc[sortedP[s]!]! += xa * lv[s]!;
    return;
  }
  for (let s = sa; s < e; s++) {
    let dot = 0;
    for (let c = 0; c < q; c++) dot += lv[sa * q + c]! * lv[s * q + c]!;
    acc[sortedP[s]!]! += dot;
  }
}

/**
 * Factorizes the assembled Srr and turns Lxr (P × m, holding Sxr in the original order) into
 * Sxr Pᵀ L⁻ᵀ with columns in the permuted order. Returns false when Srr is not positive definite.
 */
export function factorSrr(rs: RestSparse, Lxr: Float64Array, P: number): boolean {
  const chol = rs.chol;
  if (chol.factor() >= 0) return false;
  // Lxr (P × m column-major) is row-major by rest index: permute whole rows of P values.
  const m = rs.perm.length, perm = rs.perm, x = chol.rhs;
  for (let k = 0; k < m; k++) {
    const src = perm[k]! * P, dst = k * P;
    for (let r = 0; r < P; r++) x[dst + r] = Lxr[src + r]!;
  }
  chol.forwardSolveRows(P);
  Lxr.set(x.subarray(0, m * P));
  return true;
}
