/**
 * simplifyModel: singular fits simplified step by step (diagonalize singular correlated terms,
 * drop zero-variance components), every step recorded and reproducible from its formula.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { readCsv, toFrame } from "../../src/data/index.js";
import { parseFormula } from "../../src/formula/index.js";
import { simplifyModel, deparseRandomTerm } from "../../src/inference/index.js";
import { MIME_BUNDLE } from "../../src/display/mime.js";
import type { Frame } from "../../src/data/types.js";
import type { MerModel } from "../../src/inference/anova.js";

/** Refits a step's recorded formula from scratch: the formula is the whole truth about the step. */
function refitText(model: MerModel, formula: string, data: Frame): MerModel {
  if (model.kind === "lmerMod") return lmer(parseFormula(formula), data, { REML: model.REML });
  return glmer(parseFormula(formula), data, { family: model.family, nAGQ: model.nAGQ, weights: model.input.weights });
}

const cbppPath = new URL("../../../shared/reference/data/cbpp2_cbpp2_gm2.csv", import.meta.url).pathname;

describe.skipIf(!existsSync(cbppPath))("cbpp2 gm2 (binomial, weights = size): the herd variance is zero", () => {
  const cb = readCsv(cbppPath);
  const gm2 = glmer("incidence/size ~ period + treatment + avg_size + (1 | herd) + (1 | obs)", cb, { family: "binomial", weights: "size" });
  it("drops (1 | herd), refits, ends non-singular", () => {
    expect(gm2.isSingular()).toBe(true);
    const r = simplifyModel(gm2);
    expect(r.steps.length).toBe(2);
    const [s0, s1] = r.steps;
    expect(s0.model).toBe(gm2);
    expect(s0.isSingular).toBe(true);
    expect(s0.boundary.map((b) => b.group)).toEqual(["herd"]);
    expect(s1.changes).toHaveLength(1);
    expect(s1.changes[0]).toMatchObject({ action: "dropTerm", term: "(1 | herd)", group: "herd", components: ["(Intercept)"] });
    expect(s1.formula).toBe("incidence/size ~ period + treatment + avg_size + (1 | obs)");
    expect(s1.isSingular).toBe(false);
    expect(r.nonSingular).toBe(true);
    expect(r.final).toBe(s1.model);
    // dropping a zero variance leaves the likelihood; one parameter fewer: AIC − 2
    expect(Math.abs(s1.logLik - s0.logLik)).toBeLessThan(1e-3);
    expect(s0.df - s1.df).toBe(1);
    expect(s1.AIC - s0.AIC).toBeCloseTo(-2, 2);
    // family, nAGQ and weights carried over: refitting the recorded formula gives the same fit
    const again = refitText(gm2, s1.formula, gm2.input.mf.frame);
    expect(Math.abs(again.logLik() - s1.logLik)).toBeLessThan(1e-6);
    expect(s1.model.kind === "glmerMod" && s1.model.family.name).toBe("binomial");
    const txt = r.toString();
    expect(txt).toMatch(/binomial, Laplace/);
    expect(txt).toMatch(/step 0 boundary: herd: sd\(\(Intercept\)\) = /);
    expect(txt).toMatch(/step 1: dropped term \(1 \| herd\): every variance/);
    expect(txt).toMatch(/Stopped: the fit is not singular\./);
  });
});

describe("sleepstudy with a spurious grouping factor", () => {
  const sleep = datasets.sleepstudy();
  const col = (n: string) => sleep.columns.get(n)! as any;
  const R = col("Reaction").values, D = col("Days").values, S = col("Subject");
  const data = toFrame(Array.from({ length: 180 }, (_, i) => ({ Reaction: R[i], Days: D[i], Subject: S.levels[S.codes[i]], g: `g${(i * 7 + (i % 3)) % 3}` })));
  it("drops (1 | g) and arrives at fm1 (REML kept)", () => {
    const m = lmer("Reaction ~ Days + (Days | Subject) + (1 | g)", data);
    expect(m.isSingular()).toBe(true);
    const r = simplifyModel(m);
    expect(r.steps.map((s) => s.formula)).toEqual(["Reaction ~ Days + (Days | Subject) + (1 | g)", "Reaction ~ Days + (1 + Days | Subject)"]);
    expect(r.steps[1].changes[0].reason).toMatch(/sd\/σ < 0\.0001/);
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", sleep);
    const last = r.final;
    expect(last.kind === "lmerMod" && last.REML).toBe(true);
    expect(Math.abs(last.logLik() - fm1.logLik())).toBeLessThan(1e-6);
  });
});

