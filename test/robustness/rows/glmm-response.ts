/**
 * Catalogue rows: GLMM responses and families (responses outside the family's range, cbind
 * misuse, factor and logical responses, missing or malformed families). lme4's behaviour for each
 * input is in test/fixtures/catalogue/<id>.json (scripts/catalogue-refs.R).
 */
import { glmer, binomial, makeLink } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";
import { dataOf, expectLme4Fit, lme4 } from "../lme4.js";

const says = (id: string) => `lme4 stops with "${lme4(id).error}"`;
const GLMM_TOL = { fixef: 1e-3, se: 1e-2, theta: 1e-2, logLik: 1e-5 };
const fit = (id: string, formula: string, opts: Record<string, unknown>) => () => glmer(formula, dataOf(id), opts as any);

export const rows: CatalogueRow[] = [
  {
    id: "glmm-binomial-outside-01",
    category: "glmm-response",
    input: 'glmer("incidence ~ period + (1 | herd)", cbpp, { family: "binomial" })',
    run: fit("binomial-outside-01", "incidence ~ period + (1 | herd)", { family: "binomial" }),
    expect: { error: /y values must be 0 <= y <= 1.*cbind\(successes, failures\)/ },
    why: `Counts of successes are not proportions: the message names the rows and the three ways to give a binomial response; ${says("binomial-outside-01")}.`,
  },
  {
    id: "glmm-binomial-noninteger-successes",
    category: "glmm-response",
    input: 'glmer("cbind(inc, size - incidence) ~ period + (1 | herd)", inc = incidence + 0.5, { family: "binomial" })',
    run: fit("binomial-noninteger-successes", "cbind(inc, size - incidence) ~ period + (1 | herd)", { family: "binomial" }),
    expect: { warning: /non-integer #successes/, check: (m) => expectLme4Fit(m, "binomial-noninteger-successes", GLMM_TOL) },
    why: `Non-integer successes are fitted with a warning, as lme4 ("${lme4("binomial-noninteger-successes").warnings[0]}"), and the estimates are lme4's. (lme4ts used to treat aic − Σ devResid as a constant here, which it is not when the AIC rounds the counts: the objective depended on the first evaluation and the estimates were off by 1e-2 to 2e-1.)`,
  },
  {
    id: "glmm-cbind-negative",
    category: "glmm-response",
    input: 'glmer("cbind(incidence, size - incidence - 5) ~ period + (1 | herd)", cbpp, { family: "binomial" })',
    run: fit("cbind-negative", "cbind(incidence, size - incidence - 5) ~ period + (1 | herd)", { family: "binomial" }),
    expect: { error: /negative counts in row \d+/ },
    why: `Negative failures are named by row; lme4 fails obscurely ("${lme4("cbind-negative").error}").`,
  },
  {
    id: "glmm-factor-response-3-levels",
    category: "glmm-response",
    input: 'glmer("status ~ period + (1 | herd)", status a factor none/some/many, { family: "binomial" })',
    run: fit("factor-response-3-levels", "status ~ period + (1 | herd)", { family: "binomial" }),
    expect: { error: /factor with 3 levels.*needs exactly two/ },
    why: "R's binomial family silently treats the first level as failure and all the others as success, which lme4 fits without a word; lme4ts refuses, because lumping levels should be a visible choice (recode the factor to two levels).",
  },
  {
    id: "glmm-poisson-negative",
    category: "glmm-response",
    input: 'glmer("I(incidence - 1) ~ period + (1 | herd)", cbpp, { family: "poisson" })',
    run: fit("poisson-negative", "I(incidence - 1) ~ period + (1 | herd)", { family: "poisson" }),
    expect: { error: /negative values not allowed for the 'Poisson' family: rows/ },
    why: `Counts cannot be negative; ${says("poisson-negative")}; lme4ts also names the rows.`,
  },
  {
    id: "glmm-poisson-noninteger",
    category: "glmm-response",
    input: 'glmer("y ~ period + (1 | herd)", y = incidence + 0.5, { family: "poisson" })',
    run: fit("poisson-noninteger", "y ~ period + (1 | herd)", { family: "poisson" }),
    expect: { warning: /non-integer counts in a Poisson model/, check: (m) => expectLme4Fit(m, "poisson-noninteger", { fixef: 1e-3, se: 2e-2, theta: 1e-2 }) },
    why: `Non-integer counts are fitted (the estimates are lme4's) with one warning saying the log-likelihood is -Inf; lme4 gives one warning per value ("${lme4("poisson-noninteger").warnings[0]}", …) and an NA logLik.`,
  },
  {
    id: "glmm-gamma-nonpositive",
    category: "glmm-response",
    input: 'glmer("I(angle - 30) ~ recipe + (1 | replicate)", cake, { family: "Gamma", link: "log" })',
    run: fit("gamma-nonpositive", "I(angle - 30) ~ recipe + (1 | replicate)", { family: "Gamma", link: "log" }),
    expect: { error: /non-positive values not allowed for the 'Gamma' family: rows/ },
    why: `The Gamma family needs y > 0; ${says("gamma-nonpositive")}.`,
  },
  {
    id: "glmm-no-family",
    category: "glmm-response",
    input: 'glmer("Reaction ~ Days + (1 | Subject)", sleepstudy)',
    run: fit("glmer-no-family", "Reaction ~ Days + (1 | Subject)", {}),
    expect: { error: /glmer\(\) needs a family.*call lmer\(\)/ },
    why: `lme4's default family is gaussian, which makes glmer a deprecated shortcut to lmer ("${lme4("glmer-no-family").warnings[0]}"); lme4ts used to fall back to binomial silently. It now asks for the family: glmer always returns a GLMM, and a linear mixed model is lmer's.`,
  },
  {
    id: "glmm-gaussian-identity",
    category: "glmm-response",
    input: 'glmer("Reaction ~ Days + (1 | Subject)", sleepstudy, { family: "gaussian" })',
    run: fit("glmer-gaussian", "Reaction ~ Days + (1 | Subject)", { family: "gaussian" }),
    expect: { error: /gaussian family and identity link is a linear mixed model: use lmer\(\)/ },
    why: `lme4 warns "${lme4("glmer-gaussian").warnings[0]}" and fits lmer; lme4ts points to lmer() (glmer's result type is a GLMM).`,
  },
  {
    id: "glmm-cbind-in-lmer",
    category: "glmm-response",
    input: 'lmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp)',
    run: async () => (await import("../../../src/index.js")).lmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", dataOf("cbind-in-lmer")),
    expect: { error: /cbind\(successes, failures\) can only be the response of a binomial GLMM: use glmer/ },
    why: `A two-column binomial response belongs to glmer; lme4 fails with "${lme4("cbind-in-lmer").error}". (lme4ts used to say "unknown function 'cbind'" while listing cbind() as supported.)`,
  },
  {
    id: "glmm-cbind-poisson",
    category: "glmm-response",
    input: 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "poisson" })',
    run: fit("cbind-poisson", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { family: "poisson" }),
    expect: { error: /cbind\(successes, failures\) is a binomial response, but the family is poisson/ },
    why: `cbind() makes a binomial response; ${says("cbind-poisson")}.`,
  },
  {
    id: "glmm-binomial-proportion-weights",
    category: "glmm-response",
    input: 'glmer("incidence / size ~ period + (1 | herd)", cbpp, { family: "binomial", weights: "size" })',
    run: fit("binomial-proportion-weights", "incidence / size ~ period + (1 | herd)", { family: "binomial", weights: "size" }),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "binomial-proportion-weights", GLMM_TOL) },
    why: "A proportion with the number of trials as weights is the same model as cbind(successes, failures), as in lme4.",
  },
  {
    id: "glmm-binomial-logical-response",
    category: "glmm-response",
    input: 'glmer("any ~ period + (1 | herd)", any = incidence > 0 (true/false), { family: "binomial" })',
    run: fit("binomial-logical-response", "any ~ period + (1 | herd)", { family: "binomial" }),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "binomial-logical-response", { ...GLMM_TOL, theta: 1e-3, se: 2e-2 }) },
    why: "A logical response is a 0/1 response (false = failure); here the fit is singular, as lme4's.",
  },
  {
    id: "glmm-binomial-character-response",
    category: "glmm-response",
    input: 'glmer("status ~ period + (1 | herd)", status "yes"/"no" strings, { family: "binomial" })',
    run: fit("binomial-character-response", "status ~ period + (1 | herd)", { family: "binomial" }),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "binomial-character-response", { ...GLMM_TOL, theta: 1e-3, se: 2e-2 }) },
    why: "A string response becomes a two-level factor (first level in R's order, \"no\", is failure), the model lme4 fits for factor(status).",
  },
  {
    id: "glmm-integer-grouping",
    category: "glmm-response",
    input: 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", herd as integers 1..15, { family: "binomial" })',
    run: fit("glmer-integer-grouping", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { family: "binomial" }),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "glmer-integer-grouping", GLMM_TOL) },
    why: "A numeric grouping variable is converted to a factor in glmer too.",
  },
  {
    id: "glmm-family-object-incomplete",
    category: "glmm-response",
    input: 'glmer("incidence ~ period + (1 | herd)", cbpp, { family: { name: "x" } })',
    run: fit("binomial-outside-01", "incidence ~ period + (1 | herd)", { family: { name: "x" } }),
    expect: { error: /family object 'x' does not implement the family protocol: it lacks hasScale.*initialize \(a function\).*link \(a Link object\)/ },
    why: "A hand-made family object is checked against the family protocol and its missing members are named (it used to fail with \"family.initialize is not a function\").",
  },
  {
    id: "glmm-family-object-bad-link",
    category: "glmm-response",
    input: 'glmer(…, { family: { ...binomial(), link: { name: "mine", linkfun } } })',
    run: fit("binomial-outside-01", "cbind(incidence, size - incidence) ~ period + (1 | herd)", {
      family: { ...binomial(), link: { name: "mine", linkfun: (m: number) => Math.log(m) } },
    }),
    expect: { error: /lacks link\.linkinv \(a function\), link\.muEta/ },
    why: "An incomplete link inside a family object is named member by member; makeLink / defineLink build complete links.",
  },
  {
    id: "glmm-family-number",
    category: "glmm-response",
    input: 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: 1 })',
    run: fit("binomial-outside-01", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { family: 1 }),
    expect: { error: /family must be a family name.*got 1/ },
    why: "A family that is neither a name nor an object is rejected with what was passed.",
  },
  {
    id: "glmm-family-object-complete",
    category: "glmm-response",
    input: 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: binomial({ link: makeLink("logit") }) })',
    run: fit("binomial-proportion-weights", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { family: binomial({ link: makeLink("logit") }) }),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "binomial-proportion-weights", GLMM_TOL) },
    why: "A complete Family object passes the protocol check and fits as the family name does.",
  },
  {
    id: "glmm-nagq-string",
    category: "glmm-response",
    input: 'glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", nAGQ: "9" })',
    run: fit("nagq-string", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { family: "binomial", nAGQ: "9" }),
    expect: { error: /nAGQ must be a whole number from 0 to 25.*not the string "9"/ },
    why: `nAGQ is a number; the message shows that a string was given (it used to read "not 9"). lme4 fails with "${lme4("nagq-string").error}".`,
  },
  {
    id: "glmm-predictor-times-1e300",
    category: "glmm-response",
    input: 'glmer("incidence ~ x + (1 | herd)", x = period × 1e300, { family: "poisson" })',
    run: fit("glmer-predictor-times-1e300", "incidence ~ x + (1 | herd)", { family: "poisson" }),
    expect: { error: /fixed-effects column 'x' is on an extreme scale.*Rescale it/ },
    why: `Squares of such a column overflow double precision; lme4 fails with "${lme4("glmer-predictor-times-1e300").error}" and warns "${lme4("glmer-predictor-times-1e300").warnings[0]}". lme4ts used to return NaN estimates with only a Hessian note.`,
  },
];
