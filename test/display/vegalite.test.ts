import { describe, expect, it } from "vitest";
import {
  caterpillar, normalScores, predictionPlot, profileZeta, qqLine, qqRanef, qqResiduals, ranefRecords,
  residualsVsFitted, scaleLocation,
} from "../../src/display/vegalite/index.js";
import { check, schemaValidator } from "./schema.js";

// Small deterministic data: 3 groups × 6 points.
const n = 18;
const fitted = Float64Array.from({ length: n }, (_, i) => 200 + 5 * i);
const residuals = Float64Array.from({ length: n }, (_, i) => 10 * Math.sin(1.7 * i + 0.3));
const group = Array.from({ length: n }, (_, i) => `S${Math.floor(i / 6) + 1}`);
const ranef = {
  group: "Subject",
  levels: ["308", "309", "310"],
  names: ["(Intercept)", "Days"],
  values: [[2.3, 9.2], [-40.4, -8.6], [-38.9, -5.4]],
  condsd: [[12.1, 2.3], [12.1, 2.3], [12.1, 2.3]],
};

async function expectValid(spec: Parameters<typeof check>[0], marks: RegExp) {
  const { schemaErrors, warnings, svg } = await check(spec);
  expect(schemaErrors).toEqual([]);
  expect(warnings).toEqual([]);
  expect(svg.startsWith("<svg")).toBe(true);
  expect(svg).toMatch(marks);
  return svg;
}

describe("Vega-Lite spec builders", () => {
  it("has a Vega-Lite v5 schema validator (vendored schema, ajv in node_modules)", () => {
    expect(schemaValidator()).toBeTypeOf("function");
  });

  it("rejects an invalid spec (the validator is not vacuous)", () => {
    const v = schemaValidator()!;
    expect(v({ data: { values: [] }, mark: "pointy" })).toBe(false);
    expect(v({ data: { values: [] }, mark: "point" })).toBe(true);
  });

  it("residuals vs fitted: points with tooltips, zero rule, loess", async () => {
    const spec = residualsVsFitted({ fitted, residuals, group });
    const svg = await expectValid(spec, /mark-symbol/);
    expect(svg).toMatch(/mark-rule/);
    expect(svg).toMatch(/mark-line/);
    const layer = (spec.toSpec() as { layer: { encoding?: { tooltip?: unknown[] } }[] }).layer;
    expect(layer.some((l) => Array.isArray(l.encoding?.tooltip))).toBe(true);
    expect(((spec.toSpec() as { data: { values: unknown[] } }).data.values).length).toBe(n);
  });

  it("scale-location: √|r/σ| with the given σ", async () => {
    const spec = scaleLocation({ fitted, residuals }, { sigma: 4 });
    await expectValid(spec, /mark-symbol/);
    const v = (spec.toSpec() as { data: { values: { sqrtAbs: number }[] } }).data.values;
    expect(v[0].sqrtAbs).toBeCloseTo(Math.sqrt(Math.abs(residuals[0] / 4)), 12);
  });

  it("normal Q-Q of residuals: R's ppoints and qqline", async () => {
    const spec = qqResiduals({ residuals, group });
    await expectValid(spec, /mark-symbol/);
    // R: qnorm(ppoints(18))[1] = qnorm(0.5/18) = -1.914...
    expect(normalScores(18)[0]).toBeCloseTo(-1.9145058, 6);
    // R: ppoints(5) uses a = 3/8: qnorm((1 - 3/8)/(5 + 1/4)) = -1.1797611
    expect(normalScores(5)[0]).toBeCloseTo(-1.1797611, 6);
    const l = qqLine([1, 2, 3, 4, 5]); // quartiles 2 and 4 vs ±0.6744898
    expect(l.slope).toBeCloseTo(2 / (2 * 0.6744897501960817), 12);
    expect(l.intercept).toBeCloseTo(3, 12);
  });

  it("caterpillar: modes ± 1.96 sd, levels ordered by the first term, one panel per term", async () => {
    const spec = caterpillar(ranef);
    const svg = await expectValid(spec, /mark-symbol/);
    expect(svg).toMatch(/mark-rule/);
    const s = spec.toSpec() as { facet: { column: { field: string } }; spec: { layer: { encoding?: { y?: { sort?: unknown } } }[] } };
    expect(s.facet.column.field).toBe("term");
    expect(s.spec.layer[2].encoding?.y?.sort).toEqual(["309", "310", "308"]);
    const recs = ranefRecords(ranef);
    expect(recs).toHaveLength(6);
    expect(recs[0].lower).toBeCloseTo(2.3 - 1.959963984540054 * 12.1, 10);
  });

  it("caterpillar without condsd draws no intervals; order 'each' sorts per panel", async () => {
    const { condsd: _c, ...noSd } = ranef;
    await expectValid(caterpillar(noSd), /mark-symbol/);
    await expectValid(caterpillar(ranef, { order: "each" }), /mark-symbol/);
  });

  it("Q-Q of conditional modes per term", async () => {
    const spec = qqRanef(ranef);
    await expectValid(spec, /mark-symbol/);
    const v = (spec.toSpec() as { data: { values: { term: string; theoretical: number; value: number }[] } }).data.values;
    const days = v.filter((r) => r.term === "Days");
    expect(days.map((r) => r.value)).toEqual([-8.6, -5.4, 9.2]);
    expect(days[0].theoretical).toBeLessThan(0);
  });

  it("profile zeta plot with ±1.96 reference lines", async () => {
    const rows = ["sigma", "(Intercept)"].flatMap((param, k) =>
      [-2, -1, 0, 1, 2].map((z) => ({ param, value: 10 * (k + 1) + 3 * z + 0.2 * z * z, zeta: z })),
    );
    const spec = profileZeta(rows);
    await expectValid(spec, /mark-line/);
    const v = (spec.toSpec() as { data: { values: { kind: string; zeta: number }[] } }).data.values;
    expect(v.filter((r) => r.kind === "ref").map((r) => r.zeta).slice(0, 2)).toEqual([-1.959963984540054, 1.959963984540054]);
  });

  it("prediction lines with ribbons, group lines and observations, single and faceted", async () => {
    const xs = [0, 3, 6, 9];
    const population = xs.map((x) => ({ x, fit: 250 + 10 * x, lower: 240 + 9 * x, upper: 260 + 11 * x }));
    const groups = ["A", "B"].flatMap((g, k) => xs.map((x) => ({ x, fit: 250 + (k ? 12 : 8) * x, group: g })));
    const observed = groups.map((r) => ({ x: r.x, y: r.fit + 5, group: r.group }));
    const svg = await expectValid(predictionPlot({ population, groups, observed }, { xTitle: "Days", yTitle: "Reaction" }), /mark-area/);
    expect(svg).toMatch(/mark-line/);
    const faceted = predictionPlot({ population, groups, observed }, { facetByGroup: true, groupTitle: "Subject" });
    await expectValid(faceted, /mark-area/);
    const v = (faceted.toSpec() as { data: { values: { kind: string }[] } }).data.values;
    expect(v.filter((r) => r.kind === "population")).toHaveLength(8); // repeated per group
    const series = predictionPlot({ population: population.map((r) => ({ ...r, series: "urban" })) });
    await expectValid(series, /mark-area/);
  });

  it("names the culprit on mismatched column lengths", () => {
    expect(() => residualsVsFitted({ fitted, residuals: residuals.subarray(1) })).toThrow(/'residuals' has 17 values but 'fitted' has 18/);
  });
});
