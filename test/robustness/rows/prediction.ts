/**
 * Catalogue rows for model building (update, refit, lme4's accessors) and partial re.form in
 * predict / simulate. Expected numbers come from lme4 1.1-31 through the fixtures written by
 * scripts/update-refs.R (test/fixtures/update/), never typed by hand.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { lmer, glmer, datasets, update, deviance, simulate, type LmerMod, type GlmerMod } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/update/${name}`, import.meta.url), "utf8"));
const chains = fixture("chains.json") as { id: string; steps: { fit: { label: string; logLik: number; theta: number[] } }[]; fits: Record<string, { logLik: number; deviance: number }> }[];
const reform = fixture("reform.json") as { id: string; cases: { reForm: string; newdata?: unknown; pred: number[] }[] }[];
const chain = (id: string) => chains.find((c) => c.id === id)!;
const step = (id: string, label: string) => chain(id).steps.find((s) => s.fit.label === label)!.fit;
const pred = (id: string, reForm: string) => reform.find((m) => m.id === id)!.cases.find((c) => c.reForm === reForm && !c.newdata)!.pred;

const fm1 = () => lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
const pen = () => lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", datasets.Penicillin());
const gm1 = () => glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });

export const rows: CatalogueRow[] = [
  {
    id: "update-with-a-formula",
    category: "prediction",
    input: 'fm1.update("Reaction ~ Days + (1 | Subject)")',
    run: () => fm1().update("Reaction ~ Days + (1 | Subject)"),
    expect: {
      ok: true,
      check: (m: LmerMod) => {
        expect(m.formula).toBe("Reaction ~ Days + (1 | Subject)");
        expect(Math.abs(m.logLik() - chain("sleepstudy").fits.fm0.logLik)).toBeLessThan(1e-4);
      },
    },
    why: "update with a formula refits the new model on the same data, as lme4's update; it used to ignore the formula and return the unchanged model. Checked against lme4's REML logLik within 1e-4.",
  },
  {
    id: "update-dot-rules",
    category: "prediction",
    input: 'update(fm1, "~ . - (Days | Subject) + (Days || Subject)")',
    run: () => update(fm1(), "~ . - (Days | Subject) + (Days || Subject)"),
    expect: {
      ok: true,
      check: (m: LmerMod) => {
        expect(m.formula).toBe("Reaction ~ Days + (Days || Subject)");
        expect(Math.abs(m.logLik() - step("sleepstudy", "fm3").logLik)).toBeLessThan(1e-4);
      },
    },
    why: "The formula is updated by R's update.formula rules ('.' is the old side, terms removed with '-', random terms as single terms) and refitted; logLik as lme4's within 1e-4.",
  },
  {
    id: "update-unknown-variable",
    category: "prediction",
    input: 'fm1.update(". ~ . + Dayz")',
    run: () => fm1().update(". ~ . + Dayz"),
    expect: { error: /no column "Dayz"\. Did you mean "Days"\?/ },
    why: "The updated formula names a column the data do not have; the error names it and suggests the closest one (R: object 'Dayz' not found).",
  },
  {
    id: "update-glmm-nagq",
    category: "prediction",
    input: "update(gm1, { nAGQ: 9 })",
    run: () => update(gm1(), { nAGQ: 9 }),
    expect: {
      ok: true,
      check: (m: GlmerMod) => {
        expect(m.nAGQ).toBe(9);
        expect(Math.abs(m.logLik() - step("cbpp", "gm3").logLik)).toBeLessThan(2e-4);
      },
    },
    why: "Options merge over the fit's, so a GLMM can be refitted with adaptive Gauss–Hermite quadrature; logLik (full scale) as lme4's within 2e-4.",
  },
  {
    id: "glmm-cbind-with-prior-weights-loglik",
    category: "prediction",
    input: "update(gm1, { weights: [1, 2, 1, 2, ...] }) on a cbind(incidence, size - incidence) response",
    run: () => update(gm1(), { weights: Array.from({ length: 56 }, (_, i) => 1 + (i % 2)) }),
    expect: { ok: true, check: (m: GlmerMod) => expect(Math.abs(m.logLik() - step("cbpp", "gm6").logLik)).toBeLessThan(2e-4) },
    why: "With a cbind() response and prior weights, R's binomial log-likelihood is Σ wᵢ log dbinom(sᵢ; nᵢ, μᵢ) with nᵢ the trials; lme4ts used to treat wᵢnᵢ as the trials, so logLik was off (-112.48 instead of lme4's -129.27) while the estimates agreed.",
  },
  {
    id: "glmm-deviance-is-conditional",
    category: "prediction",
    input: "deviance(gm1)",
    run: () => deviance(gm1()),
    expect: { ok: true, check: (d: number) => expect(Math.abs(d - chain("cbpp").fits.gm1.deviance)).toBeLessThan(1e-3) },
    why: "lme4's deviance() of a GLMM is the sum of squared deviance residuals (73.47 on cbpp), not −2 logLik (184.05); it used to return −2 logLik.",
  },
  {
    id: "predict-partial-reform",
    category: "prediction",
    input: 'pen.predict({ reForm: "~(1 | plate)" })',
    run: () => pen().predict({ reForm: "~(1 | plate)" }),
    expect: {
      ok: true,
      check: (p: Float64Array) => {
        const want = pred("penicillin", "~(1|plate)");
        want.forEach((v, i) => expect(Math.abs(p[i] - v)).toBeLessThan(1e-4 * Math.abs(v)));
      },
    },
    why: "A partial re.form adds only the named terms' conditional modes (23.78 for the first row, as lme4), where the full prediction is 25.96; it used to return the full prediction.",
  },
  {
    id: "predict-reform-unknown-term",
    category: "prediction",
    input: 'pen.predict({ reForm: "~(1 | batch)" })',
    run: () => pen().predict({ reForm: "~(1 | batch)" }),
    expect: { error: /'\(1 \| batch\)' is not part of the model \(the model has no grouping factor 'batch'\); the model's terms are \(1 \| plate\), \(1 \| sample\)/ },
    why: "re.form must be a subset of the model's random terms; lme4 stops with 'grouping factors specified in re.form that were not present in original model', lme4ts names the term and lists the model's.",
  },
  {
    id: "predict-reform-interaction-order",
    category: "prediction",
    input: 'pastes.predict({ reForm: "~(1 | batch:cask)" }) on (1 | batch/cask)',
    run: () => lmer("strength ~ 1 + (1 | batch/cask)", datasets.Pastes()).predict({ reForm: "~(1 | batch:cask)" }),
    expect: { error: /grouping factor 'batch:cask'.*\(1 \| cask:batch\)/ },
    why: "lme4 names the nested grouping factor of (1 | batch/cask) 'cask:batch' and matches re.form terms by that name (it refuses 'batch:cask' too); the message lists the model's terms so the right spelling is one look away.",
  },
  {
    id: "simulate-reform-splits-term",
    category: "prediction",
    input: 'simulate(fm1, { reForm: "~(1 | Subject)" }) on (Days | Subject)',
    run: () => simulate(fm1(), { reForm: "~(1 | Subject)", seed: 1 }),
    expect: { error: /simulate conditions on whole terms/ },
    why: "Conditioning on the intercepts of a correlated (Days | Subject) term while drawing its slopes anew has no clear meaning; simulate conditions on whole terms (predict accepts the column subset, as lme4).",
  },
];
