// Shared test helpers: a seeded PRNG, random matrices and naive reference kernels.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../helpers.js";

/** Builds wasm/build/kernels.wasm if missing (so the wasm suite runs on a clean checkout). */
export function ensureWasmBuilt(): void {
  const wasm = new URL("../../wasm/build/kernels.wasm", import.meta.url);
  if (!existsSync(wasm)) {
    execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/build-wasm.mjs", import.meta.url))], {
      stdio: "inherit",
    });
  }
}

/** Mulberry32 PRNG returning uniforms in [-1, 1). */
export function rng(seed: number): () => number {
  const u = mulberry32(seed);
  return () => u() * 2 - 1;
}

export function randomMatrix(r: () => number, rows: number, cols: number): Float64Array {
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = r();
  return x;
}

/** A well-conditioned SPD matrix G Gᵀ / n + I (full, symmetric). */
export function randomSpd(r: () => number, n: number): Float64Array {
  const g = randomMatrix(r, n, n);
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += g[i + p * n]! * g[j + p * n]!;
      a[i + j * n] = s / n + (i === j ? 1 : 0);
    }
  }
  return a;
}

/** Naive dot-product Cholesky (lower), returns 0 or k+1; strict upper untouched. */
export function naivePotrf(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    let d = a[j + j * n]!;
    for (let p = 0; p < j; p++) d -= a[j + p * n]! ** 2;
    if (!(d > 0)) return j + 1;
    d = Math.sqrt(d);
    a[j + j * n] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i + j * n]!;
      for (let p = 0; p < j; p++) s -= a[i + p * n]! * a[j + p * n]!;
      a[i + j * n] = s / d;
    }
  }
  return 0;
}

/** Naive C (m×n) -= A Bᵀ; with `lower` only i ≥ j. */
export function naiveGemmNT(c: Float64Array, m: number, n: number, a: Float64Array, b: Float64Array, k: number, lower = false): void {
  for (let j = 0; j < n; j++) {
    for (let i = lower ? j : 0; i < m; i++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i + p * m]! * b[j + p * n]!;
      c[i + j * m] -= s;
    }
  }
}

/** Naive B := B L⁻ᵀ (row-wise forward substitution). */
export function naiveTrsm(b: Float64Array, m: number, n: number, l: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = b[i + j * m]!;
      for (let p = 0; p < j; p++) s -= b[i + p * m]! * l[j + p * n]!;
      b[i + j * m] = s / l[j + j * n]!;
    }
  }
}

/** max |x - y| / max(1, max |y|). */
export function relErr(x: Float64Array, y: Float64Array): number {
  let e = 0, s = 1;
  for (let i = 0; i < y.length; i++) {
    e = Math.max(e, Math.abs(x[i]! - y[i]!));
    s = Math.max(s, Math.abs(y[i]!));
  }
  return Number.isNaN(e) ? Infinity : e / s;
}
