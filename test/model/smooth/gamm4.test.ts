/**
 * s(x, bs = "cr" | "ps", k) terms against gamm4 0.2-6 / mgcv 1.8-41 (test/fixtures/gamm4/, written
 * by `Rscript scripts/gamm4-refs.R`): gaussian fits by REML (sleepstudy with k = 5, whose
 * smoothing variance is 0 — a linear fit —, and mgcv's gamSim(6) with k = 10 and a random factor,
 * with "cr" and "ps", and without the factor: the smooth the only random term), binomial ones by Laplace (Contraception, use ~ s(age) + urban +
 * (1 | district), "cr" and "ps") and the eight per-group binomial fits of the contraception
 * notebook's Figure 10 (the smooth the only random term); and factor `by` smooths (one smooth and
 * variance per level: gaussian on gamSim(4), binomial on Contraception by urban with a district
 * intercept), every smooth compared.
 *
 * Tolerances: logLik 1e-7 relative; fitted values 1e-4 × the largest |fitted value|; the smoothing
 * variances 1e-4 relative for the gaussian fits with one smooth, 5e-4 for the binomial ones and
 * for several smooths (measured 1.1e-4 and 1.3e-4 on two binomial fits and 2.2e-4 on gamSim(4)'s
 * first by-level smooth: the likelihood is flat there — lme4's optimum is higher than ours by 5e-8
 * on contraception_cr10 —, so the optimizers' stopping rules show), 1e-8 absolute when gamm4's is 0; fixed effects 1e-4 relative (binomial: 1e-2 of lme4's standard
 * error, the conformance check's GLMM tolerance, for the same reason: measured 9.4e-4 relative on
 * the small s(age):urbanNFx1 of contraception_by_urban_cr6) (the null-space
 * coefficient s(x)Fx1 in absolute value: its sign is an eigenvector's); the smooth on a 25-point
 * grid 1e-4 × its range, its Bayesian standard errors 1e-3 × their largest value (at the point
 * where a linear smooth crosses zero its SE is 0, gamm4's 7e-4: it uses a smoothing parameter of
 * 1e10 for a zero variance instead of infinity); the knots 1e-12 relative; predictions on new
 * data (x on a grid 10% beyond the data's range at both ends: mgcv continues the spline linearly,
 * and with every random effect, or with the smooths only, reForm "~ s(x)", as mgcv's predict.gam)
 * 1e-4 × max(1, |η|).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer, glmer, datasets, fitted, predict, smoothEstimates, smoothTerms, type MerMod } from "../../../src/index.js";
import { subsetRows } from "../../../src/data/frame.js";
import type { FactorColumn, Frame } from "../../../src/data/types.js";
import { crKnots } from "../../../src/model/smooth/cr.js";
import { psKnots } from "../../../src/model/smooth/ps.js";

interface Gamm4Ref {
  readonly id: string;
  readonly call: { formula: string; data: string; family: string; subset?: Record<string, string> };
  readonly data: Record<string, (number | string)[]> | null;
  readonly fit: {
    logLik: number; sigma: number; smoothVariance: number; smoothColumns: number; fixef: Record<string, number>; se: Record<string, number>;
    varcorr: { group: string; variance: number }[]; knots: number[]; fitted: number[];
    grid: { x: number[]; fit: number[]; se: number[] };
    smooths: { label: string; variance: number; grid: { fit: number[]; se: number[] } }[];
    newdata: { rows: number[]; x: number[]; link: number[]; gam: number[] };
  };
}

const dir = new URL("../../fixtures/gamm4/", import.meta.url);
const refs: Gamm4Ref[] = readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as Gamm4Ref);

function dataOf(ref: Gamm4Ref): Frame | Record<string, (number | string)[]> {
  if (ref.data) return ref.data;
  const d = datasets[ref.call.data as "Contraception" | "sleepstudy"]();
  const sub = ref.call.subset;
  if (!sub) return d;
  const keep: number[] = [];
  for (let i = 0; i < d.nrow; i++)
    if (Object.entries(sub).every(([c, v]) => { const f = d.columns.get(c) as FactorColumn; return f.levels[f.codes[i]!] === v; })) keep.push(i);
  return subsetRows(d, Int32Array.from(keep));
}

/** Rows of the data (1-based, as R) as records, the smoothed variable replaced by `x`. */
function newRows(data: Frame | Record<string, (number | string)[]>, rows: readonly number[], xName: string, x: readonly number[]): Record<string, number | string>[] {
  return rows.map((r, j) => {
    const rec: Record<string, number | string> = {};
    if ("columns" in data && data.columns instanceof Map)
      for (const [name, c] of (data as Frame).columns) rec[name] = c.kind === "factor" ? c.levels[c.codes[r - 1]!]! : (c as { values: Float64Array }).values[r - 1]!;
    else for (const [name, v] of Object.entries(data as Record<string, (number | string)[]>)) rec[name] = v[r - 1]!;
    rec[xName] = x[j]!;
    return rec;
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("s() terms against gamm4", () => {
  it("has the fixtures", () => expect(refs.length).toBe(16));
  for (const ref of refs) {
    it(ref.id, () => {
      const data = dataOf(ref);
      const m: MerMod = ref.call.family === "gaussian" ? lmer(ref.call.formula, data) : glmer(ref.call.formula, data, { family: "binomial" });
      expect(rel(m.logLik(), ref.fit.logLik)).toBeLessThan(1e-7);
      const f = fitted(m);
      expect(f.length).toBe(ref.fit.fitted.length);
      const scale = Math.max(...ref.fit.fitted.map(Math.abs));
      let worst = 0;
      f.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ref.fit.fitted[i]!) / scale)));
      expect(worst).toBeLessThan(1e-4);
      const label = /s\(([^,]+),/.exec(ref.call.formula)![1]!;
      expect(smoothTerms(m)).toEqual(ref.fit.smooths.map((x) => x.label));
      for (const sm of ref.fit.smooths) {
        const est = smoothEstimates(m, sm.label, { x: ref.fit.grid.x });
        if (sm.variance === 0) expect(est.smoothVariance).toBeLessThan(1e-8);
        else expect(rel(est.smoothVariance, sm.variance), sm.label).toBeLessThan(ref.call.family === "gaussian" && ref.fit.smooths.length === 1 ? 1e-4 : 5e-4);
        const range = Math.max(...sm.grid.fit) - Math.min(...sm.grid.fit) || 1;
        const seMax = Math.max(...sm.grid.se);
        est.rows.forEach((r, i) => {
          expect(Math.abs(r.fit - sm.grid.fit[i]!), `${sm.label} fit at ${r.x}`).toBeLessThan(1e-4 * range);
          expect(Math.abs(r.se - sm.grid.se[i]!), `${sm.label} se at ${r.x}`).toBeLessThan(1e-3 * seMax);
        });
      }
      const est = smoothEstimates(m, ref.fit.smooths[0]!.label, { x: ref.fit.grid.x });
      const ps = /bs = "ps"/.test(ref.call.formula);
      const knots = ps ? psKnots(est.observed, Number(/k = (\d+)/.exec(ref.call.formula)?.[1] ?? 10)) : crKnots(est.observed, ref.fit.knots.length);
      expect(knots.length).toBe(ref.fit.knots.length);
      ref.fit.knots.forEach((kn, j) => expect(rel(knots[j]!, kn)).toBeLessThan(1e-12));
      const fe = m.fixef();
      for (const [name, v] of Object.entries(ref.fit.fixef)) {
        const ours = name.endsWith("Fx1") ? Math.abs(fe[name]!) : fe[name]!;
        if (ref.call.family === "gaussian") expect(rel(ours, v), name).toBeLessThan(1e-4);
        else expect(Math.abs(ours - v) / ref.fit.se[name]!, name).toBeLessThan(1e-2);
      }
      for (const vc of ref.fit.varcorr) {
        const ours = m.VarCorr().find((b) => b.group === vc.group)!;
        expect(rel(ours.cov[0]!, vc.variance), vc.group).toBeLessThan(1e-3);
      }
      const pred = predict(m, { newdata: newRows(data, ref.fit.newdata.rows, label, ref.fit.newdata.x) });
      pred.forEach((v, i) => expect(Math.abs(v - ref.fit.newdata.link[i]!), `newdata row ${i + 1}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.fit.newdata.link[i]!))));
      // the GAM's prediction (fixed effects and smooths, no other random effect): reForm "~ s(x)"
      const gam = predict(m, { newdata: newRows(data, ref.fit.newdata.rows, label, ref.fit.newdata.x), reForm: `~ s(${label})` });
      gam.forEach((v, i) => expect(Math.abs(v - ref.fit.newdata.gam[i]!), `gam row ${i + 1}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.fit.newdata.gam[i]!))));
    });
  }
});
