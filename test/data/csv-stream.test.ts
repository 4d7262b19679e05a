/**
 * The streaming reader (readCsv's core) against the string reader parseCsv: same Frame (names,
 * column kinds, values to the bit, codes, levels, origin lines) or the same error message, on the
 * seeded fuzz corpus and on hand-written texts, with tiny chunks (1, 7 and 13 bytes) so that chunk
 * boundaries fall inside quoted cells, between CR and LF, inside multi-byte UTF-8 characters and
 * inside the BOM.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv, readCsv, validateSchema, type Column, type Frame, type Schema } from "../../src/data/index.js";
import { readCsvStream } from "../../src/data/csv-read.js";
import { bytesSource } from "../../src/data/csv-stream.js";
import { fuzzCsv, fuzzSchema } from "../../bench/fuzz-gen.mjs";
import { LmeError } from "../../src/messages/error.js";

const NAMES = ["sleepstudy", "cbpp", "Penicillin", "Dyestuff", "cake", "grouseticks"];
const dir = new URL("../../datasets/", import.meta.url);
const sources = NAMES.map((name) => ({ name, text: readFileSync(new URL(`${name}.csv`, dir), "utf8") }));
const schemas = new Map<string, Schema>(
  NAMES.map((n) => [n, validateSchema(JSON.parse(readFileSync(new URL(`${n}.schema.json`, dir), "utf8")), n)]),
);

/** Fresh sources over `bytes`. */
const bufferSource = (bytes: Uint8Array) => () => bytesSource(bytes);

/** A comparable picture of a Frame (bits of doubles, so NaN, -0 and every last bit count). */
function picture(f: Frame): unknown {
  const col = (c: Column) =>
    c.kind === "numeric"
      ? { kind: c.kind, bits: Array.from(new BigUint64Array(Float64Array.from(c.values).buffer), String) }
      : { kind: c.kind, codes: Array.from(c.codes), levels: c.levels, ordered: c.ordered };
  return { nrow: f.nrow, names: f.names, cols: f.names.map((n) => col(f.columns.get(n) as Column)), lines: Array.from(f.origin?.lines ?? []), source: f.origin?.source };
}

/** The Frame's picture, or the LmeError's message. */
function outcome(fn: () => Frame): unknown {
  try {
    return picture(fn());
  } catch (e) {
    if (e instanceof LmeError) return { error: e.message };
    throw e;
  }
}

/** Compares the two readers on `text` (as bytes, decoded as readFileSync decodes them) at each chunk size. */
function same(text: string, chunks: readonly number[], schema?: Schema): string[] {
  const bytes = Buffer.from(text, "utf8");
  const decoded = bytes.toString("utf8");
  const opts = { source: '"t.csv"', ...(schema !== undefined ? { schema, schemaSource: '"t.schema.json"' } : {}) };
  const want = outcome(() => parseCsv(decoded, opts));
  const bad: string[] = [];
  for (const chunkSize of chunks) {
    const got = outcome(() => readCsvStream(bufferSource(bytes), { ...opts, chunkSize }));
    try {
      expect(got).toEqual(want);
    } catch {
      bad.push(`chunk ${chunkSize}${schema !== undefined ? " (schema)" : ""}: ${JSON.stringify(text.slice(0, 80))}`);
    }
  }
  return bad;
}

