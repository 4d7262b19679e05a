/**
 * The streaming reading of a CSV into a Frame (what `readCsv` does with a file): the tokenizer
 * of csv-stream.ts feeds the column builders of csv-columns.ts, and a second pass over the
 * bytes fills the rows a late-textual column did not keep. Gives the same Frame, and throws the
 * same errors in the same order, as `parseCsv` on the decoded text: structural errors first,
 * then a duplicate column name, then the schema (invalid, or naming an absent column), then the
 * first cell error in column order.
 */
import type { Column, Frame, Schema, SchemaColumn } from "./types.js";
import { makeFrame, rowLabel } from "./frame.js";
import { streamCsv, type ByteSource } from "./csv-stream.js";
import { columnBuilder, GrowI32, IGNORE, type ColumnBuilder } from "./csv-columns.js";
import { duplicateColumn, schemaColumnMissing, type CellWhere } from "../messages/data.js";
import { LmeError } from "../messages/error.js";

/** Options of `readCsvStream`. */
export interface CsvStreamOptions {
  /** Names the bytes in errors (default "the CSV text"). */
  readonly source?: string;
  /** Column types and levels, already validated (see `validateSchema`). */
  readonly schema?: Schema;
  /** Names the schema in errors. */
  readonly schemaSource?: string;
  /** Bytes per read (default 1 MiB). */
  readonly chunkSize?: number;
}

/** The first of the header's errors parseCsv would throw (after any structural error), or null. */
function headerError(header: readonly string[], schema: Schema | undefined, schemaSource: string | undefined): LmeError | null {
  try {
    const seen = new Set<string>();
    for (const h of header) {
      if (seen.has(h)) duplicateColumn(h);
      seen.add(h);
    }
    for (const c of schema?.columns ?? []) if (!seen.has(c.name)) schemaColumnMissing(c.name, header, schemaSource);
    return null;
  } catch (e) {
    if (e instanceof LmeError) return e;
    throw e;
  }
}

/**
 * Reads CSV bytes into a Frame, streaming: `open()` returns a fresh source positioned at the
 * first byte (called once, and a second time only when a column that was numeric for its first
 * rows turns out textual, to re-read those rows' cells). Typing, levels, origin lines and
 * errors are `parseCsv`'s.
 */
export function readCsvStream(open: () => ByteSource, opts: CsvStreamOptions = {}): Frame {
  const source = opts.source ?? "the CSV text";
  const bySchema = new Map<string, SchemaColumn>((opts.schema?.columns ?? []).map((c) => [c.name, c]));
  const lines = new GrowI32();
  const origin = {
    source,
    get lines(): Int32Array {
      return lines.copy(); // only for an error message
    },
  };
  const where: CellWhere = {
    rowText: (i) => rowLabel({ origin }, i),
    ...(opts.schemaSource !== undefined ? { schemaSource: opts.schemaSource } : {}),
  };
  let builders: ColumnBuilder[] = [];
  let early: LmeError | null = null;
  const chunk = opts.chunkSize !== undefined ? { chunkSize: opts.chunkSize } : {};
  const nrow = streamCsv(
    open(),
    source,
    (header) => {
      early = headerError(header, opts.schema, opts.schemaSource);
      builders = header.map((h) => (early !== null ? IGNORE : columnBuilder(h, bySchema.get(h), where)));
    },
    (r, row) => {
      lines.push(r.line);
      for (let k = 0; k < builders.length; k++) builders[k].add(r, k, row);
    },
    chunk,
  );
  if (early !== null) throw early;
  const again = builders.filter((b) => b.refillBelow > 0);
  if (again.length > 0) {
    const upTo = Math.max(...again.map((b) => b.refillBelow));
    const ks = builders.map((b, k) => (b.refillBelow > 0 ? k : -1)).filter((k) => k >= 0);
    streamCsv(open(), source, () => {}, (r, row) => {
      for (const k of ks) if (row < builders[k].refillBelow) builders[k].refill(r, k, row);
    }, { ...chunk, maxRecords: upTo });
  }
  const cols: Column[] = builders.map((b) => b.finish());
  const frame = makeFrame(cols);
  return { ...frame, nrow, origin: { source, lines: lines.done() } };
}
