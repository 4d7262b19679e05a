#!/usr/bin/env node
// Profile of one glmer fit on issue 17's design (d) (binary y, `(1 | client) + (1 | item)`; clients
// scaled with n as in the 1M-row design: 150K per million rows, 2K items), or its poisson variant
// (y ~ Poisson(exp(η)) from the same generator's predictor): PIRLS calls, iterations and halvings
// of stage 1 (nAGQ = 0, β in PIRLS) and of the Laplace stage, milliseconds per PIRLS step, the fit's
// wall and CPU time (this thread: process.cpuUsage) and the load average.
//   node bench/glmm-profile.mjs [--n 200000] [--family binomial|poisson] [--out FILE.json]
// Uses dist/ (npm run build first). LME4TS_THREADS=1 forces the one-thread passes.
import os from "node:os";
import { writeFileSync } from "node:fs";
import { generate, toFrame } from "./retail-gen.mjs";

const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const n = Number(get("--n") ?? 200000), family = get("--family") ?? "binomial";
const { glmer } = await import("../dist/index.js");
const { pirlsProfile } = await import("../dist/glmm/pirls.js");
const d = generate("d", { n, l1: Math.max(1, Math.round((150_000 * n) / 1e6)) });
if (family === "poisson") {
  // y ~ Poisson(μ), log μ = the generator's binary-design predictor shifted by −1 (mean ≈ 1), by
  // inversion with the generator's own seeded uniforms (deterministic).
  const { rng } = await import("./retail-gen.mjs");
  const u = rng(1717), eta = new Float64Array(n);
  const g2 = generate("b", { n, l1: d.l1, l2: d.l2, seed: 17 });
  for (let i = 0; i < n; i++) {
    eta[i] = g2.y[i] - 1.5; // η + ε of design (b), centred: mean log-rate ≈ −0.5
    const mu = Math.exp(eta[i]);
    let k = 0, p = Math.exp(-mu), c = p;
    const r = u();
    while (r > c && k < 1000) { k++; p *= mu / k; c += p; }
    d.y[i] = k;
  }
}
pirlsProfile.enabled = true;
const load0 = os.loadavg();
const c0 = process.cpuUsage(), t0 = performance.now();
const fit = glmer(d.formula, toFrame(d), { family });
const ms = performance.now() - t0, cpu = process.cpuUsage(c0);
const r1 = (x) => Math.round(x * 10) / 10;
const stages = pirlsProfile.stages.map((s) => ({ calls: s.calls, iterations: s.iterations, halvings: s.halvings,
  ms: Object.fromEntries(Object.entries(s.ms).map(([k, v]) => [k, r1(v)])) }));
const out = { n, family, clients: d.l1, items: d.l2, threads: process.env.LME4TS_THREADS ?? "auto", ms: r1(ms),
  cpu_ms: r1((cpu.user + cpu.system) / 1000), logLik: fit.logLik(), feval: fit.optinfo.feval, theta: Array.from(fit.theta),
  beta: Array.from(fit.beta), stage1: stages[0], laplace: stages[1], loadavg_before: load0, loadavg_after: os.loadavg() };
console.log(JSON.stringify(out, null, 1));
if (get("--out")) writeFileSync(get("--out"), JSON.stringify(out, null, 1));
