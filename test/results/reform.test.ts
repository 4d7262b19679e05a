/**
 * Partial re.form in predict (and simulate) against lme4 1.1-31's predict(re.form =)
 * (test/fixtures/update/reform.json, scripts/update-refs.R): crossed (Penicillin), nested
 * (Pastes `(1 | batch/cask)`), correlated and uncorrelated slopes (sleepstudy) and a poisson GLMM
 * with three crossed terms (grouseticks, link and response scale), with newdata and
 * allowNewLevels. Tolerance: 1e-4 relative (predictions move with θ̂ by the optimizer tolerance).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer, glmer, datasets, simulate, predict, LmeError, type MerMod } from "../../src/index.js";

interface Case { reForm: string; type?: "link" | "response"; newdata?: Record<string, unknown>[]; allowNewLevels?: boolean; pred: number[] }
interface Model { id: string; data: string; formula: string; family: string | null; cases: Case[] }
const models = JSON.parse(readFileSync(new URL("../fixtures/update/reform.json", import.meta.url), "utf8")) as Model[];

const fits = new Map<string, MerMod>();
function fit(m: Model): MerMod {
  let f = fits.get(m.id);
  if (!f) {
    const d = datasets.load(m.data);
    f = m.family ? glmer(m.formula, d, { family: m.family }) : lmer(m.formula, d);
    fits.set(m.id, f);
  }
  return f;
}

describe("predict(m, { reForm }) = lme4's predict(re.form =)", () => {
  for (const m of models)
    for (const c of m.cases)
      it(`${m.id}: ${c.reForm}${c.type ? ` (${c.type})` : ""}${c.newdata ? " on newdata" : ""}`, () => {
        const model = fit(m);
        const reForm = c.reForm === "NA" ? null : c.reForm;
        const got = model.predict({ reForm, newdata: c.newdata, allowNewLevels: c.allowNewLevels, ...(c.type ? { type: c.type } : {}) });
        expect(got.length).toBe(c.pred.length);
        let worst = 0;
        c.pred.forEach((v, i) => (worst = Math.max(worst, Math.abs(got[i] - v) / Math.max(1, Math.abs(v)))));
        expect(worst).toBeLessThan(1e-4);
      });
});

describe("reForm errors name the term", () => {
  const pen = fit(models.find((m) => m.id === "penicillin")!);
  const pas = fit(models.find((m) => m.id === "pastes")!);
  const ss = fit(models.find((m) => m.id === "sleepstudy")!);
  it("a grouping factor the model does not have", () => {
    expect(() => pen.predict({ reForm: "~(1 | batch)" })).toThrow(/'\(1 \| batch\)' is not part of the model .*grouping factor 'batch'/);
    expect(() => pas.predict({ reForm: "~(1 | batch:cask)" })).toThrow(/'\(1 \| batch:cask\)'.*cask:batch/);
    expect(() => pas.predict({ reForm: "~(1 | sample)" })).toThrow(LmeError);
  });
  it("a column the model's term does not have", () => {
    expect(() => ss.predict({ reForm: "~(Days + I(Days^2) | Subject)" })).toThrow(/no column 'I\(Days\^2\)' for 'Subject'/);
  });
  it("a formula without random terms, or not a formula", () => {
    expect(() => pen.predict({ reForm: "~1" })).toThrow(/no random-effects terms/);
    expect(() => pen.predict({ reForm: "plate" })).toThrow(/option reForm must be one of null, "NA", "~\(1 \| g\)"/);
  });
  it("new levels only matter for the terms kept", () => {
    const nd = [{ plate: "zz", sample: "A" }];
    expect(() => pen.predict({ newdata: nd, reForm: "~(1 | plate)" })).toThrow(/new level 'zz'/);
    expect(pen.predict({ newdata: nd, reForm: "~(1 | sample)" })[0]).toBeCloseTo(pen.predict({ reForm: "~(1 | sample)" })[0], 10);
  });
  it("the function form predict(m, opts) is the method", () => {
    expect([...predict(pen, { reForm: "~(1 | plate)" })]).toEqual([...pen.predict({ reForm: "~(1 | plate)" })]);
  });
  it("\"~0\" is the population level", () => {
    expect([...pen.predict({ reForm: "~0" })]).toEqual([...pen.predict({ reForm: null })]);
  });
});

describe("simulate(m, { reForm }) conditions on the named terms and draws the others", () => {
  const pm = models.find((m) => m.id === "penicillin")!;
  const pen = fit(pm);
  const lme4Plate = pm.cases.find((c) => c.reForm === "~(1|plate)" && !c.newdata)!.pred;
  it("Penicillin, ~(1 | plate): mean = lme4's predict(re.form = ~(1|plate)), variance σ² + σ²_sample", () => {
    const nsim = 2000;
    const { sims } = simulate(pen, { reForm: "~(1|plate)", nsim, seed: 7 });
    const vc = pen.VarCorr();
    const vSample = vc.find((b) => b.group === "sample")!.sd[0] ** 2;
    const v = pen.sigma ** 2 + vSample;
    for (const i of [0, 1, 50, 143]) {
      let s = 0, s2 = 0;
      for (const y of sims) { s += y[i]; s2 += y[i] * y[i]; }
      const mean = s / nsim, variance = s2 / nsim - mean * mean;
      expect(Math.abs(mean - lme4Plate[i])).toBeLessThan(4 * Math.sqrt(v / nsim));
      expect(Math.abs(variance / v - 1)).toBeLessThan(0.12); // 3.8 standard errors at nsim = 2000
    }
    // Rows 0 and 1 share the plate, not the sample: the plate effect is fixed, so they are
    // independent; rows 0 and 24 share the sample (drawn once per replicate): covariance σ²_sample.
    const cov = (a: number, b: number) => {
      let sa = 0, sb = 0, sab = 0;
      for (const y of sims) { sa += y[a]; sb += y[b]; sab += y[a] * y[b]; }
      return sab / nsim - (sa / nsim) * (sb / nsim);
    };
    const d = datasets.Penicillin();
    const sample = d.columns.get("sample") as { codes: Int32Array };
    const j = [...sample.codes].findIndex((c, k) => k > 0 && c === sample.codes[0]);
    expect(Math.abs(cov(0, 1))).toBeLessThan(0.15 * v);
    expect(Math.abs(cov(0, j) / vSample - 1)).toBeLessThan(0.15);
  });
  it("on newdata with new levels: mean = lme4's predict(newdata, re.form = ~(1|plate), allow.new.levels = TRUE)", () => {
    const c = pm.cases.find((k) => k.reForm === "~(1|plate)" && k.newdata)!;
    const nsim = 2000;
    const { sims } = simulate(pen, { reForm: "~(1|plate)", newdata: c.newdata, nsim, seed: 11 });
    const v = pen.sigma ** 2 + pen.VarCorr().find((b) => b.group === "sample")!.sd[0] ** 2;
    c.pred.forEach((want, i) => {
      const mean = sims.reduce((s, y) => s + y[i], 0) / nsim;
      expect(Math.abs(mean - want)).toBeLessThan(4 * Math.sqrt(v / nsim));
    });
  });
  it("a reForm that splits a term is refused in simulate, an unknown term names it", () => {
    const ss = fit(models.find((m) => m.id === "sleepstudy")!);
    expect(() => simulate(ss, { reForm: "~(1 | Subject)", seed: 1 })).toThrow(/whole terms/);
    expect(() => simulate(pen, { reForm: "~(1 | batch)", seed: 1 })).toThrow(/'\(1 \| batch\)'/);
  });
  it("GLMM: grouseticks conditional on LOCATION, BROOD and INDEX drawn", () => {
    const gt = fit(models.find((m) => m.id === "grouseticks")!);
    const { sims } = simulate(gt, { reForm: "~(1|LOCATION)", nsim: 3, seed: 3 });
    expect(sims.length).toBe(3);
    sims.forEach((y) => y.forEach((v) => expect(Number.isInteger(v) && v >= 0).toBe(true)));
  });
});

describe("predict on the model's rows keeps the offset option (lme4)", () => {
  it("poisson with offset = log(size): reForm null is Xβ̂ + offset, the full prediction is the fitted η", () => {
    const cb = datasets.cbpp();
    const size = [...(cb.columns.get("size") as { values: Float64Array }).values];
    const g = glmer("incidence ~ period + (1 | herd)", cb, { family: "poisson", offset: size.map(Math.log) });
    const withOffset = glmer("incidence ~ period + offset(log(size)) + (1 | herd)", cb, { family: "poisson" });
    const a = g.predict({ reForm: null }), b = withOffset.predict({ reForm: null });
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
    const full = g.predict(), part = g.predict({ reForm: "~(1 | herd)" });
    full.forEach((v, i) => expect(part[i]).toBeCloseTo(v, 6));
  });
});
