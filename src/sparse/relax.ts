/**
 * Relaxed supernode amalgamation: merge a supernode into its parent when they are adjacent in the
 * postorder and the merge adds few explicit zeros, so the numeric phase runs on wider dense blocks
 * (GEMM instead of rank-1 updates) at the price of a slightly larger pattern.
 */
import type { SymbolicCholesky } from "./symbolic.js";

/**
 * Merge thresholds, CHOLMOD-style: always merge while the merged width is ≤ `always`; else allow
 * a fraction of explicit zeros ≤ z[i] while the width is ≤ w[i] (i = 0, 1), else ≤ zBig.
 */
export interface RelaxOptions {
  readonly always: number;
  readonly w: readonly [number, number];
  readonly z: readonly [number, number];
  readonly zBig: number;
}

/** CHOLMOD's defaults (nrelax 4/16/48, zrelax 0.8/0.1/0.05). */
export const DEFAULT_RELAX: RelaxOptions = { always: 4, w: [16, 48], z: [0.8, 0.1], zBig: 0.05 };

/**
 * A copy of S with relaxed supernodes: same ordering and elimination tree, the pattern of L
 * enlarged by explicit zeros so that merged supernodes share one row structure (nnzL, flops,
 * colptr/rowind, cPos and the supernode maps recomputed). Every kernel and solve accepts it
 * (structural zeros are treated as entries). Returns S itself when nothing merges.
 */
export function relaxSupernodes(S: SymbolicCholesky, opts: RelaxOptions = DEFAULT_RELAX): SymbolicCholesky {
  const { n, nSuper, snStart, colptr, rowind, parent } = S;
  if (nSuper <= 1) return S;
  const width = (J: number) => snStart[J + 1]! - snStart[J]!;
  const rowsOf = (J: number) => colptr[snStart[J]! + 1]! - colptr[snStart[J]!]!;
  const nnzOf = (J: number) => colptr[snStart[J + 1]!]! - colptr[snStart[J]!]!;
  // Greedy bottom-up: group g (a run of supernodes ending at J) merges into J + 1 when J + 1 is
  // the parent of J's last column.
  const groupStart: number[] = [];
  let gFirst = 0, gNnz = nnzOf(0), gW = width(0);
  for (let J = 0; J < nSuper; J++) {
    if (J > 0) {
      const last = snStart[J]! - 1;
      const adj = parent[last] === snStart[J];
      let merge = false;
      if (adj) {
        const w = gW + width(J), m = gW + rowsOf(J);
        const entries = w * m - (w * (w - 1)) / 2;
        const exact = gNnz + nnzOf(J);
        const zf = (entries - exact) / entries;
        merge = w <= opts.always || (w <= opts.w[0] ? zf <= opts.z[0] : w <= opts.w[1] ? zf <= opts.z[1] : zf <= opts.zBig);
      }
      if (merge) { gNnz += nnzOf(J); gW += width(J); continue; }
      groupStart.push(gFirst);
      gFirst = J; gNnz = nnzOf(J); gW = width(J);
    }
  }
  groupStart.push(gFirst);
  if (groupStart.length === nSuper) return S;
  const nS = groupStart.length;
  const newStart = new Int32Array(nS + 1);
  const snOf = new Int32Array(n);
  const newColptr = new Int32Array(n + 1);
  let flops = 0;
  for (let G = 0; G < nS; G++) {
    const f = snStart[groupStart[G]!]!, lastJ = G + 1 < nS ? groupStart[G + 1]! - 1 : nSuper - 1;
    const l = snStart[lastJ + 1]!, below = rowsOf(lastJ) - width(lastJ), m = l - f + below;
    newStart[G] = f;
    for (let c = f; c < l; c++) {
      const cnt = m - (c - f);
      snOf[c] = G;
      newColptr[c + 1] = newColptr[c]! + cnt;
      flops += ((cnt - 1) * (cnt + 2)) / 2;
    }
  }
  newStart[nS] = n;
  const nnzL = newColptr[n]!;
  const newRowind = new Int32Array(nnzL);
  for (let G = 0; G < nS; G++) {
    const f = newStart[G]!, l = newStart[G + 1]!, lastJ = G + 1 < nS ? groupStart[G + 1]! - 1 : nSuper - 1;
    const fl = snStart[lastJ]!, p0 = colptr[fl]! + (l - fl), p1 = colptr[fl + 1]!;
    for (let c = f; c < l; c++) {
      let q = newColptr[c]!;
      for (let r = c; r < l; r++) newRowind[q++] = r;
      for (let p = p0; p < p1; p++) newRowind[q++] = rowind[p]!;
    }
  }
  const cPos = new Int32Array(S.cRowind.length);
  for (let k = 0; k < n; k++) {
    for (let q = S.cColptr[k]!; q < S.cColptr[k + 1]!; q++) {
      const i = S.cRowind[q]!;
      let lo = newColptr[i]!, hi = newColptr[i + 1]! - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (newRowind[mid]! < k) lo = mid + 1;
        else hi = mid;
      }
      cPos[q] = lo;
    }
  }
  return {
    ...S,
    colptr: newColptr,
    rowind: newRowind,
    nnzL,
    flops,
    rows: null,
    nSuper: nS,
    snStart: newStart,
    snOf,
    cPos,
    snHead: new Int32Array(nS),
    snNext: new Int32Array(nS),
    snCursor: new Int32Array(nS),
    work: new Float64Array(n),
    solveWork: new Float64Array(n),
    snRel: new Int32Array(n),
    snTmp: new Float64Array(n),
  };
}
