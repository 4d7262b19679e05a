/**
 * Frames: construction from every accepted input, column look-up, row subsets, complete cases.
 */
import type { Column, DataInput, Frame, Schema, SchemaColumn } from "./types.js";
import { columnFromValues } from "./column.js";
import { closestName } from "./rformat.js";
import {
  badColumnValues,
  badDataInput,
  badRecord,
  duplicateColumn,
  missingColumn,
  rowOutOfRange,
  schemaColumnMissing,
  showValue,
  unequalLengths,
} from "../messages/data.js";
import { checkOptions, object } from "../validate/index.js";

/**
 * Assemble a Frame from columns (kept as given, not copied). All columns must have the same
 * length (error naming the first column and the offender) and distinct names.
 */
export function makeFrame(columns: readonly Column[]): Frame {
  const map = new Map<string, Column>();
  let nrow = 0;
  columns.forEach((c, k) => {
    const len = c.kind === "numeric" ? c.values.length : c.codes.length;
    if (k === 0) nrow = len;
    else if (len !== nrow) unequalLengths(columns[0].name, nrow, c.name, len);
    if (map.has(c.name)) duplicateColumn(c.name);
    map.set(c.name, c);
  });
  return { nrow, names: columns.map((c) => c.name), columns: map };
}

/**
 * A new Frame with `columns` added (or replacing same-named ones, in place of the old
 * column); the input is not modified. Lengths must equal `frame.nrow`.
 */
export function withColumns(frame: Frame, columns: readonly Column[]): Frame {
  const replaced = new Map(columns.map((c) => [c.name, c] as const));
  const out: Column[] = frame.names.map((n) => replaced.get(n) ?? (frame.columns.get(n) as Column));
  for (const c of columns) if (!frame.columns.has(c.name)) out.push(c);
  return makeFrame(out);
}

/** True for a value built by this module (or shaped exactly like one). */
export function isFrame(x: unknown): x is Frame {
  if (typeof x !== "object" || x === null) return false;
  const f = x as { nrow?: unknown; names?: unknown; columns?: unknown };
  return typeof f.nrow === "number" && Array.isArray(f.names) && f.columns instanceof Map;
}

interface DanfoLike {
  columns: readonly string[];
  column?: (name: string) => { values: ArrayLike<unknown> };
  $data?: unknown;
  values?: unknown;
}

/** What kind of input a data argument is (results are labelled like the input: statsmodels' wrapper pattern). */
export type InputKind = "records" | "frame" | "dataframe" | "columns";

/** Classifies a data input without converting it. */
export function inputKind(input: DataInput): InputKind {
  if (Array.isArray(input)) return "records";
  if (typeof input === "object" && input !== null) {
    if (isFrame(input)) return "frame";
    if (isDanfoLike(input)) return "dataframe";
  }
  return "columns";
}

function isDanfoLike(x: object): x is DanfoLike {
  const d = x as { columns?: unknown; column?: unknown; $data?: unknown; values?: unknown };
  if (!Array.isArray(d.columns) || !d.columns.every((c) => typeof c === "string")) return false;
  if (typeof d.column === "function") return true;
  const rows = Array.isArray(d.$data) ? d.$data : d.values;
  return Array.isArray(rows) && rows.every((r) => Array.isArray(r));
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  if (Array.isArray(v)) return true;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return true;
  return false;
}

function fromColumns(names: readonly string[], get: (name: string, k: number) => unknown, schema?: Schema): Frame {
  const bySchema = schemaMap(schema, names);
  const raw: { name: string; values: ArrayLike<unknown> }[] = names.map((n, k) => {
    const v = get(n, k);
    if (!isArrayLike(v)) badColumnValues(n, v);
    return { name: n, values: v };
  });
  for (let k = 1; k < raw.length; k++) {
    if (raw[k].values.length !== raw[0].values.length) {
      unequalLengths(raw[0].name, raw[0].values.length, raw[k].name, raw[k].values.length);
    }
  }
  return makeFrame(raw.map((r) => columnFromValues(r.name, r.values, bySchema.get(r.name))));
}

function schemaMap(schema: Schema | undefined, names: readonly string[]): Map<string, SchemaColumn> {
  const m = new Map<string, SchemaColumn>();
  if (schema === undefined) return m;
  const present = new Set(names);
  for (const c of schema.columns) {
    if (!present.has(c.name)) schemaColumnMissing(c.name, names);
    m.set(c.name, c);
  }
  return m;
}

function fromRecords(records: readonly unknown[], schema?: Schema): Frame {
  const index = new Map<string, number>();
  const names: string[] = [];
  records.forEach((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) badRecord(i, r);
    for (const key of Object.keys(r)) {
      if (!index.has(key)) {
        index.set(key, names.length);
        names.push(key);
      }
    }
  });
  const n = records.length;
  const cols: unknown[][] = names.map(() => new Array<unknown>(n));
  for (let i = 0; i < n; i++) {
    const r = records[i] as Record<string, unknown>;
    for (let k = 0; k < names.length; k++) cols[k][i] = r[names[k]];
  }
  return fromColumns(names, (_n, k) => cols[k], schema);
}

