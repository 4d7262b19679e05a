#!/usr/bin/env node
// Laplace-engine GLMMs (issue 14's speed acceptance), R and lme4ts side by side in one run:
// lme4's glmer.nb and glmmTMB against lme4ts's glmerNb and glmer on the fixtures' models
// (bench/families-cases.mjs: grouseticks and Salamanders negative binomials of
// test/fixtures/families; beta, betabinomial, zero-inflation and dispersion models of
// test/fixtures/families2). Wall-clock medians of N whole fits (R: after one warm-up fit; lme4ts:
// after one warm-up fit in the same process), ratio = R ms / lme4ts ms, and the log-likelihoods.
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
  ms <- median(replicate(reps, { t0 <- Sys.time(); fit(); as.numeric(Sys.time() - t0, units = "secs") * 1000 }))
  out[[cs$id]] <- list(ms = ms, logLik = as.numeric(logLik(m)))
}
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\\n")
`;
const load0 = loadavg()[0];
const R = runRJson(rCode, root);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));
console.log(`${pad("case", 26, true)}${pad("R ms", 10)}${pad("lme4ts ms", 11)}${pad("ratio", 8)}${pad("logLik R", 14)}${pad("logLik ts", 14)}${pad("ts - R", 10)}`);
for (const cs of cases) {
  const m = cs.fit();
  const times = [];
  for (let k = 0; k < reps; k++) { const t0 = performance.now(); cs.fit(); times.push(performance.now() - t0); }
  const ts = median(times), rr = R[cs.id];
  console.log(`${pad(cs.id, 26, true)}${pad(rr.ms.toFixed(0), 10)}${pad(ts.toFixed(0), 11)}${pad((rr.ms / ts).toFixed(2), 8)}${pad(rr.logLik.toFixed(4), 14)}${pad(m.logLik().toFixed(4), 14)}${pad((m.logLik() - rr.logLik).toExponential(1), 10)}`);
}
console.log(`load average (1 min): ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
