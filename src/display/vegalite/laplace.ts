/**
 * The GLMM paper's integrand plots (Figures 1–3) from a `conditionalDensities` result: per level
 * (one facet each), the normalized unscaled conditional density against the standard normal
 * density (`laplaceIntegrands`), and their ratio t(z) against the Laplace approximation's t ≡ 1
 * (`tz`), both with the AGQ(k) curve when the result has one. Curves that stay on the N(0, 1)
 * curve (t near 1 where φ has its mass) mean the Laplace approximation is good; t well away from
 * 1 means adaptive Gauss–Hermite quadrature (glmer's nAGQ > 1) is needed.
 *
 * Levels: `levels` names them; otherwise all levels when there are at most `maxLevels` (default
 * 15), else the `maxLevels` levels whose t(z) departs most from 1 (largest max |log t| on the
 * grid), worst first — the subtitle says which.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber } from "./common.js";
import { checkPlotOptions } from "./options.js";
import { requireShape } from "../../model/args.js";
import type { ConditionalDensities } from "../../diagnostics/conditionalDensities.js";
import { badYDomain, cdUnknownLevel } from "../../messages/diagnostics.js";

/** Options of `laplaceIntegrands` and `tz`. */
export interface IntegrandPlotOptions extends ChartOptions {
  /** Levels to draw, by name (default: see the module comment). */
  readonly levels?: readonly string[];
  /** At most this many panels when `levels` is not given (default 15). */
  readonly maxLevels?: number;
  /** Panels per row (default 5). */
  readonly columns?: number;
  /** `tz` only: the y-axis range [lo, hi]; curves are clipped to it (the paper: [0.5, 1.5], [0, 5]). */
  readonly yDomain?: readonly number[];
}

const WHAT = "the result of conditionalDensities()";

/** The levels to draw and how they were chosen. */
function pickLevels(cd: ConditionalDensities, o: IntegrandPlotOptions): { levels: string[]; note: string } {
  const all = cd.levels.map((l) => l.level);
  if (o.levels) {
    for (const l of o.levels) if (!all.includes(l)) throw cdUnknownLevel(cd.group, l, all.slice(0, 5));
    return { levels: [...o.levels], note: "" };
  }
  const max = o.maxLevels ?? 15;
  if (all.length <= max) return { levels: all, note: "" };
  const bad = new Map(cd.levels.map((l) => [l.level, Math.max(Math.abs(Math.log(l.tMax)), Math.abs(Math.log(l.tMin)))]));
  const worst = [...all].sort((a, b) => bad.get(b)! - bad.get(a)!).slice(0, max);
  return { levels: worst, note: `the ${max} of ${all.length} levels whose t(z) departs most from 1` };
}

type Point = { level: string; z: number; series: string; y: number | null };

function facetChart(cd: ConditionalDensities, o: IntegrandPlotOptions, values: Point[], series: string[], levels: string[], note: string, y: object, title: string): VegaLiteChart {
  return asChart({
    $schema: VEGALITE_SCHEMA,
    title: { text: o.title ?? title, ...(note ? { subtitle: note } : {}) },
    data: { values },
    facet: { field: "level", type: "nominal", title: cd.group, sort: levels },
    columns: o.columns ?? 5,
    spec: {
      width: o.width ?? 150,
      height: o.height ?? 110,
      mark: { type: "line", clip: true },
      encoding: {
        x: { field: "z", type: "quantitative", title: "z" },
        y,
        color: { field: "series", type: "nominal", title: null, sort: series, scale: { domain: series, range: ["#1f77b4", "#ff7f0e", "#2ca02c"] } },
        strokeDash: { field: "series", type: "nominal", title: null, sort: series, scale: { domain: series, range: [[1, 0], [6, 3], [2, 2]] } },
        tooltip: [
          { field: "level", type: "nominal", title: cd.group },
          { field: "series", type: "nominal" },
          { field: "z", type: "quantitative", format: ".3f" },
          { field: "y", type: "quantitative", format: ".4g" },
        ],
      },
    },
  });
}

type Row = ConditionalDensities["rows"][number];

/**
 * The checked input, chosen levels and long-format values of one integrand plot: per row, the
 * curve `main`, the AGQ(k) curve (when the result has one) and the reference curve `ref`.
 */
function curves(fn: "laplaceIntegrands" | "tz", cd: ConditionalDensities, o: IntegrandPlotOptions, main: [string, (r: Row) => number], agqY: (r: Row, agq: number) => number, ref: [string, (r: Row) => number]) {
  requireShape(`plots.${fn}`, cd, WHAT, ["rows", "levels", "group"]);
  checkPlotOptions(fn, o);
  const { levels, note } = pickLevels(cd, o);
  const agq = cd.agq > 0 ? `AGQ(${cd.agq})` : null;
  const series = [main[0], ...(agq ? [agq] : []), ref[0]];
  const set = new Set(levels), values: Point[] = [];
  for (const r of cd.rows) {
    if (!set.has(r.level)) continue;
    values.push({ level: r.level, z: r.z, series: main[0], y: jsonNumber(main[1](r)) });
    if (agq && r.agq !== null) values.push({ level: r.level, z: r.z, series: agq, y: jsonNumber(agqY(r, r.agq)) });
    values.push({ level: r.level, z: r.z, series: ref[0], y: jsonNumber(ref[1](r)) });
  }
  return { levels, note, series, values };
}

/**
 * Figure 1/3 (left): the normalized unscaled conditional density of each level against z, with
 * the standard normal density (what the Laplace approximation assumes) and the AGQ(k) curve.
 */
export function laplaceIntegrands(cd: ConditionalDensities, o: IntegrandPlotOptions = {}): VegaLiteChart {
  const c = curves("laplaceIntegrands", cd, o, ["conditional density", (r) => r.density], (r, q) => q * r.normal, ["N(0,1)", (r) => r.normal]);
  return facetChart(cd, o, c.values, c.series, c.levels, c.note, { field: "y", type: "quantitative", title: "density" }, `Conditional densities of the ${cd.group} effects vs N(0,1)`);
}

/**
 * Figure 2/3 (right): t(z) = conditional density / φ(z) per level, against the Laplace
 * approximation's t ≡ 1 and the AGQ(k) interpolant. `yDomain` truncates the axis (clipped curves).
 */
export function tz(cd: ConditionalDensities, o: IntegrandPlotOptions = {}): VegaLiteChart {
  const c = curves("tz", cd, o, ["t(z)", (r) => r.t], (_r, q) => q, ["Laplace (t = 1)", () => 1]);
  const d = o.yDomain;
  if (d && !(d.length === 2 && Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[0] < d[1])) throw badYDomain(d);
  const y = { field: "y", type: "quantitative", title: "t(z)", ...(d ? { scale: { domain: [d[0], d[1]] } } : {}) };
  return facetChart(cd, o, c.values, c.series, c.levels, c.note, y, `t(z): conditional density / N(0,1) density, ${cd.group} effects`);
}
