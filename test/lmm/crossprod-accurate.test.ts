/**
 * The set-up cross products (crossProducts → crossprodAccurate.ts) are correctly rounded sums:
 * the same doubles in any row order (what makes a database fit equal the in-memory fit), unlike
 * the plain refill of fillCrossProducts, which they equal to rounding.
 */
import { describe, expect, it } from "vitest";
import { crossPattern, crossProducts, fillCrossProducts, type CrossProducts } from "../../src/lmm/crossprod.js";
import type { ReTerm } from "../../src/model/random.js";

function data(n: number, order: readonly number[]) {
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = Array.from({ length: n }, (_, i) => ({
    g: i % 13, h: Math.floor(rnd() * 5), x: (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6) + (i % 40 === 0 ? (i % 80 === 0 ? 1e12 : -1e12) : 0),
    y: rnd() * 100 + (i % 30 === 0 ? 1e14 * (i % 60 === 0 ? 1 : -1) : 0), w: 0.25 + rnd(),
  }));
  const r = order.map((i) => rows[i]!);
  const X = new Float64Array(2 * n);
  r.forEach((o, i) => { X[i] = 1; X[i + n] = o.x; });
  const term = (codes: number[], nLevels: number, z: Float64Array, q: number) => ({ codes: Int32Array.from(codes), nLevels, q, z }) as unknown as ReTerm;
  const z2 = new Float64Array(2 * n);
  r.forEach((o, i) => { z2[i] = 1; z2[i + n] = o.x; });
  const terms = [term(r.map((o) => o.g), 13, z2, 2), term(r.map((o) => o.h), 5, new Float64Array(n).fill(1), 1)];
  return { X, y: Float64Array.from(r, (o) => o.y), w: Float64Array.from(r, (o) => o.w), terms };
}

const blocks = (cp: CrossProducts) => [cp.a11, cp.r1Val, cp.ax1, cp.rrVal, cp.axr, cp.axx].map((b) => Array.from(b));

describe("accurate set-up cross products", () => {
  const n = 3000, id = Array.from({ length: n }, (_, i) => i);
  const rev = [...id].reverse(), mixed = id.map((i) => (i * 1543) % n);
  it("are the same doubles in any row order, weighted or not", () => {
    for (const weighted of [false, true]) {
      const cps = [id, rev, mixed].map((o) => { const d = data(n, o); return crossProducts(d.X, 2, d.y, weighted ? d.w : null, d.terms); });
      // the level layout does not depend on the row order here (codes are the same per level)
      expect(blocks(cps[1]!)).toEqual(blocks(cps[0]!));
      expect(blocks(cps[2]!)).toEqual(blocks(cps[0]!));
      if (weighted) expect(cps[2]!.logDetW).toBe(cps[0]!.logDetW);
    }
  });
  it("equal the plain refill to rounding, which does depend on the order", () => {
    const d = data(n, mixed), e = data(n, id);
    const acc = crossProducts(d.X, 2, d.y, null, d.terms);
    const plain = fillCrossProducts(crossPattern(d.terms, n), d.X, 2, d.y, null);
    const plain2 = fillCrossProducts(crossPattern(e.terms, n), e.X, 2, e.y, null);
    const A = blocks(acc), B = blocks(plain);
    A.forEach((blk, k) => {
      const scale = Math.max(...blk.map(Math.abs)); // the plain sums lose ~n·ε of the block's scale to cancellation
      blk.forEach((v, i) => expect(Math.abs(v - B[k]![i]!)).toBeLessThanOrEqual(1e-10 * scale));
    });
    expect(blocks(plain2)).not.toEqual(B); // the test data do expose summation order
  });
});