describe("readCsvStream equals parseCsv", () => {
  it("on hand-written texts: quotes over chunk boundaries, CRLF, CR, UTF-8, BOM, late text, logicals, errors", () => {
    const late = "x,y\n" + Array.from({ length: 300 }, (_, i) => `${i / 7},${i}`).join("\n") + "\nabc,1\n2.5,\n";
    const texts = [
      '\uFEFF"name","note",x\r\n"a, b","say ""hi""",1\r\n"c","two\nlines",2\r\n',
      "a,b\r\n\r\n1,x\r\r2,y",
      "é,ü\n€1,日本語\n\"ß\"\"\",😀\n1,2\n",
      late,
      "x,flag\n1,TRUE\n2,F\n3,NA\n4, \n",
      "x,flag\n1,TRUE\n2,maybe\n",
      "a,b\n1,2,3\n",
      'a,b\n"1\n2",3\n4,5,6\n',
      'a,b\n"open,1\n2,3\n',
      'a,b\n"x\ny"z,1\n',
      "a,a\n1,2\n",
      "a,b\n1,",
      "a,b\n1,\n",
      "\n\n",
      "",
      "\uFEFF",
      "x\n0x1F\n-0\n1e400\n.5\n1.\n 1\n123456789012345678\n0.1234567890123456\n-Inf\nnan\n",
    ];
    const bad = texts.flatMap((t) => same(t, [1, 2, 3, 7, 13, 1 << 20]));
    const typed = [
      { text: "x,g\n1,a\n2,\n3,b\n", schema: { columns: [{ name: "g", type: "factor", levels: ["a", "b"] }] } },
      { text: "x,g\n1,a\n2,c\nz,d\n", schema: { columns: [{ name: "x", type: "numeric" }, { name: "g", type: "factor", levels: ["a", "b"] }] } },
      { text: "x,g\n1,a\n2.5,c\n", schema: { columns: [{ name: "x", type: "integer" }, { name: "g", type: "character" }] } },
      { text: "x,g\n1,T\n2,no\n", schema: { columns: [{ name: "g", type: "logical" }] } },
      { text: "x,g\n1,T\n2,no\n", schema: { columns: [{ name: "h", type: "logical" }] } },
      { text: "x,g\n1,T\n2,no,3\n", schema: { columns: [{ name: "g", type: "logical" }] } },
    ];
    for (const { text, schema } of typed) bad.push(...same(text, [1, 7], validateSchema(schema, "t")));
    expect(bad).toEqual([]);
  });

  it("on 600 seeded fuzz texts, without and with a schema, in 7-byte chunks", () => {
    const SEED = 0xc5f0001;
    const bad: string[] = [];
    for (let k = 0; k < 600; k++) {
      const { text, source } = fuzzCsv(SEED + k, sources);
      bad.push(...same(text, [7]));
      if (source !== null) bad.push(...same(text, [7], schemas.get(source)));
      let header = ["x", "y"];
      try {
        header = parseCsv(text).names.slice();
      } catch {
        // keep the default names
      }
      let fuzzed: Schema | null = null;
      try {
        fuzzed = validateSchema(fuzzSchema(SEED + k, header), "fuzz");
      } catch {
        // an invalid schema never reaches the reader (readCsv validates it first)
      }
      if (fuzzed !== null) bad.push(...same(text, [7], fuzzed));
    }
    expect(bad).toEqual([]);
  });
});

describe("readCsv streams a file", () => {
  it("equals parseCsv on a 1.6 MB file whose first column turns textual after 70,000 rows (second pass over several chunks and blocks)", () => {
    const dir = mkdtempSync(join(tmpdir(), "lme4ts-stream-"));
    try {
      const rows = Array.from({ length: 75_000 }, (_, i) => `${i === 70_000 ? "n/a" : (i * 0.37).toFixed(3)},g${i % 977},"q ${i % 5}"`);
      const text = "x,g,q\r\n" + rows.join("\r\n") + "\r\n";
      const path = join(dir, "big.csv");
      writeFileSync(path, text);
      const got = readCsv(path);
      expect(got.columns.get("x")?.kind).toBe("factor");
      const want = parseCsv(text, { source: JSON.stringify(path) });
      // whole-array comparisons by bytes (toEqual on 10^5-element pictures is slow)
      const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      expect(got.names).toEqual(want.names);
      for (const n of want.names) {
        const [a, b] = [got.columns.get(n) as Column, want.columns.get(n) as Column];
        expect(a.kind).toBe(b.kind);
        if (a.kind === "factor" && b.kind === "factor") {
          expect(a.levels).toEqual(b.levels);
          expect(bytes(a.codes).equals(bytes(b.codes))).toBe(true);
        } else if (a.kind === "numeric" && b.kind === "numeric") expect(bytes(a.values).equals(bytes(b.values))).toBe(true);
      }
      expect(bytes(got.origin!.lines).equals(bytes(want.origin!.lines))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
