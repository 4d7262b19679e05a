import { describe, expect, it } from "vitest";
import { bwNrd0, ecdfAt, kernelDensity, ppCheck, scaledResiduals, scaledResidualsQQ } from "../../src/display/vegalite/index.js";
import { check } from "./schema.js";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("observed vs simulated checks", () => {
  it("bwNrd0 matches R's bw.nrd0", () => {
    // R: bw.nrd0(c(1, 2, 3, 4, 10)) = 0.9 * min(sd, IQR/1.34) * 5^-0.2 with IQR = 2
    const x = [1, 2, 3, 4, 10], m = 4, sd = Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / 4);
    expect(bwNrd0(x)).toBeCloseTo(0.9 * Math.min(sd, 2 / 1.34) * 5 ** -0.2, 14);
    expect(bwNrd0([3, 3, 3])).toBeCloseTo(0.9 * 3 * 3 ** -0.2, 14); // spread 0: falls back to |x1|
    expect(() => bwNrd0([1])).toThrow(/at least 2/);
  });

  it("kernel density integrates to 1 and ecdf counts ≤ t", () => {
    const x = [0, 1, 1, 2, 5];
    const grid = Array.from({ length: 2001 }, (_, i) => -5 + (15 * i) / 2000);
    const f = kernelDensity(x, grid, 0.7);
    const integral = f.reduce((s, v) => s + v, 0) * (15 / 2000);
    expect(integral).toBeCloseTo(1, 3);
    expect(Array.from(ecdfAt(x, [-1, 0, 1, 1.5, 5, 6]))).toEqual([0, 0.2, 0.6, 0.6, 1, 1]);
  });

  it("ppCheck: observed and simulated curves on one grid, valid spec", async () => {
    const rnd = lcg(1);
    const observed = Array.from({ length: 30 }, () => Math.floor(rnd() * 6));
    const simulated = Array.from({ length: 5 }, () => Array.from({ length: 30 }, () => Math.floor(rnd() * 6)));
    for (const type of ["density", "ecdf"] as const) {
      const spec = ppCheck({ observed, simulated }, { type, gridSize: 50 });
      const vals = (spec.toSpec() as { data: { values: { kind: string; replicate: number; x: number; y: number }[] } }).data.values;
      const obs = vals.filter((v) => v.kind === "observed"), sim = vals.filter((v) => v.kind === "simulated");
      expect(sim.length).toBe(5 * obs.length);
      expect(new Set(sim.map((v) => v.replicate)).size).toBe(5);
      if (type === "ecdf") {
        expect(obs[obs.length - 1].y).toBe(1);
        expect(obs.map((v) => v.x)).toContain(3); // steps at the data values
      }
      const { schemaErrors, warnings, svg } = await check(spec);
      expect(schemaErrors).toEqual([]);
      expect(warnings).toEqual([]);
      expect(svg).toMatch(/mark-line/);
    }
    expect(() => ppCheck({ observed, simulated: [] })).toThrow(/no simulated replicates/);
  });

  it("scaled residuals: randomised PIT, uniform under the model", async () => {
    // y = 2 with simulated values 1, 2, 2, 3: 1 below, 2 ties → (1 + u·3)/5
    const r = scaledResiduals({ observed: [2], simulated: [[1], [2], [2], [3]] }, () => 0.5);
    expect(r[0]).toBeCloseTo((1 + 1.5) / 5, 14);
    const rnd = lcg(7), n = 400, R = 99;
    const pois = (l: number) => { let k = 0, p = Math.exp(-l), s = p; const u = rnd(); while (u > s) { k++; p *= l / k; s += p; } return k; };
    const observed = Array.from({ length: n }, () => pois(3));
    const simulated = Array.from({ length: R }, () => Array.from({ length: n }, () => pois(3)));
    const res = scaledResiduals({ observed, simulated }, rnd);
    const mean = res.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(res.filter((v) => v < 0.25).length / n).toBeGreaterThan(0.18);
    expect(res.filter((v) => v < 0.25).length / n).toBeLessThan(0.32);
    expect(() => scaledResiduals({ observed: [1, 2], simulated: [[1]] })).toThrow(/replicate 1/);
    const { schemaErrors, warnings, svg } = await check(scaledResidualsQQ(res));
    expect(schemaErrors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(svg).toMatch(/mark-symbol/);
  });
});
