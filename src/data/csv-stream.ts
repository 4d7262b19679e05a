/**
 * The streaming CSV tokenizer behind `readCsv`: reads bytes in chunks from a `ByteSource` and
 * hands each record's fields to a callback as byte spans of a reusable buffer, so that a file is
 * never held as one string, nor as an array of rows or of field strings (issue 17: a 5 GB CSV
 * must not need 5 GB of JS strings).
 *
 * The grammar is exactly `splitCsv`'s in csv.ts (the string reader `parseCsv` uses), rule by
 * rule and error by error: `"` quoting with `""` for a quote, records ending at LF, CRLF or CR,
 * blank lines skipped, a leading BOM ignored, text after a closing quote kept, the runaway-quote
 * and field-count errors naming the same lines. Delimiters are ASCII, and bytes of a multi-byte
 * UTF-8 character are all ≥ 0x80, so scanning bytes finds the same delimiters as scanning the
 * decoded text; a field's text is decoded from its bytes only when a consumer asks for it.
 *
 * Chunk boundaries: a record is tokenized only when it is complete in the buffer; when the buffer
 * ends inside a record (inside a quoted cell, between CR and LF, inside a UTF-8 character), the
 * record is re-tokenized from its start after the next read (the unconsumed tail is moved to
 * the front, and the buffer doubles when one record fills it). Tokenizing a record has no side
 * effect until it is complete, so a restart costs only the re-scan of one record.
 */
import { Buffer } from "node:buffer";
import { csvEmpty, csvFieldCount, csvRunawayQuote, csvUnterminatedQuote } from "../messages/data.js";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Where bytes come from: fills `buf[offset, offset + length)` and returns the count, 0 at the end. */
export type ByteSource = (buf: Uint8Array, offset: number, length: number) => number;

/** A source serving `bytes` from the start (in-memory data; tests). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let at = 0;
  return (buf, offset, length) => {
    const n = Math.min(length, bytes.length - at);
    buf.set(bytes.subarray(at, at + n), offset);
    at += n;
    return n;
  };
}

/**
 * One record's fields. Field `k` is the bytes `buf[start[k], end[k])` of `buf`, or, when
 * `text[k]` is not null (a quoted field, unescaped), that string. Valid only during the callback.
 */
export interface RecordFields {
  buf: Buffer;
  count: number;
  start: Int32Array;
  end: Int32Array;
  text: (string | null)[];
  /** The 1-based line on which the record starts. */
  line: number;
}


/** The text of field `k` of `r` (decoded from UTF-8 as `readFileSync(path, "utf8")` does). */
export function fieldText(r: RecordFields, k: number): string {
  const t = r.text[k];
  return t !== null ? t : r.buf.toString("utf8", r.start[k], r.end[k]);
}

/** Options of `streamCsv`. */
export interface StreamOptions {
  /** Bytes asked of the source per read (default 1 MiB); tests use tiny values. */
  readonly chunkSize?: number;
  /** Stop after this many data records (a second pass that needs only the first rows). */
  readonly maxRecords?: number;
}

/** The first comma, LF or CR at or after `p` (before `len`), else `len`. */
function fieldEnd(b: Uint8Array, p: number, len: number): number {
  while (p < len) {
    const c = b[p];
    if (c === COMMA || c === LF || c === CR) return p;
    p++;
  }
  return len;
}

const NEED_MORE = -1;
const END = -2;

class Tokenizer {
  buf: Buffer;
  len = 0; // valid bytes
  eof = false;
  line = 1;
  ncol = -1; // unknown until the header is read
  readonly rec: RecordFields;
  private header: string[] = [];

  constructor(
    private readonly read: ByteSource,
    private readonly chunk: number,
    private readonly source: string,
  ) {
    this.buf = Buffer.alloc(Math.max(chunk, 16));
    this.rec = { buf: this.buf, count: 0, start: new Int32Array(16), end: new Int32Array(16), text: [], line: 1 };
  }

