/**
 * Every aggregate of one PIRLS pass in ONE scan of the rows (issue 15): the totals Σ w [X z][X z]ᵀ,
 * the per-level blocks of each term and of each pair of terms (crossprod.ts's layouts), and any
 * extra sums (the deviance at the same predictor), as a single query. Two forms, chosen by the
 * dialect (`SqlDialect.oneScan`):
 *
 * - "groupingSets": `GROUP BY GROUPING SETS ((), (k0), …, (k1, k0), …)`; the engine builds one
 *   hash table per set while it reads the rows once; `GROUPING(k0, …)` tells the sets apart.
 * - "cte": one aggregation by all the codes together, materialized, then the coarser sets as
 *   small `GROUP BY`s of that aggregate joined by `UNION ALL` (the sums of partial sums: the
 *   engine's summation order changes, as it does between runs anyway).
 *
 * Every sum is evaluated in every set (an engine computes all aggregates of a query for each
 * set); the distinct products are few (a product appearing in several blocks is one column).
 * The sums are the summer's plain ones (glmmPasses.ts plainSummer: (a·√w)(b·√w), as the
 * in-memory PIRLS fill adds them). Caveat: the set of (k, k2) level pairs observed is O(rows) in
 * the worst case; the engine's hash tables hold it (DuckDB spills past its memory_limit).
 */
import type { SqlEngine } from "./types.js";
import type { BlockSource, SqlRows } from "./crossprod.js";
import type { ExactSummer } from "./exactsum.js";
import { engineFailed } from "../messages/sources.js";

/** What one scan returns: the totals of [X z] (full P×P over `rows.xy`), the blocks, the extras. */
export interface ScanResult {
  readonly n: number;
  readonly xx: Float64Array;
  readonly blocks: BlockSource;
  readonly extra: number[];
}

/** A grouping set: the term indices grouped by (empty: the totals). */
type GroupSet = readonly number[];

/**
 * Runs the one-scan query over `rows` (weights `rows.w`, codes `rows.terms[k].code`) for the kept
 * fixed columns `keep` (indices into `rows.xy`; the response, last, is appended), with `extra`
 * aggregate SQL items computed on the same scan (e.g. the deviance): sums only, as the "cte" form
 * adds each up again over the fine groups.
 */
