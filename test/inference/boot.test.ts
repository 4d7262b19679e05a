import { describe, it, expect } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { bootMer } from "../../src/inference/bootstrap.js";
import { profileSync } from "../../src/inference/profile.js";
import { formatBoot } from "../../src/display/confintText.js";

const sleep = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());

describe("parametric bootstrap", () => {
  it("a fixed seed gives identical replicates run to run, in this thread or on 2 workers", async () => {
    const a = await bootMer(sleep, "fixef", { nsim: 30, seed: 7, workers: 0 });
    const b = await bootMer(sleep, "fixef", { nsim: 30, seed: 7, workers: 0 });
    const w = await bootMer(sleep, "fixef", { nsim: 30, seed: 7, workers: 2 });
    expect(a.t).toEqual(b.t);
    expect(w.t).toEqual(a.t);
    expect(w.timing.workers).toBe(2);
    const c = await bootMer(sleep, "fixef", { nsim: 30, seed: 8, workers: 0 });
    expect(c.t[0]).not.toEqual(a.t[0]);
    expect(a.names).toEqual(["(Intercept)", "Days"]);
    expect([...a.t0]).toEqual([...sleep.beta]);
  }, 60000);

  it("statistics: built-ins with lme4's names, and self-contained functions (also on workers)", async () => {
    const sd = await bootMer(sleep, "sdcor", { nsim: 3, seed: 1, workers: 0 });
    expect(sd.names).toEqual(["sd_(Intercept)|Subject", "cor_Days.(Intercept)|Subject", "sd_Days|Subject", "sigma"]);
    expect(sd.t0[3]).toBeCloseTo(sleep.sigma, 10);
    const f = await bootMer(sleep, (m) => ({ slope: m.beta[1], s: m.sigma }), { nsim: 6, seed: 1, workers: 2 });
    const fx = await bootMer(sleep, "fixef", { nsim: 6, seed: 1, workers: 0 });
    expect(f.names).toEqual(["slope", "s"]);
    expect(f.t.map((r) => r[0])).toEqual(fx.t.map((r) => r[1]));
    const scalar = await bootMer(sleep, (m) => m.sigma, { nsim: 2, seed: 1, workers: 0 });
    expect(scalar.names).toEqual(["t1"]);
    const outside = 3;
    await expect(bootMer(sleep, (m) => m.beta[0] * outside, { nsim: 4, seed: 1, workers: 2 })).rejects.toThrow(/self-contained|workers: 0/);
    const ok = await bootMer(sleep, (m) => m.beta[0] * outside, { nsim: 2, seed: 1, workers: 0 });
    expect(ok.t0[0]).toBeCloseTo(3 * sleep.beta[0], 8);
  }, 60000);

  it("progress reaches nsim, abort rejects, bad nsim is an error, the summary renders", async () => {
    let last = 0;
    const b = await bootMer(sleep, "fixef", { nsim: 12, seed: 2, workers: 0, onProgress: (p) => (last = p.done) });
    expect(last).toBe(12);
    const ac = new AbortController();
    const p = bootMer(sleep, "fixef", { nsim: 2000, seed: 2, workers: 0, signal: ac.signal, onProgress: (q) => { if (q.done === 20) ac.abort(); } });
    await expect(p).rejects.toThrow(/interrupted/);
    await expect(bootMer(sleep, "fixef", { nsim: 0 })).rejects.toThrow(/nsim/);
    expect(formatBoot(b)).toMatch(/PARAMETRIC BOOTSTRAP: 12 replicates \(seed 2\)/);
    expect(b.summary()[1].stdError).toBeGreaterThan(0);
  });

  it("GLMM (cbpp binomial): refits from simulated proportions, identical in this thread and on workers", async () => {
    const g = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
    const a = await bootMer(g, "all", { nsim: 4, seed: 5, workers: 0 });
    const w = await bootMer(g, "all", { nsim: 4, seed: 5, workers: 2 });
    expect(a.names[0]).toBe("sd_(Intercept)|herd");
    expect(w.t).toEqual(a.t);
    expect(a.failures).toEqual([]);
    expect(a.t.every((r) => r.every(Number.isFinite))).toBe(true);
  }, 60000);

  it("sleepstudy, 1000 replicates: percentile intervals of the fixed effects within 10% of the profile interval's width", async () => {
    const b = await bootMer(sleep, "fixef", { nsim: 1000, seed: 20240601 });
    const ci = b.confint();
    const pr = profileSync(sleep, { which: "beta_" }).confint();
    for (let j = 0; j < 2; j++) {
      const width = pr.upper[j] - pr.lower[j];
      expect(Math.abs(ci.lower[j] - pr.lower[j]), `${ci.names[j]} lower`).toBeLessThan(0.1 * width);
      expect(Math.abs(ci.upper[j] - pr.upper[j]), `${ci.names[j]} upper`).toBeLessThan(0.1 * width);
    }
    expect(b.failures).toEqual([]);
  }, 120000);
});
