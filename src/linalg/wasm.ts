/**
 * WebAssembly SIMD (f64x2) dense kernels compiled from wasm/assembly/ by scripts/build-wasm.mjs.
 *
 * Each call copies its operands into the module's linear memory (grown as needed and reused
 * across calls), runs the kernel there and copies the result back: O(n²) copies around an
 * O(n³) kernel. Results that are "lower triangle only" are copied back only below and on the
 * diagonal, so the caller's strict upper triangle is never touched. When linear memory cannot
 * grow enough (operands beyond ~4 GiB) the call silently uses the JS kernels instead.
 */
import { readFileSync } from "node:fs";
import type { DenseKernels } from "./types.js";
import { checkDim, checkLength } from "./check.js";
import { jsKernels } from "./js.js";

/** Cholesky block size used by the WebAssembly potrf (tuned with bench/linalg.mjs). */
export const WASM_POTRF_BLOCK = 64;

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  workBytes(m: number, n: number): number;
  potrf(a: number, n: number, nb: number, work: number): number;
  syrkLowerMinus(c: number, n: number, a: number, k: number, work: number): void;
  gemmNTMinus(c: number, m: number, n: number, a: number, b: number, k: number, work: number): void;
  trsmRightLowerTrans(b: number, m: number, n: number, l: number, work: number): void;
}

/** Rounds a byte address up to a multiple of 64 (plain arithmetic: addresses may exceed 2³¹). */
/** wasm32 linear memory limit (4 GiB; the i32 address arithmetic in the module wraps above). */
const MAX_BYTES = 2 ** 32 - 65536;

const align = (x: number): number => Math.ceil(x / 64) * 64;

function create(ex: KernelExports): DenseKernels {
  const base = align(ex.heapBase());
  let f64 = new Float64Array(ex.memory.buffer);

  /**
   * Reserves consecutive 64-byte-aligned regions of the given byte sizes and returns their
   * addresses, or null when linear memory cannot grow that far (the caller then uses the JS
   * kernels).
   */
  function layout(sizes: number[]): number[] | null {
    const out: number[] = [];
    let p = base;
    for (const s of sizes) {
      out.push(p);
      p = align(p + s);
    }
    const have = ex.memory.buffer.byteLength;
    if (p > MAX_BYTES) return null;
    if (p > have) {
      try {
        ex.memory.grow(Math.ceil((p - have) / 65536));
      } catch {
        return null;
      }
    }
    if (f64.buffer !== ex.memory.buffer || f64.length * 8 !== ex.memory.buffer.byteLength) {
      f64 = new Float64Array(ex.memory.buffer);
    }
    return out;
  }
  const put = (addr: number, x: Float64Array, len: number): void => {
    f64.set(len === x.length ? x : x.subarray(0, len), addr / 8);
  };
  const getAll = (addr: number, x: Float64Array, len: number): void => {
    x.set(f64.subarray(addr / 8, addr / 8 + len));
  };
  const getLower = (addr: number, x: Float64Array, n: number): void => {
    const o = addr / 8;
    for (let j = 0; j < n; j++) {
      const s = j * n + j;
      x.set(f64.subarray(o + s, o + (j + 1) * n), s);
    }
  };

  return {
    name: "wasm",
    potrf(a, n) {
      checkDim("potrf", "n", n);
      checkLength("potrf", "a", a, n, n);
      if (n === 0) return 0;
      const lay = layout([8 * n * n, ex.workBytes(n, n)]);
      if (!lay) return jsKernels.potrf(a, n);
      const [pa, pw] = lay as [number, number];
      put(pa, a, n * n);
      const info = ex.potrf(pa, n, WASM_POTRF_BLOCK, pw);
      getLower(pa, a, n);
      return info;
    },
    syrkLowerMinus(c, n, a, k) {
      checkDim("syrkLowerMinus", "n", n);
      checkDim("syrkLowerMinus", "k", k);
      checkLength("syrkLowerMinus", "c", c, n, n);
      checkLength("syrkLowerMinus", "a", a, n, k);
      if (n === 0 || k === 0) return;
      const lay = layout([8 * n * n, 8 * n * k, ex.workBytes(n, n)]);
      if (!lay) return jsKernels.syrkLowerMinus(c, n, a, k);
      const [pc, pa, pw] = lay as [number, number, number];
      put(pc, c, n * n);
      put(pa, a, n * k);
      ex.syrkLowerMinus(pc, n, pa, k, pw);
      getLower(pc, c, n);
    },
    gemmNTMinus(c, m, n, a, b, k) {
      checkDim("gemmNTMinus", "m", m);
      checkDim("gemmNTMinus", "n", n);
      checkDim("gemmNTMinus", "k", k);
      checkLength("gemmNTMinus", "c", c, m, n);
      checkLength("gemmNTMinus", "a", a, m, k);
      checkLength("gemmNTMinus", "b", b, n, k);
      if (m === 0 || n === 0 || k === 0) return;
      const lay = layout([8 * m * n, 8 * m * k, 8 * n * k, ex.workBytes(m, n)]);
      if (!lay) return jsKernels.gemmNTMinus(c, m, n, a, b, k);
      const [pc, pa, pb, pw] = lay as [number, number, number, number];
      put(pc, c, m * n);
      put(pa, a, m * k);
      put(pb, b, n * k);
      ex.gemmNTMinus(pc, m, n, pa, pb, k, pw);
      getAll(pc, c, m * n);
    },
    trsmRightLowerTrans(b, m, n, l) {
      checkDim("trsmRightLowerTrans", "m", m);
      checkDim("trsmRightLowerTrans", "n", n);
      checkLength("trsmRightLowerTrans", "b", b, m, n);
      checkLength("trsmRightLowerTrans", "l", l, n, n);
      if (m === 0 || n === 0) return;
      const lay = layout([8 * m * n, 8 * n * n, ex.workBytes(m, n)]);
      if (!lay) return jsKernels.trsmRightLowerTrans(b, m, n, l);
      const [pb, pl, pw] = lay as [number, number, number];
      put(pb, b, m * n);
      put(pl, l, n * n);
      ex.trsmRightLowerTrans(pb, m, n, pl, pw);
      getAll(pb, b, m * n);
    },
  };
}

let cached: DenseKernels | null | undefined;

/**
 * The WebAssembly kernels, or null when wasm/build/kernels.wasm is missing (not built) or
 * cannot be instantiated (e.g. a runtime without WebAssembly SIMD). Loads synchronously on
 * first call and caches the instance. The path is resolved relative to this module, so it
 * works both from src/ (vitest) and from dist/ (compiled): ../../wasm/build/kernels.wasm.
 */
export function wasmKernels(): DenseKernels | null {
  if (cached !== undefined) return cached;
  try {
    const bytes = readFileSync(new URL("../../wasm/build/kernels.wasm", import.meta.url));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        abort: () => {
          throw new Error("lme4ts wasm kernels: abort");
        },
      },
    });
    cached = create(instance.exports as unknown as KernelExports);
  } catch {
    cached = null;
  }
  return cached;
}
