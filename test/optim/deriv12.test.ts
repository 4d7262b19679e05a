import { describe, expect, it } from "vitest";
import { deriv12 } from "../../src/optim/index.js";

// f = ½ xᵀA x + bᵀx + x0³: known gradient and Hessian.
const A = [
  [4, 1, -0.5],
  [1, 3, 0.25],
  [-0.5, 0.25, 2],
];
const b = [1, -2, 0.5];
const f = (x: Float64Array) => {
  let s = x[0] ** 3;
  for (let i = 0; i < 3; i++) {
    s += b[i] * x[i];
    for (let j = 0; j < 3; j++) s += 0.5 * A[i][j] * x[i] * x[j];
  }
  return s;
};
const grad = (x: number[]) => x.map((_, i) => b[i] + A[i].reduce((s, a, j) => s + a * x[j], 0) + (i === 0 ? 3 * x[0] ** 2 : 0));
const hess = (x: number[]) => A.map((row, i) => row.map((a, j) => a + (i === 0 && j === 0 ? 6 * x[0] : 0)));

describe("deriv12", () => {
  it("central differences reproduce gradient and Hessian (column-major)", () => {
    const x = [0.3, -0.2, 1.1];
    const { gradient, hessian } = deriv12(f, x);
    const g = grad(x);
    const H = hess(x);
    for (let i = 0; i < 3; i++) {
      expect(gradient[i]).toBeCloseTo(g[i], 6);
      for (let j = 0; j < 3; j++) expect(hessian[i + j * 3]).toBeCloseTo(H[i][j], 4);
    }
  });

  it("counts evaluations like lme4 (1 + 2n + 2n(n-1)) and uses fx when given", () => {
    let count = 0;
    const g = (x: Float64Array) => (count++, f(x));
    deriv12(g, [0.3, -0.2, 1.1], { fx: f(Float64Array.of(0.3, -0.2, 1.1)) });
    expect(count).toBe(2 * 3 + 2 * 3 * 2);
  });

  it("stays inside the bounds on a bound (one-sided stencil) and is still accurate", () => {
    const x = [0, -0.2, 1.1];
    const lower = [0, -Infinity, 0];
    let outside = 0;
    const g = (p: Float64Array) => {
      p.forEach((v, i) => (outside += v < lower[i] ? 1 : 0));
      return f(p);
    };
    const { gradient, hessian } = deriv12(g, x, { lower });
    expect(outside).toBe(0);
    const gx = grad(x);
    const H = hess(x);
    for (let i = 0; i < 3; i++) expect(gradient[i]).toBeCloseTo(gx[i], 6);
    // The second derivative is taken at the shifted centre x0 + δ: an O(δ) error (here 6δ).
    expect(hessian[0]).toBeCloseTo(H[0][0], 2);
    expect(hessian[1]).toBeCloseTo(H[1][0], 3);
  });

  it("rejects a bad delta", () => {
    expect(() => deriv12(f, [0, 0, 0], { delta: 0 })).toThrow(/delta/);
  });
});
