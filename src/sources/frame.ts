/**
 * The model frame of a database source without reading its rows: the complete-case filter (R's
 * na.omit over the formula's columns, rows counted), and for every factor the levels in R's order
 * computed in JS from the distinct values (the in-memory rule of src/data/, never the engine's
 * collation). Each factor column and each grouping factor gets a small code table in the engine
 * (its distinct values → 0-based level code) that the aggregation queries join.
 */
import type { Column, Frame, SchemaColumn } from "../data/types.js";
import { columnFromValues, dropUnusedLevels, makeFrame } from "../data/index.js";
import { factorColumn, numericColumn } from "../data/column.js";
import type { Expr, ParsedFormula, RandomTermSpec } from "../formula/types.js";
import { groupingFactor } from "../model/random.js";
import { sourceColumnMissing, sourceNoRows } from "../messages/sources.js";
import type { DataSource, SourceColumn, SqlEngine, SqlValue } from "./types.js";

/** The columns an expression names. */
export function exprColumns(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.type) {
    case "var": out.add(e.name); break;
    case "paren": exprColumns(e.expr, out); break;
    case "unary": exprColumns(e.arg, out); break;
    case "binary": exprColumns(e.left, out); exprColumns(e.right, out); break;
    case "call": e.args.forEach((a) => exprColumns(a, out)); break;
    case "named": exprColumns(e.value, out); break;
    default: break;
  }
  return out;
}

/** The level codes of the distinct values of `columns` (a factor or a grouping factor's variables). */
export interface CodeTable {
  readonly columns: readonly string[];
  /** The levels in R's order (code = index). */
  readonly levels: readonly string[];
  /** SQL of a row's 0-based level code; `alias` names the joined code table (join mode). */
  code(alias: string): string;
  /** The JOIN clause bringing the code table in as `alias` (join mode), or "" (inline). */
  join(alias: string): string;
}

/** What the aggregation queries need to know about the source's rows. */
export interface SourceFrame {
  readonly engine: SqlEngine;
  readonly source: DataSource;
  readonly columns: ReadonlyMap<string, SourceColumn>;
  /** The complete-case rows as a subquery (alias-free text). */
  readonly base: string;
  /** The same rows with their 0-based number in the source's scan order (column lme4ts_row). */
  readonly numberedBase: string;
  /**
   * The same rows with their position in the data's own order (column lme4ts_ord, from
   * DataSource.rowOrder), or null when the source has no row order.
   */
  readonly orderedBase: string | null;
  readonly nInput: number;
  /** Rows dropped for missing values. */
  readonly nDropped: number;
  /** Rows in the model frame (after the extra filter, e.g. zero weights). */
  readonly n: number;
  /** Temporary tables made for this fit (prefix `lme4ts_`). */
  readonly tables: string[];
  readonly prefix: string;
  isDiscrete(name: string): boolean;
}

let fitCounter = 0;

/** The schema entry of a column, if the source has a schema. */
const schemaOf = (src: DataSource, name: string): SchemaColumn | undefined => src.schema?.columns.find((c) => c.name === name);

/**
 * Opens the source and builds the complete-case frame for `variables`; `extraFilter` (SQL, e.g.
 * positive weights) removes rows without counting them as missing.
 */
