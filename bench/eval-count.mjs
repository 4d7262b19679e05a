#!/usr/bin/env node
// Where the θ evaluations of an LMM fit go (issue 17): the whole `optimizeLmm` of src/lmm/lmer.ts
// with a counting objective (every real evaluation, the finite-difference derivatives included,
// which `feval` leaves out as lme4 does), on the retail-like designs of bench/retail-gen.mjs.
// Prints the counts, the start and the end, the first evaluation within 1e-1 … 1e-6 of the final
// deviance and, with --trace, every evaluation's distance to it (the phases show as runs: BOBYQA,
// then the derivative stencil's ± 1e-4 steps). Runs against the built dist/ (npm run build first):
//   node bench/eval-count.mjs --design a|b [--n N] [--reml] [--start t1,t2,...] [--xtol X] [--trace]
// (--xtol: BOBYQA's xtolAbs, lmerControl's optCtrl, to study where the optimizer should stop)
import { generate, toFrame } from "./retail-gen.mjs";
const dist = process.env.LME4TS_DIST ?? "../dist";
const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const { lmerInput, lmmProblem, optimizeLmm } = await import(`${dist}/lmm/lmer.js`);
const design = get("--design") ?? "a", o = {};
for (const k of ["n", "l1", "l2", "seed"]) if (get(`--${k}`)) o[k] = Number(get(`--${k}`));
const REML = args.includes("--reml");
const d = generate(design, o);
let t = performance.now();
const input = lmerInput("lmer", d.formula, toFrame(d), { REML });
const pr = lmmProblem(input, REML);
const setup = performance.now() - t;
const log = [];
let count = 0, best = Infinity;
const f = (th) => { count++; const v = pr.f(th); best = Math.min(best, v); log.push([count, v]); return v; };
t = performance.now();
const start = get("--start") ? get("--start").split(",").map(Number) : undefined;
const xtol = get("--xtol") ? { control: { optCtrl: { xtolAbs: Number(get("--xtol")) } } } : {};
const opt = optimizeLmm({ ...pr, f }, { REML, start, ...xtol });
const fit = performance.now() - t;
console.log(`design ${design} n=${d.n} ${d.formula} ${REML ? "REML" : "ML"}: set-up ${(setup / 1000).toFixed(1)} s, optimize ${(fit / 1000).toFixed(1)} s`);
console.log(`evaluations: total ${count}, reported feval ${opt.optinfo.feval}; fmin ${opt.optinfo.fmin.toFixed(8)} best seen ${best.toFixed(8)}`);
console.log(`optimizer: ${opt.optinfo.message}`);
console.log(`start ${Array.from(opt.optinfo.initial, (v) => v.toPrecision(4)).join(" ")}`);
console.log(`theta ${Array.from(opt.theta, (v) => v.toPrecision(8)).join(" ")}  warnings ${JSON.stringify(opt.optinfo.warnings)}`);
// How fast the best value approaches the end: the first evaluation within 1e-2, 1e-4, 1e-6 of fmin.
const fmin = opt.optinfo.fmin;
let run = Infinity;
const firstWithin = {};
for (const [k, v] of log) { run = Math.min(run, v); for (const tol of [1e-1, 1e-2, 1e-4, 1e-6]) if (firstWithin[tol] === undefined && run - fmin <= tol) firstWithin[tol] = k; }
console.log("first evaluation within tol of the final value: " + Object.entries(firstWithin).map(([k, v]) => `${k}: ${v}`).join(", "));
if (args.includes("--trace")) for (const [k, v] of log) console.log(k, (v - fmin).toExponential(3));
