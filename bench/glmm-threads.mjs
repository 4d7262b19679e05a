#!/usr/bin/env node
// Times the two-chunk PIRLS passes (src/glmm/threads/) on one thread and with the worker, for
// design (d)-like data at several n (clients 15% of n, 2K items): the μ pass (η, μ, μ', V,
// devResid) and the fill pass (working weights/response and the cross products, u only and
// (u, β)). Median of R repetitions, microseconds per pass. Uses dist/ (build first).
//   node bench/glmm-threads.mjs [--n 10000,30000,100000,300000,1000000] [--reps 21]
import os from "node:os";
import { generate, toFrame } from "./retail-gen.mjs";
const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const ns = (get("--n") ?? "10000,30000,100000,300000,1000000").split(",").map(Number), reps = Number(get("--reps") ?? 21);
const { binomial } = await import("../dist/index.js");
const { allocGlmm, pirls } = await import("../dist/glmm/pirls.js");
const { crossPattern } = await import("../dist/lmm/crossprod.js");
const { buildInput } = await import("../dist/model/lmmInput.js");
const { workerChunks, PassRunner } = await import("../dist/glmm/threads/runner.js");
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
for (const n of ns) {
  const d = generate("d", { n, l1: Math.max(1, Math.round(0.15 * n)), l2: Math.min(2000, Math.round(n / 5)) });
  const input = buildInput(d.formula, toFrame(d), { checkLevels: false, numericResponse: false });
  const ones = new Float64Array(n).fill(1);
  const row = { n };
  delete process.env.LME4TS_THREADS;
  const w = allocGlmm(binomial(), input.terms, crossPattern(input.terms, n), input.X, input.p, d.y, ones, ones, null);
  pirls(w, [0.5, 0.4], true); // a realistic state
  for (const t of [1, 2]) {
    const r = new PassRunner(w.passes.a, t); // the worker when t = 2, whatever n
    const time = (f) => { const a = []; for (let k = 0; k < reps; k++) { const t0 = performance.now(); f(); a.push(performance.now() - t0); } return Math.round(1000 * med(a)); };
    row[`mu_${t}`] = time(() => r.mu(true));
    row[`fillU_${t}`] = time(() => r.fill(0, false));
    row[`fillUB_${t}`] = time(() => r.fill(1, true));
  }
  row.worker_chunks = workerChunks().run;
  console.log(JSON.stringify(row));
}
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
