/**
 * Typing of one column of raw values into a `Column`, for JavaScript values (records, column
 * objects, danfo-like frames) and for CSV fields. The rules follow R's `data.frame` /
 * `read.csv` + `factor()` closely enough that factor levels, and hence contrasts and
 * coefficient names, come out as in R.
 */
import type { Column, FactorColumn, NumericColumn, SchemaColumn } from "./types.js";
import { compareR, rFormatNumber } from "./rformat.js";
import { parseRLogical, parseRNumber } from "./rnumber.js";
import {
  badSchemaValue,
  mixedTypes,
  notAnInteger,
  notALevel,
  unsupportedValue,
  type CellWhere,
} from "../messages/data.js";

/** The levels of a logical column, as R's `factor(c(FALSE, TRUE))`. */
export const LOGICAL_LEVELS: readonly string[] = ["FALSE", "TRUE"];

const LOGICAL_TEXT: ReadonlyMap<string, number> = new Map([
  ["TRUE", 1], ["T", 1], ["true", 1], ["True", 1],
  ["FALSE", 0], ["F", 0], ["false", 0], ["False", 0],
]);

/** A blank cell: ASCII white space only (R's `isBlankString`); missing in numeric and logical columns. */
export const isBlank = (s: string) => /^[ \t\n\v\f\r]*$/.test(s);

/** Build a numeric column (no copy of `values`). */
export function numericColumn(name: string, values: Float64Array): NumericColumn {
  return { kind: "numeric", name, values };
}

/** Build a factor column (no copy of `codes`). */
export function factorColumn(
  name: string,
  codes: Int32Array,
  levels: readonly string[],
  ordered = false,
): FactorColumn {
  return { kind: "factor", name, codes, levels, ordered };
}

/**
 * Encode labels as a factor. With `levels`, every non-missing label must be one of them
 * (error naming column, value and row otherwise); without, the levels are the distinct labels
 * in R's string order (`compareR`). `label(i)` returns null for a missing value; `where` names
 * rows and schema in the error.
 */
export function encodeLabels(
  name: string,
  n: number,
  label: (i: number) => string | null,
  levels: readonly string[] | undefined,
  ordered: boolean,
  where?: CellWhere,
): FactorColumn {
  const codes = new Int32Array(n);
  if (levels !== undefined) {
    const index = new Map<string, number>();
    levels.forEach((l, k) => index.set(l, k));
    for (let i = 0; i < n; i++) {
      const s = label(i);
      if (s === null) {
        codes[i] = -1;
        continue;
      }
      const k = index.get(s);
      if (k === undefined) notALevel(name, s, i, levels, where);
      codes[i] = k;
    }
    return factorColumn(name, codes, levels.slice(), ordered);
  }
  const seen = new Map<string, number>();
  const firstSeen: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = label(i);
    if (s === null) {
      codes[i] = -1;
      continue;
    }
    let k = seen.get(s);
    if (k === undefined) {
      k = firstSeen.length;
      seen.set(s, k);
      firstSeen.push(s);
    }
    codes[i] = k;
  }
  const sorted = firstSeen.slice().sort(compareR);
  return remapToOrder(name, codes, firstSeen, sorted, ordered);
}

/** Replace provisional codes (indices into `provisional`) by indices into `order`. */
function remapToOrder(
  name: string,
  codes: Int32Array,
  provisional: readonly string[],
  order: readonly string[],
  ordered: boolean,
): FactorColumn {
  const pos = new Map<string, number>();
  order.forEach((l, k) => pos.set(l, k));
  const map = new Int32Array(provisional.length);
  provisional.forEach((l, k) => (map[k] = pos.get(l) as number));
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = map[codes[i]];
  return factorColumn(name, codes, order, ordered);
}

/**
 * A factor from numbers (NaN missing) whose levels are the distinct values sorted numerically,
 * labelled by `rFormatNumber` (R's `factor(x)` on a double). Values whose labels coincide
 * (equal to 15 significant digits) share a level, as in R.
 */
