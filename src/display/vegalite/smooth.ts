/**
 * The estimated smooth of an `s(x)` term with its interval (mgcv's `plot.gam`): a band for the
 * interval, the curve, and a rug of the observed x values. Data from `smoothEstimates`
 * (effects/smooth.ts), computed here from a model and a term, or passed in.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import type { VegaLiteSpec as TopLevelSpec } from "../spec.js";
import { checkPlotOptions } from "./options.js";
import { smoothEstimates, type SmoothEstimates, type SmoothEstimatesOptions } from "../../effects/smooth.js";
import type { LmerMod } from "../../results/lmerMod.js";
import type { GlmerMod } from "../../results/glmerMod.js";
import { LmeError } from "../../messages/error.js";
import { requireShape } from "../../model/args.js";
import { smoothMsg } from "../../messages/results.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber } from "./common.js";

/** Options of `plots.smooth`: the chart's, and (with a model) those of `smoothEstimates`. */
export interface SmoothPlotOptions extends ChartOptions, SmoothEstimatesOptions {
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Draw the observed x values as a rug (default true). */
  readonly rug?: boolean;
}

const isEstimates = (x: unknown): x is SmoothEstimates => typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "smoothEstimates";

/**
 * The smooth `term` of a fitted model (`plots.smooth(m, "s(age)", { type: "response", shift })`),
 * or estimates already computed (`plots.smooth(smoothEstimates(m, "s(age)"))`).
 */
export function smooth(model: LmerMod | GlmerMod | SmoothEstimates, term?: string | SmoothPlotOptions, opts: SmoothPlotOptions = {}): VegaLiteChart {
  let est: SmoothEstimates;
  let o: SmoothPlotOptions;
  if (isEstimates(model)) {
    o = (typeof term === "object" && term !== null ? term : opts) as SmoothPlotOptions;
    checkPlotOptions("smooth", o);
    requireShape("plots.smooth", model, "a fitted model and a smooth's label, or the result of smoothEstimates()", ["rows", "observed", "term", "variable", "level"]);
    if (!Array.isArray(model.rows)) requireShape("plots.smooth", model.rows, "the rows of smoothEstimates()", ["[]"]);
    est = model;
  } else {
    if (typeof term !== "string") throw new LmeError("usage", smoothMsg.badTerm(term, []));
    checkPlotOptions("smooth", opts);
    o = opts;
    const { title: _t, width: _w, height: _h, xTitle: _x, yTitle: _y, rug: _r, ...eo } = opts;
    est = smoothEstimates(model, term, eo);
  }
  const pct = `${Math.round(est.level * 100)}%`;
  const values = est.rows.map((r) => ({ x: jsonNumber(r.x), fit: jsonNumber(r.fit), lower: jsonNumber(r.lower), upper: jsonNumber(r.upper), se: jsonNumber(r.se) }));
  const yTitle = o.yTitle ?? (est.type === "response" ? `${est.term} (response scale)` : est.term);
  const x = { field: "x", type: "quantitative", title: o.xTitle ?? est.variable, scale: { zero: false } };
  const tooltip = [
    { field: "x", title: est.variable, format: ".4g" }, { field: "fit", title: est.term, format: ".4g" },
    { field: "lower", title: `${pct} lower`, format: ".4g" }, { field: "upper", title: `${pct} upper`, format: ".4g" }, { field: "se", title: "SE (link scale)", format: ".3g" },
  ];
  const layer: unknown[] = [
    { data: { values }, mark: { type: "area", opacity: 0.25, color: "#1f4e8c" }, encoding: { x, y: { field: "lower", type: "quantitative", title: yTitle }, y2: { field: "upper" }, tooltip } },
    { data: { values }, mark: { type: "line", color: "#1f4e8c" }, encoding: { x, y: { field: "fit", type: "quantitative", title: yTitle }, tooltip } },
  ];
  if (o.rug !== false) {
    const rug = [...new Set(Array.from(est.observed).filter((v) => Number.isFinite(v)))].map((v) => ({ x: v }));
    layer.push({ data: { values: rug }, mark: { type: "tick", orient: "vertical", color: "#555", opacity: 0.5, size: 8, yOffset: 4 }, encoding: { x, y: { value: (o.height ?? 260) - 4 }, tooltip: [{ field: "x", title: est.variable, format: ".4g" }] } });
  }
  const title = o.title ?? `${est.term} with ${pct} Bayesian interval${est.shift !== 0 ? ` (shifted by ${Number(est.shift.toPrecision(4))})` : ""}`;
  return asChart({ $schema: VEGALITE_SCHEMA, title, width: o.width ?? 360, height: o.height ?? 260, layer } as unknown as TopLevelSpec);
}
