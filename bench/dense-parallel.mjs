#!/usr/bin/env node
// GFLOP/s of the dense Cholesky (n³/3 flops) on one and two threads (src/linalg/parallel.ts)
// against the machine's WebAssembly SIMD peak, measured with the kernels' peakLoop (6 independent
// f64x2 multiply and 6 add chains, 24 flops per round, no memory traffic) on one thread and on both at
// once. Wall-clock medians of --reps runs (default 3) after one warm-up; run on a quiet machine
// for numbers to quote (the load average is printed). One-thread rates are also given per CPU
// second of the process, which a shared machine disturbs less than wall time. Needs `npm run build`.
//   node bench/dense-parallel.mjs [n ...] [--reps R]
import os from "node:os";
import { PAR_BLOCK, ParallelDense, sharedKernelInstance } from "../dist/linalg/parallel.js";

const args = process.argv.slice(2), ri = args.indexOf("--reps");
const reps = ri >= 0 ? Number(args[ri + 1]) : 3;
const sizes = args.filter((a, i) => !a.startsWith("--") && i !== ri + 1).map(Number);
if (!sizes.length) sizes.push(2000, 4000, 6300);
const ex = sharedKernelInstance(0);
if (!ex) throw new Error("wasm/build/kernels-shared.wasm not built (npm run build)");
const par = new ParallelDense(ex);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
/** CPU seconds of the process (all threads). */
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

const iters = 2e7;
ex.peakLoop(1e6);
const p1c = [], p1 = median(Array.from({ length: reps }, () => {
  const t = performance.now(), c = cpu();
  ex.peakLoop(iters);
  p1c.push(cpu() - c);
  return (performance.now() - t) / 1000;
}));
par.peakBoth(1e6);
const p2 = median(Array.from({ length: reps }, () => par.peakBoth(iters)));
const peak1 = (24 * iters) / p1 / 1e9, peak2 = (2 * 24 * iters) / p2 / 1e9;
console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}; ${os.cpus()[0]?.model ?? "?"} x ${os.cpus().length}`);
const peak1cpu = (24 * iters) / median(p1c) / 1e9;
console.log(`peak (f64x2 mul and add chains): 1 thread ${peak1.toFixed(2)} GFLOP/s wall, ${peak1cpu.toFixed(2)} per CPU second; 2 threads ${peak2.toFixed(2)} GFLOP/s wall`);

for (const n of sizes) {
  const bytes = n * n * 8, work = ex.workBytes(n, n), base = Math.ceil(ex.heapBase() / 64) * 64;
  const a0 = base, w0 = Math.ceil((a0 + bytes) / 64) * 64, w1 = Math.ceil((w0 + work) / 64) * 64, src = Math.ceil((w1 + work) / 64) * 64;
  const need = src + bytes, have = ex.memory.buffer.byteLength;
  if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
  const A = new Float64Array(ex.memory.buffer, src, n * n);
  let s = 7;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) A[i + j * n] = A[j + i * n] = r() + (i === j ? n : 0);
  const run = (fn, cs = []) => {
    const ts = [];
    for (let k = 0; k <= reps; k++) {
      new Float64Array(ex.memory.buffer, a0, n * n).set(new Float64Array(ex.memory.buffer, src, n * n));
      const t = performance.now(), c = cpu();
      if (fn() !== 0) throw new Error("not positive definite");
      if (k > 0) { ts.push((performance.now() - t) / 1000); cs.push(cpu() - c); }
    }
    return median(ts);
  };
  const c1 = [], t1 = run(() => ex.potrf(a0, n, PAR_BLOCK, w0), c1), t2 = run(() => par.potrf(a0, n, w0, w1));
  const fl = (n * n * n) / 3 / 1e9;
  console.log(`n=${n}: 1 thread ${(fl / median(c1)).toFixed(2)} GFLOP per CPU second (${((100 * fl) / median(c1) / peak1cpu).toFixed(0)}% of the 1-thread peak per CPU second)`);
  console.log(`n=${n}: 1 thread ${(t1 * 1000).toFixed(0)} ms ${(fl / t1).toFixed(2)} GFLOP/s (${((100 * fl) / t1 / peak1).toFixed(0)}% of 1-thread peak);` +
    ` 2 threads ${(t2 * 1000).toFixed(0)} ms ${(fl / t2).toFixed(2)} GFLOP/s (${((100 * fl) / t2 / peak2).toFixed(0)}% of 2-thread peak); speed-up ${(t1 / t2).toFixed(2)}`);
}
