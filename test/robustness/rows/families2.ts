/**
 * Catalogue rows: glmmTMB's families and models on the Laplace engine (beta, betabinomial,
 * ziformula, dispformula): responses outside the family's range, zero-inflation without zeros,
 * options the family has no use for. Data: test/fixtures/families2 (scripts/families2-refs.R).
 */
import { fileURLToPath } from "node:url";
import { glmer, readCsv } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const csv = (name: string) => readCsv(fileURLToPath(new URL(`../../fixtures/families2/${name}.csv`, import.meta.url)));
/** betasim with y = 1 in row 4 and y = 0 in row 9 (1-based). */
function betaEdges() {
  const d = csv("betasim");
  const y = d.columns.get("y")!;
  if (y.kind !== "numeric") throw new Error("betasim's y is numeric");
  const v = Float64Array.from(y.values);
  v[3] = 1;
  v[8] = 0;
  return { ...d, columns: new Map([...d.columns, ["y", { ...y, values: v }]]) };
}
const fit = (formula: string, data: () => unknown, opts: Record<string, unknown>) => () => glmer(formula, data() as any, opts as any);

export const rows: CatalogueRow[] = [
  {
    id: "families2-beta-zero-one",
    category: "glmm-response",
    input: 'glmer("y ~ x + (1 | g)", betasim with y = 1 in row 4 and 0 in row 9, { family: "beta" })',
    run: fit("y ~ x + (1 | g)", betaEdges, { family: "beta" }),
    expect: { error: /beta family needs proportions strictly between 0 and 1.*'y'.*rows 4 and 9/ },
    why: "Exact 0s and 1s have zero beta density; the message names the column and the rows and says how to squeeze them (glmmTMB stops with \"y values must be 0 < y < 1\").",
  },
  {
    id: "families2-zi-without-zeros",
    category: "glmm-response",
    input: 'glmer("I(count + 1) ~ mined + (1 | site)", Salamanders, { family: "poisson", ziformula: "~ 1" })',
    run: fit("I(count + 1) ~ mined + (1 | site)", () => csv("salamanders"), { family: "poisson", ziformula: "~ 1" }),
    expect: { error: /response 'I\(count \+ 1\)' has no zeros.*Drop ziformula/ },
    why: "Without zeros the zero-inflation probability runs to 0 and its logit to −∞: there is no estimate (glmmTMB fits it and reports a huge negative intercept with NaN standard error).",
  },
  {
    id: "families2-zi-negative-counts",
    category: "glmm-response",
    input: 'glmer("I(count - 1) ~ mined + (1 | site)", Salamanders, { family: "nbinom2", ziformula: "~ mined" })',
    run: fit("I(count - 1) ~ mined + (1 | site)", () => csv("salamanders"), { family: "nbinom2", ziformula: "~ mined" }),
    expect: { error: /nbinom2 family models counts.*'I\(count - 1\)' has negative values in rows/ },
    why: "Negative counts have no negative binomial probability; the rows are named (glmmTMB stops with \"negative values not allowed\").",
  },
  {
    id: "families2-betabinomial-noninteger",
    category: "glmm-response",
    input: 'glmer("cbind(k + 0.5, size - k) ~ x + (1 | g)", bbsim, { family: "betabinomial" })',
    run: fit("cbind(k + 0.5, size - k) ~ x + (1 | g)", () => csv("bbsim"), { family: "betabinomial" }),
    expect: { error: /betabinomial family models successes.*not a whole number of successes/ },
    why: "The betabinomial probability is defined for whole numbers of successes only (glmmTMB warns and evaluates a non-integer density).",
  },
  {
    id: "families2-dispformula-poisson",
    category: "options",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "poisson", dispformula: "~ mined" })',
    run: fit("count ~ mined + (1 | site)", () => csv("salamanders"), { family: "poisson", dispformula: "~ mined" }),
    expect: { error: /dispformula .* not for 'poisson', whose variance is fixed by its mean .*nbinom2/ },
    why: "A Poisson variance equals its mean: there is no dispersion parameter to model (glmmTMB ignores the dispformula silently).",
  },
  {
    id: "families2-ziformula-beta",
    category: "options",
    input: 'glmer("y ~ x + (1 | g)", betasim, { family: "beta", ziformula: "~ 1" })',
    run: fit("y ~ x + (1 | g)", () => csv("betasim"), { family: "beta", ziformula: "~ 1" }),
    expect: { error: /ziformula \(zero-inflation\) is available for the families 'poisson', 'nbinom2', 'nbinom1', .*not for 'beta'/ },
    why: "A beta response has no zeros to inflate (glmmTMB 1.1.5 stops: beta values must be in (0, 1)); zero-inflation is implemented for the count families.",
  },
  {
    id: "families2-ziformula-random",
    category: "formula",
    input: 'glmer("count ~ mined + (1 | site)", Salamanders, { family: "poisson", ziformula: "~ (1 | site)" })',
    run: fit("count ~ mined + (1 | site)", () => csv("salamanders"), { family: "poisson", ziformula: "~ (1 | site)" }),
    expect: { error: /ziformula '~ \(1 \| site\)' has a random-effects term/ },
    why: "Random effects in the zero-inflation model (a glmmTMB feature) are not implemented: refused rather than dropped.",
  },
  {
    id: "families2-beta-link",
    category: "options",
    input: 'glmer("y ~ x + (1 | g)", betasim, { family: "beta", link: "probit" })',
    run: fit("y ~ x + (1 | g)", () => csv("betasim"), { family: "beta", link: "probit" }),
    expect: { error: /beta family is available with the 'logit' link only/ },
    why: "The beta density's derivatives are implemented for the logit link (glmmTMB's default) only.",
  },
];
