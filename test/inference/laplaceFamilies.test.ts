/**
 * After-the-fit functions on fits of the general Laplace engine (issue 14): simulate, bootMer,
 * allFit and the likelihood-ratio anova for nbinom2, nbinom1, beta, betabinomial, a
 * zero-inflated poisson (ziformula ~ mined) and an nbinom2 dispersion model (dispformula ~ mined),
 * on the data of test/fixtures/families2 (scripts/families2-refs.R); the anova and a ZIP drop1
 * against glmmTMB 1.1.5's anova() and drop1() (test/fixtures/families-profile,
 * scripts/families-profile-refs.R); ranova against direct fits of the reduced model.
 *
 * simulate: conditional draws (reForm "conditional": η at the conditional modes) have per row the
 * family's mean (1 − pᵢ)μᵢ and variance; with nsim = 400 draws per row the row means give
 * zᵢ = (ȳᵢ − Eᵢ)/√(Vᵢ/nsim), approximately independent with mean 0 and variance 1: the tolerance is
 * |mean z| < 5/√n, |mean z² − 1| < 0.25 (z² is heavy-tailed at rows with small means, where ȳ
 * hangs on rare draws) and the pooled variance ratio Σ sᵢ²/Σ Vᵢ within 0.05 of 1 (Monte-Carlo sd
 * about 0.01 at these sizes). Measured (seed 11): mean z −0.10 … 0.02, mean z² 0.85 … 1.08,
 * variance ratio 0.977 … 1.002 over the six fits. Betabinomial rows are proportions of nᵢ trials with variance
 * μ(1 − μ)(1 + (nᵢ − 1)/(φ + 1))/nᵢ (glmmTMB's parameterization).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { glmer } from "../../src/glmm/glmer.js";
import { readCsv } from "../../src/data/index.js";
import { simulate } from "../../src/inference/simulate.js";
import { bootMer } from "../../src/inference/bootstrap.js";
import { allFit } from "../../src/inference/allFit.js";
import { anova } from "../../src/inference/anova.js";
import { drop1 } from "../../src/inference/drop1.js";
import { ranova } from "../../src/inference/ranova.js";
import type { GlmerMod } from "../../src/results/glmerMod.js";

const dir = new URL("../fixtures/families2/", import.meta.url);
const csv = (name: string) => readCsv(fileURLToPath(new URL(`${name}.csv`, dir)));
const sal = csv("salamanders");
const SAL = "count ~ spp + mined + (1 | site)";

const CASES: { id: string; fit: () => GlmerMod; params: string[] }[] = [
  { id: "nbinom2", fit: () => glmer(SAL, sal, { family: "nbinom2" }), params: ["log(theta)"] },
  { id: "nbinom1", fit: () => glmer(SAL, sal, { family: "nbinom1" }), params: ["log(phi)"] },
  { id: "beta", fit: () => glmer("y ~ x + (1 | g)", csv("betasim"), { family: "beta" }), params: ["log(phi)"] },
  { id: "betabinomial", fit: () => glmer("cbind(k, size - k) ~ x + (1 | g)", csv("bbsim"), { family: "betabinomial" }), params: ["log(phi)"] },
  { id: "zip", fit: () => glmer(SAL, sal, { family: "poisson", ziformula: "~ mined" }), params: ["zi~(Intercept)", "zi~minedno"] },
  { id: "nbinom2 dispformula", fit: () => glmer(SAL, sal, { family: "nbinom2", dispformula: "~ mined" }), params: ["disp~(Intercept)", "disp~minedno"] },
];

/** The conditional mean μᵢ (before zero-inflation) at the modes. */
const condMean = (m: GlmerMod) => m.predict({ type: "conditional" });

