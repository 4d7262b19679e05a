/**
 * anova (likelihood-ratio tables) and drop1 against lme4 1.1-31 (sleepstudy_reml.json `extra`).
 * Tolerances: LRT quantities (Chisq, AIC, BIC, logLik) 1e-4 absolute, p 1e-4 relative.
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { parseFormula } from "../../src/formula/index.js";
import { subsetRows, withColumns } from "../../src/data/index.js";
import { anova, drop1, dropScope, pchisqUpper } from "../../src/inference/index.js";
import { formatPValue, signifStars } from "../../src/display/anovaText.js";
import { MIME_BUNDLE } from "../../src/display/mime.js";
import { LmeError } from "../../src/messages/error.js";
import { loadRef, refData } from "../lmm/reference.js";

const ref = loadRef("sleepstudy_reml").extra.anova_lrt;
const sleep = refData("sleepstudy");
const fm0 = lmer("Reaction ~ Days + (1 | Subject)", sleep);
const fm1 = lmer("Reaction ~ Days + (Days | Subject)", sleep);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("anova: likelihood-ratio tests of LMMs", () => {
  const a = anova(fm1, fm0, { names: ["fm1", "fm0"] });
  it("refits REML fits by ML and says so", () => {
    expect(a.refitted).toBe(true);
    expect(a.notes).toContain("refitting model(s) with ML (instead of REML)");
    expect(a.models.every((m) => m.kind === "lmerMod" && !m.REML)).toBe(true);
  });
  it("orders the models by npar", () => {
    expect(a.rows.map((r) => r.name)).toEqual(["fm0", "fm1"]);
    expect(a.rows.map((r) => r.npar)).toEqual([4, 6]);
    expect(a.rows.map((r) => r.formula)).toEqual(ref.models);
  });
  it("agrees with lme4's table", () => {
    ref.AIC.forEach((v: number, i: number) => expect(Math.abs(a.rows[i].AIC - v)).toBeLessThan(1e-4));
    ref.BIC.forEach((v: number, i: number) => expect(Math.abs(a.rows[i].BIC - v)).toBeLessThan(1e-4));
    ref.logLik.forEach((v: number, i: number) => expect(Math.abs(a.rows[i].logLik - v)).toBeLessThan(1e-4));
    expect(a.rows[0].Chisq).toBeNull();
    expect(Math.abs(a.rows[1].Chisq! - ref.chisq)).toBeLessThan(1e-4);
    expect(a.rows[1].Df).toBe(ref.df);
    expect(rel(a.rows[1].p!, ref.p)).toBeLessThan(1e-4);
    expect(a.rows[1].deviance).toBeCloseTo(-2 * a.rows[1].logLik, 10);
  });
  it("renders as R prints it (text and HTML)", () => {
    const txt = a.toString();
    expect(txt).toContain("refitting model(s) with ML (instead of REML)");
    expect(txt).toContain("fm0: Reaction ~ Days + (1 | Subject)");
    expect(txt).toMatch(/npar\s+AIC\s+BIC\s+logLik\s+deviance\s+Chisq\s+Df\s+Pr\(>Chisq\)/);
    expect(txt).toMatch(/fm1\s+6 1763\.9 1783\.1 -875\.97\s+1751\.9 42\.139\s+2\s+7\.072e-10 \*\*\*/);
    const html = (a as unknown as Record<symbol, () => Record<string, string>>)[MIME_BUNDLE]()["text/html"];
    expect(html).toContain("<table");
    expect(html).toContain("42.139");
  });
  it("keeps REML criteria with refit: false", () => {
    const b = anova([fm0, fm1], { refit: false });
    expect(b.refitted).toBe(false);
    expect(b.notes).toEqual([]);
    expect(b.rows[0].logLik).toBeCloseTo(fm0.logLik(), 10);
    expect(b.rows.map((r) => r.name)).toEqual(["model1", "model2"]);
  });
  it("does not refit ML fits", () => {
    const b = anova(fm0.update({ REML: false }), fm1.update({ REML: false }));
    expect(b.refitted).toBe(false);
    expect(Math.abs(b.rows[1].Chisq! - ref.chisq)).toBeLessThan(1e-4);
  });
});

