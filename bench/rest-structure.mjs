#!/usr/bin/env node
// Structure of the LMM rest block (the Schur complement after eliminating term 0) on the retail-like
// designs of issue 17: density of Srr, the AMD-ordered supernodal factor's fill and multiply-adds,
// and how much of that work sits in the trailing (dense) supernodes. Against the built dist/:
//   node bench/rest-structure.mjs --design c [--n N --l1 L1 --l2 L2 --seed S]
import { generate, toFrame } from "./retail-gen.mjs";
const dist = process.env.LME4TS_DIST ?? "../dist";
const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
process.env.LME4TS_REST = "sparse";
const { lmerInput, lmmProblem } = await import(`${dist}/lmm/lmer.js`);
const design = get("--design") ?? "c", o = {};
for (const k of ["n", "l1", "l2", "seed"]) if (get(`--${k}`)) o[k] = Number(get(`--${k}`));
const d = generate(design, o);
const pr = lmmProblem(lmerInput("lmer", d.formula, toFrame(d), { REML: false }), false);
const rs = pr.work.rest, S = rs.S, m = S.n;
// Pattern of Srr: strictly lower entries of the symbolic input = columns of L before fill are not kept;
// count Srr's off-diagonal pattern from the clique structure instead (distinct pairs).
let nnzA = 0;
if (S.Acolptr) nnzA = S.Acolptr[m];
const ns = S.snStart.length - 1;
let big = [];
// per-supernode multiply-adds of the left-looking factorization ≈ Σ_cols c(c+1)/2 over its columns (c = column count below diag + 1)
for (let J = 0; J < ns; J++) {
  const f = S.snStart[J], l = S.snStart[J + 1];
  let fl = 0;
  for (let c = f; c < l; c++) { const cc = S.colptr[c + 1] - S.colptr[c]; fl += ((cc - 1) * (cc + 2)) / 2; }
  big.push({ J, w: l - f, rows: S.colptr[f + 1] - S.colptr[f], fl });
}
big.sort((a, b) => b.fl - a.fl);
const tot = big.reduce((s, b) => s + b.fl, 0);
console.log(`m=${m} supernodes=${ns} nnz(L)=${S.nnzL} density(L)=${(S.nnzL / (m * (m + 1) / 2)).toFixed(3)} multiply-adds sparse=${S.flops.toExponential(3)} dense(m³/6)=${(m ** 3 / 6).toExponential(3)} ratio=${(S.flops / (m ** 3 / 6)).toFixed(3)}`);
let acc = 0;
for (let i = 0; i < 5 && i < big.length; i++) { acc += big[i].fl; console.log(`  supernode ${big[i].J}: width ${big[i].w}, rows ${big[i].rows}, ${(big[i].fl / tot * 100).toFixed(1)}% of the multiply-adds (top ${i + 1}: ${(acc / tot * 100).toFixed(1)}%)`); }
const last = ns - 1, lw = S.snStart[ns] - S.snStart[last];
console.log(`last supernode: width ${lw} (${(lw / m * 100).toFixed(1)}% of the columns)`);

// Timing of the rest factorization alone on Srr assembled at a fixed θ: the plain supernodal kernel
// (panel Cholesky of the root inside the sweep) against the dense root Cholesky on 1 and 2 threads,
// interleaved, `--reps R` each (median wall and process CPU ms; CPU includes the worker thread).
const reps = Number(get("--reps") ?? 0);
if (reps > 0) {
  const { SupernodalEngine } = await import(`${dist}/sparse/index.js`);
  const chol = rs.chol;
  let snap = null;
  const orig = chol.factor.bind(chol);
  chol.factor = () => { snap = chol.values.slice(); return orig(); };
  const theta = Float64Array.from(pr.layout.lower, (lo) => (lo === 0 ? 0.8 : 0.1));
  pr.f(theta);
  const want = chol.csc().values.slice(), got = new Float64Array(want.length);
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const runs = { plain: { rootDenseMin: Infinity }, "root 1 thread": { threads: 1 }, "root 2 threads": { threads: 2 } };
  const eng = Object.fromEntries(Object.entries(runs).map(([k, o]) => [k, new SupernodalEngine(S, 1, null, o)]));
  const res = Object.fromEntries(Object.keys(runs).map((k) => [k, { wall: [], cpu: [], diff: 0 }]));
  for (let r = 0; r < reps; r++)
    for (const [k, e] of Object.entries(eng)) {
      e.values.set(snap);
      const t = performance.now(), c = cpu();
      if (e.factor() !== -1) throw new Error("not positive definite");
      res[k].cpu.push(cpu() - c); res[k].wall.push(performance.now() - t);
      e.toCsc(got);
      let dmax = 0, smax = 0;
      for (let i = 0; i < want.length; i++) { dmax = Math.max(dmax, Math.abs(got[i] - want[i])); smax = Math.max(smax, Math.abs(want[i])); }
      res[k].diff = dmax / smax;
    }
  const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  const fl = S.flops * 2 / 1e9;
  for (const [k, v] of Object.entries(res))
    console.log(`${k}: wall median ${med(v.wall).toFixed(0)} ms (min ${Math.min(...v.wall).toFixed(0)}), CPU median ${med(v.cpu).toFixed(0)} ms,` +
      ` ${(fl / med(v.cpu) * 1000).toFixed(1)} GFLOP per CPU s, ${(fl / Math.min(...v.wall) * 1000).toFixed(1)} GFLOP/s wall (best); max |ΔL|/max|L| vs the fit's factor ${v.diff.toExponential(1)}`);
}
