/**
 * s(x, bs = "cr" | "ps", k) terms against gamm4 0.2-6 / mgcv 1.8-41 (test/fixtures/gamm4/, written
 * by `Rscript scripts/gamm4-refs.R`): gaussian fits by REML (sleepstudy with k = 5, whose
 * smoothing variance is 0 — a linear fit —, and mgcv's gamSim(6) with k = 10 and a random factor,
 * with "cr" and "ps"), binomial ones by Laplace (Contraception, use ~ s(age) + urban +
 * (1 | district), "cr" and "ps") and the eight per-group binomial fits of the contraception
 * notebook's Figure 10 (the smooth the only random term).
 *
 * Tolerances: logLik 1e-7 relative; fitted values 1e-4 relative; the smoothing variance 1e-4
 * relative for the gaussian fits, 5e-4 for the binomial ones (measured 1.1e-4 and 1.3e-4 on two
 * of them: the Laplace log-likelihood is flat there — lme4's optimum is higher than ours by 5e-8
 * on contraception_cr10 —, so the optimizers' stopping rules show), 1e-8 absolute when gamm4's is 0; fixed effects 1e-4 relative (binomial: 5e-4, for the same
 * reason; measured up to 1.1e-4 on s(age)Fx1 of contraception_ps10) (the null-space
 * coefficient s(x)Fx1 in absolute value: its sign is an eigenvector's); the smooth on a 25-point
 * grid 1e-4 × its range, its Bayesian standard errors 1e-3 × their largest value (at the point
 * where a linear smooth crosses zero its SE is 0, gamm4's 7e-4: it uses a smoothing parameter of
 * 1e10 for a zero variance instead of infinity); the knots 1e-12 relative; predictions on new
 * data (x on a grid 10% beyond the data's range at both ends: mgcv continues the spline linearly,
 * and with every random effect) 1e-4 × max(1, |η|).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer, glmer, datasets, fitted, predict, smoothEstimates, type MerMod } from "../../../src/index.js";
import { subsetRows } from "../../../src/data/frame.js";
import type { FactorColumn, Frame } from "../../../src/data/types.js";
import { crKnots } from "../../../src/model/smooth/cr.js";
import { psKnots } from "../../../src/model/smooth/ps.js";

interface Gamm4Ref {
  readonly id: string;
  readonly call: { formula: string; data: string; family: string; subset?: Record<string, string> };
  readonly data: Record<string, (number | string)[]> | null;
  readonly fit: {
    logLik: number; sigma: number; smoothVariance: number; smoothColumns: number; fixef: Record<string, number>;
    varcorr: { group: string; variance: number }[]; knots: number[]; fitted: number[];
    grid: { x: number[]; fit: number[]; se: number[] };
    newdata: { rows: number[]; x: number[]; link: number[] };
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
  it("has the fixtures", () => expect(refs.length).toBe(13));
  for (const ref of refs) {
    it(ref.id, () => {
      const data = dataOf(ref);
      const m: MerMod = ref.call.family === "gaussian" ? lmer(ref.call.formula, data) : glmer(ref.call.formula, data, { family: "binomial" });
      expect(rel(m.logLik(), ref.fit.logLik)).toBeLessThan(1e-7);
      const f = fitted(m);
      expect(f.length).toBe(ref.fit.fitted.length);
      let worst = 0;
      f.forEach((v, i) => (worst = Math.max(worst, rel(v, ref.fit.fitted[i]!))));
      expect(worst).toBeLessThan(1e-4);
      const label = /s\(([^,]+),/.exec(ref.call.formula)![1]!;
      const term = `s(${label})`;
      const est = smoothEstimates(m, term, { x: ref.fit.grid.x });
      const ps = /bs = "ps"/.test(ref.call.formula);
      const knots = ps ? psKnots(est.observed, Number(/k = (\d+)/.exec(ref.call.formula)?.[1] ?? 10)) : crKnots(est.observed, ref.fit.knots.length);
      expect(knots.length).toBe(ref.fit.knots.length);
      ref.fit.knots.forEach((kn, j) => expect(rel(knots[j]!, kn)).toBeLessThan(1e-12));
      if (ref.fit.smoothVariance === 0) expect(est.smoothVariance).toBeLessThan(1e-8);
      else expect(rel(est.smoothVariance, ref.fit.smoothVariance)).toBeLessThan(ref.call.family === "gaussian" ? 1e-4 : 5e-4);
      const fe = m.fixef();
      for (const [name, v] of Object.entries(ref.fit.fixef)) {
        const ours = name.endsWith("Fx1") ? Math.abs(fe[name]!) : fe[name]!;
        expect(rel(ours, v), name).toBeLessThan(ref.call.family === "gaussian" ? 1e-4 : 5e-4);
      }
      for (const vc of ref.fit.varcorr) {
        const ours = m.VarCorr().find((b) => b.group === vc.group)!;
        expect(rel(ours.cov[0]!, vc.variance), vc.group).toBeLessThan(1e-3);
      }
      const range = Math.max(...ref.fit.grid.fit) - Math.min(...ref.fit.grid.fit) || 1;
      const pred = predict(m, { newdata: newRows(data, ref.fit.newdata.rows, label, ref.fit.newdata.x) });
      pred.forEach((v, i) => expect(Math.abs(v - ref.fit.newdata.link[i]!), `newdata row ${i + 1}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.fit.newdata.link[i]!))));
      const seMax = Math.max(...ref.fit.grid.se);
      est.rows.forEach((r, i) => {
        expect(Math.abs(r.fit - ref.fit.grid.fit[i]!)).toBeLessThan(1e-4 * range);
        expect(Math.abs(r.se - ref.fit.grid.se[i]!)).toBeLessThan(1e-3 * seMax);
      });
    });
  }
});
