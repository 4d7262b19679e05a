/** The text summary in lme4's layout, checked on sleepstudy against lme4's printed output. */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { datasets } from "../../src/datasets/index.js";

describe("summary text", () => {
  const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
  const text = fm1.toString();
  it("has lme4's sections and numbers", () => {
    expect(text).toMatch(/^Linear mixed model fit by REML \['lmerMod'\]/);
    expect(text).toMatch(/REML criterion at convergence: 1743\.6/);
    expect(text).toMatch(/Subject\s+\(Intercept\)\s+612\.\d+\s+24\.74/);
    expect(text).toMatch(/Residual\s+654\.9\d*\s+25\.59/);
    expect(text).toMatch(/Number of obs: 180, groups:\s+Subject, 18/);
    expect(text).toMatch(/\(Intercept\)\s+251\.4\d*\s+6\.82\d*\s+36\.84/);
    expect(text).toMatch(/Days\s+10\.4\d*\s+1\.54\d*\s+6\.77/);
    expect(text).toMatch(/Correlation of Fixed Effects:/);
  });
  it("labels repeated grouping factors as lme4 does", () => {
    const fm2 = lmer("Reaction ~ Days + (Days || Subject)", datasets.sleepstudy());
    expect(fm2.toString()).toMatch(/Subject\.1\s+Days/);
  });
  it("adds Satterthwaite df and p-values on request", () => {
    const s = fm1.summary({ ddf: "Satterthwaite" });
    expect(Math.abs(s.fixed[1].df! - 17)).toBeLessThan(1e-2);
    expect(fm1.toString()).not.toMatch(/Pr\(>\|t\|\)/);
  });
});
