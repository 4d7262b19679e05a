/**
 * Checks the executed sleepstudy notebook written by `npm run notebooks` (out/notebooks/): key
 * numbers match lme4 and every plot cell produced both a Vega-Lite object and an SVG. Skipped,
 * with a message, when the notebook has not been executed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { executedNotebook, join, type Cell } from "./executed.js";

/** lme4 1.1-31 / ggeffects numbers for the update chain and prediction band (scripts/sleepstudy-notebook-refs.R). */
const ref = JSON.parse(readFileSync(new URL("../fixtures/notebooks/sleepstudy.json", import.meta.url), "utf8")) as {
  fm0: { formula: string }; anova: { Chisq: number; Df: number; p: number };
  predictionFrame: { x: number[]; predicted: number[]; "conf.low": number[]; "conf.high": number[] };
};

const notebook = executedNotebook("sleepstudy");

describe.skipIf(!notebook.executed)("executed sleepstudy notebook", () => {
  const { code, textOf, row } = notebook;
  const cellWith = notebook.cell;
  const allText = code.flatMap((c) => c.outputs ?? []).map((o) => join(o.text) + join(o.data?.["text/plain"]) + join(o.data?.["text/html"])).join("\n");

  it("ran every code cell without errors or stderr", () => notebook.expectCleanRun(10));

  it("shows lme4's fixed effects, REML criterion and LRT", () => {
    expect(allText).toContain("251.405"); // lme4: 251.405105
    expect(allText).toContain("10.467"); // lme4: 10.467286
    expect(allText).toContain("1743.6"); // REML criterion at convergence
    expect(allText).toMatch(/0\.0639/); // anova(fm1ML, fm2ML) Chisq
    expect(allText).toMatch(/0\.800/); // its p-value
  });

  it("profile intervals match lme4's confint(fm1)", () => {
    const t = textOf(cellWith(/await profile\(fm1/));
    // lme4 1.1-31: confint(fm1, oldNames = FALSE)
    const ref: Record<string, [number, number]> = {
      "sd_(Intercept)|Subject": [14.3814, 37.7159], "cor_Days.(Intercept)|Subject": [-0.4815, 0.6849],
      "sd_Days|Subject": [3.8011, 8.7533], sigma: [22.8982, 28.8579], "(Intercept)": [237.6806, 265.1295], Days: [7.3586, 13.5759],
    };
    for (const [nm, [lo, hi]] of Object.entries(ref)) {
      const [a, b] = row(t, nm).map(Number);
      expect(Math.abs(a - lo), nm).toBeLessThan(2e-3 * Math.max(1, Math.abs(lo)));
      expect(Math.abs(b - hi), nm).toBeLessThan(2e-3 * Math.max(1, Math.abs(hi)));
    }
  });

  it("draws the profile zeta plot with one panel per parameter", () => {
    const c = cellWith(/plots\.profileZeta\(/);
    const spec = (c.outputs ?? []).find((o) => o.data?.["application/vnd.vegalite.v5+json"])!.data!["application/vnd.vegalite.v5+json"] as { data: { values: { param: string }[] } };
    expect(new Set(spec.data.values.map((v) => v.param)).size).toBe(6);
  });

  it("Satterthwaite and Kenward–Roger give lmerTest's 17 df and p-values", () => {
    expect(textOf(cellWith(/^richSummary\(fm1\.summary\(\{ ddf: "Satterthwaite"/))).toMatch(/Days\s+10\.47\s+1\.546\s+17\.00\s+6\.77\s+3\.26e-0?6/);
    const t = textOf(cellWith(/ddf: "Kenward-Roger"/));
    const [est, se, dfS, dfKR, tv, p] = row(t, "Days");
    expect([est, se, dfS, dfKR, tv, p]).toEqual(["10.4673", "1.5458", "17.000", "17.000", "6.771", "3.26e-06"]);
  });

  it("predicts a new subject at the population line and names an unknown level", () => {
    const t = textOf(cellWith(/allowNewLevels: true/));
    const lines = t.split("\n").filter((l) => /^new\s/.test(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      const [, , pred, pop] = l.trim().split(/\s+/);
      expect(pred).toBe(pop);
    }
    expect(textOf(cellWith(/^let unknownLevel/))).toMatch(/new level 'new' of grouping factor 'Subject'/);
  });

  it("renders VarCorr, anova and interval tables as HTML", () => {
    const html = (c: Cell) => (c.outputs ?? []).map((o) => join(o.data?.["text/html"])).join("");
    expect(html(cellWith(/^richVarCorr\(fm1\)/))).toMatch(/<table[\s\S]*24\.740/);
    expect(html(cellWith(/^const lrt = anova/))).toMatch(/<table[\s\S]*0\.0639/);
    const cmp = cellWith(/^const ciWald/);
    expect(html(cmp)).toContain("bootstrap 97.5 %");
    const t = textOf(cmp);
    const [wl, wh, pl, ph, bl, bh] = row(t, "Days").map(Number);
    expect(wl).toBeCloseTo(7.4376, 3); // 10.46729 ∓ 1.96 · 1.54580
    expect(wh).toBeCloseTo(13.4970, 3);
    expect(pl).toBeCloseTo(7.3587, 3);
    expect(ph).toBeCloseTo(13.5759, 3);
    expect(bl).toBeGreaterThan(6.5); // 200 bootstrap replicates: within ~0.5 of the profile limits
    expect(bl).toBeLessThan(8);
    expect(bh).toBeGreaterThan(12.5);
    expect(bh).toBeLessThan(14.5);
  });

  it("renders the summary as HTML", () => {
    const html = code.flatMap((c) => c.outputs ?? []).map((o) => join(o.data?.["text/html"])).join("");
    expect(html).toContain("Fixed effects");
    expect(html).toContain("251.41");
  });

  it("the update chain gives lme4's fm0 and anova(fm0, fm1)", () => {
    const c = cellWith(/^const fm0 = fm1\.update\(/);
    const t = textOf(c);
    expect(t).toContain(ref.fm0.formula);
    const [, , , , , chisq, df, p] = row(t, "fm1");
    // LRT statistic of ML refits: 1e-4 relative (optimizer tolerance); p-value: 1e-3 relative.
    expect(Math.abs(Number(chisq) - ref.anova.Chisq) / ref.anova.Chisq).toBeLessThan(1e-4);
    expect(Number(df)).toBe(ref.anova.Df);
    expect(Math.abs(Number(p) - ref.anova.p) / ref.anova.p).toBeLessThan(1e-3);
  });

  it("the saved fit restores with the same logLik and fixed effects", () => {
    const t = textOf(cellWith(/^const saved = saveFit\(fm1\)/));
    expect(t).toMatch(/equalLogLik: true/);
    expect(t).toMatch(/equalFixef: true/);
    expect(t).toMatch(/fingerprint: '[0-9a-f]{16}'/);
  });

  it("the population band comes from predictionFrame and matches ggeffects' ggpredict(fm1, \"Days\")", () => {
    const c = cellWith(/predictionFrame\(fm1, "Days"\)/);
    expect(join(c.source)).not.toMatch(/V\[0\]\[0\]/);
    const spec = (c.outputs ?? []).find((o) => o.data?.["application/vnd.vegalite.v5+json"])!.data!["application/vnd.vegalite.v5+json"] as object;
    const text = JSON.stringify(spec);
    // The band's limits as the plot received them: ggeffects' to 1e-6 relative (printed digits).
    const nums = [...text.matchAll(/"(?:lower|upper)":(-?[0-9.e+-]+)/g)].map((m) => Number(m[1]));
    expect(nums.length).toBeGreaterThanOrEqual(20);
    for (const [k, want] of [...ref.predictionFrame["conf.low"], ...ref.predictionFrame["conf.high"]].entries()) {
      expect(nums.some((v) => Math.abs(v - want) <= 1e-6 * Math.abs(want)), `band value ${k} (${want})`).toBe(true);
    }
  });

  it("every plot cell has a Vega-Lite object and an SVG", () => notebook.expectPlots(9));

  it("checkModel: performance's panels, and the four observations lme4's Cook's distance flags", () => {
    const c = notebook.cell(/^import \{ checkModel \}/), text = notebook.textOf(c);
    // lme4's cooks.distance(fm1) (test/fixtures/checks/checkmodel.json): 4 values ≥ qf(0.5, 2, 178)
    // = 0.6959, the largest 4.3322 (observation 60, subject 332 day 9)
    expect(text).toMatch(/influential observations: 4 with Cook's D ≥ 0\.696; largest Cook's D 4\.33/);
    expect(text).toMatch(/variance inflation factors need at least 2/);
    const spec = c.outputs!.find((o) => o.data?.["application/vnd.vegalite.v5+json"])!.data!["application/vnd.vegalite.v5+json"] as { vconcat: { hconcat: { title: { text: string } }[] }[] };
    expect(spec.vconcat.flatMap((r) => r.hconcat.map((p) => p.title.text))).toEqual([
      "Posterior Predictive Check", "Linearity", "Homogeneity of Variance", "Influential Observations", "Collinearity", "Normality of Residuals",
      "Normality of Random Effects (Subject: (Intercept))", "Normality of Random Effects (Subject: Days)",
    ]);
  });
});
