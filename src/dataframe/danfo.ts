/**
 * The lazy danfojs-node loader and the converters Frame ↔ danfo DataFrame. danfo is heavy
 * (TensorFlow.js underneath, ~1.5 s to load), so it is `require`d on first use only, never at
 * import time; nothing in the numeric core imports this module. danfojs-node is an optional peer
 * dependency, so not even its types are imported: `DanfoDataFrame` is structural.
 */
import { createRequire } from "node:module";
import type { Column, Frame, Schema, SchemaColumn } from "../data/types.js";
import { toFrame } from "../data/frame.js";
import { danfoNoDataFrame, danfoUnavailable } from "../messages/dataframe.js";
import { requireShape } from "../model/args.js";

/**
 * A danfojs DataFrame as lme4ts's declarations describe it: structural, because danfojs-node
 * is an optional peer dependency whose own declarations do not compile without `skipLibCheck`,
 * so lme4ts's published types must not import them. The named members are the ones lme4ts
 * relies on; every other danfo method is reachable untyped (`any`). For danfo's full typing,
 * cast: `ranefFrame(m) as dfd.DataFrame`.
 */
export interface DanfoDataFrame {
  /** Column names, in order. */
  readonly columns: string[];
  /** `[rows, columns]`. */
  readonly shape: number[];
  /** Any other member of danfo's DataFrame (`head`, `column`, `print`, `toJSON`, …), untyped. */
  readonly [member: string]: any;
}

/** The part of the danfojs-node module this layer uses. */
export interface DanfoModule {
  readonly DataFrame: new (data?: unknown, options?: { columns?: string[]; dtypes?: string[]; index?: (string | number)[] }) => DanfoDataFrame;
}

/** Returns the danfojs-node module (or throws). */
export type DanfoLoader = () => unknown;

const defaultLoader: DanfoLoader = () => createRequire(import.meta.url)("danfojs-node");

let loader: DanfoLoader = defaultLoader;
let cached: DanfoModule | null = null;

/**
 * Replaces how danfojs-node is obtained (e.g. a bundler's copy, or a failing loader in tests);
 * `null` restores the default `createRequire(import.meta.url)("danfojs-node")`. Clears the
 * cached module, so the next `loadDanfo()` calls the new loader.
 */
export function setDanfoLoader(fn: DanfoLoader | null): void {
  loader = fn ?? defaultLoader;
  cached = null;
}

/**
 * The danfojs-node module, loaded on first call and cached. A loader that throws, or returns
 * something without a `DataFrame` constructor, is an LmeError("usage") saying to install
 * danfojs-node or to ask for `as: "columns"` / `"records"` instead.
 */
export function loadDanfo(): DanfoModule {
  if (cached !== null) return cached;
  let mod: unknown;
  try {
    mod = loader();
  } catch (err) {
    danfoUnavailable(err);
  }
  const m = (mod as { default?: unknown } | null)?.default ?? mod;
  if (typeof (m as { DataFrame?: unknown } | null)?.DataFrame !== "function") danfoNoDataFrame(mod);
  cached = m as DanfoModule;
  return cached;
}

/** A column of a plain table: numbers as Float64Array (NaN = missing), labels as strings (null = missing). */
export type TableColumn = Float64Array | (string | null)[];

/** A plain column object `{ name: column }`; key order is column order. */
export type ColumnTable = Record<string, TableColumn>;

/** Factor codes → labels (code −1 → null). */
export function factorLabels(c: Extract<Column, { kind: "factor" }>): (string | null)[] {
  const out = new Array<string | null>(c.codes.length);
  for (let i = 0; i < c.codes.length; i++) out[i] = c.codes[i] < 0 ? null : c.levels[c.codes[i]];
  return out;
}

/** A Frame's columns as a column object (numeric columns copied, factors as label strings), in frame order. */
export function frameToColumns(frame: Frame): ColumnTable {
  const out: ColumnTable = {};
  for (const n of frame.names) {
    const c = frame.columns.get(n) as Column;
    out[n] = c.kind === "numeric" ? c.values.slice() : factorLabels(c);
  }
  return out;
}

function isIntegerColumn(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i]) || Math.abs(v[i]) > 2147483647) return false;
  return true;
}

/**
 * A danfo DataFrame from named columns, keeping the given column order (built from row arrays
 * with explicit `columns` and `dtypes`: danfo's object input reorders integer-like keys and
 * mis-assigns inferred dtypes). Numeric columns get dtype "int32" when every value is an
 * integer in int32 range, else "float32" (danfo's label only: the values stay exact JS
 * doubles, NaN for missing); label columns get "string" (null for missing). `index`, when
 * given, becomes the DataFrame's row index.
 */
export function columnsToDataFrame(
  names: readonly string[],
  columns: readonly TableColumn[],
  index?: ArrayLike<number>,
): DanfoDataFrame {
  const dfo = loadDanfo();
  const n = columns.length === 0 ? 0 : columns[0].length;
  const rows: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = new Array<unknown>(columns.length);
    for (let k = 0; k < columns.length; k++) r[k] = columns[k][i];
    rows[i] = r;
  }
  const dtypes = columns.map((c) => (c instanceof Float64Array ? (isIntegerColumn(c) ? "int32" : "float32") : "string"));
  const opts: { columns: string[]; dtypes: string[]; index?: number[] } = { columns: names.slice(), dtypes };
  if (index !== undefined) opts.index = Array.from(index);
  return new dfo.DataFrame(rows, opts);
}

/**
 * A Frame as a danfo DataFrame: same columns in the same order, numeric columns as numbers
 * (NaN for missing), factors as string columns of their labels (null for missing). Factor
 * level order and orderedness are not representable in danfo; `frameSchema(frame)` records
 * them so `dataFrameToFrame(df, { schema })` restores the Frame exactly.
 */
export function frameToDataFrame(frame: Frame): DanfoDataFrame {
  requireShape("frameToDataFrame", frame, "a Frame (from toFrame or readCsv)", ["names", "columns"]);
  const cols = frameToColumns(frame);
  return columnsToDataFrame(frame.names, frame.names.map((n) => cols[n]));
}

/** A `.schema.json`-style description of a Frame: column types, factor levels in order, orderedness. */
export function frameSchema(frame: Frame): Schema {
  const columns: SchemaColumn[] = frame.names.map((n) => {
    const c = frame.columns.get(n) as Column;
    return c.kind === "numeric"
      ? { name: n, type: "numeric" }
      : { name: n, type: "factor", levels: c.levels.slice(), ordered: c.ordered };
  });
  return { nrow: frame.nrow, columns };
}

/**
 * A danfo DataFrame (or anything danfo-shaped) as a Frame: `toFrame`'s duck-typed intake
 * (numbers numeric, strings/booleans factors with levels sorted as R sorts them), with
 * `opts.schema` fixing types and level order. Does not load danfo.
 */
export function dataFrameToFrame(df: DanfoDataFrame, opts: { schema?: Schema } = {}): Frame {
  return toFrame(df as unknown as Parameters<typeof toFrame>[0], opts);
}
