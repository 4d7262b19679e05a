#!/usr/bin/env node
// Analysis-toolkit benchmark (issue 12's speed acceptance), R and lme4ts side by side in one run:
//   - anova(m, type = 3) with Satterthwaite's df (lmerTest), and
//   - anova(m, type = 3, ddf = "Kenward-Roger") (lmerTest computes pbkrtest's adjustment on each call;
//     lme4ts on a fresh fit each time, so its per-model cache is not reused), and
//   - emmeans(m, "recipe") + pairs() with Kenward-Roger df (emmeans' default for lmer fits)
// on cake models (factor x factor with an ordered factor; factor x covariate) and sleepstudy.
//
//   npm run build && node bench/analysis.mjs [--reps N]
//
// Times are wall-clock medians of N calls on an already fitted model. anova is timed two ways on
// each side: (1) repeated calls on one fit — R: anova() on an lmerTest fit, whose Satterthwaite
// set-up (Hessian, Jacobian) was computed at fit time; lme4ts: anova() on one model, whose set-up
// and hypothesis matrices are computed on the first call and cached on the (immutable) model —
// and (2) the first call including that set-up — R: as_lmerModLmerTest + anova; lme4ts: anova on a
// fresh fit (the fit's own time subtracted). emmeans: the whole emmeans() + pairs() on a fresh
// fit each time in both (R: pbkrtest's Kenward-Roger adjustment each call; lme4ts: the same, its
// per-model cache not reused). The ratio is R's time over ours. The first anova call is also
// measured in process CPU time (median of N calls: R's proc.time, resolution 1 ms; Node's
// process.cpuUsage), which preemption on a loaded machine does not inflate (a millisecond-long
// call's wall time is mostly preemption when the load average exceeds the cores); caveat: it
// counts all threads, so V8's concurrent GC marking and optimizing compiles that happen during a
// call are charged to it. The load average is printed with the tables.
import { runRJson } from "./rjson.mjs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1] || 5) || 5;
const cases = [
  { id: "cake_fxf", data: "cake", formula: "angle ~ recipe * temperature + (1 | recipe:replicate)", specs: "recipe" },
  { id: "cake_fxc", data: "cake", formula: "angle ~ recipe * temp + (1 | recipe:replicate)", specs: "recipe" },
  { id: "cbpp_lmm", data: "cbpp", formula: "incidence ~ period * size + (1 | herd)", specs: "period" },
];

const rCode = `
suppressMessages({ library(lme4); library(lmerTest); library(emmeans); library(jsonlite) })
emm_options(pbkrtest.limit = 1e6, lmerTest.limit = 1e6)
source(file.path("scripts", "read-data.R"))
reps <- ${reps}
tm <- function(f) median(replicate(reps, { t0 <- Sys.time(); f(); as.numeric(Sys.time() - t0, units = "secs") * 1000 }))
cpu <- function(f) { f(); median(replicate(reps, { t0 <- proc.time(); f(); t <- proc.time() - t0; (t[["user.self"]] + t[["sys.self"]]) * 1000 })) }
cases <- fromJSON('${JSON.stringify(cases)}', simplifyDataFrame = FALSE)
out <- list()
for (cs in cases) {
  d <- readData(cs$data)
  m <- lme4::lmer(as.formula(cs$formula), data = d)
  mt <- lmerTest::as_lmerModLmerTest(m)
  out[[cs$id]] <- list(
    anova = tm(function() anova(mt, type = 3)),
    anova_setup = tm(function() anova(lmerTest::as_lmerModLmerTest(m), type = 3)),
    anova_setup_cpu = cpu(function() anova(lmerTest::as_lmerModLmerTest(m), type = 3)),
    anova_kr = tm(function() anova(mt, type = 3, ddf = "Kenward-Roger")),
    emmeans_pairs = tm(function() pairs(emmeans(m, cs$specs))))
}
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\\n")
`;

const loadavg = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
const loadBefore = loadavg();
const R = runRJson(rCode, root);

const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median time of f(x) over fresh inputs made by make() outside the timed region (after one warm-up). */
const timeFresh = (make, f) => {
  f(make());
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const x = make();
    const t0 = performance.now();
    f(x);
    ts.push(performance.now() - t0);
  }
  return median(ts);
};
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/** Median process CPU time of f(x) over fresh inputs made by make() outside the measured region. */
const cpuFresh = (make, f) => {
  f(make());
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const x = make();
    const t0 = cpuNow();
    f(x);
    ts.push(cpuNow() - t0);
  }
  return median(ts);
};
const time = (f) => {
  f(); // warm-up (JIT)
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
};
const rows = [];
for (const c of cases) {
  const data = lib.datasets[c.data]();
  const m = lib.lmer(c.formula, data);
  const anova = time(() => lib.anova(m, { type: 3 }));
  const anovaFirst = timeFresh(() => lib.lmer(c.formula, data), (fresh) => lib.anova(fresh, { type: 3 }));
  // a fresh fit each time, so the Kenward-Roger adjustment cached on a model is not reused
  const anovaKR = timeFresh(() => lib.lmer(c.formula, data), (fresh) => lib.anova(fresh, { type: 3, ddf: "Kenward-Roger" }));
  const anovaFirstCpu = cpuFresh(() => lib.lmer(c.formula, data), (fresh) => lib.anova(fresh, { type: 3 }));
  const emm = timeFresh(() => lib.lmer(c.formula, data), (fresh) => lib.pairs(lib.emmeans(fresh, c.specs)));
  rows.push({ id: c.id, anova, anovaFirst, anovaR: R[c.id].anova, anovaSetupR: R[c.id].anova_setup, anovaFirstCpu, anovaSetupCpuR: R[c.id].anova_setup_cpu, emm, emmR: R[c.id].emmeans_pairs, anovaKR, anovaKRR: R[c.id].anova_kr });
}
const f = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
console.log(`reps ${reps}; milliseconds (median); ratio = R / lme4ts`);
console.log("| model | anova repeated: lme4ts | lmerTest | ratio | anova first call incl. set-up: lme4ts | lmerTest | ratio | anova KR: lme4ts | lmerTest | ratio | emmeans + pairs: lme4ts | R | ratio |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const x of rows)
  console.log(`| ${x.id} | ${f(x.anova)} | ${f(x.anovaR)} | ${(x.anovaR / x.anova).toFixed(1)}× | ${f(x.anovaFirst)} | ${f(x.anovaSetupR)} | ${(x.anovaSetupR / x.anovaFirst).toFixed(1)}× | ${f(x.anovaKR)} | ${f(x.anovaKRR)} | ${(x.anovaKRR / x.anovaKR).toFixed(1)}× | ${f(x.emm)} | ${f(x.emmR)} | ${(x.emmR / x.emm).toFixed(1)}× |`);
console.log(`\nanova first call incl. set-up, process CPU time (ms, median of ${reps}); load average before ${loadBefore}, after ${loadavg()}`);
console.log("| model | lme4ts | lmerTest | ratio |");
console.log("|---|---:|---:|---:|");
for (const x of rows) console.log(`| ${x.id} | ${f(x.anovaFirstCpu)} | ${f(x.anovaSetupCpuR)} | ${(x.anovaSetupCpuR / x.anovaFirstCpu).toFixed(1)}× |`);
