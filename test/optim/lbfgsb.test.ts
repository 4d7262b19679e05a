/**
 * The L-BFGS-B-style optimizer (src/optim/lbfgsb.ts) on standard functions (Rosenbrock, a bounded
 * quadratic whose optimum sits on a bound) and as lmer's optimizer against BOBYQA's optimum
 * (criterion to 1e-6 absolute, θ to 2e-3), plus lmerControl as lmer's `control`.
 */
import { describe, expect, it } from "vitest";
import { lbfgsb, lmer, glmer, lmerControl, glmerControl, binomial, datasets, LmeError } from "../../src/index.js";

describe("lbfgsb", () => {
  it("minimizes Rosenbrock from (−1.2, 1)", () => {
    const r = lbfgsb((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { maxfun: 20000 });
    expect(r.code).toBe(0);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(2e-3);
  });
  it("stops on the bound of a quadratic whose free minimum is outside the box", () => {
    const r = lbfgsb((x) => (x[0] + 1) ** 2 + (x[1] - 2) ** 2 + 0.5 * x[0] * x[1], [1, 1], { lower: [0, 0], upper: [5, 1.5] });
    expect(r.x[0]).toBe(0);
    expect(r.x[1]).toBe(1.5);
  });
  it("interior optimum of a 4-d convex quadratic", () => {
    const c = [1, -2, 3, 0.5];
    const r = lbfgsb((x) => x.reduce((s, v, i) => s + (i + 1) * (v - c[i]) ** 2, 0), [0, 0, 0, 0]);
    r.x.forEach((v, i) => expect(Math.abs(v - c[i])).toBeLessThan(1e-5));
  });
});

describe("lmer and glmer with control = lmerControl({ optimizer: 'L-BFGS-B' })", () => {
  const d = datasets.sleepstudy();
  const f = "Reaction ~ Days + (Days | Subject)";
  const ref = lmer(f, d);
  it("reaches BOBYQA's optimum on sleepstudy", () => {
    const m = lmer(f, d, { control: lmerControl({ optimizer: "L-BFGS-B" }) });
    expect(m.optinfo.optimizer).toBe("L-BFGS-B");
    expect(Math.abs(m.criterion - ref.criterion)).toBeLessThan(1e-6);
    ref.theta.forEach((v, i) => expect(Math.abs(m.theta[i] - v)).toBeLessThan(2e-3));
  });
  it("Nelder_Mead (lme4's spelling) and minqa agree with bobyqa", () => {
    for (const optimizer of ["Nelder_Mead", "minqa"] as const) {
      const m = lmer(f, d, { control: lmerControl({ optimizer }) });
      expect(Math.abs(m.criterion - ref.criterion)).toBeLessThan(1e-6);
    }
  });
  it("optCtrl.maxfun limits the evaluations; checkConv: false silences the check", () => {
    const m = lmer(f, d, { control: lmerControl({ optCtrl: { maxfun: 10 }, checkConv: false }) });
    expect(m.optinfo.feval).toBeLessThanOrEqual(10);
    expect(m.optinfo.returnCode).toBe(1);
    expect(m.optinfo.warnings).toEqual([]);
  });
  it("a tiny checkConv tolerance makes the gradient check speak", () => {
    const m = lmer(f, d, { control: lmerControl({ checkConv: { tol: 1e-12 } }) });
    expect(m.warnings.some((w) => /failed to converge/.test(w))).toBe(true);
  });
  it("checkNlevGtrNobs: false lets a factor with one level per observation through", () => {
    const d2 = { y: [1, 3, 2, 5, 4, 6], x: [1, 2, 3, 4, 5, 6], g: ["a", "b", "c", "d", "e", "f"] };
    expect(() => lmer("y ~ x + (1 | g)", d2)).toThrow(LmeError);
    expect(() => lmer("y ~ x + (1 | g)", d2, { control: lmerControl({ checkNlevGtrNobs: false }) })).not.toThrow();
  });
  it("glmerControl on cbpp: L-BFGS-B reaches the same deviance", () => {
    const c = datasets.cbpp(), gf = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    const g0 = glmer(gf, c, { family: binomial() });
    const g1 = glmer(gf, c, { family: binomial(), control: glmerControl({ optimizer: "L-BFGS-B" }) });
    expect(Math.abs(g1.logLik() - g0.logLik())).toBeLessThan(1e-4);
  });
  it("refuses unknown controls and optimizers, naming them", () => {
    expect(() => lmerControl({ optimizer: "nlminb" as never })).toThrow(/optimizer/);
    expect(() => lmerControl({ optCtrl: { maxit: 5 } as never })).toThrow(/maxit/);
    expect(() => lmer(f, d, { control: { optimizer: "bobyqa" } as never })).toThrow(/lmerControl/);
  });
});
