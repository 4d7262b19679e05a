/**
 * Catalogue rows: genpois, compois and the zero-truncated (hurdle) families on the Laplace engine: zeros
 * without a ziformula, counts outside the support, options the family has no use for, glmmTMB
 * families not implemented, random effects in a hurdle's ziformula. Data: glmmTMB's Salamanders
 * (test/fixtures/families2, scripts/families2-refs.R).
 */
import { fileURLToPath } from "node:url";
import { glmer, readCsv } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const sal = () => readCsv(fileURLToPath(new URL("../../fixtures/families2/salamanders.csv", import.meta.url)));
const fit = (formula: string, opts: Record<string, unknown>) => () => glmer(formula, sal(), opts as any);

export const rows: CatalogueRow[] = [
  {
    id: "families3-truncated-zeros",
    category: "glmm-response",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "truncated_poisson" })',
    run: fit("count ~ mined + (1 | site)", { family: "truncated_poisson" }),
    expect: { error: /truncated_poisson family is zero-truncated.*'count' has zeros in rows 1, 2, 3.*add ziformula/ },
    why: "A zero-truncated count has no zeros: the zeros need a ziformula (the hurdle model) or the untruncated family (glmmTMB 1.1.5 stops: \"'count' contains zeros … Zeros are compatible with a truncated distribution only when zero-inflation is added\").",
  },
  {
    id: "families3-genpois-negative",
    category: "glmm-response",
    input: 'glmer("I(count - 1) ~ mined + (1 | site)", Salamanders, { family: "genpois" })',
    run: fit("I(count - 1) ~ mined + (1 | site)", { family: "genpois" }),
    expect: { error: /genpois family models counts.*'I\(count - 1\)' has negative values in rows/ },
    why: "The generalized Poisson is a distribution of counts 0, 1, 2, …; the rows are named.",
  },
  {
    id: "families3-hurdle-fractional",
    category: "glmm-response",
    input: 'glmer("I(count / 2) ~ mined + (1 | site)", Salamanders, { family: "truncated_nbinom2", ziformula: "~ 1" })',
    run: fit("I(count / 2) ~ mined + (1 | site)", { family: "truncated_nbinom2", ziformula: "~ 1" }),
    expect: { error: /truncated_nbinom2 family models counts.*non-integer values/ },
    why: "Counts with decimals have no negative binomial probability (glmmTMB warns and evaluates a non-integer density).",
  },
  {
    id: "families3-dispformula-truncated-poisson",
    category: "options",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "truncated_poisson", ziformula: "~ 1", dispformula: "~ mined" })',
    run: fit("count ~ mined + (1 | site)", { family: "truncated_poisson", ziformula: "~ 1", dispformula: "~ mined" }),
    expect: { error: /dispformula .* not for 'truncated_poisson'/ },
    why: "The truncated Poisson has no dispersion parameter to model (glmmTMB ignores the dispformula).",
  },
  {
    id: "families3-genpois-link",
    category: "options",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "genpois", link: "identity" })',
    run: fit("count ~ mined + (1 | site)", { family: "genpois", link: "identity" }),
    expect: { error: /genpois family is available with the 'log' link only/ },
    why: "genpois's derivatives are implemented for the log link (glmmTMB's default) only.",
  },
  {
    id: "families3-truncated-genpois",
    category: "options",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "truncated_genpois" })',
    run: fit("count ~ mined + (1 | site)", { family: "truncated_genpois" }),
    expect: { error: /truncated_genpois.*glmmTMB's 'truncated_genpois' family is not implemented.*'genpois', 'compois', 'truncated_poisson'/ },
    why: "glmmTMB's truncated_genpois, truncated_compois and truncated_nbinom1 are not implemented; the message lists the glmmTMB families that are.",
  },
  {
    id: "families3-compois-fractional",
    category: "glmm-response",
    input: 'glmer("I(count + 0.5) ~ mined + (1 | site)", Salamanders, { family: "compois" })',
    run: fit("I(count + 0.5) ~ mined + (1 | site)", { family: "compois" }),
    expect: { error: /compois family models counts.*non-integer values/ },
    why: "The Conway–Maxwell–Poisson is a distribution of whole counts; the rows are named.",
  },
  {
    id: "families3-hurdle-random-zi",
    category: "formula",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "truncated_poisson", ziformula: "~ mined + (1 | site)" })',
    run: fit("count ~ mined + (1 | site)", { family: "truncated_poisson", ziformula: "~ mined + (1 | site)" }),
    expect: { error: /ziformula '~ mined \+ \(1 \| site\)' has a random-effects term/ },
    why: "Random effects in the zero-inflation (hurdle) model are not implemented: the engine's Newton step is over one linear predictor's random effects; refused rather than dropped.",
  },
];
