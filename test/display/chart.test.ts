import { afterEach, describe, expect, it } from "vitest";
import * as plots from "../../src/display/vegalite/index.js";
import { JUPYTER_DISPLAY, MIME_BUNDLE, VEGALITE_MIME, isDisplayable, type MimeBundle } from "../../src/display/mime.js";
import { chartDisplay, vegaLite, vegaLiteMime, type VegaLiteChart } from "../../src/display/chart.js";
import * as vega from "vega";
import { compileVegaLite } from "../../src/display/svg.js";
import { check } from "./schema.js";
import { lmer } from "../../src/lmm/lmer.js";
import { datasets } from "../../src/datasets/index.js";
import { predictionFrame } from "../../src/effects/index.js";
import { emmeans } from "../../src/emmeans/index.js";
import { simulateResiduals } from "../../src/influence/dharma.js";
import { checkModel } from "../../src/checks/checkModel.js";
import type { InfluenceMerMod } from "../../src/influence/influence.js";
import type { ConditionalDensities } from "../../src/diagnostics/conditionalDensities.js";
import type { SmoothEstimates } from "../../src/effects/smooth.js";

/** A small influence() result (3 deleted units, 2 fixed effects) for the Cook's distance chart. */
const infl = {
  kind: "influenceMerMod", groups: "herd", deleted: ["1", "2", "3"], fixedNames: ["a", "b"], fixed: Float64Array.of(1, 2),
  fixedDeleted: [Float64Array.of(1.1, 2), Float64Array.of(0.9, 2.2), Float64Array.of(1, 1.9)], vcov: Float64Array.of(0.04, 0, 0, 0.09),
} as unknown as InfluenceMerMod;
const simRes = () => simulateResiduals(cakeFit(), { nsim: 19, seed: 4 });

let cake: ReturnType<typeof lmer> | undefined;
const cakeFit = () => (cake ??= lmer("angle ~ recipe * temperature + (1 | recipe:replicate)", datasets.cake()));

const n = 24;
const fitted = Array.from({ length: n }, (_, i) => 0.1 + (0.8 * i) / n);
const residuals = Array.from({ length: n }, (_, i) => 0.3 * Math.sin(1.7 * i + 0.3));
const group = Array.from({ length: n }, (_, i) => `S${(i % 4) + 1}`);
const ranef = {
  group: "Subject", levels: ["308", "309", "310", "330"], names: ["(Intercept)", "Days"],
  values: [[2.3, 9.2], [-40.4, -8.6], [-38.9, -5.4], [23.7, -4.8]],
  condsd: [[12.1, 2.3], [12.1, 2.3], [12.1, 2.3], [12.1, 2.3]],
};
/** A small conditionalDensities() result (2 levels, 5 grid points) for the integrand charts. */
const densities: ConditionalDensities = {
  kind: "conditionalDensities", group: "herd", agq: 3, nAGQ: 25, z: [-2, -1, 0, 1, 2],
  levels: [{ level: "a", mode: 0.1, scale: 1.5, tMin: 0.8, tMax: 1.3, logIntegral: 0.01 }, { level: "b", mode: -0.4, scale: 2, tMin: 0.5, tMax: 2, logIntegral: 0.02 }],
  rows: ["a", "b"].flatMap((level, k) => [-2, -1, 0, 1, 2].map((z) => {
    const normal = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI), t = 1 + (k + 1) * 0.1 * z * z * z / 8;
    return { level, z, u: z / 1.5, density: t * normal, normal, t, agq: t + 0.01 };
  })),
};
/** A small smoothEstimates() result (5 grid points) for the smooth chart. */
const smoothEst: SmoothEstimates = {
  kind: "smoothEstimates", term: "s(age)", variable: "age", level: 0.95, type: "link", shift: 0, smoothVariance: 0.01,
  rows: [-10, -5, 0, 5, 10].map((x) => ({ x, fit: -0.004 * x * x, se: 0.1, lower: -0.004 * x * x - 0.196, upper: -0.004 * x * x + 0.196 })),
  observed: Float64Array.of(-10, -7, -3, 0, 2, 6, 10),
};
const sims = Array.from({ length: 5 }, (_, j) => fitted.map((f, i) => Math.round(10 * f + ((i * 7 + j * 3) % 5) - 2)));
const observed = fitted.map((f) => Math.round(10 * f));

