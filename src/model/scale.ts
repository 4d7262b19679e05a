/**
 * Scale checks of the model's numeric columns. The fit works with cross products of the
 * response and the design columns, so a column whose Euclidean norm exceeds ~1e150 overflows
 * double precision (max ≈ 1.8e308) when squared, and one whose norm is below ~1e-150 underflows
 * to zero: the estimates would come out NaN or arbitrary. lme4 fails on these too ("objective
 * in x0 returns NA", or estimates with NA standard errors and σ); lme4ts stops before fitting,
 * naming the column and the factor to rescale by.
 */
import { badScale } from "../messages/model.js";

/** Largest and smallest acceptable Euclidean norms of a non-zero column. */
const MAX_NORM = 1e150, MIN_NORM = 1e-150;

/** The Euclidean norm of column `j` of the n-row column-major `x`, without overflow or underflow. */
function columnNorm(x: ArrayLike<number>, n: number, j: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(x[i + j * n]!));
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i + j * n]! / m) ** 2;
  return m * Math.sqrt(s);
}

/**
 * Throws LmeError("data") naming `names[j]` (described as `what`) when a column of the n-row
 * column-major `x` has a norm outside [1e-150, 1e150] (zero columns pass: the rank check drops them).
 */
export function checkScale(x: ArrayLike<number>, n: number, names: readonly string[], what: string): void {
  for (let j = 0; j < names.length; j++) {
    const norm = columnNorm(x, n, j);
    if (norm > MAX_NORM || (norm > 0 && norm < MIN_NORM)) {
      let big = 0;
      for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(x[i + j * n]!));
      throw badScale(what, names[j]!, big, norm > MAX_NORM);
    }
  }
}