/** Per-row mean and variance of the conditional distribution of a fit (see the module doc). */
function moments(m: GlmerMod): { mean: Float64Array; vari: Float64Array } {
  const n = m.nobs, mu = condMean(m);
  const mean = m.fitted();
  const vari = new Float64Array(n);
  if (m.laplace!.family.name === "betabinomial") {
    const phi = Math.exp(m.laplace!.par[0]!), w = m.priorWeights;
    for (let i = 0; i < n; i++) vari[i] = (mu[i]! * (1 - mu[i]!) * (1 + (w[i]! - 1) / (phi + 1))) / w[i]!;
  } else m.family.varianceInto(mu, vari);
  return { mean, vari };
}

describe("Laplace-engine families after the fit", () => {
  for (const c of CASES) {
    it(`${c.id}: simulate draws from the family, bootMer refits on it, allFit refits it`, async () => {
      const m = c.fit();
      expect(m.laplace!.family.params.map((q) => q.name)).toEqual(c.params);
      // simulate (conditional): moments per row against the family's
      const nsim = 400, n = m.nobs;
      const { sims } = simulate(m, { nsim, seed: 11, reForm: "conditional" });
      const { mean, vari } = moments(m);
      let sz = 0, sz2 = 0, ss = 0, sv = 0;
      for (let i = 0; i < n; i++) {
        let a = 0, b = 0;
        for (const s of sims) a += s[i]!;
        a /= nsim;
        for (const s of sims) b += (s[i]! - a) ** 2;
        b /= nsim - 1;
        const z = (a - mean[i]!) / Math.sqrt(vari[i]! / nsim);
        sz += z; sz2 += z * z; ss += b; sv += vari[i]!;
      }
      expect(Math.abs(sz / n)).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(sz2 / n - 1)).toBeLessThan(0.25);
      expect(Math.abs(ss / sv - 1)).toBeLessThan(0.05);
      if (c.id === "zip") {
        // structural zeros: rows with μ large still give zeros at about rate p
        const p = m.predict({ type: "zprob" });
        const mu = condMean(m);
        const big = [...Array(n).keys()].filter((i) => mu[i]! > 5);
        let zeros = 0, expected = 0;
        for (const i of big) { expected += nsim * (p[i]! + (1 - p[i]!) * Math.exp(-mu[i]!)); for (const s of sims) if (s[i] === 0) zeros++; }
        expect(big.length).toBeGreaterThan(10);
        expect(Math.abs(zeros - expected)).toBeLessThan(5 * Math.sqrt(expected));
      }
      // bootMer: a small seeded bootstrap refits on the same family (its parameters estimated anew)
      const b = await bootMer(m, "all", { nsim: 2, seed: 3, workers: 0 });
      expect(b.failures).toEqual([]);
      expect(b.names.slice(-c.params.length)).toEqual(c.params);
      expect(Array.from(b.t0.slice(-c.params.length))).toEqual(Array.from(m.laplace!.par));
      for (const row of b.t) {
        expect(row.every(Number.isFinite)).toBe(true);
        expect(Array.from(row)).not.toEqual(Array.from(b.t0));
      }
      const fam = await bootMer(m, (r) => [r.kind === "glmerMod" && r.laplace ? r.laplace.par.length : -1, r.df], { nsim: 1, seed: 3, workers: 0 });
      expect(Array.from(fam.t[0]!)).toEqual([c.params.length, m.df]);
      // allFit: another optimizer on the same model and family reaches the same optimum
      const af = allFit(m, { optimizers: ["L-BFGS-B"] });
      expect(af.entries[0]!.ok).toBe(true);
      expect(Math.abs(af.entries[0]!.logLik - m.logLik())).toBeLessThan(1e-3);
    }, 120_000);
  }

  it("simulate at new data uses pᵢ and φᵢ of the new rows (ziformula / dispformula)", () => {
    const m = CASES[4]!.fit();
    const rows = { spp: Array(400).fill("GP"), mined: [...Array(200).fill("no"), ...Array(200).fill("yes")], site: Array(400).fill("R-1"), cover: Array(400).fill(0) };
    const s = simulate(m, { nsim: 20, seed: 2, newdata: rows, reForm: "conditional" });
    const p = m.predict({ newdata: rows, type: "zprob" });
    const muc = m.predict({ newdata: rows, type: "conditional" });
    for (const half of [0, 200]) {
      let zeros = 0;
      for (const y of s.sims) for (let i = half; i < half + 200; i++) if (y[i] === 0) zeros++;
      const e = 4000 * (p[half]! + (1 - p[half]!) * Math.exp(-muc[half]!));
      expect(Math.abs(zeros - e)).toBeLessThan(5 * Math.sqrt(e));
    }
  });
});

