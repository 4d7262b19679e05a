/**
 * Exact, order-independent sums of products in SQL, so that a fit from a database gives the same
 * cross products — to the last bit — as the in-memory set-up (lmm/crossprodAccurate.ts, which
 * rounds its double-double sums correctly): an engine adds in parallel in a varying order, and a
 * last-bit change of a cross product moves the optimizer's end point by up to its tolerance.
 *
 * The method: a bounds pass gives M_a = max |f_a| for every factor f_a = a·√w of a product (one
 * aggregate query). For a product x = f_a·f_b, |x| ≤ fl(M_a M_b) ≤ 2^E, so x·2^k with k = L − E
 * is below 2^L in magnitude; x is split into integer limbs
 *   c_0 = trunc(x·2^k),  c_i = trunc(x·2^(k+iL)) − trunc(x·2^(k+(i−1)L))·2^L  (each exact, |c_i| < 2^L)
 * and each limb is summed by the engine as an integer (exact in any order; the dialect chooses L
 * and the number of limbs so that the sum cannot overflow: DuckDB two 62-bit limbs in a HUGEINT,
 * ClickHouse 18.16 three limbs of ≤ 62 − log2 n bits in an Int64). Here the limb sums are
 * combined as a BigInt N = Σ C_i 2^((count−1−i)L) and Σx = N·2^−(k+(count−1)L), rounded once
 * (Number(BigInt) rounds to nearest): the correctly rounded sum.
 *
 * Caveats: bits of a product below 2^(E − count·L) (products ~2^70 times smaller than the
 * largest possible product) are truncated, in the same way on every run; a bound that is not
 * finite (non-finite data: the caller's checks report them) or below 2^−890 falls back to the
 * engine's plain sum; the per-row products must be the same doubles as in memory, which holds
 * for the columns and arithmetic, not always for a math function of the engine's libm.
 */
import type { SqlDialect } from "./sql/dialect.js";
import type { SqlEngine, SqlValue } from "./types.js";

/** One exact sum: its SELECT items and the reading of their values. */
export interface ExactTerm {
  readonly sql: readonly string[];
  decode(values: readonly SqlValue[]): number;
}

/** x·2^e without intermediate overflow (exact unless the result is subnormal). */
function ldexp(x: number, e: number): number {
  while (e > 1000) { x *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { x *= 2 ** -1000; e += 1000; }
  return x * 2 ** e;
}

/** Smallest E with 2^E ≥ b (b > 0, finite). */
function ceilLog2(b: number): number {
  let E = Math.ceil(Math.log2(b));
  while (2 ** E < b) E++;
  while (2 ** (E - 1) >= b) E--;
  return E;
}

/** The exact sums of a relation: factors a·√w with their bounds. */
export class ExactSummer {
  constructor(
    private readonly d: SqlDialect,
    private readonly bounds: ReadonlyMap<string, number>,
    private readonly sw: string | null,
    private readonly n: number,
  ) {}

  /** The factor f_a = a·√w as SQL (a itself for unit weights): the in-memory order of operations. */
  factor(a: string): string {
    return this.sw ? `(${a} * ${this.sw})` : a;
  }

  /** Σ f_a·f_b over the rows (a, b among the expressions of the bounds pass). */
  product(a: string, b: string): ExactTerm {
    const B = this.bounds.get(a)! * this.bounds.get(b)!;
    return this.sum(`(${this.factor(a)} * ${this.factor(b)})`, B);
  }

  /** Σ 2·log √w over the rows (Σ log w as the in-memory set-up adds it); null for unit weights. */
  logDetW(): ExactTerm | null {
    return this.sw ? this.sum(logW(this.d, this.sw), this.bounds.get(LOGW) ?? Infinity) : null;
  }

  /** Σ x over the rows for |x| ≤ bound. */
  sum(x: string, bound: number): ExactTerm {
    const d = this.d;
    if (bound === 0) return { sql: [], decode: () => 0 };
    const E = Number.isFinite(bound) && bound > 0 ? ceilLog2(bound) : NaN;
    if (!(E > -890)) return { sql: [d.sum(x)], decode: (v) => Number(v[0]) };
    const { bits: L, count } = d.limbs(this.n), k = L - E;
    const scaled = (i: number) => d.trunc(`${x} * ${d.num(2 ** (k + i * L))}`);
    const sql = Array.from({ length: count }, (_, i) =>
      d.intSum(i === 0 ? scaled(0) : `(${scaled(i)} - ${scaled(i - 1)} * ${d.num(2 ** L)})`),
    );
    return {
      sql,
      decode: (v) => {
        let N = 0n;
        for (let i = 0; i < count; i++) N = (N << BigInt(L)) + BigInt(v[i] === null ? 0 : String(v[i]));
        return ldexp(Number(N), -(k + (count - 1) * L));
      },
    };
  }
}

/** The SELECT items of several exact sums and the reading of a result row from column `at`. */
export function selectSums(terms: readonly ExactTerm[]): { sql: string[]; read(row: readonly SqlValue[], at: number): number[] } {
  const sql = terms.flatMap((t) => t.sql);
  return {
    sql,
    read(row, at) {
      return terms.map((t) => {
        const v = row.slice(at, at + t.sql.length);
        at += t.sql.length;
        return t.decode(v);
      });
    },
  };
}

const LOGW = "\u0000logw";

/** 2·log √w in SQL (the in-memory Σ log w adds 2·log of the square-root weights). */
const logW = (d: SqlDialect, sw: string) => `(${d.num(2)} * ${d.fn("log", [sw])!})`;

/**
 * The bounds pass: max |a·√w| of every expression in `exprs` (and of 2·log √w when weighted) over
 * `from`, in one query; n is the number of rows (it sets the limb width).
 */
export async function exactSummer(engine: SqlEngine, from: string, exprs: readonly string[], w: string | null, n: number): Promise<ExactSummer> {
  const d = engine.dialect, sw = w ? `sqrt(${w})` : null;
  const uniq = [...new Set(exprs)];
  const factor = (e: string) => (sw ? `(${e} * ${sw})` : e);
  const items = uniq.map((e) => `max(abs(${factor(e)}))`);
  if (sw) items.push(`max(abs(${logW(d, sw)}))`);
  const row = (await engine.query(`SELECT ${items.join(", ")} FROM ${from}`))[0]!;
  const num = (v: SqlValue | undefined) => (v === null || v === undefined ? 0 : Number(v));
  const bounds = new Map(uniq.map((e, i) => [e, num(row[i])]));
  if (sw) bounds.set(LOGW, num(row[uniq.length]));
  return new ExactSummer(d, bounds, sw, n);
}