function fromDanfo(df: DanfoLike, schema?: Schema): Frame {
  const names = df.columns.slice();
  if (typeof df.column === "function") {
    const column = df.column.bind(df);
    return fromColumns(names, (n) => {
      const s = column(n) as { values?: unknown } | undefined;
      return s?.values;
    }, schema);
  }
  const rows = (Array.isArray(df.$data) ? df.$data : df.values) as unknown[][];
  return fromColumns(names, (_n, k) => rows.map((r) => r[k]), schema);
}

/**
 * Convert any accepted input into a Frame:
 * - an array of records (columns = union of keys in first-seen order; absent keys missing);
 * - a column object `{ Reaction: number[] | Float64Array, Subject: string[] }`;
 * - a danfo-like DataFrame, duck-typed: `columns: string[]` with `column(name).values`, or with
 *   `$data` / `values` row arrays (danfo is never imported);
 * - a Frame, returned as is (the schema is then ignored).
 * Column typing follows `columnFromValues` (numbers numeric, strings/booleans factors, mixed
 * types an error naming column and row); `opts.schema` fixes types, levels and orderedness of
 * the columns it describes and must not describe absent columns. Unequal column lengths are an
 * error naming both columns and their lengths.
 */
export function toFrame(input: DataInput, opts: { schema?: Schema } = {}): Frame {
  checkOptions("toFrame", opts, { schema: object });
  const schema = opts.schema;
  if (Array.isArray(input)) return fromRecords(input, schema);
  if (typeof input !== "object" || input === null) badDataInput(showValue(input));
  if (isFrame(input)) return input;
  if (isDanfoLike(input)) return fromDanfo(input, schema);
  const obj = input as Readonly<Record<string, unknown>>;
  const names = Object.keys(obj);
  return fromColumns(names, (n) => obj[n], schema);
}

/**
 * Row `row` (0-based) as messages name it: "row 5", and for a frame read from a CSV file
 * `row 5 (line 6 of "sleep.csv")` (the line where that record starts).
 */
export function rowLabel(frame: Pick<Frame, "origin">, row: number): string {
  const o = frame.origin;
  return o !== undefined && row >= 0 && row < o.lines.length ? `row ${row + 1} (line ${o.lines[row]} of ${o.source})` : `row ${row + 1}`;
}

/**
 * The column `name`, or an LmeError("data") naming it, listing the available columns and
 * suggesting a close match (same name up to case, or a small edit distance).
 */
export function getColumn(frame: Frame, name: string): Column {
  const c = frame.columns.get(name);
  if (c === undefined) missingColumn(name, frame.names, closestName(name, frame.names));
  return c;
}

/**
 * The rows `rows` (0-based, in the given order, repeats allowed) of every column. Factor
 * levels are all kept (use `dropUnusedLevels` to drop the unused ones).
 */
export function subsetRows(frame: Frame, rows: Int32Array): Frame {
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] < 0 || rows[i] >= frame.nrow) rowOutOfRange(rows[i], frame.nrow);
  }
  const cols: Column[] = frame.names.map((n) => {
    const c = frame.columns.get(n) as Column;
    if (c.kind === "numeric") {
      const v = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) v[i] = c.values[rows[i]];
      return { kind: "numeric", name: c.name, values: v };
    }
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = c.codes[rows[i]];
    return { kind: "factor", name: c.name, codes, levels: c.levels, ordered: c.ordered };
  });
  const f = makeFrame(cols);
  return cols.length === 0 ? { ...f, nrow: rows.length } : f;
}

/**
 * Indices (ascending) of the rows with no missing value (NaN / code -1) in any of the columns
 * `names` (R's `complete.cases` on those columns). Unknown names are an error (`getColumn`).
 */
export function completeCases(frame: Frame, names: readonly string[]): Int32Array {
  const cols = names.map((n) => getColumn(frame, n));
  const keep = new Uint8Array(frame.nrow).fill(1);
  for (const c of cols) {
    if (c.kind === "numeric") {
      for (let i = 0; i < frame.nrow; i++) if (Number.isNaN(c.values[i])) keep[i] = 0;
    } else {
      for (let i = 0; i < frame.nrow; i++) if (c.codes[i] < 0) keep[i] = 0;
    }
  }
  let m = 0;
  for (let i = 0; i < frame.nrow; i++) m += keep[i];
  const out = new Int32Array(m);
  for (let i = 0, j = 0; i < frame.nrow; i++) if (keep[i]) out[j++] = i;
  return out;
}
