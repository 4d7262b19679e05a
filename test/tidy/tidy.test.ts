/**
 * tidy() and glance() against R's broom.mixed 0.2.9.4 on the fixtures of scripts/analysis-refs.R.
 * Rows must match in order, effect, group and term. Tolerances: LMM estimates, SEs, statistics and
 * Wald limits 1e-4 relative (θ agrees with lme4's to the optimizers' tolerance, ~1e-5: a
 * correlation of 0.0656 differs by 5e-6); GLMM 2e-3 relative on
 * estimates/limits and SEs, p-values 1e-2 relative; glance logLik/AIC/BIC/deviance 1e-6 relative for
 * LMMs and 1e-4 for GLMMs (the conditional deviance depends on the modes).
 */
import { describe, expect, it } from "vitest";
import { tidy, glance } from "../../src/tidy/index.js";
import "../../src/display/recordsText.js";
import { lmer } from "../../src/lmm/lmer.js";
import { refData } from "../lmm/reference.js";
import { analysisRefs, fitOf } from "./analysis-refs.js";

const near = (a: unknown, b: unknown, rel: number, what: string) => {
  if (b === null || b === undefined) return expect(a === null || a === undefined || Number.isNaN(a), what).toBe(true);
  expect(typeof a, what).toBe("number");
  expect(Math.abs((a as number) - (b as number)), what).toBeLessThanOrEqual(rel * Math.max(Math.abs(b as number), 1e-10));
};

describe("tidy and glance agree with broom.mixed", () => {
  for (const ref of analysisRefs) {
    it(ref.id, () => {
      const m = fitOf(ref);
      const glmm = !!ref.call.family;
      const rows = tidy(m, { effects: ["ran_pars", "fixed"], "conf.int": true });
      expect(rows.map((r) => [r.effect, r.group, r.term])).toEqual(ref.tidy.map((r) => [r.effect, r.group ?? null, r.term]));
      rows.forEach((row, i) => {
        const want = ref.tidy[i];
        const rel = glmm ? 2e-3 : 1e-4;
        for (const k of ["estimate", "std.error", "statistic", "conf.low", "conf.high"] as const)
          near((row as any)[k], want[k], rel, `${ref.id} ${row.term} ${k}`);
        if ("p.value" in want) near(row["p.value"], want["p.value"], 1e-2, `${ref.id} ${row.term} p`);
        else expect(row["p.value"]).toBeUndefined();
      });
      const g = glance(m) as unknown as Record<string, number>;
      expect(Object.keys(g).sort()).toEqual(Object.keys(ref.glance).sort());
      for (const k of Object.keys(ref.glance)) near(g[k], ref.glance[k], glmm ? 1e-4 : 1e-6, `${ref.id} glance ${k}`);
      expect(String(rows)).toMatch(/estimate/);
    });
  }
  it("ran_vals and vcov scales", () => {
    const m = lmer("Reaction ~ Days + (Days | Subject)", refData("sleepstudy"));
    const rv = tidy(m, { effects: "ran_vals" });
    expect(rv.length).toBe(36);
    const re = m.ranef({ condVar: true })[0];
    expect(rv[0]).toMatchObject({ group: "Subject", level: re.levels[0], term: "(Intercept)", estimate: re.values[0][0], "std.error": re.condsd![0][0] });
    const vc = tidy(m, { effects: "ran_pars", scales: "vcov" });
    expect(vc.map((r) => r.term)).toEqual(["var__(Intercept)", "cov__(Intercept).Days", "var__Days", "var__Observation"]);
    expect(vc[3].estimate).toBeCloseTo(m.sigma ** 2, 8);
  });
  it("refuses unknown options and effects", () => {
    const m = fitOf(analysisRefs[0]);
    expect(() => tidy(m, { effect: "fixed" } as never)).toThrow(/unknown option "effect"/);
    expect(() => tidy(m, { effects: ["fixd"] } as never)).toThrow(/"fixd" is not one of/);
    expect(() => tidy(m, { "conf.level": 95 })).toThrow(/between 0 and 1/);
  });
});
