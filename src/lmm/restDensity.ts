/**
 * A cheap proof that the rest block must be dense, before its symbolic analysis.
 *
 * `chooseRestMode` (src/lmm/factor.ts) picks the sparse mode when the AMD-ordered supernodal
 * factorization of Srr needs at most `ratio` · m³/6 multiply-adds, counted as
 * Σ_j (c_j − 1)(c_j + 2)/2 over the column counts c_j of L (diagonal included). That analysis
 * (the pattern of Srr, AMD, symbolic factorization) costs O(Σ_ℓ nr_ℓ²) — about a second for
 * 1M rows with 10K × 1K crossed levels, where the answer is "dense" anyway.
 *
 * Bound: fill only adds entries, so Σ_j c_j = nnz(L) ≥ E, the entries of the lower triangle of
 * Srr's pattern (diagonal included; the same under any symmetric permutation). The count
 * f(c) = (c − 1)(c + 2)/2 is convex and increasing for c ≥ 1, so by Jensen
 *
 *   flops = Σ_j f(c_j) ≥ m · f(nnz(L)/m) ≥ m · f(E/m).
 *
 * When m · f(E/m) already exceeds the sparse threshold, the analysis would choose dense: same
 * answer without it. E comes from one bitset row per rest row (m²/8 bytes: 8 MB at m = 8000):
 * row j ORs in the rows of each term-0 level containing j and of each unit paired with j's unit,
 * O(Σ_ℓ nr_ℓ · m/32 + pairs · m/32) word operations. `worthTrying` says when that is cheaper than
 * the analysis it may save (the Σ_ℓ nr_ℓ² marker pushes of the pattern).
 */
import type { CrossProducts } from "./crossprod.js";

/** Lower-triangle entries (diagonal included) of the pattern of Srr = Λᵀ A_rr Λ + I − Σ_ℓ cliques. */
export function restPatternLowerNnz(cp: CrossProducts): number {
  const { units, pairU, pairV, r1Ptr, r1Rows, l0 } = cp;
  const m = units.m, W = (m + 31) >>> 5;
  const bits = new Int32Array(m * W);
  const set = new Int32Array(W);
  const orRows = (rowsOf: (visit: (i: number) => void) => void) => {
    set.fill(0);
    rowsOf((i) => (set[i >>> 5]! |= 1 << (i & 31)));
    rowsOf((i) => {
      const o = i * W;
      for (let w = 0; w < W; w++) bits[o + w]! |= set[w]!;
    });
  };
  for (let l = 0; l < l0; l++)
    orRows((visit) => { for (let g = r1Ptr[l]!; g < r1Ptr[l + 1]!; g++) visit(r1Rows[g]!); });
  for (let idx = 0; idx < pairU.length; idx++) {
    const u = pairU[idx]!, v = pairV[idx]!;
    orRows((visit) => {
      for (let i = units.start[u]!; i < units.start[u]! + units.size[u]!; i++) visit(i);
      if (v !== u) for (let i = units.start[v]!; i < units.start[v]! + units.size[v]!; i++) visit(i);
    });
  }
  let full = 0;
  for (let j = 0; j < m; j++) {
    bits[j * W + (j >>> 5)]! |= 1 << (j & 31); // the diagonal (the + I)
    for (let w = 0; w < W; w++) full += popcount(bits[j * W + w]!);
  }
  return (full + m) / 2;
}

/**
 * Lower bound m · f(E/m), f(c) = (c − 1)(c + 2)/2, on the multiply-adds of any symbolic Cholesky
 * of an m × m pattern with E lower-triangle entries (see the module comment).
 */
export function sparseFlopsLowerBound(E: number, m: number): number {
  const c = E / m;
  return (m * (c - 1) * (c + 2)) / 2;
}

/**
 * Whether the bitset count costs less than the analysis it may replace: Σ_ℓ nr_ℓ · ⌈m/32⌉
 * word operations against Σ_ℓ nr_ℓ² / 2 marker pushes of the pattern alone.
 */
export function worthTrying(cp: CrossProducts): boolean {
  const W = (cp.units.m + 31) >>> 5;
  let words = 0, pushes = 0;
  for (let l = 0; l < cp.l0; l++) {
    const nr = cp.r1Ptr[l + 1]! - cp.r1Ptr[l]!;
    words += nr * W;
    pushes += (nr * nr) / 2;
  }
  return words < pushes;
}

/** True when the rest block's sparse factorization provably needs more than `maxFlops` (so: dense). */
export function provablyDense(cp: CrossProducts, maxFlops: number): boolean {
  if (!worthTrying(cp)) return false;
  return sparseFlopsLowerBound(restPatternLowerNnz(cp), cp.units.m) > maxFlops;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
