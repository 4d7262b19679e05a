/**
 * `plots.checkModel(check)`: performance::check_model's panels (see's layout, the GLMM paper's
 * Figure 7) as one Vega-Lite composition — rows of two panels, each titled as `see` titles it,
 * with the reading in the subtitle and, on a second line, what the numbers say. Data come from
 * `checkModel(m)` (checks/checkModel.ts); the panel builders reuse the single plots
 * (ppCheck, residualsVsFitted, scaleLocation, qqResiduals, scaledResidualsQQ).
 */
import type { TopLevelSpec } from "vega-lite";
import { asChart, type VegaLiteChart } from "../chart.js";
import { type ChartOptions, VEGALITE_SCHEMA, jsonNumber } from "./common.js";
import { checkPlotOptions } from "./options.js";
import { ppCheck, scaledResidualsQQ } from "./ppcheck.js";
import { residualsVsFitted, scaleLocation, qqResiduals } from "./diagnostics.js";
import type { ModelCheck, RanefQQ } from "../../checks/checkModel.js";
import type { PerformanceBin } from "../../checks/binned.js";
import type { Collinearity } from "../../checks/vif.js";
import { requireShape } from "../../model/args.js";

type Panel = Record<string, unknown>;
const fmtP = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);

/** A builder's chart as a panel of the composition: no $schema, see's title and subtitle lines. */
function panel(c: VegaLiteChart | TopLevelSpec, title: string, subtitle: readonly string[], w: number, h: number): Panel {
  const { $schema: _s, title: _t, ...rest } = ("toSpec" in c ? (c as VegaLiteChart).toSpec() : c) as Panel;
  void _s, void _t;
  return { ...rest, width: w, height: h, title: { text: title, subtitle: [...subtitle], anchor: "start", fontSize: 13, subtitleColor: "#555" } };
}

function influencePanel(ck: ModelCheck, w: number, h: number): Panel {
  const f = ck.influence, flagged = new Set(f.influential);
  const values = Array.from(f.hat, (hi, i) => ({
    obs: i + 1, leverage: jsonNumber(hi), stdres: jsonNumber(f.stdResiduals[i]), cooks: jsonNumber(f.cooks[i]),
    status: flagged.has(i) ? "influential" : "OK",
  }));
  const hs = Array.from(f.hat).filter((v) => v > 0 && v < 1);
  const hMin = Math.min(...hs), hMax = Math.max(...hs), grid = Array.from({ length: 60 }, (_, k) => hMin + ((hMax - hMin) * k) / 59);
  const contour = f.cookLevels.flatMap((c) => [1, -1].flatMap((sign) => grid.map((hh) => ({
    level: `Cook's D = ${c}`, branch: `${c}${sign > 0 ? "+" : "-"}`, leverage: hh, stdres: sign * Math.sqrt((c * f.p * (1 - hh)) / hh),
  }))));
  const ext = Math.max(3, ...Array.from(f.stdResiduals, (v) => (Number.isFinite(v) ? Math.abs(v) : 0))) * 1.1;
  const x = { field: "leverage", type: "quantitative" as const, title: "Leverage (hᵢᵢ)", scale: { zero: false } };
  const y = { field: "stdres", type: "quantitative" as const, title: "Std. residuals", scale: { domain: [-ext, ext] } };
  const spec = {
    layer: [
      { mark: { type: "rule", color: "#888", strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } },
      ...f.cookLevels.map((c, k) => ({
        data: { values: contour.filter((r) => r.level === `Cook's D = ${c}`) },
        mark: { type: "line", clip: true, strokeDash: [6, 3], color: "#2ca02c", opacity: k === 0 ? 0.9 : 0.5 },
        encoding: {
          x, y, detail: { field: "branch", type: "nominal" },
          tooltip: [{ field: "level", type: "nominal", title: "contour" }, { field: "leverage", type: "quantitative", format: ".3f" }, { field: "stdres", type: "quantitative", title: "std. residual", format: ".3f" }],
        },
      })),
      {
        data: { values },
        mark: { type: "point", filled: true, opacity: 0.75, clip: true },
        encoding: {
          x, y,
          color: { field: "status", type: "nominal", title: null, scale: { domain: ["OK", "influential"], range: ["#3aaf85", "#d62728"] } },
          tooltip: [
            { field: "obs", type: "quantitative", title: "observation" }, { field: "leverage", type: "quantitative", format: ".3f" },
            { field: "stdres", type: "quantitative", title: "std. residual", format: ".3f" }, { field: "cooks", type: "quantitative", title: "Cook's distance", format: ".3g" },
          ],
        },
      },
    ],
  };
  const n = f.influential.length;
  return panel(spec as TopLevelSpec, "Influential Observations", [
    "Points should be inside the contour lines (Cook's D = 0.5 and 1)",
    `${n === 0 ? "no observation" : `${n} observation${n === 1 ? "" : "s"}`} with Cook's D ≥ ${f.threshold.toFixed(2)} (performance's threshold qf(0.5, p, n − p))`,
  ], w, h);
}

