/**
 * update / refit chains against lme4 1.1-31 (test/fixtures/update/chains.json and
 * accessors.json, written by scripts/update-refs.R). Tolerances:
 * - fixef and θ: 2e-3 absolute or relative (optimizer tolerance; BOBYQA paths differ);
 * - logLik: 1e-4 absolute for LMMs, 2e-4 for GLMMs (or better than lme4 by less than 1e-2);
 * - deviance, REMLcrit, ML deviance, σ: 1e-3 relative; counts and weights exactly.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer, glmer, datasets, update, refit, coef, deviance, REMLcrit, dfResidual, nobs, ngrps, formula, family, weights, anova, type MerMod, LmeError } from "../../src/index.js";

interface FitInfo {
  label: string; formula: string; class: string; REML: boolean; nAGQ: number; family: string; link: string;
  fixef: Record<string, number>; theta: number[]; logLik: number; deviance: number; devianceML: number | null;
  REMLcrit: number | null; dfResidual: number; nobs: number; ngrps: Record<string, number>; sigma: number; weights: number[];
}
interface Step { from: string; update?: string; options?: Record<string, unknown>; fit: FitInfo }
interface Chain { id: string; data: string; steps: Step[]; fits: Record<string, FitInfo>; anova?: { models: string[]; Chisq: number; Df: number; p: number } }

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/update/${name}`, import.meta.url), "utf8"));
const chains = fixture("chains.json") as Chain[];
const acc = fixture("accessors.json") as { coef: { group: string; levels: string[]; names: string[]; values: number[][] }; glmmRefit: { successes: number[]; failures: number[]; fit: FitInfo; fitAGQ9: FitInfo }; lmmRefit: { newresponse: number[]; fit: FitInfo }; ml: FitInfo };

const close = (got: number, want: number, tol: number) => Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));

/** The models the R script starts each chain from (same calls). */
function baseModels(id: string): Record<string, MerMod> {
  if (id === "sleepstudy") {
    const d = datasets.sleepstudy();
    return { fm1: lmer("Reaction ~ Days + (Days | Subject)", d), fm0: lmer("Reaction ~ Days + (1 | Subject)", d) };
  }
  if (id === "cbpp") {
    const d = datasets.cbpp();
    return {
      gm1: glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", d, { family: "binomial" }),
      gw1: glmer("incidence/size ~ period + (1 | herd)", d, { family: "binomial", weights: "size" }),
    };
  }
  return { pm1: lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", datasets.Penicillin()) };
}

/** Every accessor of `m` against lme4's values. */
function expectLikeLme4(m: MerMod, f: FitInfo, checkFormula = true): void {
  if (checkFormula) expect(formula(m)).toBe(f.formula);
  expect(m.kind).toBe(f.class);
  expect(family(m).name).toBe(f.family);
  expect(family(m).link.name).toBe(f.link);
  expect(Object.keys(m.fixef())).toEqual(Object.keys(f.fixef));
  for (const [k, v] of Object.entries(f.fixef)) expect(close(m.fixef()[k], v, 2e-3), `fixef ${k}: ${m.fixef()[k]} vs ${v}`).toBe(true);
  expect(m.theta.length).toBe(f.theta.length);
  f.theta.forEach((v, i) => expect(close(m.theta[i], v, 2e-3), `theta ${i}: ${m.theta[i]} vs ${v}`).toBe(true));
  const llTol = m.kind === "lmerMod" ? 1e-4 : 2e-4;
  expect(m.logLik(), `logLik ${m.logLik()} vs ${f.logLik}`).toBeGreaterThan(f.logLik - llTol);
  expect(m.logLik()).toBeLessThan(f.logLik + 1e-2);
  expect(close(deviance(m), f.deviance, 1e-3), `deviance ${deviance(m)} vs ${f.deviance}`).toBe(true);
  if (m.kind === "lmerMod") {
    expect(close(REMLcrit(m), f.REMLcrit!, 1e-3), `REMLcrit ${REMLcrit(m)} vs ${f.REMLcrit}`).toBe(true);
    expect(close(deviance(m, { REML: false }), f.devianceML!, 1e-3)).toBe(true);
    expect(m.REML).toBe(f.REML);
  } else expect(m.nAGQ).toBe(f.nAGQ);
  expect(close(m.sigma, f.sigma, 1e-3)).toBe(true);
  expect(dfResidual(m)).toBe(f.dfResidual);
  expect(nobs(m)).toBe(f.nobs);
  expect(ngrps(m)).toEqual(f.ngrps);
  expect([...weights(m)]).toEqual(f.weights);
}

describe("update chains as lme4's update()", () => {
  for (const chain of chains) {
    describe(chain.id, () => {
      const models = baseModels(chain.id);
      for (const [label, f] of Object.entries(chain.fits)) it(`${label}: ${f.formula}`, () => expectLikeLme4(models[label], f));
      for (const s of chain.steps) {
        it(`${s.fit.label} = update(${s.from}, ${s.update ?? ""}${s.options ? ` ${JSON.stringify(s.options)}` : ""})`, () => {
          const from = models[s.from];
          const m = s.update === undefined ? update(from, s.options ?? {}) : update(from, s.update, s.options ?? {});
          models[s.fit.label] = m;
          // lme4 prints the formula of a (Days || Subject) fit with the || expanded; update.formula's
          // text (test/fixtures/update/formulas.json) is "Reaction ~ Days + (Days || Subject)".
          const expanded = s.fit.formula.includes("((");
          expectLikeLme4(m, s.fit, !expanded);
          if (expanded) expect(formula(m)).toBe("Reaction ~ Days + (Days || Subject)");
        });
      }
      if (chain.anova) {
        const a = chain.anova;
        it(`anova(${a.models.join(", ")}) on updated models`, () => {
          const t = anova(models[a.models[0]], models[a.models[1]]);
          const row = t.rows[1];
          expect(Math.abs(row.Chisq! - a.Chisq)).toBeLessThan(2e-3);
          expect(row.Df).toBe(a.Df);
          expect(Math.abs(row.p! - a.p)).toBeLessThan(1e-4 + 1e-2 * a.p);
        });
      }
    });
  }
  it("the method form chains like the function: fm1.update(...).update(...)", () => {
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
    const m = fm1.update(". ~ . - (Days | Subject) + (1 | Subject)").update({ REML: false });
    expect(m.formula).toBe("Reaction ~ Days + (1 | Subject)");
    expect(m.REML).toBe(false);
    expect(m.theta.length).toBe(1);
  });
  it("update(m, { data }) refits on other data (R's update(m, data = other))", () => {
    const d = datasets.sleepstudy();
    const days = (d.columns.get("Days") as { values: Float64Array }).values;
    const rows = [...Array(d.nrow).keys()].filter((i) => days[i] < 8);
    const sub = { nrow: rows.length, names: d.names, columns: new Map([...d.columns].map(([k, c]) => [k, c.kind === "numeric" ? { ...c, values: Float64Array.from(rows, (i) => c.values[i]) } : { ...c, codes: Int32Array.from(rows, (i) => c.codes[i]) }])) } as typeof d;
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", d);
    const a = update(fm1, ". ~ . - Days", { data: sub }), b = lmer("Reaction ~ (Days | Subject)", sub);
    expect(a.nobs).toBe(rows.length);
    expect(a.logLik()).toBeCloseTo(b.logLik(), 8);
    expect(fm1.update({ data: sub }).logLik()).toBeCloseTo(lmer("Reaction ~ Days + (Days | Subject)", sub).logLik(), 8);
  });
  it("formula(m) prints as R deparses; m.formula keeps the text given", () => {
    const m = lmer("Reaction~Days+(Days|Subject)", datasets.sleepstudy());
    expect(formula(m)).toBe("Reaction ~ Days + (Days | Subject)");
    expect(m.formula).toBe("Reaction~Days+(Days|Subject)");
    const g = glmer("incidence / size ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial", weights: "size" });
    expect(formula(g)).toBe("incidence/size ~ period + (1 | herd)");
  });
  it("an LMM has no family to update", () => {
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
    expect(() => update(fm1, { family: "poisson" } as never)).toThrow(/has no family .* glmer/);
  });
  it("an update naming an unknown column is an error naming it", () => {
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
    expect(() => fm1.update(". ~ . + Dayz")).toThrow(/no column "Dayz"/);
  });
});

