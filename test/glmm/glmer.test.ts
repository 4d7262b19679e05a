/**
 * glmer against lme4 1.1-31 on every GLMM reference case. Tolerances per quantity (lme4's GLMM
 * optimum and Hessian-based SEs are less precise than its LMM ones):
 *   logLik: 2e-3 absolute, or better than lme4;  fixed effects: 1e-2 SE (when logLik is not
 *   better);  SEs: 1e-2 relative;  sds: 1e-2 relative or 2e-3 absolute;  conditional modes: 1e-2 × sd.
 */
import { describe, expect, it } from "vitest";
import { glmer } from "../../src/glmm/glmer.js";
import { referenceCases, refData } from "../lmm/reference.js";

const cases = referenceCases((r) => Boolean(r.call.family));

describe("glmer agrees with lme4", () => {
  it("has the GLMM reference cases", () => expect(cases.length).toBeGreaterThanOrEqual(15));
  for (const ref of cases) {
    it(ref.id, () => {
      const f = ref.fit;
      const m = glmer(ref.call.formula, refData(ref.data), {
        family: ref.call.family!, link: ref.call.link, nAGQ: ref.call.nAGQ ?? 1, weights: ref.call.weights ?? null,
      });
      expect(m.logLik()).toBeGreaterThan(f.logLik - 2e-3);
      const better = m.logLik() > f.logLik + 2e-3;
      expect(m.nobs).toBe(f.nobs);
      expect(m.df).toBe(f.df);
      expect(m.ngrps()).toEqual(f.ngrps);
      const fe = m.fixef(), se = m.se();
      expect(Object.keys(fe)).toEqual(Object.keys(f.fixef));
      if (better) return; // a better optimum may move the parameters (and reach a boundary)
      expect(m.isSingular()).toBe(f.isSingular);
      for (const k of Object.keys(f.fixef)) {
        expect(Math.abs(fe[k] - f.fixef[k]), k).toBeLessThan(1e-2 * f.se[k]);
        expect(Math.abs(se[k] / f.se[k] - 1), `se ${k}`).toBeLessThan(1e-2);
      }
      const vc = m.VarCorr();
      for (const r of f.varcorr) {
        const g = vc.find((b) => b.group === r.group && JSON.stringify(b.names) === JSON.stringify(r.names))!;
        r.sd.forEach((s: number, i: number) => {
          const d = Math.abs(g.sd[i] - s);
          expect(d <= 1e-2 * s || d <= 2e-3, `sd ${r.group} ${g.sd[i]} vs ${s}`).toBe(true);
        });
      }
      const fit = m.fitted();
      f.fitted_head.forEach((v: number, i: number) => expect(Math.abs(fit[i] - v)).toBeLessThan(1e-2 * Math.max(Math.abs(v), 0.1)));
    });
  }
});

describe("glmer behaviour", () => {
  it("nAGQ > 1 needs a single scalar term, said plainly", () => {
    const ref = cases.find((r) => r.id === "contraception_cm4")!;
    expect(() => glmer(ref.call.formula, refData(ref.data), { family: "binomial", nAGQ: 5 })).toThrow(/single scalar random-effects term/);
  });
  it("rejects an unknown family and an invalid link", () => {
    const ref = cases.find((r) => r.id === "cbpp_binomial")!;
    expect(() => glmer(ref.call.formula, refData(ref.data), { family: "binomal" })).toThrow(/binomal/);
    expect(() => glmer(ref.call.formula, refData(ref.data), { family: "binomial", link: "inverse" })).toThrow(/inverse/);
  });
  it("summary prints family, link and Wald z tests", () => {
    const ref = cases.find((r) => r.id === "cbpp_binomial")!;
    const m = glmer(ref.call.formula, refData(ref.data), { family: "binomial" });
    const s = m.summary();
    expect(s.statisticName).toBe("z value");
    const z = s.fixed.map((r) => r.statistic), p = s.fixed.map((r) => r.p!);
    ref.extra.z.forEach((v: number, i: number) => expect(Math.abs(z[i] - v)).toBeLessThan(1e-2 * Math.abs(v)));
    ref.extra.p.forEach((v: number, i: number) => expect(Math.abs(Math.log(p[i]) - Math.log(v))).toBeLessThan(0.05));
    expect(m.toString()).toMatch(/Family: binomial\s+\( logit \)/);
  });
});
