/**
 * Factor `by` smooths beyond the gamm4 comparisons of gamm4.test.ts: an unordered factor gets one
 * smooth per level, an ordered one per level after the first (mgcv); each level's columns are the
 * smooth's times the level's indicator, so on new data a row of level A has zeros in every other
 * level's columns and its prediction uses only s(x):fA.
 */
import { describe, expect, it } from "vitest";
import { lmer, datasets, toFrame, smoothTerms, predict, type Schema } from "../../../src/index.js";

const d = datasets.sleepstudy();
const days = (d.columns.get("Days") as { values: Float64Array }).values;
const reaction = (d.columns.get("Reaction") as { values: Float64Array }).values;
const subj = d.columns.get("Subject") as { codes: Int32Array };
const g = Array.from(subj.codes, (c) => ["lo", "mid", "hi"][c % 3]!);
const cols = { Reaction: Array.from(reaction), Days: Array.from(days), Subject: Array.from(subj.codes, String), g };
const schema = (ordered: boolean): Schema => ({ columns: [{ name: "g", type: "factor", levels: ["lo", "mid", "hi"], ordered }] });

describe("s(x, by = f)", () => {
  it("gives one smooth and one fixed column per level of an unordered factor", () => {
    const m = lmer('Reaction ~ g + s(Days, bs = "cr", k = 5, by = g) + (1 | Subject)', toFrame(cols, { schema: schema(false) }));
    expect(smoothTerms(m)).toEqual(["s(Days):glo", "s(Days):gmid", "s(Days):ghi"]);
    expect(m.fixefNames.slice(-3)).toEqual(["s(Days):gloFx1", "s(Days):gmidFx1", "s(Days):ghiFx1"]);
    // a row's prediction uses its level's smooth only: moving another level's rows changes nothing
    const nd = { Days: [2.5, 7], Subject: ["0", "0"], g: ["lo", "lo"] };
    const p1 = predict(m, { newdata: nd, reForm: "~ s(Days)" });
    const p2 = predict(m, { newdata: { ...nd, Days: [2.5, 7] }, reForm: "~ s(Days, by = g)" });
    expect(Array.from(p2)).toEqual(Array.from(p1));
    const hi = predict(m, { newdata: { ...nd, g: ["hi", "hi"] }, reForm: "~ s(Days)" });
    expect(hi[0]).not.toBeCloseTo(p1[0]!, 6);
  });

  it("skips the first level of an ordered factor, as mgcv", () => {
    const m = lmer('Reaction ~ g + s(Days, bs = "cr", k = 5, by = g) + (1 | Subject)', toFrame(cols, { schema: schema(true) }));
    expect(smoothTerms(m)).toEqual(["s(Days):gmid", "s(Days):ghi"]);
    expect(m.fixefNames.filter((n) => n.endsWith("Fx1"))).toEqual(["s(Days):gmidFx1", "s(Days):ghiFx1"]);
  });
});
