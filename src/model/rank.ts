/**
 * Rank check of the fixed-effects matrix as lme4's `chkRank.drop.cols`: R's `qr(X, tol = 1e-7)`
 * (LINPACK's Householder QR with limited column pivoting) decides the rank, and the columns
 * that were pivoted out are dropped, so of aliased columns the first is kept.
 */

/** Result of `dropRankDeficient`: X restricted to the kept columns, in their original order. */
export interface RankResult {
  readonly X: Float64Array;
  readonly p: number;
  readonly names: string[];
  /** Indices of the kept columns in the input, ascending. */
  readonly keep: Int32Array;
  /** Names of the dropped columns, in input order. */
  readonly dropped: string[];
}

function norm(a: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(a[i]!));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = from; i < to; i++) {
    const t = a[i]! / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/**
 * The rank and column order of R's `qr(X, tol)` with `LAPACK = FALSE`: Householder reflections
 * column by column; before column l is reduced, every remaining column whose norm (below row l)
 * has fallen under `tol` × its original norm is moved to the end. Returns the pivot (original
 * column indices in final order) and the rank. Works on a copy of X (n×p, column-major).
 */
export function pivotedQrRank(X: Float64Array, n: number, p: number, tol = 1e-7): { pivot: Int32Array; rank: number } {
  const cols: Float64Array[] = [];
  for (let j = 0; j < p; j++) cols.push(X.slice(j * n, (j + 1) * n));
  const pivot = Int32Array.from({ length: p }, (_, j) => j);
  const cur = new Float64Array(p); // current norm of column below the reduced rows
  const orig = new Float64Array(p); // original norm, for the negligibility test
  for (let j = 0; j < p; j++) {
    cur[j] = norm(cols[j]!, 0, n);
    orig[j] = cur[j] === 0 ? 1 : cur[j]!;
  }
  const moveToEnd = (l: number) => {
    const c = cols[l]!, pv = pivot[l]!, cu = cur[l]!, o = orig[l]!;
    for (let j = l + 1; j < p; j++) {
      cols[j - 1] = cols[j]!;
      pivot[j - 1] = pivot[j]!;
      cur[j - 1] = cur[j]!;
      orig[j - 1] = orig[j]!;
    }
    cols[p - 1] = c;
    pivot[p - 1] = pv;
    cur[p - 1] = cu;
    orig[p - 1] = o;
  };
  let k = p; // columns l..k-1 are still candidates; k..p-1 were moved out
  const steps = Math.min(n, p);
  for (let l = 0; l < steps; l++) {
    while (l < k && cur[l]! < orig[l]! * tol) {
      moveToEnd(l);
      k--;
    }
    if (l === n - 1) break;
    const x = cols[l]!;
    let nrm = norm(x, l, n);
    if (nrm === 0) continue;
    if (x[l]! < 0) nrm = -nrm;
    for (let i = l; i < n; i++) x[i] = x[i]! / nrm;
    x[l] = x[l]! + 1;
    for (let j = l + 1; j < p; j++) {
      const y = cols[j]!;
      let dot = 0;
      for (let i = l; i < n; i++) dot += x[i]! * y[i]!;
      const t = -dot / x[l]!;
      for (let i = l; i < n; i++) y[i] = y[i]! + t * x[i]!;
      if (cur[j] === 0) continue;
      const ratio = Math.abs(y[l]!) / cur[j]!;
      const shrink = Math.max(0, 1 - ratio * ratio);
      if (Math.abs(shrink) < 1e-6) {
        // cancellation: recompute the norm of the rest of the column
        cur[j] = norm(y, l + 1, n);
      } else {
        cur[j] = cur[j]! * Math.sqrt(shrink);
      }
    }
  }
  return { pivot, rank: Math.min(k, n) };
}

/**
 * Drops the columns of X (n×p, column-major) that R's pivoted QR (tolerance `tol`, relative to
 * each column's norm; default 1e-7 as lme4) finds linearly dependent on earlier columns.
 * Returns X with the kept columns in their original order, their names, their indices, and the
 * dropped names (lme4 then warns "fixed-effect model matrix is rank deficient so dropping ...").
 * When X has full rank the input array is returned as is.
 */
export function dropRankDeficient(
  X: Float64Array,
  n: number,
  p: number,
  names: readonly string[],
  tol = 1e-7,
): RankResult {
  const { pivot, rank } = pivotedQrRank(X, n, p, tol);
  if (rank === p) return { X, p, names: names.slice(), keep: Int32Array.from({ length: p }, (_, j) => j), dropped: [] };
  const keep = Int32Array.from(pivot.subarray(0, rank)).sort();
  const kept = new Set(keep);
  const out = new Float64Array(n * rank);
  keep.forEach((j, c) => out.set(X.subarray(j * n, (j + 1) * n), c * n));
  return {
    X: out,
    p: rank,
    names: Array.from(keep, (j) => names[j]!),
    keep,
    dropped: names.filter((_, j) => !kept.has(j)),
  };
}
