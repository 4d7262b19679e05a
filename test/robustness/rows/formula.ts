/**
 * Catalogue rows: formulas (unknown variables, random-term shapes, grouping factors with too few or
 * too many levels, rank deficiency, formula arguments that are not formulas). lme4's behaviour for
 * each input is in test/fixtures/catalogue/<id>.json (scripts/catalogue-refs.R).
 */
import { lmer, parseFormula } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";
import { dataOf, expectLme4Fit, lme4 } from "../lme4.js";

/** lme4's error text for case `id`, quoted for a `why`. */
const says = (id: string) => `lme4 stops with "${lme4(id).error}"`;

const fit = (id: string, formula: string, opts = {}) => () => lmer(formula, dataOf(id), opts);

export const rows: CatalogueRow[] = [
  {
    id: "formula-unknown-variable",
    category: "formula",
    input: 'lmer("Reaction ~ Dayz + (1 | Subject)", sleepstudy)',
    run: fit("unknown-variable", "Reaction ~ Dayz + (1 | Subject)"),
    expect: { error: /no column "Dayz". Did you mean "Days"/ },
    why: `A misspelt column is named, with the columns the data has; ${says("unknown-variable")}.`,
  },
  {
    id: "formula-no-random-terms",
    category: "formula",
    input: 'lmer("Reaction ~ Days", sleepstudy)',
    run: fit("no-random-terms", "Reaction ~ Days"),
    expect: { error: /no random-effects terms/ },
    why: `A mixed model needs at least one (term | group); ${says("no-random-terms")}.`,
  },
  {
    id: "formula-zero-bar",
    category: "formula",
    input: 'lmer("Reaction ~ Days + (0 | Subject)", sleepstudy)',
    run: fit("zero-bar", "Reaction ~ Days + (0 | Subject)"),
    expect: { error: /random-effects term '\(0 \| Subject\)' has no columns/ },
    why: `(0 | g) has no random effects at all; lme4 fails with an internal assertion ("${lme4("zero-bar").error}"), lme4ts names the term.`,
  },
  {
    id: "formula-no-response",
    category: "formula",
    input: 'lmer("~ Days + (1 | Subject)", sleepstudy)',
    run: fit("no-response", "~ Days + (1 | Subject)"),
    expect: { error: /has no response: write it as "response ~ terms"/ },
    why: `A model needs a response left of ~; lme4 fails with an internal assertion ("${lme4("no-response").error}").`,
  },
  {
    id: "formula-one-level-group",
    category: "formula",
    input: 'lmer("Reaction ~ Days + (1 | one)", data with one = "a" on every row)',
    run: fit("one-level-group", "Reaction ~ Days + (1 | one)"),
    expect: { error: /'one' has only one level/ },
    why: `A variance cannot be estimated from one sampled level; ${says("one-level-group")}.`,
  },
  {
    id: "formula-levels-equal-observations",
    category: "formula",
    input: 'lmer("Reaction ~ Days + (1 | obs)", data with obs = 1..180 as a factor)',
    run: fit("levels-equal-obs", "Reaction ~ Days + (1 | obs)"),
    expect: { error: /levels of grouping factor 'obs' \(180\) must be < number of observations \(180\)/ },
    why: `With one observation per level the term's variance cannot be told apart from the residual variance; ${says("levels-equal-obs")}.`,
  },
  {
    id: "formula-all-na-term",
    category: "formula",
    input: 'lmer("Reaction ~ Days + z + (1 | Subject)", data where z is NA on every row)',
    run: fit("all-na-term", "Reaction ~ Days + z + (1 | Subject)"),
    expect: { error: /no data left.*\bz\b/ },
    why: `Dropping incomplete rows leaves nothing to fit; ${says("all-na-term")}.`,
  },
  {
    id: "formula-too-many-random-effects",
    category: "formula",
    input: 'lmer("Reaction ~ 1 + (Days | Subject)", sleepstudy rows with Days ≤ 1)',
    run: fit("too-many-random-effects", "Reaction ~ 1 + (Days | Subject)"),
    expect: { error: /number of observations \(=36\) <= number of random effects \(=36\)/ },
    why: `Two random effects per subject from two observations per subject leave nothing for the residual; ${says("too-many-random-effects")}.`,
  },
  {
    id: "formula-dot",
    category: "formula",
    input: 'lmer("Reaction ~ . + (1 | Subject)", sleepstudy)',
    run: fit("dot-formula", "Reaction ~ . + (1 | Subject)"),
    expect: { error: /'\.' \(all other columns\) is not supported; list the columns/ },
    why: `R expands '.' to every other column, here putting Subject in both the fixed and the random part (lme4 then warns "${lme4("dot-formula").warnings[1]?.trim()}"); lme4ts asks for the terms to be written out.`,
  },
  {
    id: "formula-double-bar-factor",
    category: "formula",
    input: 'lmer("Reaction ~ Days + (late || Subject)", late a two-level factor)',
    run: fit("double-bar-factor", "Reaction ~ Days + (late || Subject)"),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "double-bar-factor", { theta: 2e-2, se: 1e-2, fixef: 1e-3 }) },
    why: "lme4 1.1 expands (f || g) for a factor f into (1 | g) + (0 + f | g), which is not uncorrelated (the factor's dummy columns keep a full covariance); lme4ts expands it the same way, and lme4's fit warns of a degenerate Hessian, so θ is compared loosely.",
  },
  {
    id: "formula-numeric-grouping",
    category: "formula",
    input: 'lmer("Reaction ~ Days + (Days | Subject)", Subject as integers 308, 309, …)',
    run: fit("numeric-grouping", "Reaction ~ Days + (Days | Subject)"),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "numeric-grouping") },
    why: "A numeric grouping variable is converted to a factor, as lme4 does.",
  },
  {
    id: "formula-interaction-grouping",
    category: "formula",
    input: 'lmer("strength ~ 1 + (1 | batch:cask)", Pastes)',
    run: fit("interaction-grouping", "strength ~ 1 + (1 | batch:cask)"),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "interaction-grouping") },
    why: "An interaction of factors groups by their observed combinations, as in lme4.",
  },
  {
    id: "formula-nested-missing-levels",
    category: "formula",
    input: 'lmer("strength ~ 1 + (1 | batch/cask)", Pastes without casks A:a and D:c)',
    run: fit("nested-missing-levels", "strength ~ 1 + (1 | batch/cask)"),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "nested-missing-levels") },
    why: "Nesting uses only the batch:cask combinations present in the data (unused combinations are not levels), as lme4 does.",
  },
  {
    id: "formula-collinear-fixed",
    category: "formula",
    input: 'lmer("Reaction ~ Days + Days2 + (1 | Subject)", Days2 = 2 × Days)',
    run: fit("collinear-fixed", "Reaction ~ Days + Days2 + (1 | Subject)"),
    expect: { warning: /rank deficient so dropping 1 column \/ coefficient \(Days2\)/, check: (m) => expectLme4Fit(m, "collinear-fixed") },
    why: `A column that is a combination of earlier ones is dropped with a note, as lme4's "${lme4("collinear-fixed").messages[0]}".`,
  },
  {
    id: "formula-intercept-only-fixed",
    category: "formula",
    input: 'lmer("Yield ~ 1 + (1 | Batch)", Dyestuff)',
    run: fit("intercept-only-fixed", "Yield ~ 1 + (1 | Batch)"),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "intercept-only-fixed") },
    why: "The simplest model: an intercept and one random intercept, the answer lme4 gives.",
  },
  {
    id: "data-response-times-1e200",
    category: "data",
    input: 'lmer("Reaction ~ Days + (1 | Subject)", Reaction × 1e200)',
    run: fit("response-times-1e200", "Reaction ~ Days + (1 | Subject)"),
    expect: { error: /the response 'Reaction' is on an extreme scale.*overflow.*Rescale it/ },
    why: `Squares of such values overflow double precision. lme4 returns fixed effects with NA standard errors and σ and the warning "${lme4("response-times-1e200").warnings[0]?.split("\n")[0]}"; lme4ts used to return NaN estimates with only a Hessian note. It now names the variable and says to rescale.`,
  },
  {
    id: "data-predictor-times-1e300",
    category: "data",
    input: 'lmer("Reaction ~ Days + (1 | Subject)", Days × 1e300)',
    run: fit("predictor-times-1e300", "Reaction ~ Days + (1 | Subject)"),
    expect: { error: /fixed-effects column 'Days' is on an extreme scale.*Rescale it/ },
    why: `${says("predictor-times-1e300")} after warning "${lme4("predictor-times-1e300").warnings[0]}"; lme4ts names the column and says to rescale (it used to return NaN estimates).`,
  },
  {
    id: "data-predictor-times-1e-300",
    category: "data",
    input: 'lmer("Reaction ~ Days + (1 | Subject)", Days × 1e-300)',
    run: () => {
      const d = dataOf("predictor-times-1e300");
      const days = (d.columns.get("Days") as { values: Float64Array }).values.map((v) => (v / 1e300) * 1e-300);
      return lmer("Reaction ~ Days + (1 | Subject)", { Reaction: (d.columns.get("Reaction") as { values: Float64Array }).values, Days: days, Subject: ((c) => Array.from(c.codes, (k: number) => c.levels[k]))(d.columns.get("Subject") as any) });
    },
    expect: { error: /fixed-effects column 'Days' is on an extreme scale.*underflow.*multiply/ },
    why: "Values so small that their squares underflow to zero make the column numerically zero; lme4ts says to rescale instead of returning NaN estimates.",
  },
  {
    id: "formula-not-a-string",
    category: "formula",
    input: "lmer(42, sleepstudy)",
    run: () => lmer(42 as any, dataOf("intercept-only-fixed")),
    expect: { error: /formula must be a string.*got 42/ },
    why: "A formula that is not a string (or a parsed formula) is named with what was passed instead, rather than failing deep inside with a TypeError.",
  },
  {
    id: "formula-undefined",
    category: "formula",
    input: "lmer(undefined, sleepstudy)",
    run: () => lmer(undefined as any, dataOf("intercept-only-fixed")),
    expect: { error: /formula must be a string.*got undefined/ },
    why: "Forgetting the formula is an error naming the argument.",
  },
  {
    id: "options-not-an-object",
    category: "options",
    input: 'lmer("Yield ~ 1 + (1 | Batch)", Dyestuff, false)',
    run: () => lmer("Yield ~ 1 + (1 | Batch)", dataOf("intercept-only-fixed"), false as any),
    expect: { error: /lmer\(\): the options must be an object.*not false/ },
    why: "Options come as an object such as { REML: false }; a bare value (here meant as REML = FALSE, R's positional argument) used to be ignored silently.",
  },
  {
    id: "formula-parsed-object",
    category: "formula",
    input: 'lmer(parseFormula("Yield ~ 1 + (1 | Batch)"), Dyestuff)',
    run: () => lmer(parseFormula("Yield ~ 1 + (1 | Batch)"), dataOf("intercept-only-fixed")),
    expect: { ok: true, check: (m) => expectLme4Fit(m, "intercept-only-fixed") },
    why: "A formula parsed once with parseFormula can be reused; it gives the same fit as the string.",
  },
];
