/**
 * Prediction plots (the lme4 paper's Figure 11 and the per-subject sleepstudy picture):
 * population-level prediction lines with confidence ribbons, thinner group-level lines, and
 * optionally the observed points, from tidy rows. All layers share one data set with a `kind`
 * column (Vega-Lite facets need a single data source); `facetByGroup` draws one panel per group
 * with the population line repeated in each.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber } from "./common.js";
import { checkPlotOptions } from "./options.js";

/** A population-level prediction: x, fitted value, optional interval, optional series label. */
export interface PopulationRow {
  readonly x: number;
  readonly fit: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly series?: string;
}
/** A group-level prediction (e.g. one line per subject or district). */
export interface GroupRow {
  readonly x: number;
  readonly fit: number;
  readonly group: string;
  readonly series?: string;
}
/** An observation. */
export interface ObservedRow {
  readonly x: number;
  readonly y: number;
  readonly group?: string;
  readonly series?: string;
}

/** The layers of a prediction plot; any may be omitted. */
export interface PredictionData {
  readonly population?: readonly PopulationRow[];
  readonly groups?: readonly GroupRow[];
  readonly observed?: readonly ObservedRow[];
}

/** Options of the prediction plot. */
export interface PredictionOptions extends ChartOptions {
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Name of the grouping factor, for tooltips and facet headers (default "group"). */
  readonly groupTitle?: string;
  /** One panel per group (population line and ribbon repeated in each). */
  readonly facetByGroup?: boolean;
  /** Panels per row when faceting (default 6). */
  readonly columns?: number;
}

type Rec = Record<string, string | number | null>;

/** The point selection of a group (click a line or point; double-click clears). */
const PICK = "pickGroup";

/**
 * Population lines with ribbons, group lines and observed points. Every mark has a tooltip;
 * clicking a group's line or point highlights that group in every panel (a point selection on
 * the `group` field; double-click clears), the others fade.
 */
export function predictionPlot(d: PredictionData, o: PredictionOptions = {}): VegaLiteChart {
  checkPlotOptions("predictionPlot", o);
  const pop = d.population ?? [], grp = d.groups ?? [], obs = d.observed ?? [];
  const hasSeries = [...pop, ...grp, ...obs].some((r) => r.series !== undefined);
  const hasRibbon = pop.some((r) => r.lower !== undefined && r.upper !== undefined);
  const groupNames: string[] = [];
  for (const r of [...grp, ...obs]) if (r.group !== undefined && !groupNames.includes(r.group)) groupNames.push(r.group);
  const facet = o.facetByGroup === true && groupNames.length > 0;
  const popRec = (r: PopulationRow, group: string | null): Rec => ({
    kind: "population", x: jsonNumber(r.x), fit: jsonNumber(r.fit),
    lower: jsonNumber(r.lower ?? NaN), upper: jsonNumber(r.upper ?? NaN), series: r.series ?? "", group,
  });
  const values: Rec[] = [
    ...(facet ? groupNames.flatMap((g) => pop.map((r) => popRec(r, g))) : pop.map((r) => popRec(r, null))),
    ...grp.map((r) => ({ kind: "group", x: jsonNumber(r.x), fit: jsonNumber(r.fit), group: r.group, series: r.series ?? "" })),
    ...obs.map((r) => ({ kind: "observed", x: jsonNumber(r.x), y: jsonNumber(r.y), group: r.group ?? null, series: r.series ?? "" })),
  ];
  const gTitle = o.groupTitle ?? "group";
  const x = { field: "x", type: "quantitative" as const, title: o.xTitle ?? "x", scale: { zero: false } };
  const yTitle = o.yTitle ?? "prediction";
  const color = hasSeries ? { color: { field: "series", type: "nominal" as const, title: null } } : {};
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const xTip = { field: "x", type: "quantitative" as const, title: o.xTitle ?? "x", format: ".4~g" };
  const seriesTip = hasSeries ? [{ field: "series", type: "nominal" as const }] : [];
  const popTip = [
    ...seriesTip, xTip,
    { field: "fit", type: "quantitative" as const, title: yTitle, format: ".4~g" },
    ...(hasRibbon ? [{ field: "lower", type: "quantitative" as const, format: ".4~g" }, { field: "upper", type: "quantitative" as const, format: ".4~g" }] : []),
  ];
  // the selection lives on the group lines when there are any, else on the observed points
  const pickOn = grp.length > 0 ? "group" : groupNames.length > 0 ? "observed" : null;
  const params = [{ name: PICK, select: { type: "point" as const, fields: ["group"], on: "click", clear: "dblclick" } }];
  const fade = (on: number, off: number) => (pickOn ? { opacity: { condition: { param: PICK, value: on }, value: off } } : {});
  const layer = [
    ...(hasRibbon
      ? [{
          transform: only("population"),
          mark: { type: "area" as const, opacity: 0.2, ...(hasSeries ? {} : { color: "#4c78a8" }) },
          encoding: { x, y: { field: "lower", type: "quantitative" as const, title: yTitle, scale: { zero: false } }, y2: { field: "upper" }, ...color, tooltip: popTip },
        }]
      : []),
    ...(grp.length > 0
      ? [{
          transform: only("group"),
          params,
          mark: { type: "line" as const, strokeWidth: 1, ...(hasSeries ? {} : { color: "#e45756" }) },
          encoding: {
            x, y: { field: "fit", type: "quantitative" as const, title: yTitle, scale: { zero: false } }, detail: { field: "group", type: "nominal" as const }, ...color,
            ...fade(facet ? 0.9 : 0.6, 0.08),
            tooltip: [{ field: "group", type: "nominal" as const, title: gTitle }, ...seriesTip, xTip, { field: "fit", type: "quantitative" as const, title: yTitle, format: ".4~g" }],
          },
        }]
      : []),
    ...(pop.length > 0
      ? [{
          transform: only("population"),
          mark: { type: "line" as const, strokeWidth: 2.5, ...(hasSeries ? {} : { color: "#1f3f66" }) },
          encoding: { x, y: { field: "fit", type: "quantitative" as const, title: yTitle, scale: { zero: false } }, ...color, tooltip: popTip },
        }]
      : []),
    ...(obs.length > 0
      ? [{
          transform: only("observed"),
          ...(pickOn === "observed" ? { params } : {}),
          mark: { type: "point" as const, filled: true, size: 22, ...(hasSeries ? {} : { color: "#333" }) },
          encoding: {
            x, y: { field: "y", type: "quantitative" as const, title: yTitle, scale: { zero: false } }, ...color,
            ...(pickOn ? fade(0.8, 0.1) : { opacity: { value: 0.75 } }),
            tooltip: [
              ...(groupNames.length > 0 ? [{ field: "group", type: "nominal" as const, title: gTitle }] : []),
              ...seriesTip,
              xTip,
              { field: "y", type: "quantitative" as const, title: yTitle, format: ".4~g" },
            ],
          },
        }]
      : []),
  ];
  const title = o.title !== undefined ? { title: o.title } : {};
  if (facet)
    return asChart({
      $schema: VEGALITE_SCHEMA,
      ...title,
      data: { values },
      facet: { field: "group", type: "nominal", title: gTitle, sort: groupNames },
      columns: o.columns ?? 6,
      spec: { width: o.width ?? 120, height: o.height ?? 110, layer },
    });
  return asChart({ $schema: VEGALITE_SCHEMA, ...title, width: o.width ?? 420, height: o.height ?? 280, data: { values }, layer });
}
