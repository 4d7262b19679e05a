/**
 * The exact sums of products in SQL (sources/exactsum.ts) against the exact rational sum (BigInt):
 * correctly rounded, the same in any row order, with cancellation and a wide range of magnitudes;
 * and the in-memory set-up fill (lmm/crossprodAccurate.ts) gives the same doubles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactSummer, selectSums } from "../../src/sources/exactsum.js";
import { fromDuckDB } from "../../src/sources/index.js";
import type { SqlEngine } from "../../src/sources/types.js";

/** The exact sum of doubles, correctly rounded (every double is an integer multiple of 2^-1074). */
function exactSum(xs: readonly number[]): number {
  const S = 1200n;
  let N = 0n;
  for (const x of xs) {
    if (x === 0) continue;
    const e = Math.floor(Math.log2(Math.abs(x)));
    const m = BigInt(Math.round(x * 2 ** (52 - e))); // integer mantissa (exact)
    N += m << (S + BigInt(e - 52));
  }
  // round N·2^-S: Number(BigInt) rounds to nearest once the denominator is a power of two in range
  const neg = N < 0n, a = neg ? -N : N;
  const bits = a.toString(2).length, shift = Math.max(0, bits - 60);
  // keep 60 bits and a sticky bit so that Number() rounds as the exact value does
  const top = (a >> BigInt(shift)) | ((a & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n);
  const v = Number(top) * 2 ** (shift - Number(S));
  return neg ? -v : v;
}

describe("exact sums of products in DuckDB", () => {
  let engine: SqlEngine;
  const n = 2000;
  const a: number[] = [], b: number[] = [], w: number[] = [];
  beforeAll(async () => {
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      // magnitudes from 1e-9 to 1e9, half of the large ones cancelling, plus tiny third-decimals
      const big = i % 50 === 0 ? 1e16 * (i % 100 === 0 ? 1 : -1) : 0;
      a.push(big + (rnd() - 0.5) * 10 ** Math.floor(rnd() * 18 - 9));
      b.push(1 + Math.floor(rnd() * 7) / 10);
      w.push(0.5 + rnd());
    }
    const src = fromDuckDB(":memory:", "t");
    engine = await src.open();
    await engine.upload("t", [{ name: "a", type: "double" }, { name: "b", type: "double" }, { name: "w", type: "double" }], a.map((x, i) => [x, b[i]!, w[i]!]));
  });
  afterAll(async () => { await engine?.close(); });

  it("Σ a·b and Σ (a√w)(b√w) are the correctly rounded exact sums", async () => {
    for (const weighted of [false, true]) {
      const s = await exactSummer(engine, "t AS b", ['b."a"', 'b."b"'], weighted ? 'b."w"' : null, n);
      const terms = [s.product('b."a"', 'b."b"'), s.product('b."a"', 'b."a"'), s.product('b."b"', 'b."b"')];
      const sums = selectSums(terms);
      const got = sums.read((await engine.query(`SELECT ${sums.sql.join(", ")} FROM t AS b`))[0]!, 0);
      const f = (x: number, i: number) => (weighted ? x * Math.sqrt(w[i]!) : x);
      const want = [
        exactSum(a.map((x, i) => f(x, i) * f(b[i]!, i))),
        exactSum(a.map((x, i) => f(x, i) * f(x, i))),
        exactSum(b.map((x, i) => f(x, i) * f(x, i))),
      ];
      expect(got).toEqual(want);
      // a naive sum in row order is not that number (the test has cancellation to catch)
      expect(a.reduce((t, x, i) => t + f(x, i) * f(b[i]!, i), 0)).not.toBe(want[0]);
    }
  });

  it("the same numbers in another row order (a GROUP BY over a shuffled relation)", async () => {
    const s = await exactSummer(engine, "t AS b", ['b."a"', 'b."b"'], null, n);
    const sums = selectSums([s.product('b."a"', 'b."b"')]);
    const x1 = sums.read((await engine.query(`SELECT ${sums.sql.join(", ")} FROM t AS b`))[0]!, 0);
    const x2 = sums.read((await engine.query(`SELECT ${sums.sql.join(", ")} FROM (SELECT * FROM t ORDER BY b DESC, a) AS b`))[0]!, 0);
    expect(x2).toEqual(x1);
  });

  it("an all-zero column sums to 0 without a query item; a non-finite bound falls back to the plain sum", async () => {
    const s = await exactSummer(engine, "t AS b", ['b."a"', "0e0", "(1e308 * 1e308)"], null, n);
    expect(s.product('b."a"', "0e0").sql).toEqual([]);
    expect(s.product("(1e308 * 1e308)", 'b."a"').sql).toHaveLength(1);
  });
});
