#!/usr/bin/env node
// One θ evaluation of the LMM profiled deviance broken down by stage, on the retail-like designs
// of issue 17 (bench/retail-gen.mjs). Runs against the built dist/ (npm run build first):
//   node bench/profile-theta.mjs --design a|b|c [--n N --l1 L1 --l2 L2] [--evals K] [--rest dense|sparse]
// Stages (src/lmm/stages.ts `profileFactorStages`): L11 (term-0 diagonal blocks and L_x1), Lr1
// (L_r1 for the first term), Arr (Λ_rᵀA_rrΛ_r + I into the rest block), schur (− Σ_ℓ L_r1,ℓ L_r1,ℓᵀ;
// in sparse mode it includes Arr), Sxr (L_xr before the solve), chol (rest Cholesky), solve (L_xr
// L_rr⁻ᵀ), Lxx. Prints the median of K evaluations (after 2 warm-ups), CPU time of the process and
// wall time, and the mean CPU time per stage: on a shared machine wall times are noisy.
import { generate, toFrame } from "./retail-gen.mjs";
const dist = process.env.LME4TS_DIST ?? "../dist";

const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
if (get("--rest")) process.env.LME4TS_REST = get("--rest");
const { lmerInput, lmmProblem } = await import(`${dist}/lmm/lmer.js`);
// Absent in builds before the stage timer (then only the totals are printed).
const profileFactorStages = (await import(`${dist}/lmm/stages.js`).catch(() => ({}))).profileFactorStages ?? (() => {});

const design = get("--design") ?? "a", o = {};
for (const k of ["n", "l1", "l2", "seed"]) if (get(`--${k}`)) o[k] = Number(get(`--${k}`));
const K = Number(get("--evals") ?? 5);
const d = generate(design, o);
let t = performance.now();
const input = lmerInput("lmer", d.formula, toFrame(d), { REML: false });
const pr = lmmProblem(input, false);
const setup = performance.now() - t;
const { cp, work } = pr;
const nnz1 = cp.r1Ptr[cp.l0];
let pairs = 0;
for (let l = 0; l < cp.l0; l++) { const r = cp.r1Ptr[l + 1] - cp.r1Ptr[l]; pairs += (r * (r + 1)) / 2; }
let segs = "";
if (work.mode === "sparse" && work.rest?.chol) segs = ` root ${work.rest.chol.rootWidth ?? "?"} threads ${work.rest.chol.threads ?? 1}`;
if (work.mode === "dense" && cp.K > 1) {
  const pn = (await import(`${dist}/lmm/restCliquePanels.js`).catch(() => null))?.densePanels?.(cp);
  if (pn) segs = ` panels ${pn.nPanel}x${pn.width} segments ${pn.segStart.length}`;
}
console.log(`design ${design}: n=${d.n} ${d.formula}  l0=${cp.l0} q0=${cp.q0} m=${cp.units.m} mode=${work.mode}` +
  ` nnz(r1)=${nnz1} Σ nr(nr+1)/2=${pairs.toExponential(3)} rr pairs=${cp.pairU.length}${segs}  setup ${(setup / 1000).toFixed(1)} s`);
const theta = Float64Array.from(pr.layout.lower, (lo, i) => (lo === 0 ? 0.8 : 0.1 * (i % 2 ? 1 : -1)));
for (let w = 0; w < 2; w++) pr.f(theta);
const times = [], cpus = [], stages = {};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
profileFactorStages(stages, cpu);
let dev = 0;
for (let k = 0; k < K; k++) {
  t = performance.now();
  const c0 = cpu();
  dev = pr.f(theta);
  cpus.push(cpu() - c0);
  times.push(performance.now() - t);
}
profileFactorStages(null);
times.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
console.log(`deviance ${dev.toFixed(6)}  per evaluation: CPU median ${cpus[K >> 1].toFixed(1)} ms (min ${cpus[0].toFixed(1)}),` +
  ` wall median ${times[K >> 1].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[K - 1].toFixed(1)}, ${K} evals)`);
console.log("stage means, CPU ms: " + Object.entries(stages).map(([s, v]) => `${s} ${(v / K).toFixed(1)}`).join(", "));
