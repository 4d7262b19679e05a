/**
 * Influence and simulated-residual plots as Vega-Lite specs:
 * - `cooksDistance(infl)`: Cook's distance per deleted unit of an `influence()` result
 *   (lollipops, largest first marked), with the common 4/n guide line;
 * - `leverage(m)`: hat values against standardized Pearson residuals rᵢ/(σ̂√(1 − hᵢ)), point
 *   size by the model-based Cook's distance, guide lines at ±2;
 * - `dharmaQQ(res)`, `dharmaResiduals(res)` and `dharma(res, { predictor })`: the scaled-residual
 *   uniform Q-Q plot annotated with the uniformity, dispersion and outlier tests, and scaled
 *   residuals against the (rank-transformed) population-level prediction or a chosen predictor
 *   with the quantile regressions and test of `testQuantiles` (title colour and subtitle); the
 *   GLMM paper's Figure 8.
 */
import type { TopLevelSpec } from "vega-lite";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber, viewProps } from "./common.js";
import { asChart, type VegaLiteChart } from "../chart.js";
import { checkPlotOptions } from "./options.js";
import { scaledResidualsQQ } from "./ppcheck.js";
import { isInfluence, type InfluenceMerMod } from "../../influence/influence.js";
import { cooksDistance as cooksOf } from "../../influence/measures.js";
import { hatvalues, cooksDistanceModel, type MerModel } from "../../influence/hatvalues.js";
import { testDispersion, testOutliers, testQuantiles, testUniformity, type SimulatedResiduals, type ResidualTest } from "../../influence/dharma.js";
import { rankScale } from "../../influence/quantiles.js";
import { glmmHatCaveat, notInfluence } from "../../messages/influence.js";

/** Cook's distance per deleted unit of an `influence()` result. */
export function cooksDistance(x: InfluenceMerMod, o: ChartOptions = {}): VegaLiteChart {
  if (!isInfluence(x)) throw notInfluence("plots.cooksDistance");
  checkPlotOptions("cooksDistance", o);
  const t = { groups: x.groups, rows: x.deleted };
  const d = cooksOf(x), n = d.length, guide = 4 / n;
  const values = t.rows.map((unit, j) => ({ unit, cooks: jsonNumber(d[j]), flagged: d[j] > guide }));
  const x0 = { field: "unit", type: "nominal" as const, title: t.groups, sort: null };
  const y = { field: "cooks", type: "quantitative" as const, title: "Cook's distance" };
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps({ title: `Cook's distance per deleted ${t.groups}`, ...o }, Math.max(360, 12 * n)),
    data: { values },
    layer: [
      { mark: { type: "rule", color: "#888" }, encoding: { x: x0, y, y2: { datum: 0 }, tooltip: [{ field: "unit", type: "nominal", title: t.groups }, { field: "cooks", type: "quantitative", format: ".4~g" }] } },
      {
        mark: { type: "point", filled: true, size: 50 },
        encoding: {
          x: x0, y, color: { field: "flagged", type: "nominal", title: `> 4/n = ${guide.toPrecision(3)}`, scale: { domain: [false, true], range: ["#4c78a8", "#d62728"] } },
          tooltip: [{ field: "unit", type: "nominal", title: t.groups }, { field: "cooks", type: "quantitative", format: ".4~g" }],
        },
      },
      { mark: { type: "rule", strokeDash: [4, 4], color: "#d62728" }, encoding: { y: { datum: guide } } },
    ],
  });
}

