/**
 * mgcv's P-spline basis by its defining properties (agreement with mgcv/gamm4: gamm4.test.ts): k + 4
 * evenly spaced knots around the 0.1%-widened range, B-splines summing to one and reproducing
 * linear functions (with the Greville abscissae as coefficients), linear continuation beyond the
 * range, and the second-difference penalty (zero on linear coefficients).
 */
import { describe, expect, it } from "vitest";
import { psBasis, psKnots } from "../../../src/model/smooth/ps.js";

const x = [2, 3.5, 4, 7, 9.5, 12];
const k = 8;
const knots = psKnots(x, k);
const b = psBasis(knots, k);
const greville = Array.from({ length: k }, (_, j) => (knots[j + 1]! + knots[j + 2]! + knots[j + 3]!) / 3);
const dot = (a: ArrayLike<number>, c: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * c[i]!, 0);

describe("ps basis", () => {
  it("has k + 4 evenly spaced knots, three spacings beyond the widened range", () => {
    expect(knots.length).toBe(k + 4);
    const dx = knots[1]! - knots[0]!;
    for (let i = 1; i < knots.length; i++) expect(knots[i]! - knots[i - 1]!).toBeCloseTo(dx, 12);
    expect(knots[3]!).toBeCloseTo(2 - 0.01, 12);
    expect(knots[k]!).toBeCloseTo(12 + 0.01, 12);
  });

  it("sums to one and reproduces linear functions, continuing linearly beyond the range", () => {
    for (const v of [-3, 2, 5.3, 12, 20]) {
      const r = b.row(v);
      expect(r.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 12);
      expect(dot(r, greville)).toBeCloseTo(v, 10);
    }
  });

  it("penalizes second differences of the coefficients", () => {
    const quad = (c: number[]) => { let s = 0; for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) s += c[i]! * b.S[i + j * k]! * c[j]!; return s; };
    expect(quad(Array.from({ length: k }, (_, i) => 3 - 2 * i))).toBeCloseTo(0, 10);
    const c = Array.from({ length: k }, (_, i) => i * i);
    expect(quad(c)).toBeCloseTo(4 * (k - 2), 10); // every second difference of i² is 2
  });
});
