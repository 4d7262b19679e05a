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

  it('reads "NA" (quoted or not) as missing, and "" as missing in numbers but as the level "" in a factor, as read.csv', () => {
    // R 4.2.2: read.csv(text = <this>, stringsAsFactors = TRUE) gives x = 1 NA NA NA 4 and
    // g = factor with levels "", "a", "b" and codes 2 NA 1 3 1
    const f = parseCsv('x,g\n1,"a"\nNA,NA\n,""\n"NA",b\n4,\n');
    const x = Array.from(num(f, "x").values);
    expect(x[0]).toBe(1);
    expect(x.slice(1, 4).every(Number.isNaN)).toBe(true);
    expect(x[4]).toBe(4);
    expect(fac(f, "g").levels).toEqual(["", "a", "b"]);
    expect(Array.from(fac(f, "g").codes)).toEqual([1, -1, 0, 2, 0]);
  });

  it("detects numeric columns as R does: NaN, nan, Inf, -inf and blanks keep a column numeric", () => {
    const f = parseCsv('q,n,s,e\n"1",1.5,1,1e3\n"2",-2,x,2E-2\n');
    expect(f.columns.get("q")!.kind).toBe("numeric"); // quotes are no type hint, as in read.csv
    expect(Array.from(num(f, "n").values)).toEqual([1.5, -2]);
    expect(fac(f, "s").levels).toEqual(["1", "x"]);
    expect(Array.from(num(f, "e").values)).toEqual([1000, 0.02]);
    // R 4.2.2: read.csv(text = "v,w\nInf,T\n1,F\nnan,NA\n-inf,\n") gives v = Inf 1 NaN -Inf
    // (numeric) and w = TRUE FALSE NA NA (logical)
    const g = parseCsv("v,w\nInf,T\n1,F\nnan,NA\n-inf,\n");
    expect(Array.from(num(g, "v").values)).toEqual([Infinity, 1, NaN, -Infinity]);
    expect(fac(g, "w").levels).toEqual(["FALSE", "TRUE"]);
    expect(Array.from(fac(g, "w").codes)).toEqual([1, 0, -1, -1]);
  });

  it("turns a column into a factor only when a non-missing cell is not a number (the issue's Days with a NaN)", () => {
    const days = parseCsv("Days,y\n0,1\n1,2\nNaN,3\n2,4\n ,5\n");
    expect(days.columns.get("Days")!.kind).toBe("numeric");
    expect(Array.from(num(days, "Days").values)).toEqual([0, 1, NaN, 2, NaN]);
    expect(parseCsv("Days\n0\n1\ntwo\n").columns.get("Days")!.kind).toBe("factor");
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

  it("refuses a missing closing quote that would swallow rows (the issue's 179 obs), naming the line", () => {
    // before: the quote on line 3 closed at the next line's opening quote and the record became
    // Subject = '308\n250.8006,2,308"': one row fewer and a bogus level, no error
    const text = '"Reaction","Days","Subject"\n249.56,0,"308"\n258.7047,1,"308\n250.8006,2,"308"\n321.4398,3,"308"\n';
    const msg = errorOf(() => parseCsv(text, { source: '"sleep.csv"' }));
    expect(msg).toMatch(/^"sleep\.csv", line 3: the quoted field that starts on this line runs on to line 4/);
    expect(msg).toContain("probably missing");
    // a field that spans lines inside matching quotes is data
    expect(fac(parseCsv('a,b\n"x\ny",1\n'), "a").levels).toEqual(["x\ny"]);
    // text after a closing quote on one line is kept, as R's scan does; so is white space after
    // a field that spans lines
    expect(fac(parseCsv('a,b\n"x"y,1\n'), "a").levels).toEqual(["xy"]);
    expect(fac(parseCsv('a,b\n"x\ny" ,1\n'), "a").levels).toEqual(["x\ny "]);
  });

  it("names the line where a never-closed quote opens and hints at a runaway quote in a field-count error", () => {
    expect(errorOf(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n'))).toMatch(/line 3: a quoted field is never closed/);
    const msg = errorOf(() => parseCsv('a,b\n1,"x\n2,",3\n'));
    expect(msg).toMatch(/line 2: found 3 fields but the header has 2/);
    expect(msg).toContain("starts on line 2 runs over several lines");
  });

  it("names row, line and column of a bad cell under a schema", () => {
    const msg = errorOf(() => parseCsv("y\n1\n\n2\nabc\n", { schema: { columns: [{ name: "y", type: "numeric" }] }, source: '"f.csv"' }));
    expect(msg).toMatch(/Column "y", row 3 \(line 5 of "f\.csv"\): the value "abc" is not a number/);
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

  it("refuses a fractional or infinite value in an integer column (R: scan() expected 'an integer', got '1.5')", () => {
    const int = { columns: [{ name: "n", type: "integer" as const }] };
    expect(errorOf(() => parseCsv("n\n1\n1.5\n", { schema: int }))).toMatch(/Column "n", row 2 \(line 3 of the CSV text\): the value "1.5" is not a whole number, but the schema declares the column integer/);
    expect(errorOf(() => parseCsv("n\nInf\n", { schema: int }))).toContain("not a whole number");
    expect(Array.from(num(parseCsv("n\n1\nNA\n2e2\n", { schema: int }), "n").values)).toEqual([1, NaN, 200]);
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

  it("names the schema file in schema errors, and says when it was picked up automatically", () => {
    writeFileSync(join(dir, "auto.csv"), "Subject,y\n10,1\n11,2\n");
    writeFileSync(join(dir, "auto.schema.json"), JSON.stringify({ columns: [{ name: "Subject", type: "factor", levels: ["10"] }] }));
    const auto = errorOf(() => readCsv(join(dir, "auto.csv")));
    expect(auto).toContain(`the schema ${JSON.stringify(join(dir, "auto.schema.json"))} (read automatically: it sits beside ${JSON.stringify(join(dir, "auto.csv"))})`);
    expect(auto).toMatch(/row 2 \(line 3 of .*auto\.csv"\): the value "11"/);
    writeFileSync(join(dir, "wrongcol.schema.json"), JSON.stringify({ columns: [{ name: "Days", type: "numeric" }] }));
    const explicit = errorOf(() => readCsv(join(dir, "auto.csv"), join(dir, "wrongcol.schema.json")));
    expect(explicit).toContain(`The schema ${JSON.stringify(join(dir, "wrongcol.schema.json"))} describes a column "Days"`);
    writeFileSync(join(dir, "badjson.csv"), "a\n1\n");
    writeFileSync(join(dir, "badjson.schema.json"), "{");
    expect(errorOf(() => readCsv(join(dir, "badjson.csv")))).toMatch(/badjson\.schema\.json" \(read automatically.*not valid JSON/);
  });

  it("names a file that cannot be read", () => {
    expect(errorOf(() => readCsv(join(dir, "nope.csv")))).toContain("nope.csv");
  });
});
