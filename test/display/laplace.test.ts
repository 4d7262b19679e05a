/**
 * plots.laplaceIntegrands and plots.tz: the data they draw from a conditionalDensities result and
 * the levels they choose. (Schema validity, tooltips and display: test/display/chart.test.ts, which
 * already pays for compiling the Vega-Lite schema.)
 */
import { describe, expect, it } from "vitest";
import { datasets, glmer, conditionalDensities, LmeError } from "../../src/index.js";
import { laplaceIntegrands, tz } from "../../src/display/vegalite/index.js";

type Spec = { data: { values: { level: string; z: number; series: string; y: number }[] }; facet: { sort: string[] }; title: { subtitle?: string }; spec: { encoding: { y: { scale?: { domain: number[] } } } } };

describe("integrand plots", () => {
  const gm = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
  const cd = conditionalDensities(gm, { z: Array.from({ length: 25 }, (_, i) => -3 + i / 4) });

  it("laplaceIntegrands: density, AGQ(3) and N(0,1) per herd", () => {
    const chart = laplaceIntegrands(cd);
    const s = chart.toSpec() as unknown as Spec;
    expect(s.facet.sort).toHaveLength(15); // 15 herds ≤ maxLevels: all, in factor order
    expect(s.facet.sort[0]).toBe("1");
    const v = s.data.values, h1 = v.filter((r) => r.level === "1");
    expect(new Set(v.map((r) => r.series))).toEqual(new Set(["conditional density", "AGQ(3)", "N(0,1)"]));
    const row = cd.rows.find((r) => r.level === "1" && r.z === 2)!;
    expect(h1.find((r) => r.z === 2 && r.series === "conditional density")!.y).toBe(row.density);
    expect(h1.find((r) => r.z === 2 && r.series === "N(0,1)")!.y).toBeCloseTo(Math.exp(-2) / Math.sqrt(2 * Math.PI), 15);
  });

  it("tz: chosen levels, y-axis truncation, worst levels when there are too many", () => {
    const chart = tz(cd, { levels: ["3", "14"], yDomain: [0.5, 1.5] });
    const s = chart.toSpec() as unknown as Spec;
    expect(s.facet.sort).toEqual(["3", "14"]);
    expect(s.spec.encoding.y.scale!.domain).toEqual([0.5, 1.5]);
    const t = s.data.values.filter((r) => r.series === "t(z)");
    expect(t).toHaveLength(50);
    expect(s.data.values.filter((r) => r.series === "Laplace (t = 1)").every((r) => r.y === 1)).toBe(true);
    const worst = tz(cd, { maxLevels: 4 }).toSpec() as unknown as Spec;
    const bad = (l: string) => { const x = cd.levels.find((y) => y.level === l)!; return Math.max(Math.abs(Math.log(x.tMax)), Math.abs(Math.log(x.tMin))); };
    const chosen = worst.facet.sort.map(bad), others = cd.levels.map((l) => l.level).filter((l) => !worst.facet.sort.includes(l)).map(bad);
    expect(chosen).toHaveLength(4);
    expect(Math.min(...chosen)).toBeGreaterThanOrEqual(Math.max(...others));
    expect(worst.title.subtitle).toMatch(/4 of 15/);
  });

  it("refuses what is not a conditionalDensities result, unknown levels and bad options with LmeError", () => {
    for (const bad of [42, null, "x", {}, []]) expect(() => tz(bad as never)).toThrow(LmeError);
    expect(() => laplaceIntegrands(cd, { levels: ["nope"] })).toThrow(/not a level of herd/);
    expect(() => tz(cd, { yDomain: [2, 1] })).toThrow(/yDomain/);
    expect(() => tz(cd, { colums: 3 } as never)).toThrow(LmeError);
  });
});
