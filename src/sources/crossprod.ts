/**
 * The cross-product blocks of the weighted [Z X y] from SUM … GROUP BY queries, assembled in
 * exactly the layout src/lmm/crossprod.ts builds from rows (see there): ZᵀWZ blocks per level of
 * each term (GROUP BY its code) and per pair of levels of two terms (GROUP BY both codes),
 * [X y]ᵀWZ per level, [X y]ᵀW[X y] in one row. Only O(levels + level pairs) numbers come back.
 * Every sum is exact and correctly rounded (exactsum.ts: integer limbs), so the blocks are the
 * same doubles as the in-memory set-up's, whatever order the engine adds in.
 */
import type { CrossProducts, RestUnits } from "../lmm/crossprod.js";
import type { ReTerm } from "../model/random.js";
import type { SqlEngine } from "./types.js";
import { selectSums, type ExactSummer, type ExactTerm } from "./exactsum.js";

/** One random term's SQL: its code column and its q column expressions. */
export interface SqlTerm {
  readonly code: string;
  readonly z: readonly string[];
}

/** The data relation of the aggregations: the column expressions of one model-frame row. */
export interface SqlRows {
  /** FROM … JOIN … (the base rows joined with the code tables). */
  readonly from: string;
  /** [X y] expressions: the p fixed columns, then the working response (y − offset). */
  readonly xy: readonly string[];
  /** Prior weight expression, or null for unit weights. */
  readonly w: string | null;
  /** Terms in the model's order (decreasing number of levels). */
  readonly terms: readonly SqlTerm[];
}

const lowerPairs = (P: number) => {
  const out: [number, number][] = [];
  for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) out.push([a, b]);
  return out;
};

/** The totals: n, Σ log w, the lower triangle of [X y]ᵀW[X y], min and max of the response (sums exact: see exactsum.ts). */
export async function totals(engine: SqlEngine, rows: SqlRows, s: ExactSummer): Promise<{ n: number; logDetW: number; xx: Float64Array; yMin: number; yMax: number }> {
  const P = rows.xy.length, d = engine.dialect;
  const pairs = lowerPairs(P);
  const lw = s.logDetW();
  const sums = selectSums([...(lw ? [lw] : []), ...pairs.map(([a, b]) => s.product(rows.xy[a]!, rows.xy[b]!))]);
  const y = rows.xy[P - 1]!;
  const sql = `SELECT ${d.count()}, min(${y}), max(${y}), ${sums.sql.join(", ")} FROM ${rows.from}`;
  const r = (await engine.query(sql))[0]!;
  const v = sums.read(r, 3), off = lw ? 1 : 0;
  const xx = new Float64Array(P * P);
  pairs.forEach(([a, b], i) => (xx[a + b * P] = xx[b + a * P] = v[off + i]!));
  return { n: Number(r[0]), logDetW: lw ? v[0]! : 0, xx, yMin: Number(r[1]), yMax: Number(r[2]) };
}

/** Per level of term k: the q×q block Σ w z zᵀ (lower triangle) and the P×q block Σ w [X y] zᵀ, as numbers after the code. */
async function termBlocks(engine: SqlEngine, rows: SqlRows, t: SqlTerm, keep: readonly number[], s: ExactSummer): Promise<number[][]> {
  const q = t.z.length, xy = keep.map((j) => rows.xy[j]!);
  const terms: ExactTerm[] = [];
  for (let a = 0; a < q; a++) for (let b = 0; b <= a; b++) terms.push(s.product(t.z[a]!, t.z[b]!));
  for (let c = 0; c < q; c++) for (const x of xy) terms.push(s.product(x, t.z[c]!));
  const sums = selectSums(terms);
  const res = await engine.query(`SELECT ${t.code}, ${sums.sql.join(", ")} FROM ${rows.from} GROUP BY ${t.code}`);
  return res.map((r) => [Number(r[0]), ...sums.read(r, 1)]);
}

/** Per pair of levels of terms k > k2 observed together: Σ w z_k z_k2ᵀ (q_k × q_k2), as numbers after the two codes. */
async function pairBlocks(engine: SqlEngine, rows: SqlRows, tk: SqlTerm, t2: SqlTerm, s: ExactSummer): Promise<number[][]> {
  const terms: ExactTerm[] = [];
  for (let b = 0; b < t2.z.length; b++) for (let a = 0; a < tk.z.length; a++) terms.push(s.product(tk.z[a]!, t2.z[b]!));
  const sums = selectSums(terms);
  const res = await engine.query(`SELECT ${tk.code}, ${t2.code}, ${sums.sql.join(", ")} FROM ${rows.from} GROUP BY ${tk.code}, ${t2.code}`);
  return res.map((r) => [Number(r[0]), Number(r[1]), ...sums.read(r, 2)]);
}

/**
 * Block rows already computed (e.g. by one GROUPING SETS scan, sources/glmmScan.ts), in the
 * layouts of the per-term and per-pair queries above: term k: [code, Σ w z_a z_b (b ≤ a), then
 * for each z column c and each kept column j of [X y]: Σ w xy_j z_c]; pair (k, k2 < k): [code_k,
 * code_k2, Σ w z_k,a z_k2,b column-major (a fastest)].
 */
export interface BlockSource {
  term(k: number): readonly number[][];
  pair(k: number, k2: number): readonly number[][];
}

