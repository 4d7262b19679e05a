/**
 * Data-dependent terms (poly, scale, ns, bs) against lme4 1.1-31 / R 4.2.2 (fixtures written by
 * scripts/terms-refs.R): column names, fixed effects, SEs (1e-6 relative) and predictions on new
 * data at re.form = NA and with the subject's effect — the bases keep the training parameters
 * (R's makepredictcall), so new Days values are not re-centred or re-knotted.
 * Tolerances: the design on new data 1e-9 (the bases themselves); β, σ and predictions 1e-6
 * relative (GLMM: β within 1e-3 SE, predictions 1e-4); σ, SEs and predictions with the random effects 5e-4 relative (they move with θ̂,
 * which lme4's and our optimizer agree on only to ~1e-4 in the random-slope case: SE 1.1e-4).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anova, datasets, glmer, lmer, refGrid, toFrame } from "../../src/index.js";

interface Case {
  id: string;
  data: string;
  call: { formula: string; family?: string };
  fit: { names: string[]; fixef: number[]; se: number[]; sigma: number };
  newdata: Record<string, number[] | string[]>;
  predict: number[];
  predictRe: number[];
  Xnew: number[][];
  refGrid: number[];
  anovaF?: number[];
  outside?: { Days: number[]; predict: number[] };
}
const dir = new URL("../fixtures/terms/", import.meta.url);
const cases = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "cut-labels.json").map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as Case);

const close = (got: ArrayLike<number>, want: readonly number[], rel: number) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(w))));
};

describe("data-dependent terms = R's (lme4 1.1-31, splines)", () => {
  it("has the fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(17));
  for (const c of cases) {
    it(`${c.call.formula}`, () => {
      const data = datasets.load(c.data);
      const m = c.call.family ? glmer(c.call.formula, data, { family: c.call.family as "binomial" }) : lmer(c.call.formula, data);
      expect(m.fixefNames).toEqual(c.fit.names);
      // glmer's optimum agrees with lme4's (Nelder-Mead stopping rule) only to ~1e-4: the GLMM's β
      // within 1e-3 SE (as test/lmm/lmer.test.ts), its predictions 1e-4 relative
      const tb = c.call.family ? 1e-4 : 1e-6;
      if (c.call.family) c.fit.fixef.forEach((b, j) => expect(Math.abs(m.beta[j]! - b)).toBeLessThanOrEqual(1e-3 * c.fit.se[j]!));
      else close(m.beta, c.fit.fixef, tb);
      close(Object.values(m.se()), c.fit.se, 5e-4);
      close([m.sigma], [c.fit.sigma], 5e-4);
      const newdata = c.newdata;
      const X = m.input.fixedDesign.matrix(toFrame(newdata));
      const n = c.Xnew.length;
      close(X, c.Xnew[0]!.flatMap((_, j) => c.Xnew.map((r) => r[j]!)), 1e-9);
      expect(X.length).toBe(n * c.fit.names.length);
      close(m.predict({ newdata, reForm: "NA" }), c.predict, tb);
      close(m.predict({ newdata }), c.predictRe, 5e-4);
      // emmeans' reference grid evaluates the terms at the covariate means with the training bases
      close(refGrid(m).X.map((x) => x.reduce((a, v, j) => a + v * m.beta[j]!, 0)), c.refGrid, tb);
      // lmerTest's type-III F of each term (a multi-column basis is one term): F moves with θ̂, 1e-3
      if (c.outside && Array.isArray(c.outside.Days)) close(m.predict({ newdata: { Days: c.outside.Days }, reForm: "NA" }), c.outside.predict, 1e-6);
      if (Array.isArray(c.anovaF)) close((anova(m as never) as unknown as { rows: readonly { F: number }[] }).rows.map((r) => r.F), c.anovaF, 1e-3);
    });
  }
});
