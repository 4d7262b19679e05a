/**
 * Messages of the database sources (src/sources/): DuckDB and ClickHouse front ends that fit
 * from pushed-down aggregations.
 */
import { LmeError } from "./error.js";

/** The optional DuckDB package is not installed. */
export const duckdbMissing = (detail: string): LmeError =>
  new LmeError("usage", `fitting from DuckDB needs the package \`@duckdb/node-api\` (an optional peer dependency, ~70 MB native): npm install @duckdb/node-api (${detail})`);

/** A bad argument to fromDuckDB / fromClickHouse. */
export const badSourceArg = (fn: string, what: string, got: unknown): LmeError =>
  new LmeError("usage", `${fn}: ${what}, not ${describe(got)}`);

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "string") return `'${x}'`;
  return typeof x === "object" ? "an object" : `${typeof x} ${String(x)}`;
}

/** A query the engine refused. */
export const engineFailed = (engine: string, detail: string, sql: string): LmeError =>
  new LmeError("data", `${engine} failed: ${detail.split("\n")[0]}\n  in: ${sql.length > 400 ? sql.slice(0, 400) + " …" : sql}`);

/** A column the formula names is not in the source. */
export const sourceColumnMissing = (name: string, columns: readonly string[]): LmeError =>
  new LmeError("data", `column '${name}' is not in the database source (its columns: ${columns.join(", ")}); check the formula or the table/query`);

/** A formula construct that is not pushed down to SQL (yet). */
export const notPushedDown = (what: string, why: string): LmeError =>
  new LmeError("formula", `'${what}' cannot be computed inside the database: ${why}; compute it as a column of the table/query, or load the data into memory (engine "memory")`);

/** A row-level result asked of a model fitted from a database source. */
export const needsRowPass = (what: string, instead: string): LmeError =>
  new LmeError("usage", `${what} of a model fitted from a database source needs the rows, which stay in the database: ${instead}`);

/** No rows left after removing missing values. */
export const sourceNoRows = (nInput: number, variables: readonly string[]): LmeError =>
  new LmeError("data", `no complete rows: all ${nInput} rows of the database source have a missing value in one of ${variables.join(", ")}`);

/** Negative, missing or infinite prior weights in the source. */
export const sourceBadWeights = (name: string, count: number): LmeError =>
  new LmeError("data", `weights column '${name}' has ${count} row${count === 1 ? "" : "s"} with a negative or non-finite value: prior weights must be finite and ≥ 0`);

/** A non-finite value of the response, a design column or the offset. */
export const sourceNonFinite = (what: string, count: number): LmeError =>
  new LmeError("data", `${what} is not finite in ${count} row${count === 1 ? "" : "s"} of the database source (e.g. log of 0 or a negative number); fix the data or the formula`);

/** An unknown engine name (CLI --engine / LME4TS_ENGINE). */
export const unknownEngine = (name: string): LmeError =>
  new LmeError("usage", `unknown engine '${name}': use duckdb, clickhouse or memory (flag --engine or the environment variable LME4TS_ENGINE)`);

/** A glmer family that is not collapsed to cells in the database. */
export const glmerSourceFamily = (family: string): LmeError =>
  new LmeError("family", `glmer from a database source supports the binomial and poisson families, not ${family}: load the data into memory (engine "memory")`);

/** An empty formula given with a database source. */
export const sourceFormulaEmpty = (): LmeError => new LmeError("formula", "the formula is empty: give one like \"y ~ x + (1 | g)\"");

/** A formula without a response given with a database source. */
export const sourceFormulaNoResponse = (source: string): LmeError =>
  new LmeError("formula", `the formula '${source}' has no response: write it as "response ~ terms"`);

/** A weights column that holds categories. */
export const sourceWeightsNotNumeric = (col: string): LmeError => new LmeError("data", `weights column '${col}' is not numeric`);

/** A factor response for a family other than binomial. */
export const sourceFactorResponse = (label: string, family: string): LmeError =>
  new LmeError("family", `the response '${label}' is a factor: a ${family} response must be numeric`);

/** sourceFitted / sourceResiduals given something else than a model fitted from a source. */
export const notSourceModel = (fn: string): LmeError =>
  new LmeError("usage", `${fn}: m must be a model fitted by lmer from a database source (for an in-memory fit use m.fitted() / m.residuals())`);

/** CLI: an engine flag combination that cannot work (`usage` is the CLI's usage text). */
export const cliEngineUsage = (what: string, usage: string): LmeError => new LmeError("usage", `${what}\n${usage}`);

/** CLI: runCli (synchronous) asked for a database engine. */
export const cliEngineAsync = (engine: string): LmeError =>
  new LmeError("usage", `--engine ${engine} runs asynchronously: call runCliAsync (the lme4ts command does)`);

/** The worker thread of glmer's PIRLS route failed outside the fit (it could not load, or it died). */
export const glmerWorkerFailed = (detail: string): LmeError =>
  new LmeError("numeric", `glmer from a database source: the worker thread that runs the fit failed (${detail}); set LME4TS_SOURCE_CELLS_MAX to a number above the cells to fit the cells in memory instead, and report this`);

/** sourceBootMer with a statistic that is not a built-in name. */
export const sourceBootStatistic = (statistic: unknown): LmeError =>
  new LmeError("usage", `sourceBootMer: the statistic must be "fixef", "theta", "sdcor" or "all", not ${typeof statistic === "string" ? `"${statistic}"` : typeof statistic}; a statistic function needs the rows (bootMer on the model fitted in memory)`);
