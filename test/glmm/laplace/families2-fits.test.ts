/**
 * beta, betabinomial, zero-inflated poisson / nbinom2 / nbinom1 and dispersion models
 * (dispformula) fitted by glmer on the Laplace engine, against glmmTMB 1.1.5
 * (test/fixtures/families2, written by `Rscript scripts/families2-refs.R`: simulated beta,
 * betabinomial and gaussian data with known parameters, glmmTMB's Salamanders).
 *
 * Tolerances: logLik 1e-5 relative (measured: 1e-11 to 1e-9 for the interior optima; 1e-6 where
 * glmmTMB's zero-inflation intercept runs towards −∞ and both optimizers stop on a plateau);
 * conditional-model fixed effects and the random-effect sd 1e-4 relative (absolute below 1);
 * zero-inflation and dispersion coefficients 1e-4 relative or 1e-3 of glmmTMB's standard error,
 * whichever is larger (zinb2_mined's zi~minedno has SE 3.0: the log-likelihood changes by 5e-8
 * between glmmTMB's optimum and ours, 6e-4 apart); standard errors of the fixed effects
 * 1e-3 relative; predictions of the four types (link, conditional, zprob, response) and fitted
 * values 5e-4 relative. zinb1_mined, whose zero-inflation intercept runs to its bound on a plateau
 * (glmmTMB's and ours differ there by more than 3 standard errors at the same logLik), is checked
 * for its logLik only (1e-6 relative); zinb2_1 (the same plateau, ~4 s) is left out to keep the
 * suite fast (measured: logLik within 2e-8 of glmmTMB's).
 */
import { describe, expect, it } from "vitest";
import { checkAgainstGlmmTMB, fitRef } from "./glmmTMBRef.js";

const dir = new URL("../../fixtures/families2/", import.meta.url);

const CASES = ["beta", "beta_disp", "betabinomial", "gaussian_disp", "nb2_disp", "zip_mined", "zinb2_mined", "zip_1"];

describe("glmer with glmmTMB's extra families and models agrees with glmmTMB", () => {
  for (const id of CASES) {
    it(id, () => {
      const { r, m } = fitRef(dir, id);
      checkAgainstGlmmTMB(r, m, 1e-5);
    });
  }
});

describe("a zero-inflation intercept on a plateau: the logLik agrees with glmmTMB", () => {
  it("zinb1_mined", () => {
    const { r, m } = fitRef(dir, "zinb1_mined");
    expect(Math.abs(m.logLik() - r.fit.logLik)).toBeLessThan(1e-6 * Math.abs(r.fit.logLik));
  });
});
