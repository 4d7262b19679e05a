/**
 * beta, betabinomial, zero-inflated poisson / nbinom2 / nbinom1 and dispersion models
 * (dispformula) fitted by glmer on the Laplace engine, against glmmTMB 1.1.5
 * (test/fixtures/families2, written by `Rscript scripts/families2-refs.R`: simulated beta,
 * betabinomial and gaussian data with known parameters, glmmTMB's Salamanders).
 *
 * Tolerances: logLik 1e-5 relative (measured: 1e-11 to 1e-9 for the interior optima; 1e-6 where
 * glmmTMB's zero-inflation intercept runs towards −∞ and both optimizers stop on a plateau);
 * conditional-model fixed effects and the random-effect sd 1e-4 relative (absolute below 1);
 * zero-inflation and dispersion coefficients 1e-4 relative or 1e-3 of glmmTMB's standard error,
 * whichever is larger (zinb2_mined's zi~minedno has SE 3.0: the log-likelihood changes by 5e-8
 * between glmmTMB's optimum and ours, 6e-4 apart); standard errors of the fixed effects
 * 1e-3 relative; predictions of the four types (link, conditional, zprob, response) and fitted
 * values 5e-4 relative. zinb1_mined, whose zero-inflation intercept runs to its bound on a plateau
 * (glmmTMB's and ours differ there by more than 3 standard errors at the same logLik), is checked
 * for its logLik only (1e-6 relative); zinb2_1 (the same plateau, ~4 s) is left out to keep the
 * suite fast (measured: logLik within 2e-8 of glmmTMB's).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { glmer } from "../../../src/glmm/glmer.js";
import { readCsv } from "../../../src/data/index.js";

interface Ref {
  readonly data: string;
  readonly call: { formula: string; family: string; ziformula: string | null; dispformula: string | null };
  readonly fit: {
    fixef: { cond: Record<string, number>; zi: Record<string, number> | null; disp: Record<string, number> | null };
    se: { cond: Record<string, number>; zi: Record<string, number> | null; disp: Record<string, number> | null };
    logLik: number; df: number; AIC: number; varcorr: { sd: number[] }[];
    predict: Record<"link" | "response" | "conditional" | "zprob", number[]>;
  };
}
const dir = new URL("../../fixtures/families2/", import.meta.url);
const load = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, dir), "utf8")) as Ref;
const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

export function fitRef(id: string) {
  const r = load(id);
  const data = readCsv(fileURLToPath(new URL(`${r.data}.csv`, dir)));
  const m = glmer(r.call.formula, data, {
    family: r.call.family,
    ...(r.call.ziformula ? { ziformula: r.call.ziformula } : {}),
    ...(r.call.dispformula ? { dispformula: r.call.dispformula } : {}),
  });
  return { r, m };
}

const CASES = ["beta", "beta_disp", "betabinomial", "gaussian_disp", "nb2_disp", "zip_mined", "zinb2_mined", "zip_1"];

describe("glmer with glmmTMB's extra families and models agrees with glmmTMB", () => {
  for (const id of CASES) {
    it(id, () => {
      const { r, m } = fitRef(id);
      const t = r.fit;
      expect(Math.abs(m.logLik() - t.logLik)).toBeLessThan(1e-5 * Math.abs(t.logLik));
      expect(m.df).toBe(t.df);
      const fe = m.fixef(), se = m.se();
      expect(Object.keys(fe)).toEqual(Object.keys(t.fixef.cond));
      for (const k of Object.keys(t.fixef.cond)) {
        close(fe[k]!, t.fixef.cond[k]!, 1e-4);
        expect(Math.abs(se[k]! / t.se.cond[k]! - 1)).toBeLessThan(1e-3);
      }
      close(m.VarCorr()[0]!.sd[0]!, t.varcorr[0]!.sd[0]!, 1e-4);
      const lap = m.laplace!;
      const names = lap.family.params.map((q) => q.name);
      const seOf = (part: Record<string, number> | null, k: string) => part?.[k] ?? Object.entries(part ?? {}).find(([n]) => n.endsWith(`~${k}`))?.[1] ?? 0;
      const refPar = [
        ...Object.entries(t.fixef.zi ?? {}).map(([k, v]) => [`zi~${k}`, v, seOf(t.se.zi, k)] as const),
        ...Object.entries(t.fixef.disp ?? {}).map(([k, v]) => [r.call.dispformula ? `disp~${k}` : "log(phi)", v, seOf(t.se.disp, k)] as const),
      ];
      expect(names).toEqual(refPar.map(([k]) => k));
      refPar.forEach(([k, v, s], j) => {
        expect(Math.abs(lap.par[j]! - v)).toBeLessThanOrEqual(Math.max(1e-4 * Math.max(1, Math.abs(v)), 1e-3 * s));
      });
      // glmmTMB's four prediction types at the data (5e-4 relative: the estimates' 1e-4, propagated)
      for (const type of ["link", "conditional", "zprob", "response"] as const) {
        const ours = m.predict({ type });
        t.predict[type].forEach((v, i) => expect(Math.abs(ours[i]! - v)).toBeLessThanOrEqual(5e-4 * Math.max(1, Math.abs(v))));
      }
      // the zero-inflation and dispersion blocks of the summary: names, estimates, standard errors (2e-3)
      const blocks = m.summary().extraModels ?? [];
      const refBlocks = [["Zero-inflation model:", t.fixef.zi, t.se.zi], ["Dispersion model:", r.call.dispformula ? t.fixef.disp : null, t.se.disp]] as const;
      expect(blocks.map((b) => b.title)).toEqual(refBlocks.filter(([, f]) => f).map(([title]) => title));
      for (const b of blocks) {
        const [, est, se] = refBlocks.find(([title]) => title === b.title)!;
        expect(b.rows.map((row) => row.name)).toEqual(Object.keys(est!));
        b.rows.forEach((row, j) => expect(Math.abs(row.se / Object.values(se!)[j]! - 1)).toBeLessThan(2e-3));
      }
      if (blocks.length) for (const b of blocks) expect(m.toString()).toContain(b.title);
      expect(m.warnings.join("\n")).not.toMatch(/zero-inflation probability/);
      const fit = m.fitted();
      t.predict.response.forEach((v, i) => expect(Math.abs(fit[i]! - v)).toBeLessThanOrEqual(5e-4 * Math.max(1, Math.abs(v))));
    });
  }
});

describe("a zero-inflation intercept on a plateau: the logLik agrees with glmmTMB", () => {
  it("zinb1_mined", () => {
    const { r, m } = fitRef("zinb1_mined");
    expect(Math.abs(m.logLik() - r.fit.logLik)).toBeLessThan(1e-6 * Math.abs(r.fit.logLik));
  });
});
