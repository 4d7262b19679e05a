/**
 * `lme4ts fit` with a database engine: the data stay in DuckDB (a CSV read with its schema's
 * types, a Parquet file, a DuckDB database's table or query) and the fit runs from pushed-down
 * aggregations. Prints what `cliFit` prints (the summary, or the JSON report).
 */
import { readSchema } from "../data/index.js";
import { lmer, glmer, fromDuckDB } from "../sources/index.js";
import { lmerReport } from "../results/report.js";
import { unknownEngine } from "../messages/sources.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { OptimizerName } from "../optim/names.js";
import { LmeError } from "../messages/error.js";
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

function sourceOf(args: FitArgs, engine: CliEngine): DataSource {
  const schema = args.schema ? readSchema(args.schema) : undefined;
  if (engine === "duckdb") {
    if (!args.data) throw new LmeError("usage", `--engine duckdb needs --data (a CSV, Parquet or DuckDB file)\n${USAGE}`);
    return fromDuckDB(args.data, args.query ?? args.table, { schema });
  }
  throw new LmeError("usage", "--engine clickhouse is not available in this build");
}

/** Runs `fit` on a database engine and returns what it prints. */
export async function cliFitEngine(argv: readonly string[], engine: CliEngine): Promise<string> {
  const args = parseFitArgs(argv);
  const source = sourceOf(args, engine);
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