/** One or more charts per builder of `plots` (the keys are the builders' names). */
const cases: Record<string, () => VegaLiteChart[]> = {
  residualsVsFitted: () => [plots.residualsVsFitted({ fitted, residuals, group }), plots.residualsVsFitted({ fitted, residuals, group }, { colorByGroup: true, smooth: false })],
  scaleLocation: () => [plots.scaleLocation({ fitted, residuals })],
  qqResiduals: () => [plots.qqResiduals({ residuals, group })],
  caterpillar: () => [plots.caterpillar(ranef), plots.caterpillar({ ...ranef, condsd: undefined }, { order: "each" })],
  qqRanef: () => [plots.qqRanef(ranef)],
  profileZeta: () => [plots.profileZeta([-2, -1, 0, 1, 2].flatMap((z) => [{ param: "a", value: 1 + z / 4, zeta: z }, { param: "b", value: 3 + z, zeta: z }]))],
  predictionPlot: () => {
    const population = [0, 1, 2, 3].map((x) => ({ x, fit: 250 + 10 * x, lower: 240 + 10 * x, upper: 260 + 10 * x }));
    const groups = ["A", "B"].flatMap((g, k) => [0, 1, 2, 3].map((x) => ({ x, fit: 245 + 12 * x + 5 * k, group: g })));
    const obs = groups.map((r) => ({ x: r.x, y: r.fit + 3, group: r.group }));
    return [
      plots.predictionPlot({ population, groups, observed: obs }),
      plots.predictionPlot({ population, groups, observed: obs }, { facetByGroup: true }),
      plots.predictionPlot({ observed: obs }),
      plots.predictionPlot({ population: population.map((r) => ({ ...r, series: "s1" })), observed: obs.map((r) => ({ ...r, group: undefined, series: "s1" })) }),
    ];
  },
  binnedResiduals: () => [plots.binnedResiduals({ fitted, observed: fitted.map((f, i) => (i % 3 === 0 ? 1 : 0)) }, { bins: 4 })],
  ppCheck: () => [plots.ppCheck({ observed, simulated: sims }), plots.ppCheck({ observed, simulated: sims }, { type: "ecdf" })],
  scaledResidualsQQ: () => [plots.scaledResidualsQQ(fitted)],
  effectPlot: () => {
    const m = cakeFit();
    return [plots.effectPlot(predictionFrame(m, ["temperature", "recipe"])), plots.effectPlot(predictionFrame(lmer("angle ~ recipe * temp + (1 | recipe:replicate)", datasets.cake()), ["temp", "recipe"]))];
  },
  emmeansPlot: () => [plots.emmeansPlot(emmeans(cakeFit(), "recipe")), plots.emmeansPlot(emmeans(cakeFit(), "recipe", { by: "temperature" }))],
  cooksDistance: () => [plots.cooksDistance(infl)],
  leverage: () => [plots.leverage(cakeFit())],
  dharmaQQ: () => [plots.dharmaQQ(simRes())],
  dharmaResiduals: () => [plots.dharmaResiduals(simRes())],
  dharma: () => [plots.dharma(simRes())],
  laplaceIntegrands: () => [plots.laplaceIntegrands(densities), plots.laplaceIntegrands({ ...densities, agq: 0 }, { levels: ["b"] })],
  tz: () => [plots.tz(densities), plots.tz(densities, { yDomain: [0.5, 1.5], maxLevels: 1 })],
  checkModel: () => [plots.checkModel(checkModel(cakeFit(), { seed: 3, iterations: 4 }))],
  smooth: () => [plots.smooth(smoothEst), plots.smooth({ ...smoothEst, type: "response", shift: 0.5 }, { rug: false, title: "t" })],
};
/** Exports of `plots` that are not chart builders. */
const helpers = new Set(["normalScores", "qqLine", "ranefRecords", "binResiduals", "defaultBinCount", "scaledResiduals", "bwNrd0", "kernelDensity", "ecdfAt"]);

