import { describe, expect, it } from "vitest";
import { toFrame, type FactorColumn, type NumericColumn, type Schema } from "../../src/data/index.js";
import { LmeError } from "../../src/messages/error.js";
import { errorOf, snapshot } from "./helpers.js";

const records = [
  { Reaction: 249.56, Days: 0, Subject: "308", ok: true },
  { Reaction: 258.7047, Days: 1, Subject: "308", ok: false },
  { Reaction: 250.8006, Days: 0, Subject: "309", ok: true },
  { Reaction: 321.4398, Days: 1, Subject: "309", ok: null },
];
const columnObject = {
  Reaction: Float64Array.from([249.56, 258.7047, 250.8006, 321.4398]),
  Days: [0, 1, 0, 1],
  Subject: ["308", "308", "309", "309"],
  ok: [true, false, true, null],
};
const names = ["Reaction", "Days", "Subject", "ok"];
const rows = records.map((r) => names.map((n) => (r as Record<string, unknown>)[n]));

/** Shaped like danfo's DataFrame: `columns`, `column(name).values`, `$data`, `values`. */
class FakeDanfo {
  readonly columns = names;
  readonly $data = rows;
  get values(): unknown[][] {
    return rows;
  }
  column(name: string): { values: unknown[] } {
    const k = this.columns.indexOf(name);
    return { values: rows.map((r) => r[k]) };
  }
}

function num(f: ReturnType<typeof toFrame>, n: string): NumericColumn {
  const c = f.columns.get(n)!;
  expect(c.kind).toBe("numeric");
  return c as NumericColumn;
}
function fac(f: ReturnType<typeof toFrame>, n: string): FactorColumn {
  const c = f.columns.get(n)!;
  expect(c.kind).toBe("factor");
  return c as FactorColumn;
}

describe("toFrame inputs", () => {
  it("records, column objects and danfo-like frames give identical Frames", () => {
    const a = snapshot(toFrame(records));
    expect(snapshot(toFrame(columnObject))).toEqual(a);
    expect(snapshot(toFrame(new FakeDanfo()))).toEqual(a);
    // danfo-like without column(): row arrays in $data, or in values
    expect(snapshot(toFrame({ columns: names, $data: rows } as never))).toEqual(a);
    expect(snapshot(toFrame({ columns: names, values: rows } as never))).toEqual(a);
  });

  it("types numbers as numeric, strings as factors, booleans as FALSE/TRUE factors", () => {
    const f = toFrame(records);
    expect(f.nrow).toBe(4);
    expect(f.names).toEqual(names);
    expect(Array.from(num(f, "Reaction").values)).toEqual([249.56, 258.7047, 250.8006, 321.4398]);
    const s = fac(f, "Subject");
    expect(s.levels).toEqual(["308", "309"]);
    expect(Array.from(s.codes)).toEqual([0, 0, 1, 1]);
    expect(s.ordered).toBe(false);
    const ok = fac(f, "ok");
    expect(ok.levels).toEqual(["FALSE", "TRUE"]);
    expect(Array.from(ok.codes)).toEqual([1, 0, 1, -1]);
    // both levels even when only TRUE occurs
    expect(fac(toFrame({ b: [true, true] }), "b").levels).toEqual(["FALSE", "TRUE"]);
  });

  it("an existing Frame passes through", () => {
    const f = toFrame(records);
    expect(toFrame(f)).toBe(f);
  });

  it("treats null/undefined/NaN as missing numbers and null/undefined as missing strings", () => {
    const f = toFrame({ x: [1, null, undefined, NaN, 5], g: ["a", null, "NA", undefined, "b"] });
    const x = Array.from(num(f, "x").values);
    expect(x[0]).toBe(1);
    expect(x.slice(1, 4).every(Number.isNaN)).toBe(true);
    expect(x[4]).toBe(5);
    const g = fac(f, "g");
    expect(g.levels).toEqual(["a", "b", "NA"]); // "NA" is a string in JS input, not missing
    expect(Array.from(g.codes)).toEqual([0, -1, 2, -1, 1]);
  });

  it("fills keys absent from some records with missing values, columns in first-seen order", () => {
    const f = toFrame([{ a: 1 }, { b: "x" }, { a: 3, b: "y" }]);
    expect(f.names).toEqual(["a", "b"]);
    expect(Number.isNaN(num(f, "a").values[1])).toBe(true);
    expect(Array.from(fac(f, "b").codes)).toEqual([-1, 0, 1]);
  });

  it("an all-missing column is numeric NaN", () => {
    const f = toFrame({ z: [null, undefined] });
    expect(Array.from(num(f, "z").values).every(Number.isNaN)).toBe(true);
  });

  it("sorts string levels as R in en_US: a A b B", () => {
    expect(fac(toFrame({ g: ["b", "A", "a", "B"] }), "g").levels).toEqual(["a", "A", "b", "B"]);
    expect(fac(toFrame({ g: ["b2", "b10", "B1", "a"] }), "g").levels).toEqual(["a", "B1", "b10", "b2"]);
  });

  it("copies typed arrays (the Frame does not alias the input)", () => {
    const v = Float64Array.from([1, 2]);
    const f = toFrame({ v });
    v[0] = 99;
    expect(num(f, "v").values[0]).toBe(1);
  });
});