/** y = 1 + 2x + b_j + e: no random slope in truth, so (1 + x | grp) is singular. */
function slopeFree(seed: number): Frame {
  let s = seed;
  const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nrm = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const rows: { y: number; x: number; grp: string }[] = [];
  for (let j = 0; j < 20; j++) {
    const b = nrm();
    for (let k = 0; k < 6; k++) rows.push({ y: 1 + 2 * (k / 5) + b + nrm(), x: k / 5, grp: `s${j}` });
  }
  return toFrame(rows);
}

describe("a singular unstructured term: diagonal first, then the zero slope dropped", () => {
  const data = slopeFree(3);
  const m = lmer("y ~ x + (1 + x | grp)", data);
  const r = simplifyModel(m);
  it("records both steps with reasons and reproducible formulas", () => {
    expect(m.isSingular()).toBe(true);
    expect(r.steps.map((s) => s.formula)).toEqual(["y ~ x + (1 + x | grp)", "y ~ x + diag(1 + x | grp)", "y ~ x + (1 | grp)"]);
    expect(r.steps.map((s) => s.isSingular)).toEqual([true, true, false]);
    expect(r.steps[0].boundary[0].what).toMatch(/^corr\(\(Intercept\), x\) = -1\.00$/);
    expect(r.steps[1].changes[0]).toMatchObject({ action: "diagonalize", term: "(1 + x | grp)", components: ["(Intercept)", "x"] });
    expect(r.steps[1].changes[0].reason).toMatch(/singular unstructured covariance \(corr/);
    expect(r.steps[2].changes[0]).toMatchObject({ action: "dropComponent", term: "diag(1 + x | grp)", components: ["x"] });
    expect(r.steps.map((s) => s.df)).toEqual([6, 5, 4]);
    for (const s of r.steps) expect(Math.abs(refitText(m, s.formula, data).logLik() - s.logLik)).toBeLessThan(1e-6);
    const bundle = (r as unknown as Record<symbol, () => Record<string, string>>)[MIME_BUNDLE]();
    expect(bundle["text/html"]).toMatch(/Simplification steps/);
    expect(r.toString().split("\n").filter((l) => /^\s+\d+\s+\d+\s+-/.test(l)).length).toBe(3);
  });
  it("maxSteps stops early and says so; a non-singular model gives one step; bad options throw", () => {
    const short = simplifyModel(m, { maxSteps: 1 });
    expect(short.steps.length).toBe(2);
    expect(short.nonSingular).toBe(false);
    expect(short.stopReason).toMatch(/maxSteps = 1/);
    const ok = simplifyModel(r.final);
    expect(ok.steps.length).toBe(1);
    expect(ok.stopReason).toMatch(/not singular/);
    expect(() => simplifyModel(m, { tol: 0 })).toThrow(/tol = 0/);
    expect(() => simplifyModel({} as MerModel)).toThrow(/not a model fitted/);
  });
});

describe("deparsing random terms", () => {
  it("writes lme4 2.x syntax with non-default hom only", () => {
    const f = parseFormula("y ~ x + cs(0 + f | g, hom = TRUE) + ar1(0 + f | g) + ar1(0 + f | g, hom = FALSE) + diag(x | g) + (x || h)");
    expect(f.random.map(deparseRandomTerm)).toEqual([
      "cs(0 + f | g, hom = TRUE)", "ar1(0 + f | g)", "ar1(0 + f | g, hom = FALSE)", "diag(1 + x | g)", "(1 | h)", "(0 + x | h)",
    ]);
  });
});

describe("the last random-effects term is never dropped silently", () => {
  it("Dyestuff2 (1 | Batch) with zero variance: stops, the unfitted proposal in the notes", () => {
    const m = lmer("Yield ~ 1 + (1 | Batch)", datasets.Dyestuff2());
    expect(m.isSingular()).toBe(true);
    const r = simplifyModel(m);
    expect(r.steps.length).toBe(1);
    expect(r.nonSingular).toBe(false);
    expect(r.stopReason).toMatch(/remove the last random-effects term \(Yield ~ 1\)/);
    expect(r.notes[0]).toMatch(/^not fitted: dropTerm \(1 \| Batch\)/);
    expect(r.toString()).toMatch(/Result: step 0 \(still singular\)/);
  });
});
