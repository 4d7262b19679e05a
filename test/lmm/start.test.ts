/** lmer's `start` (θ): used as the optimizer's start, and checked like glmer's start.theta. */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { refData } from "./reference.js";

describe("lmer start values", () => {
  const ss = refData("sleepstudy");
  const F = "Reaction ~ Days + (Days | Subject)";
  it("a start at the optimum reaches the same REML criterion", () => {
    const m = lmer(F, ss);
    const r = lmer(F, ss, { start: m.theta });
    expect(Math.abs(r.criterion - m.criterion)).toBeLessThan(1e-6);
  });
  it("rejects a wrong length, a non-finite value and a value outside its bounds, naming the parameter", () => {
    expect(() => lmer(F, ss, { start: [1, 0] })).toThrow(/start has 2 values but the model has 3 θ parameters \(Subject\.\(Intercept\), Subject\.Days\.\(Intercept\), Subject\.Days\)/);
    expect(() => lmer(F, ss, { start: [1, NaN, 1] })).toThrow(/start value 2 \(Subject\.Days\.\(Intercept\)\) is NaN/);
    expect(() => lmer(F, ss, { start: [-0.5, 0, 1] })).toThrow(/start value 1 \(Subject\.\(Intercept\)\) = -0\.5 is outside its bounds \[0, Infinity\]/);
  });
});