/** Greedy word wrap into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) lines.push(line), (line = word);
    else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

function vifPanel(v: Collinearity, w: number, h: number): Panel {
  if (v.rows.length === 0)
    return panel({ data: { values: [{}] }, mark: { type: "text", fontSize: 11, color: "#555", text: wrap(v.notes[0] ?? "no VIFs", Math.floor(w / 6.5)) } } as TopLevelSpec,
      "Collinearity", ["High collinearity (VIF) may inflate parameter uncertainty", "fewer than two fixed-effect terms: nothing to compare"], w, h);
  const top = Math.max(12, ...v.rows.map((r) => r.vif * 1.5));
  const values = v.rows.map((r) => ({ term: r.term, vif: r.vif, ciLow: r.ciLow, ciHigh: Math.min(r.ciHigh, top), ciHighTrue: r.ciHigh, level: r.level, seFactor: r.seFactor }));
  const x = { field: "term", type: "nominal" as const, title: null, sort: null, axis: { labelAngle: -30 } };
  const y = { field: "vif", type: "quantitative" as const, title: "Variance Inflation Factor (VIF, log scale)", scale: { type: "log", domain: [1, top], nice: false } };
  const tip = [
    { field: "term", type: "nominal" }, { field: "vif", type: "quantitative", title: "VIF", format: ".3f" },
    { field: "ciLow", type: "quantitative", title: "95% CI low", format: ".3f" }, { field: "ciHighTrue", type: "quantitative", title: "95% CI high", format: ".3~g" },
    { field: "seFactor", type: "quantitative", title: "SE factor √VIF", format: ".3f" },
  ];
  const worst = v.rows.reduce((a, b) => (b.vif > a.vif ? b : a));
  const spec = {
    data: { values },
    layer: [
      ...[5, 10].map((d) => ({ mark: { type: "rule", color: d === 5 ? "#e6a100" : "#d62728", strokeDash: [4, 4] }, encoding: { y: { datum: d } } })),
      { mark: { type: "rule", clip: true }, encoding: { x, y: { field: "ciLow", type: "quantitative", scale: { type: "log", domain: [1, top], nice: false } }, y2: { field: "ciHigh" }, tooltip: tip } },
      {
        mark: { type: "point", filled: true, size: 70, clip: true },
        encoding: { x, y, color: { field: "level", type: "nominal", title: "VIF", scale: { domain: ["low", "moderate", "high"], range: ["#3aaf85", "#e6a100", "#d62728"] } }, tooltip: tip },
      },
    ],
  };
  return panel(spec as TopLevelSpec, "Collinearity", ["High collinearity (VIF) may inflate parameter uncertainty", `largest VIF ${worst.vif.toFixed(2)} (${worst.term}); lines at 5 and 10`], w, h);
}

function binnedPanel(bins: readonly PerformanceBin[], w: number, h: number): Panel {
  const values = bins.map((b, k) => ({ bin: k + 1, n: b.n, xbar: b.xbar, ybar: b.ybar, ciLow: b.ciLow, ciHigh: b.ciHigh, status: b.ok ? "inside" : "outside" }));
  const x = { field: "xbar", type: "quantitative" as const, title: "Estimated probability of the bin", scale: { zero: false } };
  const tip = [
    { field: "bin", type: "quantitative" }, { field: "n", type: "quantitative", title: "observations" }, { field: "xbar", type: "quantitative", title: "mean fitted", format: ".3f" },
    { field: "ybar", type: "quantitative", title: "mean residual", format: ".4f" }, { field: "ciLow", type: "quantitative", title: "bound low", format: ".4f" }, { field: "ciHigh", type: "quantitative", title: "bound high", format: ".4f" },
  ];
  const inside = bins.filter((b) => b.ok).length;
  const spec = {
    data: { values },
    layer: [
      { mark: { type: "rule", color: "#888" }, encoding: { y: { datum: 0 } } },
      { mark: { type: "rule" }, encoding: { x, y: { field: "ciLow", type: "quantitative", title: "Average residual" }, y2: { field: "ciHigh" }, color: { field: "status", type: "nominal", legend: null, scale: { domain: ["inside", "outside"], range: ["#3aaf85", "#d62728"] } }, tooltip: tip } },
      {
        mark: { type: "point", filled: true, size: 50 },
        encoding: { x, y: { field: "ybar", type: "quantitative", title: "Average residual" }, color: { field: "status", type: "nominal", title: "bin", scale: { domain: ["inside", "outside"], range: ["#3aaf85", "#d62728"] } }, tooltip: tip },
      },
    ],
  };
  return panel(spec as TopLevelSpec, "Binned Residuals", [
    "Points should be within error bounds",
    `${inside} of ${bins.length} bins inside (${((100 * inside) / Math.max(bins.length, 1)).toFixed(0)}%; about 95% expected)`,
  ], w, h);
}

function dispersionPanel(d: NonNullable<ModelCheck["overdispersion"]>, w: number, h: number): Panel {
  const values = Array.from(d.predicted, (mu, i) => ({ obs: i + 1, predicted: jsonNumber(mu), res2: jsonNumber(d.res2[i]), variance: jsonNumber(d.variance[i]) }));
  const x = { field: "predicted", type: "quantitative" as const, title: "Predicted mean" };
  const tip = [{ field: "predicted", type: "quantitative", format: ".3f" }];
  const spec = {
    data: { values },
    layer: [
      {
        transform: [{ loess: "res2", on: "predicted" }],
        mark: { type: "line", color: "#3aaf85", strokeWidth: 2.5 },
        encoding: { x, y: { field: "res2", type: "quantitative", title: "Residual variance" }, tooltip: [...tip, { field: "res2", type: "quantitative", title: "smoothed (y − μ̂)²", format: ".3f" }] },
      },
      {
        mark: { type: "line", color: "#1b6ca8", strokeWidth: 2, strokeDash: [6, 3] },
        encoding: { x, y: { field: "variance", type: "quantitative", title: "Residual variance" }, tooltip: [...tip, { field: "variance", type: "quantitative", title: "model variance V(μ̂)", format: ".3f" }] },
      },
    ],
  };
  return panel(spec as TopLevelSpec, "Misspecified Dispersion and Zero-Inflation", [
    "Observed residual variance (green) should follow predicted residual variance (blue)",
    "loess of (y − μ̂)² against μ̂; dashed: the poisson variance V(μ̂) = μ̂",
  ], w, h);
}

function ranefPanel(q: RanefQQ, w: number, h: number): Panel {
  const values = Array.from(q.x, (x, k) => ({ level: q.levels[k], x, y: q.y[k], lo: jsonNumber(q.confLow[k]), hi: jsonNumber(q.confHigh[k]) }));
  const x = { field: "x", type: "quantitative" as const, title: "Standard normal quantiles" };
  const tip = [{ field: "level", type: "nominal", title: q.group }, { field: "y", type: "quantitative", title: "mode", format: ".4~g" }, { field: "lo", type: "quantitative", title: "95% low", format: ".4~g" }, { field: "hi", type: "quantitative", title: "95% high", format: ".4~g" }];
  const spec = {
    data: { values },
    layer: [
      { mark: { type: "rule", color: "#3aaf85", opacity: 0.6 }, encoding: { x, y: { field: "lo", type: "quantitative", title: "Conditional mode" }, y2: { field: "hi" }, tooltip: tip } },
      { mark: { type: "point", filled: true, color: "#3aaf85", size: 30 }, encoding: { x, y: { field: "y", type: "quantitative", title: "Conditional mode" }, tooltip: tip } },
      {
        transform: [{ regression: "y", on: "x" }],
        mark: { type: "line", color: "#d62728" },
        encoding: { x, y: { field: "y", type: "quantitative" }, tooltip: [{ field: "x", type: "quantitative", format: ".3f" }, { field: "y", type: "quantitative", title: "least-squares line", format: ".4~g" }] },
      },
    ],
  };
  return panel(spec as TopLevelSpec, `Normality of Random Effects (${q.group}: ${q.term})`, ["Dots should be plotted along the line", `${q.y.length} levels, bars ± 1.96 conditional sd`], w, h);
}

/** Options of `plots.checkModel`. */
export interface CheckModelPlotOptions extends ChartOptions {
  /** Panels per row (default 2). */
  readonly columns?: number;
}

