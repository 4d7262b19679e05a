#!/usr/bin/env node
// Analysis-toolkit benchmark (issue 12's speed acceptance), R and lme4ts side by side in one run:
//   - anova(m, type = 3) with Satterthwaite's df (lmerTest), and
//   - emmeans(m, "recipe") + pairs() with Kenward-Roger df (emmeans' default for lmer fits)
// on cake models (factor x factor with an ordered factor; factor x covariate) and sleepstudy.
//
//   npm run build && node bench/analysis.mjs [--reps N]
//
// Times are wall-clock medians of N calls on an already fitted model. R: lmerTest's anova is timed
// twice: on an lmerTest fit (the Satterthwaite set-up, Hessian and Jacobian, was done at fit time
// and is not counted) and including that set-up (as_lmerModLmerTest + anova); lme4ts always
// includes its set-up (nothing is cached on the model). emmeans: the whole emmeans() + pairs() call
// in both (R: pbkrtest's Kenward-Roger adjustment each time; lme4ts: also each time, a fresh fit
// object per repetition so its cache does not count). The ratio is R's time over ours.
import { spawnSync } from "node:child_process";
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
cases <- fromJSON('${JSON.stringify(cases)}', simplifyDataFrame = FALSE)
out <- list()
for (cs in cases) {
  d <- readData(cs$data)
  m <- lme4::lmer(as.formula(cs$formula), data = d)
  mt <- lmerTest::as_lmerModLmerTest(m)
  out[[cs$id]] <- list(
    anova = tm(function() anova(mt, type = 3)),
    anova_setup = tm(function() anova(lmerTest::as_lmerModLmerTest(m), type = 3)),
    emmeans_pairs = tm(function() pairs(emmeans(m, cs$specs))))
}
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\\n")
`;

const r = spawnSync("Rscript", ["-"], { input: rCode, encoding: "utf8", cwd: root, maxBuffer: 1 << 24 });
if (r.status !== 0) {
  console.error("R failed:", r.stderr.trim().split("\n").slice(-3).join(" | "));
  process.exit(1);
}
const R = JSON.parse(r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop());

const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
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
  const emm = time(() => {
    const fresh = lib.lmer(c.formula, data); // a fresh fit so the Kenward-Roger cache is not reused
    return lib.pairs(lib.emmeans(fresh, c.specs));
  });
  const fit = time(() => lib.lmer(c.formula, data));
  rows.push({ id: c.id, anova, anovaR: R[c.id].anova, anovaSetupR: R[c.id].anova_setup, emm: emm - fit, emmR: R[c.id].emmeans_pairs });
}
const f = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
console.log(`reps ${reps}; milliseconds (median); ratio = R / lme4ts`);
console.log("| model | anova type 3 (lme4ts) | lmerTest anova | ratio | incl. set-up | ratio | emmeans + pairs (lme4ts) | R emmeans + pairs | ratio |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const x of rows)
  console.log(`| ${x.id} | ${f(x.anova)} | ${f(x.anovaR)} | ${(x.anovaR / x.anova).toFixed(1)}× | ${f(x.anovaSetupR)} | ${(x.anovaSetupR / x.anova).toFixed(1)}× | ${f(x.emm)} | ${f(x.emmR)} | ${(x.emmR / x.emm).toFixed(1)}× |`);
