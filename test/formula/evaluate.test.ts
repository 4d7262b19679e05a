import { describe, expect, it } from "vitest";
import { evaluateColumn, evaluateNumeric, numericToFactor, parseFormula, formatNumber } from "../../src/formula/index.js";
import type { Expr } from "../../src/formula/index.js";
import { frameOf } from "./frames.js";

/** The expression of the single fixed term of "~ <s>". */
const expr = (s: string): Expr => parseFormula(`~ ${s}`).fixed.terms[0]!.vars[0]!.expr;
const resp = (s: string): Expr => parseFormula(`${s} ~ 1`).response!;

const frame = frameOf(
  { x: [1, 4, 9, 16], time: [3, 1, 2, 1], f: ["b", "a", "b", "c"], size: [10, 20, 30, 40], incidence: [1, 2, 3, null] },
  { levels: { f: ["a", "b", "c"] } },
);

describe("evaluateColumn", () => {
  it("bare columns keep their kind", () => {
    const c = evaluateColumn(expr("f"), frame);
    expect(c.kind).toBe("factor");
    expect(c.kind === "factor" && Array.from(c.codes)).toEqual([1, 0, 1, 2]);
    const x = evaluateColumn(expr("x"), frame);
    expect(x.kind === "numeric" && Array.from(x.values)).toEqual([1, 4, 9, 16]);
  });

  it("I(), bare numeric functions, labels", () => {
    const c = evaluateColumn(expr("I(x^2 - 2*x + -1)"), frame);
    expect(c.name).toBe("I(x^2 - 2 * x + -1)");
    expect(c.kind === "numeric" && Array.from(c.values)).toEqual([-2, 7, 62, 223]);
    const s = evaluateColumn(expr("sqrt(x)"), frame, "root");
    expect(s.name).toBe("root");
    expect(s.kind === "numeric" && Array.from(s.values)).toEqual([1, 2, 3, 4]);
    const l = evaluateColumn(expr("log(x)"), frame);
    expect(l.kind === "numeric" && l.values[1]).toBeCloseTo(Math.log(4), 15);
    const e = evaluateColumn(expr("I(exp(abs(-x)/x))"), frame);
    expect(e.kind === "numeric" && e.values[2]).toBeCloseTo(Math.E, 15);
  });

  it("factor() of a number: levels sorted numerically, labelled as R", () => {
    const c = evaluateColumn(expr("factor(time)"), frame);
    expect(c.kind).toBe("factor");
    if (c.kind !== "factor") return;
    expect(c.name).toBe("factor(time)");
    expect(c.levels).toEqual(["1", "2", "3"]);
    expect(Array.from(c.codes)).toEqual([2, 0, 1, 0]);
    const g = numericToFactor(Float64Array.from([10, 2, 0.5, 1e5, NaN, 0.1 + 0.2, 0.3]), "g");
    expect(g.levels).toEqual(["0.3", "0.5", "2", "10", "1e+05"]);
    expect(Array.from(g.codes)).toEqual([3, 2, 1, 4, -1, 0, 0]);
    const ff = evaluateColumn(expr("factor(f)"), frame);
    expect(ff.kind === "factor" && ff.levels).toEqual(["a", "b", "c"]);
  });

  it("names an unknown column", () => {
    expect(() => evaluateColumn(expr("log(zz)"), frame)).toThrow(/unknown column 'zz'.*x, time, f/);
  });
});

describe("evaluateNumeric", () => {
  it("responses: ratio and cbind arguments, NaN propagates", () => {
    const r = evaluateNumeric(resp("incidence/size"), frame);
    expect(Array.from(r.subarray(0, 3))).toEqual([0.1, 0.1, 0.1]);
    expect(Number.isNaN(r[3])).toBe(true);
    const cb = resp("cbind(incidence, size - incidence)");
    expect(cb.type === "call" && Array.from(evaluateNumeric(cb.args[1]!, frame).subarray(0, 3))).toEqual([9, 18, 27]);
  });

  it("a factor where a number is needed is an error naming it", () => {
    expect(() => evaluateNumeric(resp("f"), frame)).toThrow(/'f' is a factor/);
    expect(() => evaluateNumeric(expr("I(f + 1)"), frame)).toThrow(/'f' is a factor/);
    expect(() => evaluateNumeric(expr("factor(time)"), frame)).toThrow(/'factor\(time\)' is a factor/);
  });
});

describe("formatNumber (R's as.character)", () => {
  it("chooses fixed or scientific as R", () => {
    expect([1, 10, 0.5, 1e5, 123456, 1e-4, 0.001, 1e15, -2.5, 1 / 3, 1e-20].map(formatNumber)).toEqual([
      "1", "10", "0.5", "1e+05", "123456", "1e-04", "0.001", "1e+15", "-2.5", "0.333333333333333", "1e-20",
    ]);
  });
});
