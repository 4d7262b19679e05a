/** DuckDB's dialect of the SQL generator. */
import { doubleLiteral, type SqlDialect } from "./dialect.js";

const MATH: Readonly<Record<string, string>> = { log: "ln", log2: "log2", log10: "log10", exp: "exp", sqrt: "sqrt", abs: "abs" };

/**
 * Uniform(0, 1) from integer keys (53 bits): chained single-value hashes h = hash(h xor key)
 * (DuckDB's multi-argument hash leaves keys that differ only in the last one correlated).
 */
const uniform = (keys: readonly string[]) =>
  `((${keys.slice(1).reduce((h, x) => `hash(xor(${h}, (${x})::UBIGINT))`, `hash((${keys[0]})::UBIGINT)`)} >> 11)::DOUBLE + 0.5) / 9007199254740992.0`;

/** A DuckDB list literal of numbers (integers 0 … n − 1 as range(n)). */
function listOf(v: ArrayLike<number>, int: boolean): string {
  if (int && Array.prototype.every.call(v, (x: number, i: number) => x === i)) return `range(${v.length})::INTEGER[]`;
  return `[${Array.from(v, int ? String : doubleLiteral).join(", ")}]${int ? "::INTEGER[]" : "::DOUBLE[]"}`;
}

/** DuckDB: double-quoted identifiers, `fsum` (Kahan–Babuška) sums, `isnan` for floating columns. */
export const duckdbDialect: SqlDialect = {
  name: "duckdb",
  codes: "join",
  col: (alias, n) => `${alias}."${n.replace(/"/g, '""')}"`,
  tuple: (e) => `(${e.join(", ")})`,
  ident: (n) => `"${n.replace(/"/g, '""')}"`,
  num: doubleLiteral,
  str: (s) => `'${s.replace(/'/g, "''")}'`,
  sum: (e) => `fsum(${e})`,
  // sum(BIGINT) is a HUGEINT (128 bits): two 62-bit limbs, 124 bits below the bound
  intSum: (e) => `CAST(sum(CAST(${e} AS BIGINT)) AS VARCHAR)`,
  trunc: (e) => `trunc(${e})`,
  limbs: () => ({ bits: 62, count: 2 }),
  count: () => "count(*)",
  fn: (name, args) => {
    if (name === "log1p" && args.length === 1) return `ln(1 + ${args[0]})`;
    if (name === "expm1" && args.length === 1) return `(exp(${args[0]}) - 1)`;
    if (name === "pmin") return `least(${args.join(", ")})`;
    if (name === "pmax") return `greatest(${args.join(", ")})`;
    const f = MATH[name];
    return f && args.length === 1 ? `${f}(${args[0]})` : undefined;
  },
  lgamma: (x) => `lgamma(${x})`,
  pow: (a, b) => `pow(${a}, ${b})`,
  present: (c, type) => (/^(DOUBLE|FLOAT|REAL)/i.test(type) ? `(${c} IS NOT NULL AND NOT isnan(${c}))` : `${c} IS NOT NULL`),
  double: (e) => `CAST(${e} AS DOUBLE)`,
  rowNumber: () => "(row_number() OVER () - 1)",
  // Box–Muller from two hashed uniforms
  normal: (keys) => `(sqrt(-2 * ln(${uniform([...keys, "1"])})) * cos(2 * pi() * ${uniform([...keys, "2"])}))`,
  quantiles: (e, ps, from) => `SELECT unnest(lme4ts_q) FROM (SELECT quantile_cont(${e}, [${ps.join(", ")}]) AS lme4ts_q FROM ${from})`,
  oneScan: ["cte", "groupingSets"],
  // parallel unnest of list literals (one statement however many levels); an integer column 0, 1, …, n − 1 as range(n)
  inlineTable: (cols) => `SELECT ${cols.map((c) => `unnest(${listOf(c.values, c.int)}) AS "${c.name}"`).join(", ")}`,
  createTableAs: (name, q) => `CREATE OR REPLACE TEMP TABLE ${name} AS ${q}`,
};
