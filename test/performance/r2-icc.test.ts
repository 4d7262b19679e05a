/**
 * r2() and icc() against R's performance 0.10.2 (insight 0.19.0) on the fixtures of
 * scripts/analysis-refs.R: LMMs with random slopes and factor × factor / factor × covariate
 * interactions, binomial logit and probit GLMMs, poisson GLMMs with an observation-level term and
 * with an offset (lognormal approximation from a refitted null model).
 *
 * Tolerances: the variance components and R²/ICC to 1e-4 relative for LMMs (the estimates agree
 * with lme4's to ~1e-6), 2e-3 relative for GLMMs (θ and β agree with lme4's to ~1e-3 of an SE; the
 * poisson distribution-specific variance also carries the null model's refit).
 */
import { describe, expect, it } from "vitest";
import { r2, icc, varianceDecomposition } from "../../src/performance/index.js";
import "../../src/display/recordsText.js";
import { analysisRefs, fitOf } from "../tidy/analysis-refs.js";

const close = (a: number, b: number | null, rel: number) => {
  if (b === null) return expect(Number.isNaN(a) || a === 0).toBe(true);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-8));
};

describe("r2 and icc agree with performance", () => {
  it("has the fixtures", () => expect(analysisRefs.length).toBeGreaterThanOrEqual(9));
  for (const ref of analysisRefs) {
    it(ref.id, () => {
      const m = fitOf(ref);
      const tol = ref.call.family ? 2e-3 : 1e-4;
      const v = varianceDecomposition(m);
      close(v.fixed, ref.variances.fixed, tol);
      close(v.random, ref.variances.random, tol);
      close(v.distribution, ref.variances.distribution, tol);
      close(v.dispersion, ref.variances.dispersion ?? 0, tol);
      close(v.residual, ref.variances.residual, tol);
      const r = r2(m), c = icc(m);
      close(r.conditional, ref.r2.conditional, tol);
      close(r.marginal, ref.r2.marginal, tol);
      close(c.adjusted, ref.icc.adjusted, tol);
      close(c.unadjusted, ref.icc.unadjusted, tol);
      expect(String(r)).toMatch(/Conditional R2/);
      expect((c as any)[Symbol.for("jupyter.mimebundle")]()["text/html"]).toMatch(/<table/);
    });
  }
  it("refuses what is not a model", () => {
    expect(() => r2({} as never)).toThrow(/needs a model fitted by lmer\(\) or glmer\(\)/);
  });
});
