/**
 * Database sources: `fromDuckDB` (and the engine protocol for others), and the public `lmer` /
 * `glmer` that accept a source wherever data are accepted. With in-memory data they are the
 * in-memory functions; with a source `lmer` returns a Promise of the fitted model.
 */
import type { DataInput } from "../data/types.js";
import type { ParsedFormula } from "../formula/types.js";
import { lmer as lmerMemory, type LmerOptions } from "../lmm/lmer.js";
import { glmer as glmerMemory, type GlmerOptions } from "../glmm/glmer.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { glmerSource } from "./glmer.js";
import { lmerSource } from "./lmer.js";
import type { SourceLmerMod } from "./model.js";
import { isDataSource, type DataSource } from "./types.js";

export { fromDuckDB, type FromDuckDBOptions } from "./duckdb.js";
export { fromClickHouse, loadCsvToClickHouse, type FromClickHouseOptions } from "./clickhouse.js";
export { sourceFitted, sourceResiduals } from "./rows.js";
export { sourceSimulate, sourceBootMer, type SourceSimOptions } from "./simulate.js";
export { SourceGlmerMod } from "./glmer.js";
export { SourceLmerMod, type SourceFit, type RowSummary } from "./model.js";
export { isDataSource, type DataSource, type SqlEngine, type SourceColumn, type SqlValue } from "./types.js";
export type { SqlDialect } from "./sql/dialect.js";
export type { SqlRows, SqlTerm } from "./crossprod.js";

/**
 * Fits a linear mixed model (lme4's `lmer`). `formula` in lme4's syntax, e.g.
 * "Reaction ~ Days + (Days | Subject)"; `data` in memory (records, columns, a data frame) gives
 * the model; a database source (`fromDuckDB(…)`) gives a Promise of it, fitted from pushed-down
 * aggregations (estimates equal to the in-memory fit; row-level results see SourceLmerMod).
 */
export function lmer(formula: string | ParsedFormula, data: DataSource, opts?: LmerOptions): Promise<SourceLmerMod>;
export function lmer(formula: string | ParsedFormula, data: DataInput, opts?: LmerOptions): LmerMod;
export function lmer(formula: string | ParsedFormula, data: DataInput | DataSource, opts: LmerOptions = {}): LmerMod | Promise<SourceLmerMod> {
  if (isDataSource(data)) return lmerSource(formula, data, opts);
  return lmerMemory(formula, data, opts);
}

/**
 * Fits a generalized linear mixed model (lme4's `glmer`). In-memory `data` gives the model; a
 * database source gives a Promise of it (binomial and Poisson: the rows collapsed in the engine
 * to cells with the response's sufficient statistics, see sources/glmer.ts).
 */
export function glmer(formula: string | ParsedFormula, data: DataSource, opts?: GlmerOptions): Promise<GlmerMod>;
export function glmer(formula: string | ParsedFormula, data: DataInput, opts?: GlmerOptions): GlmerMod;
export function glmer(formula: string | ParsedFormula, data: DataInput | DataSource, opts: GlmerOptions = {}): GlmerMod | Promise<GlmerMod> {
  if (isDataSource(data)) return glmerSource(formula, data, opts);
  return glmerMemory(formula, data, opts);
}
