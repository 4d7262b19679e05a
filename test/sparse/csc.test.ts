import { describe, expect, it } from "vitest";
import {
  cscFromTriplets,
  cscToDense,
  sparseMatVec,
  symUpperMatVec,
  transpose,
  upperTriangle,
} from "../../src/sparse/index.js";
import { LmeError } from "../../src/messages/error.js";
import { denseSymFromUpper, maxAbsDiff, randomSpd, rng } from "./helpers.js";

describe("cscFromTriplets", () => {
  it("sorts rows within columns and sums duplicates", () => {
    const A = cscFromTriplets(3, 2, [2, 0, 2, 1, 0], [0, 0, 0, 1, 0], [1, 2, 3, 4, 5]);
    expect(Array.from(A.colptr)).toEqual([0, 2, 3]);
    expect(Array.from(A.rowind)).toEqual([0, 2, 1]);
    expect(Array.from(A.values)).toEqual([7, 4, 4]);
  });
  it("rejects out-of-range indices and unequal lengths", () => {
    expect(() => cscFromTriplets(2, 2, [2], [0], [1])).toThrow(LmeError);
    expect(() => cscFromTriplets(2, 2, [0], [0, 1], [1])).toThrow(/lengths/);
  });
});

describe("transpose and products", () => {
  const u = rng(7);
  const I: number[] = [];
  const J: number[] = [];
  const X: number[] = [];
  for (let t = 0; t < 40; t++) {
    I.push(Math.floor(u() * 6));
    J.push(Math.floor(u() * 9));
    X.push(u() - 0.5);
  }
  const A = cscFromTriplets(6, 9, I, J, X);
  const D = cscToDense(A);

  it("transpose gives the dense transpose with sorted rows", () => {
    const T = transpose(A);
    expect([T.m, T.n]).toEqual([9, 6]);
    const DT = cscToDense(T);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 9; j++) expect(DT[i * 9 + j]).toBe(D[j * 6 + i]);
    for (let c = 0; c < T.n; c++) for (let p = T.colptr[c]! + 1; p < T.colptr[c + 1]!; p++) expect(T.rowind[p]!).toBeGreaterThan(T.rowind[p - 1]!);
  });

  it("sparseMatVec accumulates A x", () => {
    const x = Float64Array.from({ length: 9 }, (_, k) => k - 3);
    const y = new Float64Array(6).fill(1);
    sparseMatVec(A, x, y);
    for (let i = 0; i < 6; i++) {
      let s = 1;
      for (let j = 0; j < 9; j++) s += D[j * 6 + i]! * x[j]!;
      expect(y[i]).toBeCloseTo(s, 12);
    }
  });

  it("symUpperMatVec multiplies by the mirrored matrix and ignores the lower triangle", () => {
    const S = randomSpd(12, 0.3, 3, true);
    const U = upperTriangle(S);
    const Dsym = denseSymFromUpper(U);
    const x = Float64Array.from({ length: 12 }, (_, k) => Math.sin(k));
    const y1 = new Float64Array(12);
    const y2 = new Float64Array(12);
    symUpperMatVec(S, x, y1);
    symUpperMatVec(U, x, y2);
    const ref = new Float64Array(12);
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) ref[i]! += Dsym[j * 12 + i]! * x[j]!;
    expect(maxAbsDiff(y1, ref)).toBeLessThan(1e-12);
    expect(maxAbsDiff(y2, ref)).toBeLessThan(1e-12);
    // the full matrix is symmetric, so its dense form equals the mirrored upper triangle
    expect(maxAbsDiff(cscToDense(S), Dsym)).toBe(0);
  });
});
