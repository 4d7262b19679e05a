/**
 * Observed vs simulated ("posterior predictive" style) checks: the distribution of the observed
 * responses drawn over the distributions of responses simulated from the fitted model
 * (bayesplot's `ppc_dens_overlay` / `ppc_ecdf_overlay`). If the model describes the data, the
 * observed curve looks like one more draw from the bundle of simulated curves.
 *
 * Densities are Gaussian kernel estimates with R's default bandwidth (`bw.nrd0`) per sample,
 * evaluated on one grid shared by all samples; ECDFs are step functions on the same grid and
 * are the better choice for discrete responses (counts, 0/1).
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber, viewProps } from "./common.js";
import { checkPlotOptions } from "./options.js";

/** Observed responses and simulated replicates (each of any length; non-finite values dropped). */
export interface PPCheckData {
  readonly observed: ArrayLike<number>;
  readonly simulated: readonly ArrayLike<number>[];
}

/** Options of `ppCheck`. */
export interface PPCheckOptions extends ChartOptions {
  /** "density" (default, kernel density) or "ecdf" (empirical distribution function). */
  readonly type?: "density" | "ecdf";
  /** Grid points (default 128). */
  readonly gridSize?: number;
  /** Kernel bandwidth for every sample; default `bwNrd0` of each sample. */
  readonly bandwidth?: number;
  /** Draw at most this many replicates (the first ones; default 100). */
  readonly maxReplicates?: number;
  readonly xTitle?: string;
}

function finite(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).filter(Number.isFinite).sort();
}

function quantile7(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p, lo = Math.floor(h), hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * R's `bw.nrd0`: 0.9 · min(sd, IQR/1.34) · n^(−1/5), falling back to sd, then |x₁|, then 1 when
 * the spread measure is 0. Non-finite values are ignored; fewer than 2 values is an error.
 */
export function bwNrd0(x: ArrayLike<number>): number {
  const s = finite(x), n = s.length;
  if (n < 2) throw new RangeError(`bwNrd0: need at least 2 finite values, got ${n}`);
  let mean = 0;
  for (const v of s) mean += v / n;
  let ss = 0;
  for (const v of s) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  let lo = Math.min(sd, (quantile7(s, 0.75) - quantile7(s, 0.25)) / 1.34);
  if (!(lo > 0)) lo = sd > 0 ? sd : Math.abs(s[0]) > 0 ? Math.abs(s[0]) : 1;
  return 0.9 * lo * Math.pow(n, -0.2);
}

/** Gaussian kernel density estimate of `x` with bandwidth `bw`, evaluated at each grid point. */
export function kernelDensity(x: ArrayLike<number>, grid: ArrayLike<number>, bw: number): Float64Array {
  const s = finite(x), n = s.length, out = new Float64Array(grid.length);
  if (n === 0) return out;
  const c = 1 / (n * bw * Math.sqrt(2 * Math.PI));
  for (let g = 0; g < grid.length; g++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const z = (grid[g] - s[i]) / bw;
      if (z > -8 && z < 8) acc += Math.exp(-0.5 * z * z);
    }
    out[g] = acc * c;
  }
  return out;
}

/** The empirical distribution function of `x` at each grid point: #{xᵢ ≤ t}/n. */
export function ecdfAt(x: ArrayLike<number>, grid: ArrayLike<number>): Float64Array {
  const s = finite(x), n = s.length, out = new Float64Array(grid.length);
  for (let g = 0; g < grid.length; g++) {
    let lo = 0, hi = n; // first index with s[i] > t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= grid[g]) lo = mid + 1;
      else hi = mid;
    }
    out[g] = n > 0 ? lo / n : NaN;
  }
  return out;
}

/**
 * Observed vs simulated distributions: one thin line per simulated replicate, the observed
 * sample as a thick dark line on top. For densities the grid spans all samples ± 3 bandwidths
 * (as R's `density(cut = 3)`); for ECDFs it is the samples' distinct values (steps fall exactly
 * at the data) unless there are more than 4 × `gridSize` of them (continuous data), when it is
 * a uniform grid over the range.
 */
