/**
 * Results display as tables in every kernel (ours and Deno's key), with their data unchanged:
 * VarCorr(), summary(), ranef(), confint tables, allFit and models, on small real fits.
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { confintWald } from "../../src/inference/confint.js";
import { allFit } from "../../src/inference/allFit.js";
import { anova } from "../../src/inference/anova.js";
import { JUPYTER_DISPLAY, MIME_BUNDLE, isDisplayable, type MimeBundle } from "../../src/display/mime.js";
import { RANEF_ROWS_SHOWN, ranefTables } from "../../src/display/resultDisplay.js";
import { tableOf } from "../../src/display/richTables.js";

const fm = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());

/** Both keys' bundles (which must agree) of a displayable value. */
async function bundles(x: unknown): Promise<MimeBundle> {
  expect(isDisplayable(x)).toBe(true);
  const ours = await (x as Record<symbol, () => MimeBundle>)[MIME_BUNDLE]();
  const deno = await (x as Record<symbol, () => MimeBundle>)[JUPYTER_DISPLAY]();
  expect(deno).toEqual(ours);
  return ours;
}

/** The own symbol properties of x, all non-enumerable. */
function hiddenSymbols(x: object): boolean[] {
  return Object.getOwnPropertySymbols(x).map((s) => Object.getOwnPropertyDescriptor(x, s)!.enumerable ?? false);
}

describe("results display as tables, data unchanged", () => {
  it("VarCorr(): lme4's variance table; still an array of blocks", async () => {
    const vc = fm.VarCorr();
    expect(Array.isArray(vc)).toBe(true);
    expect(vc).toHaveLength(1);
    expect(vc[0].sd[0]).toBeCloseTo(24.7404, 3); // lme4 1.1-31
    expect(hiddenSymbols(vc).length).toBeGreaterThanOrEqual(2);
    expect(hiddenSymbols(vc).every((e) => !e)).toBe(true);
    const b = await bundles(vc);
    expect(b["text/plain"]).toMatch(/Subject\s+\(Intercept\)\s+24\.7404/);
    expect(b["text/plain"]).toMatch(/Residual\s+25\.5918/);
    expect(b["text/html"]).toContain("<table");
  });

  it("summary(): the summary layout and HTML; its fields as before", async () => {
    const s = fm.summary();
    expect(Object.keys(s)).toContain("fixed");
    expect(s.fixed[0].estimate).toBeCloseTo(251.405, 3);
    const b = await bundles(s);
    expect(b["text/plain"]).toBe(fm.toString());
    expect(b["text/html"]).toContain("Fixed effects");
    const withDf = fm.summary({ ddf: "Satterthwaite" });
    expect((await bundles(withDf))["text/plain"]).toMatch(/Pr\(>\|t\|\)/);
  });

  it("ranef(): one table per factor, conditional sds when requested, long factors cut", async () => {
    const re = fm.ranef({ condVar: true });
    const b = await bundles(re);
    expect(b["text/plain"]).toMatch(/^\$Subject \(conditional modes and conditional sds\)/);
    // lme4 1.1-31: ranef(fm1)$Subject["308", ] = 2.258551, 9.198976 (modes agree to ~1e-4)
    expect(re[0].values[0][0]).toBeCloseTo(2.258551, 3);
    expect(re[0].values[0][1]).toBeCloseTo(9.198976, 3);
    expect(b["text/plain"]).toMatch(/\n308\s+2\.258\d*\s+9\.19\d*\s+12\.07\d*\s+2\.30\d*\n/);
    expect(b["text/html"]).toContain("cond. sd Days");
    const many = { group: "g", levels: Array.from({ length: 40 }, (_, i) => `L${i}`), names: ["(Intercept)"], values: Array.from({ length: 40 }, (_, i) => [i]) };
    const t = String(ranefTables([many]));
    expect(t).toContain(`L${RANEF_ROWS_SHOWN - 1}`);
    expect(t).not.toContain(`L${RANEF_ROWS_SHOWN} `);
    expect(t).toContain(`${40 - RANEF_ROWS_SHOWN} more levels of g not shown (40 in all)`);
  });

  it("confint tables, allFit results, anova tables and models (both kernels' keys)", async () => {
    const ci = confintWald(fm);
    // R: confint(fm1, method = "Wald") lower limits of the fixed effects: 238.029141, 7.437594
    expect(ci.lower[ci.lower.length - 2]).toBeCloseTo(238.029141, 2);
    expect(ci.lower[ci.lower.length - 1]).toBeCloseTo(7.437594, 3);
    expect((await bundles(ci))["text/plain"]).toMatch(/Wald 95% confidence intervals/);
    const af = allFit(fm);
    expect((await bundles(af))["text/plain"]).toMatch(/bobyqa/);
    const fm0 = lmer("Reaction ~ Days + (1 | Subject)", datasets.sleepstudy());
    expect((await bundles(anova(fm0, fm)))["text/plain"]).toMatch(/Chisq/);
    expect((await bundles(fm))["text/html"]).toContain("Random effects");
    const gm = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
    expect((await bundles(gm))["text/plain"]).toMatch(/Generalized linear mixed model/);
    expect((await bundles(gm.VarCorr()))["text/plain"]).toMatch(/herd\s+\(Intercept\)\s+0\.64/);
    expect((await bundles(tableOf(["", "x"], [["a", "1"]])))["text/markdown"]).toContain("| a | 1 |");
  });
});