export function factorFromNumbers(
  name: string,
  values: ArrayLike<number>,
  levels: readonly string[] | undefined,
  ordered: boolean,
): FactorColumn {
  if (levels !== undefined) {
    return encodeLabels(name, values.length, (i) => (Number.isNaN(values[i]) ? null : rFormatNumber(values[i])), levels, ordered);
  }
  const uniq = Array.from(new Set(Array.from(values).filter((v) => !Number.isNaN(v)))).sort((a, b) => a - b);
  const labelOf = new Map<number, number>();
  const labels: string[] = [];
  for (const v of uniq) {
    const s = rFormatNumber(v === 0 ? 0 : v);
    if (labels.length === 0 || labels[labels.length - 1] !== s) labels.push(s);
    labelOf.set(v, labels.length - 1);
  }
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = Number.isNaN(v) ? -1 : (labelOf.get(v) as number);
  }
  return factorColumn(name, codes, labels, ordered);
}

type Kind = "number" | "string" | "boolean";

function kindOf(v: unknown): Kind | null | "other" {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "number":
      return Number.isNaN(v) ? null : "number";
    case "bigint":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    default:
      return "other";
  }
}

function isTypedNumeric(values: ArrayLike<unknown>): values is ArrayLike<number> {
  return ArrayBuffer.isView(values) && !(values instanceof DataView) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array);
}

/**
 * A value in a numeric/integer schema column; strings are read as R reads CSV cells
 * (`parseRNumber`); in an integer column a value that is not a whole number is an error.
 */
export function toNumberForSchema(name: string, type: string, v: unknown, i: number, where?: CellWhere): number {
  const x = toNumber(name, type, v, i, where);
  if (type === "integer" && !Number.isNaN(x) && !Number.isInteger(x)) notAnInteger(name, i, v, where);
  return x;
}

function toNumber(name: string, type: string, v: unknown, i: number, where?: CellWhere): number {
  switch (typeof v) {
    case "number":
      return v;
    case "bigint":
      return Number(v);
    case "string": {
      const n = parseRNumber(v);
      if (n === null) badSchemaValue(name, type, i, v, where);
      return n;
    }
    default:
      if (v === null || v === undefined) return NaN;
      return badSchemaValue(name, type, i, v, where);
  }
}

/** A value in a logical schema column as a code: 1 TRUE, 0 FALSE, −1 missing; other values are an error naming the cell. */
export function toLogicalForSchema(name: string, v: unknown, i: number, where?: CellWhere): number {
  if (v === null || v === undefined) return -1;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return Number.isNaN(v) ? -1 : v !== 0 ? 1 : 0;
  if (typeof v === "string") {
    if (v === "NA" || isBlank(v)) return -1;
    const k = LOGICAL_TEXT.get(v.trim());
    if (k !== undefined) return k;
  }
  return badSchemaValue(name, "logical", i, v, where);
}

function labelForSchema(name: string, v: unknown, i: number): string | null {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return Number.isNaN(v) ? null : rFormatNumber(v);
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "TRUE" : "FALSE";
    default:
      if (v === null || v === undefined) return null;
      return unsupportedValue(name, i, v);
  }
}

/**
 * Type a column of JavaScript values. Without a schema column: numbers → numeric
 * (null/undefined/NaN missing); strings → factor with levels in R's string order (only
 * null/undefined missing); booleans → factor with levels ["FALSE","TRUE"]; all missing →
 * numeric NaN; strings mixed with numbers or booleans → error naming column and row. With a
 * schema column the schema's type decides (numeric/integer: numbers or numeric text;
 * factor/character: values as text, numbers via `rFormatNumber`, levels from the schema if
 * given; logical: booleans, TRUE/FALSE/T/F text, 0/1). Typed arrays are numeric and copied.
 */
export function columnFromValues(name: string, values: ArrayLike<unknown>, schema?: SchemaColumn): Column {
  const n = values.length;
  if (schema !== undefined) return columnFromValuesWithSchema(name, values, schema);
  if (isTypedNumeric(values)) return numericColumn(name, Float64Array.from(values));
  let first: Kind | null = null;
  let firstRow = -1;
  for (let i = 0; i < n; i++) {
    const k = kindOf(values[i]);
    if (k === null) continue;
    if (k === "other") unsupportedValue(name, i, values[i]);
    if (first === null) {
      first = k;
      firstRow = i;
    } else if (k !== first) {
      mixedTypes(name, first, firstRow, k, i, values[i]);
    }
  }
  if (first === null || first === "number") {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v === null || v === undefined ? NaN : Number(v);
    }
    return numericColumn(name, out);
  }
  if (first === "boolean") {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      codes[i] = v === true ? 1 : v === false ? 0 : -1;
    }
    return factorColumn(name, codes, LOGICAL_LEVELS.slice(), false);
  }
  return encodeLabels(name, n, (i) => {
    const v = values[i];
    return typeof v === "string" ? v : null;
  }, undefined, false);
}

