/**
 * The Newton-decrement optimum check (src/optim/polish.ts): exact on quadratics, no restart at
 * a true optimum, and a restart that finishes a run stopped short by an absolute step tolerance
 * on a badly scaled parameter.
 */
import { describe, expect, it } from "vitest";
import { newtonStep, polishOptimum } from "../../src/optim/polish.js";
import { bobyqa } from "../../src/optim/index.js";

// f(x) = ½ (x − c)ᵀ A (x − c) with A = [[4, 1], [1, 2]]
const A = [4, 1, 1, 2], c = [0.3, -0.2];
const quad = (x: Float64Array) => {
  const d0 = x[0] - c[0], d1 = x[1] - c[1];
  return 0.5 * (A[0] * d0 * d0 + 2 * A[1] * d0 * d1 + A[3] * d1 * d1);
};

describe("newtonStep", () => {
  it("gives ½ gᵀH⁻¹g and the Newton step on a positive definite Hessian (exact arithmetic check)", () => {
    const g = Float64Array.of(1, 2), H = Float64Array.of(4, 1, 1, 2);
    const { decrement, step } = newtonStep({ gradient: g, hessian: H }, [0, 1], 2);
    // H⁻¹ = [[2, −1], [−1, 4]] / 7; H⁻¹g = (0, 7)/7 = (0, 1); ½ gᵀH⁻¹g = 1
    expect(decrement).toBeCloseTo(1, 14);
    expect(step[0]).toBeCloseTo(0, 14);
    expect(step[1]).toBeCloseTo(-1, 14);
  });
  it("falls back to the diagonal when H is not positive definite", () => {
    const { decrement, step } = newtonStep({ gradient: Float64Array.of(2, 0), hessian: Float64Array.of(-4, 0, 0, 1) }, [0, 1], 2);
    expect(decrement).toBeCloseTo(0.5, 14);
    expect(step[0]).toBeCloseTo(-0.5, 14);
  });
});

describe("polishOptimum", () => {
  it("does not restart at the optimum", () => {
    const r = polishOptimum(quad, Float64Array.from(c), 0, [-Infinity, -Infinity], [Infinity, Infinity]);
    expect(r.restarts).toBe(0);
    expect(r.decrement).toBeLessThan(1e-12);
    expect(Array.from(r.x)).toEqual(c);
  });
  it("finishes a run stopped short on a parameter of scale 1e-4", () => {
    // f(x, y) = (x − 1)² + x²·(cosh((y − 1.6e-4)/1e-4) − 1): y lives on the scale 1e-4.
    const f = (v: Float64Array) => (v[0] - 1) ** 2 + v[0] ** 2 * (Math.cosh((v[1] - 1.6e-4) / 1e-4) - 1);
    const lower = [0, 0], upper = [Infinity, Infinity];
    const first = bobyqa(f, [0.5, 1e-3], { lower, upper, xtolAbs: 1e-3, ftolAbs: 1e-8 });
    expect(first.fval).toBeGreaterThan(1e-3); // stopped short (the premise of the test)
    const r = polishOptimum(f, first.x, first.fval, lower, upper);
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.fx).toBeLessThan(1e-8);
    expect(r.x[1]).toBeCloseTo(1.6e-4, 8);
    expect(r.decrement).toBeLessThan(1e-6);
  });
  it("leaves parameters on a bound out", () => {
    const f = (v: Float64Array) => (v[0] + 1) ** 2 + (v[1] - 2) ** 2; // x wants −1, bound 0
    const r = polishOptimum(f, [0, 2], 1, [0, -Infinity], [Infinity, Infinity]);
    expect(r.x[0]).toBe(0);
    expect(r.restarts).toBe(0);
  });
  it("with newton, finishes a nearly converged run by Newton steps (no restart), gradient-only updates after a step", () => {
    // A smooth non-quadratic bowl: f = Σ cosh(x_i − c_i) + ½(x₀ − c₀)(x₁ − c₁), minimum 2 at c.
    const cc = [0.7, -0.4];
    let calls = 0;
    const f = (v: Float64Array) => { calls++; return Math.cosh(v[0] - cc[0]) + Math.cosh(v[1] - cc[1]) + 0.5 * (v[0] - cc[0]) * (v[1] - cc[1]); };
    const x0 = Float64Array.of(0.72, -0.39);
    const r = polishOptimum(f, x0, f(x0), [-Infinity, -Infinity], [Infinity, Infinity], { newton: true, newtonTol: 1e-12 });
    expect(r.restarts).toBe(0);
    expect(r.newtonSteps).toBeGreaterThan(0);
    expect(r.fx - 2).toBeLessThan(1e-12);
    expect(Math.abs(r.x[0] - cc[0])).toBeLessThan(1e-5);
    expect(r.decrement).toBeLessThan(1e-12);
    // One full stencil (1 + 2k + 2k(k − 1) = 9 with f(x0) given: 8) and per Newton step 1 + 2k = 5.
    expect(calls).toBe(1 + 8 + 5 * r.newtonSteps);
  });
  it("with newton, falls back to a restart when the Newton step leaves the box or does not lower the objective", () => {
    // Far from the minimum c of Σ √(1 + 100(x_i − c_i)²) the curvature is small against the
    // gradient: at x₀ the Newton step is −3 per coordinate, out of the box [−1, 1]².
    const f = (v: Float64Array) => Math.sqrt(1 + 100 * (v[0] - 0.3) ** 2) + Math.sqrt(1 + 100 * (v[1] + 0.1) ** 2);
    const x0 = Float64Array.of(0.6, 0.2);
    const r = polishOptimum(f, x0, f(x0), [-1, -1], [1, 1], { newton: true });
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.fx).toBeLessThan(2 + 1e-8);
    expect(r.decrement).toBeLessThan(1e-6);
  });
});
