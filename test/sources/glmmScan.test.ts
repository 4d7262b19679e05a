/**
 * One-scan aggregates of a PIRLS pass (sources/glmmScan.ts) against the per-block queries
 * (crossprod.ts's termBlocks / pairBlocks): the same pattern and the same values up to the
 * summation order, in both one-scan forms (GROUPING SETS and the materialized CTE), with a
 * random slope (q = 2), two crossed terms with unobserved level pairs, prior weights and an extra
 * aggregate (the deviance's place) read back from the same scan.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromDuckDB } from "../../src/sources/index.js";
import { sourceCrossProducts, type SqlRows } from "../../src/sources/crossprod.js";
import { scanCrossProducts } from "../../src/sources/glmmScan.js";
import { plainSummer } from "../../src/sources/glmmPasses.js";
import { CP_VALUES } from "../../src/sources/pirls.js";
import type { ReTerm } from "../../src/model/random.js";
import type { SqlEngine } from "../../src/sources/types.js";

describe("one-scan cross products of a PIRLS pass (DuckDB)", () => {
  let engine: SqlEngine;
  const n = 3000, L1 = 40, L2 = 7;
  const rows: number[][] = [];
  beforeAll(async () => {
    let s = 987654;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      const g1 = Math.floor(rnd() * L1);
      // level pairs (g1, g2) with g1 + g2 ≡ 0 (mod 3) never occur
      let g2 = Math.floor(rnd() * L2);
      if ((g1 + g2) % 3 === 0) g2 = (g2 + 1) % L2;
      rows.push([g1, g2, rnd() - 0.5, rnd() * 3, rnd() * 2 - 1, 0.2 + rnd(), rnd() * 10 - 5]);
    }
    engine = await fromDuckDB(":memory:", "t").open();
    const names = ["g1", "g2", "x1", "x2", "zs", "w", "y"];
    await engine.upload("t", names.map((name, j) => ({ name, type: j < 2 ? ("int" as const) : ("double" as const) })), rows);
  });
  afterAll(async () => { await engine?.close(); });

  const term = (nLevels: number, q: number) => ({ nLevels, q }) as unknown as ReTerm;

  for (const withX of [true, false])
    for (const form of ["groupingSets", "cte"] as const)
      it(`${form}, ${withX ? "[X y]" : "y only"}: equal to the per-block queries`, async () => {
        const sql: SqlRows = {
          from: "t", xy: [...(withX ? ["x1", "x2"] : []), "y"], w: "w",
          terms: [{ code: "g1", z: ["1.0", "zs"] }, { code: "g2", z: ["1.0"] }],
        };
        const re = [term(L1, 2), term(L2, 1)];
        const keep = withX ? [0, 1] : [];
        const summer = plainSummer(engine.dialect, sql.w, n);
        const got = await scanCrossProducts(engine, sql, keep, summer, ["sum(y * y * w)", "sum(2.0)"], form);
        expect(got.n).toBe(n);
        const want2 = rows.reduce((a, r) => a + r[6]! * r[6]! * r[5]!, 0);
        expect(Math.abs(got.extra[0]! - want2) / want2).toBeLessThan(1e-12);
        expect(got.extra[1]).toBe(2 * n);
        const a = await sourceCrossProducts(engine, sql, re, keep, { n, logDetW: 0, xx: got.xx }, summer, got.blocks);
        const b = await sourceCrossProducts(engine, sql, re, keep, { n, logDetW: 0, xx: got.xx }, summer);
        for (const k of ["r1Ptr", "r1Rows", "pairU", "pairV", "pairOff"] as const) expect(Array.from(a[k])).toEqual(Array.from(b[k]));
        // the pattern really is sparse: not every (g1, g2) pair
        expect(a.r1Rows.length).toBeLessThan(L1 * L2);
        for (const k of CP_VALUES) {
          expect(a[k].length).toBe(b[k].length);
          const scale = Math.max(...Array.from(b[k], Math.abs), 1e-300);
          a[k].forEach((v, i) => expect(Math.abs(v - b[k][i]!) / scale).toBeLessThan(1e-12));
        }
        // the totals against a direct sum of the rows: Σ w y²
        const P = sql.xy.length;
        expect(Math.abs(got.xx[P * P - 1]! - want2) / want2).toBeLessThan(1e-12);
      });
});
