import { describe, expect, it } from "vitest";
import { bool, checkOptions, checkValue, either, int, num, numbers, oneOf, str, suggestOption, vectorOfLength } from "../../src/validate/index.js";
import { lmeErrorOf } from "../helpers.js";

describe("checkOptions", () => {
  const spec = { REML: bool, nAGQ: int(0, 25), optimizer: oneOf("bobyqa", "nelder_mead"), level: num(0, 1, true) };
  it("accepts undefined, null, {} and valid values; undefined values mean 'default'", () => {
    expect(() => checkOptions("f", undefined, spec)).not.toThrow();
    expect(() => checkOptions("f", null, spec)).not.toThrow();
    expect(() => checkOptions("f", { REML: false, nAGQ: 25, optimizer: "bobyqa", level: 0.9, REML2: undefined } as object, { ...spec, REML2: bool })).not.toThrow();
    expect(() => checkOptions("f", { REML: undefined }, spec)).not.toThrow();
  });
  it("names the function, the option, the value and what is allowed", () => {
    expect(lmeErrorOf(() => checkOptions("f", { optimizer: "x" }, spec)).message).toBe('f(): option optimizer must be one of "bobyqa", "nelder_mead", not "x"');
    expect(lmeErrorOf(() => checkOptions("f", { nAGQ: 26 }, spec)).message).toBe("f(): option nAGQ must be a whole number from 0 to 25, not 26");
    expect(lmeErrorOf(() => checkOptions("f", { level: 1 }, spec)).message).toBe("f(): option level must be a number strictly between 0 and 1, not 1");
    expect(lmeErrorOf(() => checkOptions("f", { REML: 1 }, spec)).message).toBe("f(): option REML must be true or false, not 1");
    expect(lmeErrorOf(() => checkOptions("f", { REML: 1 }, spec)).code).toBe("usage");
  });
  it("rejects unknown keys with R's spelling or a near miss suggested, and a non-object", () => {
    expect(lmeErrorOf(() => checkOptions("f", { reml: true }, spec)).message).toMatch(/unknown option 'reml'; did you mean 'REML'\? \(f's options: REML, nAGQ, optimizer, level\)/);
    expect(lmeErrorOf(() => checkOptions("f", { optimiser: "bobyqa" }, spec)).message).toMatch(/did you mean 'optimizer'/);
    expect(lmeErrorOf(() => checkOptions("f", { zzz: 1 }, spec)).message).not.toMatch(/did you mean/);
    expect(lmeErrorOf(() => checkOptions("f", { control: {} }, spec)).message).toMatch(/there is no 'control' option/);
    expect(lmeErrorOf(() => checkOptions("f", [1], spec)).message).toMatch(/options must be an object/);
    expect(lmeErrorOf(() => checkOptions("f", { toString: 1 }, spec)).message).toMatch(/unknown option 'toString'/);
    expect(lmeErrorOf(() => checkOptions("g", { thetas: [1] }, { theta: numbers }, "start.")).message).toMatch(/unknown option 'start.thetas'; did you mean 'start.theta'/);
  });
  it("suggests R's dotted and lower-case spellings", () => {
    expect(suggestOption("allow.new.levels", ["newdata", "allowNewLevels"])).toBe("allowNewLevels");
    expect(suggestOption("nagq", ["nAGQ"])).toBe("nAGQ");
    expect(suggestOption("re.form", ["reForm"])).toBe("reForm");
  });
});

describe("checks", () => {
  it("either, str, numbers, NaN and Infinity", () => {
    const c = either(oneOf("auto"), int(0));
    expect(c.ok("auto") && c.ok(3) && !c.ok(-1) && !c.ok("3")).toBe(true);
    expect(str.ok("") || str.ok(1)).toBe(false);
    expect(numbers.ok([1, 2]) && numbers.ok(new Float64Array(2)) && !numbers.ok("12") && !numbers.ok([1, "2"])).toBe(true);
    expect(numbers.ok({ length: 2, 0: 1, 1: 2 }) && !numbers.ok({ 0: 1 }) && !numbers.ok(null)).toBe(true);
    expect(num().ok(NaN) || num().ok(Infinity) || int(0).ok(NaN)).toBe(false);
    expect(lmeErrorOf(() => checkValue("f", "workers", "many", c)).message).toBe('f(): option workers must be one of "auto", or a whole number ≥ 0, not "many"');
  });
  it("vectorOfLength refuses a different length instead of truncating", () => {
    expect(Array.from(vectorOfLength("f", "offset", [1, 2], 2, "the data"))).toEqual([1, 2]);
    expect(lmeErrorOf(() => vectorOfLength("f", "offset", [1, 2, 3], 2, "the data")).message).toBe("f(): option offset has 3 values but the data has 2; give one value per row");
  });
});
