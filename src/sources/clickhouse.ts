/**
 * `fromClickHouse`: a data source in ClickHouse (one server or a Distributed table over shards),
 * reached over its HTTP interface with `fetch` (the interface of old servers such as Debian's
 * 18.16, which @clickhouse/client does not support). `loadCsvToClickHouse` puts a CSV (typed by its
 * schema) into a Distributed table split across the shards, for the CLI and the tests.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { basename } from "node:path";
import type { Frame, Schema } from "../data/types.js";
import { readCsv } from "../data/index.js";
import { badSourceArg, engineFailed } from "../messages/sources.js";
import { clickhouseDialect as d } from "./sql/clickhouse.js";
import type { DataSource, SourceColumn, SqlEngine, SqlValue } from "./types.js";

/** Options of fromClickHouse. */
export interface FromClickHouseOptions {
  /** The server's HTTP URL, e.g. "http://127.0.0.1:8123". */
  readonly url: string;
  /** A table (`name` or `db.name`), e.g. a Distributed table. */
  readonly table?: string;
  /** A query giving the data (instead of `table`). */
  readonly query?: string;
  /** Column types and factor levels in R's order (a `.schema.json` object). */
  readonly schema?: Schema;
  /**
   * A column of `table` holding each row's number in the data's own order (loadCsvToClickHouse
   * writes `lme4ts_row`): glmer orders its cells by it, as the in-memory fit does. Without it a
   * Distributed table has no row order and the cells are sorted by their values.
   */
  readonly rowNumber?: string;
}

const isDiscreteType = (t: string) => /String|Enum|UUID/.test(t);

/** Runs one statement over HTTP; the result text. */
async function post(url: string, sql: string): Promise<string> {
  let res: Response | null = null;
  for (let attempt = 0; res === null; attempt++) {
    try {
      res = await fetch(`${url.replace(/\/$/, "")}/?max_query_size=100000000&output_format_json_quote_denormals=1`, { method: "POST", body: sql });
    } catch (e) {
      // a kept-alive connection the server closed meanwhile fails once: retry on a new one
      if (attempt < 2) continue;
      const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : "";
      throw engineFailed("ClickHouse", `cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}${cause}`, sql);
    }
  }
  const text = await res.text();
  if (!res.ok) throw engineFailed("ClickHouse", text.trim(), sql);
  return text;
}

const plain = (v: unknown): SqlValue => (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : String(v));

/** An SqlEngine over ClickHouse's HTTP interface. */
export function clickhouseEngine(url: string): SqlEngine {
  const query = async (sql: string) => {
    const text = await post(url, `${sql} FORMAT JSONCompact`);
    try {
      const j = JSON.parse(text) as { data: unknown[][] };
      return j.data.map((r) => r.map(plain));
    } catch {
      throw engineFailed("ClickHouse", "the answer is not JSON", sql);
    }
  };
  return {
    dialect: d,
    query,
    exec: async (sql) => void (await post(url, sql)),
    upload: async (name, columns, rows) => {
      await post(url, `DROP TABLE IF EXISTS ${name}`);
      await post(url, `CREATE TABLE ${name} (${columns.map((c) => `${d.ident(c.name)} ${c.type === "int" ? "Int32" : "Float64"}`).join(", ")}) ENGINE = Memory`);
      const tsv = rows.map((r) => Array.from(r, String).join("\t")).join("\n");
      await post(url, `INSERT INTO ${name} FORMAT TabSeparated\n${tsv}\n`);
    },
    describe: async (relation): Promise<SourceColumn[]> => {
      const text = await post(url, `SELECT * FROM ${relation} AS t LIMIT 0 FORMAT JSONCompact`);
      const meta = (JSON.parse(text) as { meta: { name: string; type: string }[] }).meta;
      return meta.map((m) => ({ name: m.name, type: m.type, discrete: isDiscreteType(m.type) }));
    },
    close: async () => {},
  };
}

/**
 * A ClickHouse data source for `lmer` / `glmer`: `fromClickHouse({ url, table })` (e.g. a
 * Distributed table, whose shards compute the aggregations in parallel) or `{ url, query }`.
 * Level codes are written into the queries (no temporary tables); per-row results in the table's
 * order are not available (a distributed table has no row order).
 */
