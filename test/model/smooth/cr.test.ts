/**
 * The cubic regression spline basis (mgcv's "cr") and its mixed-model reparameterization, by their
 * defining properties (the agreement with mgcv/gamm4 is in gamm4.test.ts): interpolation at the
 * knots, exact linear functions (inside and, by linear continuation, outside the knots), the
 * penalty βᵀSβ = ∫ f″² (checked by numerical integration), and after reparameterization a
 * centred fixed column linear in x and random columns whose penalty is the identity.
 */
import { describe, expect, it } from "vitest";
import { crKnots, crRow, crSpline } from "../../../src/model/smooth/cr.js";
import { learnSmooth, smoothColumns } from "../../../src/model/smooth/basis.js";
import { lmeErrorOf, mulberry32 } from "../../helpers.js";

const knots = Float64Array.from([0, 0.7, 1.5, 2, 3.2, 4, 5.5]);
const sp = crSpline(knots);
const k = knots.length;
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);

describe("cr basis", () => {
  it("interpolates the knot values", () => {
    knots.forEach((x, j) => crRow(sp, x).forEach((v, i) => expect(v).toBeCloseTo(i === j ? 1 : 0, 12)));
  });

  it("reproduces linear functions, and continues linearly beyond the knots", () => {
    const beta = Array.from(knots, (x) => 2 - 3 * x);
    for (const x of [-1, 0.3, 1.9, 3.3, 5.5, 7]) expect(dot(crRow(sp, x), beta)).toBeCloseTo(2 - 3 * x, 10);
  });

  it("has the penalty βᵀSβ = ∫ f″(x)² dx", () => {
    const rnd = mulberry32(7);
    const beta = Array.from({ length: k }, () => rnd() * 2 - 1);
    const f = (x: number) => dot(crRow(sp, x), beta);
    let integral = 0;
    const m = 20000, h = (knots[k - 1]! - knots[0]!) / m;
    for (let i = 0; i < m; i++) {
      const x = knots[0]! + (i + 0.5) * h, e = 1e-3;
      const d2 = (f(x + e) - 2 * f(x) + f(x - e)) / (e * e);
      integral += d2 * d2 * h;
    }
    let quad = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) quad += beta[a]! * sp.S[a + b * k]! * beta[b]!;
    expect(Math.abs(quad - integral) / quad).toBeLessThan(1e-3);
  });

  it("places knots at quantiles of the unique values (mgcv)", () => {
    expect(Array.from(crKnots([1, 1, 2, 3, 4, 5, 5], 3))).toEqual([1, 3, 5]);
    expect(Array.from(crKnots([0, 1, 2, 3], 3))).toEqual([0, 1.5, 3]);
  });
});

describe("reparameterization as a mixed model", () => {
  const rnd = mulberry32(11);
  const x = Float64Array.from({ length: 200 }, () => rnd() * 10);
  const spec = { label: "s(x)", x: { type: "var" as const, name: "x", pos: 0 }, bs: "cr", k: 8, by: null };
  const s = learnSmooth(spec, x);
  const cols = smoothColumns(s, x, Array.from({ length: 7 }, (_, j) => j));

  it("gives k − 2 random columns and one fixed column, all summing to zero over the data", () => {
    expect(s.nRandom).toBe(6);
    for (const c of cols) expect(Math.abs(c.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9 * c.reduce((a, b) => a + Math.abs(b), 0));
  });

  it("makes the fixed column linear and increasing in x", () => {
    const f = cols[6]!;
    const slope = (f[1]! - f[0]!) / (x[1]! - x[0]!);
    expect(slope).toBeGreaterThan(0);
    for (let i = 2; i < x.length; i++) expect(f[i]! - f[0]!).toBeCloseTo(slope * (x[i]! - x[0]!), 9);
  });

  it("turns the scaled penalty into the identity on the random columns and 0 on the fixed one", () => {
    const S = s.basis.S;
    for (let a = 0; a < 7; a++)
      for (let b = 0; b < 7; b++) {
        let v = 0;
        for (let i = 0; i < k + 1; i++) for (let j = 0; j < k + 1; j++) v += s.T[i + a * (k + 1)]! * S[i + j * (k + 1)]! * s.T[j + b * (k + 1)]!;
        expect(v / s.penaltyScale).toBeCloseTo(a === b && a < 6 ? 1 : 0, 8);
      }
  });

  it("refuses a basis dimension above the number of distinct values", () => {
    expect(lmeErrorOf(() => learnSmooth({ ...spec, k: 5 }, Float64Array.from([1, 2, 3, 4, 1, 2]))).message).toMatch(/4 distinct values in the data, too few for a basis of dimension k = 5/);
  });
});
