/**
 * The one dialect layer of the SQL generator. Everything engine-specific that the generated SQL
 * uses is here; a third engine (PostgreSQL, Trino, Spark SQL) is one more small file implementing
 * this interface. It must support: `SELECT … FROM (subquery) … GROUP BY`, inner joins on
 * equality, `CASE WHEN`, `CAST`, temporary tables with `INSERT … VALUES`, `count(*)`, a sum of
 * doubles (compensated if available), the math functions below and finite/NaN tests.
 */
export interface SqlDialect {
  readonly name: string;
  /**
   * How level codes reach the rows: "join" (small temporary code tables joined to the rows; DuckDB)
   * or "inline" (the distinct values and their codes written into the query as arrays, no joins
   * and no tables: what a distributed engine ships to every shard as it is; ClickHouse).
   */
  readonly codes: "join" | "inline";
  /** A column of the row relation aliased `alias` (engines without joins ignore the alias). */
  col(alias: string, name: string): string;
  /** Inline mode: the code of `key` (SQL) among `values` (SQL literals), mapped through `codes`, −1 if absent. */
  lookup?(values: readonly string[], key: string, codes: ArrayLike<number>): string;
  /** Inline mode: element `code` (0-based SQL) of an array of doubles. */
  element?(values: ArrayLike<number>, code: string): string;
  /** A tuple of SQL expressions (a key of several columns). */
  tuple(exprs: readonly string[]): string;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A double literal that round-trips exactly. */
  num(x: number): string;
  /** A string literal. */
  str(s: string): string;
  /** The aggregate sum of a double expression (compensated: Kahan/Neumaier where the engine has it). */
  sum(expr: string): string;
  /**
   * The exact sum of an integer-valued double expression (every value below 2^limbs(n).bits in
   * magnitude), as decimal text: the engine's integer sum (order-independent, no rounding).
   */
  intSum(expr: string): string;
  /** The double expression truncated toward zero. */
  trunc(expr: string): string;
  /**
   * The limbs of the exact sums over n rows (see sources/exactsum.ts): `count` integer limbs of
   * `bits` bits each, chosen so that the engine's integer sum of n limbs cannot overflow.
   */
  limbs(n: number): { readonly bits: number; readonly count: number };
  /** count(*) */
  count(): string;
  /** A math function of R (log, log2, log10, log1p, exp, expm1, sqrt, abs) or undefined. */
  fn(name: string, args: readonly string[]): string | undefined;
  /** log Γ(x) */
  lgamma(x: string): string;
  /** a ^ b */
  pow(a: string, b: string): string;
  /** The non-missing test of a column of the given engine type (NULL, and NaN for floating types). */
  present(col: string, type: string): string;
  /** The expression as a double. */
  double(expr: string): string;
  /**
   * A standard normal draw that is a deterministic function of the integer SQL expressions `keys`
   * (a row number, a seed, a replicate): the per-row noise of simulations; absent where rows have
   * no identity.
   */
  normal?(keys: readonly string[]): string;
  /** A row number starting at 0 in the relation's scan order; absent where rows have no order (a distributed table). */
  rowNumber?(): string;
  /**
   * A query giving R's type-7 quantiles (linear interpolation) of `expr` over `from`, one row per
   * probability in order, from ONE aggregate state (several separate quantile aggregates would each
   * hold a copy of the values); absent: computed from order statistics.
   */
  quantiles?(expr: string, probs: readonly number[], from: string): string;
  /**
   * The forms in which the engine computes every aggregate of a GLMM's PIRLS pass in one scan of
   * the rows (sources/glmmScan.ts): "groupingSets" (`GROUP BY GROUPING SETS` with `GROUPING(…)`)
   * and/or "cte" (a materialized `WITH` aggregate by all codes, then `UNION ALL` of its coarser
   * `GROUP BY`s); absent: one query per block (ClickHouse 18.16 has neither).
   */
  readonly oneScan?: readonly ("groupingSets" | "cte")[];
  /**
   * A SELECT of a small table of numbers written inline (join mode: the PIRLS level effects), one
   * output column per entry, all of the same length; absent: the engine's upload.
   */
  inlineTable?(columns: readonly { name: string; values: ArrayLike<number>; int: boolean }[]): string;
  /** A temporary table made from a query (join mode). */
  createTableAs?(name: string, query: string): string;
}

/** Literal of a double: shortest round-trip text in exponent form (a double in both engines, never a DECIMAL). */
export function doubleLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite literal ${x}`);
  return x.toExponential();
}
