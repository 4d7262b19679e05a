/**
 * The modular pipeline (lFormula → mkLmerDevfun → optimizeLmer → mkMerMod; glFormula →
 * mkGlmerDevfun). Against lme4 1.1-31 (test/fixtures/modular/devfun.json, scripts/modular-refs.R):
 * the objectives at fixed points to 1e-9 relative (LMM, exact arithmetic up to rounding) and 1e-6
 * (GLMM Laplace, PIRLS tolerance). Against lmer itself: θ, β, logLik to 1e-10 (the same code path).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  lmer, glmer, binomial, datasets, lFormula, mkLmerDevfun, optimizeLmer, mkMerMod, glFormula, mkGlmerDevfun, nelderMead, LmeError,
} from "../../src/index.js";

interface LmmRef { id: string; formula: string; REML: boolean; thetas: number[][]; values: number[]; theta: number[]; beta: number[]; logLik: number }
const ref = JSON.parse(readFileSync(new URL("../fixtures/modular/devfun.json", import.meta.url), "utf8")) as {
  lmm: LmmRef[]; glmm: { formula: string; points: number[][]; values: number[]; deviance: number; stage1Theta: number[] };
};
const data = (id: string) => (id.startsWith("sleepstudy") ? datasets.sleepstudy() : datasets.Penicillin());
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe.each(ref.lmm)("modular LMM pipeline: $id", (r) => {
  const opts = { REML: r.REML };
  const dev = mkLmerDevfun(lFormula(r.formula, data(r.id), opts));
  it("mkLmerDevfun agrees with lme4's at fixed θ", () => {
    r.thetas.forEach((th, k) => expect(rel(dev(th), r.values[k])).toBeLessThan(1e-9));
  });
  it("mkMerMod(optimizeLmer(devfun)) is lmer()'s fit", () => {
    const m1 = mkMerMod(dev, optimizeLmer(dev));
    const m0 = lmer(r.formula, data(r.id), opts);
    m0.theta.forEach((v, i) => expect(Math.abs(m1.theta[i] - v)).toBeLessThan(1e-10));
    m0.beta.forEach((v, i) => expect(Math.abs(m1.beta[i] - v)).toBeLessThan(1e-10));
    expect(Math.abs(m1.logLik() - m0.logLik())).toBeLessThan(1e-10);
    expect(Math.abs(m1.logLik() - r.logLik)).toBeLessThan(1e-5);
    expect(m1.formula).toBe(m0.formula);
  });
  it("a user's own optimizer plugs in: Nelder–Mead on the devfun, then mkMerMod", () => {
    const res = nelderMead((th) => dev(th), dev.start, { lower: dev.lower, upper: dev.upper, maxfun: 20000, ftolAbs: 1e-10, xtolAbs: 1e-7 });
    const m = mkMerMod(dev, { par: res.x, fval: res.fval, optimizer: "my Nelder-Mead" });
    expect(m.optinfo.optimizer).toBe("my Nelder-Mead");
    r.theta.forEach((v, i) => expect(Math.abs(m.theta[i] - v)).toBeLessThan(2e-3));
    expect(Math.abs(m.logLik() - r.logLik)).toBeLessThan(1e-5);
  });
});

describe("modular pipeline refusals", () => {
  const dev = mkLmerDevfun(lFormula("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy()));
  it("mkMerMod checks par; optimizeLmer wants a devfun", () => {
    expect(() => mkMerMod(dev, { par: [1, 0] })).toThrow(/opt\.par has 2 values but the model has 3/);
    expect(() => mkMerMod(dev, { par: [-1, 0, 1] })).toThrow(LmeError);
    expect(() => optimizeLmer(((th: number[]) => th[0]) as never)).toThrow(/mkLmerDevfun/);
    expect(() => lFormula("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy(), { family: "binomial" } as never)).toThrow(LmeError);
  });
});

describe("modular GLMM objective: cbpp", () => {
  const g = ref.glmm;
  const dev = mkGlmerDevfun(glFormula(g.formula, datasets.cbpp(), { family: binomial() }));
  it("the Laplace deviance of (θ, β) agrees with lme4's updated devfun", () => {
    g.points.forEach((x, k) => expect(rel(dev(x), g.values[k])).toBeLessThan(1e-6));
  });
  it("the fit's (θ̂, β̂) give glmer's deviance; stage 1 is minimized near lme4's θ", () => {
    const m = glmer(g.formula, datasets.cbpp(), { family: binomial() });
    expect(rel(dev([...m.theta, ...m.beta]), -2 * m.logLik())).toBeLessThan(1e-6);
    expect(Math.abs(dev.start[0] - g.stage1Theta[0])).toBeLessThan(1e-3);
    expect(dev.stage1(dev.start.subarray(0, 1))).toBeLessThan(dev.stage1([1]));
    expect(dev.lower.length).toBe(5);
    expect(dev.start.length).toBe(5);
  });
});
