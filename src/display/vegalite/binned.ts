/**
 * Binned residual plots for binomial fits (Gelman & Hill 2007, §5.6; `arm::binnedplot`):
 * observations are sorted by fitted probability and cut into bins of (nearly) equal counts;
 * each bin shows its mean response residual y − μ̂ against its mean fitted value, with a
 * ±2 standard-error band. With binary (or binomial-proportion) data, raw residuals carry
 * little information one at a time; their bin means should scatter around 0 and about 95%
 * of them should lie inside the band when the model's mean structure is adequate.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber, sameLength, viewProps } from "./common.js";
import { checkPlotOptions } from "./options.js";

/** Columns of a binned residual plot. */
export interface BinnedData {
  /** Fitted probabilities μ̂ᵢ (response scale, in [0, 1]). */
  readonly fitted: ArrayLike<number>;
  /** Observed responses yᵢ as proportions (0/1 for binary data, successes/trials otherwise). */
  readonly observed: ArrayLike<number>;
  /** Binomial trials per observation (prior weights); default 1 (binary data). */
  readonly weights?: ArrayLike<number>;
}

/** Options of `binResiduals` / `binnedResiduals`. */
export interface BinnedOptions extends ChartOptions {
  /**
   * Number of bins; default `arm::binnedplot`'s rule: ⌊√n⌋ for n ≥ 100, 10 for 10 < n < 100,
   * ⌊n/2⌋ otherwise (never more than n).
   */
  readonly bins?: number;
  /**
   * The ±2 SE band: "model" (default) uses the binomial variance implied by the fit,
   * SE = √(Σ wᵢ μ̂ᵢ(1 − μ̂ᵢ)) / Σ wᵢ for the bin's weighted mean residual; "empirical" uses
   * `arm`'s sd(residuals in bin)/√(bin size) (unweighted; needs ≥ 2 observations per bin).
   */
  readonly band?: "model" | "empirical";
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** One bin: its size, fitted-value range, weighted means and the ±2 SE band. */
export interface ResidualBin {
  bin: number;
  n: number;
  /** Σ weights in the bin (trials). */
  trials: number;
  fittedMin: number;
  fittedMax: number;
  /** Weighted mean fitted probability Σ wμ̂ / Σ w. */
  fitted: number;
  /** Weighted mean response residual Σ w(y − μ̂) / Σ w. */
  residual: number;
  /** Standard error of `residual` (see `BinnedOptions.band`). */
  se: number;
  lower: number;
  upper: number;
  /** |residual| > 2 se. */
  outside: boolean;
}

/** `arm::binnedplot`'s default number of bins for n observations. */
export function defaultBinCount(n: number): number {
  const k = n >= 100 ? Math.floor(Math.sqrt(n)) : n > 10 ? 10 : Math.floor(n / 2);
  return Math.max(1, Math.min(n, k));
}

/**
 * The bins of a binned residual plot. Observations with a non-finite fitted value, response
 * or weight, or a weight ≤ 0, are dropped. Sorting is by fitted value (ties by position); bin
 * k of K takes observations ⌊k·n/K⌋ … ⌊(k+1)·n/K⌋ − 1 of the sorted order, so sizes differ
 * by at most one.
 */
export function binResiduals(d: BinnedData, o: Pick<BinnedOptions, "bins" | "band"> = {}): ResidualBin[] {
  const n0 = sameLength("binnedResiduals", { fitted: d.fitted, observed: d.observed, weights: d.weights });
  const idx: number[] = [];
  for (let i = 0; i < n0; i++) {
    const w = d.weights ? d.weights[i] : 1;
    if (Number.isFinite(d.fitted[i]) && Number.isFinite(d.observed[i]) && Number.isFinite(w) && w > 0) idx.push(i);
  }
  idx.sort((a, b) => d.fitted[a] - d.fitted[b] || a - b);
  const n = idx.length;
  if (n === 0) return [];
  const K = o.bins === undefined ? defaultBinCount(n) : Math.max(1, Math.min(n, Math.floor(o.bins)));
  if (!Number.isFinite(K)) throw new RangeError(`binnedResiduals: bins must be a positive number, got ${o.bins}`);
  const band = o.band ?? "model";
  const out: ResidualBin[] = [];
  for (let k = 0; k < K; k++) {
    const lo = Math.floor((k * n) / K), hi = Math.floor(((k + 1) * n) / K);
    let sw = 0, swm = 0, swr = 0, swv = 0, sr = 0, srr = 0;
    for (let j = lo; j < hi; j++) {
      const i = idx[j], w = d.weights ? d.weights[i] : 1, mu = d.fitted[i], r = d.observed[i] - mu;
      sw += w, swm += w * mu, swr += w * r, swv += w * mu * (1 - mu), sr += r, srr += r * r;
    }
    const m = hi - lo, residual = swr / sw;
    let se: number;
    if (band === "model") se = Math.sqrt(Math.max(swv, 0)) / sw;
    else se = m > 1 ? Math.sqrt(Math.max((srr - (sr * sr) / m) / (m - 1), 0) / m) : NaN;
    out.push({
      bin: k + 1, n: m, trials: sw,
      fittedMin: d.fitted[idx[lo]], fittedMax: d.fitted[idx[hi - 1]],
      fitted: swm / sw, residual, se, lower: -2 * se, upper: 2 * se,
      outside: Math.abs(residual) > 2 * se,
    });
  }
  return out;
}

/**
 * Binned residual plot: bin mean residual (points; red when outside the band) against bin mean
 * fitted probability, the ±2 SE band as a grey area with dashed edges, and a zero line.
 * Tooltips give the bin's size, fitted-value range and values.
 */
export function binnedResiduals(d: BinnedData, o: BinnedOptions = {}): VegaLiteChart {
  checkPlotOptions("binnedResiduals", o);
  const bins = binResiduals(d, o);
  const values = bins.map((b) => ({
    bin: b.bin, n: b.n, trials: b.trials,
    range: `${b.fittedMin.toFixed(3)}–${b.fittedMax.toFixed(3)}`,
    fitted: jsonNumber(b.fitted), residual: jsonNumber(b.residual),
    lower: jsonNumber(b.lower), upper: jsonNumber(b.upper),
    status: b.outside ? "outside ±2 SE" : "inside ±2 SE",
  }));
  const x = { field: "fitted", type: "quantitative" as const, title: o.xTitle ?? "Mean fitted probability (bin)", scale: { zero: false } };
  const yTitle = o.yTitle ?? "Mean residual y − μ̂ (bin)";
  const band = [
    { field: "range", type: "nominal" as const, title: "fitted range" },
    { field: "fitted", type: "quantitative" as const, title: "mean fitted", format: ".3f" },
    { field: "lower", type: "quantitative" as const, title: "−2 SE", format: ".4f" },
    { field: "upper", type: "quantitative" as const, title: "+2 SE", format: ".4f" },
  ];
  const edge = (field: "lower" | "upper") => ({
    mark: { type: "line" as const, color: "#777", strokeDash: [4, 3], strokeWidth: 1 },
    encoding: { x, y: { field, type: "quantitative" as const, title: yTitle }, tooltip: band },
  });
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps({ title: `Binned residuals (${bins.length} bins, ±2 SE ${o.band === "empirical" ? "empirical" : "binomial"} band)`, ...o }),
    data: { values },
    layer: [
      {
        mark: { type: "area", color: "#bbb", opacity: 0.25 },
        encoding: { x, y: { field: "lower", type: "quantitative", title: yTitle }, y2: { field: "upper" }, tooltip: band },
      },
      edge("lower"),
      edge("upper"),
      { mark: { type: "rule", color: "#444" }, encoding: { y: { datum: 0 } } },
      {
        mark: { type: "point", filled: true, size: 60, opacity: 0.9 },
        encoding: {
          x,
          y: { field: "residual", type: "quantitative", title: yTitle },
          color: {
            field: "status", type: "nominal", title: null,
            scale: { domain: ["inside ±2 SE", "outside ±2 SE"], range: ["#1f77b4", "#d62728"] },
          },
          tooltip: [
            { field: "bin", type: "quantitative" },
            { field: "n", type: "quantitative", title: "observations" },
            { field: "trials", type: "quantitative", title: "trials" },
            { field: "range", type: "nominal", title: "fitted range" },
            { field: "fitted", type: "quantitative", title: "mean fitted", format: ".3f" },
            { field: "residual", type: "quantitative", title: "mean residual", format: ".4f" },
            { field: "upper", type: "quantitative", title: "2 SE", format: ".4f" },
          ],
        },
      },
    ],
  });
}
