import { describe, it, expect } from "vitest";
import { influence, dfbeta, dfbetas, cooksDistance, plots, LmeError } from "../../src/index.js";
import { fixture, models } from "./fixtures.js";
import { lmer } from "../../src/index.js";

function maxAbs(a: readonly ArrayLike<number>[], b: readonly number[][]): number {
  let m = 0;
  b.forEach((row, j) => row.forEach((v, k) => (m = Math.max(m, Math.abs(a[j][k] - v)))));
  return m;
}

describe("influence(m, { groups }) against lme4 1.1-31's influence.merMod", () => {
  it("cake LMM, factor × factor interaction, groups = replicate (15 refits)", async () => {
    const fx = fixture("cake_interaction"), m = models.cake_interaction();
    const progress: number[] = [];
    const infl = await influence(m, { groups: "replicate", workers: 0, onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(infl.deleted).toEqual(fx.influence.deleted);
    expect(infl.fixedNames).toEqual(fx.influence.fixedNames);
    expect(infl.varcompNames).toEqual(fx.influence.varcompNames);
    // Deleted fits: β to 1e-6 absolute (|β| ≤ 40, REML optimum to ~1e-7 in θ), variance components 1e-4 relative.
    expect(maxAbs(infl.fixedDeleted, fx.influence.fixedDeleted)).toBeLessThan(1e-6 * 40);
    infl.varcompDeleted.forEach((r, j) => r.forEach((v, k) => expect(Math.abs(v / fx.influence.varcompDeleted[j][k] - 1)).toBeLessThan(1e-4)));
    expect(maxAbs(dfbeta(infl).values, fx.influence.dfbeta)).toBeLessThan(1e-6 * 40);
    expect(maxAbs(dfbetas(infl).values, fx.influence.dfbetas)).toBeLessThan(1e-5);
    const cd = cooksDistance(infl);
    cd.forEach((v, j) => expect(Math.abs(v - fx.influence.cooks[j])).toBeLessThan(1e-5 * Math.abs(fx.influence.cooks[j]) + 1e-8));
    // n = 15 units < p = 18: lme4's factor (n − p)/(n p) makes the distances negative; we say so.
    expect(infl.warnings.join()).toMatch(/n = 15 deleted units and p = 18/);
  });

  it("cake LMM with prior weights: the weights follow the rows kept", async () => {
    const fx = fixture("cake_weighted"), m = models.cake_weighted();
    const infl = await influence(m, { groups: "replicate", workers: 0 });
    // β to 1e-6 absolute (|β| ≤ 40), Cook's distances and variance components to 1e-4 relative.
    expect(maxAbs(infl.fixedDeleted, fx.influence.fixedDeleted)).toBeLessThan(1e-6 * 40);
    cooksDistance(infl).forEach((v, j) => expect(Math.abs(v / fx.influence.cooks[j] - 1)).toBeLessThan(1e-4));
    infl.varcompDeleted.forEach((r, j) => r.forEach((v, k) => expect(Math.abs(v / fx.influence.varcompDeleted[j][k] - 1)).toBeLessThan(1e-4)));
  });

  it("cbpp binomial GLMM, groups = herd: 1 and 2 workers give the same result", async () => {
    const fx = fixture("cbpp_binomial"), m = models.cbpp_binomial();
    const one = await influence(m, { groups: "herd", workers: 1 });
    const two = await influence(m, { groups: "herd", workers: 2 });
    expect(two.fixedDeleted.map((r) => Array.from(r))).toEqual(one.fixedDeleted.map((r) => Array.from(r)));
    expect(two.varcompDeleted.map((r) => Array.from(r))).toEqual(one.varcompDeleted.map((r) => Array.from(r)));
    expect(one.deleted).toEqual(fx.influence.deleted);
    // GLMM refits (Laplace, BOBYQA from (θ̂, β̂)): β to 2e-4 absolute, dfbetas 1e-3, Cook's 1e-3 relative.
    expect(maxAbs(one.fixedDeleted, fx.influence.fixedDeleted)).toBeLessThan(2e-4);
    expect(maxAbs(dfbetas(one).values, fx.influence.dfbetas)).toBeLessThan(1e-3);
    const cd = cooksDistance(one);
    cd.forEach((v, j) => expect(Math.abs(v - fx.influence.cooks[j])).toBeLessThan(1e-3 * Math.abs(fx.influence.cooks[j]) + 1e-6));
    one.varcompDeleted.forEach((r, j) => expect(Math.abs(r[1] - fx.influence.varcompDeleted[j][1])).toBeLessThan(1e-3 * fx.influence.varcompDeleted[j][1] + 1e-5));
  }, 60000);

  it("without groups: one refit per observation (Dyestuff, 30 refits); dfbetas where lme4's fails for p = 1", async () => {
    const fx = fixture("dyestuff_cases"), m = models.dyestuff_cases();
    const infl = await influence(m, { workers: 0 });
    expect(infl.groups).toBe("case");
    expect(infl.deleted).toEqual(fx.influence.deleted);
    // β (the mean, ~1500) to 1e-6 relative; Cook's distances to 1e-4 relative; σ² and the batch variance to 1e-4 relative.
    infl.fixedDeleted.forEach((r, j) => expect(Math.abs(r[0] / fx.influence.fixedDeleted[j][0] - 1)).toBeLessThan(1e-6));
    const cd = cooksDistance(infl);
    cd.forEach((v, j) => expect(Math.abs(v - fx.influence.cooks[j])).toBeLessThan(1e-4 * fx.influence.cooks[j] + 1e-9));
    infl.varcompDeleted.forEach((r, j) => r.forEach((v, k) => expect(Math.abs(v / fx.influence.varcompDeleted[j][k] - 1)).toBeLessThan(1e-4)));
    // lme4 1.1-31's dfbetas stops with "non-conformable arrays" for a single fixed effect; ours is Δβ / SE₍₋ⱼ₎.
    const d = dfbetas(infl).values;
    expect(d[0][0]).toBeCloseTo(dfbeta(infl).values[0][0] / Math.sqrt(infl.vcovDeleted[0][0]), 12);
    expect(String(infl)).toMatch(/Influence: 30 refits, each without one case/);
    expect(String(dfbetas(infl))).toMatch(/^dfbetas per deleted case\n\ncase +\(Intercept\)/);
    const spec = plots.cooksDistance(infl).toSpec() as unknown as { data: { values: { unit: string; cooks: number }[] } };
    expect(spec.data.values).toHaveLength(30);
    expect(spec.data.values[0].cooks).toBeCloseTo(cd[0], 12);
    const lev = plots.leverage(m).toSpec() as unknown as { data: { values: { leverage: number }[] } };
    expect(lev.data.values[0].leverage).toBeCloseTo(fx.hatvalues[0], 5); // hat values to 1e-5 (θ̂ agrees to ~1e-6)
  });

  it("a refit that cannot be fitted is named, in this thread and on workers", async () => {
    const y = [9.1, 10.2, 11.8, 9.7, 12.9, 13.4, 14.1, 12.2, 15.0, 16.3, 13.8, 14.9];
    const data = { y, x: y.map((_, i) => i % 4), g: y.map((_, i) => (i < 6 ? "a" : "b")), h: y.map((_, i) => `h${i % 3}`) };
    const m = lmer("y ~ x + (1 | g)", data);
    const pattern = /influence\(\): the refit without g = "[ab]" failed: .*grouping factor/i;
    await expect(influence(m, { groups: "g", workers: 0 })).rejects.toThrow(pattern);
    await expect(influence(m, { groups: "g", workers: 2 })).rejects.toThrow(pattern);
    // several columns: their interaction, labelled "a.h0", in order of first appearance
    const infl = await influence(lmer("y ~ x + (1 | h)", data), { groups: ["g", "h"], workers: 0 });
    expect(infl.groups).toBe("g.h");
    expect(infl.deleted).toEqual(["a.h0", "a.h1", "a.h2", "b.h0", "b.h1", "b.h2"]);
  }, 30000);

  it("refuses groups naming nothing", async () => {
    const m = models.cbpp_binomial();
    await expect(influence(m, { groups: "farm" })).rejects.toThrow(LmeError);
    await expect(influence(m, { groups: "farm" })).rejects.toThrow(/groups "farm" is not a column/);
  });
});
