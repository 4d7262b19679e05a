/**
 * genpois (also with a dispformula), the hurdle models (truncated_poisson / truncated_nbinom2
 * with a ziformula) and compois fitted by glmer on the Laplace engine, against glmmTMB 1.1.5 on
 * Salamanders and simulated underdispersed counts (test/fixtures/families3, written by
 * `Rscript scripts/families3-refs.R`).
 *
 * Tolerances: logLik 1e-6 relative (measured: 9e-11 genpois, 4e-12 genpois_disp, 2e-11
 * hurdle_pois, 6e-12 compois_under), the rest as families2-fits.test.ts: fixed effects and the
 * random-effect sd 1e-4 relative (measured at most 6e-5), zi / dispersion coefficients 1e-4 or 1e-3
 * of their SE, standard errors 1e-3, predictions of the four types — "conditional" of a
 * truncated family is μ/(1 − f(0)) — and fitted values 5e-4. The summary prints glmmTMB's
 * dispersion line for genpois and none for truncated_poisson. hurdle_nb2 (8.5 s on a quiet
 * machine, 16 s under load) is left out to keep the suite fast (measured: logLik 1.2e-11 relative,
 * fixed effects 1.3e-5, predictions 1.4e-5); test/glmm/obsFamily.test.ts checks its Laplace logLik,
 * gradient and conditional means at glmmTMB's estimates. So does it for compois on Salamanders
 * (φ ≈ 85: long series; the fit took 312 s on a loaded machine, glmmTMB 9–13 min; measured
 * against the fixture: logLik 5.3e-10 relative below glmmTMB's, fixed effects 8.9e-5, σ_site
 * 2.2e-4, φ 7.7e-4 — a flat direction).
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { readCsv } from "../../../src/data/index.js";
import { checkAgainstGlmmTMB, fitRef } from "./glmmTMBRef.js";

const dir = new URL("../../fixtures/families3/", import.meta.url);
const dataDir = new URL("../../fixtures/families2/", import.meta.url);

describe("glmer with genpois and the hurdle families agrees with glmmTMB", () => {
  for (const id of ["genpois", "genpois_disp", "hurdle_pois", "compois_under"]) {
    it(id, () => {
      const { r, m } = fitRef(dir, id, id === "compois_under" ? dir : dataDir);
      checkAgainstGlmmTMB(r, m, 1e-6);
      expect(m.toString()).toContain(`Family: ${r.call.family}  ( log )`);
      if (r.fit.sigma !== null && !r.call.dispformula) expect(Math.abs(m.dispersion() / r.fit.sigma - 1)).toBeLessThan(1e-3);
      if (id === "hurdle_pois") {
        // at new data (here the data again) the truncated mean and (1 − p)·mean are rebuilt the same way
        const nd = readCsv(fileURLToPath(new URL("salamanders.csv", dataDir)));
        for (const type of ["conditional", "response"] as const) {
          const a = m.predict({ type }), b = m.predict({ type, newdata: nd });
          a.forEach((v, i) => expect(Math.abs(b[i]! - v)).toBeLessThan(1e-12 * Math.max(1, v)));
        }
      }
    });
  }
});
