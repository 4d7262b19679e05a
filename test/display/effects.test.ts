/**
 * Effect plots: the specs of `effectPlot` (numeric x with ribbons, factor x with error bars,
 * grouped) and `emmeansPlot` (with and without `by`) validate against Vega-Lite's schema, compile
 * and render to SVG with marks, and carry the numbers of their inputs.
 */
import { describe, expect, it } from "vitest";
import { check } from "./schema.js";
import { effectPlot, emmeansPlot } from "../../src/display/vegalite/index.js";
import { predictionFrame } from "../../src/effects/index.js";
import { emmeans } from "../../src/emmeans/index.js";
import { lmer } from "../../src/lmm/lmer.js";
import { refData } from "../lmm/reference.js";

const cake = lmer("angle ~ recipe * temp + (1 | recipe:replicate)", refData("cake"));
const cakeF = lmer("angle ~ recipe * temperature + (1 | recipe:replicate)", refData("cake"));

describe("effect plots", () => {
  for (const [name, spec] of [
    ["numeric x, grouped", () => effectPlot(predictionFrame(cake, ["temp", "recipe"]))],
    ["factor x", () => effectPlot(predictionFrame(cakeF, "recipe"))],
    ["factor x, grouped", () => effectPlot(predictionFrame(cakeF, ["temperature", "recipe"]))],
    ["emmeans", () => emmeansPlot(emmeans(cake, "recipe"))],
    ["emmeans by", () => emmeansPlot(emmeans(cakeF, "recipe", { by: "temperature" }))],
  ] as const)
    it(name, async () => {
      const s = spec();
      const r = await check(s);
      expect(r.schemaErrors).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.svg).toMatch(/<path|<line|<circle/);
      expect(JSON.stringify(s)).toMatch(/"tooltip"/);
    });
  it("plots the frame's numbers", () => {
    const pf = predictionFrame(cake, ["temp", "recipe"]);
    const s = effectPlot(pf) as unknown as { data: { values: { predicted: number }[] } };
    expect(s.data.values.map((v) => v.predicted)).toEqual(pf.rows.map((r) => r.predicted));
  });
});
