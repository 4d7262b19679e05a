/**
 * Catalogue rows: awkward but valid inputs, each answered as lme4 answers it (fixed effects, SEs,
 * θ, σ and logLik compared with test/fixtures/catalogue/<id>.json, written by
 * scripts/catalogue-refs.R from the same data).
 */
import { glmer, lmer } from "../../../src/index.js";
import type { Frame } from "../../../src/data/types.js";
import type { CatalogueRow } from "../catalogue.js";
import { columnOf, dataOf, expectLme4Fit, lme4 } from "../lme4.js";

/** The rows of a Frame as records (what a user reading JSON would pass). */
function recordsOf(f: Frame): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = Array.from({ length: f.nrow }, () => ({}));
  for (const name of f.names) {
    const c = f.columns.get(name)!;
    for (let i = 0; i < f.nrow; i++) out[i]![name] = c.kind === "numeric" ? c.values[i] : c.codes[i]! < 0 ? null : c.levels[c.codes[i]!];
  }
  return out;
}

/** A row fitting `formula` to the data of case `id` and comparing with lme4's fit. */
function matches(id: string, input: string, formula: string, why: string, opts: Record<string, unknown> = {}, data: () => unknown = () => dataOf(id)): CatalogueRow {
  return {
    id: `valid-${id}`,
    category: "formula",
    input,
    run: () => lmer(formula, data() as Frame, opts),
    expect: { ok: true, check: (m) => expectLme4Fit(m, id) },
    why,
  };
}

/** A row fitting a GLMM to the data of case `id` and comparing with lme4's fit (GLMM tolerances). */
function glmmMatches(id: string, input: string, formula: string, why: string, opts: Record<string, unknown>): CatalogueRow {
  return {
    id: `valid-${id}`,
    category: "glmm-response",
    input,
    run: () => glmer(formula, dataOf(id), opts as any),
    expect: { ok: true, check: (m) => expectLme4Fit(m, id, { fixef: 1e-3, se: 1e-2, theta: 1e-2, logLik: 1e-5 }) },
    why,
  };
}

/** sleepstudy's random-slope model and two new rows, the second with a missing Subject. */
function predictNA(allowNewLevels: boolean) {
  const m = lmer("Reaction ~ Days + (Days | Subject)", dataOf("unsorted-rows"));
  return m.predict({ newdata: { Days: [1, 2], Subject: ["308", null] }, allowNewLevels });
}

