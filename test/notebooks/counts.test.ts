/**
 * Checks the executed counts notebook (out/notebooks/counts.ipynb, written by `npm run
 * notebooks`): the Poisson, nbinom2, nbinom1 and zero-inflated nbinom2 fits of Salamanders agree
 * with glmmTMB 1.1.5 (test/fixtures/families/salamanders_nbinom*.json, families2/zinb2_mined.json:
 * logLik to the printed 2 decimals, AIC to 0.1), the simulated-residual zero-inflation test flags
 * the Poisson fit and not the zero-inflated one, the likelihood-ratio tests, the predictions
 * ((1 − p)μ from glmmTMB's estimates, 2e-3), and the plot. Skipped when not executed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { executedNotebook } from "./executed.js";

const notebook = executedNotebook("counts");
const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"));

describe.skipIf(!notebook.executed)("executed counts notebook", () => {
  const { cellWith } = notebook;

  it("ran every code cell without errors or stderr", () => notebook.expectCleanRun(9));

  it("AIC table: logLik and AIC of the four fits as glmmTMB's", () => {
    const t = cellWith(/^const fits/);
    const nb2 = fixture("families/salamanders_nbinom2.json");
    const nb1 = fixture("families/salamanders_nbinom1.json");
    const zinb = fixture("families2/zinb2_mined.json").fit;
    const expected: [string, number, number][] = [
      ["'poisson'", nb2.poisson.logLik, nb2.poisson.df],
      ["'nbinom2'", nb2.glmmTMB.logLik, nb2.glmmTMB.df],
      ["'nbinom1'", nb1.glmmTMB.logLik, nb1.glmmTMB.df],
      ["'zinb2 (zi ~ mined)'", zinb.logLik, zinb.df],
    ];
    for (const [model, ll, df] of expected) {
      const line = t.split("\n").find((l) => l.includes(model));
      expect(line, model).toBeDefined();
      const cells = line!.split("│").map((c) => c.trim()).filter(Boolean);
      expect(Number(cells[2])).toBe(df);
      expect(Math.abs(Number(cells[3]) - ll)).toBeLessThanOrEqual(0.006);
      expect(Math.abs(Number(cells[4]) - (-2 * ll + 2 * df))).toBeLessThanOrEqual(0.06);
    }
  });

  it("simulated residuals: excess zeros under the Poisson fit, none under the zero-inflated one", () => {
    const p = (text: string) => Number(/p-value = (?:< )?([0-9.e-]+)/.exec(text)![1]);
    expect(p(cellWith(/^const poissonResiduals/))).toBeLessThan(0.01);
    expect(p(cellWith(/^const zinbResiduals/))).toBeGreaterThan(0.05);
  });

  it("likelihood-ratio tests poisson < nbinom2 < zinb2", () => {
    const t = cellWith(/^anova\(poissonFit/);
    expect(t).toMatch(/model2\s+10 .* 292\.40\d*\s+1\s+< 2\.2e-16/);
    expect(t).toMatch(/model3\s+12 .* 7\.56\d*\s+2\s+0\.0227/);
  });

  it("predicted mean counts (1 − p)μ and zprob from glmmTMB's estimates", () => {
    const t = cellWith(/^const species/);
    const f = fixture("families2/zinb2_mined.json").fit.fixef;
    const plogis = (x: number) => 1 / (1 + Math.exp(-x));
    for (const spp of ["GP", "PR", "DM", "EC-A", "EC-L", "DES-L", "DF"]) {
      for (const mined of ["yes", "no"]) {
        const line = t.split("\n").find((l) => l.includes(`'${spp}'`) && l.includes(`'${mined}'`))!;
        const cells = line.split("│").map((c) => c.trim()).filter(Boolean);
        const eta = f.cond["(Intercept)"] + (spp === "GP" ? 0 : f.cond[`spp${spp}`]) + (mined === "no" ? f.cond.minedno : 0);
        const p = plogis(f.zi["(Intercept)"] + (mined === "no" ? f.zi.minedno : 0));
        expect(Math.abs(Number(cells[3]) - (1 - p) * Math.exp(eta))).toBeLessThanOrEqual(2e-3 * Math.max(1, (1 - p) * Math.exp(eta)));
        expect(Math.abs(Number(cells[4]) - p)).toBeLessThanOrEqual(2e-3);
      }
    }
  });

  it("plots the predictions (Vega-Lite object and SVG)", () => notebook.expectPlots(1));
});
