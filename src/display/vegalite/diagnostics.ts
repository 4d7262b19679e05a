/**
 * Residual diagnostics as Vega-Lite specs, from plain columns (e.g. `m.fitted()` and
 * `m.residuals()`): residuals vs fitted, scale-location, and the normal Q-Q plot of residuals.
 * Points carry tooltips (observation number, group, values).
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber, normalScores, qqLine, sameLength, viewProps } from "./common.js";
import { checkPlotOptions } from "./options.js";

/** Columns of a residual plot: fitted values, residuals and, optionally, a group label per row. */
export interface ResidualData {
  readonly fitted: ArrayLike<number>;
  readonly residuals: ArrayLike<number>;
  /** Group label per observation (e.g. the grouping factor), shown in tooltips and as colour. */
  readonly group?: ArrayLike<string>;
}

/** Options of the residual plots. */
export interface ResidualPlotOptions extends ChartOptions {
  /** Add a loess smoother (default true). */
  readonly smooth?: boolean;
  /** Colour points by `group` (default false: many groups make a poor legend). */
  readonly colorByGroup?: boolean;
  /** σ for the scale-location plot's standardisation; default the residuals' root mean square. */
  readonly sigma?: number;
}

interface Row {
  obs: number;
  fitted: number | null;
  residual: number | null;
  group?: string;
  [k: string]: number | string | null | undefined;
}

function rows(d: ResidualData, what: string): Row[] {
  const n = sameLength(what, { fitted: d.fitted, residuals: d.residuals, group: d.group });
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const r: Row = { obs: i + 1, fitted: jsonNumber(d.fitted[i]), residual: jsonNumber(d.residuals[i]) };
    if (d.group) r.group = String(d.group[i]);
    out.push(r);
  }
  return out;
}

function tooltip(hasGroup: boolean, y: { field: string; title: string }) {
  return [
    { field: "obs", type: "quantitative" as const, title: "observation" },
    ...(hasGroup ? [{ field: "group", type: "nominal" as const, title: "group" }] : []),
    { field: "fitted", type: "quantitative" as const, title: "fitted", format: ".4~g" },
    { field: y.field, type: "quantitative" as const, title: y.title, format: ".4~g" },
  ];
}

function scatter(values: Row[], y: { field: string; title: string; zero: boolean }, d: ResidualData, o: ResidualPlotOptions, defaultTitle: string): VegaLiteChart {
  const hasGroup = d.group !== undefined;
  const color = hasGroup && o.colorByGroup ? { color: { field: "group", type: "nominal" as const, legend: null } } : {};
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps({ title: defaultTitle, ...o }),
    data: { values },
    layer: [
      ...(y.zero ? [{ mark: { type: "rule" as const, color: "#888", strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } }] : []),
      {
        mark: { type: "point" as const, filled: true, opacity: 0.7, size: 30 },
        encoding: {
          x: { field: "fitted", type: "quantitative" as const, title: "Fitted values", scale: { zero: false } },
          y: { field: y.field, type: "quantitative" as const, title: y.title, scale: { zero: y.zero } },
          tooltip: tooltip(hasGroup, y),
          ...color,
        },
      },
      ...(o.smooth === false
        ? []
        : [
            {
              transform: [{ loess: y.field, on: "fitted" }],
              mark: { type: "line" as const, color: "#d62728", strokeWidth: 2 },
              encoding: {
                x: { field: "fitted", type: "quantitative" as const },
                y: { field: y.field, type: "quantitative" as const },
                tooltip: [
                  { field: "fitted", type: "quantitative" as const, title: "fitted", format: ".4~g" },
                  { field: y.field, type: "quantitative" as const, title: `loess smooth of ${y.title}`, format: ".4~g" },
                ],
              },
            },
          ]),
    ],
  });
}

