/**
 * checkModel's panel data against performance 0.10.2 / lme4 1.1-31 (scripts/checkmodel-refs.R):
 * VIFs and their intervals (check_collinearity), leverage and Cook's distance (LMM: lme4's;
 * GLMM: the PIRLS-step leverages, against R's matrix formula in the script), the homogeneity
 * panel's √|scaled residual|, Cook's threshold, random-effect Q-Q data and binned residuals.
 * Tolerances are relative to each vector's largest |value| (so a residual near 0 is not held to a
 * relative bound): 1e-4 for the LMMs, 1e-3 for the GLMMs, which is the agreement of the fits
 * themselves (θ̂ and β̂ from two optimizers: the Days² model's random-effect modes differ by 2.5e-5
 * of their range, cm6's VIFs by 5e-4); a wrong definition (another residual type, a missing
 * standardization, another VIF formula) is off by far more. VIF intervals: 5e-3 relative (near VIF = 1 they amplify the VIF's error by 1/(1 − 1/VIF)).
 */
import { describe, expect, it } from "vitest";
import { checkModel, checkCollinearity, LmeError } from "../../src/index.js";
import { fits, refs } from "./models.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);
function close(got: ArrayLike<number>, want: readonly number[], tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  const scale = Math.max(...want.map(Math.abs), 1e-12);
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / scale);
  expect(worst, what).toBeLessThan(tol);
}

const cases = [["sleepstudy", 1e-4], ["sleepstudyQuad", 1e-4], ["cbpp", 1e-3], ["cbpp2", 1e-3], ["grouseticks", 1e-3], ["cm6", 1e-3]] as const;