export function fromClickHouse(opts: FromClickHouseOptions): DataSource {
  const fn = "fromClickHouse";
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) throw badSourceArg(fn, "give an options object { url, table } or { url, query }", opts);
  if (typeof opts.url !== "string" || !/^https?:\/\//.test(opts.url)) throw badSourceArg(fn, "url must be the server's HTTP URL (http://host:port)", opts.url);
  const hasTable = typeof opts.table === "string" && opts.table.trim() !== "", hasQuery = typeof opts.query === "string" && opts.query.trim() !== "";
  if (hasTable === hasQuery) throw badSourceArg(fn, "give exactly one of table (a name) and query (SQL)", opts.table ?? opts.query);
  if (opts.schema !== undefined && (typeof opts.schema !== "object" || opts.schema === null || !Array.isArray(opts.schema.columns)))
    throw badSourceArg(fn, "schema must be a schema object with a `columns` array", opts.schema);
  const relation = hasTable ? opts.table!.split(".").map(d.ident).join(".") : `(${opts.query})`;
  const engine = clickhouseEngine(opts.url);
  return {
    kind: "lme4ts.dataSource", engine: "clickhouse", label: `${opts.url} ${opts.table ?? opts.query}`, relation, schema: opts.schema,
    ...(typeof opts.rowNumber === "string" && opts.rowNumber !== "" ? { rowOrder: d.col("t", opts.rowNumber) } : {}),
    open: async () => engine,
  };
}

/** TSV field of a frame value (\N = NULL). */
function field(f: Frame, name: string, i: number): string {
  const c = f.columns.get(name)!;
  if (c.kind === "numeric") return Number.isNaN(c.values[i]!) ? "\\N" : String(c.values[i]);
  const k = c.codes[i]!;
  return k < 0 ? "\\N" : c.levels[k]!.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
}

/**
 * Loads a CSV (read with its schema, as the in-memory path reads it) into ClickHouse: one local
 * table per shard holding every other row, and a Distributed table over them on the first shard
 * (`cluster`, as configured by scripts/clickhouse-cluster.sh). With one shard URL the local table
 * is queried directly. Each row also gets its 0-based number in the CSV (column `lme4ts_row`). Returns
 * the table to query, the row-number column (fromClickHouse's `rowNumber`) and a function dropping everything.
 */
export async function loadCsvToClickHouse(csv: string, schemaPath: string | undefined, shards: readonly string[], cluster = "lme4ts_two_shards"): Promise<{ table: string; rowNumber: string; drop: () => Promise<void> }> {
  const frame = readCsv(csv, schemaPath);
  const st = statSync(csv);
  const tag = createHash("sha1").update(`${csv}:${st.size}:${st.mtimeMs}:${process.pid}:${Date.now()}`).digest("hex").slice(0, 10);
  const base = `lme4ts_${basename(csv).replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_]/g, "_")}_${tag}`;
  const local = `${base}_local`;
  const cols = [`${d.ident(ROW_NUMBER)} Int64`, ...frame.names.map((n) => `${d.ident(n)} Nullable(${frame.columns.get(n)!.kind === "numeric" ? "Float64" : "String"})`)].join(", ");
  await Promise.all(shards.map(async (url, s) => {
    await post(url, `CREATE TABLE ${local} (${cols}) ENGINE = Memory`);
    const lines: string[] = [];
    for (let i = s; i < frame.nrow; i += shards.length) lines.push([String(i), ...frame.names.map((n) => field(frame, n, i))].join("\t"));
    if (lines.length) await post(url, `INSERT INTO ${local} FORMAT TabSeparated\n${lines.join("\n")}\n`);
  }));
  const drop = async () => {
    for (const url of shards) await post(url, `DROP TABLE IF EXISTS ${local}`);
    if (shards.length > 1) await post(shards[0]!, `DROP TABLE IF EXISTS ${base}`);
  };
  if (shards.length === 1) return { table: local, rowNumber: ROW_NUMBER, drop };
  await post(shards[0]!, `CREATE TABLE ${base} AS ${local} ENGINE = Distributed(${cluster}, default, ${local})`);
  return { table: base, rowNumber: ROW_NUMBER, drop };
}

/** The row-number column loadCsvToClickHouse writes (0-based line order of the CSV's records). */
const ROW_NUMBER = "lme4ts_row";
