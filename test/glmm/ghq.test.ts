import { describe, expect, it } from "vitest";
import { GH_MAX_ORDER, ghRule, symTridiagEigen } from "../../src/glmm/ghq.js";
import { LmeError } from "../../src/messages/error.js";

/** (2m − 1)!! = E[Z^{2m}] for Z ~ N(0, 1). */
function doubleFactorial(m: number): number {
  let p = 1;
  for (let j = 2 * m - 1; j > 1; j -= 2) p *= j;
  return p;
}

function moment(k: number, power: number): number {
  const { z, w } = ghRule(k);
  let s = 0;
  for (let i = 0; i < k; i++) s += w[i]! * z[i]! ** power;
  return s;
}

describe("ghRule (lme4's GHrule)", () => {
  it("reproduces the 5-point table of lme4's GHrule(5)", () => {
    const { z, w } = ghRule(5);
    const zr = [-2.856970013872806, -1.355626179974266, 0, 1.355626179974266, 2.856970013872806];
    const wr = [0.011257411327720689, 0.22207592200561264, 0.5333333333333333, 0.22207592200561264, 0.011257411327720689];
    for (let i = 0; i < 5; i++) {
      expect(z[i]).toBeCloseTo(zr[i]!, 13);
      expect(w[i]).toBeCloseTo(wr[i]!, 14);
    }
    expect(z[2]).toBe(0);
    expect(w[2]).toBeCloseTo(8 / 15, 15);
  });

  it("integrates normal moments exactly for k = 15 and 25", () => {
    for (const k of [15, 25]) {
      expect(moment(k, 0)).toBeCloseTo(1, 14);
      expect(moment(k, 2)).toBeCloseTo(1, 13);
      expect(moment(k, 4)).toBeCloseTo(3, 12);
      // exact up to degree 2k − 1: all even moments up to z^{2k-2}, odd ones vanish
      for (let m = 3; 2 * m <= 2 * k - 2; m++) {
        expect(Math.abs(moment(k, 2 * m) / doubleFactorial(m) - 1)).toBeLessThan(1e-11);
      }
      expect(Math.abs(moment(k, 3))).toBeLessThan(1e-13);
      // degree 2k is not exact: the k-point rule misses exactly k! = ∫ He_k(z)² φ(z) dz
      let kFact = 1;
      for (let j = 2; j <= k; j++) kFact *= j;
      expect((doubleFactorial(k) - moment(k, 2 * k)) / kFact).toBeCloseTo(1, 4);
    }
  });

  it("matches lme4's largest node and its tiny weight for k = 25 and 100", () => {
    const r25 = ghRule(25);
    expect(r25.z[24]).toBeCloseTo(8.7175976783995885, 12);
    expect(Math.abs(r25.w[24]! / 1.5300389979986945e-17 - 1)).toBeLessThan(1e-10);
    expect(r25.w[12]).toBeCloseTo(0.24816935117648514, 14);
    const r100 = ghRule(100);
    expect(r100.z[99]).toBeCloseTo(18.9596362173877, 11);
    expect(Math.abs(r100.w[99]! / 3.3332703483440864e-79 - 1)).toBeLessThan(1e-9);
  });

  it("returns ascending symmetric nodes, exact 0 in the middle, and ldnorm = log φ(z)", () => {
    for (const k of [1, 2, 7, 10, 25]) {
      const { z, w, ldnorm } = ghRule(k);
      expect(z.length).toBe(k);
      for (let i = 1; i < k; i++) expect(z[i]!).toBeGreaterThan(z[i - 1]!);
      for (let i = 0; i < k; i++) {
        expect(z[i]! + z[k - 1 - i]!).toBe(0);
        expect(w[i]).toBe(w[k - 1 - i]);
        expect(w[i]!).toBeGreaterThan(0);
        expect(ldnorm[i]).toBeCloseTo(Math.log(Math.exp(-0.5 * z[i]! ** 2) / Math.sqrt(2 * Math.PI)), 12);
      }
      if (k % 2 === 1) expect(Object.is(z[(k - 1) / 2], 0)).toBe(true);
    }
    expect(Array.from(ghRule(1).z)).toEqual([0]);
    expect(Array.from(ghRule(1).w)).toEqual([1]);
    expect(Array.from(ghRule(2).z)).toEqual([-1, 1]);
  });

  it("agrees with the Golub–Welsch eigenvector weights", () => {
    const k = 20;
    const off = Float64Array.from({ length: k - 1 }, (_, i) => Math.sqrt(i + 1));
    const { values, firstRow } = symTridiagEigen(new Float64Array(k), off);
    const { z, w } = ghRule(k);
    for (let i = 0; i < k; i++) {
      expect(values[i]).toBeCloseTo(z[i]!, 12);
      expect(firstRow[i]! ** 2).toBeCloseTo(w[i]!, 14);
    }
  });

  it("returns copies: mutating a result does not change the cached rule", () => {
    const a = ghRule(9);
    a.z[0] = 123;
    a.w.fill(0);
    const b = ghRule(9);
    expect(b.z[0]).toBeLessThan(0);
    expect(b.w[4]).toBeGreaterThan(0.3);
  });

  it("rejects orders outside 1..100", () => {
    for (const k of [0, -1, 2.5, GH_MAX_ORDER + 1, NaN]) {
      expect(() => ghRule(k)).toThrow(LmeError);
    }
    expect(() => ghRule(101)).toThrow(/from 1 to 100/);
  });
});

describe("symTridiagEigen", () => {
  it("finds the eigenvalues 2 − 2cos(jπ/(n+1)) of tridiag(−1, 2, −1)", () => {
    const n = 12;
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n - 1).fill(-1);
    const { values, firstRow } = symTridiagEigen(d, e);
    for (let j = 1; j <= n; j++) expect(values[j - 1]).toBeCloseTo(2 - 2 * Math.cos((j * Math.PI) / (n + 1)), 13);
    // the first components of the orthonormal eigenvectors: √(2/(n+1)) sin(jπ/(n+1))
    for (let j = 1; j <= n; j++) expect(Math.abs(firstRow[j - 1]!)).toBeCloseTo(Math.sqrt(2 / (n + 1)) * Math.sin((j * Math.PI) / (n + 1)), 13);
    expect(d[0]).toBe(2); // input untouched
  });

  it("handles a non-uniform matrix: trace and Frobenius norm are preserved", () => {
    const d = Float64Array.from([4, -1, 2.5, 0, 3, 7]);
    const e = Float64Array.from([1, 0, 2, -3, 0.5]);
    const { values, firstRow } = symTridiagEigen(d, e);
    const tr = d.reduce((a, b) => a + b, 0);
    const fro = d.reduce((a, b) => a + b * b, 0) + 2 * e.reduce((a, b) => a + b * b, 0);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(tr, 12);
    expect(values.reduce((a, b) => a + b * b, 0)).toBeCloseTo(fro, 11);
    expect(firstRow.reduce((a, b) => a + b * b, 0)).toBeCloseTo(1, 14);
  });
});
