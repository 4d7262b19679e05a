/**
 * The moment-estimate start of src/lmm/momentStart.ts: close to the ML optimum on a simulated
 * crossed design with a random slope, the same optimum as lme4's θ₀ start with fewer evaluations
 * (lmer uses it from LARGE_N observations on), and no estimate for covariance structures it does
 * not handle.
 */
import { describe, expect, it } from "vitest";
import { LARGE_N, lmer, lmerInput, lmmProblem } from "../../src/lmm/lmer.js";
import { momentStartTheta } from "../../src/lmm/momentStart.js";
import { deriv12 } from "../../src/optim/deriv12.js";
import { checkConvergence } from "../../src/optim/convergence.js";

/** Seeded uniform (mulberry32) and standard normal (Box–Muller). */
function rng(seed: number) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
  return { u, z: () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) };
}

/** y = 1 + 0.3x + a_g + s_g x + b_h + ε: sd(a) 0.8, sd(s) 0.3, sd(b) 0.5, σ = 1; 300 × 40 levels. */
function simulate(n: number) {
  const { u, z } = rng(7);
  const a = Array.from({ length: 300 }, () => 0.8 * z()), s = Array.from({ length: 300 }, () => 0.3 * z());
  const b = Array.from({ length: 40 }, () => 0.5 * z());
  const x: number[] = [], y: number[] = [], g: string[] = [], h: string[] = [];
  for (let i = 0; i < n; i++) {
    const gi = Math.floor(u() * 300), hi = Math.floor(u() * 40), xi = z();
    x.push(xi); g.push(`g${gi}`); h.push(`h${hi}`);
    y.push(1 + 0.3 * xi + a[gi] + s[gi] * xi + b[hi] + z());
  }
  return { y, x, g, h };
}

describe("moment-estimate start θ", () => {
  const data = simulate(LARGE_N + 2000);
  const F = "y ~ x + (x | g) + (1 | h)";
  it("is within 25% of the ML optimum's standard-deviation θ and near its off-diagonal", () => {
    const pr = lmmProblem(lmerInput("lmer", F, data, { REML: false }), false);
    const start = momentStartTheta(pr.cp, pr.input.terms)!;
    const fit = lmer(F, data, { REML: false });
    expect(Array.from(fit.optinfo.initial)).toEqual(Array.from(start)); // lmer used it
    for (const i of [0, 2, 3]) expect(Math.abs(start[i] / fit.theta[i] - 1)).toBeLessThan(0.25);
    expect(Math.abs(start[1] - fit.theta[1])).toBeLessThan(0.1);
  });
  it("reaches lme4's θ₀-start optimum (deviance within 1e-7 or lower) in fewer evaluations", () => {
    const fit = lmer(F, data, { REML: false });
    const fromTheta0 = lmer(F, data, { REML: false, start: [1, 0, 1, 1] });
    expect(fit.deviance()).toBeLessThan(fromTheta0.deviance() + 1e-7);
    expect(fit.optinfo.feval).toBeLessThan(fromTheta0.optinfo.feval);
  });
  it("large fits' optimum check: the 7-point Hessian equals lme4's 4-corner one to 1e-4 relative, the same warnings, 12 fewer evaluations", () => {
    const pr = lmmProblem(lmerInput("lmer", F, data, { REML: false }), false);
    const fit = lmer(F, data, { REML: false });
    const th = Float64Array.from(fit.theta), { lower, upper } = pr.layout;
    let n7 = 0, n4 = 0;
    const fx = pr.f(th);
    const d7 = deriv12((x) => (n7++, pr.f(x)), th, { lower, upper, fx, compact: true });
    const d4 = deriv12((x) => (n4++, pr.f(x)), th, { lower, upper, fx });
    expect(n4 - n7).toBe(12); // k = 4: 2k(k−1) = 24 corners against k(k−1) = 12 diagonal pairs
    expect(Array.from(d7.gradient)).toEqual(Array.from(d4.gradient));
    const scale = Math.max(...Array.from(d4.hessian, Math.abs));
    for (let i = 0; i < 16; i++) expect(Math.abs(d7.hessian[i]! - d4.hessian[i]!)).toBeLessThan(1e-4 * scale);
    const w = (d: typeof d4) => checkConvergence(pr.f, th, lower, upper, fx, 2e-3, 1e-4, 1e-6, d);
    expect(w(d7)).toEqual(w(d4));
  });
  it("is null where a term's covariance structure is not unstructured or diagonal", () => {
    const d = { ...data, t: data.x.map((_, i) => `t${i % 3}`) };
    const pr = lmmProblem(lmerInput("lmer", "y ~ x + cs(0 + t | g)", d, { REML: false }), false);
    expect(momentStartTheta(pr.cp, pr.input.terms)).toBeNull();
  });
});
