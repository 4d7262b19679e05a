import { describe, expect, it } from "vitest";
import { logDetChol, trsvLower, trsvLowerTrans } from "../../src/linalg/index.js";
import { naivePotrf, randomMatrix, randomSpd, rng } from "./helpers.js";

describe("vector helpers on a Cholesky factor", () => {
  it.each([1, 2, 7, 33])("trsvLower / trsvLowerTrans invert L and Lᵀ, n = %i", (n) => {
    const r = rng(n);
    const l = randomSpd(r, n);
    naivePotrf(l, n);
    for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) l[i + j * n] = NaN; // upper must be ignored
    const y = randomMatrix(r, n, 1);
    const x = y.slice();
    trsvLower(l, n, x);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = 0; p <= i; p++) s += l[i + p * n]! * x[p]!;
      expect(s).toBeCloseTo(y[i]!, 12);
    }
    const z = y.slice();
    trsvLowerTrans(l, n, z);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = i; p < n; p++) s += l[p + i * n]! * z[p]!;
      expect(s).toBeCloseTo(y[i]!, 12);
    }
  });

  it("logDetChol is 2 Σ log l_ii (det of [[4,2],[2,5]] = 16)", () => {
    const a = new Float64Array([4, 2, 2, 5]);
    expect(naivePotrf(a, 2)).toBe(0);
    expect(logDetChol(a, 2)).toBeCloseTo(Math.log(16), 14);
    expect(logDetChol(new Float64Array(0), 0)).toBe(0);
  });
});