/** Residuals vs fitted values, with a dashed zero line and a loess smoother. */
export function residualsVsFitted(d: ResidualData, o: ResidualPlotOptions = {}): VegaLiteChart {
  checkPlotOptions("residualsVsFitted", o);
  return scatter(rows(d, "residualsVsFitted"), { field: "residual", title: "Residuals", zero: true }, d, o, "Residuals vs fitted");
}

/**
 * Scale-location plot: √|r/σ| against fitted values (σ from `o.sigma`, default the residuals'
 * root mean square), with a loess smoother; a trend means the spread changes with the mean.
 */
export function scaleLocation(d: ResidualData, o: ResidualPlotOptions = {}): VegaLiteChart {
  checkPlotOptions("scaleLocation", o);
  const values = rows(d, "scaleLocation");
  let sigma = o.sigma;
  if (sigma === undefined) {
    let s = 0, n = 0;
    for (const r of values) if (r.residual !== null) (s += r.residual * r.residual), n++;
    sigma = Math.sqrt(s / Math.max(n, 1));
  }
  for (const r of values) r.sqrtAbs = r.residual === null ? null : jsonNumber(Math.sqrt(Math.abs(r.residual / sigma)));
  return scatter(values, { field: "sqrtAbs", title: "√|standardized residual|", zero: false }, d, o, "Scale-location");
}

/** Options of the normal Q-Q plots. */
export interface QQOptions extends ChartOptions {
  /** Draw R's `qqline` (through the quartiles; default true). */
  readonly line?: boolean;
}

/**
 * Normal Q-Q plot of residuals: sorted residuals against normal scores (R's `qqnorm`, plotting
 * positions of `ppoints`), with R's `qqline` through the quartiles. Non-finite values are dropped.
 */
export function qqResiduals(d: { readonly residuals: ArrayLike<number>; readonly group?: ArrayLike<string> }, o: QQOptions = {}): VegaLiteChart {
  checkPlotOptions("qqResiduals", o);
  sameLength("qqResiduals", { residuals: d.residuals, group: d.group });
  const idx: number[] = [];
  for (let i = 0; i < d.residuals.length; i++) if (Number.isFinite(d.residuals[i])) idx.push(i);
  idx.sort((a, b) => d.residuals[a] - d.residuals[b]);
  const z = normalScores(idx.length);
  const values = idx.map((i, k) => ({
    obs: i + 1,
    theoretical: z[k],
    residual: d.residuals[i],
    ...(d.group ? { group: String(d.group[i]) } : {}),
  }));
  const { intercept, slope } = qqLine(idx.map((i) => d.residuals[i]));
  const x0 = z[0] ?? -2, x1 = z[z.length - 1] ?? 2;
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps({ title: "Normal Q-Q of residuals", ...o }),
    layer: [
      {
        data: { values },
        mark: { type: "point", filled: true, opacity: 0.7, size: 30 },
        encoding: {
          x: { field: "theoretical", type: "quantitative", title: "Standard normal quantiles" },
          y: { field: "residual", type: "quantitative", title: "Residuals", scale: { zero: false } },
          tooltip: [
            { field: "obs", type: "quantitative", title: "observation" },
            ...(d.group ? [{ field: "group", type: "nominal" as const, title: "group" }] : []),
            { field: "theoretical", type: "quantitative", title: "normal quantile", format: ".3f" },
            { field: "residual", type: "quantitative", title: "residual", format: ".4~g" },
          ],
        },
      },
      ...(o.line === false || !Number.isFinite(slope)
        ? []
        : [
            {
              data: { values: [x0, x1].map((x) => ({ theoretical: x, line: intercept + slope * x })) },
              mark: { type: "line" as const, color: "#d62728" },
              encoding: {
                x: { field: "theoretical", type: "quantitative" as const },
                y: { field: "line", type: "quantitative" as const },
                tooltip: [
                  { field: "theoretical", type: "quantitative" as const, title: "normal quantile", format: ".3f" },
                  { field: "line", type: "quantitative" as const, title: "qqline", format: ".4~g" },
                ],
              },
            },
          ]),
    ],
  });
}
