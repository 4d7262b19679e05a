/**
 * The GLMM fast paths: the fused family kernels agree with the separate vector forms to rounding
 * (and exactly where lme4's clamps bite), the
 * PIRLS restart cache gives the same result as a fresh workspace, and the interior Hessian
 * (7-point mixed differences) agrees with deriv12.
 */
import { describe, expect, it } from "vitest";
import { binomial, poisson, makeFamily, defineLink, type Family } from "../../src/glmm/family/index.js";
import { fusedMuKernel, fusedDevKernel } from "../../src/glmm/family/fused.js";
import { interiorHessian } from "../../src/glmm/glmer.js";
import { deriv12 } from "../../src/optim/index.js";
import { allocGlmm, pirls } from "../../src/glmm/pirls.js";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossPattern } from "../../src/lmm/crossprod.js";
import { glmmResponse } from "../../src/glmm/response.js";
import { refData } from "../lmm/reference.js";

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function separate(fam: Family, eta: Float64Array, y: Float64Array, wt: Float64Array) {
  const n = eta.length;
  const mu = new Float64Array(n), me = new Float64Array(n), v = new Float64Array(n), d = new Float64Array(n);
  fam.link.linkinvInto(eta, mu);
  fam.link.muEtaInto(eta, me);
  fam.varianceInto(mu, v);
  fam.devResidsInto(y, mu, wt, d);
  let s = 0;
  for (let i = 0; i < n; i++) s += d[i]!;
  return { mu, me, v, d, s };
}

function sameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i]), `index ${i}: ${a[i]} vs ${b[i]}`).toBe(true);
}

/**
 * a ≈ b elementwise: |a − b| ≤ 1e−14·|b| + abs (the fast exponential and log1p are within 4 ulp;
 * a deviance residual 2wt[softplus(η) − yη + h] is a difference of O(|η|) terms, hence `abs`).
 * Entries listed in `exact` (the clamped extremes, computed by the family's own functions) must
 * be identical.
 */
function close(a: Float64Array, b: Float64Array, abs: number, exact: (i: number) => boolean): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (exact(i)) expect(Object.is(a[i], b[i]), `index ${i}: ${a[i]} vs ${b[i]} (exact path)`).toBe(true);
    else expect(Math.abs(a[i]! - b[i]!), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(1e-14 * Math.abs(b[i]!) + abs);
  }
}

function inputs(kind: "binomial" | "poisson", n: number) {
  const r = rng(kind === "binomial" ? 7 : 11);
  const eta = new Float64Array(n), y = new Float64Array(n), wt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // mixed signs, a few extremes where the clamps bite
    eta[i] = i % 37 === 0 ? (i % 2 ? 45 : -45) : (r() - 0.5) * 12;
    const u = r();
    if (kind === "binomial") y[i] = u < 0.4 ? 0 : u < 0.8 ? 1 : Math.round(r() * 10) / 10;
    else y[i] = u < 0.3 ? 0 : u < 0.5 ? 1 : Math.floor(r() * 20);
    wt[i] = i % 5 === 0 ? 1 + Math.floor(r() * 9) : 1;
  }
  return { eta, y, wt };
}

describe("fused family kernels", () => {
  for (const [name, fam] of [["binomial logit", binomial()], ["poisson log", poisson()], ["makeFamily binomial", makeFamily("binomial")]] as const) {
    it(`${name}: μ, μ', V, devResid and their sum agree with the separate forms`, () => {
      const { eta, y, wt } = inputs(fam.name === "poisson" ? "poisson" : "binomial", 500);
      const want = separate(fam, eta, y, wt);
      const k = fusedMuKernel(fam, y);
      expect(k).not.toBeNull();
      const n = eta.length;
      const mu = new Float64Array(n), me = new Float64Array(n), v = new Float64Array(n), d = new Float64Array(n);
      const s = k!(eta, wt, mu, me, v, d);
      const extreme = (i: number) => i % 37 === 0; // η = ±45: μ, μ' clamped (logit) or μ = e^45 (log)
      // V = μ(1 − μ) inherits μ's absolute error (a few ulp of 1) through 1 − μ, hence abs 1e−15
      close(mu, want.mu, 0, extreme); close(me, want.me, 0, extreme); close(v, want.v, 1e-15, extreme);
      close(d, want.d, 1e-12, extreme);
      expect(Math.abs(s - want.s)).toBeLessThanOrEqual(1e-12 * Math.abs(want.s));
      const dk = fusedDevKernel(fam, y)!;
      const d2 = new Float64Array(n);
      dk(eta, wt, d2);
      close(d2, d, 0, () => false);
    });
  }

  it("no fused kernel for other links or custom link objects", () => {
    const y = new Float64Array([0, 1]);
    expect(fusedMuKernel(binomial({ link: "probit" }), y)).toBeNull();
    expect(fusedMuKernel(poisson({ link: "sqrt" }), y)).toBeNull();
    const custom = defineLink({ name: "logit", linkfun: (m) => Math.log(m / (1 - m)), linkinv: (e) => 1 / (1 + Math.exp(-e)), muEta: (e) => Math.exp(-e) / (1 + Math.exp(-e)) ** 2 });
    expect(fusedMuKernel(binomial({ link: custom }), y)).toBeNull();
    expect(fusedDevKernel(makeFamily("Gamma"), y)).toBeNull();
  });
});

