/**
 * `lme4ts fit` with a database engine: the data stay in DuckDB (a CSV read with its schema's
 * types, a Parquet file, a DuckDB database's table or query) and the fit runs from pushed-down
 * aggregations. Prints what `cliFit` prints (the summary, or the JSON report).
 */
import { readSchema } from "../data/index.js";
import { lmer, glmer, fromDuckDB, fromClickHouse, loadCsvToClickHouse } from "../sources/index.js";
import { lmerReport } from "../results/report.js";
import { cliEngineUsage, unknownEngine } from "../messages/sources.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { OptimizerName } from "../optim/names.js";
import type { DataSource } from "../sources/types.js";
import { parseFitArgs, USAGE, type FitArgs } from "./args.js";

/** The engines of the CLI. */
export type CliEngine = "memory" | "duckdb" | "clickhouse";

/** The engine of a `fit` call: `--engine`, else the environment variable LME4TS_ENGINE, else memory. */
export function engineOf(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliEngine {
  const flag = parseFitArgs(argv).engine;
  const name = (flag ?? env.LME4TS_ENGINE ?? "memory").trim().toLowerCase() || "memory";
  if (name !== "memory" && name !== "duckdb" && name !== "clickhouse") throw unknownEngine(name);
  return name;
}

/**
 * The source of a `fit`: DuckDB over --data (with --table/--query for a database file); ClickHouse
 * at LME4TS_CLICKHOUSE_URL (default http://127.0.0.1:18123, scripts/clickhouse-cluster.sh) with
 * --table/--query, or --data: the CSV loaded into a Distributed table over the shards of
 * LME4TS_CLICKHOUSE_SHARDS (dropped after the fit).
 */
async function sourceOf(args: FitArgs, engine: CliEngine, env: Readonly<Record<string, string | undefined>>): Promise<{ source: DataSource; done: () => Promise<void> }> {
  const schema = args.schema ? readSchema(args.schema) : undefined;
  const none = async () => {};
  if (engine === "duckdb") {
    if (!args.data) throw cliEngineUsage("--engine duckdb needs --data (a CSV, Parquet or DuckDB file)", USAGE);
    return { source: fromDuckDB(args.data, args.query ?? args.table, { schema }), done: none };
  }
  const url = env.LME4TS_CLICKHOUSE_URL ?? "http://127.0.0.1:18123";
  if (!args.data) return { source: fromClickHouse({ url, table: args.table, query: args.query, schema }), done: none };
  if (args.table !== undefined || args.query !== undefined) throw cliEngineUsage("with --engine clickhouse give --data (a CSV to load) or --table/--query, not both", USAGE);
  const shards = (env.LME4TS_CLICKHOUSE_SHARDS ?? url).split(",").map((s) => s.trim()).filter(Boolean);
  const { table, rowNumber, drop } = await loadCsvToClickHouse(args.data, args.schema, shards);
  return { source: fromClickHouse({ url: shards[0]!, table, schema, rowNumber }), done: drop };
}

/** Runs `fit` on a database engine and returns what it prints. */
export async function cliFitEngine(argv: readonly string[], engine: CliEngine, env: Readonly<Record<string, string | undefined>> = {}): Promise<string> {
  const args = parseFitArgs(argv);
  const { source, done } = await sourceOf(args, engine, env);
  try {
    return await fitAndPrint(args, engine, source);
  } finally {
    await done();
  }
}

async function fitAndPrint(args: FitArgs, engine: CliEngine, source: DataSource): Promise<string> {
  const optimizer = args.optimizer as OptimizerName | undefined;
  const fit = (): Promise<LmerMod | GlmerMod> => args.family
    ? glmer(args.formula, source, { family: args.family, link: args.link, nAGQ: args.nagq, weights: args.weights ?? null, optimizer })
    : lmer(args.formula, source, { REML: args.reml, weights: args.weights ?? null, optimizer });
  const model = await fit();
  const times: number[] = [];
  for (let r = 0; r < args.time; r++) {
    const t0 = performance.now();
    await fit();
    times.push(performance.now() - t0);
  }
  const med = times.length ? [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]! : 0;
  if (args.json) return JSON.stringify({ ...lmerReport(model, { condVar: args.condVar }), engine, ...(args.time > 0 ? { time_ms: med, time_reps: args.time } : {}) }) + "\n";
  return model.toString() + "\n" + (args.time > 0 ? `\nmedian time of one fit: ${med.toFixed(2)} ms (${args.time} fits)\n` : "");
}
