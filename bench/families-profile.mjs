#!/usr/bin/env node
// Where the time of a Laplace-engine fit goes (issue 14's speed target): per model of
// bench/families.mjs, the outer evaluations the optimizer asked for (optinfo.feval), all calls of
// the inner Newton step (outer evaluations + Hessian + checks), Newton iterations per call and
// ms per call, and the whole fit's wall-clock and CPU ms (median of N fits after one warm-up; CPU
// time is less disturbed by other processes on a loaded machine).
//
//   npm run build && node bench/families-profile.mjs [--reps N] [--only id,id] [--optimizer bobyqa]
// (--optimizer: glmer's option, e.g. bobyqa for the derivative-free path)
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { familyCases } from "./families-cases.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1] || 3) || 3;
const optimizer = argv.includes("--optimizer") ? argv[argv.indexOf("--optimizer") + 1] : undefined;
const extra = optimizer ? { optimizer } : {};
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : null;
const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
const { newtonStats } = await import(pathToFileURL(resolve(root, "dist/glmm/laplace/newton.js")).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));
console.log(`${pad("case", 26, true)}${pad("feval", 7)}${pad("newton", 8)}${pad("it/call", 8)}${pad("ms/call", 9)}${pad("newton ms", 10)}${pad("fit ms", 9)}${pad("cpu ms", 9)}${pad("logLik", 14)}`);
for (const cs of familyCases(lib, root)) {
  if (only && !only.includes(cs.id)) continue;
  cs.fit(extra);
  const times = [], cpus = [];
  let st = null, m = null;
  for (let k = 0; k < reps; k++) {
    newtonStats.calls = newtonStats.iterations = newtonStats.ms = 0;
    const t0 = performance.now(), c0 = process.cpuUsage();
    m = cs.fit(extra);
    times.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpus.push((c1.user + c1.system) / 1000);
    st = { ...newtonStats };
  }
  console.log(`${pad(cs.id, 26, true)}${pad(m.optinfo.feval, 7)}${pad(st.calls, 8)}${pad((st.iterations / st.calls).toFixed(2), 8)}${pad((st.ms / st.calls).toFixed(2), 9)}${pad(st.ms.toFixed(0), 10)}${pad(median(times).toFixed(0), 9)}${pad(median(cpus).toFixed(0), 9)}${pad(m.logLik().toFixed(4), 14)}`);
}