describe("PIRLS restart cache", () => {
  it("repeated restarts from one η₀ equal a fresh workspace's result", () => {
    const fam = binomial();
    const input = buildInput("cbind(incidence, size - incidence) ~ period + (1 | herd)", refData("cbpp"), { checkLevels: false, numericResponse: false });
    const resp = glmmResponse(input.formula.response!, input.mf.frame, fam, input.weights);
    const pat = crossPattern(input.terms, resp.y.length);
    const mk = () => allocGlmm(fam, input.terms, pat, input.X, input.p, resp.y, resp.weights, resp.n, input.offset);
    const eta0 = fam.initialize(resp.y, resp.weights).map((m) => fam.link.linkfun(m));
    const w = mk();
    const thetas = [[0.6], [0.9], [0.3]];
    for (const th of thetas) pirls(w, th, true, { eta0 }); // fills and then serves the cache
    for (const th of thetas) {
      const fresh = mk();
      const a = pirls(w, th, true, { eta0 });
      const b = pirls(fresh, th, true, { eta0 });
      expect(a.devResid).toBe(b.devResid);
      expect(a.ldL2).toBe(b.ldL2);
      sameBits(w.beta, fresh.beta);
      sameBits(w.u, fresh.u);
    }
    // new contents in the same array invalidate the cache
    const eta1 = Float64Array.from(w.eta);
    const c = pirls(w, [0.6], false, { eta0: eta1 });
    eta1[0] += 0.5;
    const d1 = pirls(w, [0.6], false, { eta0: eta1 });
    const fresh = mk();
    fresh.beta.set(w.beta);
    const d2 = pirls(fresh, [0.6], false, { eta0: eta1 });
    expect(d1.devResid).toBe(d2.devResid);
    expect(d1.devResid).not.toBe(c.devResid);
  });
});

describe("interior Hessian", () => {
  const lower = new Float64Array([0, -Infinity, -Infinity]), upper = new Float64Array(3).fill(Infinity);
  it("exact (to rounding) on a quadratic", () => {
    const A = [[4, 1, -0.5], [1, 3, 0.25], [-0.5, 0.25, 2]];
    const f = (x: Float64Array) => { let s = 0; for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += 0.5 * A[i]![j]! * x[i]! * x[j]!; return s + x[0]! - 2 * x[2]!; };
    const x = new Float64Array([0.7, -0.3, 1.1]);
    const r = interiorHessian(f, x, lower, upper)!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(r.hessian[i + j * 3]! - A[i]![j]!)).toBeLessThan(1e-6);
    expect(Math.abs(r.gradient[0]! - (4 * 0.7 + 1 * -0.3 - 0.5 * 1.1 + 1))).toBeLessThan(1e-8);
  });
  it("agrees with deriv12 on a smooth non-quadratic function; null next to a bound", () => {
    const f = (x: Float64Array) => Math.exp(0.5 * x[0]!) + x[0]! * x[1]! ** 2 + Math.sin(x[2]!) * x[1]! + Math.log(1 + x[0]! * x[0]!);
    const x = new Float64Array([0.8, 0.4, -0.6]);
    const a = interiorHessian(f, x, lower, upper)!, b = deriv12(f, x, { lower, upper });
    for (let i = 0; i < 9; i++) expect(Math.abs(a.hessian[i]! - b.hessian[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(b.hessian[i]!)));
    for (let i = 0; i < 3; i++) expect(a.gradient[i]).toBe(b.gradient[i]);
    expect(interiorHessian(f, new Float64Array([5e-5, 0.4, -0.6]), lower, upper)).toBeNull();
  });
});