export async function sourceFrame(source: DataSource, variables: readonly string[], extraFilter?: (refs: (c: string) => string) => string): Promise<SourceFrame> {
  const engine = await source.open();
  const d = engine.dialect;
  const cols = await engine.describe(source.relation);
  const columns = new Map(cols.map((c) => [c.name, c]));
  for (const v of variables) if (!columns.has(v)) throw sourceColumnMissing(v, cols.map((c) => c.name));
  const isDiscrete = (name: string) => {
    const s = schemaOf(source, name);
    if (s) return s.type === "factor" || s.type === "character" || s.type === "logical";
    return columns.get(name)?.discrete ?? false;
  };
  const complete = variables.map((v) => d.present(d.ident(v), columns.get(v)!.type)).join(" AND ") || "1 = 1";
  const sel = variables.map((v) => d.ident(v)).join(", ") || "1 AS one";
  const extra = extraFilter ? extraFilter((c) => d.ident(c)) : null;
  const counts = await engine.query(
    `SELECT ${d.count()}, ${d.sum(`CASE WHEN ${complete} THEN ${d.num(1)} ELSE ${d.num(0)} END`)}${extra ? `, ${d.sum(`CASE WHEN ${complete} AND ${extra} THEN ${d.num(1)} ELSE ${d.num(0)} END`)}` : ""} FROM ${source.relation} AS t`,
  );
  const nInput = Number(counts[0]![0]), nComplete = Number(counts[0]![1]), n = extra ? Number(counts[0]![2]) : nComplete;
  if (nComplete === 0) throw sourceNoRows(nInput, variables);
  const prefix = `lme4ts_${process.pid}_${++fitCounter}`;
  const base = `(SELECT ${sel} FROM ${source.relation} AS t WHERE ${complete}${extra ? ` AND ${extra}` : ""})`;
  const numberedBase = `(SELECT ${d.rowNumber ? d.rowNumber() : "0"} AS lme4ts_row, ${sel} FROM ${source.relation} AS t WHERE ${complete}${extra ? ` AND ${extra}` : ""})`;
  const orderedBase = source.rowOrder ? `(SELECT ${source.rowOrder} AS lme4ts_ord, ${sel} FROM ${source.relation} AS t WHERE ${complete}${extra ? ` AND ${extra}` : ""})` : null;
  return { engine, source, columns, base, numberedBase, orderedBase, nInput, nDropped: nInput - nComplete, n, tables: [], prefix, isDiscrete };
}

/** A column of the stub frame from values fetched from the engine. */
function stubColumn(sf: SourceFrame, name: string, values: SqlValue[]): Column {
  const schema = schemaOf(sf.source, name);
  const vals = sf.isDiscrete(name) ? values : values.map((v) => (v === null ? NaN : Number(v)));
  return columnFromValues(name, vals, schema);
}

