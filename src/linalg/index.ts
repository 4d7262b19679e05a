/**
 * Dense linear-algebra kernels: Cholesky, SYRK/GEMM rank updates, triangular solves.
 * Two implementations of one protocol (`DenseKernels`): blocked pure JS and WebAssembly SIMD.
 * All matrices are column-major Float64Array with leading dimension = rows.
 */
import type { DenseKernels } from "./types.js";
import { jsKernels } from "./js.js";
import { wasmKernels } from "./wasm.js";

export type { DenseKernels } from "./types.js";
export { jsKernels } from "./js.js";
export { wasmKernels, WASM_POTRF_BLOCK } from "./wasm.js";
export { trsvLower, trsvLowerTrans, logDetChol, invertLowerInto } from "./vector.js";

/**
 * The kernels to use: WebAssembly when wasm/build/kernels.wasm loads, else the JS fallback.
 * Setting the environment variable LME4TS_KERNELS=js forces the JS kernels (=wasm is the default
 * preference; it silently falls back to JS when the module is missing).
 */
export function kernels(): DenseKernels {
  const env = typeof process !== "undefined" ? process.env["LME4TS_KERNELS"] : undefined;
  if (env === "js") return jsKernels;
  return wasmKernels() ?? jsKernels;
}
