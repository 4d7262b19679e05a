import { describe, expect, it } from "vitest";
import { jsKernels, kernels, wasmKernels, type DenseKernels } from "../../src/linalg/index.js";
import { LmeError } from "../../src/messages/error.js";
import {
  ensureWasmBuilt, naiveGemmNT, naivePotrf, naiveTrsm, randomMatrix, randomSpd, relErr, rng,
} from "./helpers.js";

ensureWasmBuilt();
const wasm = wasmKernels();
const SIZES = [1, 2, 3, 7, 33, 130];
const TOL = 1e-12;

it("loads the WebAssembly kernels and prefers them", () => {
  expect(wasm).not.toBeNull();
  expect(wasm!.name).toBe("wasm");
  expect(kernels().name).toBe(process.env["LME4TS_KERNELS"] === "js" ? "js" : "wasm");
});

/** Marks the strict upper triangle with sentinels, returns a checker. */
function markUpper(a: Float64Array, n: number): () => boolean {
  for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) a[i + j * n] = 1000 + i + 7 * j;
  return () => {
    for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) if (a[i + j * n] !== 1000 + i + 7 * j) return false;
    return true;
  };
}

function lowerOf(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) l[i + j * n] = a[i + j * n]!;
  return l;
}

const impls: [string, () => DenseKernels][] = [
  ["js", () => jsKernels],
  ["wasm", () => wasm!],
];

describe.each(impls)("%s kernels", (_name, get) => {
  it.each(SIZES)("potrf matches the naive Cholesky, n = %i, upper untouched", (n) => {
    const k = get();
    const a = randomSpd(rng(n), n);
    const ref = a.slice();
    expect(naivePotrf(ref, n)).toBe(0);
    const upperOk = markUpper(a, n);
    expect(k.potrf(a, n)).toBe(0);
    expect(upperOk()).toBe(true);
    expect(relErr(lowerOf(a, n), lowerOf(ref, n))).toBeLessThan(TOL);
  });

  it.each([
    [1, 0],
    [7, 5],
    [130, 0],
    [130, 63],
    [130, 64],
    [130, 100],
    [130, 129],
  ])("potrf reports the failing leading minor, n = %i, fails at column %i", (n, bad) => {
    const k = get();
    const a = randomSpd(rng(3 * n + bad), n);
    const ref = a.slice();
    naivePotrf(ref, n);
    // make pivot `bad` equal to -1: a_bb = Σ_{p<b} l_bp² - 1
    let s = 0;
    for (let p = 0; p < bad; p++) s += ref[bad + p * n]! ** 2;
    a[bad + bad * n] = s - 1;
    const upperOk = markUpper(a, n);
    expect(k.potrf(a, n)).toBe(bad + 1);
    expect(upperOk()).toBe(true);
  });

  it("potrf fails on NaN and handles n = 0", () => {
    const k = get();
    const a = randomSpd(rng(9), 5);
    a[2 + 2 * 5] = NaN;
    expect(k.potrf(a, 5)).toBe(3);
    expect(k.potrf(new Float64Array(0), 0)).toBe(0);
  });

  it.each([...SIZES.map((n, i) => [n, SIZES[(i + 2) % SIZES.length]!]), [33, 300], [7, 513]])(
    "syrkLowerMinus matches naive, n = %i, k = %i, upper untouched",
    (n, kk) => {
      const k = get();
      const r = rng(100 + n + kk);
      const c = randomMatrix(r, n, n);
      const a = randomMatrix(r, n, kk);
      const ref = c.slice();
      naiveGemmNT(ref, n, n, a, a, kk, true);
      const upperOk = markUpper(c, n);
      k.syrkLowerMinus(c, n, a, kk);
      expect(upperOk()).toBe(true);
      expect(relErr(lowerOf(c, n), lowerOf(ref, n))).toBeLessThan(TOL);
    },
  );

  it.each([
    ...SIZES.map((m, i) => [m, SIZES[(i + 1) % SIZES.length]!, SIZES[(i + 3) % SIZES.length]!]),
    [130, 33, 300],
    [5, 9, 0],
  ])("gemmNTMinus matches naive, m = %i, n = %i, k = %i", (m, n, kk) => {
    const k = get();
    const r = rng(200 + m + 3 * n + 7 * kk);
    const c = randomMatrix(r, m, n);
    const a = randomMatrix(r, m, kk);
    const b = randomMatrix(r, n, kk);
    const ref = c.slice();
    naiveGemmNT(ref, m, n, a, b, kk);
    k.gemmNTMinus(c, m, n, a, b, kk);
    expect(relErr(c, ref)).toBeLessThan(TOL);
  });

  it.each(SIZES.map((n, i) => [SIZES[(i + 4) % SIZES.length]!, n]))(
    "trsmRightLowerTrans matches naive, m = %i, n = %i (L untouched)",
    (m, n) => {
      const k = get();
      const r = rng(300 + m + n);
      const l = randomSpd(r, n);
      naivePotrf(l, n); // well-conditioned lower factor; upper holds garbage that must be ignored
      const lCopy = l.slice();
      const b = randomMatrix(r, m, n);
      const ref = b.slice();
      naiveTrsm(ref, m, n, l);
      k.trsmRightLowerTrans(b, m, n, l);
      expect(relErr(b, ref)).toBeLessThan(TOL);
      expect(l).toEqual(lCopy);
    },
  );

  it("rejects operands shorter than their shape", () => {
    const k = get();
    expect(() => k.potrf(new Float64Array(3), 2)).toThrow(LmeError);
    expect(() => k.gemmNTMinus(new Float64Array(4), 2, 2, new Float64Array(4), new Float64Array(3), 2)).toThrow(/operand b/);
    expect(() => k.syrkLowerMinus(new Float64Array(4), 2.5, new Float64Array(4), 1)).toThrow(/dimension n/);
  });

  it("is reusable: consecutive calls with shrinking and growing sizes agree with naive", () => {
    const k = get();
    for (const n of [130, 3, 200, 1]) {
      const a = randomSpd(rng(n + 1), n);
      const ref = a.slice();
      naivePotrf(ref, n);
      expect(k.potrf(a, n)).toBe(0);
      expect(relErr(lowerOf(a, n), lowerOf(ref, n))).toBeLessThan(TOL);
    }
  });
});
