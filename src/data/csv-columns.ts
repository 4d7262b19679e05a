/**
 * Column builders of the streaming CSV reader: each takes one column's fields record by record
 * and keeps only typed arrays that grow geometrically (Float64Array values, Int32Array factor
 * codes) and, for text, a Map of the distinct strings. The typing is `columnFromFields`'s, cell
 * for cell (csv.test.ts and csv-stream.test.ts compare the two readers).
 *
 * A column without a schema is numeric until a cell does not parse as R's number (`parseRNumber`).
 * From that row on it collects codes of distinct strings; the text of the rows before it, read
 * as numbers so far, is not kept: those rows are re-read in a second pass over the file that
 * stops at that row (`refillBelow`). A column of labels fails on its first cell and needs no
 * second pass; a numeric column that turns textual late costs one re-read of the file up to
 * that row (bytes, not memory).
 *
 * Errors about cells (a value not a number in a numeric schema column, not a level, ...) are
 * kept and thrown by `finish`, after the whole file has been read, so that a structural error
 * anywhere in the file comes first and the first cell error is the first in column order, as
 * with `parseCsv`.
 */
import type { Column, SchemaColumn } from "./types.js";
import { factorColumn, isBlank, LOGICAL_LEVELS, numericColumn, toLogicalForSchema, toNumberForSchema } from "./column.js";
import { compareR } from "./rformat.js";
import { parseRLogical, parseRNumber } from "./rnumber.js";
import { fieldText, type RecordFields } from "./csv-stream.js";
import { notALevel, type CellWhere } from "../messages/data.js";
import { LmeError } from "../messages/error.js";

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

/**
 * A column of numbers under construction, in blocks of 65,536 values (the first one grows from 256
 * by doubling): growing past the first block never copies, and
 * `done` copies the blocks once into an array of exactly the final length (so the peak is the
 * data plus one column, not twice each column as with doubling).
 */
class Blocks<A extends Float64Array | Int32Array> {
  private readonly blocks: A[] = [];
  private cur: A;
  private at = 0;
  n = 0;
  constructor(private readonly make: (n: number) => A) {
    this.cur = make(256);
    this.blocks.push(this.cur);
  }
  push(x: number): void {
    if (this.at === this.cur.length) {
      if (this.at < BLOCK) {
        // the first block doubles up to BLOCK values (small files stay small)
        const b = this.make(this.at * 2);
        b.set(this.cur);
        this.cur = this.blocks[0] = b;
      } else {
        this.cur = this.make(BLOCK);
        this.blocks.push(this.cur);
        this.at = 0;
      }
    }
    this.cur[this.at++] = x;
    this.n++;
  }
  /** Replaces the value of row `i` (< n). */
  set(i: number, x: number): void {
    this.blocks[i >>> BLOCK_BITS][i & (BLOCK - 1)] = x;
  }
  /** Appends `k` zeros. */
  skip(k: number): void {
    for (let i = 0; i < k; i++) this.push(0);
  }
  /** The values in one array of exactly their length; the blocks are released. */
  done(): A {
    const out = this.copy();
    this.blocks.length = 0;
    return out;
  }
  /** The values so far in one array of exactly their length. */
  copy(): A {
    const out = this.make(this.n);
    let o = 0;
    for (const b of this.blocks) {
      const m = Math.min(BLOCK, this.n - o);
      out.set(m === BLOCK ? b : b.subarray(0, m), o);
      o += m;
    }
    return out;
  }
}

/** Float64 blocks (see `Blocks`). */
class GrowF64 extends Blocks<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

/** Int32 blocks (see `Blocks`). */
export class GrowI32 extends Blocks<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The common cell `[+-]digits[.digits]` (at most 15 digits, no white space, no exponent) read
 * from bytes, or undefined for anything else (then `parseRNumber` decides). With an integer
 * mantissa m < 10^15 and a power of ten ≤ 10^15, both exact doubles, m / 10^k is one correctly
 * rounded division: the same double as `Number("m e-k")`, which is what `parseRNumber` returns.
 */
