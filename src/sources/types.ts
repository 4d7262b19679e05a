/**
 * The data-source protocol: data that stay in a SQL engine (DuckDB embedded, a ClickHouse
 * cluster) and are reached only through queries. `lmer(formula, source)` fits from the
 * aggregations the SQL generator (sql/) pushes down; rows never come back.
 */
import type { Schema } from "../data/types.js";
import type { SqlDialect } from "./sql/dialect.js";

/** A column of a source as the engine describes it. */
export interface SourceColumn {
  readonly name: string;
  /** The engine's type name, e.g. "DOUBLE", "VARCHAR", "Float64", "String". */
  readonly type: string;
  /** Whether the column holds categories (text, boolean, enum) rather than numbers. */
  readonly discrete: boolean;
}

/** A value as returned by an engine: numbers (bigints converted), strings, booleans, null. */
export type SqlValue = number | string | boolean | null;

/**
 * An open connection to an engine. Every method runs SQL in the engine's dialect; results are
 * arrays of rows, each row an array of values in the SELECT's column order.
 */
export interface SqlEngine {
  readonly dialect: SqlDialect;
  /** Runs a query and returns its rows. */
  query(sql: string): Promise<SqlValue[][]>;
  /** Runs a statement (DDL, INSERT) with no result. */
  exec(sql: string): Promise<void>;
  /** Creates (or replaces) a temporary table of integer/double columns and fills it with `rows`. */
  upload(name: string, columns: readonly { name: string; type: "int" | "double" }[], rows: ArrayLike<number>[]): Promise<void>;
  /** The columns of a relation (table name or parenthesized query). */
  describe(relation: string): Promise<SourceColumn[]>;
  /** Releases the connection (a no-op for connections the caller owns). */
  close(): Promise<void>;
}

/**
 * A database source of data, accepted by `lmer` in place of in-memory data. Made by `fromDuckDB`
 * or `fromClickHouse`; the connection is opened on first use.
 */
export interface DataSource {
  readonly kind: "lme4ts.dataSource";
  /** The engine's name: "duckdb" or "clickhouse". */
  readonly engine: string;
  /** What the data are, for messages: a file, a table name or a query. */
  readonly label: string;
  /** The FROM item: a quoted table name or a parenthesized query. */
  readonly relation: string;
  /** Optional column types and factor levels in R's order (a `.schema.json`), as for CSV intake. */
  readonly schema?: Schema;
  /**
   * SQL over the relation (alias `t`) giving each row's position in the data's own order (a CSV's
   * line order: DuckDB's `rowid` of the loaded table, or a row-number column written by the
   * loader), or undefined when the source has no row order (a query, a Distributed table without
   * such a column). glmer orders its cells by it so that they are those of the in-memory fit.
   */
  readonly rowOrder?: string;
  /** Opens (or returns the already open) connection. */
  open(): Promise<SqlEngine>;
}

/** True when `x` is a database source made by fromDuckDB / fromClickHouse. */
export function isDataSource(x: unknown): x is DataSource {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "lme4ts.dataSource";
}
