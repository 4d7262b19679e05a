/**
 * Catalogue rows for the influence measures (hatvalues, influence, dfbeta(s), cooksDistance) and
 * the simulated-residual tests. Expected numbers come from lme4 1.1-31 through the fixtures of
 * scripts/influence-refs.R (test/fixtures/influence/), never typed by hand.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import {
  lmer, glmer, datasets, influence, hatvalues, cooksDistance, dfbeta, simulateResiduals, testDispersion, testQuantiles, checkModel, type InfluenceMerMod,
} from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/influence/${name}.json`, import.meta.url), "utf8"));
const gm1 = () => glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
const cake = () => lmer("angle ~ recipe * temperature + (1 | recipe:replicate)", datasets.cake());

export const rows: CatalogueRow[] = [
  {
    id: "influence-groups-naming-nothing",
    category: "inference",
    input: 'await influence(gm1, { groups: "farm" })',
    run: () => influence(gm1(), { groups: "farm", workers: 0 }),
    expect: { error: /influence\(\): groups "farm" is not a column of the model's data; the columns are .*"herd"/ },
    why: "The deletion units must be a column of the model's data; lme4 fails with \"undefined columns selected\" from the data frame, lme4ts names the columns there are.",
  },
  {
    id: "influence-option-misspelled",
    category: "inference",
    input: 'await influence(gm1, { group: "herd" })',
    run: () => influence(gm1(), { group: "herd" } as never),
    expect: { error: /influence\(\): unknown option 'group'; did you mean 'groups'\?/ },
    why: "Ignored, a misspelled option would silently fall back to the default (one refit per observation instead of per herd); R accepts `group =` by partial argument matching, JavaScript objects have no such rule, so lme4ts names the option it expected.",
  },
  {
    id: "influence-groups-not-a-name",
    category: "inference",
    input: "await influence(gm1, { groups: 3 })",
    run: () => influence(gm1(), { groups: 3 as never, workers: 0 }),
    expect: { error: /groups must be a column name or an array of column names/ },
    why: "groups names columns; a number is most likely a level or an index given by mistake.",
  },
  {
    id: "influence-maxfun-zero",
    category: "inference",
    input: "await influence(gm1, { groups: \"herd\", maxfun: 0 })",
    run: () => influence(gm1(), { groups: "herd", maxfun: 0, workers: 0 }),
    expect: { error: /maxfun must be a positive integer/ },
    why: "Each deletion refit needs at least one optimizer evaluation; lme4's default limit is 1000.",
  },
  {
    id: "influence-deleting-a-fixed-effect-level",
    category: "inference",
    input: 'await influence(gm1, { groups: "period" })',
    run: () => influence(gm1(), { groups: "period", workers: 0 }),
    expect: { error: /without period = "1" the fixed effect\(s\) period2 can no longer be estimated/ },
    why: "Deleting a whole level of a fixed-effect factor removes a coefficient, so β without that unit cannot be compared with β̂; lme4 fails here too (\"length of 'dimnames' [2] not equal to array extent\"), lme4ts says which coefficient is lost.",
  },
  {
    id: "cooks-distance-fewer-units-than-coefficients",
    category: "inference",
    input: 'cooksDistance(await influence(cake, { groups: "replicate" }))',
    run: () => influence(cake(), { groups: "replicate", workers: 0 }),
    expect: {
      warning: /n = 15 deleted units and p = 18 fixed effects/,
      check: (infl: InfluenceMerMod) => {
        const r = fixture("cake_interaction").influence.cooks as number[];
        cooksDistance(infl).forEach((v, j) => expect(Math.abs(v - r[j])).toBeLessThan(1e-5 * Math.abs(r[j]) + 1e-8));
      },
    },
    why: "lme4's Cook's distance on influence() scales by (n − p)/(n p) with n the number of deleted units: with 15 replicates and 18 coefficients every distance is negative. lme4ts gives lme4's numbers (within 1e-5 relative) and influence() warns that only their ranking means anything.",
  },
  {
    id: "hatvalues-of-a-glmm",
    category: "inference",
    input: "hatvalues(gm1)",
    run: () => hatvalues(gm1()),
    expect: {
      ok: true,
      check: (h: Float64Array) => {
        const r = fixture("cbpp_binomial").hatvalues as number[];
        h.forEach((v, i) => expect(Math.abs(v / r[i] - 1)).toBeLessThan(1e-3));
      },
    },
    why: "lme4 computes GLMM hat values with the final PIRLS weights inside the penalized system and the prior weights (trials) outside it, and warns they may not make sense; lme4ts reproduces the same numbers (within 1e-3 relative) so results can be compared, with the caveat documented.",
  },
  {
    id: "dfbeta-which-unknown",
    category: "inference",
    input: 'dfbeta(infl, "random")',
    run: async () => dfbeta(await influence(cake(), { groups: "replicate", workers: 0 }), "random" as never),
    expect: { error: /which must be "fixed" or "var.cov"/ },
    why: "lme4's dfbeta.influence.merMod has which = \"fixed\" (coefficients) or \"var.cov\" (variance components) only.",
  },
  {
    id: "simulate-residuals-nsim-zero",
    category: "inference",
    input: "simulateResiduals(gm1, { nsim: 0 })",
    run: () => simulateResiduals(gm1(), { nsim: 0 }),
    expect: { error: /nsim must be an integer ≥ 2/ },
    why: "Scaled residuals rank each observation among its simulations; with fewer than 2 there is no distribution to rank against (DHARMa's default is 250).",
  },
  {
    id: "residual-test-on-a-model",
    category: "inference",
    input: "testDispersion(gm1)",
    run: () => testDispersion(gm1() as never),
    expect: { error: /expected the result of simulateResiduals/ },
    why: "The tests work on simulated residuals, not on the model: DHARMa converts a model silently with default settings, lme4ts asks for simulateResiduals(m, { nsim, seed }) so the seed and number of simulations are the user's choice.",
  },
  {
    id: "cooks-distance-of-something-else",
    category: "inference",
    input: "cooksDistance([1, 2, 3])",
    run: () => cooksDistance([1, 2, 3] as never),
    expect: { error: /expected the result of influence/ },
    why: "Cook's distance is defined for a fitted model (per observation) or an influence() result (per deleted unit).",
  },
  {
    id: "check-model-leverage-of-a-weighted-glmm",
    category: "inference",
    input: 'checkModel(glmer("incidence/size ~ period + treatment + avg_size + (1 | herd)", cbpp2, { family: "binomial", weights: "size" }))',
    run: () => checkModel(glmer("incidence/size ~ period + treatment + avg_size + (1 | herd)", datasets.load("cbpp2"), { family: "binomial", weights: "size" }), { seed: 1, nsim: 20, iterations: 2 }),
    expect: {
      ok: true,
      check: (ck: { influence: { hat: Float64Array }; notes: string[] }) => {
        const r = JSON.parse(readFileSync(new URL("../../fixtures/checks/checkmodel.json", import.meta.url), "utf8")).cbpp2;
        ck.influence.hat.forEach((v, i) => expect(Math.abs(v - r.hatWorking[i])).toBeLessThan(1e-3));
        expect(Math.max(...ck.influence.hat)).toBeLessThan(1);
        expect(ck.notes.join("\n")).toMatch(/final PIRLS step/);
      },
    },
    why: "lme4's hatvalues for this binomial GLMM with 'size' trials reach 6.8 (prior weights outside the system matrix), so performance::check_model draws leverages above 1. checkModel uses the leverages of the final PIRLS step (R's hatvalues for a glm; here at most 0.81, equal to R's matrix formula within 1e-3) and says so in a note.",
  },
  {
    id: "test-quantiles-predictor-wrong-length",
    category: "inference",
    input: "testQuantiles(res, { predictor: [1, 2, 3] })",
    run: () => testQuantiles(simulateResiduals(gm1(), { nsim: 20, seed: 1 }), { predictor: [1, 2, 3] }),
    expect: { error: /testQuantiles\(\): predictor has 3 values but the model has 56 observations/ },
    why: "The predictor pairs with the residuals observation by observation; DHARMa recycles or fails inside qgam, lme4ts names both lengths.",
  },
];