describe("GLMM coef, deviance, refit as lme4", () => {
  const cb = datasets.cbpp();
  const gm1 = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cb, { family: "binomial" });
  it("coef(gm1)$herd within 2e-3", () => {
    const [g] = coef(gm1);
    expect(g.group).toBe(acc.coef.group);
    expect(g.levels).toEqual(acc.coef.levels);
    expect(g.names).toEqual(acc.coef.names);
    g.values.forEach((row, l) => row.forEach((v, j) => expect(close(v, acc.coef.values[l][j], 2e-3)).toBe(true)));
  });
  it("deviance(gm1) is the conditional deviance 73.47, not −2 logLik 184.05", () => {
    expect(deviance(gm1)).toBeCloseTo(73.47428, 2);
    expect(-2 * gm1.logLik()).toBeCloseTo(184.0531, 2);
  });
  it("refit(gm1, [successes, failures]) = lme4's refit with a two-column matrix", () => {
    const g = acc.glmmRefit;
    expectLikeLme4(refit(gm1, g.successes.map((s, i) => [s, g.failures[i]] as [number, number])), g.fit);
  });
  it("refit of an nAGQ = 9 fit = lme4's", () => {
    const g = acc.glmmRefit;
    expectLikeLme4(refit(update(gm1, { nAGQ: 9 }), g.successes.map((s, i) => [s, g.failures[i]] as [number, number])), g.fitAGQ9);
  });
  it("refit(gm1, proportions) with the fit's trials gives the same fit", () => {
    const g = acc.glmmRefit;
    expectLikeLme4(gm1.refit(g.successes.map((s, i) => s / (s + g.failures[i]))), g.fit);
  });
  it("refit(fm1, y) = a fresh lmer fit to y (lme4 1.1-31's own refit uses p = 1 in the REML criterion)", () => {
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
    expectLikeLme4(refit(fm1, acc.lmmRefit.newresponse), acc.lmmRefit.fit);
  });
  it("REMLcrit of an ML fit is the REML criterion at the ML estimates", () => {
    const ml = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy(), { REML: false });
    expectLikeLme4(ml, acc.ml);
  });
  it("refit refuses a response of the wrong length or out of range", () => {
    expect(() => refit(gm1, [0.5])).toThrow(LmeError);
    expect(() => refit(gm1, acc.glmmRefit.successes)).toThrow(/proportions in \[0, 1\]/);
  });
});
