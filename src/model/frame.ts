/**
 * The model frame: the rows of the data that the model uses (lme4's `na.omit` on the variables
 * the formula names), with unused factor levels dropped (`drop.unused.levels = TRUE`).
 */
import type { DataInput, Frame, Column } from "../data/types.js";
import { toFrame, completeCases, subsetRows, dropUnusedLevels, inputKind, rowLabel, type InputKind } from "../data/index.js";
import { getColumn } from "../data/index.js";
import type { ParsedFormula } from "../formula/types.js";
import { formulaColumns } from "../formula/index.js";
import { noDataLeft } from "../messages/model.js";

/** The model frame and what was dropped to make it. */
export interface ModelFrame {
  /** The complete-case rows, unused levels dropped. */
  readonly frame: Frame;
  /** Indices (into the input data) of the rows kept. */
  readonly rows: Int32Array;
  /** Number of input rows dropped for missing values. */
  readonly nDropped: number;
  /** Number of input rows. */
  readonly nInput: number;
  /** The data argument as given (every row and column): `update` refits on it, as R re-evaluates the call. */
  readonly data: DataInput;
  /** Columns the formula uses (plus weights / offset columns). */
  readonly variables: readonly string[];
  /** The kind of the data argument, so results can be labelled like it (DataFrame in, DataFrame out). */
  readonly inputKind: InputKind;
  /** Input row `i` (0-based) as messages name it: "row 5", or `row 5 (line 6 of "f.csv")` for a CSV. */
  readonly rowText: (i: number) => string;
}

/**
 * Builds the model frame: every column named by the formula (and `extra`, e.g. a weights
 * column) must exist; rows with a missing value in any of them are dropped and counted.
 * Input rows in `exclude` (e.g. zero prior weights) are left out as well, not counted as missing.
 */
export function modelFrame(formula: ParsedFormula, data: DataInput, extra: readonly string[] = [], exclude?: ReadonlySet<number>): ModelFrame {
  const full = toFrame(data);
  const variables = [...new Set([...formulaColumns(formula), ...extra])];
  for (const v of variables) getColumn(full, v); // throws naming a missing column
  const complete = completeCases(full, variables);
  const rows = exclude && exclude.size > 0 ? complete.filter((r) => !exclude.has(r)) : complete;
  if (rows.length === 0) throw noDataLeft(full.nrow, variables);
  const sub = rows.length === full.nrow ? full : subsetRows(full, rows);
  const columns = new Map<string, Column>();
  for (const name of sub.names) {
    const c = sub.columns.get(name)!;
    columns.set(name, c.kind === "factor" && variables.includes(name) ? dropUnusedLevels(c) : c);
  }
  const frame: Frame = { nrow: sub.nrow, names: sub.names, columns };
  return {
    frame, rows, nDropped: full.nrow - complete.length, nInput: full.nrow, data, variables, inputKind: inputKind(data),
    rowText: (i) => rowLabel(full, i),
  };
  return {
    frame, rows, nDropped: full.nrow - rows.length, nInput: full.nrow, data, variables, inputKind: inputKind(data),
    rowText: (i) => rowLabel(full, i),
  };
}
