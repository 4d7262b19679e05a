#!/usr/bin/env node
// Inference benchmark, R's lme4 and lme4ts side by side in one run (issue 4's acceptance):
//   - confint(fm1) (profile) on sleepstudy, fm1 = lmer(Reaction ~ Days + (Days | Subject))
//   - bootMer(fm1, fixef, nsim = 500)
//   - confint(gm1) (profile) on cbpp, gm1 = glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), binomial)
//
//   node bench/inference.mjs [--reps N] [--side both|lme4|ts] [--workers auto|N] [--src]
//
// lme4ts is loaded from dist/ when it was built after the last change to src/ (npm run build),
// else (or with --src) from the TypeScript sources through the loader hooks that the worker
// threads use in development (src/inference/workers/tsHooks.mjs; workers start slower there).
// Times are wall clock. lme4ts: "cold" is the first call in this process (JIT warm-up included),
// "warm" the median of N further calls. R: the median of N calls after the fit (R has no JIT).
// The ratio is R's time over ours (> 1: lme4ts is faster).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const reps = Number(opt("--reps", "3"));
const side = opt("--side", "both");
const workersOpt = opt("--workers", "auto");
const workers = workersOpt === "auto" ? "auto" : Number(workersOpt);

// ---- R side ------------------------------------------------------------------------------------

const rCode = `
suppressMessages(library(lme4))
reps <- ${reps}
tm <- function(expr) { t0 <- Sys.time(); force(expr); as.numeric(Sys.time() - t0, units = "secs") * 1000 }
fm1 <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy)
gm1 <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = cbpp, family = binomial)
a <- replicate(reps, tm(suppressMessages(confint(fm1, oldNames = FALSE, quiet = TRUE))))
b <- replicate(reps, tm(bootMer(fm1, fixef, nsim = 500, seed = 1)))
c <- replicate(reps, tm(suppressWarnings(confint(gm1, oldNames = FALSE, quiet = TRUE))))
cat(sprintf('{"profile_sleepstudy": %f, "bootMer_500": %f, "profile_cbpp": %f, "version": "%s"}\\n',
  median(a), median(b), median(c), as.character(packageVersion("lme4"))))
`;

function runR() {
  const r = spawnSync("Rscript", ["-"], { input: rCode, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.error) return { error: "Rscript not found (sh scripts/install-r.sh)" };
  if (r.status !== 0) return { error: r.stderr.trim().split("\n").slice(-2).join(" | ") };
  const line = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  return line ? JSON.parse(line) : { error: "no output from R" };
}

// ---- lme4ts side -------------------------------------------------------------------------------

/** dist/ is usable when built after the last change to src/ (else the sources are timed). */
function distFresh(dist) {
  if (!existsSync(dist) || !existsSync(join(root, "dist", "inference", "workers", "worker.js"))) return false;
  const built = statSync(dist).mtimeMs;
  const newest = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  return newest(join(root, "src")) <= built;
}

async function loadTs() {
  const dist = join(root, "dist", "inference", "index.js");
  if (!argv.includes("--src") && distFresh(dist)) {
    return {
      from: "dist",
      inf: await import(pathToFileURL(dist).href),
      lmm: await import(pathToFileURL(join(root, "dist", "lmm", "lmer.js")).href),
      glmm: await import(pathToFileURL(join(root, "dist", "glmm", "glmer.js")).href),
      data: await import(pathToFileURL(join(root, "dist", "datasets", "index.js")).href),
    };
  }
  register(pathToFileURL(join(root, "src", "inference", "workers", "tsHooks.mjs")).href);
  const src = (p) => import(pathToFileURL(join(root, "src", p)).href);
  return { from: "src (TypeScript via loader hooks)", inf: await src("inference/index.ts"), lmm: await src("lmm/lmer.ts"), glmm: await src("glmm/glmer.ts"), data: await src("datasets/index.ts") };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeIt(fn) {
  const t0 = performance.now();
  const out = await fn();
  return { ms: performance.now() - t0, out };
}

async function runTs() {
  const { from, inf, lmm, glmm, data } = await loadTs();
  const fm1 = lmm.lmer("Reaction ~ Days + (Days | Subject)", data.datasets.sleepstudy());
  const gm1 = glmm.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", data.datasets.cbpp(), { family: "binomial" });
  const cases = {
    profile_sleepstudy: () => inf.confint(fm1, { workers }),
    bootMer_500: () => inf.bootMer(fm1, "fixef", { nsim: 500, seed: 1, workers }),
    profile_cbpp: () => inf.confint(gm1, { workers }),
  };
  const res = { from };
  for (const [name, fn] of Object.entries(cases)) {
    const cold = await timeIt(fn);
    const warm = [];
    for (let i = 0; i < reps; i++) warm.push((await timeIt(fn)).ms);
    res[name] = { cold: cold.ms, warm: median(warm), detail: cold.out };
  }
  return res;
}

// ---- run and report ----------------------------------------------------------------------------

const r = side === "ts" ? { error: "skipped" } : runR();
const t = side === "lme4" ? null : await runTs();
const fmt = (ms) => (ms === undefined || ms === null ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
console.log(`lme4: ${r.error ? r.error : `lme4 ${r.version}, median of ${reps}`}`);
if (t) console.log(`lme4ts: from ${t.from}; workers: ${workersOpt}; warm = median of ${reps} after one cold call`);
console.log("");
console.log(["case".padEnd(20), "lme4".padStart(9), "ts cold".padStart(9), "ts warm".padStart(9), "ratio cold".padStart(11), "ratio warm".padStart(11)].join(" "));
for (const name of ["profile_sleepstudy", "bootMer_500", "profile_cbpp"]) {
  const rv = r.error ? undefined : r[name];
  const tv = t?.[name];
  const ratio = (x) => (rv && x ? `${(rv / x).toFixed(1)}×` : "—");
  console.log([name.padEnd(20), fmt(rv).padStart(9), fmt(tv?.cold).padStart(9), fmt(tv?.warm).padStart(9), ratio(tv?.cold).padStart(11), ratio(tv?.warm).padStart(11)].join(" "));
}
if (t) {
  const ci = t.profile_sleepstudy.detail;
  console.log("\nlme4ts confint(fm1):");
  console.log(ci.names.map((n, i) => `  ${n.padEnd(30)} ${ci.lower[i].toFixed(4).padStart(10)} ${ci.upper[i].toFixed(4).padStart(10)}`).join("\n"));
  const b = t.bootMer_500.detail;
  console.log(`bootMer: ${b.nsim} replicates on ${b.timing.workers} worker thread(s), ${b.failures.length} failed`);
}
process.exit(0);
