import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { ksUniform, binomTestP, type Alternative } from "../../src/influence/htest.js";

interface Fx {
  ks: { x: number[]; alternative: Alternative; statistic: number; p: number }[];
  binom: { x: number; n: number; p0: number; alternative: Alternative; p: number }[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/influence/dharma-tests.json", import.meta.url), "utf8")) as Fx;

describe("ks.test(x, 'punif') and binom.test as R 4.2 (scripts/dharma-refs.R)", () => {
  it("Kolmogorov–Smirnov statistic to 1e-12, p-value to 1e-6 relative (R's pkstwo tolerance)", () => {
    for (const c of fx.ks) {
      const r = ksUniform(c.x, c.alternative);
      expect(Math.abs(r.statistic - c.statistic)).toBeLessThan(1e-12);
      expect(Math.abs(r.p - c.p)).toBeLessThan(1e-6 * Math.max(c.p, 1e-3));
    }
  });
  it("binomial test p-values to 1e-10 relative", () => {
    for (const c of fx.binom) expect(Math.abs(binomTestP(c.x, c.n, c.p0, c.alternative) - c.p)).toBeLessThan(1e-10 * Math.max(c.p, 1e-10));
  });
});