describe.each(cases)("checkModel(%s) against performance::check_model's data", (name, tol) => {
  const m = fits[name](), ref = refs[name], ck = checkModel(m, { seed: 1, nsim: 50, iterations: 5 });
  it("collinearity: generalized VIFs, SE factors and intervals", () => {
    if (ref.vif === null) {
      expect(ck.collinearity.rows).toEqual([]);
      expect(ck.collinearity.notes[0]).toMatch(/at least 2/);
      return;
    }
    expect(ck.collinearity.rows.map((r) => r.term)).toEqual(ref.vif.term);
    expect(String(ck.collinearity)).toMatch(new RegExp(`# Check for Multicollinearity[\\s\\S]*${ref.vif.term[0].replace(/[()^]/g, "\\$&")}`));
    close(ck.collinearity.rows.map((r) => r.vif), ref.vif.vif, tol, "VIF");
    close(ck.collinearity.rows.map((r) => r.seFactor), ref.vif.seFactor, tol, "SE factor");
    ck.collinearity.rows.forEach((r, k) => {
      expect(rel(r.ciLow, ref.vif!.ciLow[k]), `ciLow ${r.term}`).toBeLessThan(5e-3);
      if (ref.vif!.ciHigh[k] < 1e6) expect(rel(r.ciHigh, ref.vif!.ciHigh[k]), `ciHigh ${r.term}`).toBeLessThan(5e-3);
      else expect(r.ciHigh).toBeGreaterThan(1e6); // R: 2.5e10 for a VIF of 1.008 (r ≈ 0)
    });
  });
  it("influential observations: leverages, Cook's distance, performance's threshold", () => {
    if (m.kind === "lmerMod") {
      // lme4's hatvalues and cooks.distance, as performance uses them
      close(ck.influence.hat, ref.hat, tol, "hat");
      close(ck.influence.cooks, ref.cooks, tol, "Cook's distance");
    } else {
      // GLMM: the leverages of the final PIRLS step (R: diag of W^½ A M⁻¹ Aᵀ W^½), not lme4's
      close(ck.influence.hat, ref.hatWorking, tol, "working-weight leverage");
      const p = m.beta.length, want = ref.hatWorking.map((h, i) => ((ref.pearson[i] / (1 - h)) ** 2 * h) / p);
      close(ck.influence.cooks, want, tol, "Cook's distance from them");
      expect(Math.max(...ck.influence.hat)).toBeLessThan(1);
    }
    expect(rel(ck.influence.threshold, ref.cookThreshold)).toBeLessThan(1e-8);
    expect(ck.influence.cookLevels).toEqual([0.5, 1]);
  });
  it("homogeneity: √|residuals(m, scaled = TRUE)| against fitted", () => {
    close(ck.fitted, ref.fitted, tol, "fitted");
    close(ck.homogeneity, ref.homogeneity, tol, "sqrt|scaled residual|");
  });
  it("normality of random effects: .diag_reqq's Q-Q data", () => {
    const group = Object.keys(ref.reqq)[0], r = ref.reqq[group];
    const terms = ck.ranefQQ.filter((q) => q.group === group);
    const flat = (f: (q: (typeof terms)[number]) => Float64Array) => terms.flatMap((q) => Array.from(f(q)));
    close(flat((q) => q.x), r.x, 1e-12, "normal quantiles");
    close(flat((q) => q.y), r.y, tol, "sorted modes");
    close(flat((q) => q.confLow), r.confLow, tol, "conf.low");
    close(flat((q) => q.confHigh), r.confHigh, tol, "conf.high");
    expect(terms.flatMap((q) => q.levels.map(() => q.term))).toEqual(r.facet);
  });
  it("binned residuals (binomial), dispersion (poisson) or linearity and normal Q-Q (LMM)", () => {
    if (m.kind === "lmerMod") {
      expect(ck.binned).toBeNull();
      close(ck.linearity!.residuals, ref.residuals, tol, "residuals");
      expect(ck.qq.type).toBe("normal");
      return;
    }
    expect(ck.linearity).toBeNull();
    expect(ck.qq.type).toBe("uniform");
    if (ref.overdispersion) {
      // poisson: performance's .diag_overdispersion columns
      expect(ck.binned).toBeNull();
      close(ck.overdispersion!.predicted, ref.overdispersion.predicted, tol, "Predicted");
      close(ck.overdispersion!.res2, ref.overdispersion.res2, tol, "Res2");
      close(ck.overdispersion!.variance, ref.overdispersion.variance, tol, "V");
      return;
    }
    expect(ck.overdispersion).toBeNull();
    const b = ck.binned!;
    if (ref.binned === null) {
      // cbind() response: R's binned residuals are counts minus proportions (see checks/binned.ts)
      expect(b.reduce((s, x) => s + x.n, 0)).toBeLessThanOrEqual(m.nobs);
      return;
    }
    expect(b.map((x) => x.n)).toEqual(ref.binned.n);
    close(b.map((x) => x.xbar), ref.binned.xbar, tol, "xbar");
    close(b.map((x) => x.ybar), ref.binned.ybar, tol, "ybar");
    close(b.map((x) => x.se), ref.binned.se, tol, "se");
    close(b.map((x) => x.ciLow), ref.binned.ciLow, tol, "CI_low");
    expect(b.map((x) => x.ok)).toEqual(ref.binned.ok);
  });
  it("posterior predictive check: the observed response and the requested conditional simulations", () => {
    expect(ck.ppCheck.simulated.length).toBe(5);
    expect(ck.ppCheck.simulated[0].length).toBe(m.nobs);
    expect(ck.ppCheck.type).toBe(m.kind === "lmerMod" ? "density" : "ecdf");
  });
});

describe("checkModel arguments", () => {
  it("refuses a non-model and bad options with an LmeError", () => {
    expect(() => checkModel(42 as never)).toThrow(LmeError);
    expect(() => checkCollinearity({} as never)).toThrow(LmeError);
    const m = fits.sleepstudy();
    expect(() => checkModel(m, { iterations: 0 })).toThrow(LmeError);
    expect(() => checkModel(m, { nsims: 3 } as never)).toThrow(/nsim/);
  });
  it("is reproducible from its seed", () => {
    const m = fits.sleepstudy();
    expect(checkModel(m, { seed: 7, iterations: 2 }).ppCheck.simulated[1]).toEqual(checkModel(m, { seed: 7, iterations: 2 }).ppCheck.simulated[1]);
  });
});
