import { describe, expect, it } from "vitest";
import { bobyqa, NLOPTWRAP_OPTIONS } from "../../src/optim/index.js";
import { cases, crossedDeviance, rosen } from "./functions.js";

const byName = (name: string) => cases.find((c) => c.name === name)!;

describe("bobyqa on standard problems", () => {
  // [name, tolerance on x, tolerance on f, max evaluations]
  const table: [string, number, number, number][] = [
    ["rosenbrock2", 1e-4, 1e-9, 300],
    ["rosenbrock4", 1e-4, 1e-9, 800],
    ["beale", 1e-5, 1e-10, 200],
    ["powellSingular", 5e-3, 1e-8, 1500], // singular Hessian at the minimum: x is only roughly determined
    ["box3", 1e-4, 1e-10, 400],
    ["boundQuadratic", 1e-8, 1e-12, 100],
    ["startOnBound", 1e-6, 1e-10, 100],
  ];
  for (const [name, xtol, ftol, maxEvals] of table) {
    it(`${name}: minimizer, minimum, evaluations`, () => {
      const c = byName(name);
      const r = bobyqa(c.f, c.x0, { lower: c.lower, upper: c.upper });
      expect(r.converged).toBe(true);
      expect(r.code).toBe(0);
      expect(r.optimizer).toBe("bobyqa");
      expect(Math.abs(r.fval - c.fstar)).toBeLessThan(ftol);
      c.xstar!.forEach((v, i) => expect(Math.abs(r.x[i] - v)).toBeLessThan(xtol));
      expect(r.feval).toBeLessThan(maxEvals);
      expect(r.fval).toBe(c.f(r.x));
    });
  }

  it("solves 2-D Rosenbrock to 1e-8 with rhobeg 0.5, rhoend 1e-8 in < 300 evaluations", () => {
    const r = bobyqa(rosen, [-1.2, 1], { rhobeg: 0.5, rhoend: 1e-8 });
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-8);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-8);
    expect(r.feval).toBeLessThan(300);
  });

  it("lands exactly on the bound when the minimum is there", () => {
    const r = bobyqa(byName("boundQuadratic").f, [0.5, 0.5, 0.5], { lower: [0, 0, 0], upper: [1, 1, 1] });
    expect(r.x[0]).toBe(0);
    expect(r.x[1]).toBe(1);
  });

  it("keeps every evaluated point inside the bounds", () => {
    const lower = [0, -1, 0.2];
    const upper = [2, 1, 5];
    let outside = 0;
    bobyqa((x) => (x[0] + 1) ** 2 + (x[1] - 3) ** 2 + (x[2] - 1) ** 2, [1, 0, 1], {
      lower,
      upper,
      onEval: (x) => x.forEach((v, i) => (outside += v < lower[i] || v > upper[i] ? 1 : 0)),
    });
    expect(outside).toBe(0);
  });
});

describe("bobyqa on a mixed-model-like profiled deviance", () => {
  it("returns θ1 on its bound 0 (singular fit) and the interior θ2", () => {
    const c = byName("mixedSingular");
    const r = bobyqa(c.f, [1, 1], { lower: [0, 0] });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0])).toBeLessThanOrEqual(1e-6);
    // Interior optimum of θ2 with θ1 = 0 by a fine 1-D check.
    const g = (t2: number) => c.f(Float64Array.of(0, t2));
    const h = 1e-5;
    expect(Math.abs((g(r.x[1] + h) - g(r.x[1] - h)) / (2 * h))).toBeLessThan(1e-3);
    expect(r.fval).toBeLessThanOrEqual(c.f(Float64Array.of(0, r.x[1])) + 1e-12);
  });

  it("hits the bound exactly when the deviance rises linearly from it", () => {
    // f increases with slope 3 in θ1 at 0: the minimum is the bound itself.
    const base = crossedDeviance(10, 8, 5, 8, 10, 400, 300);
    const f = (t: Float64Array) => base(t) + 3 * t[0];
    const r = bobyqa(f, [1, 1], { lower: [0, 0] });
    expect(r.x[0]).toBe(0);
    expect(r.converged).toBe(true);
  });

  it("with lme4's nloptwrap tolerances reaches the same optimum within 1e-4", () => {
    const c = byName("mixedSingular");
    const a = bobyqa(c.f, [1, 1], { lower: [0, 0] });
    const b = bobyqa(c.f, [1, 1], { lower: [0, 0], ...NLOPTWRAP_OPTIONS });
    expect(Math.abs(a.x[1] - b.x[1])).toBeLessThan(1e-4);
    expect(Math.abs(b.x[0])).toBeLessThan(1e-4);
    expect(b.fval - a.fval).toBeLessThan(1e-7);
  });

  it("handles a 3-parameter (1 + x | g)-like start θ = (1, 0, 1) with bounds (0, -Inf, 0)", () => {
    // Deviance-like: log det + quadratic form in Λ(θ) = [[t0, 0], [t1, t2]].
    const f = (t: Float64Array) => {
      const a = t[0] * t[0], b = t[0] * t[1], c = t[1] * t[1] + t[2] * t[2];
      const s11 = 1 + 4 * a, s12 = 4 * b, s22 = 1 + 4 * c;
      const det = s11 * s22 - s12 * s12;
      return 20 * Math.log(det) + (3 * s22 - 2 * 1.5 * s12 + 5 * s11) * 10 / det;
    };
    const r = bobyqa(f, [1, 0, 1], { lower: [0, -Infinity, 0] });
    expect(r.converged).toBe(true);
    const h = 1e-5;
    // Stationary in the free coordinates (or on the bound).
    for (let i = 0; i < 3; i++) {
      const xp = Float64Array.from(r.x), xm = Float64Array.from(r.x);
      xp[i] += h;
      xm[i] -= h;
      if (i !== 1 && r.x[i] <= 1e-6) continue;
      expect(Math.abs((f(xp) - f(xm)) / (2 * h))).toBeLessThan(1e-3);
    }
  });
});

describe("bobyqa in larger dimension", () => {
  it("minimizes a 12-D ill-conditioned bounded quadratic", () => {
    const n = 12;
    const c = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0.5 : 1 + i / 10));
    const w = Array.from({ length: n }, (_, i) => 10 ** ((i % 4) - 1));
    const f = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * (x[i] - c[i]) ** 2;
      for (let i = 0; i + 1 < n; i++) s += 0.1 * (x[i] - c[i]) * (x[i + 1] - c[i + 1]);
      return s;
    };
    const lower = new Array(n).fill(0);
    const r = bobyqa(f, new Array(n).fill(1), { lower, rhoend: 1e-9 });
    expect(r.converged).toBe(true);
    // KKT: free gradient ≈ 0, bound gradient ≥ 0.
    const h = 1e-6;
    for (let i = 0; i < n; i++) {
      const xp = Float64Array.from(r.x);
      xp[i] += h;
      const g = (f(xp) - r.fval) / h;
      if (r.x[i] === 0) expect(g).toBeGreaterThan(-1e-3);
      else expect(Math.abs(g)).toBeLessThan(1e-3);
    }
    expect(r.x.filter((v) => v === 0).length).toBe(4);
  });
});
