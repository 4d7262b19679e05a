/**
 * Checks the executed analysis-workflow notebook (out/notebooks/, written by `npm run notebooks`):
 * a clean run, the printed F table, marginal means, contrasts and R² against R's lmerTest, emmeans
 * and performance, the influence and simulated-residual cells (fixtures in test/fixtures/anova, emmeans, analysis), and every plot cell with a
 * Vega-Lite object and an SVG. Skipped, with a message, when the notebook has not been executed.
 * Printed numbers carry 4–5 significant digits: compared at 1e-3 relative.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { executedNotebook } from "./executed.js";

const notebook = executedNotebook("analysis-workflow");
const fixture = (p: string) => JSON.parse(readFileSync(new URL(`../fixtures/${p}`, import.meta.url), "utf8"));
const close = (printed: string, want: number, what: string) =>
  expect(Math.abs(Number(printed) - want), `${what}: ${printed} vs ${want}`).toBeLessThanOrEqual(1e-3 * Math.abs(want) + 5e-4);

describe.skipIf(!notebook.executed)("executed analysis-workflow notebook", () => {
  const { cellWith, row } = notebook;
  it("ran every code cell without errors or stderr", () => notebook.expectCleanRun(15));
  it("the type III F table is lmerTest's", () => {
    const t = cellWith(/^anova\(m\)$/m);
    const want = fixture("anova/cake_fxc.json")["type3_Satterthwaite"] as Record<string, number | string>[];
    for (const w of want) {
      const r = row(t, w.term as string); // Sum Sq, Mean Sq, NumDF, DenDF, F value, p
      close(r[0], w["Sum Sq"] as number, `${w.term} Sum Sq`);
      expect(Number(r[2])).toBe(w.NumDF);
      close(r[3], w.DenDF as number, `${w.term} DenDF`);
      close(r[4], w["F value"] as number, `${w.term} F`);
    }
  });
  it("the marginal means and Tukey contrasts are emmeans'", () => {
    const c = fixture("emmeans/emmeans.json").cases.find((x: { id: string }) => x.id === "cake_fxc_mean");
    const t = cellWith(/^const emm = emmeans/);
    for (const w of c.emmeans) {
      const r = row(t, w.recipe);
      close(r[0], w.emmean, `${w.recipe} emmean`);
      close(r[1], w.SE, `${w.recipe} SE`);
    }
    expect(cellWith(/^pairs\(emm\)/)).toMatch(/tukey/);
  });
  it("R² is performance's", () => {
    const r = fixture("analysis/cake_fxc.json").r2;
    const t = cellWith(/^r2\(m\)/).trim().split("\n");
    const nums = t[t.length - 1].trim().split(/\s+/);
    close(nums[0], r.conditional, "conditional R2");
    close(nums[1], r.marginal, "marginal R2");
  });
  it("influence refits every batter and the simulated-residual tests report", () => {
    const t = cellWith(/^const infl = await influence/);
    expect(Number(/batters:\s*(\d+)/.exec(t)?.[1])).toBe(45);
    expect(Number(/largestCook:\s*([0-9.]+)/.exec(t)?.[1])).toBeGreaterThan(0);
    const r = cellWith(/^const sim = simulateResiduals/);
    for (const name of ["uniformity", "dispersion", "outliers"]) expect(r).toMatch(new RegExp(`^${name}\\s`, "m"));
  });
  it("every plot cell has a Vega-Lite object and an SVG", () => notebook.expectPlots(7));
});
