import { describe, it, expect } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { confint, confintWald } from "../../src/inference/confint.js";
import { formatConfint } from "../../src/display/confintText.js";
import { loadRef } from "../lmm/reference.js";

const sleep = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
const cbpp = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });

describe("Wald intervals", () => {
  it("sleepstudy fixed effects match lme4 (1e-5 relative); variance parameters are NaN (lme4's NA) with a note", () => {
    const ref = loadRef("sleepstudy_reml").extra.confint_wald;
    const ci = confintWald(sleep);
    expect(ci.names.slice(4)).toEqual(ref.names);
    ref.names.forEach((_: string, i: number) => {
      expect(Math.abs(ci.lower[4 + i] - ref.lower[i]) / Math.abs(ref.lower[i])).toBeLessThan(1e-5);
      expect(Math.abs(ci.upper[4 + i] - ref.upper[i]) / Math.abs(ref.upper[i])).toBeLessThan(1e-5);
    });
    expect([...ci.lower.slice(0, 4)].every(Number.isNaN)).toBe(true);
    expect(ci.warnings[0]).toMatch(/variance parameters/);
  });

  it("cbpp fixed effects match lme4 within 1e-4 (Hessian-based standard errors)", async () => {
    const ref = loadRef("cbpp_binomial").extra.confint_wald;
    const ci = await confint(cbpp, { method: "Wald", parm: "beta_" });
    expect(ci.names).toEqual(ref.names);
    ref.names.forEach((_: string, i: number) => {
      expect(Math.abs(ci.lower[i] - ref.lower[i]) / Math.abs(ref.lower[i])).toBeLessThan(1e-4);
      expect(Math.abs(ci.upper[i] - ref.upper[i]) / Math.abs(ref.upper[i])).toBeLessThan(1e-4);
    });
    expect(ci.warnings).toEqual([]);
  });

  it("level and parm select; bad arguments are errors", async () => {
    const c90 = confintWald(sleep, { level: 0.9, parm: ["Days"] });
    const se = sleep.se()["Days"];
    expect(c90.upper[0] - c90.lower[0]).toBeCloseTo(2 * 1.6448536269514722 * se, 10);
    expect(() => confintWald(sleep, { level: 95 })).toThrow(/level/);
    await expect(confint(sleep, { method: "bogus" as never })).rejects.toThrow(/option method must be one of "profile", "Wald", "boot", not "bogus"/);
  });
});

describe("confint methods and rendering", () => {
  it("profile is the default method and returns lme4's names; the text table looks like R's", async () => {
    const ci = await confint(sleep, { parm: ["sigma", "Days"] });
    expect(ci.method).toBe("profile");
    expect(ci.names).toEqual(["sigma", "Days"]);
    expect(ci.lower[0]).toBeCloseTo(22.898, 2);
    const txt = formatConfint(ci);
    expect(txt.split("\n")[0]).toMatch(/2\.5 %\s+97\.5 %$/);
    expect(txt).toMatch(/^sigma\s+22\.89/m);
    expect(formatConfint(confintWald(sleep))).toMatch(/^sigma\s+NA\s+NA$/m);
  });

  it("boot: percentile intervals of all parameters from a seeded bootstrap, reproducible", async () => {
    const a = await confint(sleep, { method: "boot", nsim: 40, seed: 11, parm: ["sd_Days|Subject", "Days"], workers: 0 });
    const b = await confint(sleep, { method: "boot", nsim: 40, seed: 11, parm: ["sd_Days|Subject", "Days"], workers: 0 });
    expect(a.method).toBe("boot");
    expect(a.names).toEqual(["sd_Days|Subject", "Days"]);
    expect(a.lower).toEqual(b.lower);
    expect(a.lower[1]).toBeLessThan(sleep.beta[1]);
    expect(a.upper[1]).toBeGreaterThan(sleep.beta[1]);
  });
});
