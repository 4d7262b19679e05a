import { describe, it, expect } from "vitest";
import { hatvalues, cooksDistance } from "../../src/index.js";
import { fixture, models } from "./fixtures.js";

/** Largest relative difference, with |R value| floored at `floor`. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-8): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return m;
}

describe("hatvalues and model-based Cook's distance against lme4 1.1-31", () => {
  // Tolerances: the estimates agree with lme4's to ~1e-5 relative (optimizer tolerance); the hat
  // values and Cook's distances are smooth in them, so 1e-3 relative (LMM: 1e-5).
  for (const [id, tol] of [["cake_interaction", 1e-5], ["cake_weighted", 1e-5], ["dyestuff_cases", 1e-5], ["cbpp_binomial", 1e-3], ["grouseticks_poisson", 2e-3]] as const) {
    it(id, () => {
      const fx = fixture(id), m = models[id]();
      const h = hatvalues(m);
      expect(h.length).toBe(fx.hatvalues.length);
      expect(relDiff(h, fx.hatvalues)).toBeLessThan(tol);
      // Cook's distances ∝ residual², so small ones carry the residuals' relative error squared:
      // compared relative to the largest distance, at 10 × the hat-value tolerance.
      const cd = cooksDistance(m), top = Math.max(...fx.cooksModel.map(Math.abs));
      expect(Math.max(...fx.cooksModel.map((v, i) => Math.abs(cd[i] - v))) / top).toBeLessThan(tol * 10);
    });
  }
});
