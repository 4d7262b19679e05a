import { describe, expect, it } from "vitest";
import { parseFormula } from "../../src/formula/index.js";
import { MAX_NESTING, MAX_TREE_DEPTH } from "../../src/formula/syntax.js";
import { MAX_TERMS } from "../../src/formula/expand.js";
import { lmeErrorOf } from "../helpers.js";

const nest = (open: string, n: number, inner = "x") => open.repeat(n) + inner + ")".repeat(n);
const sum = (n: number, p = "x") => Array.from({ length: n }, (_, i) => `${p}${i}`).join(" + ");

describe("formula size limits: deep or huge formulas are LmeErrors, not stack overflows or hangs", () => {
  it("refuses 500 nested log( and 1000 parentheses (were RangeError: Maximum call stack size exceeded)", () => {
    for (const f of [`y ~ ${nest("log(", 500)} + (1 | g)`, `y ~ ${nest("(", 1000)} + (1 | g)`, `y ~ ${"-".repeat(5000)}x + (1 | g)`]) {
      const e = lmeErrorOf(() => parseFormula(f));
      expect(e.code).toBe("formula");
      expect(e.message).toMatch(new RegExp(`^the formula is nested deeper than ${MAX_NESTING} levels at position \\d+`));
      expect(e.message).not.toContain("\n"); // one line, the CLI prints it as is
    }
  });

  it(`accepts ${MAX_NESTING} levels of nesting and a ${MAX_TREE_DEPTH - 2}-term sum`, () => {
    expect(parseFormula(`y ~ ${nest("(", MAX_NESTING)} + (1 | g)`).fixed.terms.map((t) => t.label)).toEqual(["x"]);
    expect(parseFormula(`y ~ ${nest("log(", MAX_NESTING - 1)} + (1 | g)`).fixed.terms).toHaveLength(1);
    expect(parseFormula(`y ~ ${sum(MAX_TREE_DEPTH - 2)} + (1 | g)`).fixed.terms).toHaveLength(MAX_TREE_DEPTH - 2);
  });

  it("refuses a 5000-term chain (was a stack overflow in the tree walks)", () => {
    const e = lmeErrorOf(() => parseFormula(`y ~ ${sum(5000)} + (1 | g)`));
    expect(e.message).toMatch(new RegExp(`nested deeper than ${MAX_TREE_DEPTH} levels .*a chain such as x1 \\+ x2`));
  });

  it(`refuses an expansion to more than ${MAX_TERMS} terms instead of hanging`, () => {
    expect(lmeErrorOf(() => parseFormula(`y ~ (${sum(30)})^30 + (1 | g)`)).message).toContain(`more than ${MAX_TERMS} terms`);
    expect(lmeErrorOf(() => parseFormula(`y ~ (${sum(400)}) * (${sum(400, "z")}) + (1 | g)`)).message).toContain(`more than ${MAX_TERMS} terms`);
    expect(lmeErrorOf(() => parseFormula(`y ~ x + ((${sum(16)})^16 | g)`)).message).toContain(`more than ${MAX_TERMS} terms`);
  });

  it("stops (a + b)^k once every interaction is in: x^1000000000 is x (R 4.2.2: terms(y ~ x^1000) has the term x only)", () => {
    expect(parseFormula("y ~ x^1000000000 + (1 | g)").fixed.terms.map((t) => t.label)).toEqual(["x"]);
    expect(parseFormula("y ~ (a + b + c)^1000000 + (1 | g)").fixed.terms.map((t) => t.label)).toEqual(["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"]);
  });
});