export async function scanCrossProducts(engine: SqlEngine, rows: SqlRows, keep: readonly number[], s: ExactSummer, extra: readonly string[], form: "groupingSets" | "cte"): Promise<ScanResult> {
  const d = engine.dialect, K = rows.terms.length, Pall = rows.xy.length;
  const cols = [...keep, Pall - 1];
  const items: string[] = [], index = new Map<string, number>();
  const col = (a: string, b: string) => {
    const sql = s.product(a, b).sql;
    // a programming invariant (callers pass glmmPasses.ts's plainSummer), not a user-facing error
    if (sql.length !== 1) throw new RangeError("scanCrossProducts: exact (limb) sums are not supported");
    const key = sql[0]!;
    let i = index.get(key);
    if (i === undefined) { i = items.length; items.push(key); index.set(key, i); }
    return i;
  };
  // the column of each product, per block
  const totIdx: [number, number, number][] = [];
  for (let a = 0; a < Pall; a++) for (let b = 0; b <= a; b++) totIdx.push([a, b, col(rows.xy[a]!, rows.xy[b]!)]);
  const termIdx = rows.terms.map((t) => {
    const q = t.z.length, out: number[] = [];
    for (let a = 0; a < q; a++) for (let b = 0; b <= a; b++) out.push(col(t.z[a]!, t.z[b]!));
    for (let c = 0; c < q; c++) for (const j of cols) out.push(col(rows.xy[j]!, t.z[c]!));
    return out;
  });
  const pairIdx = new Map<string, number[]>();
  for (let k = 1; k < K; k++)
    for (let k2 = 0; k2 < k; k2++) {
      const tk = rows.terms[k]!, t2 = rows.terms[k2]!, out: number[] = [];
      for (let b = 0; b < t2.z.length; b++) for (let a = 0; a < tk.z.length; a++) out.push(col(tk.z[a]!, t2.z[b]!));
      pairIdx.set(`${k},${k2}`, out);
    }
  const keys = rows.terms.map((_, k) => `lme4ts_gk${k}`);
  const sets: GroupSet[] = [[], ...rows.terms.map((_, k) => [k])];
  for (let k = 1; k < K; k++) for (let k2 = 0; k2 < k; k2++) sets.push([k, k2]);
  const sums = [d.count(), ...extra, ...items], names = sums.map((_, i) => `lme4ts_a${i}`);
  const base = `(SELECT ${[...rows.terms.map((t, k) => `${t.code} AS ${keys[k]}`), "*"].join(", ")} FROM ${rows.from}) AS lme4ts_s`;
  // the set id: bit K−1−k set when term k is NOT grouped (SQL's GROUPING(k0, …, kK−1))
  const idOf = (set: GroupSet) => keys.reduce((m, _, k) => (m << 1) | (set.includes(k) ? 0 : 1), 0);
  let inner: string;
  if (form === "groupingSets") {
    const g = K ? `GROUPING(${keys.join(", ")})` : "0";
    inner = `SELECT ${g} AS lme4ts_id, ${[...keys, ...sums.map((x, i) => `${x} AS ${names[i]}`)].join(", ")} FROM ${base} GROUP BY GROUPING SETS (${sets.map((x) => `(${x.map((k) => keys[k]).join(", ")})`).join(", ")})`;
  } else {
    const fine = `SELECT ${[...keys, ...sums.map((x, i) => `${x} AS ${names[i]}`)].join(", ")} FROM ${base}${K ? ` GROUP BY ${keys.join(", ")}` : ""}`;
    const branch = (set: GroupSet) => {
      const ks = keys.map((k, i) => (set.includes(i) ? k : `CAST(NULL AS INTEGER) AS ${k}`));
      const full = set.length === K;
      const vals = names.map((nm, i) => (full ? nm : i === 0 ? `sum(${nm})` : d.sum(nm)) + ` AS ${nm}`);
      return `SELECT ${idOf(set)} AS lme4ts_id, ${[...ks, ...vals].join(", ")} FROM lme4ts_fine${set.length && !full ? ` GROUP BY ${set.map((k) => keys[k]).join(", ")}` : ""}`;
    };
    // the finest set is the aggregate itself (for K ≤ 2 it is the pair set)
    const wanted = sets.filter((x) => x.length < K || K <= 2);
    inner = `WITH lme4ts_fine AS MATERIALIZED (${fine}) ${wanted.map(branch).join(" UNION ALL ")}`;
  }
  // narrow rows (set id, codes, slot, value): each set returns only the sums its blocks use
  // (most rows are level pairs, which use one or a few), not every sum of the query
  const used = new Map<number, number[]>([[idOf([]), [0, ...extra.map((_, i) => 1 + i), ...totIdx.map((x) => 1 + extra.length + x[2])]]]);
  rows.terms.forEach((_, k) => used.set(idOf([k]), termIdx[k]!.map((i) => 1 + extra.length + i)));
  for (const [key, idx] of pairIdx) { const [k, k2] = key.split(",").map(Number); used.set(idOf([k!, k2!]), idx.map((i) => 1 + extra.length + i)); }
  const list = (f: (cols: number[]) => string) => `CASE lme4ts_id ${[...used].map(([id, cols]) => `WHEN ${id} THEN ${f(cols)}`).join(" ")} END`;
  const sql = `SELECT lme4ts_id, ${keys.join(", ")}, unnest(${list((c) => `range(${c.length})`)}) AS lme4ts_slot, unnest(${list((c) => `[${c.map((i) => d.double(names[i]!)).join(", ")}]`)}) AS lme4ts_v FROM (${inner}) AS lme4ts_o`;
  const res = await engine.query(sql);
  // per set: code(s) → the values of its used columns, in `used` order (one-value sets: no lookup)
  const got = new Map<number, Map<string | number, { codes: number[]; v: Float64Array }>>();
  const single = new Map<number, { codes: number[]; v: Float64Array }[]>();
  for (const r of res) {
    const id = Number(r[0]), width = used.get(id)!.length;
    const codes: number[] = [];
    for (let k = 0; k < K; k++) if (r[1 + k] !== null) codes.push(Number(r[1 + k]));
    const v = r[2 + K] === null ? 0 : Number(r[2 + K]);
    if (width === 1 && codes.length > 0) {
      let list = single.get(id);
      if (!list) single.set(id, (list = []));
      list.push({ codes, v: Float64Array.of(v) });
      continue;
    }
    let m = got.get(id);
    if (!m) got.set(id, (m = new Map()));
    const key = codes.length === 1 ? codes[0]! : codes.join(",");
    let e = m.get(key);
    if (!e) m.set(key, (e = { codes, v: new Float64Array(width) }));
    e.v[Number(r[1 + K])] = v;
  }
  const entries = (id: number) => single.get(id) ?? [...(got.get(id)?.values() ?? [])];
  const totRow = got.get(idOf([]))?.get("")?.v;
  if (!totRow) throw engineFailed(d.name, "the one-scan query returned no totals row", sql);
  const xx = new Float64Array(Pall * Pall);
  totIdx.forEach(([a, b], i) => (xx[a + b * Pall] = xx[b + a * Pall] = totRow[1 + extra.length + i]!));
  // a pair set's codes come in term order (k2 < k): the block wants code_k first
  const blocks: BlockSource = {
    term: (k) => entries(idOf([k])).map((e) => [e.codes[0]!, ...e.v]),
    pair: (k, k2) => entries(idOf([k, k2])).map((e) => [e.codes[1]!, e.codes[0]!, ...e.v]),
  };
  return { n: totRow[0]!, xx, blocks, extra: extra.map((_, i) => totRow[1 + i]!) };
}