export function ppCheck(d: PPCheckData, o: PPCheckOptions = {}): VegaLiteChart {
  checkPlotOptions("ppCheck", o);
  const type = o.type ?? "density";
  const reps = d.simulated.slice(0, o.maxReplicates ?? 100);
  if (reps.length === 0) throw new RangeError("ppCheck: no simulated replicates; pass simulated: [y*₁, y*₂, …]");
  const samples = [d.observed, ...reps].map(finite);
  if (samples[0].length < 2) throw new RangeError(`ppCheck: need at least 2 finite observed values, got ${samples[0].length}`);
  const bws = samples.map((s) => o.bandwidth ?? (s.length >= 2 ? bwNrd0(s) : 1));
  let lo = Infinity, hi = -Infinity;
  samples.forEach((s, k) => {
    if (s.length === 0) return;
    const pad = type === "density" ? 3 * bws[k] : 0;
    lo = Math.min(lo, s[0] - pad), hi = Math.max(hi, s[s.length - 1] + pad);
  });
  const m = Math.max(2, Math.floor(o.gridSize ?? 128));
  const uniform = Array.from({ length: m }, (_, i) => lo + ((hi - lo) * i) / (m - 1));
  let grid = uniform;
  if (type === "ecdf") {
    // Discrete data: the distinct values are the exact step positions; continuous: the uniform grid.
    const distinct = new Set<number>();
    for (const s of samples) for (const v of s) if (distinct.size <= 4 * m) distinct.add(v);
    if (distinct.size <= 4 * m) grid = Array.from(distinct).sort((a, b) => a - b);
  }
  const values: { kind: string; replicate: number; x: number | null; y: number | null }[] = [];
  samples.forEach((s, k) => {
    const y = type === "density" ? kernelDensity(s, grid, bws[k]) : ecdfAt(s, grid);
    grid.forEach((x, g) => values.push({ kind: k === 0 ? "observed" : "simulated", replicate: k, x: jsonNumber(x), y: jsonNumber(y[g]) }));
  });
  const yTitle = type === "density" ? "Density" : "Cumulative proportion";
  const interpolate = type === "ecdf" ? { interpolate: "step-after" as const } : {};
  const x = { field: "x", type: "quantitative" as const, title: o.xTitle ?? "Response", scale: { zero: false } };
  const color = {
    field: "kind", type: "nominal" as const, title: null,
    scale: { domain: ["observed", "simulated"], range: ["#111111", "#6baed6"] },
  };
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps({ title: `Observed vs ${reps.length} simulated (${type === "density" ? "densities" : "ECDFs"})`, ...o }),
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'simulated'" }],
        mark: { type: "line", strokeWidth: 1, opacity: 0.35, ...interpolate },
        encoding: {
          x, y: { field: "y", type: "quantitative", title: yTitle }, detail: { field: "replicate", type: "nominal" }, color,
          tooltip: [
            { field: "replicate", type: "quantitative", title: "simulation" },
            { field: "x", type: "quantitative", format: ".4~g" },
            { field: "y", type: "quantitative", title: yTitle, format: ".4~g" },
          ],
        },
      },
      {
        transform: [{ filter: "datum.kind === 'observed'" }],
        mark: { type: "line", strokeWidth: 2.5, ...interpolate },
        encoding: {
          x, y: { field: "y", type: "quantitative", title: yTitle }, color,
          tooltip: [{ field: "kind", type: "nominal", title: "data" }, { field: "x", type: "quantitative", format: ".4~g" }, { field: "y", type: "quantitative", title: yTitle, format: ".4~g" }],
        },
      },
    ],
  });
}

/** Simulation-based scaled residuals (computed in inference/scaledResiduals.ts; re-exported here). */
export { scaledResiduals } from "../../inference/scaledResiduals.js";

/**
 * Uniform Q-Q plot of scaled residuals (values in (0, 1), e.g. from `scaledResiduals`): sorted
 * residuals against uniform quantiles (i − ½)/n with the identity line and, as a guide, a
 * pointwise 95% band from the Beta(i, n + 1 − i) order-statistic distribution (normal
 * approximation).
 */
export function scaledResidualsQQ(r: ArrayLike<number>, o: ChartOptions = {}): VegaLiteChart {
  checkPlotOptions("scaledResidualsQQ", o);
  const s = finite(r), n = s.length;
  const values = Array.from(s, (v, k) => {
    const i = k + 1, mean = i / (n + 1), sd = Math.sqrt((i * (n + 1 - i)) / ((n + 1) ** 2 * (n + 2)));
    return { expected: (k + 0.5) / n, residual: v, lower: Math.max(0, mean - 1.96 * sd), upper: Math.min(1, mean + 1.96 * sd) };
  });
  const x = { field: "expected", type: "quantitative" as const, title: "Expected uniform quantile", scale: { domain: [0, 1] } };
  const band = [
    { field: "expected", type: "quantitative" as const, title: "expected quantile", format: ".3f" },
    { field: "lower", type: "quantitative" as const, title: "95% band lower", format: ".3f" },
    { field: "upper", type: "quantitative" as const, title: "95% band upper", format: ".3f" },
  ];
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps({ title: "Simulation-based scaled residuals: uniform Q-Q", ...o }),
    data: { values },
    layer: [
      { mark: { type: "area", color: "#bbb", opacity: 0.3 }, encoding: { x, y: { field: "lower", type: "quantitative", title: "Scaled residual" }, y2: { field: "upper" }, tooltip: band } },
      { mark: { type: "line", color: "#d62728" }, encoding: { x, y: { field: "expected", type: "quantitative", title: "Scaled residual" }, tooltip: band } },
      {
        mark: { type: "point", filled: true, size: 28, opacity: 0.8 },
        encoding: {
          x, y: { field: "residual", type: "quantitative", title: "Scaled residual", scale: { domain: [0, 1] } },
          tooltip: [{ field: "expected", type: "quantitative", format: ".3f" }, { field: "residual", type: "quantitative", format: ".3f" }],
        },
      },
    ],
  });
}