/** Leverage vs standardized residual of a fitted model (see the module doc). */
export function leverage(m: MerModel, o: ChartOptions = {}): VegaLiteChart {
  checkPlotOptions("leverage", o);
  const h = hatvalues(m), r = m.residuals({ type: "pearson" }), cd = cooksDistanceModel(m), s = m.sigma;
  const values = Array.from(h, (hi, i) => ({
    obs: i + 1, leverage: jsonNumber(hi), stdres: jsonNumber(r[i] / (s * Math.sqrt(1 - hi))), cooks: jsonNumber(cd[i]),
  }));
  const x = { field: "leverage", type: "quantitative" as const, title: "Leverage (hat value)", scale: { zero: false } };
  return asChart({
    $schema: VEGALITE_SCHEMA,
    ...viewProps(o),
    title: m.kind === "glmerMod" ? { text: o.title ?? "Standardized residuals vs leverage", subtitle: `Note: ${glmmHatCaveat}` } : o.title ?? "Standardized residuals vs leverage",
    data: { values },
    layer: [
      { mark: { type: "rule", color: "#888", strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } },
      { mark: { type: "rule", color: "#d62728", strokeDash: [2, 4] }, encoding: { y: { datum: 2 } } },
      { mark: { type: "rule", color: "#d62728", strokeDash: [2, 4] }, encoding: { y: { datum: -2 } } },
      {
        mark: { type: "point", filled: true, opacity: 0.7 },
        encoding: {
          x, y: { field: "stdres", type: "quantitative", title: "Standardized Pearson residual" },
          size: { field: "cooks", type: "quantitative", title: "Cook's distance" },
          tooltip: [
            { field: "obs", type: "quantitative", title: "observation" },
            { field: "leverage", type: "quantitative", format: ".3f" },
            { field: "stdres", type: "quantitative", title: "std. residual", format: ".3f" },
            { field: "cooks", type: "quantitative", title: "Cook's distance", format: ".3g" },
          ],
        },
      },
    ],
  } as TopLevelSpec);
}

/** The tests shown on the scaled-residual plots. */
function tests(res: SimulatedResiduals): ResidualTest[] {
  return [testUniformity(res), testDispersion(res), testOutliers(res)];
}

const fmtP = (p: number) => (p < 0.001 ? "< 0.001" : p.toFixed(3));
const label = (t: ResidualTest) => ({ uniformity: "KS uniformity", dispersion: "dispersion", outliers: "outliers", zeroInflation: "zero-inflation", quantiles: "quantiles" })[t.test];

/** Title with the test results as subtitle; red when some test rejects at 5%. */
function annotatedTitle(text: string, ts: readonly ResidualTest[]) {
  const bad = ts.some((t) => t.pValue < 0.05);
  return {
    text, color: bad ? "#d62728" : "#111111",
    subtitle: ts.map((t) => `${label(t)}: ${t.statisticName} = ${t.statistic.toPrecision(3)}, p ${t.pValue < 0.001 ? "" : "= "}${fmtP(t.pValue)}${t.pValue < 0.05 ? " (significant)" : ""}`),
  };
}

/** The uniform Q-Q plot of the scaled residuals, annotated with the tests. */
export function dharmaQQ(res: SimulatedResiduals, o: ChartOptions = {}): VegaLiteChart {
  checkPlotOptions("dharmaQQ", o);
  const spec = scaledResidualsQQ(res.scaled, o).toSpec();
  return asChart({ ...spec, title: annotatedTitle(o.title ?? "Scaled residuals: uniform Q-Q", tests(res)) } as TopLevelSpec);
}

/** Options of `dharmaResiduals` and `dharma`. */
export interface DharmaOptions extends ChartOptions {
  /**
   * A predictor to plot the residuals against (one number per observation, e.g. a column of the
   * model's data): `dharmaResiduals` uses it instead of the prediction, `dharma` adds a panel.
   */
  readonly predictor?: ArrayLike<number>;
  /** Its axis title (default "predictor"). */
  readonly predictorName?: string;
}

const QCOLORS = { ok: "#111111", bad: "#d62728" };

/**
 * Scaled residuals against a rank-transformed predictor (default the population-level
 * prediction, DHARMa's plotResiduals), with dashed guides at 0.25, 0.5, 0.75, outliers (0 or 1 up
 * to 1/(R+1)) in red, and the quantile regressions of testQuantiles at the three levels (red when
 * that quantile's test rejects at 5%); the subtitle gives the quantile test.
 */
