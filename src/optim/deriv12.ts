/**
 * Finite-difference gradient and Hessian, as lme4's `deriv12` (used by its convergence check).
 */
import { optimBadArgument } from "../messages/optim.js";
import type { Objective } from "./types.js";

/**
 * Gradient and Hessian (n×n, column-major) of f at x by differences with step δ (default 1e-4).
 *
 * Where x ± δ stays inside the bounds this is exactly lme4's central scheme (2n + 2n(n−1)
 * evaluations plus f(x)): g_j = (f(x+δe_j) − f(x−δe_j))/2δ, H_jj = (f₊ − 2f(x) + f₋)/δ²,
 * H_ij = (f₊₊ − f₊₋ − f₋₊ + f₋₋)/4δ².
 * Where a central step would cross a bound, coordinate j uses instead the 3-point stencil
 * {c_j − h, c_j, c_j + h} with centre c_j = x_j ± δ shifted into the box (one-sided, second-order
 * gradient (f₊ − f₋)/2h + (x_j − c_j)(f₊ − 2f_c + f₋)/h²); if the box is narrower than 2δ the
 * stencil spans the box. The mixed differences then use the shifted centres — an O(δ) error in
 * H_ij, acceptable for a convergence check. (lme4 itself passes no bounds and skips the check for
 * parameters on a bound; its own bounded variant divides by zero on a bound.)
 * `fx` = f(x) if already known. `mixed`: an n × n Hessian (column-major) whose off-diagonal
 * entries are taken as they are instead of differenced — then only the gradient and the diagonal
 * are computed (2n evaluations plus f(x): the update after a small step, src/optim/polish.ts).
 * `compact`: each mixed entry whose two coordinates both use the unshifted central step comes
 * from the second-order 7-point formula instead of lme4's 4 corners,
 *
 *   H_ij = [f(x+δe_i+δe_j) − f₊ᵢ − f₊ⱼ + 2f(x) − f₋ᵢ − f₋ⱼ + f(x−δe_i−δe_j)] / 2δ²,
 *
 * which reuses the axis points f±ᵢ, f±ⱼ and costs 2 new evaluations per pair instead of 4
 * (1 + 2n + n(n−1) in all instead of 1 + 2n + 2n(n−1): 21 instead of 33 for n = 4). Both are
 * O(δ²) accurate (the 7-point formula's error is δ²(f_iiij + f_ijjj)/6·… of the same order as the
 * corners'); the rounding error of either is a few ε|f|/δ². Pairs with a shifted coordinate keep
 * the 4 corners. The gradient and the diagonal are the same in both modes.
 */
export function deriv12(
  f: Objective,
  x: ArrayLike<number>,
  opts: { delta?: number; lower?: ArrayLike<number>; upper?: ArrayLike<number>; fx?: number; mixed?: ArrayLike<number>; compact?: boolean } = {},
): { gradient: Float64Array; hessian: Float64Array } {
  const n = x.length;
  const delta = opts.delta ?? 1e-4;
  if (!(delta > 0 && Number.isFinite(delta))) throw optimBadArgument("deriv12", `delta must be a positive finite number, got ${delta}`);
  if (n < 1) throw optimBadArgument("deriv12", "x is empty");
  const x0 = Float64Array.from(x);
  const centre = Float64Array.from(x0);
  const h = new Float64Array(n).fill(delta);
  for (let j = 0; j < n; j++) {
    const lo = opts.lower ? opts.lower[j] : -Infinity;
    const hi = opts.upper ? opts.upper[j] : Infinity;
    if (x0[j] - delta >= lo && x0[j] + delta <= hi) continue;
    if (hi - lo < 2 * delta) {
      h[j] = 0.5 * (hi - lo);
      centre[j] = lo + h[j];
      if (!(h[j] > 0)) throw optimBadArgument("deriv12", `parameter ${j + 1} has equal lower and upper bounds; leave it out of the derivatives`);
    } else if (x0[j] - delta < lo) centre[j] = lo + delta;
    else centre[j] = hi - delta;
  }
  const at = (mods: [number, number][]): number => {
    const p = Float64Array.from(x0);
    for (const [j, v] of mods) p[j] = v;
    return f(p);
  };
  const fx = opts.fx ?? f(Float64Array.from(x0));
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  const plus = (j: number) => centre[j] + h[j];
  const minus = (j: number) => centre[j] - h[j];
  const fps = new Float64Array(n), fms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const fp = (fps[j] = at([[j, plus(j)]]));
    const fm = (fms[j] = at([[j, minus(j)]]));
    const fc = centre[j] === x0[j] ? fx : at([[j, centre[j]]]);
    const second = (fp - 2 * fc + fm) / (h[j] * h[j]);
    hessian[j + j * n] = second;
    gradient[j] = (fp - fm) / (2 * h[j]) + (x0[j] - centre[j]) * second;
    for (let i = 0; i < j; i++) {
      if (opts.mixed) {
        hessian[i + j * n] = opts.mixed[i + j * n]!;
        hessian[j + i * n] = opts.mixed[j + i * n]!;
        continue;
      }
      if (opts.compact && centre[i] === x0[i] && centre[j] === x0[j] && h[i] === delta && h[j] === delta) {
        const pp = at([[i, plus(i)], [j, plus(j)]]), mm = at([[i, minus(i)], [j, minus(j)]]);
        const v7 = (pp - fps[i] - fp + 2 * fx - fms[i] - fm + mm) / (2 * delta * delta);
        hessian[i + j * n] = v7;
        hessian[j + i * n] = v7;
        continue;
      }
      const v =
        (at([[i, plus(i)], [j, plus(j)]]) -
          at([[i, plus(i)], [j, minus(j)]]) -
          at([[i, minus(i)], [j, plus(j)]]) +
          at([[i, minus(i)], [j, minus(j)]])) /
        (4 * h[i] * h[j]);
      hessian[i + j * n] = v;
      hessian[j + i * n] = v;
    }
  }
  return { gradient, hessian };
}
