import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCsv, readCsv, readSchema, type FactorColumn, type NumericColumn } from "../../src/data/index.js";
import { errorOf, snapshot } from "./helpers.js";

const num = (f: ReturnType<typeof parseCsv>, n: string) => f.columns.get(n) as NumericColumn;
const fac = (f: ReturnType<typeof parseCsv>, n: string) => f.columns.get(n) as FactorColumn;

describe("parseCsv: RFC 4180", () => {
  it("handles quotes, doubled quotes, embedded commas and newlines, CRLF and a BOM", () => {
    const text = '\uFEFF"name","note",x\r\n"a, b","say ""hi""",1\r\n"c","two\nlines",2\r\n';
    const f = parseCsv(text);
    expect(f.names).toEqual(["name", "note", "x"]);
    expect(f.nrow).toBe(2);
    expect(fac(f, "name").levels).toEqual(["a, b", "c"]);
    expect(fac(f, "note").levels).toEqual(['say "hi"', "two\nlines"]);
    expect(Array.from(num(f, "x").values)).toEqual([1, 2]);
  });

  it("accepts a missing final newline and skips blank lines", () => {
    const f = parseCsv("a,b\n\n1,x\n\n2,y");
    expect(f.nrow).toBe(2);
    expect(Array.from(num(f, "a").values)).toEqual([1, 2]);
  });

  it("reads a header-only CSV as zero rows", () => {
    const f = parseCsv("a,b\n");
    expect(f.nrow).toBe(0);
    expect(f.names).toEqual(["a", "b"]);
  });

  it('treats "NA" and "" (quoted or not) as missing', () => {
    const f = parseCsv('x,g\n1,"a"\nNA,NA\n,""\n"NA",b\n4,\n');
    const x = Array.from(num(f, "x").values);
    expect(x[0]).toBe(1);
    expect(x.slice(1, 4).every(Number.isNaN)).toBe(true);
    expect(x[4]).toBe(4);
    expect(fac(f, "g").levels).toEqual(["a", "b"]);
    expect(Array.from(fac(f, "g").codes)).toEqual([0, -1, -1, 1, -1]);
  });

  it("detects numeric columns only when every non-missing field is a finite number", () => {
    const f = parseCsv('q,n,s,e\n"1",1.5,1,1e3\n"2",-2,x,2E-2\n');
    expect(f.columns.get("q")!.kind).toBe("numeric"); // quotes are no type hint, as in read.csv
    expect(Array.from(num(f, "n").values)).toEqual([1.5, -2]);
    expect(fac(f, "s").levels).toEqual(["1", "x"]);
    expect(Array.from(num(f, "e").values)).toEqual([1000, 0.02]);
    expect(parseCsv("v\nInf\n1\n").columns.get("v")!.kind).toBe("factor");
  });

  it("sorts factor levels in R's collation", () => {
    expect(fac(parseCsv("g\nb\nA\na\nB\n"), "g").levels).toEqual(["a", "A", "b", "B"]);
  });

  it("names the line of a record with the wrong number of fields", () => {
    const msg = errorOf(() => parseCsv("a,b\n1,2\n3\n"));
    expect(msg).toContain("line 3");
    expect(msg).toContain("1 fields");
    expect(msg).toContain("header has 2");
    expect(errorOf(() => parseCsv("a,b\n1,2,3\n"))).toContain("line 2");
  });

  it("reports an unterminated quote and an empty text", () => {
    expect(errorOf(() => parseCsv('a,b\n1,"oops\n'))).toContain("line 2");
    expect(errorOf(() => parseCsv(""))).toContain("header");
  });

  it("rejects duplicate header names", () => {
    expect(errorOf(() => parseCsv("a,a\n1,2\n"))).toContain('"a"');
  });
});

describe("parseCsv with a schema", () => {
  const schema = {
    columns: [
      { name: "g", type: "factor" as const, levels: ["z", "a"], ordered: true },
      { name: "y", type: "integer" as const },
      { name: "b", type: "logical" as const },
    ],
  };

  it("applies the schema's levels, order and types", () => {
    const f = parseCsv('g,y,b,extra\n"a","7",TRUE,u\n"z",NA,F,v\n', { schema });
    expect(fac(f, "g").levels).toEqual(["z", "a"]);
    expect(fac(f, "g").ordered).toBe(true);
    expect(Array.from(fac(f, "g").codes)).toEqual([1, 0]);
    expect(num(f, "y").values[0]).toBe(7);
    expect(Number.isNaN(num(f, "y").values[1])).toBe(true);
    expect(Array.from(fac(f, "b").codes)).toEqual([1, 0]);
    expect(fac(f, "extra").levels).toEqual(["u", "v"]); // not in the schema: inferred
  });

  it("names column, value and row of a value outside the levels", () => {
    const msg = errorOf(() => parseCsv("g,y,b\na,1,T\nq,2,F\n", { schema }));
    expect(msg).toContain('"g"');
    expect(msg).toContain('"q"');
    expect(msg).toContain("row 2");
  });

  it("names a non-numeric value in a numeric column", () => {
    const msg = errorOf(() => parseCsv("g,y,b\na,1,T\na,two,F\n", { schema }));
    expect(msg).toMatch(/"y".*row 2.*"two"/);
  });

  it("rejects a schema column absent from the header", () => {
    expect(errorOf(() => parseCsv("g,y\na,1\n", { schema }))).toContain('"b"');
  });
});

describe("readCsv / readSchema", () => {
  const dir = mkdtempSync(join(tmpdir(), "lme4ts-csv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = 'Subject,Reaction\n"10",1.5\n"9",2.5\n"10",3\n';
  writeFileSync(join(dir, "with.csv"), csv);
  writeFileSync(
    join(dir, "with.schema.json"),
    JSON.stringify({ name: "with", nrow: 3, columns: [{ name: "Subject", type: "factor", levels: ["9", "10"] }] }),
  );
  writeFileSync(join(dir, "without.csv"), csv);
  writeFileSync(join(dir, "bad.schema.json"), JSON.stringify({ columns: [{ name: "x", type: "float" }] }));
  writeFileSync(join(dir, "broken.schema.json"), "{ not json");

  it("uses the schema beside the CSV when present", () => {
    const f = readCsv(join(dir, "with.csv"));
    expect(f.columns.get("Subject")!.kind).toBe("factor");
    expect(fac(f, "Subject").levels).toEqual(["9", "10"]);
    expect(Array.from(fac(f, "Subject").codes)).toEqual([1, 0, 1]);
  });

  it("infers types without a schema, and takes an explicit schema path", () => {
    expect(readCsv(join(dir, "without.csv")).columns.get("Subject")!.kind).toBe("numeric");
    const f = readCsv(join(dir, "without.csv"), join(dir, "with.schema.json"));
    expect(snapshot(f)).toEqual(snapshot(readCsv(join(dir, "with.csv"))));
  });

  it("reads and validates schema files", () => {
    const s = readSchema(join(dir, "with.schema.json"));
    expect(s.name).toBe("with");
    expect(s.nrow).toBe(3);
    expect(s.columns[0].levels).toEqual(["9", "10"]);
    expect(errorOf(() => readSchema(join(dir, "bad.schema.json")))).toContain('"x"');
    expect(errorOf(() => readSchema(join(dir, "broken.schema.json")))).toContain("JSON");
  });

  it("names a file that cannot be read", () => {
    expect(errorOf(() => readCsv(join(dir, "nope.csv")))).toContain("nope.csv");
  });
});
