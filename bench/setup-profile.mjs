#!/usr/bin/env node
// The one-off set-up of an LMM fit on issue 17's retail-like designs, step by step, with wall and
// process CPU time and the resident set after each step (the peak RSS of the process at the end):
//   node bench/setup-profile.mjs --design c [--n N --l1 L1 --l2 L2 --seed S] [--rest dense|sparse]
// Steps: generate (bench/retail-gen.mjs: typed arrays, no CSV), frame + model input (lmerInput:
// formula, model frame, X, Z's codes), crossProducts (pattern and correctly rounded sums),
// the rest-block analysis (restPattern + AMD + symbolic + relaxed supernodes, sparse mode only)
// and the factor workspace (allocFactor: slots, cliques, WebAssembly memory). Against dist/.
import { generate, toFrame } from "./retail-gen.mjs";
const dist = process.env.LME4TS_DIST ?? "../dist";
const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
if (get("--rest")) process.env.LME4TS_REST = get("--rest");
const { lmerInput } = await import(`${dist}/lmm/lmer.js`);
const { crossProducts } = await import(`${dist}/lmm/crossprod.js`);
const { allocFactor, chooseRestMode } = await import(`${dist}/lmm/factor.js`);
const { analyseRest } = await import(`${dist}/lmm/restSparse.js`);
const design = get("--design") ?? "c", o = {};
for (const k of ["n", "l1", "l2", "seed"]) if (get(`--${k}`)) o[k] = Number(get(`--${k}`));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const rssMB = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
let t = performance.now(), c = cpu();
const step = (name) => {
  const w = performance.now() - t, u = cpu() - c;
  console.log(`${name.padEnd(22)} wall ${(w / 1000).toFixed(2).padStart(7)} s  CPU ${(u / 1000).toFixed(2).padStart(7)} s  RSS ${rssMB()} MB`);
  t = performance.now(); c = cpu();
};
const d = generate(design, o);
step("generate");
const frame = toFrame(d);
const input = lmerInput("lmer", d.formula, frame, { REML: false });
step("frame + model input");
const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms); // no offset in these designs
step("crossProducts");
const mode = chooseRestMode(cp);
step(`rest analysis (${mode})`);
const work = allocFactor(cp, input.terms);
step("allocFactor");
const S = mode === "sparse" ? analyseRest(cp) : null;
console.log(`n=${d.n} l0=${cp.l0} m=${cp.units.m} mode=${mode}` + (S ? ` nnz(L)=${S.nnzL} supernodes=${S.nSuper} root=${work.rest?.chol.rootWidth} threads=${work.rest?.chol.threads}` : "") +
  `; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
