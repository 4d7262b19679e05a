/**
 * Single-model anova against R: lmerTest 3.1 `anova(m, type = 1|2|3, ddf = "Satterthwaite" |
 * "Kenward-Roger")` and lme4's `anova(m)` for LMMs, car 3.1 `Anova(m, type = 2|3)` for GLMMs, on
 * the fixtures of scripts/anova-refs.R (factor × factor with an ordered factor — type 3 must be
 * contrast-coding independent —, factor × covariate balanced and unbalanced, random slopes;
 * binomial and poisson GLMMs).
 *
 * Tolerances: F, Sum Sq, Mean Sq 1e-4 relative (θ agrees with lme4's to the optimizers'
 * tolerance); NumDF exact; DenDF 1e-3 relative (Satterthwaite's df carry the finite-difference
 * Hessian: lmerTest's numDeriv and our Richardson steps differ); p-values 1e-3 relative or 1e-12
 * absolute; GLMM χ² 2e-3 relative (β̂ and vcov agree with lme4's to ~1e-3).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anova } from "../../src/inference/anova.js";
import { ranova } from "../../src/inference/ranova.js";
import "../../src/display/fTableText.js";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { refData } from "../lmm/reference.js";
import type { FTable, WaldChisqTable } from "../../src/inference/fTable.js";

type Row = Record<string, string | number>;
interface Ref { id: string; kind: "lmm" | "glmm"; call: { data: string; formula: string; family?: string }; [k: string]: unknown }
const dir = new URL("../fixtures/anova/", import.meta.url);
const refs: Ref[] = readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => ({ id: f.replace(/\.json$/, ""), ...JSON.parse(readFileSync(new URL(f, dir), "utf8")) }));

const rel = (a: number, b: number, tol: number, what: string, abs = 0) =>
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.abs(b) + abs);

describe("anova(m) F tables agree with lmerTest", () => {
  for (const ref of refs.filter((r) => r.kind === "lmm")) {
    const m = lmer(ref.call.formula, refData(ref.call.data));
    for (const type of [1, 2, 3] as const)
      for (const ddf of ["Satterthwaite", "Kenward-Roger"] as const) {
        it(`${ref.id} type ${type} ${ddf}`, () => {
          const want = ref[`type${type}_${ddf}`] as Row[];
          const got = anova(m, { type, ddf }) as FTable;
          expect(got.rows.map((r) => r.term)).toEqual(want.map((r) => r.term));
          got.rows.forEach((r, i) => {
            const w = want[i], tag = `${ref.id} ${r.term}`;
            expect(r.NumDF, tag).toBe(w.NumDF);
            rel(r.F, w["F value"] as number, 1e-4, `${tag} F`);
            rel(r.SumSq, w["Sum Sq"] as number, 1e-4, `${tag} SumSq`);
            rel(r.MeanSq, w["Mean Sq"] as number, 1e-4, `${tag} MeanSq`);
            rel(r.DenDF!, w.DenDF as number, 1e-3, `${tag} DenDF`);
            rel(r.p!, w["Pr(>F)"] as number, 1e-3, `${tag} p`, 1e-12);
          });
          expect(String(got)).toMatch(new RegExp(`Type ${["", "I", "II", "III"][type]} Analysis of Variance Table`));
        });
      }
    it(`${ref.id} lme4's table`, () => {
      const want = ref.lme4 as Row[];
      const got = anova(m, { ddf: "lme4" }) as FTable;
      expect(got.rows.map((r) => r.term)).toEqual(want.map((r) => r.term));
      got.rows.forEach((r, i) => {
        expect(r.NumDF).toBe(want[i].npar);
        rel(r.SumSq, want[i]["Sum Sq"] as number, 1e-4, `${r.term} SumSq`);
        rel(r.F, want[i]["F value"] as number, 1e-4, `${r.term} F`);
      });
    });
  }
});

describe("anova(glmerModel) Wald tables agree with car::Anova", () => {
  for (const ref of refs.filter((r) => r.kind === "glmm")) {
    const m = glmer(ref.call.formula, refData(ref.call.data), { family: ref.call.family! });
    for (const type of [2, 3] as const)
      it(`${ref.id} type ${type}`, () => {
        const want = ref[`type${type}`] as Row[];
        const got = anova(m, { type }) as WaldChisqTable;
        expect(got.rows.map((r) => r.term)).toEqual(want.map((r) => r.term));
        got.rows.forEach((r, i) => {
          expect(r.Df).toBe(want[i].Df);
          rel(r.Chisq, want[i].Chisq as number, 2e-3, `${ref.id} ${r.term} Chisq`);
          rel(r.p, want[i]["Pr(>Chisq)"] as number, 1e-2, `${ref.id} ${r.term} p`, 1e-12);
        });
      });
  }
});

describe("anova(m) options", () => {
  const m = lmer("Reaction ~ Days + (Days | Subject)", refData("sleepstudy"));
  it("defaults to type 3 with Satterthwaite for LMMs", () => {
    const t = anova(m) as FTable;
    expect(t.type).toBe(3);
    expect(t.ddf).toBe("Satterthwaite");
  });
  it("refuses bad types, ddf and options", () => {
    expect(() => anova(m, { type: 4 as never })).toThrow(/type 4 is not one of 1, 2, 3/);
    expect(() => anova(m, { ddf: "KR" as never })).toThrow(/"KR" is not one of "Satterthwaite", "Kenward-Roger", "lme4"/);
    expect(() => anova(m, { typ: 3 } as never)).toThrow(/unknown option "typ"/);
    expect(() => anova(m, { type: 3, ddf: "lme4" })).toThrow(/sequential \(type 1\)/);
    const ml = lmer("Reaction ~ Days + (Days | Subject)", refData("sleepstudy"), { REML: false });
    expect(() => anova(ml, { ddf: "Kenward-Roger" })).toThrow(/REML/);
  });
});

describe("ranova agrees with lmerTest", () => {
  for (const ref of refs.filter((r) => r.kind === "lmm")) {
    it(ref.id, () => {
      const want = ref.ranova as Row[];
      const got = ranova(lmer(ref.call.formula, refData(ref.call.data)));
      expect(got.rows.map((r) => r.term)).toEqual(want.map((r) => r.term));
      got.rows.forEach((r, i) => {
        const w = want[i];
        expect(r.npar).toBe(w.npar);
        rel(r.logLik, w.logLik as number, 1e-7, `${ref.id} ${r.term} logLik`);
        if (w.LRT !== undefined) {
          expect(Math.abs(r.LRT! - (w.LRT as number))).toBeLessThan(1e-4);
          expect(r.Df).toBe(w.Df);
          rel(r.p!, w["Pr(>Chisq)"] as number, 1e-3, `${ref.id} ${r.term} p`, 1e-9);
        }
      });
      expect(String(got)).toMatch(/Single term deletions/);
    });
  }
});
