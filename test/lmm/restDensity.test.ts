/**
 * The pre-analysis density bound of src/lmm/restDensity.ts: the bitset count of Srr's pattern
 * equals the marker-built pattern's, the flop bound never exceeds the symbolic analysis' count,
 * and the rest-mode choice is the same with and without the shortcut.
 */
import { describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts, type CrossProducts } from "../../src/lmm/crossprod.js";
import { analyseRest, restPattern } from "../../src/lmm/restSparse.js";
import { provablyDense, restPatternLowerNnz, sparseFlopsLowerBound } from "../../src/lmm/restDensity.js";
import { chooseRestMode } from "../../src/lmm/factor.js";
import type { Frame } from "../../src/data/types.js";
import { refData } from "./reference.js";

/** Seeded crossed data: n rows over l1 levels of a and l2 of b, b drawn from a window of width `spread` around a's position. */
function crossed(n: number, l1: number, l2: number, spread: number, seed: number): Frame {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const a = new Int32Array(n), b = new Int32Array(n), x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = i < l1 ? i : Math.floor(rnd() * l1);
    const centre = Math.floor((a[i]! / l1) * l2);
    b[i] = i < l2 ? i : (centre + Math.floor(rnd() * spread)) % l2;
    x[i] = rnd() * 2 - 1;
    y[i] = 1 + 0.3 * x[i]! + Math.sin(a[i]!) + Math.cos(b[i]!) + rnd();
  }
  const fac = (name: string, codes: Int32Array, l: number) =>
    ({ kind: "factor", name, codes, levels: Array.from({ length: l }, (_, k) => `${name}${k}`), ordered: false });
  const columns = new Map<string, unknown>([["y", { kind: "numeric", name: "y", values: y }], ["x", { kind: "numeric", name: "x", values: x }],
    ["a", fac("a", a, l1)], ["b", fac("b", b, l2)]]);
  return { nrow: n, names: [...columns.keys()], columns } as unknown as Frame;
}

function cpOf(formula: string, data: Frame | ReturnType<typeof refData>): CrossProducts {
  const input = buildInput(formula, data, { checkLevels: false });
  return crossProducts(input.X, input.p, input.y, null, input.terms);
}

const cases: [string, () => CrossProducts][] = [
  ["dense crossing, (x | a) + (1 | b)", () => cpOf("y ~ x + (x | a) + (1 | b)", crossed(20000, 400, 150, 150, 1))],
  ["banded crossing, (x | a) + (1 | b)", () => cpOf("y ~ x + (x | a) + (1 | b)", crossed(6000, 1500, 400, 12, 2))],
  ["banded crossing, vector rest term (1 | a) + (x | b)", () => cpOf("y ~ x + (1 | a) + (x | b)", crossed(6000, 1500, 300, 10, 3))],
  ["grouseticks, three terms", () => cpOf("log(TICKS + 1) ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", refData("grouseticks"))],
];

describe("rest-block density bound", () => {
  for (const [name, make] of cases)
    it(`${name}: bitset count = pattern count, bound ≤ analysed flops, same mode`, () => {
      const cp = make();
      const m = cp.units.m;
      const E = restPatternLowerNnz(cp);
      expect(E).toBe(restPattern(cp).colptr[m]);
      const flops = analyseRest(cp).flops;
      expect(sparseFlopsLowerBound(E, m)).toBeLessThanOrEqual(flops);
      // The shortcut answers only "dense", and only when the analysis would.
      const mode = chooseRestMode(cp);
      if (provablyDense(cp, 0.5 * (m * m * m) / 6)) expect(mode).toBe("dense");
      expect(mode).toBe(flops <= (m < 300 ? 0.05 : 0.5) * (m * m * m) / 6 ? "sparse" : "dense");
    });

  it("the dense crossing is proved dense without the analysis; the banded one is not", () => {
    const dense = cases[0]![1](), banded = cases[1]![1]();
    const thr = (cp: CrossProducts) => 0.5 * cp.units.m ** 3 / 6;
    expect(provablyDense(dense, thr(dense))).toBe(true);
    expect(provablyDense(banded, thr(banded))).toBe(false);
    expect(chooseRestMode(banded)).toBe("sparse");
  });

  it("the bound is Jensen's: exact for a full pattern", () => {
    const m = 50, E = (m * (m + 1)) / 2; // column counts m, m−1, …, 1
    let flops = 0;
    for (let c = 1; c <= m; c++) flops += ((c - 1) * (c + 2)) / 2;
    expect(sparseFlopsLowerBound(E, m)).toBeLessThanOrEqual(flops);
    expect(sparseFlopsLowerBound(E, m)).toBeGreaterThan(0.7 * flops);
  });
});
