/**
 * Catalogue rows for data-dependent formula terms (poly, scale, ns, bs, cut, interaction): bad
 * arguments refused with the culprit named, and the safe-prediction rule (new data use the
 * training coefficients, centers and knots). Expected numbers come from lme4 1.1-31 via
 * scripts/terms-refs.R (test/fixtures/terms/), never typed by hand.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { lmer, datasets, type LmerMod } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const fixture = (id: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/terms/${id}.json`, import.meta.url), "utf8")) as {
    fit: { names: string[]; fixef: number[] };
    newdata: { Days: number[]; Subject: string[] };
    predict: number[];
  };
const fit = (f: string) => lmer(f, datasets.sleepstudy());
const rel = (got: ArrayLike<number>, want: readonly number[], tol: number) =>
  want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w))));

export const rows: CatalogueRow[] = [
  {
    id: "poly-degree-too-high",
    category: "formula",
    input: 'lmer("Reaction ~ poly(Days, 10) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ poly(Days, 10) + (1 | Subject)"),
    expect: { error: /poly\(Days, 10\).*'degree' \(10\) must be less than the number of unique points \(10\)/ },
    why: "Orthogonal polynomials of degree d need more than d distinct x values (Days has 10); R's poly() stops with the same rule.",
  },
  {
    id: "poly-on-new-data",
    category: "formula",
    input: 'fit("Reaction ~ poly(Days, 2) + (1 | Subject)").predict({ newdata: { Days: [0, 1.5, 4, 7.25, 9, 10.5], ... }, reForm: "NA" })',
    run: () => {
      const nd = fixture("poly2").newdata;
      return fit("Reaction ~ poly(Days, 2) + (1 | Subject)").predict({ newdata: nd, reForm: "NA" });
    },
    expect: { ok: true, check: (p: Float64Array) => rel(p, fixture("poly2").predict, 1e-6) },
    why: "poly() keeps the training data's recurrence coefficients (R's makepredictcall), so new Days values are not re-orthogonalised; predictions equal lme4's within 1e-6 relative.",
  },
  {
    id: "scale-on-new-data",
    category: "formula",
    input: 'fit("Reaction ~ scale(Days) + (1 | Subject)").predict({ newdata: one row of Days = 0 ..., reForm: "NA" })',
    run: () => fit("Reaction ~ scale(Days) + (1 | Subject)").predict({ newdata: fixture("scale").newdata, reForm: "NA" }),
    expect: { ok: true, check: (p: Float64Array) => rel(p, fixture("scale").predict, 1e-6) },
    why: "scale() keeps the training mean and sd; re-scaling the new rows by their own mean would silently shift every prediction. Equal to lme4's within 1e-6 relative.",
  },
  {
    id: "ns-without-df-or-knots",
    category: "formula",
    input: 'lmer("Reaction ~ ns(Days) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ ns(Days) + (1 | Subject)"),
    expect: { ok: true, check: (m: LmerMod) => expect(m.fixefNames).toEqual(["(Intercept)", "ns(Days)"]) },
    why: "As R's splines::ns, no df and no knots means no inner knot: one natural-spline column (linear in Days), named ns(Days) as R's model.matrix names a one-column matrix.",
  },
  {
    id: "ns-df-zero",
    category: "formula",
    input: 'lmer("Reaction ~ ns(Days, df = 0) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ ns(Days, df = 0) + (1 | Subject)"),
    expect: { error: /ns\(Days, df = 0\).*'df' must be a positive integer/ },
    why: "R warns that 'df' was too small and silently uses 1; lme4ts refuses so the model is the one asked for.",
  },
  {
    id: "bs-degree-zero",
    category: "formula",
    input: 'lmer("Reaction ~ bs(Days, df = 3, degree = 0) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ bs(Days, df = 3, degree = 0) + (1 | Subject)"),
    expect: { error: /bs\(Days, df = 3, degree = 0\).*'degree' must be a positive integer/ },
    why: "A B-spline basis of degree 0 is piecewise constant; use cut() for that. R's bs() also needs degree ≥ 1.",
  },
  {
    id: "spline-unknown-argument",
    category: "formula",
    input: 'lmer("Reaction ~ ns(Days, dof = 3) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ ns(Days, dof = 3) + (1 | Subject)"),
    expect: { error: /unknown argument 'dof'; ns\(\) takes x, df, knots, intercept, Boundary.knots/ },
    why: "A misspelt argument would be an error in R too (unused argument); the message lists the ones ns() takes.",
  },
  {
    id: "basis-argument-not-constant",
    category: "formula",
    input: 'lmer("Reaction ~ poly(Days, degree = k) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ poly(Days, degree = k) + (1 | Subject)"),
    expect: { error: /'degree' must be a constant/ },
    why: "A formula has no variables of the session to look up; a term's settings must be written as numbers or TRUE/FALSE.",
  },
  {
    id: "cut-without-breaks",
    category: "formula",
    input: 'lmer("Reaction ~ cut(Days) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ cut(Days) + (1 | Subject)"),
    expect: { error: /cut\(Days\).*'breaks' is missing/ },
    why: "cut() needs its break points; R stops with \"argument 'breaks' is missing\".",
  },
  {
    id: "cut-number-of-intervals",
    category: "formula",
    input: 'lmer("Reaction ~ cut(Days, 3) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ cut(Days, 3) + (1 | Subject)"),
    expect: { error: /give at least two break points/ },
    why: "With a number of intervals R computes the breaks from the data and recomputes them on new data, so predictions silently use other intervals; lme4ts asks for the break points.",
  },
  {
    id: "poly-of-a-factor",
    category: "formula",
    input: 'lmer("Reaction ~ poly(Subject, 2) + (1 | Days)", sleepstudy)',
    run: () => fit("Reaction ~ poly(Subject, 2) + (1 | Days)"),
    expect: { error: /'Subject' is a factor/ },
    why: "Polynomials need a numeric variable; R's poly() stops on a factor too.",
  },
  {
    id: "scale-of-a-constant",
    category: "formula",
    input: 'lmer("y ~ scale(x) + (1 | g)", data with x = 5 in every row)',
    run: () =>
      lmer("y ~ scale(x) + (1 | g)", { y: [1, 2, 3, 4, 5, 6, 2, 3], x: [5, 5, 5, 5, 5, 5, 5, 5], g: ["a", "a", "b", "b", "c", "c", "d", "d"] }),
    expect: { error: /scale\(x\).*constant in the data.*scale = FALSE/ },
    why: "The sd of a constant is 0: R's scale() returns NaN for every row, so lmer drops every row and stops with '0 (non-NA) cases'; lme4ts names the term and the way out.",
  },
];
