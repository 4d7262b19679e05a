/**
 * `plots.smooth` on a binomial smooth (one Figure 10 group of the contraception notebook): the spec
 * validates against Vega-Lite v5, compiles and renders, carries the estimates' numbers, draws a
 * rug unless asked not to; bad arguments are LmeErrors.
 */
import { describe, expect, it } from "vitest";
import { check } from "./schema.js";
import { smooth } from "../../src/display/vegalite/index.js";
import { smoothEstimates } from "../../src/effects/index.js";
import { glmer, datasets } from "../../src/index.js";
import { subsetRows } from "../../src/data/frame.js";
import type { FactorColumn } from "../../src/data/types.js";
import { lmeErrorOf } from "../helpers.js";

const d = datasets.Contraception();
const urban = d.columns.get("urban") as FactorColumn, livch = d.columns.get("livch") as FactorColumn;
const rows = Int32Array.from([...Array(d.nrow).keys()].filter((i) => urban.levels[urban.codes[i]!] === "Y" && livch.levels[livch.codes[i]!] === "0"));
const m = glmer('use ~ s(age, bs = "cr", k = 5)', subsetRows(d, rows), { family: "binomial" });

describe("plots.smooth", () => {
  it("draws a valid Vega-Lite chart with the estimates' numbers", async () => {
    const s = smooth(m, "s(age)", { n: 30, type: "response", shift: m.beta[0]!, title: "urban, no children" });
    const r = await check(s);
    expect(r.schemaErrors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.svg).toMatch(/<path/);
    const e = smoothEstimates(m, "s(age)", { n: 30, type: "response", shift: m.beta[0]! });
    const layer = (s as unknown as { layer: { data: { values: { fit: number }[] } }[] }).layer;
    expect(layer[1]!.data.values.map((v) => v.fit)).toEqual(e.rows.map((x) => x.fit));
    expect(JSON.stringify(smooth(e, { rug: false }))).not.toMatch(/"tick"/);
  });

  it("refuses bad arguments", () => {
    expect(lmeErrorOf(() => smooth(m, "s(age)", { colour: "red" } as never)).message).toMatch(/colour/);
    expect(lmeErrorOf(() => smooth(42 as never, "s(age)")).name).toBe("LmeError");
    expect(lmeErrorOf(() => smooth({ kind: "smoothEstimates" } as never)).message).toMatch(/smoothEstimates\(\)/);
  });
});
