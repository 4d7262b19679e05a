/**
 * The bound-constrained BFGS of src/optim/quasiNewton.ts on test problems with analytic
 * gradients: Rosenbrock (unconstrained, curved valley), a quadratic whose minimum is outside the
 * box (two coordinates end on bounds), a start on a bound, a missing gradient (code 2), and the
 * diagonal start `diag0` on a badly scaled quadratic (curvatures 2 to 2000 — the zero-inflation
 * coefficients' scale against the whitened β's): the exact inverse curvatures converge in fewer
 * evaluations than the identity start, and all-NaN entries reproduce the identity start exactly.
 */
import { describe, expect, it } from "vitest";
import { quasiNewton } from "../../src/optim/quasiNewton.js";

const rosen = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
const rosenGrad = (x: Float64Array, g: Float64Array) => {
  g[0] = -400 * x[0]! * (x[1]! - x[0]! ** 2) - 2 * (1 - x[0]!);
  g[1] = 200 * (x[1]! - x[0]! ** 2);
  return true;
};

describe("quasiNewton", () => {
  it("minimizes Rosenbrock's function from (−1.2, 1)", () => {
    const r = quasiNewton(rosen, rosenGrad, [-1.2, 1], { lower: [-Infinity, -Infinity], upper: [Infinity, Infinity] });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(r.x[1]! - 1)).toBeLessThan(1e-5);
    expect(r.feval).toBeLessThan(200);
  });
  it("stops on the bounds of a quadratic whose minimum lies outside the box", () => {
    const f = (x: Float64Array) => (x[0]! + 1) ** 2 + (x[1]! - 2) ** 2 + (x[2]! - 0.5) ** 2;
    const g = (x: Float64Array, o: Float64Array) => { o[0] = 2 * (x[0]! + 1); o[1] = 2 * (x[1]! - 2); o[2] = 2 * (x[2]! - 0.5); return true; };
    const r = quasiNewton(f, g, [0.5, 0.5, 0.5], { lower: [0, 0, 0], upper: [1, 1, 1] });
    expect(Array.from(r.x).map((v) => Number(v.toFixed(8)))).toEqual([0, 1, 0.5]);
    expect(r.fval).toBeCloseTo(2, 12);
  });
  it("leaves a bound it starts on when the gradient points inwards", () => {
    const f = (x: Float64Array) => (x[0]! - 1) ** 2 + (x[1]! + 1) ** 2 + 0.5 * x[0]! * x[1]!;
    const g = (x: Float64Array, o: Float64Array) => { o[0] = 2 * (x[0]! - 1) + 0.5 * x[1]!; o[1] = 2 * (x[1]! + 1) + 0.5 * x[0]!; return true; };
    const r = quasiNewton(f, g, [0, 0], { lower: [0, 0], upper: [Infinity, Infinity] });
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-7);
    expect(r.x[1]).toBe(0);
    expect(r.fval).toBeCloseTo(1, 12);
  });
  it("stops with code 2 when the gradient is missing", () => {
    const r = quasiNewton(rosen, () => false, [0, 0], { lower: [-1, -1], upper: [2, 2] });
    expect(r.code).toBe(2);
    expect(r.converged).toBe(false);
  });
  it("starts from the caller's diagonal inverse Hessian (diag0); NaN entries are the identity start", () => {
    const c = [1000, 1, 30, 0.5];
    const f = (x: Float64Array) => c.reduce((s, ci, i) => s + ci * (x[i]! - 1 - i) ** 2 + 0.1 * x[i]! * x[(i + 1) % 4]!, 0);
    const g = (x: Float64Array, o: Float64Array) => {
      for (let i = 0; i < 4; i++) o[i] = 2 * c[i]! * (x[i]! - 1 - i) + 0.1 * x[(i + 1) % 4]! + 0.1 * x[(i + 3) % 4]!;
      return true;
    };
    const box = { lower: [-Infinity, -Infinity, -Infinity, -Infinity], upper: [Infinity, Infinity, Infinity, Infinity] };
    const plain = quasiNewton(f, g, [0, 0, 0, 0], box);
    const scaled = quasiNewton(f, g, [0, 0, 0, 0], { ...box, diag0: c.map((ci) => 1 / (2 * ci)) });
    const nan = quasiNewton(f, g, [0, 0, 0, 0], { ...box, diag0: [NaN, NaN, NaN, NaN] });
    expect(plain.converged && scaled.converged).toBe(true);
    for (let i = 0; i < 4; i++) expect(Math.abs(scaled.x[i]! - plain.x[i]!)).toBeLessThan(1e-6);
    expect(scaled.feval).toBeLessThan(plain.feval);
    expect(Array.from(nan.x)).toEqual(Array.from(plain.x));
    expect(nan.feval).toBe(plain.feval);
  });
});
