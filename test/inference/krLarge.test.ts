/**
 * Kenward–Roger above n = 5000 (refused while lme4ts formed dense n×n matrices): a simulated
 * crossed model with a random slope, y ~ x + f + (x | g) + (1 | h), n = 5400, q = 336, against
 * pbkrtest's vcovAdj and the KR t and F tests pbkrtest derives from it (Lb_ddf, .KR_adjust — what
 * lmerTest's summary and anova report), in test/fixtures/kr-large written by
 * scripts/kr-large-refs.R; both sides generate the same data (krLargeData.ts).
 *
 * Tolerances: β within 1e-4 standard errors, θ within 1e-4 of the largest θ (lme4's and our
 * optimizers stop ~1e-5 apart: measured 2e-5 SE and 3e-6); Φ_A 1e-4 relative to its largest
 * entry, standard errors 1e-4 relative, df 1e-3 relative, F 1e-4 relative, p-values 1e-3
 * relative (as the sleepstudy KR checks of ddf.test.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { anova } from "../../src/inference/anova.js";
import { kenwardRogerAdjust, kenwardRogerTests } from "../../src/inference/kenwardRoger.js";
import type { FTable } from "../../src/inference/fTable.js";
import { krLargeData } from "./krLargeData.js";

interface Ref {
  n: number; formula: string; fixef: Record<string, number>; theta: number[]; sigma: number; PhiA: number[];
  t_tests: { name: string[]; se: number[]; df: number[]; p: number[] };
  f_tests: { term: string[]; NumDF: number[]; DenDF: number[]; F: number[]; p: number[] };
}
const ref = JSON.parse(readFileSync(new URL("../fixtures/kr-large/crossed_slopes.json", import.meta.url), "utf8")) as Ref;
const rel = (a: number, b: number, tol: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.abs(b));

describe("Kenward–Roger with n = 5400 agrees with pbkrtest", () => {
  const m = lmer("y ~ x + f + (x | g) + (1 | h)", krLargeData());
  it("fits the same model as lme4", () => {
    expect(m.nobs).toBe(ref.n);
    expect(m.nobs).toBeGreaterThan(5000);
    const se = ref.t_tests.se;
    m.fixefNames.forEach((nm, j) => expect(Math.abs(m.beta[j] - ref.fixef[nm]), `beta ${nm}`).toBeLessThanOrEqual(1e-4 * se[j]));
    const big = Math.max(...ref.theta);
    ref.theta.forEach((t, i) => expect(Math.abs(m.theta[i] - t), `theta ${i}: ${m.theta[i]} vs ${t}`).toBeLessThanOrEqual(1e-4 * big));
  });
  it("has pbkrtest's adjusted covariance", () => {
    const a = kenwardRogerAdjust(m);
    const scale = Math.max(...ref.PhiA.map(Math.abs));
    a.PhiA.forEach((v, t) => expect(Math.abs(v - ref.PhiA[t]), `PhiA[${t}]`).toBeLessThanOrEqual(1e-4 * scale));
  });
  it("has pbkrtest's KR t tests", () => {
    const { tests } = kenwardRogerTests(m);
    expect(tests.map((t) => t.name)).toEqual(ref.t_tests.name);
    tests.forEach((t, i) => {
      rel(t.se, ref.t_tests.se[i], 1e-4, `${t.name} se`);
      rel(t.df, ref.t_tests.df[i], 1e-3, `${t.name} df`);
      rel(t.p, ref.t_tests.p[i], 1e-3, `${t.name} p`);
    });
  });
  it("has pbkrtest's KR F tests in the type 3 anova", () => {
    const got = anova(m, { type: 3, ddf: "Kenward-Roger" }) as FTable;
    expect(got.rows.map((r) => r.term)).toEqual(ref.f_tests.term);
    got.rows.forEach((r, i) => {
      expect(r.NumDF).toBe(ref.f_tests.NumDF[i]);
      rel(r.DenDF!, ref.f_tests.DenDF[i], 1e-3, `${r.term} DenDF`);
      rel(r.F, ref.f_tests.F[i], 1e-4, `${r.term} F`);
      rel(r.p!, ref.f_tests.p[i], 1e-3, `${r.term} p`);
    });
  });
});
