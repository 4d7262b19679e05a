/**
 * Catalogue rows: after-the-fit functions on fits of the general Laplace engine (negative
 * binomial, beta, betabinomial, ziformula, dispformula): what they refuse and why. Data:
 * test/fixtures/families2 (scripts/families2-refs.R).
 */
import { fileURLToPath } from "node:url";
import { glmer, readCsv, saveFit, restoreFit, influence, r2 } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const bbsim = () => readCsv(fileURLToPath(new URL("../../fixtures/families2/bbsim.csv", import.meta.url)));
const sal = () => readCsv(fileURLToPath(new URL("../../fixtures/families2/salamanders.csv", import.meta.url)));
const bb = () => glmer("cbind(k, size - k) ~ x + (1 | g)", bbsim(), { family: "betabinomial" });

export const rows: CatalogueRow[] = [
  {
    id: "families-influence-laplace",
    category: "inference",
    input: 'influence(glmer("cbind(k, size - k) ~ x + (1 | g)", bbsim, { family: "betabinomial" }))',
    run: () => influence(bb()),
    expect: { error: /influence\(\): leave-one-unit-out refits of betabinomial GLMMs .* are not available.*update\(model, \{ data \}\)/ },
    why: "The deletion refits re-create classic families by name on worker threads; a Laplace-engine family with its own parameters (and zi / disp designs) is not one of them, and refitting it as a classic family would give silently wrong influence measures. lme4 has no such families; glmmTMB has no influence().",
  },
  {
    id: "families-restorefit-altered-phi",
    category: "prediction",
    input: 'restoreFit({ ...saveFit(bbFit), laplace: { ...saved.laplace, par: [log φ̂ + 0.01] } }, bbsim)',
    run: () => {
      const d = bbsim();
      const s = saveFit(bb());
      return restoreFit({ ...s, laplace: { ...s.laplace!, par: [s.laplace!.par[0]! + 0.01] } }, d);
    },
    expect: { error: /logLik rebuilt .* saved/ },
    why: "A saved Laplace-engine fit is rebuilt at its saved (θ, β, φ) in one evaluation; an altered dispersion gives another log-likelihood than the one saved, so the JSON is refused rather than restored as a different model.",
  },
  {
    id: "families-r2-zip",
    category: "inference",
    input: 'r2(glmer("count ~ spp + mined + (1 | site)", Salamanders, { family: "poisson", ziformula: "~ mined" }))',
    run: () => r2(glmer("count ~ spp + mined + (1 | site)", sal(), { family: "poisson", ziformula: "~ mined" })),
    expect: { error: /r2\(\)\/icc\(\): poisson zero-inflated GLMMs of the general Laplace engine .* report the variance components \(VarCorr\)/ },
    why: "The fit's GLM view is named \"poisson\", so the classic Poisson formula (and a null model refitted without the zero-inflation) would have given an R² silently unlike performance's, which uses r2_zeroinflated for such models and family-specific variances for negative binomial and beta fits.",
  },
];