function columnFromValuesWithSchema(name: string, values: ArrayLike<unknown>, schema: SchemaColumn): Column {
  const n = values.length;
  switch (schema.type) {
    case "numeric":
    case "integer": {
      if (isTypedNumeric(values)) return numericColumn(name, Float64Array.from(values));
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = toNumberForSchema(name, schema.type, values[i], i);
      return numericColumn(name, out);
    }
    case "logical": {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = toLogicalForSchema(name, values[i], i);
      return factorColumn(name, codes, LOGICAL_LEVELS.slice(), false);
    }
    case "factor":
    case "character": {
      const ordered = schema.type === "factor" && schema.ordered === true;
      let allNumbers = true;
      for (let i = 0; i < n && allNumbers; i++) {
        const v = values[i];
        if (v !== null && v !== undefined && typeof v !== "number") allNumbers = false;
      }
      if (allNumbers && schema.levels === undefined) {
        return factorFromNumbers(name, Array.from(values, (v) => (typeof v === "number" ? v : NaN)), undefined, ordered);
      }
      return encodeLabels(name, n, (i) => labelForSchema(name, values[i], i), schema.levels, ordered);
    }
  }
}

/**
 * Type a column of CSV fields as R's `read.csv` does (`type.convert` on each column), cell
 * reading by `parseRNumber`. Without a schema column: numeric when every cell is a number, `NA`,
 * `NaN`, ±`Inf` (any case) or blank (NA, blank and NaN are missing, ±Inf kept for the model to
 * refuse); else logical (a factor with levels FALSE, TRUE) when every cell is `T`, `F`, `TRUE`,
 * `FALSE`, `NA` or blank; else a factor with levels in R's string order where only `NA` is
 * missing (a blank cell is the level "", as in R). With a schema column its type decides: a
 * numeric/integer cell that is not a number is an error naming column, row and schema; in a
 * factor/character column with schema levels a blank cell is missing unless "" is a level (R's
 * `factor(x, levels)`), other cells must be levels; without schema levels, levels are sorted as
 * strings (`read.csv(colClasses = "factor")`). `where` names rows (file and line) and schema.
 */
export function columnFromFields(name: string, fields: readonly string[], schema?: SchemaColumn, where?: CellWhere): Column {
  const n = fields.length;
  if (schema === undefined) {
    const out = new Float64Array(n);
    let numeric = true;
    for (let i = 0; i < n && numeric; i++) {
      const x = parseRNumber(fields[i]);
      if (x === null) numeric = false;
      else out[i] = x;
    }
    if (numeric) return numericColumn(name, out);
    const codes = new Int32Array(n);
    let logical = true;
    for (let i = 0; i < n && logical; i++) {
      const f = fields[i];
      if (f === "NA" || isBlank(f)) {
        codes[i] = -1;
        continue;
      }
      const b = parseRLogical(f);
      if (b === null) logical = false;
      else codes[i] = b ? 1 : 0;
    }
    if (logical) return factorColumn(name, codes, LOGICAL_LEVELS.slice(), false);
    return encodeLabels(name, n, (i) => (fields[i] === "NA" ? null : fields[i]), undefined, false);
  }
  switch (schema.type) {
    case "numeric":
    case "integer": {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = toNumberForSchema(name, schema.type, fields[i], i, where);
      return numericColumn(name, out);
    }
    case "logical": {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = toLogicalForSchema(name, fields[i], i, where);
      return factorColumn(name, codes, LOGICAL_LEVELS.slice(), false);
    }
    case "factor":
    case "character": {
      const ordered = schema.type === "factor" && schema.ordered === true;
      const levels = schema.levels;
      const blankMissing = levels !== undefined && !levels.includes("");
      return encodeLabels(name, n, (i) => {
        const f = fields[i];
        return f === "NA" || (blankMissing && isBlank(f)) ? null : f;
      }, levels, ordered, where);
    }
  }
}
