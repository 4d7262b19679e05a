/**
 * lmer against lme4 1.1-31 on every LMM reference case (InstEval is left to the conformance
 * run: 73,421 rows). Tolerances per quantity:
 *   criterion (REMLcrit or −2 logLik): 1e-4 absolute, or better than lme4;
 *   fixed effects: 1e-3 standard errors;  standard errors: 2e-3 relative;
 *   variance-component sds: 2e-3 relative (or 1e-4 σ absolute for sds near 0);
 *   correlations: 2e-3 absolute;  σ: 2e-3 relative;  conditional modes: 2e-3 × the term's sd.
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { referenceCases, refData } from "./reference.js";

const cases = referenceCases((r) => !r.call.family && r.id !== "insteval_crossed");

describe("lmer agrees with lme4", () => {
  it("has LMM reference cases", () => expect(cases.length).toBeGreaterThanOrEqual(8));
  for (const ref of cases) {
    it(ref.id, () => {
      const f = ref.fit;
      const m = lmer(ref.call.formula, refData(ref.data), { REML: ref.call.REML !== false, weights: ref.call.weights ?? null });
      if (f.REMLcrit != null && m.REML) expect(m.criterion).toBeLessThan(f.REMLcrit + 1e-4);
      else expect(m.logLik()).toBeGreaterThan(f.logLik - 1e-4);
      expect(Math.abs(m.logLik() - f.logLik)).toBeLessThan(1e-3);
      expect(m.nobs).toBe(f.nobs);
      expect(m.df).toBe(f.df);
      expect(m.ngrps()).toEqual(f.ngrps);
      const fe = m.fixef(), se = m.se();
      expect(Object.keys(fe)).toEqual(Object.keys(f.fixef));
      for (const k of Object.keys(f.fixef)) {
        expect(Math.abs(fe[k] - f.fixef[k])).toBeLessThan(1e-3 * f.se[k] + 1e-8);
        expect(Math.abs(se[k] - f.se[k])).toBeLessThan(2e-3 * f.se[k]);
      }
      expect(Math.abs(m.sigma - f.sigma)).toBeLessThan(2e-3 * f.sigma);
      const vc = m.VarCorr();
      for (const r of f.varcorr) {
        const g = vc.find((b) => b.group === r.group && JSON.stringify(b.names) === JSON.stringify(r.names));
        expect(g, `${r.group} ${r.names}`).toBeDefined();
        r.sd.forEach((s: number, i: number) => {
          const d = Math.abs(g!.sd[i] - s);
          expect(d <= 2e-3 * s || d <= 1e-4 * f.sigma, `sd ${r.group}.${r.names[i]} ${g!.sd[i]} vs ${s}`).toBe(true);
        });
        if (r.corr && r.sd.every((s: number) => s > 1e-3 * f.sigma))
          for (let i = 0; i < r.corr.length; i++) for (let j = 0; j < i; j++) expect(Math.abs(g!.corr![i][j] - r.corr[i][j])).toBeLessThan(2e-3);
      }
      expect(m.isSingular()).toBe(f.isSingular);
      const fit = m.fitted(), res = m.residuals();
      f.fitted_head.forEach((v: number, i: number) => expect(Math.abs(fit[i] - v)).toBeLessThan(2e-3 * f.sigma));
      f.resid_head.forEach((v: number, i: number) => expect(Math.abs(res[i] - v)).toBeLessThan(2e-3 * f.sigma));
      const re = m.ranef({ condVar: true });
      for (const r of f.ranef) {
        const g = re.find((x) => x.group === r.group)!;
        const sdScale = Math.max(...(f.varcorr.find((v: any) => v.group === r.group)?.sd ?? [1]), 1e-8);
        r.levels.forEach((lev: string, li: number) => {
          const gi = g.levels.indexOf(lev);
          expect(gi).toBeGreaterThanOrEqual(0);
          r.names.forEach((nm: string, ni: number) => {
            const gni = g.names.indexOf(nm);
            expect(Math.abs(g.values[gi][gni] - r.values[li][ni])).toBeLessThan(2e-3 * sdScale + 1e-6);
            if (r.condsd) {
              // R serializes a one-column table transposed (names × levels).
              const want = r.condsd.length === r.levels.length ? r.condsd[li][ni] : r.condsd[ni][li];
              expect(Math.abs(g.condsd![gi][gni] - want)).toBeLessThan(5e-3 * want + 1e-6);
            }
          });
        });
      }
    });
  }
});
