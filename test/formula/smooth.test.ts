/** Parsing of smooth terms s(x, bs = "cr", k): the fixed (null-space) and random parts, and the refusals. */
import { describe, expect, it } from "vitest";
import { formulaColumns, parseFormula } from "../../src/formula/index.js";
import { updateFormula } from "../../src/formula/update.js";
import { lmeErrorOf } from "../helpers.js";

describe("s() in formulas", () => {
  it("splits a smooth into a fixed term s(x) and a homogeneous diagonal random term without grouping variables", () => {
    const f = parseFormula('y ~ s(age, bs = "cr", k = 5) + urban + (1 | district)');
    expect(f.fixed.terms.map((t) => t.label)).toEqual(["urban", "s(age)"]); // gamm4's order: parametric terms first
    expect(f.random.map((r) => r.groupLabel)).toEqual(["district", "s(age)"]);
    const s = f.random[1]!;
    expect(s.groups).toEqual([]);
    expect(s.structure).toEqual({ kind: "diag", hom: true });
    expect(s.lhs.intercept).toBe(false);
    expect(s.lhs.terms.map((t) => t.label)).toEqual(["s(age)"]);
  });

  it("keeps a factor by for the model stage and adds its column to the formula's columns", () => {
    const f = parseFormula('y ~ f + s(x, bs = "ps", by = f)');
    expect(f.random.map((r) => r.groupLabel)).toEqual(["s(x)"]);
    expect(formulaColumns(f)).toEqual(["y", "f", "x"]);
  });

  it("survives update(): the smooth is kept (or removed) whole, as written", () => {
    expect(updateFormula('y ~ s(x, bs = "cr", k = 6) + (1 | g)', ". ~ . - (1 | g) + (x | g)")).toBe('y ~ s(x, bs = "cr", k = 6) + (x | g)');
    expect(updateFormula('y ~ z + s(x, bs = "cr", k = 6) + (1 | g)', '. ~ . - s(x, bs = "cr", k = 6)')).toBe("y ~ z + (1 | g)");
  });

  it("reads single-quoted strings and counts a smooth as a random term", () => {
    const f = parseFormula("y ~ s(x, bs = 'cr')");
    expect(f.random.map((r) => r.groupLabel)).toEqual(["s(x)"]);
    expect(f.fixed.terms.map((t) => t.label)).toEqual(["s(x)"]);
  });

  it.each([
    ['y ~ s(x) + (1 | g)', /bs = "cr"/],
    ['y ~ s(x, bs = "tp") + (1 | g)', /bs must be one of "cr"/],
    ['y ~ s(x, bs = cr) + (1 | g)', /bs must be one of/],
    ['y ~ s(x, bs = "cr", k = 2) + (1 | g)', /k \(the basis dimension\) must be an integer of at least 3/],
    ['y ~ s(x, bs = "cr", fx = TRUE) + (1 | g)', /argument 'fx' of mgcv's s\(\) is not supported/],
    ['y ~ s(x, bs = "cr", by = 2) + (1 | g)', /by must be a factor column/],
    ['y ~ s(x, z, bs = "cr") + (1 | g)', /takes one variable/],
    ['y ~ s(x, bs = "cr"):f + (1 | g)', /only be added with \+ at the top level/],
    ['y ~ x + (s(x, bs = "cr") | g)', /only be added with \+ at the top level/],
    ['y ~ s(x, bs = "cr") + s(x, bs = "cr", k = 5)', /appears twice/],
    ['y ~ s(x, bs = "cr) + (1 | g)', /unterminated string/],
  ])("refuses %s", (src, re) => {
    expect(lmeErrorOf(() => parseFormula(src)).message).toMatch(re);
  });
});
