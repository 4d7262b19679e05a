import { describe, expect, it } from "vitest";
import { lmeErrorOf as errorOf } from "../helpers.js";
import { deparse, formulaColumns, parseFormula, requireRandomTerms } from "../../src/formula/index.js";
import type { LinearSpec, ParsedFormula } from "../../src/formula/index.js";

const labels = (s: LinearSpec) => s.terms.map((t) => t.label);
const fixedLabels = (f: string) => labels(parseFormula(f).fixed);
const randomSummary = (f: ParsedFormula) =>
  f.random.map((r) => `${r.lhs.intercept ? "1" : "0"}${r.lhs.terms.map((t) => "+" + t.label).join("")}|${r.groupLabel}`);


describe("fixed-part expansion (R's terms)", () => {
  it("main effects and interactions in R's order", () => {
    expect(fixedLabels("y ~ a + b")).toEqual(["a", "b"]);
    expect(fixedLabels("y ~ a*b")).toEqual(["a", "b", "a:b"]);
    expect(fixedLabels("y ~ a*b*c")).toEqual(["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"]);
    expect(fixedLabels("y ~ (a + b + c)^2")).toEqual(["a", "b", "c", "a:b", "a:c", "b:c"]);
    expect(fixedLabels("y ~ a:b + c")).toEqual(["c", "a:b"]);
    expect(fixedLabels("y ~ a/b")).toEqual(["a", "a:b"]);
    expect(fixedLabels("y ~ (a + b)/c")).toEqual(["a", "b", "a:b:c"]);
    expect(fixedLabels("y ~ b %in% a")).toEqual(["b:a"]);
    expect(fixedLabels("y ~ (a + b):(c + d)")).toEqual(["a:c", "a:d", "b:c", "b:d"]);
  });

  it("removes duplicates; b:a is a:b, labelled by first appearance of the variables", () => {
    expect(fixedLabels("y ~ a + a + a:b + b:a")).toEqual(["a", "a:b"]);
    expect(fixedLabels("y ~ b:a + a")).toEqual(["a", "b:a"]);
    // R: terms(y ~ a + b:a) labels the interaction "a:b"
    expect(fixedLabels("y ~ a + b:a")).toEqual(["a", "a:b"]);
  });

  it("subtraction and the intercept", () => {
    expect(fixedLabels("y ~ a*b - a")).toEqual(["b", "a:b"]);
    expect(parseFormula("y ~ x - 1").fixed.intercept).toBe(false);
    expect(parseFormula("y ~ -1 + x").fixed.intercept).toBe(false);
    expect(parseFormula("y ~ 0 + x").fixed.intercept).toBe(false);
    expect(parseFormula("y ~ 0 + x + 1").fixed.intercept).toBe(true);
    expect(parseFormula("y ~ x").fixed.intercept).toBe(true);
    const one = parseFormula("Yield ~ 1 + (1 | Batch)");
    expect(one.fixed).toEqual({ intercept: true, terms: [] });
  });

  it("calls are variables labelled as R deparses them", () => {
    expect(fixedLabels("use ~ age_s + I(age_s ^ 2) + log( x ) + factor(time)")).toEqual(["age_s", "I(age_s^2)", "log(x)", "factor(time)"]);
    expect(fixedLabels("y ~ I(a*b) + I(a/b) + I(-a) + I(1e5*a)")).toEqual(["I(a * b)", "I(a/b)", "I(-a)", "I(1e+05 * a)"]);
  });

  it("offsets go to offsets, not terms", () => {
    const f = parseFormula("y ~ x + offset(log(n)) + (1 | g)");
    expect(labels(f.fixed)).toEqual(["x"]);
    expect(f.offsets.map(deparse)).toEqual(["log(n)"]);
  });

  it("responses: column, arithmetic, cbind, one-sided", () => {
    expect(parseFormula("Reaction ~ Days").responseLabel).toBe("Reaction");
    expect(parseFormula("incidence/size ~ period + (1 | herd)").responseLabel).toBe("incidence/size");
    expect(parseFormula("cbind(incidence, size - incidence) ~ period + (1 | herd)").responseLabel).toBe(
      "cbind(incidence, size - incidence)",
    );
    const f = parseFormula("~ x");
    expect(f.response).toBeNull();
    expect(f.responseLabel).toBeNull();
  });
});

