import { describe, expect, it } from "vitest";
import { parseFormula } from "../../src/formula/index.js";
import { buildFixedDesign, dropRankDeficient } from "../../src/model/fixed.js";
import { contrPoly, contrTreatment } from "../../src/model/contrasts.js";
import { frameOf } from "../formula/frames.js";
import type { Frame } from "../../src/data/types.js";

const design = (f: string, frame: Frame) => buildFixedDesign(parseFormula(f).fixed, frame);
/** Column j of an n-row column-major matrix. */
const col = (X: Float64Array, n: number, j: number) => Array.from(X.subarray(j * n, (j + 1) * n));

const ab = frameOf(
  {
    y: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    a: ["1", "2", "3", "1", "2", "3", "1", "2", "3"],
    b: ["1", "1", "1", "2", "2", "2", "3", "3", "3"],
    x: [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5],
  },
  { levels: { a: ["1", "2", "3"], b: ["1", "2", "3"] } },
);

describe("contrasts", () => {
  it("contr.poly(6) equals R's values", () => {
    const c = contrPoly(6);
    expect(c.suffixes).toEqual([".L", ".Q", ".C", "^4", "^5"]);
    const expected = [
      [-5, -3, -1, 1, 3, 5].map((v) => v / Math.sqrt(70)),
      [5, -1, -4, -4, -1, 5].map((v) => v / Math.sqrt(84)),
      [-5, 7, 4, -4, -7, 5].map((v) => v / Math.sqrt(180)),
      [1, -3, 2, 2, -3, 1].map((v) => v / Math.sqrt(28)),
      [-1, 5, -10, 10, -5, 1].map((v) => v / Math.sqrt(252)),
    ];
    expected.forEach((e, j) => col(c.values, 6, j).forEach((v, i) => expect(v).toBeCloseTo(e[i]!, 14)));
    expect(contrPoly(2).values[1]).toBeCloseTo(Math.SQRT1_2, 15);
    const k = 12;
    const big = contrPoly(k);
    for (let a = 0; a < k - 1; a++)
      for (let b = 0; b < k - 1; b++) {
        let dot = 0;
        for (let i = 0; i < k; i++) dot += big.values[a * k + i]! * big.values[b * k + i]!;
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
      }
  });

  it("contr.treatment: indicators of levels 2..k", () => {
    const c = contrTreatment(["a", "b", "c"]);
    expect(c.suffixes).toEqual(["b", "c"]);
    expect(Array.from(c.values)).toEqual([0, 1, 0, 0, 0, 1]);
  });
});