type Unit = { mark?: unknown; encoding?: Record<string, { field?: unknown; condition?: { param?: string } } | undefined>; params?: { name: string; select: { type: string; fields?: string[] } }[]; layer?: Unit[]; spec?: Unit };
/** The unit (single-mark) views of a spec, through layers and facets. */
function units(s: Unit): Unit[] {
  if (s.layer) return s.layer.flatMap(units);
  if (s.spec) return units(s.spec);
  return s.mark ? [s] : [];
}

afterEach(() => {
  chartDisplay.fallback = "markdown";
});

describe("charts: every plots.* builder", () => {
  it("has a case here for every builder", () => {
    const builders = Object.entries(plots).filter(([k, v]) => typeof v === "function" && !helpers.has(k)).map(([k]) => k).sort();
    expect(builders).toEqual(Object.keys(cases).sort());
  });

  for (const [name, make] of Object.entries(cases))
    it(`${name}: valid Vega-Lite v5, tooltips on every data mark, a displayable chart`, async () => {
      for (const chart of make()) {
        expect(chart.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
        const { schemaErrors, warnings } = await check(chart);
        expect(schemaErrors).toEqual([]);
        expect(warnings).toEqual([]);
        for (const u of units(chart as Unit)) {
          const enc = u.encoding ?? {};
          if (enc.x?.field !== undefined || enc.y?.field !== undefined) expect(enc.tooltip, `${name}: ${JSON.stringify(u.mark)}`).toBeDefined();
        }
        // the chart is its spec: methods are not enumerable, JSON is the spec's
        expect(Object.keys(chart).some((k) => typeof (chart as unknown as Record<string, unknown>)[k] === "function")).toBe(false);
        expect(JSON.stringify(chart)).toBe(JSON.stringify(chart.toSpec()));
        expect(isDisplayable(chart)).toBe(true);
        expect(typeof (chart as unknown as Record<symbol, unknown>)[JUPYTER_DISPLAY]).toBe("function");
      }
    });
});

describe("charts: selections", () => {
  /** The point selections of a spec's units, and the fields of the encodings conditioned on one. */
  function selections(s: Unit) {
    const us = units(s);
    const params = us.flatMap((u) => u.params ?? []);
    const conditioned = us.filter((u) => Object.values(u.encoding ?? {}).some((e) => e?.condition?.param !== undefined)).length;
    return { params, conditioned };
  }

  /**
   * Marks drawn faded (opacity `faded`) before and after selecting `value` of `field`: the
   * selection store of the compiled Vega spec is filled as a click would fill it.
   */
  async function fadedMarks(chart: VegaLiteChart, store: string, field: string, value: string, faded: number) {
    const view = new vega.View(vega.parse(compileVegaLite(chart).vega), { renderer: "none" });
    const count = async () => ((await view.toSVG()).match(new RegExp(`opacity="${faded}"`, "g")) ?? []).length;
    await view.runAsync();
    const before = await count();
    view.data(store, [{ unit: "", fields: [{ type: "E", field }], values: [value] }]);
    await view.runAsync();
    const after = await count();
    view.finalize();
    return { before, after };
  }

  it("caterpillar: clicking a level highlights it in every term's panel", async () => {
    const { params, conditioned } = selections(plots.caterpillar(ranef) as Unit);
    expect(params).toEqual([expect.objectContaining({ select: expect.objectContaining({ type: "point", fields: ["level"] }) })]);
    expect(conditioned).toBe(2); // interval rules and points
    // select 309: the other 3 levels fade in both panels, rule and point each
    expect(await fadedMarks(plots.caterpillar(ranef), "pickLevel_store", "level", "309", 0.15)).toEqual({ before: 0, after: 3 * 2 * 2 });
  });

  it("prediction plot: clicking a group's line highlights that group (lines and points)", async () => {
    const groups = ["A", "B"].flatMap((g) => [0, 1].map((x) => ({ x, fit: x, group: g })));
    const { params, conditioned } = selections(plots.predictionPlot({ groups, observed: groups.map((r) => ({ x: r.x, y: r.fit, group: r.group })) }) as Unit);
    expect(params).toEqual([expect.objectContaining({ select: expect.objectContaining({ type: "point", fields: ["group"] }) })]);
    expect(conditioned).toBe(2);
    // select A: B's line fades (0.08) and so do its 2 points (0.1)
    const chart = () => plots.predictionPlot({ groups, observed: groups.map((r) => ({ x: r.x, y: r.fit, group: r.group })) });
    expect(await fadedMarks(chart(), "pickGroup_store", "group", "A", 0.08)).toEqual({ before: 0, after: 1 });
    expect(await fadedMarks(chart(), "pickGroup_store", "group", "A", 0.1)).toEqual({ before: 0, after: 2 });
    // without groups there is nothing to select
    expect(selections(plots.predictionPlot({ observed: [{ x: 1, y: 2 }] }) as Unit).params).toEqual([]);
  });
});

describe("charts: the MIME bundle", () => {
  const chart = () => plots.qqRanef(ranef, { title: "Q-Q <modes> ζ" });

  it("Vega-Lite v5 JSON, accessible SVG, and the SVG as an <img> data URI in text/markdown", async () => {
    const c = chart();
    const b = (await c[MIME_BUNDLE]()) as MimeBundle;
    expect(Object.keys(b).sort()).toEqual([VEGALITE_MIME, "image/svg+xml", "text/markdown", "text/plain"].sort());
    expect(VEGALITE_MIME).toBe("application/vnd.vegalite.v5+json");
    expect(b[VEGALITE_MIME]).toEqual(c.toSpec());
    const svg = b["image/svg+xml"] as string;
    expect(svg).toMatch(/^<svg[^>]* role="img"[^>]* aria-label="Q-Q &lt;modes&gt; ζ"[^>]*><title>Q-Q &lt;modes&gt; ζ<\/title>/);
    expect(svg).toContain(">Standard normal quantiles</text>"); // axis titles stay text
    const img = /^<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)" width="\d+">$/.exec(b["text/markdown"] as string);
    expect(img).not.toBeNull();
    expect(Buffer.from(img![1], "base64").toString("utf8")).toBe(svg);
    expect(img![2]).toBe("Q-Q &lt;modes&gt; ζ");
    // Deno's key gives the same bundle
    const deno = (await (c as unknown as Record<symbol, () => Promise<MimeBundle>>)[JUPYTER_DISPLAY]()) as MimeBundle;
    expect(deno["image/svg+xml"]).toBe(svg);
  });

  it("chartDisplay.fallback = 'html' moves the <img> to text/html", async () => {
    chartDisplay.fallback = "html";
    const b = (await chart()[MIME_BUNDLE]()) as MimeBundle;
    expect(b["text/html"]).toMatch(/^<img src="data:image\/svg\+xml;base64,/);
    expect(b["text/markdown"]).toBeUndefined();
  });

  it("vegaLite(spec) copies a plain spec and returns a chart unchanged", () => {
    const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [{ a: 1 }] }, mark: "point" as const, encoding: { x: { field: "a", type: "quantitative" as const } } };
    const c = vegaLite(spec);
    expect(c).not.toBe(spec);
    expect(isDisplayable(spec)).toBe(false);
    expect(c.toSpec()).toEqual(spec);
    expect(vegaLite(c)).toBe(c);
    expect(vegaLiteMime(c)).toBe("application/vnd.vegalite.v5+json");
    expect(vegaLiteMime({ ...spec, $schema: "https://vega.github.io/schema/vega-lite/v4.json" })).toBe("application/vnd.vegalite.v4+json");
    expect(vegaLiteMime({ data: { values: [] }, mark: "point" })).toBe("application/vnd.vegalite.v5+json");
    expect(String(c)).toBe("<Vega-Lite chart: chart>");
  });
});