export const rows: CatalogueRow[] = [
  {
    id: "prediction-na-grouping",
    category: "prediction",
    input: 'predict(fm, { newdata: { Days: [1, 2], Subject: ["308", null] } })',
    run: () => predictNA(false),
    expect: { error: /grouping factor 'Subject' is missing \(NA\) in row 2 of newdata.*allowNewLevels: true/ },
    why: 'A missing grouping value is not a level of the fit; lme4 stops with "NAs are not allowed in prediction data for grouping variables unless allow.new.levels is TRUE". lme4ts used to return the population value silently.',
  },
  {
    id: "prediction-na-grouping-allowed",
    category: "prediction",
    input: 'predict(fm, { newdata: { Days: [1, 2], Subject: ["308", null] }, allowNewLevels: true })',
    run: () => predictNA(true),
    expect: {
      ok: true,
      check: (p) => {
        // lme4: predict(fm1, nd, allow.new.levels = TRUE) = 273.3299, 272.3397 (the second at the population level)
        const want = [273.3299, 272.3397];
        Array.from(p as ArrayLike<number>).forEach((v, i) => { if (Math.abs(v - want[i]!) > 1e-3) throw new Error(`prediction ${i + 1}: ${v}, lme4 ${want[i]}`); });
      },
    },
    why: "With allowNewLevels a missing grouping value is predicted at the population level, as lme4's allow.new.levels = TRUE.",
  },
  matches("unsorted-rows", "lmer(\"Reaction ~ Days + (Days | Subject)\", sleepstudy with its rows shuffled)", "Reaction ~ Days + (Days | Subject)",
    "Row order does not matter: observations need not be sorted by group.", {}, () => recordsOf(dataOf("unsorted-rows"))),
  matches("log-response", 'lmer("log(Reaction) ~ Days + (1 | Subject)", sleepstudy)', "log(Reaction) ~ Days + (1 | Subject)",
    "A transformed response is evaluated in the formula, as in R."),
  matches("prior-weights", 'lmer("Reaction ~ Days + (1 | Subject)", sleepstudy, { weights: "w" })', "Reaction ~ Days + (1 | Subject)",
    "Prior weights (a column name) scale each observation's residual variance as lme4's weights = w.", { weights: "w" }),
  matches("offset-argument", 'lmer("Reaction ~ Days + (1 | Subject)", sleepstudy, { offset: 5 × Days })', "Reaction ~ Days + (1 | Subject)",
    "An offset given as an option is subtracted from the response, as lme4's offset = argument.", { offset: columnOf("offset-argument", "off") }),
  matches("offset-term", 'lmer("Reaction ~ Days + offset(off) + (1 | Subject)", sleepstudy)', "Reaction ~ Days + offset(off) + (1 | Subject)",
    "offset() in the formula is the same as the offset option."),
  matches("space-in-name", 'lmer("`Reaction time` ~ Days + (1 | Subject)", column "Reaction time")', "`Reaction time` ~ Days + (1 | Subject)",
    "Column names that are not R names (spaces, operators) are quoted with backticks, as in R."),
  matches("numeric-factor-levels", 'lmer("Reaction ~ factor(Day) + (1 | Subject)", Day = 1..10)', "Reaction ~ factor(Day) + (1 | Subject)",
    "factor() of a number orders its levels numerically (1, 2, …, 10, not 1, 10, 2), so the baseline and the coefficient names are R's."),
  matches("ordered-factor", 'lmer("Reaction ~ stage + (1 | Subject)", stage an ordered factor)', "Reaction ~ stage + (1 | Subject)",
    "An ordered factor gets orthogonal polynomial contrasts (stage.L, stage.Q, stage.C), as R's contr.poly."),
  matches("tiny-6-rows", 'lmer("y ~ 1 + (1 | g)", 6 rows, 3 groups)', "y ~ 1 + (1 | g)",
    "A tiny data set is still a valid model when each group has replicates."),
  matches("na-response-rows", 'lmer("Reaction ~ Days + (Days | Subject)", sleepstudy with 3 responses NA)', "Reaction ~ Days + (Days | Subject)",
    "Rows with a missing value in a model variable are dropped (lme4's na.omit), leaving 177 observations."),
  matches("ml-fit", 'lmer("Reaction ~ Days + (Days | Subject)", sleepstudy, { REML: false })', "Reaction ~ Days + (Days | Subject)",
    "Maximum likelihood instead of REML, as REML = FALSE.", { REML: false }),
  matches("singular-fit", 'lmer("Yield ~ 1 + (1 | Batch)", Dyestuff2)', "Yield ~ 1 + (1 | Batch)",
    "A boundary (singular) fit, θ = 0, is an answer, not an error: lme4 gives it with the message \"boundary (singular) fit\"."),
  matches("character-grouping", 'lmer("Reaction ~ Days + (1 | Subject)", Subject as strings "s308", …)', "Reaction ~ Days + (1 | Subject)",
    "Strings become factors with R's level order."),
  matches("centered-predictor-i", 'lmer("Reaction ~ I(Days - 4.5) + (1 | Subject)", sleepstudy)', "Reaction ~ I(Days - 4.5) + (1 | Subject)",
    "Arithmetic inside I() is evaluated, and the coefficient is named as R names it."),
  matches("unused-factor-levels", 'lmer("Reaction ~ Days + grp + (1 | Subject)", grp with an unused level "c", Subject with an unused level)', "Reaction ~ Days + grp + (1 | Subject)",
    "Unused factor levels are dropped (lme4's drop.unused.levels): no all-zero column for grp, no empty group."),
  matches("logical-predictor", 'lmer("Reaction ~ late + (1 | Subject)", late = Days >= 5 as true/false)', "Reaction ~ late + (1 | Subject)",
    "A logical predictor is a two-level factor named as R names it (lateTRUE)."),
  matches("no-intercept-fixed", 'lmer("Reaction ~ 0 + Days + (1 | Subject)", sleepstudy)', "Reaction ~ 0 + Days + (1 | Subject)",
    "0 + removes the fixed intercept, as in R."),
  matches("minus-one-fixed", 'lmer("Reaction ~ Days - 1 + (1 | Subject)", sleepstudy)', "Reaction ~ Days - 1 + (1 | Subject)",
    "- 1 removes the fixed intercept, as in R."),
  matches("numeric-double-bar", 'lmer("Reaction ~ Days + (Days || Subject)", sleepstudy)', "Reaction ~ Days + (Days || Subject)",
    "|| with a numeric slope gives uncorrelated intercept and slope, as lme4."),
  matches("factor-by-numeric", 'lmer("Reaction ~ Days * late + (1 | Subject)", late a factor)', "Reaction ~ Days * late + (1 | Subject)",
    "Interactions of a number and a factor are expanded and named as R does (Days:latelate)."),
  matches("powers-in-i", 'lmer("Reaction ~ Days + I(Days^2) + (1 | Subject)", sleepstudy)', "Reaction ~ Days + I(Days^2) + (1 | Subject)",
    "Powers inside I() are arithmetic, as in R."),
  matches("log-of-sum", 'lmer("Reaction ~ log(Days + 1) + (1 | Subject)", sleepstudy)', "Reaction ~ log(Days + 1) + (1 | Subject)",
    "Functions of expressions are evaluated and named as R names them."),
  {
    id: "valid-zero-weights",
    category: "formula",
    input: 'lmer("Reaction ~ Days + (1 | Subject)", sleepstudy, { weights: "w" }) with w = 0 on every 10th row',
    run: () => lmer("Reaction ~ Days + (1 | Subject)", dataOf("zero-weights"), { weights: "w" }),
    expect: { warning: /18 observations with prior weight 0 left out/, check: (m) => expectLme4Fit(m, "zero-weights-left-out") },
    why: `An observation with weight 0 carries no information. lme4 keeps it in n and returns an NA log-likelihood (convergence note "${lme4("zero-weights").fit!.convergence[0]}") with θ off; lme4ts leaves those rows out and gives lme4's fit to the other rows (it used to count them in n, biasing σ and θ).`,
  },
  matches("na-in-grouping", 'lmer("strength ~ 1 + (1 | batch) + (1 | cask)", Pastes with 2 casks NA)', "strength ~ 1 + (1 | batch) + (1 | cask)",
    "A missing grouping value drops its row from the fit, as na.omit in lme4."),
  matches("nested-expanded", 'lmer("strength ~ 1 + (1 | batch) + (1 | batch:cask)", Pastes)', "strength ~ 1 + (1 | batch) + (1 | batch:cask)",
    "Nesting written out by hand is the same model as (1 | batch/cask)."),
  matches("two-factor-interaction-fixed", 'lmer("angle ~ recipe * temperature + (1 | replicate)", cake, temperature a factor)', "angle ~ recipe * temperature + (1 | replicate)",
    "Interactions of two factors have R's columns and names."),
  glmmMatches("glmer-nagq0", 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", nAGQ: 0 })', "cbind(incidence, size - incidence) ~ period + (1 | herd)",
    "nAGQ = 0 (β inside PIRLS) gives lme4's nAGQ = 0 fit.", { family: "binomial", nAGQ: 0 }),
  glmmMatches("glmer-binary-weights", 'glmer("any ~ period + (1 | herd)", 0/1 response, { family: "binomial", weights: "w" })', "any ~ period + (1 | herd)",
    "Prior weights on a 0/1 response count each observation w times, as in lme4.", { family: "binomial", weights: "w" }),
  glmmMatches("glmer-poisson-offset-term", 'glmer("incidence ~ period + offset(log(size)) + (1 | herd)", cbpp, { family: "poisson" })', "incidence ~ period + offset(log(size)) + (1 | herd)",
    "An offset in a Poisson GLMM (a rate model) is lme4's.", { family: "poisson" }),
  {
    id: "glmm-binomial-proportion-no-weights",
    category: "glmm-response",
    input: 'glmer("p ~ period + (1 | herd)", p = incidence / size without weights, { family: "binomial" })',
    run: () => glmer("p ~ period + (1 | herd)", dataOf("binomial-proportion-no-weights"), { family: "binomial" }),
    expect: { warning: /non-integer #successes.*give the numbers of trials as weights/ },
    why: `Proportions without their numbers of trials are one trial each, and the Laplace log-likelihood rounds each to 0 or 1: lme4 warns "${lme4("binomial-proportion-no-weights").warnings[0]}" and returns period2 = ${lme4("binomial-proportion-no-weights").fit!.fixef.period2!.toFixed(1)} (a separated fit). lme4ts warns likewise and says how to give the trials; the estimates are as meaningless as lme4's and are not compared.`,
  },
  glmmMatches("binomial-cbind-prior-weights", 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", weights: "w" })', "cbind(incidence, size - incidence) ~ period + (1 | herd)",
    "Prior weights multiply the numbers of trials of a cbind response, as in R.", { family: "binomial", weights: "w" }),
  glmmMatches("glmer-zero-weights", 'glmer("incidence ~ period + (1 | herd)", cbpp, { family: "poisson", weights: "w" }) with w = 0 on every 7th row', "incidence ~ period + (1 | herd)",
    "Zero prior weights in a GLMM: those rows contribute nothing, as in lme4.", { family: "poisson", weights: "w" }),
  glmmMatches("binomial-factor-level-order", 'glmer("status ~ period + (1 | herd)", status a factor with levels sick, healthy (in that order), { family: "binomial" })', "status ~ period + (1 | herd)",
    "The first level of a two-level factor response is failure, whatever its name: here \"sick\", as R.", { family: "binomial" }),
  matches("factor-random-slope", 'lmer("Reaction ~ late + (0 + late | Subject)", late a factor)', "Reaction ~ late + (0 + late | Subject)",
    "A factor as random effect gives one correlated effect per level, as lme4."),
  glmmMatches("glmer-offset-argument", 'glmer("incidence ~ period + (1 | herd)", cbpp, { family: "poisson", offset: log(size) })', "incidence ~ period + (1 | herd)",
    "An offset given as an option equals offset() in the formula.", { family: "poisson", offset: columnOf("glmer-offset-argument", "lsize") }),
  glmmMatches("gamma-identity", 'glmer("angle ~ recipe + (1 | replicate)", cake, { family: "Gamma", link: "identity" })', "angle ~ recipe + (1 | replicate)",
    "A Gamma GLMM with the identity link is lme4's.", { family: "Gamma", link: "identity" }),
  matches("crossed-random", 'lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", Penicillin)', "diameter ~ 1 + (1 | plate) + (1 | sample)",
    "Crossed random effects, as lme4."),
  {
    id: "valid-singular-fit-flag",
    category: "formula",
    input: 'isSingular(lmer("Yield ~ 1 + (1 | Batch)", Dyestuff2))',
    run: () => lmer("Yield ~ 1 + (1 | Batch)", dataOf("singular-fit")).isSingular(),
    expect: { ok: true, check: (s) => { if (s !== lme4("singular-fit").fit!.singular) throw new Error(`isSingular ${s}`); } },
    why: "isSingular agrees with lme4's.",
  },
];
