/**
 * The specialised paths of the cross products and the blocked factor reproduce the general ones:
 * the single vector-term fill (q0 = 2, with and without fixed effects; the Gram block by SYRK)
 * against a brute-force product of the dense model matrices, the dense term-0 block of fully
 * crossed designs (one SYRK instead of cliques, in WebAssembly memory for m ≥ 16) against the
 * sparse mode, and the rest-mode choice for small nearly diagonal Schur complements.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossPattern, crossProducts, fillCrossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor, chooseRestMode, updateFactor, REST_WASM_MIN } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { plsSolve } from "../../src/lmm/solution.js";
import { refData } from "./reference.js";

const saved = process.env["LME4TS_REST"];
afterEach(() => {
  if (saved === undefined) delete process.env["LME4TS_REST"];
  else process.env["LME4TS_REST"] = saved;
});

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return den === 0 ? num : num / den;
}

describe("single vector-term fill", () => {
  const input = buildInput("Reaction ~ Days + (Days | Subject)", refData("sleepstudy"), {});
  const n = input.y.length, t = input.terms[0]!, q = t.q, l0 = t.nLevels;
  const sw = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7) % 11) / 10);
  sw[3] = 0; // a zero weight is skipped
  /** Brute force: [X y]ᵀW[X y], [X y]ᵀW Z and ZᵀWZ's diagonal blocks from the dense matrices. */
  function brute(p: number) {
    const P = p + 1;
    const col = (j: number, i: number) => (j < p ? input.X[i + j * n]! : input.y[i]!);
    const axx = new Float64Array(P * P), ax1 = new Float64Array(P * l0 * q), a11 = new Float64Array(l0 * q * q);
    for (let i = 0; i < n; i++) {
      const w = sw[i]! * sw[i]!, l = t.codes[i]!;
      for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) axx[a + b * P] += w * col(a, i) * col(b, i);
      for (let c = 0; c < q; c++) for (let j = 0; j < P; j++) ax1[(l * q + c) * P + j] += w * col(j, i) * t.z[i + c * n]!;
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) a11[l * q * q + a + b * q] += w * t.z[i + a * n]! * t.z[i + b * n]!;
    }
    return { axx, ax1, a11 };
  }
  it("with fixed effects (P = 3)", () => {
    const pat = crossPattern(input.terms, n);
    const cp = fillCrossProducts(pat, input.X, input.p, input.y, sw);
    const want = brute(input.p);
    expect(maxRel(cp.axx, want.axx)).toBeLessThan(1e-13);
    expect(maxRel(cp.ax1, want.ax1)).toBeLessThan(1e-13);
    expect(maxRel(cp.a11, want.a11)).toBeLessThan(1e-13);
  });
  it("response only (P = 1, the PIRLS u-step), refilling the same arrays", () => {
    const pat = crossPattern(input.terms, n);
    const empty = new Float64Array(0);
    const cp = fillCrossProducts(pat, empty, 0, input.y, null);
    fillCrossProducts(pat, empty, 0, input.y, sw, cp, false);
    const want = brute(0);
    expect(maxRel(cp.axx, want.axx)).toBeLessThan(1e-13);
    expect(maxRel(cp.ax1, want.ax1)).toBeLessThan(1e-13);
    expect(maxRel(cp.a11, want.a11)).toBeLessThan(1e-13);
    expect(Number.isNaN(cp.logDetW)).toBe(true);
  });
});

describe("fully crossed term-0 block (SYRK path)", () => {
  // 40 × 20 crossed scalar factors with an unbalanced response: m = 20 ≥ REST_WASM_MIN.
  const rows: Record<string, unknown>[] = [];
  for (let a = 0; a < 40; a++)
    for (let b = 0; b < 20; b++) for (let r = 0; r < 1 + ((a + b) % 2); r++)
      rows.push({ y: Math.sin(a * 1.7) + Math.cos(b * 0.9) + 0.3 * Math.sin(a * b + r), x: ((a * 3 + b * 5 + r) % 7) / 7, A: `a${a}`, B: `b${b}` });
  it("dense (denseR1) equals sparse: objective, β, u", () => {
    expect(REST_WASM_MIN).toBeLessThanOrEqual(20);
    const input = buildInput("y ~ x + (1 | A) + (1 | B)", rows, {});
    const cp = crossProducts(input.X, input.p, input.y, null, input.terms);
    const theta = Float64Array.from([0.8, 1.3]);
    process.env["LME4TS_REST"] = "dense";
    const fd = allocFactor(cp, input.terms);
    expect(fd.denseR1).toBe(true);
    process.env["LME4TS_REST"] = "sparse";
    const fs = allocFactor(cp, input.terms);
    expect(fs.mode).toBe("sparse");
    for (const reml of [true, false]) expect(Math.abs(lmmObjective(fd, theta, reml) - lmmObjective(fs, theta, reml))).toBeLessThan(1e-9);
    updateFactor(fd, theta); updateFactor(fs, theta);
    const sd = plsSolve(fd), ss = plsSolve(fs);
    expect(maxRel(sd.beta, ss.beta)).toBeLessThan(1e-10);
    expect(maxRel(sd.u, ss.u)).toBeLessThan(1e-10);
  });
});

describe("rest-mode choice", () => {
  it("small blocks dense; a nearly diagonal Schur complement of order ≥ 100 sparse", () => {
    delete process.env["LME4TS_REST"];
    const g = buildInput("log(TICKS + 1) ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", refData("grouseticks"), { checkLevels: false });
    const cpg = crossProducts(g.X, g.p, g.y, null, g.terms);
    expect(cpg.units.m).toBeGreaterThanOrEqual(100);
    expect(chooseRestMode(cpg)).toBe("sparse");
    const pen = buildInput("diameter ~ 1 + (1 | plate) + (1 | sample)", refData("Penicillin"), {});
    expect(chooseRestMode(crossProducts(pen.X, pen.p, pen.y, null, pen.terms))).toBe("dense");
  });
});
