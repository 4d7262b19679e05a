/**
 * The profiled objective at lme4's θ̂ reproduces lme4's criterion (REMLcrit or deviance) and the
 * PLS solution at that θ reproduces lme4's β̂ and σ̂ — independently of any optimizer.
 * Tolerances: criterion 1e-6 absolute (θ̂ is given to 15 digits); β 1e-6 SE; σ 1e-6 relative.
 */
import { describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor, updateFactor, pwrss } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { plsSolve } from "../../src/lmm/solution.js";
import { referenceCases, refData } from "./reference.js";

const cases = referenceCases((r) => !r.call.family && r.id !== "insteval_crossed");

describe("profiled objective at lme4's θ̂", () => {
  for (const ref of cases) {
    it(ref.id, () => {
      const input = buildInput(ref.call.formula, refData(ref.data), { weights: ref.call.weights ?? null });
      const REML = ref.call.REML !== false;
      const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
      const f = allocFactor(cp, input.terms);
      const theta = Float64Array.from(ref.fit.theta as number[]);
      const obj = lmmObjective(f, theta, REML);
      const want = REML ? ref.fit.REMLcrit : -2 * ref.fit.logLik;
      expect(Math.abs(obj - want)).toBeLessThan(1e-6);
      updateFactor(f, theta);
      const sol = plsSolve(f);
      Object.values(ref.fit.fixef as Record<string, number>).forEach((b, i) =>
        expect(Math.abs(sol.beta[i] - b)).toBeLessThan(1e-6 * Object.values(ref.fit.se as Record<string, number>)[i]),
      );
      const sigma = Math.sqrt(pwrss(f) / (REML ? cp.n - cp.p : cp.n));
      expect(Math.abs(sigma / ref.fit.sigma - 1)).toBeLessThan(1e-6);
    });
  }
});
