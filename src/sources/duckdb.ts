/**
 * `fromDuckDB`: a data source in DuckDB (embedded, through the optional peer dependency
 * `@duckdb/node-api`, loaded on first use). Parquet and CSV files are queried in place
 * (`read_parquet`, `read_csv`), out of core; a DuckDB database file or an open connection
 * gives a table or any query.
 */
import type { Schema } from "../data/types.js";
import { badSourceArg, duckdbMissing, engineFailed } from "../messages/sources.js";
import { duckdbDialect } from "./sql/duckdb.js";
import type { DataSource, SourceColumn, SqlEngine, SqlValue } from "./types.js";

/** The parts of @duckdb/node-api used here (structural: the package's types are not imported). */
interface DuckConnection {
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][]; columnNames(): string[] }>;
  run(sql: string): Promise<unknown>;
  closeSync?(): void;
}
interface DuckModule {
  DuckDBInstance: { create(path?: string): Promise<{ connect(): Promise<DuckConnection>; closeSync?(): void }> };
}

let loaded: Promise<DuckModule> | null = null;

/** Imports @duckdb/node-api once; a missing package is an LmeError naming the npm command. */
function loadDuckDB(): Promise<DuckModule> {
  const name = "@duckdb/node-api";
  loaded ??= (import(name) as Promise<DuckModule>).catch((e: unknown) => {
    loaded = null;
    throw duckdbMissing(e instanceof Error ? e.message.split("\n")[0]! : String(e));
  });
  return loaded;
}

/** Options of fromDuckDB. */
export interface FromDuckDBOptions {
  /**
   * Column types and factor levels in R's order (a `.schema.json` object), as for CSV intake:
   * factor levels not in R's default (sorted) order, ordered factors, and the types CSV columns
   * are read with.
   */
  readonly schema?: Schema;
}

let csvCounter = 0;

const isQuery = (s: string) => /^\s*(select|with|from|values|\()/i.test(s);

/** A value from DuckDB as a plain JS value: bigints to numbers, other objects to text. */
function plain(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return Number(v);
  return String(v);
}

/** The FROM item reading a file in place (CSV columns typed by the schema when given). */
function fileRelation(path: string, schema: Schema | undefined): string {
  const lit = duckdbDialect.str(path);
  // file_row_number: each row's position in the file (DataSource.rowOrder)
  if (/\.parquet$/i.test(path)) return `read_parquet(${lit}, file_row_number = true)`;
  if (!schema) return `read_csv(${lit}, header = true, nullstr = ['NA', ''])`;
  const types = schema.columns
    .map((c) => `${duckdbDialect.str(c.name)}: '${c.type === "numeric" || c.type === "integer" ? "DOUBLE" : "VARCHAR"}'`)
    .join(", ");
  return `read_csv(${lit}, header = true, nullstr = ['NA', ''], types = {${types}})`;
}

function engineOf(conn: DuckConnection, owned: { closeSync?(): void } | null): SqlEngine {
  const run = async (sql: string) => {
    try {
      return await conn.runAndReadAll(sql);
    } catch (e) {
      throw engineFailed("DuckDB", e instanceof Error ? e.message : String(e), sql);
    }
  };
  return {
    dialect: duckdbDialect,
    query: async (sql) => (await run(sql)).getRows().map((r) => r.map(plain)),
    exec: async (sql) => void (await run(sql)),
    upload: async (name, columns, rows) => {
      const cols = columns.map((c) => `${duckdbDialect.ident(c.name)} ${c.type === "int" ? "INTEGER" : "DOUBLE"}`).join(", ");
      await run(`CREATE OR REPLACE TEMP TABLE ${name} (${cols})`);
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000).map((r) => `(${Array.from(r, (x, j) => (columns[j]!.type === "int" ? String(x) : duckdbDialect.num(x))).join(", ")})`);
        await run(`INSERT INTO ${name} VALUES ${chunk.join(", ")}`);
      }
    },
    describe: async (relation): Promise<SourceColumn[]> => {
      const rows = (await run(`DESCRIBE SELECT * FROM ${relation} AS t`)).getRows();
      return rows.map((r) => {
        const type = String(r[1]);
        return { name: String(r[0]), type, discrete: /^(VARCHAR|BOOLEAN|ENUM|UUID)/i.test(type) };
      });
    },
    close: async () => {
      if (!owned) return;
      conn.closeSync?.();
      owned.closeSync?.();
    },
  };
}

