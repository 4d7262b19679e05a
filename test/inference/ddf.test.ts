/**
 * Satterthwaite (lmerTest) and Kenward–Roger (pbkrtest) df against sleepstudy_reml.json `extra`.
 * Tolerances: df within 1e-2, p-values 1e-2 relative, KR standard errors 1e-4 relative.
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import {
  satterthwaiteTests, satterthwaiteSetup, summaryWithDdf, lmmVarparFunctions, kenwardRogerTests, kenwardRogerAdjust,
  kenwardRogerFTest,
} from "../../src/inference/index.js";
import { formatSummary } from "../../src/display/summaryText.js";
import { LmeError } from "../../src/messages/error.js";
import { loadRef, refData } from "../lmm/reference.js";

const extra = loadRef("sleepstudy_reml").extra;
const sleep = refData("sleepstudy");
const fm1 = lmer("Reaction ~ Days + (Days | Subject)", sleep);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("Satterthwaite df (lmerTest)", () => {
  const tests = satterthwaiteTests(fm1);
  it("agrees with lmerTest on sleepstudy", () => {
    expect(tests.map((t) => t.name)).toEqual(["(Intercept)", "Days"]);
    tests.forEach((t, i) => {
      expect(Math.abs(t.df - extra.satterthwaite.df[i])).toBeLessThan(1e-2);
      expect(rel(t.p, extra.satterthwaite.p[i])).toBeLessThan(1e-2);
      expect(t.se).toBeCloseTo(fm1.se()[t.name], 10);
    });
  });
  it("uses a deviance in (θ, σ) that equals the criterion at the optimum", () => {
    const f = lmmVarparFunctions(fm1);
    expect(f.deviance(f.varpar)).toBeCloseTo(fm1.criterion, 8); // no prior weights: Σ log w = 0
    const s = satterthwaiteSetup(fm1);
    expect(s.warnings).toEqual([]);
    expect(s.vcovVarpar.length).toBe(16);
    expect(s.jacobian.length).toBe(4);
  });
  it("is invariant to the scale of a contrast", () => {
    const [a] = satterthwaiteTests(fm1, [[0, 2]]);
    expect(a.estimate).toBeCloseTo(2 * fm1.beta[1], 10);
    expect(a.df).toBeCloseTo(tests[1].df, 8);
    expect(a.p).toBeCloseTo(tests[1].p, 14);
  });
  it("works for ML fits", () => {
    const ml = satterthwaiteTests(fm1.update({ REML: false }));
    ml.forEach((t) => expect(t.df).toBeGreaterThan(15));
  });
});

describe("Kenward–Roger (pbkrtest)", () => {
  const kr = kenwardRogerTests(fm1);
  it("agrees with pbkrtest/lmerTest on sleepstudy", () => {
    kr.tests.forEach((t, i) => {
      expect(Math.abs(t.df - extra.kenward_roger.df[i])).toBeLessThan(1e-2);
      expect(rel(t.se, extra.kenward_roger.se[i])).toBeLessThan(1e-4);
      expect(rel(t.p, extra.kenward_roger.p[i])).toBeLessThan(1e-2);
    });
    expect(kr.warnings).toEqual([]);
  });
  it("has the unadjusted Φ equal to vcov(β̂) and symmetric Φ_A ≥ Φ", () => {
    const adj = kr.adjustment;
    const v = fm1.vcov().matrix;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(rel(adj.Phi[i + 2 * j], v[i][j])).toBeLessThan(1e-6);
    expect(adj.PhiA[1]).toBe(adj.PhiA[2]);
    expect(adj.PhiA[0]).toBeGreaterThanOrEqual(adj.Phi[0] * (1 - 1e-12));
    expect(adj.gammaNames).toEqual(["Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days", "sigma^2"]);
  });
  it("F test of one coefficient is the squared t test", () => {
    const f = kenwardRogerFTest(fm1, [[0, 1]]);
    expect(f.ndf).toBe(1);
    expect(f.F).toBeCloseTo(kr.tests[1].statistic ** 2, 6);
    expect(Math.abs(f.ddf - 17)).toBeLessThan(1e-2);
    expect(rel(f.p, kr.tests[1].p)).toBeLessThan(1e-6);
  });
  it("treats unit prior weights as no weights", () => {
    const w = lmer("Reaction ~ Days + (Days | Subject)", sleep, { weights: new Array(180).fill(1) });
    const a = kenwardRogerTests(w).tests;
    a.forEach((t, i) => expect(t.df).toBeCloseTo(kr.tests[i].df, 4));
  });
  it("refuses ML fits and GLMMs", () => {
    expect(() => kenwardRogerAdjust(fm1.update({ REML: false }))).toThrow(/need a REML fit/);
    const gm = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", refData("cbpp"), { family: "binomial" });
    let err: unknown;
    try { kenwardRogerTests(gm); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LmeError);
    expect((err as LmeError).code).toBe("usage");
    expect(() => satterthwaiteTests(gm)).toThrow(/for linear mixed models/);
  });
});

describe("summaryWithDdf", () => {
  it("fills df and p (Satterthwaite)", () => {
    const s = summaryWithDdf(fm1, "Satterthwaite");
    expect(s.title).toContain("Satterthwaite's method");
    s.fixed.forEach((r, i) => {
      expect(Math.abs(r.df! - extra.satterthwaite.df[i])).toBeLessThan(1e-2);
      expect(rel(r.p!, extra.satterthwaite.p[i])).toBeLessThan(1e-2);
    });
    const txt = formatSummary(s);
    expect(txt).toMatch(/Estimate Std\. Error\s+df t value Pr\(>\|t\|\)/);
  });
  it("uses the adjusted standard errors (Kenward–Roger)", () => {
    const s = summaryWithDdf(fm1, "Kenward-Roger");
    expect(s.title).toContain("Kenward-Roger's method");
    s.fixed.forEach((r, i) => {
      expect(rel(r.se, extra.kenward_roger.se[i])).toBeLessThan(1e-4);
      expect(Math.abs(r.df! - 17)).toBeLessThan(1e-2);
      expect(r.statistic).toBeCloseTo(r.estimate / r.se, 10);
    });
  });
  it("rejects unknown methods", () => {
    expect(() => summaryWithDdf(fm1, "Wald" as never)).toThrow(/unknown ddf method 'Wald'/);
  });
});

describe("several terms and structures", () => {
  it("gives the same Kenward–Roger df for (Days || Subject) and diag(Days | Subject)", () => {
    const a = kenwardRogerTests(lmer("Reaction ~ Days + (Days || Subject)", sleep));
    const b = kenwardRogerTests(lmer("Reaction ~ Days + diag(Days | Subject)", sleep));
    expect(a.adjustment.gammaNames).toEqual(["Subject.(Intercept)", "Subject.Days", "sigma^2"]);
    a.tests.forEach((t, i) => {
      expect(Math.abs(t.df - b.tests[i].df)).toBeLessThan(1e-4);
      expect(rel(t.se, b.tests[i].se)).toBeLessThan(1e-6);
      expect(t.df).toBeGreaterThan(17);
    });
  });
  it("crossed terms (Penicillin): Satterthwaite and Kenward–Roger agree for the intercept", () => {
    const m = lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", refData("Penicillin"));
    const [s] = satterthwaiteTests(m), [k] = kenwardRogerTests(m).tests;
    expect(Math.abs(s.df - k.df)).toBeLessThan(1e-2);
    expect(s.df).toBeGreaterThan(4);
    expect(s.df).toBeLessThan(7);
  });
});