describe("anova: refusals", () => {
  it("refuses models fitted to different numbers of observations, naming them", () => {
    const sub = lmer("Reaction ~ Days + (1 | Subject)", subsetRows(sleep, Int32Array.from({ length: 170 }, (_, i) => i)));
    let err: unknown;
    try { anova(sub, fm1, { names: ["small", "full"] }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LmeError);
    expect((err as LmeError).code).toBe("data");
    expect((err as LmeError).message).toMatch(/small has 170 observations, full has 180/);
  });
  it("refuses models with the same size but a different response", () => {
    const r = sleep.columns.get("Reaction")!;
    if (r.kind !== "numeric") throw new Error("Reaction is numeric");
    const y = Float64Array.from(r.values);
    y[4] += 1;
    const other = lmer("Reaction ~ Days + (1 | Subject)", withColumns(sleep, [{ kind: "numeric", name: "Reaction", values: y }]));
    expect(() => anova(fm1, other, { names: ["a", "b"] })).toThrow(/'a' and 'b' were fitted to different data.*observation 5/);
  });
  it("needs two models for likelihood-ratio tests (one model gives its F table)", () => {
    expect(() => anova()).toThrow(/two or more fitted models/);
    expect(() => anova([fm1])).toThrow(/two or more fitted models/);
    expect(anova(fm1).kind).toBe("fTable");
    expect(() => anova(fm1, fm0, { names: ["x"] })).toThrow(/names has 1 entries/);
  });
});

describe("anova and drop1 on GLMMs (cbpp)", () => {
  const cbpp = refData("cbpp");
  const gref = loadRef("cbpp_binomial").fit;
  const gm1 = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" });
  const gm0 = glmer("cbind(incidence, size - incidence) ~ 1 + (1 | herd)", cbpp, { family: "binomial" });
  it("compares with and without period", () => {
    const a = anova(gm1, gm0, { names: ["gm1", "gm0"] });
    expect(a.refitted).toBe(false);
    expect(a.rows.map((r) => r.name)).toEqual(["gm0", "gm1"]);
    expect(a.rows.map((r) => r.npar)).toEqual([2, 5]);
    expect(Math.abs(a.rows[1].logLik - gref.logLik)).toBeLessThan(1e-3);
    expect(Math.abs(a.rows[1].AIC - gref.AIC)).toBeLessThan(2e-3);
    const chisq = 2 * (gm1.logLik() - gm0.logLik());
    expect(a.rows[1].Chisq).toBeCloseTo(chisq, 10);
    expect(a.rows[1].Df).toBe(3);
    expect(a.rows[1].p).toBeCloseTo(pchisqUpper(chisq, 3), 15);
    expect(a.rows[1].Chisq!).toBeGreaterThan(20);
    expect(a.rows[1].p!).toBeLessThan(1e-4);
  });
  it("drop1 tests period by refitting without it", () => {
    const d = drop1(gm1);
    expect(d.rows.map((r) => r.term)).toEqual(["<none>", "period"]);
    expect(d.rows[1].npar).toBe(3);
    expect(d.rows[1].LRT!).toBeCloseTo(2 * (gm1.logLik() - gm0.logLik()), 3);
    expect(d.rows[1].AIC).toBeCloseTo(gm0.AIC(), 3);
    expect(d.fits[1].formula).toBe("cbind(incidence, size - incidence) ~ (1 | herd)");
  });
});

describe("drop1 on an LMM", () => {
  const d = drop1(fm1);
  it("refits by ML and tests Days", () => {
    expect(d.notes).toContain("refitting model(s) with ML (instead of REML)");
    expect(d.rows.map((r) => r.term)).toEqual(["<none>", "Days"]);
    expect(Math.abs(d.rows[0].AIC - ref.AIC[1])).toBeLessThan(1e-4);
    const reduced = lmer("Reaction ~ 1 + (Days | Subject)", sleep, { REML: false });
    expect(d.rows[1].npar).toBe(1);
    expect(Math.abs(d.rows[1].AIC - reduced.AIC())).toBeLessThan(1e-4);
    expect(Math.abs(d.rows[1].LRT! - (reduced.deviance() - (-2 * ref.logLik[1])))).toBeLessThan(1e-4);
    expect(d.rows[1].p).toBeCloseTo(pchisqUpper(d.rows[1].LRT!, 1), 15);
    expect(d.fits[1].formula).toBe("Reaction ~ (Days | Subject)");
  });
  it("renders like lme4's drop1", () => {
    const txt = d.toString();
    expect(txt).toContain("Single term deletions");
    expect(txt).toMatch(/<none>\s+1763\.9/);
    expect(txt).toMatch(/Days\s+1 1785\.5 23\.537 1\.226e-06 \*\*\*/);
  });
  it("respects marginality (drop.scope)", () => {
    const f = parseFormula("y ~ a * b + c + (1 | g)");
    expect(dropScope(f.fixed.terms).map((t) => t.label)).toEqual(["c", "a:b"]);
    expect(dropScope(parseFormula("y ~ a + a:b + (1 | g)").fixed.terms).map((t) => t.label)).toEqual(["a:b"]);
  });
});

describe("p-value formatting", () => {
  it("follows R's format.pval(digits = 4) and stars", () => {
    expect(formatPValue(7.07241254723083e-10)).toBe("7.072e-10");
    expect(formatPValue(1e-20)).toBe("< 2.2e-16");
    expect(formatPValue(0.05)).toBe("0.05");
    expect(formatPValue(0.0001234)).toBe("0.0001234");
    expect(formatPValue(null)).toBe("");
    expect([0.0005, 0.005, 0.03, 0.07, 0.5].map(signifStars)).toEqual(["***", "**", "*", ".", " "]);
  });
});
