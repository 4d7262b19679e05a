/**
 * Shared pieces of the Vega-Lite spec builders: options, the schema URL, conversion of typed
 * arrays to JSON-safe numbers, and the normal plotting positions used by Q-Q plots.
 */
import { qnorm } from "../../glmm/family/special.js";

/** The Vega-Lite schema the builders target (v5; compiled and rendered by vega-lite 6). */
export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Options common to every builder. */
export interface ChartOptions {
  readonly title?: string;
  /** Width of the plot (of each facet panel for faceted plots), in pixels. */
  readonly width?: number;
  /** Height of the plot (of each facet panel for faceted plots), in pixels. */
  readonly height?: number;
}

/** A finite number, or null (JSON has no NaN/Infinity; Vega-Lite skips nulls). */
export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Checks that parallel columns have the same length, naming the culprit. */
export function sameLength(what: string, cols: Readonly<Record<string, ArrayLike<unknown> | undefined>>): number {
  let n = -1, first = "";
  for (const [name, c] of Object.entries(cols)) {
    if (c === undefined) continue;
    if (n < 0) (n = c.length), (first = name);
    else if (c.length !== n) throw new RangeError(`${what}: '${name}' has ${c.length} values but '${first}' has ${n}; pass columns of equal length`);
  }
  return Math.max(n, 0);
}

/**
 * Normal plotting positions of R's `ppoints(n)`: (i − a)/(n + 1 − 2a), i = 1..n, with a = 3/8
 * for n ≤ 10 and 1/2 otherwise, mapped through Φ⁻¹ — the theoretical quantiles of `qqnorm`.
 */
export function normalScores(n: number): Float64Array {
  const a = n <= 10 ? 3 / 8 : 1 / 2, out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = qnorm((i + 1 - a) / (n + 1 - 2 * a));
  return out;
}

/**
 * R's `qqline`: the line through the first and third quartiles of the sample (type-7 quantiles)
 * against those of the standard normal. Returns intercept and slope.
 */
export function qqLine(sample: ArrayLike<number>): { intercept: number; slope: number } {
  const s = Float64Array.from(sample).filter(Number.isFinite).sort();
  const q = (p: number) => {
    const h = (s.length - 1) * p, lo = Math.floor(h), hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  };
  const y1 = q(0.25), y3 = q(0.75), x1 = qnorm(0.25), x3 = qnorm(0.75);
  const slope = (y3 - y1) / (x3 - x1);
  return { intercept: y1 - slope * x1, slope };
}

/** Size and title properties for a single (non-faceted) view. */
export function viewProps(o: ChartOptions, w = 360, h = 260): { width: number; height: number; title?: string } {
  return { width: o.width ?? w, height: o.height ?? h, ...(o.title !== undefined ? { title: o.title } : {}) };
}