describe("random-effects terms (lme4)", () => {
  it("(Days | Subject) has an implicit intercept; 0 + removes it", () => {
    expect(randomSummary(parseFormula("Reaction ~ Days + (Days | Subject)"))).toEqual(["1+Days|Subject"]);
    expect(randomSummary(parseFormula("Reaction ~ Days + (0 + Days | Subject)"))).toEqual(["0+Days|Subject"]);
    const f = parseFormula("Reaction ~ Days + (Days | Subject)");
    expect(f.random[0]!.structure).toEqual({ kind: "us", hom: false });
    expect(labels(f.fixed)).toEqual(["Days"]);
  });

  it("|| splits into independent terms", () => {
    expect(randomSummary(parseFormula("Reaction ~ Days + (Days || Subject)"))).toEqual(["1|Subject", "0+Days|Subject"]);
    expect(randomSummary(parseFormula("y ~ (1 + Days || Subject)"))).toEqual(["1|Subject", "0+Days|Subject"]);
    expect(randomSummary(parseFormula("y ~ (0 + a*b || g)"))).toEqual(["0+a|g", "0+b|g", "0+a:b|g"]);
  });

  it("nested and crossed grouping", () => {
    const f = parseFormula("strength ~ 1 + (1 | batch/cask)");
    expect(randomSummary(f)).toEqual(["1|batch", "1|cask:batch"]);
    expect(f.random[1]!.groups.map((g) => g.label)).toEqual(["cask", "batch"]);
    expect(randomSummary(parseFormula("y ~ (1 | a/b/c)"))).toEqual(["1|a", "1|b:a", "1|c:b:a"]);
    const g = parseFormula("y ~ (1 | district:urban)");
    expect(randomSummary(g)).toEqual(["1|district:urban"]);
    expect(g.random[0]!.groups.map((v) => v.label)).toEqual(["district", "urban"]);
    expect(randomSummary(parseFormula("y ~ (x || a/b)"))).toEqual(["1|a", "1|b:a", "0+x|a", "0+x|b:a"]);
    expect(randomSummary(parseFormula("diameter ~ 1 + (1 | plate) + (1 | sample)"))).toEqual(["1|plate", "1|sample"]);
  });

  it("structured wrappers with hom defaults and overrides", () => {
    const s = (f: string) => parseFormula(f).random.map((r) => r.structure);
    expect(s("y ~ diag(Days | Subject)")).toEqual([{ kind: "diag", hom: false }]);
    expect(s("y ~ cs(1 + urban | district)")).toEqual([{ kind: "cs", hom: false }]);
    expect(s("y ~ cs(1 + urban | district, hom = TRUE)")).toEqual([{ kind: "cs", hom: true }]);
    expect(s("y ~ time + x + ar1(0 + factor(time) | subject)")).toEqual([{ kind: "ar1", hom: true }]);
    expect(s("y ~ ar1(0 + factor(time) | subject, hom = FALSE)")).toEqual([{ kind: "ar1", hom: false }]);
    expect(s("y ~ us(x | g)")).toEqual([{ kind: "us", hom: false }]);
    const ar = parseFormula("y ~ time + x + ar1(0 + factor(time) | subject)");
    expect(randomSummary(ar)).toEqual(["0+factor(time)|subject"]);
    expect(labels(ar.fixed)).toEqual(["time", "x"]);
  });

  it("a formula of random terms only has an intercept-only fixed part", () => {
    expect(parseFormula("y ~ (1 | g)").fixed).toEqual({ intercept: true, terms: [] });
    expect(parseFormula("y ~ (1 | g) - 1").fixed.intercept).toBe(false);
  });

  it("requireRandomTerms", () => {
    const e = errorOf(() => requireRandomTerms(parseFormula("y ~ x")));
    expect(e.code).toBe("formula");
    expect(e.message).toContain("no random-effects terms: use (term | group)");
    expect(e.message).toContain("ordinary regression (lm/glm)");
    expect(() => requireRandomTerms(parseFormula("y ~ x + (1 | g)"))).not.toThrow();
  });
});