/** The check_model composition of a `checkModel(m)` result (see the module doc). */
export function checkModelPlot(ck: ModelCheck, o: CheckModelPlotOptions = {}): VegaLiteChart {
  requireShape("plots.checkModel", ck, "the result of checkModel(m)", ["ppCheck", "influence", "collinearity", "qq", "ranefQQ"]);
  checkPlotOptions("checkModel", o);
  const w = o.width ?? 300, h = o.height ?? 210, cols = o.columns ?? 2, glmm = ck.model === "glmerMod";
  const panels: Panel[] = [];
  panels.push(panel(ppCheck({ observed: ck.ppCheck.observed, simulated: ck.ppCheck.simulated }, { type: ck.ppCheck.type, xTitle: glmm && ck.family === "binomial" ? "Response (proportion)" : "Response" }),
    "Posterior Predictive Check", ["Model-predicted lines should resemble observed data line", `${ck.ppCheck.simulated.length} simulations conditional on the fitted random effects${ck.ppCheck.type === "ecdf" ? " (ECDFs: discrete response)" : ""}`], w, h));
  if (ck.linearity) panels.push(panel(residualsVsFitted({ fitted: ck.fitted, residuals: ck.linearity.residuals }), "Linearity", ["Reference line should be flat and horizontal", "residuals vs fitted values, loess smoother"], w, h));
  if (ck.binned) panels.push(binnedPanel(ck.binned, w, h));
  if (ck.overdispersion) panels.push(dispersionPanel(ck.overdispersion, w, h));
  panels.push(panel(scaleLocation({ fitted: ck.fitted, residuals: Array.from(ck.homogeneity, (v) => v * v) }, { sigma: 1 }), "Homogeneity of Variance",
    ["Reference line should be flat and horizontal", `√|${glmm ? "deviance" : "response"} residual / σ̂| vs fitted values`], w, h));
  panels.push(influencePanel(ck, w, h));
  panels.push(vifPanel(ck.collinearity, w, h));
  if (ck.qq.type === "normal") panels.push(panel(qqResiduals({ residuals: ck.qq.residuals }), "Normality of Residuals", ["Dots should fall along the line", "normal Q-Q of the residuals, line through the quartiles"], w, h));
  else {
    const t = ck.qq.uniformity;
    panels.push(panel(scaledResidualsQQ(ck.qq.scaled), "Uniformity of Residuals", ["Dots should fall along the line", `${ck.qq.nsim} simulations; KS D = ${t.statistic.toFixed(3)}, ${fmtP(t.pValue)}`], w, h));
  }
  for (const q of ck.ranefQQ) panels.push(ranefPanel(q, w, h));
  const rows: Panel[] = [];
  for (let k = 0; k < panels.length; k += cols) rows.push({ hconcat: panels.slice(k, k + cols), resolve: { scale: { color: "independent" } } });
  return asChart({
    $schema: VEGALITE_SCHEMA,
    title: { text: o.title ?? `Model checks: ${ck.formula}`, subtitle: `${ck.family === "gaussian" ? "linear mixed model" : `${ck.family} GLMM`}, ${ck.nobs} observations, seed ${ck.seed}` },
    vconcat: rows,
    resolve: { scale: { color: "independent" } },
    config: { view: { stroke: "#ddd" } },
  } as unknown as TopLevelSpec);
}