describe("buildFixedDesign", () => {
  it("a*b with two factors: names, assign, products with the first factor fastest", () => {
    const d = design("y ~ a*b", ab);
    expect(d.names).toEqual(["(Intercept)", "a2", "a3", "b2", "b3", "a2:b2", "a3:b2", "a2:b3", "a3:b3"]);
    expect(Array.from(d.assign)).toEqual([0, 1, 1, 2, 2, 3, 3, 3, 3]);
    expect(d.termLabels).toEqual(["a", "b", "a:b"]);
    const X = d.matrix(ab);
    expect(X.length).toBe(9 * 9);
    expect(col(X, 9, 0)).toEqual(Array(9).fill(1));
    expect(col(X, 9, 6)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0]); // a3:b2 → row with a=3, b=2
    expect(col(X, 9, 7)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0]); // a2:b3
  });

  it("factor × numeric, and R's full coding when the marginal term is absent", () => {
    expect(design("y ~ a*x", ab).names).toEqual(["(Intercept)", "a2", "a3", "x", "a2:x", "a3:x"]);
    expect(design("y ~ a + a:x", ab).names).toEqual(["(Intercept)", "a2", "a3", "a1:x", "a2:x", "a3:x"]);
    expect(design("y ~ x + x:a", ab).names).toEqual(["(Intercept)", "x", "x:a2", "x:a3"]);
    const X = design("y ~ a + a:x", ab).matrix(ab);
    expect(col(X, 9, 3)).toEqual([0.5, 0, 0, 2, 0, 0, 3.5, 0, 0]);
  });

  it("no intercept: 0 + f gives all levels; 0 + f + g codes only f fully", () => {
    expect(design("y ~ 0 + a", ab).names).toEqual(["a1", "a2", "a3"]);
    expect(design("y ~ a - 1", ab).names).toEqual(["a1", "a2", "a3"]);
    expect(design("y ~ 0 + a + b", ab).names).toEqual(["a1", "a2", "a3", "b2", "b3"]);
    expect(design("y ~ 0 + x + a", ab).names).toEqual(["x", "a1", "a2", "a3"]);
    expect(Array.from(design("y ~ 0 + a + b", ab).assign)).toEqual([1, 1, 1, 2, 2]);
  });

  it("ordered factors use contr.poly names; factor(num) and I() names", () => {
    const f = frameOf(
      { y: [1, 2, 3, 4, 5, 6], lectage: ["1", "2", "3", "4", "5", "6"], time: [1, 2, 3, 1, 2, 3], age_s: [1, 2, 3, 4, 5, 6] },
      { levels: { lectage: ["1", "2", "3", "4", "5", "6"] }, ordered: ["lectage"] },
    );
    const d = design("y ~ lectage", f);
    expect(d.names).toEqual(["(Intercept)", "lectage.L", "lectage.Q", "lectage.C", "lectage^4", "lectage^5"]);
    expect(col(d.matrix(f), 6, 1)[0]).toBeCloseTo(-5 / Math.sqrt(70), 14);
    const g = design("y ~ factor(time) + I(age_s^2) + age_s:factor(time)", f);
    expect(g.names).toEqual([
      "(Intercept)", "factor(time)2", "factor(time)3", "I(age_s^2)", "factor(time)1:age_s", "factor(time)2:age_s", "factor(time)3:age_s",
    ]);
    expect(col(g.matrix(f), 6, 3)).toEqual([1, 4, 9, 16, 25, 36]);
  });

  it("matrix(newdata) uses the training levels; unseen levels are named", () => {
    const d = design("y ~ a + x", ab);
    const nd = frameOf({ a: ["3", "1"], x: [7, 8] }, { levels: { a: ["3", "1"] } });
    const X = d.matrix(nd);
    expect(Array.from(X)).toEqual([1, 1, 0, 0, 1, 0, 7, 8]);
    const bad = frameOf({ a: ["4", "1"], x: [7, 8] });
    expect(() => d.matrix(bad)).toThrow(/level '4' of 'a'/);
    const kind = frameOf({ a: [1, 2], x: [7, 8] });
    expect(() => d.matrix(kind)).toThrow(/'a' was a factor/);
    const miss = d.matrix(frameOf({ a: ["2", null], x: [1, 2] }, { levels: { a: ["1", "2", "3"] } }));
    expect(Number.isNaN(miss[3])).toBe(true);
    expect(() => design("y ~ zz", ab)).toThrow(/unknown column 'zz'/);
  });

  it("a one-level factor under contrasts is an error naming it", () => {
    const f = frameOf({ y: [1, 2], g: ["u", "u"] });
    expect(() => design("y ~ g", f)).toThrow(/factor 'g' has only one level/);
    expect(design("y ~ 0 + g", f).names).toEqual(["gu"]);
  });
});

describe("dropRankDeficient", () => {
  it("keeps the first of aliased columns and names the dropped ones", () => {
    const n = 6;
    const x = [1, 2, 3, 4, 5, 7];
    const z = [0, 1, 0, 1, 1, 0];
    const cols = [Array(n).fill(1), x, z, x.map((v, i) => 2 * v - 3 * z[i]!), x.map((v) => v * v)];
    const X = Float64Array.from(cols.flat());
    const r = dropRankDeficient(X, n, 5, ["(Intercept)", "x", "z", "x2z", "xsq"]);
    expect(r.p).toBe(4);
    expect(r.names).toEqual(["(Intercept)", "x", "z", "xsq"]);
    expect(r.dropped).toEqual(["x2z"]);
    expect(Array.from(r.keep)).toEqual([0, 1, 2, 4]);
    expect(Array.from(r.X.subarray(3 * n))).toEqual(x.map((v) => v * v));
  });

  it("drops a factor's aliased columns (a copy of a factor, a zero column)", () => {
    const f = frameOf(
      { y: [1, 2, 3, 4, 5, 6], a: ["p", "q", "r", "p", "q", "r"], b: ["P", "Q", "R", "P", "Q", "R"], w: [0, 0, 0, 0, 0, 0] },
    );
    const d = design("y ~ a + b + w", f);
    const r = dropRankDeficient(d.matrix(f), 6, d.p, d.names);
    expect(r.dropped).toEqual(["bQ", "bR", "w"]);
    expect(r.names).toEqual(["(Intercept)", "aq", "ar"]);
  });

  it("returns a full-rank matrix unchanged", () => {
    const d = design("y ~ a*x", ab);
    const X = d.matrix(ab);
    const r = dropRankDeficient(X, 9, d.p, d.names);
    expect(r.dropped).toEqual([]);
    expect(r.X).toBe(X);
  });
});
