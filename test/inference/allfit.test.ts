import { describe, it, expect } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { allFit } from "../../src/inference/allFit.js";
import { formatAllFit } from "../../src/display/confintText.js";

describe("allFit", () => {
  it("LMM: every optimizer reaches the same optimum; the table shows each", () => {
    const m = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
    const r = allFit(m);
    expect(r.entries.map((e) => e.optimizer)).toEqual(["bobyqa", "Nelder_Mead", "L-BFGS-B", "minqa"]);
    expect(r.entries.every((e) => e.ok)).toBe(true);
    expect(r.spread.logLik).toBeLessThan(1e-4);
    expect(r.entries[0].logLik).toBeCloseTo(m.logLik(), 6);
    expect(r.spread.fixef["Days"]).toBeLessThan(1e-3);
    expect(Object.keys(r.entries[1].sdcor)).toEqual(["sd_(Intercept)|Subject", "cor_Days.(Intercept)|Subject", "sd_Days|Subject", "sigma"]);
    const txt = formatAllFit(r);
    expect(txt).toMatch(/bobyqa\s+Nelder_Mead\s+L-BFGS-B\s+minqa/);
    expect(txt).toMatch(/^logLik\s+-871\.81/m);
    expect(txt).toMatch(/^theta\[3\]/m);
  });

  it("GLMM: refits with each optimizer; a failing optimizer is reported, not thrown", () => {
    const g = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
    const r = allFit(g, { optimizers: ["nelder_mead", "bogus" as never] });
    expect(r.entries[0].ok).toBe(true);
    expect(Math.abs(r.entries[0].logLik - g.logLik())).toBeLessThan(1e-4);
    expect(r.entries[1].optimizer).toBe("bogus");
    expect(formatAllFit(r)).toMatch(/nelder_mead/);
  });
});
