/**
 * The return-kind rule of the data-frame layer (statsmodels' wrapper pattern: results are
 * labelled like the input). Numerics are computed as typed arrays; only here, at the edge,
 * are they turned into a danfo DataFrame, a column object or records.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { columnsToDataFrame, type ColumnTable, type DanfoDataFrame, type TableColumn } from "./danfo.js";
import { badOutputKind, notAFittedModel } from "../messages/dataframe.js";

/** A model fitted by `lmer` or `glmer`. */
export type MixedModel = LmerMod | GlmerMod;

/** How a table is returned: a danfo DataFrame, a column object, or an array of row records. */
export type OutputKind = "dataframe" | "columns" | "records";

/** One row of a records table: numbers (NaN = missing) and labels (null = missing). */
export type RowRecord = Record<string, number | string | null>;

/** A table in one of the output kinds. */
export type Table = DanfoDataFrame | ColumnTable | RowRecord[];

/** The table type for an explicit output kind (the union when the kind follows the input). */
export type TableOf<K extends OutputKind | undefined> = K extends "dataframe"
  ? DanfoDataFrame
  : K extends "columns"
    ? ColumnTable
    : K extends "records"
      ? RowRecord[]
      : Table;

/** Throws unless `m` looks like a fitted lmer/glmer model (has `input.mf` and `ranef`). */
export function checkModel(fn: string, m: unknown): asserts m is MixedModel {
  const x = m as { input?: { mf?: { frame?: unknown } }; ranef?: unknown } | null;
  if (typeof m !== "object" || x === null || typeof x.ranef !== "function" || x.input?.mf?.frame === undefined) {
    notAFittedModel(fn, m);
  }
}

/**
 * The output kind: `as` when given; otherwise like the model's data argument: a danfo-like
 * DataFrame gives "dataframe", an array of records gives "records", anything else (column
 * objects, Frames, `datasets.*()`) gives "columns".
 */
export function resolveKind(fn: string, model: MixedModel, as: unknown): OutputKind {
  if (as === "dataframe" || as === "columns" || as === "records") return as;
  if (as !== undefined) badOutputKind(fn, as);
  const k = model.input.mf.inputKind;
  return k === "dataframe" ? "dataframe" : k === "records" ? "records" : "columns";
}

/**
 * Named columns (all of one length) as a table of the given kind, keeping column order. A
 * later column with an already used name replaces the earlier one in its place. `index`
 * (DataFrames only) becomes the row index, e.g. the input rows a model frame kept.
 */
export function emitTable(
  names: readonly string[],
  columns: readonly TableColumn[],
  kind: OutputKind,
  index?: ArrayLike<number>,
): Table {
  const pos = new Map<string, number>();
  const ns: string[] = [], cs: TableColumn[] = [];
  names.forEach((n, k) => {
    const at = pos.get(n);
    if (at === undefined) {
      pos.set(n, ns.length);
      ns.push(n);
      cs.push(columns[k]);
    } else cs[at] = columns[k];
  });
  if (kind === "dataframe") return columnsToDataFrame(ns, cs, index);
  if (kind === "columns") {
    const out: ColumnTable = {};
    ns.forEach((n, k) => (out[n] = cs[k]));
    return out;
  }
  const nrow = cs.length === 0 ? 0 : cs[0].length;
  const rows: RowRecord[] = new Array(nrow);
  for (let i = 0; i < nrow; i++) {
    const r: RowRecord = {};
    ns.forEach((n, k) => (r[n] = cs[k][i]));
    rows[i] = r;
  }
  return rows;
}
