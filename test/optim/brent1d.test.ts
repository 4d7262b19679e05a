/**
 * minimize1d (BOBYQA's n = 1 stand-in) on synthetic functions: a minimum just inside a bound (the
 * shape of a profiled objective of a scalar θ with a small variance), exactly on a bound, flat
 * near a bound, far inside, just inside an upper bound; the budget. Steps and tolerances as lmer
 * uses them after BOBYQA's scaling (h = 1, tol ≈ 1.3e-4, bound 0, start 4/3).
 */
import { describe, expect, it } from "vitest";
import { minimize1d } from "../../src/optim/brent1d.js";

/** Run minimize1d on f, keeping the best point and counting evaluations (budget maxfun). */
function run(f: (x: number) => number, x0: number, lo: number, hi: number, h = 1, tol = 1.3e-4, maxfun = 1000) {
  let x = NaN, fx = Infinity, nf = 0;
  const st = minimize1d((t) => {
    if (nf >= maxfun) return null;
    nf++;
    const v = f(t);
    if (v < fx) { fx = v; x = t; }
    return v;
  }, x0, lo, hi, h, tol);
  return { x, fx, nf, ...st };
}

/** f(θ) = c·(θ⁴ − 2 m² θ²): a function of θ², slope 0 at θ = 0, minimum at m with value −c·m⁴. */
const quartic = (m: number, c = 1e6) => (t: number) => c * (t ** 4 - 2 * m * m * t * t);

describe("minimize1d", () => {
  it("minimum just inside the lower bound (slope 0 there, curvature < 0) is found", () => {
    for (const m of [0.005, 0.02, 0.03, 0.05, 0.08]) {
      const r = run(quartic(m), 4 / 3, 0, Infinity);
      expect(r.code).toBe(0);
      expect(Math.abs(r.x - m), `m = ${m}`).toBeLessThan(1.3e-4); // tol
      // and f within what an error of tol in x costs: ½ f''(m) tol² = 4·1e6·m²·tol²
      expect(r.fx - -1e6 * m ** 4, `m = ${m}`).toBeLessThan(4e6 * m * m * 1.3e-4 ** 2);
    }
  });

  it("minimum just inside with a nonzero slope at the bound: (x − 0.03)²", () => {
    const r = run((t) => (t - 0.03) ** 2, 4 / 3, 0, Infinity);
    expect(Math.abs(r.x - 0.03)).toBeLessThan(1e-5);
  });

  it("minimum exactly on the bound is returned exactly, and verified as such", () => {
    const r = run((t) => (t + 2) ** 2, 4 / 3, 0, Infinity);
    expect(r.x).toBe(0);
    expect(r.fx).toBe(4);
    expect(r.message).toMatch(/minimum on the bound 0/);
    const s = run((t) => t * t * (1 + t), 4 / 3, 0, Infinity); // slope 0, curvature > 0
    expect(s.x).toBe(0);
  });

  it("flat near the bound: the bound is returned, not a point in the flat part", () => {
    const r = run((t) => (t < 0.2 ? 5 : 5 + (t - 0.2) ** 2), 4 / 3, 0, Infinity);
    expect(r.fx).toBe(5);
    expect(r.x).toBe(0);
    const s = run((t) => t ** 6, 4 / 3, 0, Infinity);
    expect(s.x).toBe(0);
  });

  it("minimum far inside", () => {
    const r = run((t) => Math.cosh(t - 50), 4 / 3, 0, Infinity);
    expect(Math.abs(r.x - 50)).toBeLessThan(1e-3);
  });

  it("minimum just inside the upper bound", () => {
    const r = run((t) => (t - 0.97) ** 2, 0, -1, 1, 0.5, 1e-6);
    expect(Math.abs(r.x - 0.97)).toBeLessThan(1e-5);
    const s = run((t) => 1e6 * ((1 - t) ** 4 - 2 * 0.02 ** 2 * (1 - t) ** 2), 0, -1, 1, 0.5, 1e-6);
    expect(Math.abs(s.x - 0.98)).toBeLessThan(1e-4);
  });

  it("start on the bound with the minimum just inside", () => {
    const r = run(quartic(0.03), 0, 0, Infinity);
    expect(Math.abs(r.x - 0.03)).toBeLessThan(1e-4);
  });

  it("an exhausted budget during the verification is reported (code 1)", () => {
    const full = run((t) => (t + 2) ** 2, 4 / 3, 0, Infinity);
    const r = run((t) => (t + 2) ** 2, 4 / 3, 0, Infinity, 1, 1.3e-4, full.nf - 1);
    expect(r.code).toBe(1);
  });
});
