/**
 * Error texts of the data stage (`src/data/`, `src/datasets/`). Every function throws an
 * `LmeError` with code "data" (or "usage" for API misuse); each names the culprit (column,
 * value, row) and says what to do. Rows are reported 1-based, as a spreadsheet or R would.
 */
import { LmeError } from "./error.js";

const MAX_LIST = 12;

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Show a value found in the data in a message: strings quoted, others as JS prints them. */
export function showValue(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return `Date(${v.toISOString()})`;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + "..." : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LIST).map(quote).join(", ");
  return names.length > MAX_LIST ? `${shown}, ... (${names.length} in all)` : shown;
}

/** `getColumn` on a name the frame does not have. */
export function missingColumn(name: string, available: readonly string[], close: string | null): never {
  const hint = close !== null ? ` Did you mean ${quote(close)}?` : "";
  throw new LmeError(
    "data",
    `The data have no column ${quote(name)}.${hint} Available columns: ${available.length ? list(available) : "(none)"}.`,
  );
}

/** A column mixing strings and numbers (or booleans with either). */
export function mixedTypes(
  column: string,
  firstKind: string,
  firstRow: number,
  kind: string,
  row: number,
  value: unknown,
): never {
  throw new LmeError(
    "data",
    `Column ${quote(column)} mixes ${firstKind} and ${kind} values: row ${firstRow + 1} holds a ${firstKind}, ` +
      `row ${row + 1} holds ${showValue(value)}. Make the column all numbers (missing as null) or all strings.`,
  );
}

/** A value of a type the data stage cannot use (objects, symbols, functions, ...). */
export function unsupportedValue(column: string, row: number, value: unknown): never {
  throw new LmeError(
    "data",
    `Column ${quote(column)}, row ${row + 1}: cannot use the value ${showValue(value)} (a ${typeof value}). ` +
      `Use numbers, strings, booleans, or null for a missing value.`,
  );
}

/** Columns of unequal length in a column object / danfo-like frame. */
export function unequalLengths(firstName: string, firstLength: number, name: string, length: number): never {
  throw new LmeError(
    "data",
    `Columns have unequal lengths: ${quote(firstName)} has ${firstLength} values but ${quote(name)} has ${length}. ` +
      `All columns must have one value per observation.`,
  );
}

/**
 * Where a cell and its schema came from, for messages about a cell: `rowText(i)` names 0-based
 * row i (default "row i+1"; the CSV reader adds the file and line), `schemaSource` names the
 * schema (default "the schema"; the CSV reader names the `.schema.json` file).
 */
export interface CellWhere {
  readonly rowText?: (row: number) => string;
  readonly schemaSource?: string;
}

const rowOf = (row: number, w: CellWhere | undefined) => w?.rowText?.(row) ?? `row ${row + 1}`;
const schemaOf = (w: CellWhere | undefined) => (w?.schemaSource !== undefined ? `the schema ${w.schemaSource}` : "the schema");

/** A factor value that is not one of the schema's levels. */
export function notALevel(column: string, value: string, row: number, levels: readonly string[], where?: CellWhere): never {
  throw new LmeError(
    "data",
    `Column ${quote(column)}, ${rowOf(row, where)}: the value ${quote(value)} is not one of the levels in ${schemaOf(where)} ` +
      `(${list(levels)}). Add it to the schema's levels or fix the value.`,
  );
}

/** A value that does not fit the schema's type for its column. */
export function badSchemaValue(column: string, type: string, row: number, value: unknown, where?: CellWhere): never {
  throw new LmeError(
    "data",
    `Column ${quote(column)}, ${rowOf(row, where)}: the value ${showValue(value)} is not ${type === "logical" ? "a logical (TRUE/FALSE)" : "a number"}, ` +
      `but ${schemaOf(where)} declares the column ${type}. Fix the value or the schema's type.`,
  );
}

/** A number that is not whole (or is infinite) in a column the schema declares integer. */
export function notAnInteger(column: string, row: number, value: unknown, where?: CellWhere): never {
  throw new LmeError(
    "data",
    `Column ${quote(column)}, ${rowOf(row, where)}: the value ${showValue(value)} is not a whole number, ` +
      `but ${schemaOf(where)} declares the column integer (R's read.csv stops here too). Fix the value, or declare the column numeric.`,
  );
}

