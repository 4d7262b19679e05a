import { describe, expect, it } from "vitest";
import { binResiduals, binnedResiduals, defaultBinCount } from "../../src/display/vegalite/index.js";
import { check } from "./schema.js";

// Deterministic binary-ish data: 40 observations, fitted probabilities 0.05 … 0.95.
const n = 40;
const fitted = Float64Array.from({ length: n }, (_, i) => 0.05 + (0.9 * i) / (n - 1));
const observed = Float64Array.from({ length: n }, (_, i) => ((i * 7) % 10 < fitted[i] * 10 ? 1 : 0));

describe("binned residuals", () => {
  it("uses arm::binnedplot's default number of bins", () => {
    expect(defaultBinCount(1934)).toBe(43);
    expect(defaultBinCount(100)).toBe(10);
    expect(defaultBinCount(56)).toBe(10);
    expect(defaultBinCount(8)).toBe(4);
    expect(defaultBinCount(1)).toBe(1);
  });

  it("bins by sorted fitted value, with nearly equal sizes and exact weighted means", () => {
    const shuffled = Array.from({ length: n }, (_, i) => (i * 17) % n); // a permutation
    const bins = binResiduals({ fitted: shuffled.map((i) => fitted[i]), observed: shuffled.map((i) => observed[i]) }, { bins: 6 });
    expect(bins.map((b) => b.n)).toEqual([6, 7, 7, 6, 7, 7]);
    expect(bins.reduce((s, b) => s + b.n, 0)).toBe(n);
    for (let k = 1; k < bins.length; k++) expect(bins[k].fittedMin).toBeGreaterThanOrEqual(bins[k - 1].fittedMax);
    // bin 1 = sorted observations 0..5
    const mu = Array.from(fitted.subarray(0, 6)), y = Array.from(observed.subarray(0, 6));
    const mr = y.reduce((s, v, i) => s + v - mu[i], 0) / 6;
    expect(bins[0].residual).toBeCloseTo(mr, 14);
    expect(bins[0].se).toBeCloseTo(Math.sqrt(mu.reduce((s, m) => s + m * (1 - m), 0)) / 6, 14);
    expect(bins[0].upper).toBeCloseTo(2 * bins[0].se, 14);
    expect(bins[0].outside).toBe(Math.abs(mr) > 2 * bins[0].se);
  });

  it("weights by binomial trials and drops unusable rows", () => {
    const bins = binResiduals({ fitted: [0.2, 0.4, NaN, 0.3], observed: [0.5, 0.25, 1, 0], weights: [2, 4, 1, 0] }, { bins: 1 });
    expect(bins).toHaveLength(1);
    expect(bins[0].n).toBe(2);
    expect(bins[0].trials).toBe(6);
    expect(bins[0].residual).toBeCloseTo((2 * 0.3 + 4 * -0.15) / 6, 14);
    expect(bins[0].se).toBeCloseTo(Math.sqrt(2 * 0.16 + 4 * 0.24) / 6, 14);
  });

  it("empirical band is arm's sd/√n", () => {
    const bins = binResiduals({ fitted: [0.1, 0.2, 0.3, 0.4], observed: [0, 1, 0, 1] }, { bins: 1, band: "empirical" });
    const r = [-0.1, 0.8, -0.3, 0.6], m = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((s, v) => s + (v - m) ** 2, 0) / 3);
    expect(bins[0].se).toBeCloseTo(sd / 2, 14);
  });

  it("rejects columns of unequal length, naming them", () => {
    expect(() => binResiduals({ fitted: [0.1, 0.2], observed: [1] })).toThrow(/observed/);
  });

  it("builds a valid spec that renders band, zero line and points", async () => {
    const spec = binnedResiduals({ fitted, observed }, { bins: 8 });
    const { schemaErrors, warnings, svg } = await check(spec);
    expect(schemaErrors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(svg).toMatch(/mark-area/);
    expect(svg).toMatch(/mark-rule/);
    expect(svg).toMatch(/mark-symbol/);
    expect((spec.toSpec() as { data: { values: unknown[] } }).data.values).toHaveLength(8);
  });
});