describe("formulaColumns", () => {
  it("lists every column once in order of appearance", () => {
    expect(formulaColumns(parseFormula("cbind(incidence, size - incidence) ~ period + (1 | herd)"))).toEqual([
      "incidence", "size", "period", "herd",
    ]);
    expect(formulaColumns(parseFormula("use ~ age_s + I(age_s^2) + urban + ch + age_s:ch + (1 | district/urban)"))).toEqual([
      "use", "age_s", "urban", "ch", "district",
    ]);
    expect(formulaColumns(parseFormula("y ~ x + offset(log(n)) + cs(1 + z | g, hom = TRUE)"))).toEqual(["y", "x", "n", "z", "g"]);
  });
});

describe("deparse", () => {
  it("prints as R", () => {
    const rhs = (s: string) => deparse(parseFormula(`~ ${s}`).rhs!);
    expect(rhs("I(age_s ^ 2)")).toBe("I(age_s^2)");
    expect(rhs("log(x)")).toBe("log(x)");
    expect(rhs("factor(time)")).toBe("factor(time)");
    expect(deparse(parseFormula("size-incidence ~ x").response!)).toBe("size - incidence");
    expect(rhs("(1+Days|Subject)")).toBe("(1 + Days | Subject)");
    expect(rhs("I(0.5*x + 100000 - 0.0001 + 0.001)")).toBe("I(0.5 * x + 1e+05 - 1e-04 + 0.001)");
    expect(rhs("`my var`")).toBe("`my var`");
  });
});

describe("errors", () => {
  it("shows a caret under the offending token", () => {
    const e = errorOf(() => parseFormula("Reaction ~ Days + )"));
    expect(e.code).toBe("formula");
    expect(e.message).toBe(
      "unexpected ')' at position 18, expected a variable, a number or '('\n  Reaction ~ Days + )\n                    ^",
    );
    const lines = e.message.split("\n");
    expect(lines[2]!.indexOf("^")).toBe(lines[1]!.indexOf(")"));
  });

  it("empty formula, missing ~, trailing operator, unclosed parenthesis", () => {
    expect(errorOf(() => parseFormula("  ")).message).toMatch(/empty/);
    expect(errorOf(() => parseFormula("Reaction Days")).message).toMatch(/no '~'/);
    expect(errorOf(() => parseFormula("y ~ x +")).message).toMatch(/unexpected end of formula at position 7, expected a variable/);
    expect(errorOf(() => parseFormula("y ~ (x + z")).message).toMatch(/expected '\)'/);
    expect(errorOf(() => parseFormula("y ~ x z")).message).toMatch(/unexpected 'z' at position 6/);
    expect(errorOf(() => parseFormula("y ~ x ~ z")).message).toMatch(/unexpected '~' at position 6/);
    expect(errorOf(() => parseFormula("y ~ x $ z")).message).toMatch(/unexpected '\$' at position 6/);
  });

  it("unknown function names it and lists the supported ones", () => {
    const e = errorOf(() => parseFormula("y ~ lo(x, 2) + (1 | g)"));
    expect(e.message).toContain("unknown function 'lo' at position 4");
    expect(e.message).toContain("I(), log()");
    expect(e.message.split("\n")[2]).toBe("      ^");
  });

  it("invalid terms", () => {
    expect(errorOf(() => parseFormula("y ~ 2 + x")).message).toMatch(/the number 2 cannot be a term/);
    expect(errorOf(() => parseFormula("y ~ x * (1 | g)")).message).toMatch(/can only be added with \+/);
    expect(errorOf(() => parseFormula("y ~ cbind(a, b)")).message).toMatch(/only allowed as the response/);
    expect(errorOf(() => parseFormula("y ~ (a + b)^z")).message).toMatch(/whole number/);
    expect(errorOf(() => parseFormula("y ~ I(a:b)")).message).toMatch(/':' cannot be used inside/);
    expect(errorOf(() => parseFormula("y ~ cs(1 | g, hom = maybe)")).message).toMatch(/hom must be TRUE or FALSE/);
    expect(errorOf(() => parseFormula("y ~ (1 | 2)")).message).toMatch(/grouping factor '2'/);
    expect(errorOf(() => parseFormula("y ~ (0 | g)")).message).toMatch(/has no columns/);
  });
});
