#!/usr/bin/env node
// Laplace-engine GLMMs (issue 14's speed acceptance), R and lme4ts side by side in one run:
// lme4's glmer.nb and glmmTMB against lme4ts's glmerNb and glmer on the fixtures' models
// (bench/families-cases.mjs: grouseticks and Salamanders negative binomials of
// test/fixtures/families; beta, betabinomial, zero-inflation and dispersion models of
// test/fixtures/families2). Medians of N whole fits (R: after one warm-up fit; lme4ts: after one
// warm-up fit in the same process) of the wall-clock time and of the process's CPU time (user +
// system; on a shared, loaded machine the CPU time is the fairer comparison: the wall time then
// depends on how the scheduler shared the cores while each side ran), ratio = R / lme4ts, and
// the log-likelihoods.
//
//   npm run build && node bench/families.mjs [--reps N] [--only id,id]
import { runRJson } from "./rjson.mjs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadavg } from "node:os";
import { familyCases } from "./families-cases.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1] || 5) || 5;
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : null;
const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
const cases = familyCases(lib, root).filter((c) => !only || only.includes(c.id));
const rCases = cases.map(({ id, data, formula, family, ziformula, dispformula, source }) => ({ id, data, formula, family, ziformula, dispformula, source }));

const rCode = `
suppressMessages({ library(lme4); library(glmmTMB); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
reps <- ${reps}
readFixture <- function(dir, name) {
  d <- read.csv(file.path("test", "fixtures", dir, paste0(name, ".csv")), stringsAsFactors = FALSE)
  schema <- fromJSON(file.path("test", "fixtures", dir, paste0(name, ".schema.json")), simplifyDataFrame = FALSE)
  for (col in schema$columns) if (col$type == "factor") d[[col$name]] <- factor(as.character(d[[col$name]]), levels = unlist(col$levels))
  d
}
cases <- fromJSON('${JSON.stringify(rCases)}', simplifyDataFrame = FALSE)
out <- list()
for (cs in cases) {
  d <- if (cs$data == "grouseticks") readData("grouseticks") else readFixture(cs$source, cs$data)
  f <- as.formula(cs$formula)
  zi <- if (is.null(cs$ziformula)) ~0 else as.formula(cs$ziformula)
  dp <- if (is.null(cs$dispformula)) ~1 else as.formula(cs$dispformula)
  fam <- if (cs$family == "beta") beta_family() else if (cs$family != "glmer.nb") get(cs$family)() else NULL
  fit <- if (cs$family == "glmer.nb") function() glmer.nb(f, data = d) else function() glmmTMB(f, data = d, family = fam, ziformula = zi, dispformula = dp)
  m <- fit()
  tt <- replicate(reps, { st <- system.time(fit()); c(st[["elapsed"]], st[["user.self"]] + st[["sys.self"]]) * 1000 })
  out[[cs$id]] <- list(ms = median(tt[1, ]), cpu = median(tt[2, ]), logLik = as.numeric(logLik(m)))
}
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\\n")
`;
const load0 = loadavg()[0];
const R = runRJson(rCode, root);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));
console.log(`${pad("case", 26, true)}${pad("R ms", 9)}${pad("ts ms", 8)}${pad("ratio", 8)}${pad("R cpu", 9)}${pad("ts cpu", 8)}${pad("ratio", 8)}${pad("logLik R", 14)}${pad("logLik ts", 14)}${pad("ts - R", 10)}`);
for (const cs of cases) {
  const m = cs.fit();
  const times = [], cpus = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    cs.fit();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const ts = median(times), tc = median(cpus), rr = R[cs.id];
  console.log(`${pad(cs.id, 26, true)}${pad(rr.ms.toFixed(0), 9)}${pad(ts.toFixed(0), 8)}${pad((rr.ms / ts).toFixed(2), 8)}${pad(rr.cpu.toFixed(0), 9)}${pad(tc.toFixed(0), 8)}${pad((rr.cpu / tc).toFixed(2), 8)}${pad(rr.logLik.toFixed(4), 14)}${pad(m.logLik().toFixed(4), 14)}${pad((m.logLik() - rr.logLik).toExponential(1), 10)}`);
}
console.log(`load average (1 min): ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
