/**
 * The two-chunk PIRLS passes (src/glmm/threads/): with one thread (LME4TS_THREADS=1) and with the
 * worker (LME4TS_THREADS=2: the worker runs chunk 1 of every pass) PIRLS gives the same numbers
 * to the last bit — modes, β, η, μ, deviance residuals, cross products, log-determinant — for
 * binomial and poisson `(1 | a) + (1 | b)` data with an offset and observations on lme4's clamps;
 * and they agree with the one-pass code (a copy of the family, which is not fused) to 1e-10
 * relative (the fast exp/log1p are within 4 ulp; the sums over all observations are added in
 * another order).
 */
import { afterEach, describe, expect, it } from "vitest";
import { binomial, poisson, type Family } from "../../src/glmm/family/index.js";
import { allocGlmm, pirls, type GlmmWork } from "../../src/glmm/pirls.js";
import { crossPattern } from "../../src/lmm/crossprod.js";
import { workerChunks } from "../../src/glmm/threads/runner.js";
import { buildInput } from "../../src/model/lmmInput.js";
import type { Column, Frame } from "../../src/data/types.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** n observations, crossed factors a and b with l1 and l2 levels, a covariate x, an offset, y drawn from the family. */
function data(fam: "binomial" | "poisson", n: number, l1: number, l2: number) {
  const u = rng(fam === "binomial" ? 7 : 11);
  const c1 = new Int32Array(n), c2 = new Int32Array(n), x = new Float64Array(n), y = new Float64Array(n), offset = new Float64Array(n);
  const a = Array.from({ length: l1 }, () => u() - 0.5), b = Array.from({ length: l2 }, () => 2 * (u() - 0.5));
  for (let i = 0; i < n; i++) {
    c1[i] = i < l1 ? i : Math.floor(u() * l1); c2[i] = i < l2 ? i : Math.floor(u() ** 2 * l2);
    x[i] = u() * 4 - 2; offset[i] = 0.1 * (u() - 0.5);
    const eta = 0.3 + 0.5 * x[i]! + a[c1[i]!]! + b[c2[i]!]!;
    y[i] = fam === "binomial" ? (u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0) : Math.floor(-Math.log(u() + 1e-12) * Math.exp(eta));
  }
  const names = (p: string, l: number) => Array.from({ length: l }, (_, k) => p + String(k).padStart(4, "0"));
  const frame: Frame = { nrow: n, names: ["y", "x", "a", "b"], columns: new Map<string, Column>([
    ["y", { kind: "numeric", name: "y", values: y }], ["x", { kind: "numeric", name: "x", values: x }],
    ["a", { kind: "factor", name: "a", codes: c1, levels: names("a", l1), ordered: false }],
    ["b", { kind: "factor", name: "b", codes: c2, levels: names("b", l2), ordered: false }]]) };
  return { frame, offset, n };
}

function work(f: Family, d: ReturnType<typeof data>): GlmmWork {
  const input = buildInput("y ~ x + (1 | a) + (1 | b)", d.frame, { offset: d.offset, checkLevels: false, numericResponse: false });
  const ones = new Float64Array(d.n).fill(1);
  return allocGlmm(f, input.terms, crossPattern(input.terms, d.n), input.X, input.p, (d.frame.columns.get("y") as { values: Float64Array }).values, ones, ones, input.offset);
}

/** Stage-1 PIRLS (β inside) at θ, then PIRLS for u at fixed β from a far start, as glmer's two stages. */
function run(w: GlmmWork, theta: number[]) {
  const r1 = pirls(w, theta, true);
  const beta = Float64Array.from(w.beta);
  w.beta[0] = beta[0]! + 0.5; // β away from the stage-1 optimum
  const eta1 = Float64Array.from(w.eta);
  w.u.fill(0);
  const r2 = pirls(w, theta, false, { eta0: eta1, exact: true });
  return { r1, r2, beta, u: Float64Array.from(w.u), eta: Float64Array.from(w.eta), mu: Float64Array.from(w.mu), dres: Float64Array.from(w.dres),
    a11: Float64Array.from(w.cpU.a11), axr: Float64Array.from(w.cpU.axr), rr: Float64Array.from(w.cpU.rrVal), r1Val: Float64Array.from(w.cpU.r1Val),
    axxB: Float64Array.from(w.cpUB.axx), ax1B: Float64Array.from(w.cpUB.ax1) };
}

const saved = process.env["LME4TS_THREADS"];
afterEach(() => {
  if (saved === undefined) delete process.env["LME4TS_THREADS"];
  else process.env["LME4TS_THREADS"] = saved;
});

function withThreads<T>(t: string, f: () => T): T {
  process.env["LME4TS_THREADS"] = t;
  return f();
}

describe.each([["binomial", binomial], ["poisson", poisson]] as const)("%s (1 | a) + (1 | b)", (name, make) => {
  const d = data(name, 6000, 400, 60);
  // A few observations on the exact path (|η| > 30 for logit; η > 38 for log) via the offset.
  d.offset[17] = name === "binomial" ? 45 : 40; d.offset[4321] = name === "binomial" ? -45 : -50;
  const theta = [0.6, 0.9];

  it("one thread and the worker agree to the last bit", () => {
    const one = withThreads("1", () => run(work(make(), d), theta));
    const before = workerChunks();
    const two = withThreads("2", () => run(work(make(), d), theta));
    const after = workerChunks();
    expect(after.run).toBeGreaterThan(before.run + 10); // the worker ran chunk 1 of every pass
    expect(after.failed).toBe(before.failed);
    for (const k of ["beta", "u", "eta", "mu", "dres", "a11", "axr", "rr", "r1Val", "axxB", "ax1B"] as const) {
      const a = one[k], b = two[k];
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`${k}[${i}]: ${a[i]} vs ${b[i]}`);
    }
    for (const r of ["r1", "r2"] as const) {
      expect(Object.is(one[r].devResid, two[r].devResid)).toBe(true);
      expect(Object.is(one[r].ldL2, two[r].ldL2)).toBe(true);
      expect(one[r].iterations).toBe(two[r].iterations);
    }
  });

  it("agrees with the one-pass code of the unfused family to 1e-10", () => {
    const fused = withThreads("1", () => run(work(make(), d), theta));
    const plain = withThreads("1", () => run(work({ ...make() }, d), theta));
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
    for (const r of ["r1", "r2"] as const) {
      expect(rel(fused[r].devResid, plain[r].devResid)).toBeLessThan(1e-10);
      expect(rel(fused[r].ldL2, plain[r].ldL2)).toBeLessThan(1e-10);
    }
    for (const k of ["beta", "u", "eta", "mu", "a11", "axr", "rr", "r1Val", "axxB", "ax1B"] as const) {
      const a = fused[k], b = plain[k];
      for (let i = 0; i < a.length; i++) if (!(rel(a[i]!, b[i]!) < 1e-10)) expect.fail(`${k}[${i}]: ${a[i]} vs ${b[i]}`);
    }
  });
});
