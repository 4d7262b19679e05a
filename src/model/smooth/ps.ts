/**
 * mgcv's P-spline basis (`bs = "ps"`, Eilers and Marx; mgcv's defaults m = c(2, 2)): k cubic
 * B-splines on k + 4 evenly spaced knots — the data's range widened by 0.1% at each end, divided
 * into k − 3 intervals, plus three knot spacings beyond each end — with the second-order
 * difference penalty S = DᵀD (D the (k−2)×k second-difference matrix; its null space, constant and
 * linear coefficients, gives the linear functions). Beyond the widened range the spline continues
 * linearly from its value and slope at the end (mgcv's `Predict.matrix.pspline.smooth`).
 */
import { bsplineRow } from "../../formula/bases.js";

/** A spline basis as the smooth construction needs it: the penalty and the basis row at any x. */
export interface SplineBasis {
  /** The knots (cr: the k knots; ps: the k + 4 B-spline knots). */
  readonly knots: Float64Array;
  /** The k×k penalty (column-major). */
  readonly S: Float64Array;
  /** The basis row (length k) at x. */
  row(x: number): Float64Array;
}

/** mgcv's P-spline knots for basis dimension k (cubic B-splines). */
export function psKnots(x: ArrayLike<number>, k: number): Float64Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) (lo = Math.min(lo, x[i]!)), (hi = Math.max(hi, x[i]!));
  const r = hi - lo;
  const xl = lo - r * 0.001, xu = hi + r * 0.001;
  const nk = k - 2; // bs.dim − m[1]
  const dx = (xu - xl) / (nk - 1);
  const from = xl - dx * 3, to = xu + dx * 3, len = nk + 6;
  const by = (to - from) / (len - 1);
  return Float64Array.from({ length: len }, (_, i) => from + i * by);
}

/** The P-spline basis of dimension k with these knots (see the module comment). */
export function psBasis(knots: Float64Array, k: number): SplineBasis {
  const S = new Float64Array(k * k);
  // DᵀD for second differences: rows (1, −2, 1)
  for (let i = 0; i < k - 2; i++) {
    const d = [1, -2, 1];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) S[i + a + (i + b) * k] = S[i + a + (i + b) * k]! + d[a]! * d[b]!;
  }
  const kn = Array.from(knots);
  const ll = knots[3]!, ul = knots[knots.length - 4]!;
  const row = (x: number): Float64Array => {
    if (x >= ll && x <= ul) return bsplineRow(kn, x, 4, 0);
    const at = x < ll ? ll : ul;
    const v = bsplineRow(kn, at, 4, 0), d = bsplineRow(kn, at, 4, 1);
    return v.map((b, j) => b + (x - at) * d[j]!);
  };
  return { knots, S, row };
}
