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

  // A non-polynomial f with nonzero mixed third and fourth derivatives: exp(x0·x1) + sin(x1 + 2x2) + x0²x2.
  const fm = (x: Float64Array) => Math.exp(x[0] * x[1]) + Math.sin(x[1] + 2 * x[2]) + x[0] ** 2 * x[2];
  const hm = (x: number[]) => {
    const e = Math.exp(x[0] * x[1]), s = Math.sin(x[1] + 2 * x[2]);
    return [
      [x[1] ** 2 * e + 2 * x[2], e * (1 + x[0] * x[1]), 2 * x[0]],
      [e * (1 + x[0] * x[1]), x[0] ** 2 * e - s, -2 * s],
      [2 * x[0], -2 * s, -4 * s],
    ];
  };

  it("compact: the 7-point mixed terms agree with the analytic Hessian to O(δ²), with 1 + 2n + n(n−1) evaluations", () => {
    const x = [0.7, -0.4, 0.9];
    let count = 0;
    const g = (p: Float64Array) => (count++, fm(p));
    const c = deriv12(g, x, { compact: true });
    expect(count).toBe(1 + 2 * 3 + 3 * 2);
    const full = deriv12(fm, x);
    const H = hm(x);
    for (let i = 0; i < 3; i++) {
      expect(c.gradient[i]).toBe(full.gradient[i]); // same axis points
      for (let j = 0; j < 3; j++) {
        expect(Math.abs(c.hessian[i + j * 3] - H[i][j])).toBeLessThan(2e-6); // δ² = 1e-8 times O(1) fourth derivatives, plus rounding ε/δ² ≈ 2e-8
        expect(c.hessian[i + j * 3]).toBe(c.hessian[j + i * 3]);
      }
    }
    // A larger step shows the O(δ²) order: the error at δ = 1e-2 is ~1e4 times that at 1e-4, not 1e2.
    const big = deriv12(fm, x, { compact: true, delta: 1e-2 });
    const e2 = Math.abs(big.hessian[0 + 1 * 3] - H[0][1]);
    expect(e2).toBeGreaterThan(1e-7);
    expect(e2).toBeLessThan(1e-3);
  });

  it("compact: a pair with a coordinate shifted off a bound keeps the 4 corners", () => {
    const x = [0, -0.4, 0.9];
    const lower = [0, -Infinity, -Infinity], upper = [Infinity, Infinity, Infinity];
    const c = deriv12(fm, x, { compact: true, lower, upper });
    const full = deriv12(fm, x, { lower, upper });
    expect(c.hessian[0 + 1 * 3]).toBe(full.hessian[0 + 1 * 3]);
    expect(c.hessian[0 + 2 * 3]).toBe(full.hessian[0 + 2 * 3]);
    expect(c.hessian[1 + 2 * 3]).not.toBe(full.hessian[1 + 2 * 3]); // the interior pair uses the 7-point formula
    expect(Math.abs(c.hessian[1 + 2 * 3] - hm(x)[1][2])).toBeLessThan(2e-6);
  });

  it("rejects a bad delta", () => {
    expect(() => deriv12(f, [0, 0, 0], { delta: 0 })).toThrow(/delta/);
  });
});
