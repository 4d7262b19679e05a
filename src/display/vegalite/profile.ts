/**
 * The profile zeta plot: ζ(θ) = sign(θ − θ̂)·√(deviance(θ) − deviance(θ̂)) against each
 * parameter's value, one panel per parameter (lme4's `xyplot(profile(.))`). A straight line
 * means a quadratic log-likelihood (Wald intervals are then fine); the horizontal lines at
 * ±Φ⁻¹(1 − α/2) cross the curve at the profile interval limits.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber } from "./common.js";
import { qnorm } from "../../glmm/family/special.js";
import { checkPlotOptions } from "./options.js";

/** One profiled point: parameter name, parameter value, signed square-root deviance ζ. */
export interface ZetaPoint {
  readonly param: string;
  readonly value: number;
  readonly zeta: number;
}

/** Options of the zeta plot. */
export interface ZetaOptions extends ChartOptions {
  /** Confidence levels drawn as ±Φ⁻¹((1 + level)/2) lines (default [0.95]). */
  readonly levels?: readonly number[];
  /** Panels per row (default 3). */
  readonly columns?: number;
}

/** Profile zeta plot from tidy rows `{ param, value, zeta }`, panels in first-seen order. */
export function profileZeta(rows: readonly ZetaPoint[], o: ZetaOptions = {}): VegaLiteChart {
  checkPlotOptions("profileZeta", o);
  const params: string[] = [];
  for (const r of rows) if (!params.includes(r.param)) params.push(r.param);
  const levels = o.levels ?? [0.95];
  const values = rows
    .map((r) => ({ kind: "zeta", param: r.param, value: jsonNumber(r.value), zeta: jsonNumber(r.zeta) }))
    .filter((r) => r.value !== null && r.zeta !== null)
    .sort((a, b) => (a.param === b.param ? (a.value as number) - (b.value as number) : 0));
  const refs = params.flatMap((param) =>
    levels.flatMap((lv) => {
      const z = qnorm((1 + lv) / 2);
      return [-z, z].map((zeta) => ({ kind: "ref", param, level: lv, value: null, zeta }));
    }),
  );
  return asChart({
    $schema: VEGALITE_SCHEMA,
    title: o.title ?? "Profile zeta plot",
    data: { values: [...values, ...refs] },
    facet: { field: "param", type: "nominal", title: null, sort: params },
    columns: o.columns ?? 3,
    spec: {
      width: o.width ?? 200,
      height: o.height ?? 180,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'ref'" }],
          mark: { type: "rule", color: "#888", strokeDash: [4, 4] },
          encoding: {
            y: { field: "zeta", type: "quantitative" },
            tooltip: [
              { field: "level", type: "quantitative", title: "confidence level", format: ".3~g" },
              { field: "zeta", type: "quantitative", title: "ζ", format: ".3f" },
            ],
          },
        },
        {
          transform: [{ filter: "datum.kind === 'zeta'" }],
          mark: { type: "line", point: { filled: true, size: 20 } },
          encoding: {
            x: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
            y: { field: "zeta", type: "quantitative", title: "ζ" },
            order: { field: "value", type: "quantitative" },
            tooltip: [
              { field: "param", type: "nominal", title: "parameter" },
              { field: "value", type: "quantitative", format: ".4~g" },
              { field: "zeta", type: "quantitative", title: "ζ", format: ".3f" },
            ],
          },
        },
      ],
    },
    resolve: { scale: { x: "independent" } },
  });
}
