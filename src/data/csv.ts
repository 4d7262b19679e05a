/**
 * CSV intake: an RFC 4180 reader (single pass over the string, no regular expressions) and
 * the `.schema.json` files that carry column types and R's factor levels.
 */
import { Buffer } from "node:buffer";
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { bytesSource, type ByteSource } from "./csv-stream.js";
import { readCsvStream } from "./csv-read.js";
import type { Column, Frame, Schema, SchemaColumn } from "./types.js";
import { columnFromFields } from "./column.js";
import { csvTextNotString } from "../messages/args.js";
import { makeFrame, rowLabel } from "./frame.js";
import {
  badSchema,
  cannotRead,
  csvEmpty,
  csvFieldCount,
  csvRunawayQuote,
  csvUnterminatedQuote,
  duplicateColumn,
  schemaColumnMissing,
  type CellWhere,
} from "../messages/data.js";
import { checkOptions, object, str } from "../validate/index.js";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

interface RawTable {
  readonly header: string[];
  readonly fields: string[][];
  /** The line (1-based) on which each data record starts. */
  readonly lines: number[];
}

function countLines(s: string): number {
  let k = 0;
  for (let p = s.indexOf("\n"); p >= 0; p = s.indexOf("\n", p + 1)) k++;
  return k;
}

/**
 * Split CSV text into a header and per-column field arrays. Fields may be quoted with `"`
 * (a doubled `""` inside is a literal quote; commas and newlines inside are data); records end
 * at LF or CRLF; blank lines are skipped (as R's `blank.lines.skip`); a leading BOM is ignored.
 * Text between a closing quote and the next delimiter is kept (`"a"b` is `ab`, as in R), except
 * after a quoted field that spans lines: text other than white space there is the mark of a
 * missing closing quote swallowing rows (R reads such files into garbage without an error), so it
 * is an error naming the line where the quote opened. A record with the wrong number of fields, or a quote never closed, is an error naming
 * its line.
 */
