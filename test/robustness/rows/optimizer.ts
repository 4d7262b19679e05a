/**
 * Catalogue rows for the optimizer: a scalar θ whose optimum is just inside the bound 0 (a small
 * but nonzero group variance) must be found, not reported as a boundary (singular) fit. Data and
 * lme4 1.1-31 fits from scripts/scalar-theta-refs.R (test/fixtures/scalar-theta/). Before the fix
 * of src/optim/brent1d.ts the first three returned θ = 0 with a criterion 0.0048, 0.00039 and
 * 0.0036 above lme4's; the Nelder–Mead row returned θ = 0 (0.0048 above) before neldermead.ts
 * finished 1-D runs with that search (lme4's Nelder_Mead gives θ̂ = 0.036823, REML criterion
 * 1699.671, checked by hand in R; the row compares with the default fit's numbers).
 *
 * Tolerances: the criterion (REML criterion, deviance, −2 logLik) within 1e-6 of lme4's (both
 * optimizers stop within ~1e-8 of the optimum); θ within 2e-3 (the criterion is flat in θ to
 * that order: lme4's θ is accurate to its xtol of ~1e-4 relative, ours to 1e-4 absolute).
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { lmer } from "../../../src/lmm/lmer.js";
import { glmer } from "../../../src/glmm/glmer.js";
import type { CatalogueRow } from "../catalogue.js";

interface Fixture {
  id: string;
  design: { ngroups: number; nper: number; sd: number; seed: number };
  call: { formula: string; REML?: boolean; family?: string; nAGQ?: number };
  data: { y: number[]; x: number[]; g: string[] };
  fit: { theta: number[]; crit: number; isSingular: boolean };
}

const fixture = (id: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../../fixtures/scalar-theta/${id}.json`, import.meta.url), "utf8"));

/** Fit the fixture's call with lme4ts (and the given optimizer). */
function fit(fx: Fixture, optimizer?: "bobyqa" | "nelder_mead") {
  const { formula, REML, family, nAGQ } = fx.call;
  return family ? glmer(formula, fx.data, { family, nAGQ, optimizer }) : lmer(formula, fx.data, { REML, optimizer });
}

/** The fit agrees with lme4's interior optimum: not singular, criterion and θ as lme4's. */
function checkAgainstLme4(fx: Fixture) {
  return (m: ReturnType<typeof fit>) => {
    expect(fx.fit.isSingular).toBe(false);
    expect(m.isSingular()).toBe(false);
    expect(m.warnings.some((w: string) => /singular/.test(w))).toBe(false);
    const crit = -2 * m.logLik();
    expect(Math.abs(crit - fx.fit.crit)).toBeLessThan(1e-6);
    expect(Math.abs(m.theta[0] - fx.fit.theta[0])).toBeLessThan(2e-3);
  };
}

const row = (id: string, input: string, why: string, optimizer?: "nelder_mead"): CatalogueRow => {
  const fx = fixture(id);
  const rowId = `scalar-theta-${id.replace(/_/g, "-")}${optimizer ? "-nelder-mead" : ""}`;
  return { id: rowId, category: "optimizer", input, run: () => fit(fx, optimizer), expect: { ok: true, check: checkAgainstLme4(fx) }, why };
};

export const rows: CatalogueRow[] = [
  row(
    "small_sd_60x10_reml",
    'lmer("y ~ x + (1 | g)", data)  // 60 groups of 10, group sd 0.04σ',
    "A small group variance puts the optimum of θ just inside its bound 0 (θ̂ = 0.037): lme4ts checks that the objective does not decrease inward before calling a fit singular, so it finds lme4's interior optimum instead of a boundary fit with a worse REML criterion.",
  ),
  row(
    "small_sd_10x8_ml",
    'lmer("y ~ x + (1 | g)", data, { REML: false })  // 10 groups of 8, group sd 0.05σ',
    "Same for ML with few groups (θ̂ = 0.035): the one-parameter search probes small steps inward from θ = 0 and only reports a boundary (singular) fit when no step decreases the deviance.",
  ),
  row(
    "small_sd_binomial_nagq0",
    'glmer("y ~ x + (1 | g)", data, { family: "binomial", nAGQ: 0 })  // 30 groups of 20, sd 0.15',
    "glmer's θ-only stage (all of an nAGQ = 0 fit) uses the same one-parameter search, so a small variance is found there too (θ̂ = 0.057, as lme4).",
  ),
  row(
    "small_sd_binomial_laplace",
    'glmer("y ~ x + (1 | g)", data, { family: "binomial" })  // the same data, Laplace',
    "The Laplace fit starts its (θ, β) stage from the θ-only stage and reaches lme4's interior θ̂ = 0.057 with the same log-likelihood.",
  ),
  row(
    "small_sd_60x10_reml",
    'lmer("y ~ x + (1 | g)", data, { optimizer: "nelder_mead" })  // 60 groups of 10, group sd 0.04σ',
    "With one θ, a Nelder–Mead simplex can collapse onto the bound (or after a clamped reflection) short of the minimum; lme4ts finishes a one-parameter Nelder–Mead run with the verified one-dimensional search, and agrees with lme4's Nelder_Mead (θ̂ = 0.037).",
    "nelder_mead",
  ),
];