describe("anova: likelihood-ratio tests across families", () => {
  it("poisson vs nbinom2 vs zero-inflated nbinom2 agrees with glmmTMB's anova", () => {
    const ref = JSON.parse(readFileSync(new URL("../fixtures/families-profile/anova_pois_nb2_zinb2.json", import.meta.url), "utf8"));
    const mp = glmer(SAL, sal, { family: "poisson" });
    const mnb = glmer(SAL, sal, { family: "nbinom2" });
    const mzinb = glmer(SAL, sal, { family: "nbinom2", ziformula: "~ mined" });
    const a = anova(mzinb, mp, mnb, { names: ["mzinb", "mp", "mnb"] });
    expect(a.rows.map((r) => r.name)).toEqual(["mp", "mnb", "mzinb"]);
    expect(a.rows.map((r) => r.npar)).toEqual(ref.Df);
    expect(a.rows.map((r) => r.Df)).toEqual([null, ...ref.ChiDf.slice(1)]);
    // logLik 1e-5 relative (the fits agree to about 1e-7 relative); χ² and p to 1e-3 relative
    a.rows.forEach((r, i) => {
      expect(Math.abs(r.logLik - ref.logLik[i]) / Math.abs(ref.logLik[i])).toBeLessThan(1e-5);
      expect(Math.abs(r.AIC - ref.AIC[i]) / ref.AIC[i]).toBeLessThan(1e-5);
      if (i > 0) {
        expect(Math.abs(r.Chisq! - ref.Chisq[i]) / ref.Chisq[i]).toBeLessThan(1e-3);
        expect(Math.abs(r.p! - ref.p[i]) / ref.p[i]).toBeLessThan(1e-3);
      }
    });
  }, 120_000);

  it("drop1 of a zero-inflated poisson keeps its ziformula (glmmTMB's drop1(test = \"Chisq\"))", () => {
    const ref = JSON.parse(readFileSync(new URL("../fixtures/families-profile/drop1_zip_mined.json", import.meta.url), "utf8"));
    const m = glmer(SAL, sal, { family: "poisson", ziformula: "~ mined" });
    const t = drop1(m);
    expect(t.rows.map((r) => r.term)).toEqual(ref.terms);
    expect(t.rows.map((r) => r.npar)).toEqual(ref.Df);
    // AIC 1e-5 relative, LRT 1e-3 relative (differences of fits that agree to ~1e-7 in logLik)
    t.rows.forEach((r, i) => {
      expect(Math.abs(r.AIC - ref.AIC[i]) / ref.AIC[i]).toBeLessThan(1e-5);
      if (i > 0) expect(Math.abs(r.LRT! - ref.LRT[i]) / ref.LRT[i]).toBeLessThan(1e-3);
    });
  }, 120_000);

  it("ranova of an nbinom2 fit refits on nbinom2 (each reduced model's logLik is that of a direct fit)", () => {
    const m = glmer("count ~ mined + (1 | site) + (1 | spp)", sal, { family: "nbinom2" });
    const t = ranova(m);
    const direct = glmer("count ~ mined + (1 | spp)", sal, { family: "nbinom2" });
    const row = t.rows.find((r) => r.term === "(1 | site)")!;
    expect(Math.abs(row.logLik - direct.logLik())).toBeLessThan(1e-6);
  }, 120_000);
});
