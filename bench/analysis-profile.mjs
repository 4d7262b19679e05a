#!/usr/bin/env node
// Where the first `anova(m, { type: 3 })` call on a fitted model spends its time (issue 12's
// first-call figure in bench/analysis.mjs): the stages timed separately on fresh fits, medians of
// N (default 40) after 5 warm-up rounds, milliseconds of process CPU time. Stages: designTerms (term structure),
// type3Hypotheses (lmerTest's type III contrasts), satterthwaiteSetup (Hessian of the deviance
// in (θ, σ), Jacobian of vcov(β)), the whole first anova call on another fresh fit, and a
// repeated call on that fit (set-up and hypotheses cached).
//
//   npm run build && node bench/analysis-profile.mjs [--reps N]
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1] || 40) || 40;
const load = async (p) => import(pathToFileURL(resolve(root, "dist", p)).href);
const lib = await load("index.js");
const hyp = await load("inference/hypotheses.js");
const sat = await load("inference/satterthwaite.js");
const cases = [
  ["cake_fxf", "cake", "angle ~ recipe * temperature + (1 | recipe:replicate)"],
  ["cake_fxc", "cake", "angle ~ recipe * temp + (1 | recipe:replicate)"],
  ["cbpp_lmm", "cbpp", "incidence ~ period * size + (1 | herd)"],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Process CPU time (user + system, getrusage's microseconds), not wall time: on a shared machine
// the wall time of a millisecond-long call is dominated by preemption (spikes of 10–100 ms).
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const timed = (f) => { const t0 = cpu(); f(); return cpu() - t0; };
console.log(`reps ${reps}; CPU milliseconds (median), fresh fit per round; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log("| model | fit | designTerms | type3Hypotheses | satterthwaiteSetup | first anova | repeated anova |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [id, ds, formula] of cases) {
  const data = lib.datasets[ds]();
  const T = { fit: [], design: [], type3: [], sat: [], first: [], repeated: [] };
  for (let i = 0; i < reps + 5; i++) {
    let m;
    const fit = timed(() => (m = lib.lmer(formula, data)));
    let d;
    const design = timed(() => (d = hyp.designTerms(m)));
    const type3 = timed(() => hyp.type3Hypotheses(d));
    const setup = timed(() => sat.satterthwaiteSetup(m));
    const m2 = lib.lmer(formula, data);
    const first = timed(() => lib.anova(m2, { type: 3 }));
    const repeated = timed(() => lib.anova(m2, { type: 3 }));
    if (i < 5) continue;
    T.fit.push(fit); T.design.push(design); T.type3.push(type3); T.sat.push(setup); T.first.push(first); T.repeated.push(repeated);
  }
  const f = (x) => median(x).toFixed(3);
  console.log(`| ${id} | ${f(T.fit)} | ${f(T.design)} | ${f(T.type3)} | ${f(T.sat)} | ${f(T.first)} | ${f(T.repeated)} |`);
}