export function fastNumber(r: RecordFields, k: number): number | undefined {
  if (r.text[k] !== null) return undefined;
  const b = r.buf;
  let p = r.start[k];
  const e = r.end[k];
  let neg = false;
  if (p < e && (b[p] === 45 || b[p] === 43)) neg = b[p++] === 45;
  let m = 0;
  let nd = 0;
  let frac = -1;
  for (; p < e; p++) {
    const c = b[p];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      nd++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return undefined;
  }
  if (nd === 0 || nd > 15) return undefined;
  const v = frac > 0 ? m / POW10[frac] : m;
  return neg ? -v : v;
}

/** One column under construction. */
export interface ColumnBuilder {
  /** Takes field `k` of `r` as data row `row`. */
  add(r: RecordFields, k: number, row: number): void;
  /** Rows below this one must be given again to `refill` (a second pass); 0 when none. */
  readonly refillBelow: number;
  /** Second pass: field `k` of `r` as row `row` < `refillBelow`. */
  refill(r: RecordFields, k: number, row: number): void;
  /** The column; throws the first cell error of the column, if any. */
  finish(): Column;
}

/** Distinct strings → provisional codes; `"NA"` and cells `missing` says are −1. */
class Labels {
  readonly codes = new GrowI32();
  readonly index = new Map<string, number>();
  readonly keys: string[] = [];
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.keys.length;
      this.index.set(s, c);
      this.keys.push(s);
    }
    return c;
  }
  /** Codes remapped through `map` (provisional code → final, −1 stays −1). */
  remapped(map: Int32Array): Int32Array {
    const out = this.codes.done();
    for (let i = 0; i < out.length; i++) if (out[i] >= 0) out[i] = map[out[i]];
    return out;
  }
  /** Codes and levels with the distinct strings sorted as R sorts them (`compareR`). */
  sorted(): { codes: Int32Array; levels: string[] } {
    const keys = this.keys;
    const order = Array.from(keys, (_, k) => k).sort((a, b) => compareR(keys[a], keys[b]));
    const map = new Int32Array(keys.length);
    order.forEach((c, k) => (map[c] = k));
    return { codes: this.remapped(map), levels: order.map((c) => keys[c]) };
  }
}

/** A column without a schema: numeric, else logical, else a factor (see `columnFromFields`). */
class InferredColumn implements ColumnBuilder {
  private nums: GrowF64 | null = new GrowF64();
  private labels: Labels | null = null;
  refillBelow = 0;
  constructor(private readonly name: string) {}

  add(r: RecordFields, k: number, row: number): void {
    if (this.nums !== null) {
      const x = fastNumber(r, k);
      if (x !== undefined) return this.nums.push(x);
      const s = fieldText(r, k);
      const y = parseRNumber(s);
      if (y !== null) return this.nums.push(y);
      this.nums = null;
      this.labels = new Labels();
      this.labels.codes.skip(row);
      this.refillBelow = row;
      this.labels.codes.push(s === "NA" ? -1 : this.labels.code(s));
      return;
    }
    const s = fieldText(r, k);
    (this.labels as Labels).codes.push(s === "NA" ? -1 : (this.labels as Labels).code(s));
  }

  refill(r: RecordFields, k: number, row: number): void {
    const L = this.labels as Labels;
    const s = fieldText(r, k);
    L.codes.set(row, s === "NA" ? -1 : L.code(s));
  }

  finish(): Column {
    if (this.nums !== null) return numericColumn(this.name, this.nums.done());
    const L = this.labels as Labels;
    const logical = new Int32Array(L.keys.length);
    let isLogical = true;
    for (let c = 0; c < L.keys.length && isLogical; c++) {
      const s = L.keys[c];
      const b = isBlank(s) ? null : parseRLogical(s);
      if (b === null && !isBlank(s)) isLogical = false;
      else logical[c] = b === null ? -1 : b ? 1 : 0;
    }
    if (isLogical) return factorColumn(this.name, L.remapped(logical), LOGICAL_LEVELS.slice(), false);
    const { codes, levels } = L.sorted();
    return factorColumn(this.name, codes, levels, false);
  }
}

