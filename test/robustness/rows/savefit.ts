/**
 * Catalogue rows for saved fits (saveFit / restoreFit): the data must be the fit's, the JSON
 * unaltered and of this version; a faithful round trip gives the same model.
 */
import { expect } from "vitest";
import { lmer, glmer, datasets, saveFit, restoreFit, type LmerMod, type GlmerMod } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const sleep = () => datasets.sleepstudy();
const fm1 = () => lmer("Reaction ~ Days + (Days | Subject)", sleep());
const saved = () => JSON.parse(JSON.stringify(saveFit(fm1())));
/** sleepstudy as plain columns, with `edit` applied to a copy. */
function sleepEdited(edit: (cols: { Reaction: number[]; Days: number[]; Subject: string[] }) => void) {
  const d = sleep();
  const num = (nm: string) => Array.from((d.columns.get(nm) as { values: Float64Array }).values);
  const f = d.columns.get("Subject") as { codes: Int32Array; levels: readonly string[] };
  const cols = { Reaction: num("Reaction"), Days: num("Days"), Subject: Array.from(f.codes, (c) => f.levels[c]!) };
  edit(cols);
  return cols;
}

export const rows: CatalogueRow[] = [
  {
    id: "restorefit-round-trip",
    category: "prediction",
    input: "restoreFit(JSON.parse(JSON.stringify(saveFit(fm1))), sleepstudy)",
    run: () => {
      const m = fm1();
      return { m, again: restoreFit(JSON.parse(JSON.stringify(saveFit(m))), sleep()) as LmerMod };
    },
    expect: {
      ok: true,
      check: ({ m, again }: { m: LmerMod; again: LmerMod }) => {
        expect(again.logLik()).toBe(m.logLik());
        expect(Array.from(again.beta)).toEqual(Array.from(m.beta));
      },
    },
    why: "A saved fit is rebuilt at its saved θ in one objective evaluation, without optimizing: JSON keeps every double exactly, so the restored model is the fitted one (MixedModels.jl's saveoptsum/restoreoptsum).",
  },
  {
    id: "restorefit-glmm-round-trip",
    category: "prediction",
    input: 'restoreFit(saveFit(glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" })), cbpp)',
    run: () => {
      const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
      return { m, again: restoreFit(JSON.parse(JSON.stringify(saveFit(m))), datasets.cbpp()) as GlmerMod };
    },
    expect: {
      ok: true,
      check: ({ m, again }: { m: GlmerMod; again: GlmerMod }) => {
        // to 1e-12 relative, not bit for bit: PIRLS's two-chunk passes (glmm/threads) add the
        // deviance residuals per chunk, and the rebuild's one evaluation from the saved restart
        // predictor lands within an ulp or two of the fit's last one (measured 3e-16 relative)
        expect(Math.abs(again.logLik() - m.logLik())).toBeLessThan(1e-12 * Math.abs(m.logLik()));
        const se = Object.values(m.se()) as number[], se2 = Object.values(again.se()) as number[];
        se.forEach((v, i) => expect(Math.abs(se2[i]! - v)).toBeLessThan(1e-12 * v));
      },
    },
    why: "A GLMM's save also carries PIRLS's restart predictor and the Hessian-based vcov of β, so the rebuild needs one deviance evaluation and no (θ, β)-Hessian.",
  },
  {
    id: "restorefit-other-values",
    category: "data",
    input: "restoreFit(saved, sleepstudy with one Reaction changed)",
    run: () => restoreFit(saved(), sleepEdited((c) => { c.Reaction[3] = c.Reaction[3]! + 0.5; })),
    expect: { error: /data differ.*column 'Reaction': values differ/ },
    why: "The saved θ and β are the optimum for the data they were fitted to; on other data they would give a silently wrong model, so the data's SHA-256 fingerprint must match.",
  },
  {
    id: "restorefit-fewer-rows",
    category: "data",
    input: "restoreFit(saved, sleepstudy without its last row)",
    run: () => restoreFit(saved(), sleepEdited((c) => { c.Reaction.pop(); c.Days.pop(); c.Subject.pop(); })),
    expect: { error: /rows: 180 when saved, 179 now/ },
    why: "Rows added or removed change the model; the message says how many rows the fit had.",
  },
  {
    id: "restorefit-missing-column",
    category: "data",
    input: "restoreFit(saved, { Reaction, Subject })",
    run: () => restoreFit(saved(), (({ Days: _d, ...rest }) => rest)(sleepEdited(() => {}))),
    expect: { error: /column 'Days' is missing/ },
    why: "Every column the model uses must be there; the message names the missing one.",
  },
  {
    id: "restorefit-tampered-theta",
    category: "options",
    input: "restoreFit({ ...saved, theta: [saved.theta[0] * 1.01, ...] }, sleepstudy)",
    run: () => {
      const s = saved();
      return restoreFit({ ...s, theta: s.theta.map((v: number, i: number) => (i === 0 ? v * 1.01 : v)) }, sleep());
    },
    expect: { error: /does not match the model.*logLik rebuilt/ },
    why: "The rebuilt log-likelihood (and for an LMM β and σ) must equal the saved ones to 1e-8 relative: an edited θ would otherwise give a model that is no fit at all.",
  },
  {
    id: "restorefit-wrong-theta-length",
    category: "options",
    input: "restoreFit({ ...saved, theta: [1, 0] }, sleepstudy)",
    run: () => restoreFit({ ...saved(), theta: [1, 0] }, sleep()),
    expect: { error: /theta has 2 values, the model needs 3/ },
    why: "θ must have one value per covariance parameter of the model the formula builds.",
  },
  {
    id: "restorefit-other-version",
    category: "options",
    input: "restoreFit({ ...saved, version: 2 }, sleepstudy)",
    run: () => restoreFit({ ...saved(), version: 2 }, sleep()),
    expect: { error: /format version 2, this lme4ts reads version 1/ },
    why: "A saved fit of another format version may mean its fields differently; lme4ts refuses it rather than guess.",
  },
  {
    id: "restorefit-not-a-fit",
    category: "options",
    input: "restoreFit(fm1, sleepstudy)",
    run: () => restoreFit(fm1(), sleep()),
    expect: { error: /no format "lme4ts-fit".*saveFit\(model\)/ },
    why: "restoreFit takes saveFit's JSON, not a model.",
  },
];
