/**
 * Plots of conditional modes of random effects (the shape of `m.ranef({ condVar: true })`):
 * the caterpillar plot (modes ± z·conditional sd, levels ordered by size, one panel per term —
 * the lme4 paper's Figure 6) and normal Q-Q plots of the modes per term.
 */
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber, normalScores } from "./common.js";
import { checkPlotOptions } from "./options.js";

/** Conditional modes of one grouping factor: values[level][column], condsd likewise. */
export interface RanefGroupData {
  readonly group: string;
  readonly levels: readonly string[];
  readonly names: readonly string[];
  readonly values: readonly (readonly number[])[];
  readonly condsd?: readonly (readonly number[])[];
}

/** One row per (level, term): the tidy form of a `RanefGroupData`. */
export interface RanefRecord {
  group: string;
  level: string;
  term: string;
  value: number | null;
  condsd: number | null;
  lower: number | null;
  upper: number | null;
}

/** Tidy records of a ranef group; lower/upper = value ∓ z·condsd (null without condsd). */
export function ranefRecords(g: RanefGroupData, z = 1.959963984540054): RanefRecord[] {
  if (g.values.length !== g.levels.length)
    throw new RangeError(`ranef group '${g.group}': ${g.values.length} rows of values for ${g.levels.length} levels; pass values[level][column]`);
  const out: RanefRecord[] = [];
  g.levels.forEach((level, l) => {
    g.names.forEach((term, c) => {
      const v = g.values[l][c], sd = g.condsd ? g.condsd[l][c] : NaN;
      out.push({
        group: g.group, level, term,
        value: jsonNumber(v),
        condsd: jsonNumber(sd),
        lower: jsonNumber(v - z * sd),
        upper: jsonNumber(v + z * sd),
      });
    });
  });
  return out;
}

/** Options of the caterpillar plot. */
export interface CaterpillarOptions extends ChartOptions {
  /** Multiplier of the conditional sd for the intervals (default 1.96, a 95% interval). */
  readonly z?: number;
  /**
   * Level order: "first" (default; all panels sorted by the first term's modes, as lme4's
   * dotplot) or "each" (each panel sorted by its own term, with independent y axes).
   */
  readonly order?: "first" | "each";
}

/** Tooltip of a level's mode and interval. */
function ranefTip(group: string) {
  return [
    { field: "level", type: "nominal" as const, title: group },
    { field: "term", type: "nominal" as const },
    { field: "value", type: "quantitative" as const, title: "mode", format: ".4~g" },
    { field: "condsd", type: "quantitative" as const, title: "cond. sd", format: ".4~g" },
    { field: "lower", type: "quantitative" as const, format: ".4~g" },
    { field: "upper", type: "quantitative" as const, format: ".4~g" },
  ];
}

/** The point selection of a level (click; double-click clears), shared by all panels. */
const PICK = "pickLevel";

/**
 * Caterpillar plot: for each term of one grouping factor, the conditional modes with
 * mode ± z·(conditional sd) intervals, levels ordered by size. Intervals are drawn only when
 * `condsd` is present (fit `ranef({ condVar: true })`). Tooltips give level, mode, conditional
 * sd and interval; clicking a level highlights it in every panel (double-click clears).
 */
export function caterpillar(g: RanefGroupData, o: CaterpillarOptions = {}): VegaLiteChart {
  checkPlotOptions("caterpillar", o);
  const values = ranefRecords(g, o.z);
  const first = g.names[0];
  const order = g.levels
    .map((lv, l) => ({ lv, v: g.values[l][0] }))
    .sort((a, b) => a.v - b.v)
    .map((x) => x.lv);
  const each = o.order === "each";
  const ySort = each ? { field: "value", op: "mean" as const, order: "ascending" as const } : order;
  const height = o.height ?? Math.max(160, 11 * g.levels.length);
  const y = { field: "level", type: "ordinal" as const, title: g.group, sort: ySort };
  const tooltip = ranefTip(g.group);
  const fade = { opacity: { condition: { param: PICK, value: 1 }, value: 0.15 } };
  return asChart({
    $schema: VEGALITE_SCHEMA,
    title: o.title ?? `Conditional modes of ${g.group}` + (g.condsd ? ` ± ${(o.z ?? 1.96).toFixed(2)} conditional sd` : ""),
    description: `caterpillar plot of ${g.group} ordered by ${each ? "each term" : first}`,
    data: { values },
    facet: { column: { field: "term", type: "nominal", title: null, sort: [...g.names] } },
    spec: {
      width: o.width ?? 200,
      height,
      layer: [
        { mark: { type: "rule", color: "#888", strokeDash: [4, 4] }, encoding: { x: { datum: 0 } } },
        ...(g.condsd
          ? [{
              mark: { type: "rule" as const, color: "#4c78a8" },
              encoding: {
                y,
                x: { field: "lower", type: "quantitative" as const, title: "conditional mode" },
                x2: { field: "upper" },
                ...fade,
                tooltip,
              },
            }]
          : []),
        {
          params: [{ name: PICK, select: { type: "point", fields: ["level"], on: "click", clear: "dblclick" } }],
          mark: { type: "point", filled: true, color: "#1f3f66", size: 30 },
          encoding: {
            y,
            x: { field: "value", type: "quantitative", title: "conditional mode" },
            ...fade,
            tooltip,
          },
        },
      ],
    },
    resolve: { scale: { x: "independent", ...(each ? { y: "independent" as const } : {}) } },
  });
}

/**
 * Normal Q-Q plot of the conditional modes, one panel per term (lme4's `qqmath(ranef(.))`):
 * sorted modes against normal scores, with ± z·conditional sd bars when `condsd` is present.
 */
export function qqRanef(g: RanefGroupData, o: ChartOptions & { readonly z?: number } = {}): VegaLiteChart {
  checkPlotOptions("qqRanef", o);
  const all = ranefRecords(g, o.z);
  const values: (RanefRecord & { theoretical: number })[] = [];
  for (const term of g.names) {
    const rs = all.filter((r) => r.term === term && r.value !== null).sort((a, b) => (a.value as number) - (b.value as number));
    const z = normalScores(rs.length);
    rs.forEach((r, k) => values.push({ ...r, theoretical: z[k] }));
  }
  const x = { field: "theoretical", type: "quantitative" as const, title: "Standard normal quantiles" };
  return asChart({
    $schema: VEGALITE_SCHEMA,
    title: o.title ?? `Normal Q-Q of conditional modes of ${g.group}`,
    data: { values },
    facet: { column: { field: "term", type: "nominal", title: null, sort: [...g.names] } },
    spec: {
      width: o.width ?? 220,
      height: o.height ?? 220,
      layer: [
        ...(g.condsd
          ? [{
              mark: { type: "rule" as const, color: "#9ecae9" },
              encoding: { x, y: { field: "lower", type: "quantitative" as const }, y2: { field: "upper" }, tooltip: ranefTip(g.group) },
            }]
          : []),
        {
          mark: { type: "point", filled: true, size: 30 },
          encoding: {
            x,
            y: { field: "value", type: "quantitative", title: "conditional mode" },
            tooltip: [
              { field: "level", type: "nominal", title: g.group },
              { field: "value", type: "quantitative", title: "mode", format: ".4~g" },
              { field: "theoretical", type: "quantitative", title: "normal quantile", format: ".3f" },
            ],
          },
        },
      ],
    },
    resolve: { scale: { y: "independent" } },
  });
}
