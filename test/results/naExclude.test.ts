/**
 * naAction: "exclude" (R's na.exclude) against lme4 1.1-31 (test/fixtures/naexclude/sleepstudy.json,
 * scripts/naexclude-refs.R): residuals(m), fitted(m) and predict(m) have one value per input row,
 * NaN exactly where R has NA, and the other values to 1e-3 absolute or relative (the optimizers stop
 * at slightly different θ; residuals differ by up to 1.2e-4).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer, glmer, binomial, datasets, residuals, fitted, predict, type Frame, type NumericColumn } from "../../src/index.js";

const ref = JSON.parse(readFileSync(new URL("../fixtures/naexclude/sleepstudy.json", import.meta.url), "utf8")) as Record<"lmm" | "glmm", Record<"residuals" | "fitted" | "predict", string[]>>;

/** The frame with NaN at the given 0-based rows of numeric column `col`. */
function withMissing(d: Frame, col: string, rows: number[]): Frame {
  const c = d.columns.get(col) as NumericColumn, values = c.values.slice();
  for (const r of rows) values[r] = NaN;
  const columns = new Map(d.columns);
  columns.set(col, { ...c, values });
  return { ...d, columns };
}
function expectPadded(got: Float64Array, want: string[]) {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (w === "NA") expect(Number.isNaN(got[i])).toBe(true);
    else expect(Math.abs(got[i] - Number(w)) / Math.max(1, Math.abs(Number(w)))).toBeLessThan(1e-3);
  });
}

describe("naAction: exclude", () => {
  it("LMM: residuals, fitted, predict padded with NaN at the dropped rows, as R", () => {
    const d = withMissing(withMissing(datasets.sleepstudy(), "Reaction", [2]), "Days", [9]);
    const m = lmer("Reaction ~ Days + (Days | Subject)", d, { naAction: "exclude" });
    expect(m.nobs).toBe(178);
    expectPadded(residuals(m), ref.lmm.residuals);
    expectPadded(fitted(m), ref.lmm.fitted);
    expectPadded(predict(m), ref.lmm.predict);
    expect(m.residuals().length).toBe(178); // the method keeps the model rows
    const omit = lmer("Reaction ~ Days + (Days | Subject)", d);
    expect(residuals(omit).length).toBe(178);
  });
  it("GLMM: the same for cbpp with two missing counts", () => {
    const d = withMissing(datasets.cbpp(), "incidence", [1, 6]);
    const g = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", d, { family: binomial(), naAction: "exclude" });
    expectPadded(residuals(g), ref.glmm.residuals);
    expectPadded(fitted(g), ref.glmm.fitted);
    expectPadded(predict(g), ref.glmm.predict);
  });
  it("refuses an unknown naAction", () => {
    expect(() => lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy(), { naAction: "pass" as never })).toThrow(/naAction must be one of "omit", "exclude"/);
  });
});
