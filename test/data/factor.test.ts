import { describe, expect, it } from "vitest";
import {
  asFactor,
  completeCases,
  dropUnusedLevels,
  getColumn,
  interactionFactor,
  rFormatNumber,
  subsetRows,
  toFrame,
  type FactorColumn,
  type NumericColumn,
} from "../../src/data/index.js";
import { datasets } from "../../src/datasets/index.js";
import { errorOf } from "./helpers.js";

describe("rFormatNumber (R's as.character on doubles)", () => {
  const cases: [number, string][] = [
    [308, "308"],
    [0.5, "0.5"],
    [1e5, "1e+05"],
    [120000, "120000"],
    [123456, "123456"],
    [1e-4, "1e-04"],
    [0.001, "0.001"],
    [1 / 3, "0.333333333333333"],
    [0.1 + 0.2, "0.3"],
    [-2.5e-10, "-2.5e-10"],
    [1e15, "1e+15"],
    [1234567890123456, "1234567890123456"],
    [5180000000000003, "5.18e+15"],
    [-17, "-17"],
    [0, "0"],
    [-0, "0"],
    [NaN, "NaN"],
    [Infinity, "Inf"],
    [-Infinity, "-Inf"],
  ];
  for (const [x, s] of cases) it(`${x} → ${s}`, () => expect(rFormatNumber(x)).toBe(s));
});

describe("asFactor", () => {
  it("numeric → levels sorted numerically, labelled as R does", () => {
    const f = toFrame({ x: [308, 0.5, 1e5, NaN, 0.5, 10] });
    const x = asFactor(f.columns.get("x")!);
    expect(x.levels).toEqual(["0.5", "10", "308", "1e+05"]);
    expect(Array.from(x.codes)).toEqual([2, 0, 3, -1, 0, 1]);
    expect(x.name).toBe("x");
    expect(x.ordered).toBe(false);
  });

  it("returns a factor unchanged", () => {
    const g = toFrame({ g: ["a"] }).columns.get("g")!;
    expect(asFactor(g)).toBe(g);
  });
});

describe("dropUnusedLevels and subsetRows", () => {
  const f = toFrame({ g: ["a", "b", "c", "b"], y: [1, 2, 3, 4] });

  it("subsetRows keeps all levels; dropUnusedLevels removes absent ones keeping order", () => {
    const s = subsetRows(f, Int32Array.from([3, 2]));
    const g = s.columns.get("g") as FactorColumn;
    expect(s.nrow).toBe(2);
    expect(g.levels).toEqual(["a", "b", "c"]);
    expect(Array.from(g.codes)).toEqual([1, 2]);
    expect(Array.from((s.columns.get("y") as NumericColumn).values)).toEqual([4, 3]);
    const d = dropUnusedLevels(g);
    expect(d.levels).toEqual(["b", "c"]);
    expect(Array.from(d.codes)).toEqual([0, 1]);
    const full = f.columns.get("g") as FactorColumn;
    expect(dropUnusedLevels(full)).toBe(full);
  });

  it("rejects out-of-range rows", () => {
    expect(errorOf(() => subsetRows(f, Int32Array.from([4])))).toContain("4");
  });
});

describe("completeCases and getColumn", () => {
  const f = toFrame({ y: [1, NaN, 3, 4], g: ["a", "b", null, "a"], z: [null, 1, 1, 1] });

  it("returns the rows with no missing value among the named columns", () => {
    expect(Array.from(completeCases(f, ["y", "g"]))).toEqual([0, 3]);
    expect(Array.from(completeCases(f, ["y", "g", "z"]))).toEqual([3]);
    expect(Array.from(completeCases(f, []))).toEqual([0, 1, 2, 3]);
  });

  it("getColumn names the missing column, lists columns and suggests a close match", () => {
    const s = datasets.sleepstudy();
    expect(getColumn(s, "Days").kind).toBe("numeric");
    const msg = errorOf(() => getColumn(s, "reaction"));
    expect(msg).toContain('"reaction"');
    expect(msg).toContain('Did you mean "Reaction"');
    expect(msg).toContain('"Subject"');
    const far = errorOf(() => getColumn(s, "zzzzzz"));
    expect(far).not.toContain("Did you mean");
    expect(errorOf(() => completeCases(s, ["Dayz"]))).toContain('"Days"');
  });
});

describe("interactionFactor (R's a:b)", () => {
  const pastes = datasets.Pastes();
  const batch = pastes.columns.get("batch") as FactorColumn;
  const cask = pastes.columns.get("cask") as FactorColumn;

  it("cask:batch levels start as lme4's ranef (reference/pastes_nested.json): first factor slowest", () => {
    const cb = interactionFactor([cask, batch], "cask:batch");
    expect(cb.name).toBe("cask:batch");
    expect(cb.levels.length).toBe(30);
    // first levels of ranef(fm)$`cask:batch` in lme4 1.1-31
    expect(cb.levels.slice(0, 5)).toEqual(["a:A", "a:B", "a:C", "a:D", "a:E"]);
    expect(cb.levels[10]).toBe("b:A");
    expect(cb.levels[29]).toBe("c:J");
  });

  it("batch:cask reproduces the shipped `sample` factor (levels and codes)", () => {
    const bc = interactionFactor([batch, cask], "sample");
    const sample = pastes.columns.get("sample") as FactorColumn;
    expect(bc.levels).toEqual(sample.levels);
    expect(Array.from(bc.codes)).toEqual(Array.from(sample.codes));
  });

  it("drops unused combinations and propagates missing values", () => {
    const f = toFrame({ a: ["x", "x", "y", null], b: ["p", "q", "q", "p"], c: ["1", "1", "2", "2"] });
    const a = f.columns.get("a") as FactorColumn;
    const b = f.columns.get("b") as FactorColumn;
    const c = f.columns.get("c") as FactorColumn;
    const ab = interactionFactor([a, b], "a:b");
    expect(ab.levels).toEqual(["x:p", "x:q", "y:q"]);
    expect(Array.from(ab.codes)).toEqual([0, 1, 2, -1]);
    const abc = interactionFactor([a, b, c], "a:b:c");
    expect(abc.levels).toEqual(["x:p:1", "x:q:1", "y:q:2"]);
    expect(Array.from(abc.codes)).toEqual([0, 1, 2, -1]);
  });

  it("rejects factors of different lengths", () => {
    const g = toFrame({ g: ["a"] }).columns.get("g") as FactorColumn;
    expect(errorOf(() => interactionFactor([batch, g], "batch:g"))).toContain('"g" has 1');
  });
});
