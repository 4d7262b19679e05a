/**
 * ClickHouse's dialect (tested with Debian's clickhouse-server 18.16): backquoted identifiers, plain
 * `sum` (18.16 crashes merging `sumKahan` states from shards), level codes inline (`indexOf` over the distinct values, no joins and no tables, so
 * a query on a Distributed table runs as it is on every shard), no row order (a distributed table
 * has none: per-row results are refused), quantiles from order statistics.
 */
import { doubleLiteral, type SqlDialect } from "./dialect.js";

const MATH: Readonly<Record<string, string>> = { log: "log", log2: "log2", log10: "log10", exp: "exp", sqrt: "sqrt", abs: "abs" };
const ident = (n: string) => "`" + n.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`";
const pairwise = (f: string, args: readonly string[]): string => (args.length === 1 ? args[0]! : `${f}(${args[0]}, ${pairwise(f, args.slice(1))})`);

/** The ClickHouse dialect. */
export const clickhouseDialect: SqlDialect = {
  name: "clickhouse",
  codes: "inline",
  col: (_alias, n) => ident(n),
  lookup: (values, key, codes) => `arrayElement([${Array.from(codes, String).join(", ")}], indexOf([${values.join(", ")}], ${key}))`,
  element: (values, code) => `arrayElement([${Array.from(values, doubleLiteral).join(", ")}], ${code} + 1)`,
  // Nullable key columns (complete cases only reach here) must match the literals' plain types
  tuple: (e) => `tuple(${e.map((x) => `assumeNotNull(${x})`).join(", ")})`,
  ident,
  num: doubleLiteral,
  str: (s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
  // sumKahan would be compensated, but 18.16 crashes merging its states from shards (segfault, measured)
  sum: (e) => `sum(${e})`,
  // sum(Int64) is an Int64 that wraps (18.16 has no Int128): limbs narrow enough that n of them cannot overflow, three of them
  intSum: (e) => `toString(sum(toInt64(${e})))`,
  trunc: (e) => `trunc(${e})`,
  limbs: (n) => ({ bits: Math.min(52, 62 - Math.ceil(Math.log2(n + 1))), count: 3 }),
  count: () => "count()",
  fn: (name, args) => {
    if (name === "log1p" && args.length === 1) return `log(1 + ${args[0]})`;
    if (name === "expm1" && args.length === 1) return `(exp(${args[0]}) - 1)`;
    if (name === "pmin") return pairwise("least", args);
    if (name === "pmax") return pairwise("greatest", args);
    const f = MATH[name];
    return f && args.length === 1 ? `${f}(${args[0]})` : undefined;
  },
  lgamma: (x) => `lgamma(${x})`,
  pow: (a, b) => `pow(${a}, ${b})`,
  present: (c, type) => (/Float/.test(type) ? `(${c} IS NOT NULL AND NOT isNaN(${c}))` : `${c} IS NOT NULL`),
  double: (e) => `toFloat64(${e})`,
};