/** An SQL literal of a value fetched from the engine. */
function literal(sf: SourceFrame, v: SqlValue): string {
  const d = sf.engine.dialect;
  if (typeof v === "string") return d.str(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return d.num(Number(v));
}

/**
 * Makes a code table over the distinct rows of `columns` in the model frame: the rows are fetched,
 * `codesOf` gives each its level code from a frame of those rows (the in-memory rule), and the
 * codes reach the rows as the dialect says: a table (columns…, code) joined to them, or the
 * values and codes written into the query (inline).
 */
async function codeTable(sf: SourceFrame, tag: string, columns: readonly string[], codesOf: (frame: Frame) => { codes: Int32Array; levels: readonly string[] }): Promise<CodeTable> {
  const { engine } = sf, d = engine.dialect;
  const cl = columns.map((c) => d.ident(c)).join(", ");
  if (d.codes === "inline") {
    const sel = columns.map((c) => (sf.isDiscrete(c) ? d.ident(c) : d.double(d.ident(c)))).join(", ");
    const rows = await engine.query(`SELECT DISTINCT ${sel} FROM ${sf.base} AS b`);
    const frame = makeFrame(columns.map((c, j) => stubColumn(sf, c, rows.map((r) => r[j]!))));
    const f = codesOf(frame);
    const one = columns.length === 1;
    const values = rows.map((r) => (one ? literal(sf, r[0]!) : d.tuple(r.map((v) => literal(sf, v)))));
    const keyOf = (alias: string) => {
      const ks = columns.map((c) => (sf.isDiscrete(c) ? d.col(alias, c) : d.double(d.col(alias, c))));
      return one ? ks[0]! : d.tuple(ks);
    };
    return { columns, levels: f.levels, code: () => d.lookup!(values, keyOf("b"), f.codes), join: () => "" };
  }
  const distinct = `${sf.prefix}_${tag}_d`, codes = `${sf.prefix}_${tag}_c`, table = `${sf.prefix}_${tag}`;
  await engine.exec(d.createTableAs!(distinct, `SELECT ${d.rowNumber!()} AS lme4ts_rid, ${cl} FROM (SELECT DISTINCT ${cl} FROM ${sf.base} AS b) AS u`));
  sf.tables.push(distinct);
  const rows = await engine.query(`SELECT lme4ts_rid, ${cl} FROM ${distinct}`);
  const frame = makeFrame(columns.map((c, j) => stubColumn(sf, c, rows.map((r) => r[j + 1]!))));
  const f = codesOf(frame);
  await engine.upload(codes, [{ name: "lme4ts_rid", type: "int" }, { name: "lme4ts_code", type: "int" }], rows.map((r, i) => [Number(r[0]), f.codes[i]!]));
  sf.tables.push(codes);
  await engine.exec(d.createTableAs!(table, `SELECT ${columns.map((c) => `x.${d.ident(c)}`).join(", ")}, c.lme4ts_code FROM ${distinct} AS x JOIN ${codes} AS c ON x.lme4ts_rid = c.lme4ts_rid`));
  sf.tables.push(table);
  return {
    columns, levels: f.levels,
    code: (alias) => `${alias}.lme4ts_code`,
    join: (alias) => `JOIN ${table} AS ${alias} ON ${columns.map((c) => `${d.col("b", c)} = ${d.col(alias, c)}`).join(" AND ")}`,
  };
}

/** The code table of one factor column and its model-frame column (levels in R's order, unused dropped). */
export async function factorTable(sf: SourceFrame, name: string, tag: string): Promise<{ table: CodeTable; column: Column }> {
  let column: Column | null = null;
  const table = await codeTable(sf, tag, [name], (frame) => {
    const c = frame.columns.get(name)!;
    if (c.kind !== "factor") throw new Error(`internal: '${name}' is not a factor`);
    const dropped = dropUnusedLevels(c);
    column = dropped;
    return { codes: dropped.codes, levels: dropped.levels };
  });
  return { table, column: column! };
}

/** The code table of a grouping factor (`g`, `a:b`, `factor(x)`): R's levels of the interaction. */
export async function groupingTable(sf: SourceFrame, spec: RandomTermSpec, tag: string): Promise<CodeTable> {
  const cols = new Set<string>();
  spec.groups.forEach((g) => exprColumns(g.expr, cols));
  return codeTable(sf, tag, [...cols], (frame) => groupingFactor(spec, frame));
}

/**
 * The stub frame: every column `variables` names, factors with their model-frame levels (each
 * level at least once), numeric columns filled with 1. The design builders learn names, levels
 * and R's coding from it.
 */
export function stubFrame(variables: readonly string[], factors: ReadonlyMap<string, Column>): Frame {
  let L = 1;
  for (const c of factors.values()) if (c.kind === "factor") L = Math.max(L, c.levels.length);
  return makeFrame(
    variables.map((v) => {
      const c = factors.get(v);
      if (c && c.kind === "factor") {
        const k = c.levels.length;
        return factorColumn(v, Int32Array.from({ length: L }, (_, i) => i % k), c.levels, c.ordered);
      }
      return numericColumn(v, new Float64Array(L).fill(1));
    }),
  );
}

/** Drops the temporary tables of a fit. */
export async function dropTables(sf: SourceFrame): Promise<void> {
  for (const t of sf.tables.splice(0).reverse()) await sf.engine.exec(`DROP TABLE IF EXISTS ${t}`);
}

/** Formula columns by role. */
export function formulaRoles(f: ParsedFormula): { fixed: Set<string>; groups: Set<string> } {
  const fixed = new Set<string>(), groups = new Set<string>();
  f.fixed.terms.forEach((t) => t.vars.forEach((v) => exprColumns(v.expr, fixed)));
  for (const r of f.random) {
    r.lhs.terms.forEach((t) => t.vars.forEach((v) => exprColumns(v.expr, fixed)));
    r.groups.forEach((g) => exprColumns(g.expr, groups));
  }
  return { fixed, groups };
}

/**
 * The factor columns of the fixed part and the random terms' left-hand sides: their code tables
 * (joins aliased f0, f1, …, appended to `joins`), the code SQL per column and the stub frame
 * (see stubFrame) with their model-frame levels.
 */
export async function fixedFactors(sf: SourceFrame, f: ParsedFormula, variables: readonly string[], joins: string[]): Promise<{ stub: Frame; factorCode: Map<string, string> }> {
  const factorCols = new Map<string, Column>(), factorCode = new Map<string, string>();
  let nf = 0;
  for (const c of formulaRoles(f).fixed) {
    if (!sf.isDiscrete(c)) continue;
    const alias = `f${nf++}`;
    const { table, column } = await factorTable(sf, c, alias);
    factorCols.set(c, column); factorCode.set(c, table.code(alias)); joins.push(table.join(alias));
  }
  return { stub: stubFrame(variables, factorCols), factorCode };
}
