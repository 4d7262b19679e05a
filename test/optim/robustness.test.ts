import { describe, expect, it } from "vitest";
import { LmeError } from "../../src/messages/error.js";
import { bobyqa, defaultStep, nelderMead } from "../../src/optim/index.js";
import { rosen } from "./functions.js";

describe("one-dimensional problems (bobyqa's n = 1 path)", () => {
  it("interior minimum", () => {
    const r = bobyqa((t) => Math.cosh(t[0] - 2.5) + 1, [1], { lower: [0] });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 2.5)).toBeLessThan(1e-5);
    expect(r.feval).toBeLessThan(60);
  });

  it("minimum on the lower bound is returned exactly", () => {
    const r = bobyqa((t) => (t[0] + 2) ** 2, [1], { lower: [0] });
    expect(r.x[0]).toBe(0);
    expect(r.fval).toBe(4);
  });

  it("flat-at-the-bound minimum (f ~ θ², singular random intercept)", () => {
    const f = (t: Float64Array) => 10 * Math.log(1 + 8 * t[0] ** 2) + 80 * Math.log(300 + 5 / (1 + 8 * t[0] ** 2));
    const r = bobyqa(f, [1], { lower: [0] });
    expect(Math.abs(r.x[0])).toBeLessThanOrEqual(1e-6);
  });

  it("start on the upper bound, minimum inside", () => {
    const r = bobyqa((t) => (t[0] - 0.3) ** 2, [1], { lower: [-1], upper: [1] });
    expect(Math.abs(r.x[0] - 0.3)).toBeLessThan(1e-6);
  });

  it("a fixed second variable reduces the problem to 1-D", () => {
    const r = bobyqa((x) => (x[0] - 3) ** 2 + x[1], [0, 5], { lower: [-10, 5], upper: [10, 5] });
    expect(Math.abs(r.x[0] - 3)).toBeLessThan(1e-6);
    expect(r.x[1]).toBe(5);
  });
});

describe("non-finite objective values", () => {
  it("bobyqa treats NaN as a large value and still converges", () => {
    const f = (x: Float64Array) => (x[0] > 1.5 ? NaN : rosen(x));
    const r = bobyqa(f, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-4);
    expect(Number.isFinite(r.fval)).toBe(true);
  });

  it("bobyqa survives Infinity near the start", () => {
    const f = (x: Float64Array) => (x[0] + x[1] > 2.5 ? Infinity : (x[0] - 1) ** 2 + (x[1] - 0.5) ** 2);
    const r = bobyqa(f, [1, 1], { lower: [0, 0] });
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-5);
    expect(Math.abs(r.x[1] - 0.5)).toBeLessThan(1e-5);
  });

  it("nelderMead treats NaN as a large value", () => {
    const f = (x: Float64Array) => (x[1] < -0.5 ? NaN : (x[0] - 1) ** 2 + x[1] ** 2);
    const r = nelderMead(f, [0, 0]);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-4);
  });
});

describe("budget, options and errors", () => {
  it("bobyqa reports the budget with code 1", () => {
    const r = bobyqa(rosen, [-1.2, 1], { maxfun: 40 });
    expect(r.feval).toBe(40);
    expect(r.code).toBe(1);
    expect(r.converged).toBe(false);
    expect(r.fval).toBeLessThan(rosen(Float64Array.of(-1.2, 1)));
  });

  it("ftolAbs stops bobyqa earlier", () => {
    const a = bobyqa(rosen, [-1.2, 1]);
    const b = bobyqa(rosen, [-1.2, 1], { ftolAbs: 1e-3 });
    expect(b.feval).toBeLessThan(a.feval);
    expect(b.message).toMatch(/ftolAbs/);
  });

  it("onEval sees every evaluation", () => {
    let seen = 0;
    const r = bobyqa(rosen, [-1.2, 1], { onEval: () => seen++ });
    expect(seen).toBe(r.feval);
  });

  it("rejects a start outside the bounds, naming the parameter", () => {
    expect(() => bobyqa(rosen, [-1, 1], { lower: [0, 0] })).toThrow(LmeError);
    expect(() => bobyqa(rosen, [-1, 1], { lower: [0, 0] })).toThrow(/parameter 1/);
    expect(() => nelderMead(rosen, [1, 1], { upper: [2] })).toThrow(/length/);
    expect(() => bobyqa(rosen, [1, 1], { lower: [2, 0], upper: [1, 3] })).toThrow(/lower bound/);
    expect(() => bobyqa(rosen, [1, 1], { maxfun: 3 })).toThrow(/maxfun/);
  });

  it("defaultStep follows NLopt's heuristic", () => {
    expect(defaultStep(1, 0, Infinity)).toBe(0.75);
    expect(defaultStep(0, -Infinity, Infinity)).toBe(1);
    expect(defaultStep(3, -Infinity, Infinity)).toBe(3);
    expect(defaultStep(0, 0, Infinity)).toBe(1);
    expect(defaultStep(0.5, 0, 1)).toBe(0.25);
  });
});