function splitCsv(text: string, source: string): RawTable {
  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let header: string[] | null = null;
  let fields: string[][] = [];
  let ncol = 0;
  let record: string[] = []; // header only
  let col = 0;
  let recordLine = 1;
  /** Line where a quoted field of the current record that spans lines began (for hints). */
  let quotedFrom: number | undefined;
  const lines: number[] = [];

  while (pos < len) {
    // at the start of a field
    if (col === 0) {
      const c0 = text.charCodeAt(pos);
      if (c0 === LF || c0 === CR) {
        pos += c0 === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        continue;
      }
      recordLine = line;
    }
    let field: string;
    if (text.charCodeAt(pos) === QUOTE) {
      const fieldLine = line;
      let start = pos + 1;
      let acc = "";
      for (;;) {
        const q = text.indexOf('"', start);
        if (q < 0) csvUnterminatedQuote(fieldLine, source);
        if (text.charCodeAt(q + 1) === QUOTE) {
          acc += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        acc += text.slice(start, q);
        pos = q + 1;
        break;
      }
      // lenient: characters between the closing quote and the delimiter are kept
      let p = pos;
      while (p < len) {
        const c = text.charCodeAt(p);
        if (c === COMMA || c === LF || c === CR) break;
        p++;
      }
      const spans = acc.indexOf("\n") >= 0;
      if (spans) {
        line += countLines(acc);
        quotedFrom ??= fieldLine;
        if (p > pos && text.slice(pos, p).trim() !== "") csvRunawayQuote(fieldLine, line, text.slice(pos, p), source);
      }
      if (p > pos) acc += text.slice(pos, p);
      pos = p;
      field = acc;
    } else {
      let p = pos;
      while (p < len) {
        const c = text.charCodeAt(p);
        if (c === COMMA || c === LF || c === CR) break;
        p++;
      }
      field = text.slice(pos, p);
      pos = p;
    }

    if (header === null) record.push(field);
    else {
      if (col >= ncol) csvFieldCount(recordLine, col + 1, ncol, source, quotedFrom);
      fields[col].push(field);
    }

    const c = pos < len ? text.charCodeAt(pos) : -1;
    if (c === COMMA) {
      pos++;
      col++;
      if (pos < len) continue;
      // trailing comma at end of text: one more empty field
      if (header === null) record.push("");
      else {
        if (col >= ncol) csvFieldCount(recordLine, col + 1, ncol, source, quotedFrom);
        fields[col].push("");
      }
    } else if (c === CR) {
      pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
    } else if (c === LF) {
      pos++;
    }
    // end of record
    line++;
    if (header === null) {
      header = record;
      ncol = header.length;
      fields = header.map(() => []);
    } else {
      if (col + 1 !== ncol) csvFieldCount(recordLine, col + 1, ncol, source, quotedFrom);
      lines.push(recordLine);
    }
    col = 0;
    quotedFrom = undefined;
  }
  if (header === null) csvEmpty(source);
  return { header, fields, lines };
}

/** Check a parsed JSON value against the `Schema` shape; returns it typed. */
export function validateSchema(raw: unknown, where: string): Schema {
  if (typeof raw !== "object" || raw === null || !Array.isArray((raw as { columns?: unknown }).columns)) {
    badSchema(where, 'expected an object with a "columns" array');
  }
  const obj = raw as { name?: unknown; nrow?: unknown; columns: unknown[] };
  const types = new Set(["numeric", "integer", "factor", "logical", "character"]);
  const names = new Set<string>();
  const columns: SchemaColumn[] = obj.columns.map((c, k) => {
    if (typeof c !== "object" || c === null) badSchema(where, `column ${k + 1} is not an object`);
    const col = c as { name?: unknown; type?: unknown; levels?: unknown; ordered?: unknown };
    if (typeof col.name !== "string") badSchema(where, `column ${k + 1} has no string "name"`);
    if (names.has(col.name)) badSchema(where, `column "${col.name}" is described twice`);
    names.add(col.name);
    if (typeof col.type !== "string" || !types.has(col.type)) {
      badSchema(where, `column "${col.name}" has type ${JSON.stringify(col.type)}; use numeric, integer, factor, logical or character`);
    }
    let levels: string[] | undefined;
    if (col.levels !== undefined && col.levels !== null) {
      if (!Array.isArray(col.levels) || col.levels.some((l) => typeof l !== "string")) {
        badSchema(where, `column "${col.name}" has "levels" that are not an array of strings`);
      }
      levels = (col.levels as string[]).slice();
      if (new Set(levels).size !== levels.length) badSchema(where, `column "${col.name}" repeats a level`);
    }
    if (col.ordered !== undefined && typeof col.ordered !== "boolean") {
      badSchema(where, `column "${col.name}" has a non-boolean "ordered"`);
    }
    return {
      name: col.name,
      type: col.type as SchemaColumn["type"],
      ...(levels !== undefined ? { levels } : {}),
      ...(col.ordered !== undefined ? { ordered: col.ordered as boolean } : {}),
    };
  });
  return {
    ...(typeof obj.name === "string" ? { name: obj.name } : {}),
    ...(typeof obj.nrow === "number" ? { nrow: obj.nrow } : {}),
    columns,
  };
}

/** Options of `parseCsv`. */
export interface ParseCsvOptions {
  /** Column types and levels (see `Schema`). */
  readonly schema?: Schema;
  /** Names the text in errors, e.g. `"data/sleep.csv"` (default "the CSV text"). */
  readonly source?: string;
  /** Names the schema in errors, e.g. `"data/sleep.schema.json"` (default "the schema"). */
  readonly schemaSource?: string;
}

/**
 * Parse CSV text into a Frame, typing cells as R's `read.csv` does (see `columnFromFields`):
 * a column is numeric when every cell is a number, `NA`, `NaN`, ±`Inf` or blank (quotes are no
 * type hint), logical for T/F/TRUE/FALSE, else a factor with levels in R's string order. The
 * first record is the header. With a schema, each column it describes gets the schema's type
 * and levels (a schema column absent from the header is an error; header columns the schema
 * does not describe are typed as without a schema). Errors about a cell name the column, the
 * data row and the line of `source`, and the schema by `schemaSource`; the frame's `origin`
 * keeps the line of every row so that later errors (a non-finite value in a model variable)
 * can name it too.
 */
export function parseCsv(text: string, opts: ParseCsvOptions = {}): Frame {
  if (typeof text !== "string") throw csvTextNotString(text);
  checkOptions("parseCsv", opts, { schema: object, source: str, schemaSource: str });
  const source = opts.source ?? "the CSV text";
  const { header, fields, lines } = splitCsv(text, source);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) duplicateColumn(h);
    seen.add(h);
  }
  const bySchema = new Map<string, SchemaColumn>();
  if (opts.schema !== undefined) {
    const where = opts.schemaSource !== undefined ? `in ${opts.schemaSource}` : "passed to parseCsv";
    const schema = validateSchema(opts.schema, where);
    for (const c of schema.columns) {
      if (!seen.has(c.name)) schemaColumnMissing(c.name, header, opts.schemaSource);
      bySchema.set(c.name, c);
    }
  }
  const origin = { source, lines: Int32Array.from(lines) };
  const where: CellWhere = {
    rowText: (i) => rowLabel({ origin }, i),
    ...(opts.schemaSource !== undefined ? { schemaSource: opts.schemaSource } : {}),
  };
  const cols: Column[] = header.map((h, k) => columnFromFields(h, fields[k], bySchema.get(h), where));
  const frame = makeFrame(cols);
  return { ...frame, nrow: lines.length, origin };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    return cannotRead(path, (e as Error).message);
  }
}

