#!/usr/bin/env node
// GFLOP/s of the dense Cholesky (potrf, n³/3 flops) for the naive dot-product algorithm, the
// blocked JS kernels and the WebAssembly SIMD kernels, plus the level-3 helpers at one size.
// Runs against the built dist/ (npm run build first):  node bench/linalg.mjs [n ...] [--reps R]
import { jsKernels, wasmKernels } from "../dist/linalg/index.js";

const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 5;
const sizes = args.filter((a, i) => !a.startsWith("--") && i !== repsAt + 1).map(Number);
if (sizes.length === 0) sizes.push(100, 500, 1128);

/** Naive dot-product (Cholesky–Crout, column by column) reference, as a first JS port would be. */
function naivePotrf(a, n) {
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    let d = a[cj + j];
    for (let p = 0; p < j; p++) d -= a[p * n + j] * a[p * n + j];
    if (!(d > 0)) return j + 1;
    d = Math.sqrt(d);
    a[cj + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[cj + i];
      for (let p = 0; p < j; p++) s -= a[p * n + i] * a[p * n + j];
      a[cj + i] = s / d;
    }
  }
  return 0;
}

function spd(n) {
  // A = B + n·I with B symmetric uniform(−1, 1): diagonally dominant, hence SPD.
  let s = 12345;
  const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) a[i + j * n] = a[j + i * n] = r() + (i === j ? n : 0);
  }
  return a;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
function time(fn, setup, r) {
  const ts = [];
  // warm-up (JIT tiers): at least one run and at least 0.3 s
  for (let spent = 0, k = 0; k < 1 || (spent < 0.3 && k < 200); k++) {
    const arg = setup();
    const t0 = process.hrtime.bigint();
    fn(arg);
    spent += Number(process.hrtime.bigint() - t0) / 1e9;
  }
  for (let k = 0; k < r; k++) {
    const arg = setup();
    const t0 = process.hrtime.bigint();
    fn(arg);
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { med: median(ts), best: Math.min(...ts) };
}

const wasm = wasmKernels();
const impls = [
  ["naive", (a, n) => naivePotrf(a, n)],
  ["js blocked", (a, n) => jsKernels.potrf(a, n)],
  ...(wasm ? [["wasm simd", (a, n) => wasm.potrf(a, n)]] : []),
];
if (!wasm) console.log("(wasm/build/kernels.wasm missing: run npm run build)");

console.log(`potrf, median of ${reps} runs after ≥ 0.3 s of warm-up: time, GFLOP/s [best run] (flops = n³/3)`);
console.log(["n".padStart(6), ...impls.map(([name]) => name.padStart(28))].join(""));
for (const n of sizes) {
  const base = spd(n);
  const flops = n ** 3 / 3;
  const row = [String(n).padStart(6)];
  for (const [, f] of impls) {
    const { med, best } = time((a) => {
      if (f(a, n) !== 0) throw new Error("not PD");
    }, () => base.slice(), reps);
    row.push(`${(med * 1e3).toFixed(2)} ms ${(flops / med / 1e9).toFixed(2)} [${(flops / best / 1e9).toFixed(2)}]`.padStart(28));
  }
  console.log(row.join(""));
}

// level-3 helpers at n = 1128, k = 64 (one trailing update of the blocked Cholesky) and k = 1128
const n = 1128;
for (const k of [64, 1128]) {
  const a = spd(Math.max(n, k)).subarray(0, n * k);
  const b = a.slice();
  const c0 = spd(n);
  const l = spd(n);
  naivePotrf(l, n);
  console.log(`\nn = ${n}, k = ${k}: GFLOP/s (median of 3)`);
  for (const kern of [jsKernels, wasm].filter(Boolean)) {
    const syrk = time((c) => kern.syrkLowerMinus(c, n, a, k), () => c0.slice(), 3).med;
    const gemm = time((c) => kern.gemmNTMinus(c, n, n, a, b, k), () => c0.slice(), 3).med;
    const trsm = time((x) => kern.trsmRightLowerTrans(x, k, n, l), () => a.slice(), 3).med;
    console.log(
      `  ${kern.name.padEnd(5)} syrk ${(n * n * k / syrk / 1e9).toFixed(2)}  gemmNT ${(2 * n * n * k / gemm / 1e9).toFixed(2)}` +
        `  trsm(m=${k}) ${(k * n * n / trsm / 1e9).toFixed(2)}`,
    );
  }
}
