/**
 * plots.checkModel on an LMM (sleepstudy), a binomial GLMM (cbpp2's gm1; cm6's panel data are
 * checked in test/checks/checkModel.test.ts, and its chart has the same panels) and a poisson GLMM
 * (grouseticks): valid Vega-Lite v5 that compiles without warnings and renders, the panels performance
 * draws for each kind of model, each with its reading in the subtitle; and the result object
 * displays itself as that chart.
 */
import { describe, expect, it } from "vitest";
import { checkModel, plots, MIME_BUNDLE, LmeError, type MimeBundle } from "../../src/index.js";
import { check } from "./schema.js";
import { fits } from "../checks/models.js";

type Spec = { vconcat: { hconcat: { title: { text: string; subtitle: string[] } }[] }[] };
const titles = (s: Spec) => s.vconcat.flatMap((r) => r.hconcat.map((p) => p.title.text));

describe("plots.checkModel", () => {
  const lmm = checkModel(fits.sleepstudy(), { seed: 11, iterations: 10 });
  it("sleepstudy: the LMM panels, valid and rendered", async () => {
    const chart = plots.checkModel(lmm);
    expect(titles(chart as unknown as Spec)).toEqual([
      "Posterior Predictive Check", "Linearity", "Homogeneity of Variance", "Influential Observations", "Collinearity", "Normality of Residuals",
      "Normality of Random Effects (Subject: (Intercept))", "Normality of Random Effects (Subject: Days)",
    ]);
    const { schemaErrors, warnings, svg } = await check(chart);
    expect(schemaErrors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(svg).toContain("Points should be inside the contour lines");
    for (const r of (chart as unknown as Spec).vconcat) for (const p of r.hconcat) expect(p.title.subtitle.length).toBe(2);
  });
  it.each(["cbpp2"] as const)("%s: the binomial GLMM panels (binned residuals, uniform Q-Q), valid", async (name) => {
    const ck = checkModel(fits[name](), { seed: 5, iterations: 10, nsim: 50 });
    const chart = plots.checkModel(ck, { width: 240, height: 180 });
    const t = titles(chart as unknown as Spec);
    expect(t.slice(0, 6)).toEqual(["Posterior Predictive Check", "Binned Residuals", "Homogeneity of Variance", "Influential Observations", "Collinearity", "Uniformity of Residuals"]);
    expect(t[6]).toMatch(/^Normality of Random Effects \((herd|district:urban): \(Intercept\)\)$/);
    const { schemaErrors, warnings } = await check(chart);
    expect(schemaErrors).toEqual([]);
    expect(warnings).toEqual([]);
  });
  it("grouseticks (poisson GLMM): the dispersion panel instead of binned residuals, valid", async () => {
    const chart = plots.checkModel(checkModel(fits.grouseticks(), { seed: 5, iterations: 5, nsim: 30 }));
    expect(titles(chart as unknown as Spec).slice(0, 3)).toEqual(["Posterior Predictive Check", "Misspecified Dispersion and Zero-Inflation", "Homogeneity of Variance"]);
    const { schemaErrors, warnings } = await check(chart);
    expect(schemaErrors).toEqual([]);
    expect(warnings).toEqual([]);
  });
  it("the result displays itself as the chart, with a text summary", async () => {
    const b = (await (lmm as unknown as { [MIME_BUNDLE](): Promise<MimeBundle> })[MIME_BUNDLE]()) as Record<string, unknown>;
    expect(b["application/vnd.vegalite.v5+json"]).toBeDefined();
    expect(String(b["text/plain"])).toMatch(/influential observations: \d+ with Cook's D/);
    expect(String(lmm)).toMatch(/^Model checks/);
  });
  it("refuses anything but checkModel's result", () => {
    expect(() => plots.checkModel({} as never)).toThrow(LmeError);
    expect(() => plots.checkModel(lmm, { columns: 0 })).toThrow(LmeError);
  });
});
