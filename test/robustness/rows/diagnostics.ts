/**
 * Catalogue rows for the Laplace / adaptive Gauss–Hermite integrand diagnostics
 * (`conditionalDensities`, the GLMM paper's Figures 1–3): the models they do not apply to.
 */
import { conditionalDensities, datasets, glmer, lmer, type GlmerMod } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const cbppFormula = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

export const rows: CatalogueRow[] = [
  {
    id: "conditional-densities-of-an-lmm",
    category: "inference",
    input: "conditionalDensities(lmer(\"Reaction ~ Days + (1 | Subject)\", sleepstudy))",
    run: () => conditionalDensities(lmer("Reaction ~ Days + (1 | Subject)", datasets.sleepstudy()) as unknown as GlmerMod),
    expect: { error: /conditionalDensities\(\): needs a GLMM fitted by glmer\(\); for a linear mixed model .* exactly normal/ },
    why: "A linear mixed model's conditional density of the random effects is exactly normal (no Laplace approximation to check); lme4's `zeta()` of the GLMM paper stops on `is(m, \"glmerMod\")`.",
  },
  {
    id: "conditional-densities-vector-valued-term",
    category: "inference",
    input: "conditionalDensities(glmer(\"… ~ period + (1 + as.numeric(period) | herd)\", cbpp, { family: \"binomial\" }))",
    run: () => conditionalDensities(glmer("cbind(incidence, size - incidence) ~ period + (1 + as.numeric(period) | herd)", datasets.cbpp(), { family: "binomial" })),
    expect: { error: /needs a single scalar random-effects term such as \(1 \| g\).*this model has \(\(Intercept\) \+ as\.numeric\(period\) \| herd\)/ },
    why: "The likelihood factors into one-dimensional integrals (and t(z) is defined) only for one scalar term, as for nAGQ > 1; lme4's `zeta()` stops on `length(m@cnms[[1]]) == 1L`.",
  },
  {
    id: "conditional-densities-dispersion-family",
    category: "inference",
    input: "conditionalDensities(glmer(\"angle ~ temperature + (1 | replicate)\", cake, { family: \"Gamma\", link: \"log\" }))",
    run: () => conditionalDensities(glmer("angle ~ temperature + (1 | replicate)", datasets.cake(), { family: "Gamma", link: "log" })),
    expect: { error: /the Gamma family has a dispersion parameter/ },
    why: "lme4's penalized deviance leaves the dispersion out, so exp(−D/2) is not the conditional density of a Gamma or Gaussian GLMM; R's `zeta()` would draw it without a word.",
  },
  {
    id: "conditional-densities-unknown-level",
    category: "inference",
    input: "conditionalDensities(gm1, { levels: [\"16\"] })",
    run: () => conditionalDensities(glmer(cbppFormula, datasets.cbpp(), { family: "binomial" }), { levels: ["16"] }),
    expect: { error: /"16" is not a level of herd; its levels include "1", "2"/ },
    why: "A misspelled or numeric level would otherwise give an empty table; the error lists levels there are.",
  },
];
