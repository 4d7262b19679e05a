/** Loads the lme4 influence fixtures (scripts/influence-refs.R) and fits the same models here. */
import { readFileSync } from "node:fs";
import { lmer, glmer, datasets } from "../../src/index.js";

/** One fixture file of test/fixtures/influence/. */
export interface InfluenceFixture {
  id: string;
  formula: string;
  groups: string;
  fixef: Record<string, number>;
  theta: number[];
  sigma: number;
  hatvalues: number[];
  cooksModel: number[];
  pearson: number[];
  influence: {
    deleted: string[]; fixedNames: string[]; varcompNames: string[]; varcomp: number[];
    fixedDeleted: number[][]; varcompDeleted: number[][]; converged: boolean[];
    dfbeta: number[][]; dfbetas: number[][]; cooks: number[];
  };
}

export function fixture(id: string): InfluenceFixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/influence/${id}.json`, import.meta.url), "utf8")) as InfluenceFixture;
}

/** The three fixture models, fitted by lme4ts. */
export const models = {
  dyestuff_cases: () => lmer("Yield ~ 1 + (1 | Batch)", datasets.load("Dyestuff")),
  cake_interaction: () => lmer("angle ~ recipe * temperature + (1 | recipe:replicate)", datasets.load("cake")),
  cake_weighted: () => {
    const d = datasets.load("cake");
    return lmer("angle ~ recipe + temperature + (1 | replicate)", d, { weights: Array.from({ length: d.nrow }, (_, i) => 1 + (i % 3)) });
  },
  cbpp_binomial: () => glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.load("cbpp"), { family: "binomial" }),
  grouseticks_poisson: () => glmer("TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", datasets.load("grouseticks"), { family: "poisson" }),
};