function restUnits(terms: readonly ReTerm[]): RestUnits {
  const K = terms.length, termBase = new Int32Array(K + 1);
  let count = 0;
  for (let k = 1; k < K; k++) { termBase[k] = count; count += terms[k]!.nLevels; }
  termBase[K] = count;
  const start = new Int32Array(count), size = new Int32Array(count), term = new Int32Array(count);
  let row = 0;
  for (let k = 1; k < K; k++)
    for (let l = 0; l < terms[k]!.nLevels; l++) {
      const u = termBase[k]! + l;
      start[u] = row; size[u] = terms[k]!.q; term[u] = k; row += terms[k]!.q;
    }
  return { m: row, count, start, size, term, termBase };
}

/**
 * Runs the aggregations and assembles the CrossProducts of the kept fixed columns `keep`
 * (indices into the p columns of `rows.xy`; the response is appended) and the terms `terms`
 * (ReTerm layout: levels, q; their per-row arrays are empty), as fillCrossProducts would.
 */
export async function sourceCrossProducts(engine: SqlEngine, rows: SqlRows, terms: readonly ReTerm[], keep: readonly number[], tot: { n: number; logDetW: number; xx: Float64Array }, s: ExactSummer, blocks?: BlockSource): Promise<CrossProducts> {
  const K = terms.length, t0 = terms[0]!, q0 = t0.q, l0 = t0.nLevels;
  const Pall = rows.xy.length, cols = [...keep, Pall - 1], P = cols.length, p = P - 1;
  const units = restUnits(terms), U = units.count, m = units.m;
  const diag = new Map<number, Float64Array>(); // rest-unit diagonal blocks from the per-term queries
  const axx = new Float64Array(P * P);
  cols.forEach((a, i) => cols.forEach((b, j) => (axx[i + j * P] = tot.xx[a + b * Pall]!)));
  const a11 = new Float64Array(l0 * q0 * q0), ax1 = new Float64Array(P * l0 * q0), axr = new Float64Array(P * m);
  // per-term blocks
  for (let k = 0; k < K; k++) {
    const t = terms[k]!, q = t.q, res = blocks ? blocks.term(k) : await termBlocks(engine, rows, rows.terms[k]!, cols, s);
    const nzz = (q * (q + 1)) / 2;
    for (const r of res) {
      const l = r[0]!;
      let i = 1;
      const zz = new Float64Array(q * q);
      for (let a = 0; a < q; a++) for (let b = 0; b <= a; b++) { const v = r[i++]!; zz[a + b * q] = zz[b + a * q] = v; }
      if (k === 0) a11.set(zz, l * q * q);
      else {
        // the diagonal rr pair (u, u) is filled below from the same numbers
        diag.set(units.termBase[k]! + l, zz);
      }
      i = 1 + nzz;
      for (let c = 0; c < q; c++)
        for (let j = 0; j < P; j++) {
          const v = r[i++]!;
          if (k === 0) ax1[(l * q0 + c) * P + j] = v;
          else axr[(units.start[units.termBase[k]! + l]! + c) * P + j] = v;
        }
    }
  }
  // r1: term-0 level × rest unit; rr: rest unit pairs u > v (different terms) and the diagonal
  const r1Lists: { u: number; block: Float64Array }[][] = Array.from({ length: l0 }, () => []);
  const rr = new Map<number, Float64Array>();
  for (const [u, zz] of diag) rr.set(u * U + u, zz);
  for (let k = 1; k < K; k++) {
    for (let k2 = 0; k2 < k; k2++) {
      const res = blocks ? blocks.pair(k, k2) : await pairBlocks(engine, rows, rows.terms[k]!, rows.terms[k2]!, s);
      for (const r of res) {
        const u = units.termBase[k]! + r[0]!, lv = r[1]!;
        const block = Float64Array.from(r.slice(2)); // q_k × q_k2 column-major
        if (k2 === 0) r1Lists[lv]!.push({ u, block });
        else rr.set(u * U + units.termBase[k2]! + lv, block);
      }
    }
  }
  const r1Ptr = new Int32Array(l0 + 1);
  for (let l = 0; l < l0; l++) {
    r1Lists[l]!.sort((a, b) => a.u - b.u);
    r1Ptr[l + 1] = r1Ptr[l]! + r1Lists[l]!.reduce((s, x) => s + units.size[x.u]!, 0);
  }
  const r1Rows = new Int32Array(r1Ptr[l0]!), r1Val = new Float64Array(r1Ptr[l0]! * q0);
  for (let l = 0; l < l0; l++) {
    const nr = r1Ptr[l + 1]! - r1Ptr[l]!, base = r1Ptr[l]! * q0;
    let row = 0;
    for (const { u, block } of r1Lists[l]!) {
      const qk = units.size[u]!;
      for (let a = 0; a < qk; a++) {
        r1Rows[r1Ptr[l]! + row + a] = units.start[u]! + a;
        for (let b = 0; b < q0; b++) r1Val[base + row + a + b * nr] = block[a + b * qk]!;
      }
      row += qk;
    }
  }
  const keys = [...rr.keys()].sort((a, b) => a - b);
  const pairU = new Int32Array(keys.length), pairV = new Int32Array(keys.length), pairOff = new Int32Array(keys.length + 1);
  keys.forEach((key, i) => {
    pairU[i] = Math.floor(key / U); pairV[i] = key % U;
    pairOff[i + 1] = pairOff[i]! + units.size[pairU[i]!]! * units.size[pairV[i]!]!;
  });
  const rrVal = new Float64Array(pairOff[keys.length]!);
  keys.forEach((key, i) => rrVal.set(rr.get(key)!, pairOff[i]!));
  return {
    n: tot.n, p, P, K, q0, l0, units, a11, r1Ptr, r1Rows, r1Val, ax1, pairU, pairV, pairOff, rrVal, axr, axx,
    logDetW: tot.logDetW, obsR1: new Int32Array(0), obsRR: new Int32Array(0), terms,
  };
}
