import { describe, it, expect } from "vitest";
import {
  glmer, lmer, datasets, simulateResiduals, testUniformity, testDispersion, testZeroInflation, testOutliers, testResiduals, simulationP, plots, LmeError,
} from "../../src/index.js";
import { runStudy, exchangeableRates } from "./dharmaStudy.js";

describe("simulateResiduals and the DHARMa-style tests", () => {
  it("are reproducible from the seed and keep the model's response scale (binomial: successes)", () => {
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
    const a = simulateResiduals(m, { nsim: 60, seed: 7 }), b = simulateResiduals(m, { nsim: 60, seed: 7 });
    expect(Array.from(a.scaled)).toEqual(Array.from(b.scaled));
    expect(a.observed.every((v) => Number.isInteger(v))).toBe(true);
    expect(a.simulated.every((s) => s.every((v) => Number.isInteger(v)))).toBe(true);
    expect(a.scaled.every((r) => r > 0 && r < 1)).toBe(true);
    const all = testResiduals(a);
    expect(all.zeroInflation).not.toBeNull();
    expect(String(all)).toMatch(/uniformity/);
    expect(String(testDispersion(a))).toMatch(/ratioObsSim = .*p-value = /);
  });

  it("generic simulation p-values follow DHARMa's getP", () => {
    const sim = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(simulationP(sim, 9.5, "greater")).toBeCloseTo(0.1, 15);
    expect(simulationP(sim, 9.5, "less")).toBeCloseTo(0.9, 15);
    expect(simulationP(sim, 9.5, "two.sided")).toBeCloseTo(0.2, 15);
    expect(simulationP(sim, 3, "two.sided")).toBeCloseTo(0.6, 15);
  });

  it("an LMM's dispersion and outlier tests run on y itself", () => {
    const m = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
    const res = simulateResiduals(m, { nsim: 50, seed: 3 });
    expect(res.integer).toBe(false);
    const t = testOutliers(res, { margin: "upper" });
    expect(t.expectedFrequency).toBeCloseTo(1 / 51, 15);
    expect(t.pValue).toBeGreaterThan(0);
  });

  // Known truth, no fitting: y and the simulations are i.i.d. Poisson(μᵢ), so every p-value is
  // exactly uniform and each test must reject at 5% up to Monte-Carlo error (3 SEs: 0.4%–9.6%
  // over 400 replicates). Checks the statistics themselves, in both directions.
  it("with exchangeable observations and simulations every test rejects at the nominal rate", () => {
    // R = 199: DHARMa's two-sided p = 2 min(#{s* ≤ s}, #{s* ≥ s})/R is < 0.05 exactly when the
    // observed summary ranks among the 5 lowest or highest of 200, i.e. at rate 5.0% (with
    // R = 49 it would be 8%: see the caveat in src/influence/dharma.ts).
    const r = exchangeableRates(400, 40, 199, 99);
    for (const v of [r.uniformity, r.dispersion]) {
      expect(v).toBeGreaterThanOrEqual(0.004);
      expect(v).toBeLessThanOrEqual(0.096);
    }
    // Discrete statistics (counts) can only be conservative.
    for (const v of [r.outliers, r.zeroInflation]) expect(v).toBeLessThanOrEqual(0.096);
  });

  // Seeded simulation study (test/influence/dharmaStudy.ts; the full study is bench/dharma-study.ts).
  // Correct model: 200 poisson GLMM data sets (6 groups × 5), 50 simulations each; every test
  // must reject at ≤ 5% + 2 Monte-Carlo SEs (√(.05·.95/200) = 1.5%), i.e. ≤ 8.1%.
  it("a correct poisson GLMM is not rejected beyond the nominal rate (200 seeded data sets)", () => {
    const r = runStudy({ datasets: 200, groups: 6, perGroup: 5, nsim: 50, shape: Infinity, seed: 11 });
    expect(r.datasets).toBeGreaterThanOrEqual(195);
    for (const v of Object.values(r.rate)) expect(v).toBeLessThanOrEqual(0.081);
  }, 60000);

  // Over-dispersed (gamma-poisson mixture, Var = μ + μ², 10 groups × 10): simulations
  // conditional on the fitted random effects (DHARMa's advice for mixed models) reject most of
  // the time; marginal ones have less power (bench/dharma-study.ts reports both).
  it("over-dispersed counts are rejected by the dispersion test most of the time", () => {
    const r = runStudy({ datasets: 30, groups: 10, perGroup: 10, nsim: 100, shape: 1, seed: 12, reForm: "conditional" });
    expect(r.rate.dispersion).toBeGreaterThanOrEqual(0.8);
  }, 60000);

  it("refuses nsim < 2, unknown alternatives and non-results", () => {
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
    expect(() => simulateResiduals(m, { nsim: 0 })).toThrow(LmeError);
    const res = simulateResiduals(m, { nsim: 20, seed: 1 });
    expect(() => testUniformity(res, { alternative: "bigger" as never })).toThrow(/alternative must be/);
    expect(() => testZeroInflation({} as never)).toThrow(/expected the result of simulateResiduals/);
  });

  it("plots: the scaled-residual plots carry the test results", () => {
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
    const res = simulateResiduals(m, { nsim: 40, seed: 2 });
    const qq = plots.dharmaQQ(res).toSpec() as unknown as { title: { subtitle: string[] } };
    expect(qq.title.subtitle.join("\n")).toMatch(/KS uniformity: D = .*\n.*dispersion: ratioObsSim = .*\n.*outliers/);
    const both = plots.dharma(res).toSpec() as unknown as { hconcat: unknown[] };
    expect(both.hconcat).toHaveLength(2);
  });
});
