/**
 * Effect plots of the analysis toolkit: a prediction frame (`predictionFrame`, ggeffects' plot: a
 * line with a confidence ribbon over a numeric x, points with error bars over a factor, one colour
 * per `group`, one panel per `facet`) and marginal means (`emmeans`: a point and interval per level,
 * one panel per `by` group). Tooltips carry the level, estimate and interval; clicking a group in
 * the legend highlights it.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import type { VegaLiteSpec as TopLevelSpec } from "../spec.js";
import { checkPlotOptions } from "./options.js";
import type { PredictionFrame } from "../../effects/predictionFrame.js";
import type { EmmGrid } from "../../emmeans/emmeans.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber } from "./common.js";

/** Options of the effect plots. */
export interface EffectPlotOptions extends ChartOptions {
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** ggeffects-style plot of a prediction frame. */
export function effectPlot(pf: PredictionFrame, o: EffectPlotOptions = {}): VegaLiteChart {
  checkPlotOptions("effectPlot", o);
  const grouped = pf.terms.length > 1;
  const faceted = pf.terms.length > 2;
  const values = pf.rows.map((r) => ({
    x: typeof r.x === "number" ? jsonNumber(r.x) : r.x, predicted: jsonNumber(r.predicted), low: jsonNumber(r["conf.low"]), high: jsonNumber(r["conf.high"]),
    group: r.group, ...(r.facet !== undefined ? { facet: r.facet } : {}),
  }));
  const xType = pf.xNumeric ? "quantitative" : "nominal";
  const x = { field: "x", type: xType, title: o.xTitle ?? pf.terms[0], ...(pf.xNumeric ? { scale: { zero: false } } : { sort: null }) } as const;
  const color = grouped ? { field: "group", type: "nominal", title: pf.terms[1], sort: null } : { value: "#1f4e8c" };
  const pct = `${Math.round(pf.level * 100)}%`;
  const tooltip = [
    { field: "x", title: pf.terms[0] }, ...(grouped ? [{ field: "group", title: pf.terms[1] }] : []),
    { field: "predicted", title: `predicted ${pf.response}`, format: ".4g" }, { field: "low", title: `${pct} lower`, format: ".4g" }, { field: "high", title: `${pct} upper`, format: ".4g" },
  ];
  const select = grouped ? [{ name: "pick", select: { type: "point", fields: ["group"] }, bind: "legend" }] : [];
  const opacity = grouped ? { condition: { param: "pick", value: 1 }, value: 0.15 } : { value: 1 };
  const y = { field: "predicted", type: "quantitative", title: o.yTitle ?? `predicted ${pf.response}`, scale: { zero: false } };
  const layers = pf.xNumeric
    ? [
        { mark: { type: "area", opacity: 0.2 }, encoding: { x, y: { field: "low", type: "quantitative", title: y.title }, y2: { field: "high" }, color, opacity: grouped ? { condition: { param: "pick", value: 0.2 }, value: 0.03 } : { value: 0.2 }, tooltip } },
        { mark: { type: "line" }, params: select, encoding: { x, y, color, opacity, tooltip } },
      ]
    : [
        { mark: { type: "rule" }, encoding: { x, y: { field: "low", type: "quantitative", title: y.title }, y2: { field: "high" }, color, opacity, tooltip, ...(grouped ? { xOffset: { field: "group", sort: null } } : {}) } },
        { mark: { type: "point", filled: true, size: 60 }, params: select, encoding: { x, y, color, opacity, tooltip, ...(grouped ? { xOffset: { field: "group", sort: null } } : {}) } },
      ];
  const inner = { layer: layers };
  const size = { width: o.width ?? 360, height: o.height ?? 260 };
  const title = o.title ?? `Predicted ${pf.response} by ${pf.terms.join(", ")}`;
  if (faceted)
    return asChart({ $schema: VEGALITE_SCHEMA, title, data: { values }, facet: { field: "facet", type: "nominal", title: pf.terms[2], sort: null }, spec: { ...size, ...inner }, columns: 3 } as unknown as TopLevelSpec);
  return asChart({ $schema: VEGALITE_SCHEMA, title, ...size, data: { values }, ...inner } as unknown as TopLevelSpec);
}

/** Marginal means with intervals per level (one panel per `by` group). */
export function emmeansPlot(emm: EmmGrid, o: EffectPlotOptions = {}): VegaLiteChart {
  checkPlotOptions("emmeansPlot", o);
  const spec = emm.specs.join(":");
  const values = emm.rows.map((r, i) => ({
    level: emm.labels[i].join(" "), estimate: jsonNumber(r[emm.estimateName] as number), low: jsonNumber(r.lowerCL as number), high: jsonNumber(r.upperCL as number),
    by: emm.byLevels[i].join(" "),
  }));
  const pct = `${Math.round(emm.level * 100)}%`;
  const x = { field: "estimate", type: "quantitative", title: o.xTitle ?? emm.estimateName, scale: { zero: false } };
  const y = { field: "level", type: "nominal", title: o.yTitle ?? spec, sort: null };
  const tooltip = [
    { field: "level", title: spec }, ...(emm.by.length ? [{ field: "by", title: emm.by.join(":") }] : []),
    { field: "estimate", title: emm.estimateName, format: ".4g" }, { field: "low", title: `${pct} lower`, format: ".4g" }, { field: "high", title: `${pct} upper`, format: ".4g" },
  ];
  const select = [{ name: "pick", select: { type: "point", fields: ["level"] } }];
  const opacity = { condition: { param: "pick", value: 1 }, value: 0.3 };
  const layer = [
    { mark: { type: "rule", strokeWidth: 2 }, encoding: { x: { field: "low", type: "quantitative", title: x.title }, x2: { field: "high" }, y, tooltip, opacity } },
    { mark: { type: "point", filled: true, size: 70 }, params: select, encoding: { x, y, tooltip, opacity } },
  ];
  const size = { width: o.width ?? 320, height: o.height ?? Math.max(80, 28 * new Set(values.map((v) => v.level)).size) };
  const title = o.title ?? `Estimated marginal means of ${spec}`;
  if (emm.by.length)
    return asChart({ $schema: VEGALITE_SCHEMA, title, data: { values }, facet: { field: "by", type: "nominal", title: emm.by.join(":"), sort: null }, spec: { ...size, layer }, columns: 3 } as unknown as TopLevelSpec);
  return asChart({ $schema: VEGALITE_SCHEMA, title, ...size, data: { values }, layer } as unknown as TopLevelSpec);
}
