/**
 * testQuantiles' pieces against R (scripts/quantiles-refs.R): the quantile regressions against
 * quantreg::rq's exact optimum (objective to 1e-9 relative, fitted quantiles to 1e-6), the
 * rank-score tests against the same tests written with R's poly/binom.test/pchisq/p.adjust
 * (1e-9 relative); then testQuantiles on a fitted model (calibration under the model, power
 * against a predictor left out) and its plot.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { quantileRegression, quantileTests, orthoPoly, rankScale, pAdjustBH } from "../../src/influence/quantiles.js";
import { glmer, datasets, simulateResiduals, testQuantiles, plots, LmeError } from "../../src/index.js";
import { contraception } from "../checks/models.js";
import { mulberry32 } from "../helpers.js";

interface Case { n: number; x: number[]; r: number[]; p: number; fits: { tau: number; objective: number; fitted: number[]; pIntercept: number; pShape: number; p: number }[] }
const fx = JSON.parse(readFileSync(new URL("../fixtures/influence/quantiles.json", import.meta.url), "utf8")) as { cases: Case[] };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("quantile regression and rank-score tests against R", () => {
  it.each(fx.cases.map((c, k) => [k, c] as const))("case %i: rq's optimum and the score tests", (_k, c) => {
    const x = rankScale(c.x), X = [new Float64Array(c.n).fill(1), ...orthoPoly(x, 3)];
    const t = quantileTests(c.r, c.x, [0.25, 0.5, 0.75]);
    c.fits.forEach((f, j) => {
      const { objective } = quantileRegression(X, c.r, f.tau);
      expect(rel(objective, f.objective), `objective at ${f.tau}`).toBeLessThan(1e-9);
      const got = t.fits[j].fitted;
      expect(Math.max(...f.fitted.map((v, i) => Math.abs(v - got[i]))), `fitted at ${f.tau}`).toBeLessThan(1e-6);
      expect(rel(t.fits[j].pIntercept, f.pIntercept)).toBeLessThan(1e-9);
      expect(rel(t.fits[j].pShape, f.pShape)).toBeLessThan(1e-9);
      expect(rel(t.fits[j].pValue, f.p)).toBeLessThan(1e-9);
    });
    expect(rel(t.pValue, c.p)).toBeLessThan(1e-9);
  });
  it("holds its level: uniform residuals unrelated to the predictor are rejected at about 5%", () => {
    const rand = mulberry32(17);
    let reject = 0;
    const R = 200;
    for (let k = 0; k < R; k++) {
      const x = Array.from({ length: 80 }, () => rand()), r = x.map(() => rand());
      if (quantileTests(r, x, [0.25, 0.5, 0.75], false).pValue < 0.05) reject++;
    }
    expect(reject / R).toBeGreaterThan(0.01);
    expect(reject / R).toBeLessThan(0.09);
  });
  it("BH adjustment as R's p.adjust", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH") = 0.04 0.0533… 0.0533… 0.2
    const a = pAdjustBH([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.16 / 3, 0.16 / 3, 0.2].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 14));
  });
});

describe("testQuantiles on a fitted model", () => {
  const cbpp = datasets.load("cbpp");
  const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" });
  it("returns the three quantiles' fits and a combined p; refuses bad arguments", () => {
    const res = simulateResiduals(m, { nsim: 100, seed: 3 });
    const t = testQuantiles(res);
    expect(t.test).toBe("quantiles");
    expect(t.quantiles!.map((q) => q.quantile)).toEqual([0.25, 0.5, 0.75]);
    expect(t.pValue).toBeGreaterThan(0);
    expect(String(t)).toMatch(/quantile 0.5: intercept p = /);
    expect(() => testQuantiles(res, { predictor: [1, 2, 3] })).toThrow(/predictor has 3 values/);
    expect(() => testQuantiles(res, { quantiles: [0, 0.5] })).toThrow(LmeError);
    expect(() => testQuantiles({} as never)).toThrow(LmeError);
  });
  it("finds a trend in a predictor the model leaves out, and a DHARMa plot shows it", () => {
    // Contraception without age: use rises then falls with age (the paper's quadratic), so the
    // scaled residuals' quantiles bend against age, not against the prediction.
    const d = contraception();
    const m0 = glmer("use ~ urban + (1 | district)", d, { family: "binomial" });
    const res = simulateResiduals(m0, { nsim: 100, seed: 5 });
    const t = testQuantiles(res, { predictor: d.age_s });
    expect(t.pValue).toBeLessThan(1e-4);
    expect(t.quantiles!.every((q) => q.pShape < 0.01)).toBe(true);
    const chart = plots.dharma(res, { predictor: d.age_s, predictorName: "age" }).toSpec() as unknown as { hconcat: { title: { text: string; subtitle: string[] } }[] };
    expect(chart.hconcat).toHaveLength(3);
    expect(chart.hconcat[2].title.text).toBe("Residuals vs age");
    expect(chart.hconcat[2].title.subtitle[0]).toMatch(/quantile deviations/);
  });
});
