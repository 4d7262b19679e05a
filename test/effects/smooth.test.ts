/**
 * `smoothEstimates` on a binomial smooth (one Figure 10 group of the contraception notebook; the
 * agreement with mgcv's estimates and standard errors is in test/model/smooth/gamm4.test.ts): the
 * grid over the data's range, the interval, plot.gam's shift and response scale (equal to the
 * fitted values at the observed ages), the text table; bad arguments are LmeErrors naming the
 * smooths, and reference grids (which would drop the smooth's random part) are refused.
 */
import { describe, expect, it } from "vitest";
import { predictionFrame, smoothEstimates, smoothTerms } from "../../src/effects/index.js";
import { glmer, lmer, datasets, predict } from "../../src/index.js";
import { subsetRows } from "../../src/data/frame.js";
import type { FactorColumn } from "../../src/data/types.js";
import { lmeErrorOf } from "../helpers.js";

const d = datasets.Contraception();
const urban = d.columns.get("urban") as FactorColumn, livch = d.columns.get("livch") as FactorColumn;
const rows = Int32Array.from([...Array(d.nrow).keys()].filter((i) => urban.levels[urban.codes[i]!] === "Y" && livch.levels[livch.codes[i]!] === "0"));
const m = glmer('use ~ s(age, bs = "cr", k = 5)', subsetRows(d, rows), { family: "binomial" });

describe("smoothEstimates", () => {
  it("lists the smooths and evaluates a grid over the data's range", () => {
    expect(smoothTerms(m)).toEqual(["s(age)"]);
    const e = smoothEstimates(m, "s(age)", { n: 11 });
    expect(e.rows.length).toBe(11);
    expect(e.rows[0]!.x).toBe(Math.min(...e.observed));
    expect(e.rows[10]!.x).toBe(Math.max(...e.observed));
    for (const r of e.rows) expect(r.upper - r.fit).toBeCloseTo(1.959964 * r.se, 5);
  });

  it("shifts and back-transforms as plot.gam's shift and trans", () => {
    const b0 = m.beta[0]!;
    const link = smoothEstimates(m, "s(age)", { n: 5, shift: b0 });
    const resp = smoothEstimates(m, "s(age)", { n: 5, shift: b0, type: "response" });
    resp.rows.forEach((r, i) => {
      expect(r.fit).toBeCloseTo(1 / (1 + Math.exp(-link.rows[i]!.fit)), 12);
      expect(r.lower).toBeCloseTo(1 / (1 + Math.exp(-link.rows[i]!.lower)), 12);
    });
    // intercept + smooth at the observed ages is the fitted linear predictor (the smooth is the only other term)
    const at = smoothEstimates(m, "s(age)", { x: m.input.mf.frame.columns.get("age")!.kind === "numeric" ? (m.input.mf.frame.columns.get("age") as { values: Float64Array }).values.slice(0, 5) : [], shift: b0, type: "response" });
    at.rows.forEach((r, i) => expect(r.fit).toBeCloseTo(m.fitted()[i]!, 10));
  });

  it("renders the estimates as a table", () => {
    const text = String(smoothEstimates(m, "s(age)", { n: 3 }));
    expect(text).toMatch(/Estimated smooth s\(age\) with 95% Bayesian intervals; smoothing variance/);
    expect(text).toMatch(/age/);
  });

  it("refuses what is not a smooth of the model", () => {
    expect(lmeErrorOf(() => smoothEstimates(m, "s(x)")).message).toMatch(/one of "s\(age\)"; got "s\(x\)"/);
    const plain = lmer("Reaction ~ Days + (1 | Subject)", datasets.sleepstudy());
    expect(lmeErrorOf(() => smoothEstimates(plain, "s(Days)")).message).toMatch(/has no smooth term/);
    expect(lmeErrorOf(() => smoothEstimates(m, "s(age)", { level: 2 })).message).toMatch(/level/);
    // reference grids would drop the smooth's random part: refused, pointing to smoothEstimates
    expect(lmeErrorOf(() => predictionFrame(m, "age")).message).toMatch(/straight line: use smoothEstimates\(model, "s\(age\)"\)/);
    expect(lmeErrorOf(() => predict(m, { reForm: "~ s(x)" })).message).toMatch(/the model has no smooth 's\(x\)'/);
  });
});