/**
 * A DuckDB data source for `lmer`:
 * - `fromDuckDB("data.parquet")`: a Parquet file read in place (out of core);
 *   `fromDuckDB("data.csv", undefined, { schema })`: a CSV parsed once into a temporary table
 *   (columns typed by the schema); `tableOrQuery` may then be a query over the file, naming it `data`;
 * - `fromDuckDB("db.duckdb", "tablename")` or `fromDuckDB("db.duckdb", "SELECT … FROM …")`;
 * - `fromDuckDB(connection, tableOrQuery)` with an open `DuckDBConnection` of @duckdb/node-api
 *   (left open: the caller owns it).
 * Needs the optional package `@duckdb/node-api` (loaded when the source is first used).
 */
export function fromDuckDB(pathOrConnection: string | object, tableOrQuery?: string, opts: FromDuckDBOptions = {}): DataSource {
  const fn = "fromDuckDB";
  const isConn = typeof pathOrConnection === "object" && pathOrConnection !== null && typeof (pathOrConnection as DuckConnection).runAndReadAll === "function";
  if (!isConn && (typeof pathOrConnection !== "string" || pathOrConnection.trim() === ""))
    throw badSourceArg(fn, "the first argument must be a file path (Parquet, CSV, DuckDB database) or a DuckDBConnection", pathOrConnection);
  if (tableOrQuery !== undefined && (typeof tableOrQuery !== "string" || tableOrQuery.trim() === ""))
    throw badSourceArg(fn, "the second argument must be a table name or a SQL query", tableOrQuery);
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) throw badSourceArg(fn, "the options must be an object", opts);
  if (opts.schema !== undefined && (typeof opts.schema !== "object" || opts.schema === null || !Array.isArray(opts.schema.columns)))
    throw badSourceArg(fn, "options.schema must be a schema object with a `columns` array", opts.schema);
  const path = isConn ? null : (pathOrConnection as string);
  const isFile = path !== null && /\.(parquet|csv|tsv)$/i.test(path);
  if (!isFile && tableOrQuery === undefined) throw badSourceArg(fn, "give a table name or a query for a DuckDB database or connection", tableOrQuery);
  // a CSV is parsed once into a temporary table (every aggregation would parse it again); Parquet is read in place
  const csv = isFile && !/\.parquet$/i.test(path);
  const fileRel = csv ? `lme4ts_csv_${++csvCounter}` : isFile ? fileRelation(path, opts.schema) : "";
  const relation = isFile
    ? tableOrQuery === undefined ? fileRel : `(WITH data AS (SELECT * FROM ${fileRel}) ${tableOrQuery})`
    : isQuery(tableOrQuery!) ? `(${tableOrQuery})` : tableOrQuery!.split(".").map(duckdbDialect.ident).join(".");
  let engine: Promise<SqlEngine> | null = null;
  return {
    kind: "lme4ts.dataSource",
    engine: "duckdb",
    label: path ? (tableOrQuery ? `${path}: ${tableOrQuery}` : path) : String(tableOrQuery),
    relation,
    schema: opts.schema,
    // the row order: a CSV loaded into a table (insertion order preserved) has its line order as
    // rowid; a Parquet file is read with each row's file_row_number; a query has none
    ...(isFile && tableOrQuery === undefined ? { rowOrder: csv ? "t.rowid" : "t.file_row_number" } : {}),
    open() {
      engine ??= (async () => {
        if (isConn) return engineOf(pathOrConnection as DuckConnection, null);
        const duck = await loadDuckDB();
        const inst = await duck.DuckDBInstance.create(isFile ? ":memory:" : path!);
        const eng = engineOf(await inst.connect(), inst);
        if (csv) await eng.exec(`CREATE TEMP TABLE ${fileRel} AS SELECT * FROM ${fileRelation(path, opts.schema)}`);
        return eng;
      })();
      return engine;
    },
  };
}
