import { describe, expect, it } from "vitest";
import { NELDER_MEAD_OPTIONS, nelderMead } from "../../src/optim/index.js";
import { cases, rosen } from "./functions.js";

const byName = (name: string) => cases.find((c) => c.name === name)!;

describe("nelderMead (lme4's bounded Nelder_Mead)", () => {
  // [name, tolerance on x, tolerance on f, max evaluations]; lme4's default xt = 1e-5.
  const table: [string, number, number, number][] = [
    ["rosenbrock2", 1e-4, 1e-9, 400],
    ["rosenbrock4", 1e-4, 1e-9, 1500],
    ["beale", 1e-4, 1e-9, 300],
    ["powellSingular", 5e-3, 1e-8, 2000],
    ["box3", 1e-4, 1e-10, 1000],
    ["boundQuadratic", 1e-4, 1e-8, 400],
    ["startOnBound", 1e-4, 1e-8, 300],
  ];
  for (const [name, xtol, ftol, maxEvals] of table) {
    it(`${name}: minimizer, minimum, evaluations`, () => {
      const c = byName(name);
      const r = nelderMead(c.f, c.x0, { lower: c.lower, upper: c.upper });
      expect(r.converged).toBe(true);
      expect(r.optimizer).toBe("nelder_mead");
      expect(Math.abs(r.fval - c.fstar)).toBeLessThan(ftol);
      c.xstar!.forEach((v, i) => expect(Math.abs(r.x[i] - v)).toBeLessThan(xtol));
      expect(r.feval).toBeLessThan(maxEvals);
      expect(r.fval).toBe(c.f(r.x));
    });
  }

  it("lme4's documented example: Rosenbrock from (-1.2, 1) agrees with optim() to 1e-3", () => {
    const r = nelderMead(rosen, [-1.2, 1], NELDER_MEAD_OPTIONS);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-3);
  });

  it("pins trial points to the bounds and returns the bound exactly", () => {
    const lower = [0, 0];
    let outside = 0;
    const r = nelderMead((x) => (x[0] + 1) ** 2 + (x[1] - 0.5) ** 2, [0.3, 0.3], {
      lower,
      onEval: (x) => x.forEach((v, i) => (outside += v < lower[i] ? 1 : 0)),
    });
    expect(outside).toBe(0);
    expect(r.x[0]).toBe(0);
    expect(Math.abs(r.x[1] - 0.5)).toBeLessThan(1e-4);
  });

  it("reaches the singular fit θ1 ≈ 0 on the mixed-model-like deviance", () => {
    const c = byName("mixedSingular");
    const r = nelderMead(c.f, [1, 1], { lower: [0, 0] });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeLessThan(1e-4);
  });

  it("honours per-coordinate steps and a looser xtolAbs (fewer evaluations)", () => {
    const tight = nelderMead(rosen, [-1.2, 1]);
    const loose = nelderMead(rosen, [-1.2, 1], { steps: [0.1, 0.1], xtolAbs: 1e-3 });
    expect(loose.feval).toBeLessThan(tight.feval);
    expect(loose.fval).toBeLessThan(1e-3);
  });

  it("stops on ftolAbs when asked", () => {
    const r = nelderMead(rosen, [-1.2, 1], { ftolAbs: 1e-3 });
    expect(r.converged).toBe(true);
    expect(r.message).toMatch(/ftolAbs/);
  });

  it("reports the budget as failure to converge", () => {
    const r = nelderMead(rosen, [-1.2, 1], { maxfun: 30 });
    expect(r.feval).toBe(30);
    expect(r.code).toBe(1);
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/failure to converge in 30 evaluations/);
  });
});