/** Read and validate a `.schema.json` file (see `Schema`); errors name the file. */
export function readSchema(path: string): Schema {
  return readSchemaNamed(path, JSON.stringify(path));
}

function readSchemaNamed(path: string, name: string): Schema {
  const text = readText(path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return badSchema(`in ${name}`, `not valid JSON (${(e as Error).message})`);
  }
  return validateSchema(raw, `in ${name}`);
}

/** The schema file that accompanies a CSV: `name.csv` → `name.schema.json` in the same folder. */
export function schemaPathFor(csvPath: string): string {
  const base = /\.csv$/i.test(csvPath) ? csvPath.slice(0, -4) : csvPath;
  return base + ".schema.json";
}

/**
 * Byte sources reading `path` from its start, each on its own descriptor (`fs.readSync`); read
 * errors name the file; `close` closes every descriptor opened. A path that is not a regular file
 * (a pipe such as /dev/stdin cannot be read twice) is read once into a Buffer of its bytes.
 */
function fileSources(path: string): { open: () => ByteSource; close: () => void } {
  const fds: number[] = [];
  let bytes: Uint8Array | null = null;
  const fail = (e: unknown): never => cannotRead(path, (e as Error).message);
  const open = (): ByteSource => {
    if (bytes !== null) return bytesSource(bytes);
    let fd: number;
    try {
      fd = openSync(path, "r");
      fds.push(fd);
      if (fds.length === 1 && !fstatSync(fd).isFile()) {
        bytes = readFileSync(fd);
        return bytesSource(bytes);
      }
    } catch (e) {
      return fail(e);
    }
    let at = 0;
    return (buf, offset, length) => {
      try {
        const got = readSync(fd, buf, offset, length, at);
        at += got;
        return got;
      } catch (e) {
        return fail(e);
      }
    };
  };
  const close = () => {
    for (const fd of fds) closeSync(fd);
    fds.length = 0;
  };
  return { open, close };
}

/**
 * Read a CSV file into a Frame: the same Frame, and the same errors, as `parseCsv` on the file's
 * text, but streamed (csv-read.ts): the file is read in 1 MiB chunks into typed columns, never
 * held as one string nor as rows of strings. The schema is read from `schemaPath` when given,
 * else from `<same-name>.schema.json` beside the CSV when that file exists; every schema error
 * names the schema file, and says it was found beside the CSV when it was not asked for.
 */
export function readCsv(path: string, schemaPath?: string): Frame {
  const { open, close } = fileSources(path);
  try {
    const first = open(); // a file that cannot be read is reported before its schema
    first(Buffer.alloc(1), 0, 1);
    return readCsvFile(path, schemaPath, open);
  } finally {
    close();
  }
}

function readCsvFile(path: string, schemaPath: string | undefined, open: () => ByteSource): Frame {
  const sp = schemaPath ?? schemaPathFor(path);
  const auto = schemaPath === undefined;
  const source = JSON.stringify(path);
  if (auto && !existsSync(sp)) return readCsvStream(open, { source });
  const schemaSource = auto ? `${JSON.stringify(sp)} (read automatically: it sits beside ${JSON.stringify(path)})` : JSON.stringify(sp);
  const schema = readSchemaNamed(sp, schemaSource);
  return readCsvStream(open, { schema, source, schemaSource });
}
