/**
 * saveFit / restoreFit round trips: the model rebuilt from the JSON text of saveFit at the saved
 * parameters (no optimization) equals the original — fixef, θ, σ, logLik, SEs, ranef (with
 * conditional variances), fitted values and predictions on new data — to 1e-12 relative (in
 * practice bit for bit or within 1e-15: JSON keeps doubles exactly and the rebuild runs the fit's
 * last evaluation; nAGQ = 9's PIRLS warm start differs, 7e-14 in logLik).
 */
import { describe, expect, it } from "vitest";
import { lmer, glmer, datasets, saveFit, restoreFit, LmeError, type MerMod, type LmerMod } from "../../src/index.js";
import type { FactorColumn, NumericColumn } from "../../src/data/types.js";

const TOL = 1e-12;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(rel(got[i]!, want[i]!), `${what}[${i}]`).toBeLessThanOrEqual(TOL);
}
const ranefValues = (m: MerMod) => m.ranef({ condVar: true }).flatMap((g) => [...g.values.flat(), ...((g as { condVar?: number[][][] }).condVar?.flat(2) ?? [])]);

function roundTrip(m: MerMod, data: Parameters<typeof restoreFit>[1], newdata: Record<string, unknown[]>) {
  const saved = saveFit(m);
  const text = JSON.stringify(saved);
  const again = restoreFit(JSON.parse(text), data);
  expect(again.kind).toBe(m.kind);
  expect(again.fixefNames).toEqual(m.fixefNames);
  expectClose(again.beta, m.beta, "fixef");
  expectClose(again.theta, m.theta, "theta");
  expectClose([again.sigma, again.logLik(), again.deviance(), again.AIC()], [m.sigma, m.logLik(), m.deviance(), m.AIC()], "sigma, logLik, deviance, AIC");
  expectClose(Object.values(again.se()), Object.values(m.se()), "se");
  expectClose(ranefValues(again), ranefValues(m), "ranef");
  expectClose(again.fitted(), m.fitted(), "fitted");
  expectClose(again.predict({ newdata, allowNewLevels: true }) as Float64Array, m.predict({ newdata, allowNewLevels: true }) as Float64Array, "predict(newdata)");
  expect(again.warnings).toEqual(m.warnings);
  expect(again.toString()).toBe(m.toString());
  expect(again.optinfo.feval).toBe(m.optinfo.feval);
  // Accessors built on the fit keep working: update refits from the restored model.
  expect(again.formula).toBe(m.formula);
  return again;
}

describe("saveFit / restoreFit round trips (LMM)", () => {
  const sleep = datasets.sleepstudy();
  const newSleep = { Days: [0, 4.5, 9], Subject: ["308", "372", "999"] };
  it("sleepstudy, REML", () => {
    const m = lmer("Reaction ~ Days + (Days | Subject)", sleep);
    const again = roundTrip(m, sleep, newSleep) as LmerMod;
    expect(again.REMLcrit()).toBe(m.REMLcrit());
    // update works from the restored model (it refits on the data given to restoreFit).
    expect(again.update(". ~ . - (Days | Subject) + (1 | Subject)").logLik()).toBe(m.update(". ~ . - (Days | Subject) + (1 | Subject)").logLik());
  });
  it("sleepstudy, ML", () => {
    const m = lmer("Reaction ~ Days + (Days | Subject)", sleep, { REML: false });
    const again = roundTrip(m, sleep, newSleep) as typeof m;
    expect(again.REML).toBe(false);
  });
  it("sleepstudy with weights, an offset, Nelder–Mead and a start, restored from the JSON text", () => {
    const n = sleep.nrow;
    const weights = Array.from({ length: n }, (_, i) => 1 + (i % 3)), offset = Array.from({ length: n }, (_, i) => (i % 5) / 10);
    const m = lmer("Reaction ~ Days + (Days | Subject)", sleep, { weights, offset, optimizer: "nelder_mead", start: [1, 0, 1] });
    const again = restoreFit(JSON.stringify(saveFit(m)), sleep) as LmerMod;
    expect(again.logLik()).toBe(m.logLik());
    expect(Array.from(again.weights())).toEqual(weights);
    expect(again.options.optimizer).toBe("nelder_mead");
  });
  it("Penicillin, crossed", () => {
    const pen = datasets.load("Penicillin");
    const m = lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", pen);
    roundTrip(m, pen, { plate: ["a", "b"], sample: ["A", "F"] });
  });
});

describe("saveFit / restoreFit round trips (GLMM)", () => {
  const cbpp = datasets.load("cbpp");
  const newCbpp = { herd: ["1", "7", "16"], period: ["1", "2", "4"], size: [10, 10, 10], incidence: [0, 0, 0] };
  it("cbpp, Laplace", () => {
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" });
    roundTrip(m, cbpp, newCbpp);
  });
  it("cbpp, nAGQ = 9", () => {
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", nAGQ: 9 });
    const again = roundTrip(m, cbpp, newCbpp) as typeof m;
    expect(again.nAGQ).toBe(9);
  });
  it("cbpp, nAGQ = 0", () => {
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", nAGQ: 0 });
    roundTrip(m, cbpp, newCbpp);
  });
  it("grouseticks, Poisson with three terms", () => {
    const g = datasets.load("grouseticks");
    const m = glmer("TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", g, { family: "poisson" });
    roundTrip(m, g, { YEAR: ["96", "97"], HEIGHT: [450, 500], BROOD: ["501", "502"], INDEX: ["1", "2"], LOCATION: ["32", "32"] });
  });
});

describe("restoreFit refuses", () => {
  const sleep = datasets.sleepstudy();
  const m = lmer("Reaction ~ Days + (Days | Subject)", sleep);
  const saved = JSON.parse(JSON.stringify(saveFit(m)));
  it("data with a changed value, naming the column", () => {
    const reaction = sleep.columns.get("Reaction") as NumericColumn, days = sleep.columns.get("Days") as NumericColumn;
    const subject = sleep.columns.get("Subject") as FactorColumn;
    const r = Float64Array.from(reaction.values);
    r[5] += 1e-9;
    const other = { Reaction: Array.from(r), Days: Array.from(days.values), Subject: Array.from(subject.codes, (c) => subject.levels[c]!) };
    expect(() => restoreFit(saved, other)).toThrow(/column 'Reaction': values differ/);
  });
  it("a JSON whose θ was altered", () => {
    const t = { ...saved, theta: saved.theta.map((v: number, i: number) => (i === 0 ? v * 1.01 : v)) };
    expect(() => restoreFit(t, sleep)).toThrow(LmeError);
    expect(() => restoreFit(t, sleep)).toThrow(/logLik rebuilt/);
  });
  it("text that is not JSON", () => {
    expect(() => restoreFit("{not json", sleep)).toThrow(/restoreFit: the text is not JSON/);
  });
  it("another version", () => {
    expect(() => restoreFit({ ...saved, version: 2 }, sleep)).toThrow(/version 2/);
  });
});
