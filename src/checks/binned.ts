/**
 * performance::binned_residuals (performance 0.10.2), the binned-residual panel check_model
 * draws for binomial models instead of the linearity plot.
 *
 * With residuals eᵢ = yᵢ − μ̂ᵢ (y the observed proportion, μ̂ the fitted one, unweighted) and
 * K = round(√n) bins (R's round, half to even), the breaks are the sorted fitted values at
 * positions ⌊n·k/K⌋, k = 1 … K − 1 (duplicates removed), and bin k holds the observations with
 * break_{k−1} < μ̂ ≤ break_k (R's `cut`, right-closed). Per bin: the mean fitted value x̄, the mean
 * residual ȳ, n, the fitted range and the half-width z_{0.975}·sd(e)/√n; bins with fewer than 2
 * observations (no sd) are dropped, as `complete.cases` drops them. A bin is "ok" when
 * |ȳ| ≤ the half-width; performance reads "about 95% of the bins ok" as a good fit.
 *
 * For a cbind(successes, failures) response we use the observed proportions too; performance
 * 0.10.2 subtracts the fitted proportions from the success counts there (insight's get_response
 * returns both columns), which is not a residual.
 *
 * Differs from `plots.binResiduals` (arm::binnedplot with the model's binomial variance and
 * weights): this one reproduces performance's numbers.
 */
import { qnorm, roundHalfEven } from "../glmm/family/special.js";

/** One bin of performance's binned residuals. */
export interface PerformanceBin {
  /** Mean fitted value of the bin. */
  readonly xbar: number;
  /** Mean residual of the bin. */
  readonly ybar: number;
  readonly n: number;
  readonly xLo: number;
  readonly xHi: number;
  /** Half-width z_{0.975}·sd/√n (performance's `se` column). */
  readonly se: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** |ybar| ≤ se. */
  readonly ok: boolean;
}

/** performance's binned residuals of fitted values `fitted` and responses `y` (see the module doc). */
export function performanceBins(fitted: ArrayLike<number>, y: ArrayLike<number>): PerformanceBin[] {
  const n = fitted.length, K = Math.max(1, roundHalfEven(Math.sqrt(n)));
  const sorted = Float64Array.from(fitted).sort();
  const breaks = [-Infinity];
  for (let k = 1; k < K; k++) {
    const b = sorted[Math.floor((n * k) / K) - 1]; // R's 1-based index
    if (b !== undefined && b !== breaks[breaks.length - 1]) breaks.push(b);
  }
  breaks.push(Infinity);
  const members: number[][] = breaks.slice(1).map(() => []);
  for (let i = 0; i < n; i++) {
    let k = 0;
    while (!(fitted[i] <= breaks[k + 1])) k++;
    members[k].push(i);
  }
  const z = qnorm(0.975), out: PerformanceBin[] = [];
  for (const idx of members) {
    const m = idx.length;
    if (m < 2) continue;
    let sx = 0, se = 0, lo = Infinity, hi = -Infinity;
    for (const i of idx) (sx += fitted[i]), (se += y[i] - fitted[i]), (lo = Math.min(lo, fitted[i])), (hi = Math.max(hi, fitted[i]));
    const ybar = se / m;
    let ss = 0;
    for (const i of idx) ss += (y[i] - fitted[i] - ybar) ** 2;
    const half = (z * Math.sqrt(ss / (m - 1))) / Math.sqrt(m);
    out.push({ xbar: sx / m, ybar, n: m, xLo: lo, xHi: hi, se: half, ciLow: ybar - half, ciHigh: ybar + half, ok: Math.abs(ybar) <= half });
  }
  return out;
}
