import { describe, expect, it } from "vitest";
import { invertLowerInto, logDetChol, trsvLower, trsvLowerTrans } from "../../src/linalg/index.js";
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

  it.each([1, 3, 8])("invertLowerInto: L L⁻¹ = I for a block inside a larger array, n = %i", (n) => {
    const r = rng(10 + n);
    const l = randomSpd(r, n);
    naivePotrf(l, n);
    // embed L at offset 5 of an array with leading dimension n + 2, NaN elsewhere (never read)
    const ld = n + 2, off = 5, big = new Float64Array(off + ld * n).fill(NaN);
    for (let j = 0; j < n; j++) for (let i = j; i < n; i++) big[off + i + j * ld] = l[i + j * n]!;
    const out = new Float64Array(n * n).fill(7); // stale contents are overwritten
    invertLowerInto(big, off, ld, n, out);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i < j) expect(out[i + j * n]).toBe(0);
        let s = 0;
        for (let k = 0; k <= i; k++) s += l[i + k * n]! * out[k + j * n]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
  });

  it("logDetChol is 2 Σ log l_ii (det of [[4,2],[2,5]] = 16)", () => {
    const a = new Float64Array([4, 2, 2, 5]);
    expect(naivePotrf(a, 2)).toBe(0);
    expect(logDetChol(a, 2)).toBeCloseTo(Math.log(16), 14);
    expect(logDetChol(new Float64Array(0), 0)).toBe(0);
  });
});