/** A schema column absent from the data. */
export function schemaColumnMissing(column: string, available: readonly string[], schemaSource?: string): never {
  throw new LmeError(
    "data",
    `${schemaSource !== undefined ? `The schema ${schemaSource}` : "The schema"} describes a column ${quote(column)} that the data do not have (columns: ${list(available)}). ` +
      `Remove it from the schema or add it to the data.`,
  );
}

/** A malformed schema file or object. */
export function badSchema(where: string, problem: string): never {
  throw new LmeError("data", `Invalid schema ${where}: ${problem}.`);
}

/** The same column name twice. */
export function duplicateColumn(name: string): never {
  throw new LmeError("data", `The column name ${quote(name)} occurs twice. Give every column a distinct name.`);
}

/**
 * A CSV row whose field count differs from the header's; `quotedFrom` is the line where a
 * quoted field of that record that spans lines began (a likely missing closing quote).
 */
export function csvFieldCount(line: number, found: number, expected: number, source: string, quotedFrom?: number): never {
  const hint =
    quotedFrom !== undefined
      ? `A quoted field that starts on line ${quotedFrom} runs over several lines: check for a missing closing '"' there.`
      : `Check for an unquoted comma or a missing field.`;
  throw new LmeError("data", `${source}, line ${line}: found ${found} fields but the header has ${expected}. ${hint}`);
}

/** A quoted CSV field that never closes (`line`: where it opens). */
export function csvUnterminatedQuote(line: number, source: string): never {
  throw new LmeError(
    "data",
    `${source}, line ${line}: a quoted field is never closed. Every opening '"' needs a closing '"' (write '""' for a literal quote).`,
  );
}

/**
 * A quoted field that opens on `line`, spans lines and closes on `closeLine` with text after its
 * closing quote: the signature of a missing closing quote swallowing the rows in between.
 */
export function csvRunawayQuote(line: number, closeLine: number, after: string, source: string): never {
  const shown = after.length > 20 ? after.slice(0, 20) + "..." : after;
  throw new LmeError(
    "data",
    `${source}, line ${line}: the quoted field that starts on this line runs on to line ${closeLine}, where its closing '"' ` +
      `is followed by ${quote(shown)} instead of a comma or the end of the line. The closing '"' on line ${line} is ` +
      `probably missing (a field may span lines only inside matching quotes; write '""' for a literal quote).`,
  );
}

/** A CSV text with no header row. */
export function csvEmpty(source: string): never {
  throw new LmeError("data", `${source} is empty: a CSV needs a header row naming its columns.`);
}

/** A file that could not be read. */
export function cannotRead(path: string, reason: string): never {
  throw new LmeError("data", `Cannot read ${quote(path)}: ${reason}.`);
}

/** An input that is not records, a column object, a danfo-like frame, or a Frame. */
export function badDataInput(what: string): never {
  throw new LmeError(
    "usage",
    `Cannot use ${what} as data. Pass an array of records, an object of equally long columns, ` +
      `a danfo-like DataFrame, or a Frame.`,
  );
}

/** A record (row) that is not an object. */
export function badRecord(row: number, value: unknown): never {
  throw new LmeError(
    "data",
    `Row ${row + 1} of the records is ${showValue(value)}, not an object. Every record must be an object of column values.`,
  );
}

/** A column of a column object that is not array-like. */
export function badColumnValues(name: string, value: unknown): never {
  throw new LmeError(
    "data",
    `Column ${quote(name)} is ${showValue(value)}, not an array of values. Every column must be an array or typed array.`,
  );
}

/** `subsetRows` with a row index outside the frame. */
export function rowOutOfRange(row: number, nrow: number): never {
  throw new LmeError("usage", `Row index ${row} is outside the data (valid indices are 0 to ${nrow - 1}).`);
}

/** `interactionFactor` on no factors or factors of different lengths. */
export function badInteraction(name: string, problem: string): never {
  throw new LmeError("usage", `Cannot form the interaction ${quote(name)}: ${problem}.`);
}

/** `datasets.load` on an unknown name. */
export function unknownDataset(name: string, available: readonly string[], close: string | null): never {
  const hint = close !== null ? ` Did you mean ${quote(close)}?` : "";
  throw new LmeError("data", `There is no shipped data set ${quote(name)}.${hint} Available: ${list(available)}.`);
}