describe("toFrame with a schema", () => {
  const schema: Schema = {
    columns: [
      { name: "Subject", type: "factor", levels: ["309", "308"] },
      { name: "dose", type: "factor", levels: ["low", "mid", "high"], ordered: true },
      { name: "Days", type: "integer" },
      { name: "flag", type: "logical" },
      { name: "label", type: "character" },
    ],
  };
  const data = {
    Subject: [308, 309, 308],
    dose: ["mid", "low", null],
    Days: ["0", "1", "NA"],
    flag: ["TRUE", false, "F"],
    label: ["b", "A", "a"],
  };

  it("uses the schema's types, levels and orderedness", () => {
    const f = toFrame(data, { schema });
    const s = fac(f, "Subject");
    expect(s.levels).toEqual(["309", "308"]);
    expect(Array.from(s.codes)).toEqual([1, 0, 1]);
    const d = fac(f, "dose");
    expect(d.ordered).toBe(true);
    expect(Array.from(d.codes)).toEqual([1, 0, -1]);
    const days = Array.from(num(f, "Days").values);
    expect(days.slice(0, 2)).toEqual([0, 1]);
    expect(Number.isNaN(days[2])).toBe(true);
    expect(Array.from(fac(f, "flag").codes)).toEqual([1, 0, 0]);
    expect(fac(f, "label").levels).toEqual(["a", "A", "b"]);
  });

  it("a factor of numbers without schema levels is sorted numerically with R's labels", () => {
    const f = toFrame({ x: [10, 2, 100000, 0.5, 2] }, { schema: { columns: [{ name: "x", type: "factor" }] } });
    const x = fac(f, "x");
    expect(x.levels).toEqual(["0.5", "2", "10", "1e+05"]);
    expect(Array.from(x.codes)).toEqual([2, 1, 3, 0, 1]);
  });

  it("rejects a value outside the schema's levels, naming column, value and row", () => {
    const msg = errorOf(() => toFrame({ ...data, dose: ["mid", "huge", "low"] }, { schema }));
    expect(msg).toContain('"dose"');
    expect(msg).toContain('"huge"');
    expect(msg).toContain("row 2");
  });

  it("rejects non-numeric text in a numeric schema column", () => {
    const msg = errorOf(() => toFrame({ ...data, Days: ["0", "one", "2"] }, { schema }));
    expect(msg).toContain('"Days"');
    expect(msg).toContain('"one"');
    expect(msg).toContain("row 2");
  });

  it("rejects a logical schema column holding other text", () => {
    const msg = errorOf(() => toFrame({ ...data, flag: [true, "yes", false] }, { schema }));
    expect(msg).toMatch(/"flag".*row 2.*"yes"/);
  });

  it("rejects a schema column the data lack", () => {
    const msg = errorOf(() => toFrame({ Subject: [308] }, { schema }));
    expect(msg).toContain('"dose"');
  });
});

describe("toFrame errors", () => {
  it("mixed strings and numbers name the column and the row", () => {
    const msg = errorOf(() => toFrame([{ g: "a" }, { g: "b" }, { g: 3 }]));
    expect(msg).toContain('"g"');
    expect(msg).toContain("row 3");
    expect(msg).toContain("row 1");
  });

  it("booleans mixed with strings are an error too", () => {
    expect(errorOf(() => toFrame({ b: [true, "x"] }))).toContain('"b"');
  });

  it("unequal column lengths name both columns and their lengths", () => {
    const msg = errorOf(() => toFrame({ y: [1, 2, 3], g: ["a", "b"] }));
    expect(msg).toContain('"y" has 3');
    expect(msg).toContain('"g" has 2');
  });

  it("objects as values, non-object records and non-data inputs are rejected", () => {
    expect(errorOf(() => toFrame({ d: [{ a: 1 }] }))).toContain('"d"');
    expect(errorOf(() => toFrame([{ a: 1 }, 5] as never))).toContain("Row 2");
    expect(errorOf(() => toFrame({ a: 5 } as never))).toContain('"a"');
    expect(() => toFrame(42 as never)).toThrow(LmeError);
  });
});
