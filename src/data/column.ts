/**
 * Typing of one column of raw values into a `Column`, for JavaScript values (records, column
 * objects, danfo-like frames) and for CSV fields. The rules follow R's `data.frame` /
 * `read.csv` + `factor()` closely enough that factor levels, and hence contrasts and
 * coefficient names, come out as in R.
 */
import type { Column, FactorColumn, NumericColumn, SchemaColumn } from "./types.js";
import { compareR, rFormatNumber } from "./rformat.js";
import {
  badSchemaValue,
  mixedTypes,
  notALevel,
  unsupportedValue,
} from "../messages/data.js";

/** The levels of a logical column, as R's `factor(c(FALSE, TRUE))`. */
export const LOGICAL_LEVELS: readonly string[] = ["FALSE", "TRUE"];

const LOGICAL_TEXT: ReadonlyMap<string, number> = new Map([
  ["TRUE", 1], ["T", 1], ["true", 1], ["True", 1],
  ["FALSE", 0], ["F", 0], ["false", 0], ["False", 0],
]);

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
 * in R's string order (`compareR`). `label(i)` returns null for a missing value.
 */
export function encodeLabels(
  name: string,
  n: number,
  label: (i: number) => string | null,
  levels: readonly string[] | undefined,
  ordered: boolean,
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
      if (k === undefined) notALevel(name, s, i, levels);
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

/** Parse numeric text as CSV does: blank → NaN flag via null, "Inf"/"-Inf"/"NaN" accepted. */
function parseNumberText(s: string): number | null {
  const n = Number(s);
  if (!Number.isNaN(n)) {
    if (n === 0 && s.trim() === "") return null;
    if (n === Infinity || n === -Infinity) return null; // "Infinity" is not R's spelling
    return n;
  }
  switch (s.trim()) {
    case "Inf":
      return Infinity;
    case "-Inf":
      return -Infinity;
    case "NaN":
      return NaN;
    default:
      return null;
  }
}

function toNumberForSchema(name: string, type: string, v: unknown, i: number): number {
  switch (typeof v) {
    case "number":
      return v;
    case "bigint":
      return Number(v);
    case "string": {
      if (v === "NA" || v === "") return NaN;
      const n = parseNumberText(v);
      if (n === null) badSchemaValue(name, type, i, v);
      return n;
    }
    default:
      if (v === null || v === undefined) return NaN;
      return badSchemaValue(name, type, i, v);
  }
}

function toLogicalForSchema(name: string, v: unknown, i: number): number {
  if (v === null || v === undefined) return -1;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return Number.isNaN(v) ? -1 : v !== 0 ? 1 : 0;
  if (typeof v === "string") {
    if (v === "NA" || v === "") return -1;
    const k = LOGICAL_TEXT.get(v.trim());
    if (k !== undefined) return k;
  }
  return badSchemaValue(name, "logical", i, v);
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
 * Type a column of CSV fields ("NA" and "" are missing). Without a schema column the column is
 * numeric iff every non-missing field parses as a finite number, else a factor with levels in
 * R's string order. With one, the schema's type decides, as for `columnFromValues`; factor
 * levels without schema levels are sorted as strings, as `read.csv(colClasses = "factor")`.
 */
export function columnFromFields(name: string, fields: readonly string[], schema?: SchemaColumn): Column {
  const n = fields.length;
  if (schema === undefined) {
    const out = new Float64Array(n);
    let numeric = true;
    for (let i = 0; i < n; i++) {
      const f = fields[i];
      if (f === "NA" || f === "") {
        out[i] = NaN;
        continue;
      }
      const x = Number(f);
      if (!Number.isFinite(x) || (x === 0 && f.trim() === "")) {
        numeric = false;
        break;
      }
      out[i] = x;
    }
    if (numeric) return numericColumn(name, out);
    return encodeLabels(name, n, (i) => {
      const f = fields[i];
      return f === "NA" || f === "" ? null : f;
    }, undefined, false);
  }
  switch (schema.type) {
    case "numeric":
    case "integer": {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const f = fields[i];
        if (f === "NA" || f === "") {
          out[i] = NaN;
          continue;
        }
        const x = Number(f);
        if (Number.isFinite(x) && !(x === 0 && f.trim() === "")) out[i] = x;
        else out[i] = toNumberForSchema(name, schema.type, f, i);
      }
      return numericColumn(name, out);
    }
    case "logical": {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = toLogicalForSchema(name, fields[i], i);
      return factorColumn(name, codes, LOGICAL_LEVELS.slice(), false);
    }
    case "factor":
    case "character": {
      const ordered = schema.type === "factor" && schema.ordered === true;
      return encodeLabels(name, n, (i) => {
        const f = fields[i];
        return f === "NA" || f === "" ? null : f;
      }, schema.levels, ordered);
    }
  }
}