export function dharmaResiduals(res: SimulatedResiduals, o: DharmaOptions = {}): VegaLiteChart {
  checkPlotOptions("dharmaResiduals", o);
  const predictor = o.predictor ?? res.fittedPredicted;
  const qt = testQuantiles(res, { predictor });
  const rank = rankScale(predictor);
  const cut = 1 / (res.nsim + 1), f = res.fittedPredicted;
  const values = Array.from(res.scaled, (r, i) => ({ obs: i + 1, predicted: rank[i], value: jsonNumber(predictor[i]), fitted: jsonNumber(f[i]), residual: jsonNumber(r), outlier: r < cut || r > 1 - cut }));
  const order = Array.from(rank.keys()).sort((a, b) => rank[a] - rank[b]);
  const lines = qt.quantiles!.flatMap((q) => order.map((i) => ({ quantile: `${q.quantile}`, predicted: rank[i], fit: jsonNumber(q.fitted[i]), p: q.pValue, status: q.pValue < 0.05 ? "bad" : "ok" })));
  const xTitle = o.predictor ? `${o.predictorName ?? "predictor"} (rank transformed)` : "Model prediction (rank transformed)";
  const x = { field: "predicted", type: "quantitative" as const, title: xTitle, scale: { domain: [0, 1] } };
  const spec = {
    $schema: VEGALITE_SCHEMA,
    ...viewProps(o),
    layer: [
      ...[0.25, 0.5, 0.75].map((q) => ({ mark: { type: "rule" as const, color: "#888", strokeDash: [4, 4] }, encoding: { y: { datum: q } } })),
      {
        data: { values },
        mark: { type: "point", filled: true, opacity: 0.6, size: 24 },
        encoding: {
          x, y: { field: "residual", type: "quantitative", title: "Scaled residual", scale: { domain: [0, 1] } },
          color: { field: "outlier", type: "nominal", legend: null, scale: { domain: [false, true], range: ["#6b7b8c", "#d62728"] } },
          tooltip: [{ field: "obs", type: "quantitative", title: "observation" }, { field: "value", type: "quantitative", title: o.predictor ? o.predictorName ?? "predictor" : "prediction", format: ".4~g" }, { field: "residual", type: "quantitative", format: ".3f" }],
        },
      },
      {
        data: { values: lines },
        mark: { type: "line", strokeWidth: 2.5, clip: true },
        encoding: {
          x, y: { field: "fit", type: "quantitative", scale: { domain: [0, 1] } }, detail: { field: "quantile", type: "nominal" },
          stroke: { field: "status", type: "nominal", legend: null, scale: { domain: ["ok", "bad"], range: [QCOLORS.ok, QCOLORS.bad] } },
          tooltip: [{ field: "quantile", type: "nominal", title: "quantile regression at" }, { field: "fit", type: "quantitative", format: ".3f" }, { field: "p", type: "quantitative", title: "p (BH)", format: ".3g" }],
        },
      },
    ],
  };
  const bad = qt.pValue < 0.05;
  const title = {
    text: o.title ?? `Residuals vs ${o.predictor ? o.predictorName ?? "predictor" : "predicted"}`, color: bad ? QCOLORS.bad : QCOLORS.ok,
    subtitle: [
      `quantile test (0.25, 0.5, 0.75): p ${qt.pValue < 0.001 ? "< 0.001" : `= ${fmtP(qt.pValue)}`}${bad ? " — quantile deviations (red curves)" : " — no significant problems"}`,
      qt.quantiles!.map((q) => `${q.quantile}: p = ${fmtP(q.pValue)}`).join(", "),
    ],
  };
  return asChart({ ...spec, title } as unknown as TopLevelSpec);
}

/**
 * DHARMa's plot(simulationOutput): the annotated uniform Q-Q plot and the residuals against the
 * prediction side by side, plus the residuals against `o.predictor` when given (DHARMa's
 * plotResiduals(res, form = predictor)).
 */
export function dharma(res: SimulatedResiduals, o: DharmaOptions = {}): VegaLiteChart {
  checkPlotOptions("dharma", o);
  const size = { ...(o.width !== undefined ? { width: o.width } : {}), ...(o.height !== undefined ? { height: o.height } : {}) };
  const strip = (c: VegaLiteChart) => {
    const { $schema: _s, ...rest } = c.toSpec() as TopLevelSpec & { $schema?: string };
    void _s;
    return rest;
  };
  const panels = [strip(dharmaQQ(res, size)), strip(dharmaResiduals(res, size))];
  if (o.predictor) panels.push(strip(dharmaResiduals(res, { ...size, predictor: o.predictor, ...(o.predictorName ? { predictorName: o.predictorName } : {}) })));
  return asChart({ $schema: VEGALITE_SCHEMA, ...(o.title ? { title: o.title } : {}), hconcat: panels, resolve: { scale: { color: "independent", stroke: "independent" } } } as TopLevelSpec);
}
