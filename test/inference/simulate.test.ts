import { describe, it, expect } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { simulate } from "../../src/inference/simulate.js";
import { replicateRng } from "../../src/inference/rng.js";

const sleep = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
const cbpp = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });

describe("seeded generator", () => {
  it("replicate streams depend only on (seed, index) and look uniform / normal", () => {
    const a = replicateRng(5, 3), b = replicateRng(5, 3), c = replicateRng(5, 4);
    const xa = Array.from({ length: 5 }, a.uniform), xb = Array.from({ length: 5 }, b.uniform), xc = Array.from({ length: 5 }, c.uniform);
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    const r = replicateRng(1, 0);
    const z = Array.from({ length: 20000 }, r.normal);
    const m = z.reduce((s, v) => s + v, 0) / z.length, v = z.reduce((s, x) => s + (x - m) ** 2, 0) / z.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
    expect(() => replicateRng(-1, 0)).toThrow(/seed/);
  });
});

describe("simulate", () => {
  it("is reproducible with a seed, replicate by replicate, and reports the seed", () => {
    const a = simulate(sleep, { nsim: 3, seed: 42 }), b = simulate(sleep, { nsim: 1, seed: 42 });
    expect(a.seed).toBe(42);
    expect(a.sims.length).toBe(3);
    expect(a.sims[0]).toEqual(b.sims[0]);
    expect(a.sims[1]).not.toEqual(a.sims[0]);
    expect(typeof simulate(sleep).seed).toBe("number");
    expect(() => simulate(sleep, { nsim: 0 })).toThrow(/nsim/);
  });

  it("LMM marginal draws: mean Xβ̂ and variance σ²(1 + z ΛΛᵀ z) at Days = 0", () => {
    const { sims } = simulate(sleep, { nsim: 3000, seed: 1 });
    const i0 = sleep.input.X.findIndex((_, i) => i < sleep.nobs && sleep.input.X[i + sleep.nobs] === 0); // a row with Days = 0
    const v = sims.map((s) => s[i0]);
    const m = v.reduce((a, b) => a + b, 0) / v.length, s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
    const vc = sleep.VarCorr()[0];
    expect(Math.abs(m - sleep.beta[0])).toBeLessThan(4 * Math.sqrt(s2 / v.length));
    const expected = sleep.sigma ** 2 + vc.sd[0] ** 2;
    expect(Math.abs(s2 / expected - 1)).toBeLessThan(0.08);
  });

  it("LMM conditional draws are centred on the fitted values with variance σ²", () => {
    const { sims } = simulate(sleep, { nsim: 2000, seed: 2, reForm: "conditional" });
    const f = sleep.fitted();
    const d = sims.map((s) => s[7] - f[7]);
    const m = d.reduce((a, b) => a + b, 0) / d.length, s2 = d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1);
    expect(Math.abs(m)).toBeLessThan(4 * Math.sqrt(s2 / d.length));
    expect(Math.abs(s2 / sleep.sigma ** 2 - 1)).toBeLessThan(0.1);
    expect(simulate(sleep, { seed: 2, reForm: null }).sims[0]).toEqual(sims[0]);
    expect(() => simulate(sleep, { reForm: "bogus" as never })).toThrow(/reForm/);
  });

  it("GLMM binomial draws are proportions of each herd-period's trials", () => {
    const { sims } = simulate(cbpp, { nsim: 5, seed: 3 });
    const w = cbpp.priorWeights;
    for (const s of sims)
      s.forEach((p, i) => {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.abs(p * w[i] - Math.round(p * w[i]))).toBeLessThan(1e-9);
      });
  });

  it("newdata: marginal draws for new levels, conditional draws use the modes of known ones", () => {
    const nd = { Days: [0, 5, 5], Subject: ["308", "308", "new"] };
    const m = simulate(sleep, { newdata: nd, nsim: 2, seed: 4 });
    expect(m.sims[0].length).toBe(3);
    const c = simulate(sleep, { newdata: nd, nsim: 400, seed: 4, reForm: "conditional" });
    const pred = sleep.predict({ newdata: nd, allowNewLevels: true });
    const mean1 = c.sims.reduce((s, x) => s + x[1], 0) / 400;
    expect(Math.abs(mean1 - pred[1])).toBeLessThan(4 * sleep.sigma / Math.sqrt(400));
  });
});
