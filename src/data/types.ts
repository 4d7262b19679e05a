/**
 * Column-oriented data types shared by every stage. Data types hold data; behaviour lives in
 * functions (see `src/data/index.ts`).
 */

/** A numeric column. Missing values are `NaN`. */
export interface NumericColumn {
  readonly kind: "numeric";
  readonly name: string;
  readonly values: Float64Array;
}

/**
 * A factor column: integer codes into `levels` (0-based); `-1` marks a missing value.
 * `levels` are in R's order: the first level is the baseline for treatment contrasts.
 * `ordered` factors get orthogonal-polynomial contrasts (R's `contr.poly`) in fixed effects.
 */
export interface FactorColumn {
  readonly kind: "factor";
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  readonly ordered: boolean;
}

/** A column of a Frame: numeric (NaN = missing) or a factor (codes into levels, −1 = missing). */
export type Column = NumericColumn | FactorColumn;

/** Where the rows of a Frame read from a file came from, so messages can point into the file. */
export interface FrameOrigin {
  /** The file as named in messages, e.g. `"data/sleep.csv"` (quoted). */
  readonly source: string;
  /** The 1-based line on which each row's record starts. */
  readonly lines: Int32Array;
}

/** A table of equally long named columns. */
export interface Frame {
  readonly nrow: number;
  /** Column names in input order. */
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, Column>;
  /** Set by the CSV reader; row subsets and new frames built from this one do not carry it. */
  readonly origin?: FrameOrigin;
}

/** One column of a `.schema.json` file (see `datasets/*.schema.json`). */
export interface SchemaColumn {
  readonly name: string;
  readonly type: "numeric" | "integer" | "factor" | "logical" | "character";
  readonly levels?: readonly string[];
  readonly ordered?: boolean;
}

/** The `.schema.json` that accompanies a CSV: column types and factor levels in R's order. */
export interface Schema {
  readonly name?: string;
  readonly nrow?: number;
  readonly columns: readonly SchemaColumn[];
}

/** Anything shaped like a danfojs DataFrame (duck-typed; the core never imports danfo). */
export interface DataFrameLike {
  readonly columns: readonly string[];
  column(name: string): { readonly values: ArrayLike<unknown> } | { values: unknown[] };
}

/** Inputs accepted by `lmer`/`glmer`: records, column objects, a danfo-like frame, or a Frame. */
export type DataInput =
  | readonly Record<string, unknown>[]
  | Readonly<Record<string, ArrayLike<unknown>>>
  | DataFrameLike
  | Frame;