/** Keeps the first LmeError a cell raises; later cells of the column are not checked. */
abstract class CheckedColumn implements ColumnBuilder {
  protected error: LmeError | null = null;
  readonly refillBelow = 0;
  constructor(protected readonly name: string, protected readonly where: CellWhere) {}
  add(r: RecordFields, k: number, row: number): void {
    if (this.error !== null) return;
    try {
      this.take(r, k, row);
    } catch (e) {
      if (!(e instanceof LmeError)) throw e;
      this.error = e;
    }
  }
  refill(): void {}
  protected abstract take(r: RecordFields, k: number, row: number): void;
  protected abstract build(): Column;
  finish(): Column {
    if (this.error !== null) throw this.error;
    return this.build();
  }
}

class SchemaNumeric extends CheckedColumn {
  private readonly nums = new GrowF64();
  constructor(name: string, where: CellWhere, private readonly type: "numeric" | "integer") {
    super(name, where);
  }
  protected take(r: RecordFields, k: number, row: number): void {
    const x = this.type === "numeric" ? fastNumber(r, k) : undefined;
    this.nums.push(x !== undefined ? x : toNumberForSchema(this.name, this.type, fieldText(r, k), row, this.where));
  }
  protected build(): Column {
    return numericColumn(this.name, this.nums.done());
  }
}

class SchemaLogical extends CheckedColumn {
  private readonly codes = new GrowI32();
  protected take(r: RecordFields, k: number, row: number): void {
    this.codes.push(toLogicalForSchema(this.name, fieldText(r, k), row, this.where));
  }
  protected build(): Column {
    return factorColumn(this.name, this.codes.done(), LOGICAL_LEVELS.slice(), false);
  }
}

class SchemaFactor extends CheckedColumn {
  private readonly labels = new Labels();
  private readonly blankMissing: boolean;
  constructor(name: string, where: CellWhere, private readonly levels: readonly string[] | undefined, private readonly ordered: boolean) {
    super(name, where);
    this.blankMissing = levels !== undefined && !levels.includes("");
    if (levels !== undefined) for (const l of levels) this.labels.code(l);
  }
  protected take(r: RecordFields, k: number, row: number): void {
    const s = fieldText(r, k);
    if (s === "NA" || (this.blankMissing && isBlank(s))) return this.labels.codes.push(-1);
    const L = this.labels;
    if (this.levels !== undefined && !L.index.has(s)) notALevel(this.name, s, row, this.levels, this.where);
    L.codes.push(L.code(s));
  }
  protected build(): Column {
    if (this.levels !== undefined) return factorColumn(this.name, this.labels.codes.done(), this.levels.slice(), this.ordered);
    const { codes, levels } = this.labels.sorted();
    return factorColumn(this.name, codes, levels, this.ordered);
  }
}

/** A builder that keeps nothing (the header or schema is already known to be wrong). */
export const IGNORE: ColumnBuilder = {
  add() {},
  refillBelow: 0,
  refill() {},
  finish(): never {
    throw new Error("IGNORE.finish: unreachable (an earlier error is thrown first)");
  },
};

/** The builder of column `name`, typed by its schema column when there is one. */
export function columnBuilder(name: string, schema: SchemaColumn | undefined, where: CellWhere): ColumnBuilder {
  if (schema === undefined) return new InferredColumn(name);
  switch (schema.type) {
    case "numeric":
    case "integer":
      return new SchemaNumeric(name, where, schema.type);
    case "logical":
      return new SchemaLogical(name, where);
    case "factor":
    case "character":
      return new SchemaFactor(name, where, schema.levels, schema.type === "factor" && schema.ordered === true);
  }
}
