/**
 * Checks the executed toenail notebook written by `npm run notebooks` (out/notebooks/): the nAGQ =
 * 1 … 25 fits, the paper's 9 patients and their conditional densities against lme4 1.1-31
 * (test/fixtures/notebooks/toenail.json, from scripts/toenail-notebook-refs.R), the reading of
 * Figure 3 (ratios well above 1), and that every plot cell produced a Vega-Lite object and an SVG.
 * Skipped, with a message, when the notebook has not been executed.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { executedNotebook } from "./executed.js";

const notebook = executedNotebook("toenail");
interface AgqRef { nAGQ: number; fixef: Record<string, number>; se: Record<string, number>; sd: number; logLik: number }
const ref = JSON.parse(readFileSync(new URL("../fixtures/notebooks/toenail.json", import.meta.url), "utf8")) as {
  toenail: { agq: AgqRef[]; sample: { levels: string[] }; obsPerPatient: number; zeta: { z: number[]; levels: string[]; u: number[]; L: number[]; density: number[][] } };
};
const dnorm = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);

describe.skipIf(!notebook.executed)("executed toenail notebook", () => {
  const { cellWith, row } = notebook;

  it("ran every code cell without errors or stderr", () => notebook.expectCleanRun(10));

  it("6.5 observations per patient, as the paper says", () => {
    expect(cellWith(/^const patientCol/)).toMatch(new RegExp(`1908 observations of 294 patients: ${ref.toenail.obsPerPatient.toFixed(2)} per patient`));
  });

  it("nAGQ = 1 … 25: estimates and log-likelihoods match lme4", () => {
    const t = cellWith(/^const fits/);
    for (const r of ref.toenail.agq) {
      // columns: 4 fixed effects, sd, logLik, lme4 logLik, lme4 sd, lme4 (Intercept); printed to 4 decimals
      const cells = row(t, String(r.nAGQ)).map(Number);
      const names = ["(Intercept)", "time", "treatmentterbinafine", "time:treatmentterbinafine"];
      // estimates within 1% of a standard error (the GLMM conformance tolerance) plus rounding
      names.forEach((nm, j) => expect(Math.abs(cells[j] - r.fixef[nm]), `nAGQ ${r.nAGQ} ${nm}`).toBeLessThanOrEqual(1e-2 * r.se[nm] + 5e-5));
      expect(Math.abs(cells[4] - r.sd), `nAGQ ${r.nAGQ} sd`).toBeLessThanOrEqual(1e-3 * r.sd + 5e-5);
      expect(Math.abs(cells[5] - r.logLik), `nAGQ ${r.nAGQ} logLik`).toBeLessThanOrEqual(1e-4 + 5e-5);
    }
    // the reading: Laplace is 2.4 log-likelihood units below the converged quadrature
    const l1 = Number(row(t, "1")[5]), l25 = Number(row(t, "25")[5]);
    expect(l25 - l1).toBeGreaterThan(2.3);
    expect(l25 - l1).toBeLessThan(2.5);
  });

  it("draws the paper's 9 patients (R: set.seed(101); sample(294, 9))", () => {
    expect(cellWith(/^\/\*\* R's set.seed/)).toMatch(new RegExp(`patients: ${ref.toenail.sample.levels.join(", ")}`));
  });

  it("their conditional modes, L_jj and t(z) agree with the paper's zeta() run in R", () => {
    const summary = cellWith(/^\/\*\* R's set.seed/), z = ref.toenail.zeta;
    z.levels.forEach((lv, j) => {
      const [mode, L] = row(summary, lv).map(Number);
      expect(Math.abs(mode - z.u[j]), `mode ${lv}`).toBeLessThanOrEqual(1e-3); // fits agree to ~1e-5
      expect(Math.abs(L - z.L[j]) / z.L[j], `L ${lv}`).toBeLessThanOrEqual(1e-3);
    });
    const t = cellWith(/^const zs = /);
    const zs = [-3, -2, -1, 0, 1, 2, 3];
    z.levels.forEach((lv, j) => {
      const cells = row(t, lv);
      zs.forEach((zv, k) => {
        const i = z.z.findIndex((x) => Math.abs(x - zv) < 1e-9);
        const tR = z.density[j][i] / dnorm(zv), ours = Number(cells[2 * k]);
        expect(Math.abs(ours - tR), `${lv} z=${zv}`).toBeLessThanOrEqual(2e-3 * tR + 5e-4);
      });
    });
  });

  it("Figure 3's reading: ratios well above 1 for many patients", () => {
    const out = cellWith(/^const cdAll/);
    const num = (k: string) => Number(out.match(new RegExp(`${k}: (-?[0-9.]+)`))![1]);
    expect(num("patients")).toBe(294);
    expect(num("largestT")).toBeGreaterThan(10);
    expect(num("patientsWithTAbove2")).toBeGreaterThan(100);
    expect(num("agq25MinusLaplaceLogLik")).toBeLessThan(-0.5);
  });

  it("every plot cell has a Vega-Lite object and an SVG", () => notebook.expectPlots(3));
});