  /** Moves the bytes from `from` to the front and reads one chunk more (growing the buffer when full). */
  fill(from: number): void {
    if (from > 0) {
      this.buf.copyWithin(0, from, this.len);
      this.len -= from;
    }
    if (this.buf.length - this.len < this.chunk) {
      const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.len + this.chunk));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
      this.rec.buf = bigger;
    }
    const want = Math.min(this.chunk, this.buf.length - this.len);
    const got = this.read(this.buf, this.len, want);
    if (got <= 0) this.eof = true;
    else this.len += got;
  }

  private push(k: number, s: number, e: number, text: string | null): void {
    const r = this.rec;
    if (k >= r.start.length) {
      const n = r.start.length * 2;
      const s2 = new Int32Array(n);
      const e2 = new Int32Array(n);
      s2.set(r.start);
      e2.set(r.end);
      r.start = s2;
      r.end = e2;
    }
    r.start[k] = s;
    r.end[k] = e;
    r.text[k] = text;
    r.count = k + 1;
  }

  /**
   * Skips blank lines at `pos`, then tokenizes one record into `rec`; returns the position after
   * it, END at the end of the data, or NEED_MORE when the record is not complete in the buffer.
   * `line` is advanced only for what was consumed (restarts re-count).
   */
  next(pos: number): number {
    const b = this.buf;
    const len = this.len;
    const eof = this.eof;
    let line = this.line;
    // blank lines
    for (;;) {
      if (pos >= len) {
        if (!eof) return NEED_MORE;
        this.line = line;
        return END;
      }
      const c0 = b[pos];
      if (c0 !== LF && c0 !== CR) break;
      if (c0 === CR && pos + 1 >= len && !eof) return NEED_MORE;
      pos += c0 === CR && pos + 1 < len && b[pos + 1] === LF ? 2 : 1;
      line++;
      this.line = line; // a skipped blank line is consumed
      this.skipped = pos;
    }
    const recordLine = line;
    let quotedFrom: number | undefined;
    let col = 0;
    const dataRecord = this.ncol >= 0;
    for (;;) {
      // one field at pos
      if (pos < len && b[pos] === QUOTE) {
        const fieldLine = line;
        let start = pos + 1;
        let acc = "";
        let q: number;
        for (;;) {
          q = b.indexOf(QUOTE, start);
          if (q < 0 || q >= len) {
            if (!eof) return NEED_MORE;
            csvUnterminatedQuote(fieldLine, this.source);
          }
          if (q + 1 >= len && !eof) return NEED_MORE;
          if (q + 1 < len && b[q + 1] === QUOTE) {
            acc += b.toString("utf8", start, q + 1);
            start = q + 2;
            continue;
          }
          acc += b.toString("utf8", start, q);
          break;
        }
        pos = q + 1;
        const p = fieldEnd(b, pos, len);
        if (p >= len && !eof) return NEED_MORE;
        if (acc.indexOf("\n") >= 0) {
          for (let i = acc.indexOf("\n"); i >= 0; i = acc.indexOf("\n", i + 1)) line++;
          quotedFrom ??= fieldLine;
          if (p > pos) {
            const after = b.toString("utf8", pos, p);
            if (after.trim() !== "") csvRunawayQuote(fieldLine, line, after, this.source);
          }
        }
        if (p > pos) acc += b.toString("utf8", pos, p);
        pos = p;
        this.push(col, 0, 0, acc);
      } else {
        const p = fieldEnd(b, pos, len);
        if (p >= len && !eof) return NEED_MORE;
        this.push(col, pos, p, null);
        pos = p;
      }
      if (dataRecord && col >= this.ncol) csvFieldCount(recordLine, col + 1, this.ncol, this.source, quotedFrom);
      const c = pos < len ? b[pos] : -1;
      if (c === COMMA) {
        pos++;
        col++;
        if (pos < len) continue;
        if (!eof) return NEED_MORE;
        // trailing comma at the end of the data: one more empty field
        this.push(col, pos, pos, null);
        if (dataRecord && col >= this.ncol) csvFieldCount(recordLine, col + 1, this.ncol, this.source, quotedFrom);
      } else if (c === CR) {
        if (pos + 1 >= len && !eof) return NEED_MORE;
        pos += pos + 1 < len && b[pos + 1] === LF ? 2 : 1;
      } else if (c === LF) {
        pos++;
      }
      break;
    }
    line++;
    if (dataRecord && col + 1 !== this.ncol) csvFieldCount(recordLine, col + 1, this.ncol, this.source, quotedFrom);
    this.line = line;
    this.rec.line = recordLine;
    return pos;
  }

  /** Position after the blank lines consumed by the last `next` (for a restart). */
  skipped = 0;

  setHeader(): string[] {
    const r = this.rec;
    for (let k = 0; k < r.count; k++) this.header.push(fieldText(r, k));
    this.ncol = r.count;
    return this.header;
  }
}

/**
 * Streams the CSV bytes of `read` through the tokenizer: `onHeader` gets the header's names once,
 * then `onRecord` each data record (its fields and the data row index, 0-based) in file order.
 * Structural errors (a wrong field count, an unclosed quote, a runaway quote, an empty file)
 * are thrown as `splitCsv` throws them, naming `source`. Returns the number of data records.
 */
export function streamCsv(
  read: ByteSource,
  source: string,
  onHeader: (names: string[]) => void,
  onRecord: (fields: RecordFields, row: number) => void,
  opts: StreamOptions = {},
): number {
  const t = new Tokenizer(read, opts.chunkSize ?? 1 << 20, source);
  const maxRecords = opts.maxRecords ?? Infinity;
  // the BOM: U+FEFF is EF BB BF in UTF-8
  while (t.len < 3 && !t.eof) t.fill(0);
  let pos = t.len >= 3 && t.buf[0] === 0xef && t.buf[1] === 0xbb && t.buf[2] === 0xbf ? 3 : 0;
  let rows = 0;
  let header = false;
  while (rows < maxRecords) {
    t.skipped = pos;
    const next = t.next(pos);
    if (next === NEED_MORE) {
      pos = t.skipped;
      t.fill(pos);
      pos = 0;
      continue;
    }
    if (next === END) break;
    pos = next;
    if (!header) {
      onHeader(t.setHeader());
      header = true;
    } else onRecord(t.rec, rows++);
  }
  if (!header) csvEmpty(source);
  return rows;
}
