#!/usr/bin/env node
// Negative binomial GLMMs (issue 14's speed acceptance), R and lme4ts side by side in one run:
// lme4's glmer.nb and glmmTMB (nbinom2, nbinom1) against lme4ts's glmerNb and
// glmer({ family: "nbinom2" | "nbinom1" }) on the fixtures' models (grouseticks and Salamanders,
// test/fixtures/families/). Wall-clock medians of N whole fits (R: after one warm-up fit; lme4ts:
// after one warm-up fit in the same process), ratio = R ms / lme4ts ms, and the log-likelihoods.
//
//   npm run build && node bench/families.mjs [--reps N]
import { runRJson } from "./rjson.mjs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1] || 5) || 5;
const GT = "TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)";
const SAL = "count ~ spp + mined + (1 | site)";
const cases = [
  { id: "grouseticks_glmer.nb", data: "grouseticks", formula: GT, r: "glmer.nb", ts: "glmerNb" },
  { id: "grouseticks_tmb_nbinom2", data: "grouseticks", formula: GT, r: "nbinom2", ts: "nbinom2" },
  { id: "grouseticks_tmb_nbinom1", data: "grouseticks", formula: GT, r: "nbinom1", ts: "nbinom1" },
  { id: "salamanders_glmer.nb", data: "Salamanders", formula: SAL, r: "glmer.nb", ts: "glmerNb" },
  { id: "salamanders_tmb_nbinom2", data: "Salamanders", formula: SAL, r: "nbinom2", ts: "nbinom2" },
  { id: "salamanders_tmb_nbinom1", data: "Salamanders", formula: SAL, r: "nbinom1", ts: "nbinom1" },
];

const rCode = `
suppressMessages({ library(lme4); library(glmmTMB); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
reps <- ${reps}
sal <- read.csv(file.path("test", "fixtures", "families", "Salamanders.csv"), stringsAsFactors = TRUE)
sal$site <- factor(as.character(sal$site), levels = fromJSON(file.path("test", "fixtures", "families", "Salamanders.schema.json"))$columns$levels[[1]])
datasets <- list(grouseticks = readData("grouseticks"), Salamanders = sal)
cases <- fromJSON('${JSON.stringify(cases)}', simplifyDataFrame = FALSE)
out <- list()
for (cs in cases) {
  d <- datasets[[cs$data]]; f <- as.formula(cs$formula)
  fit <- if (cs$r == "glmer.nb") function() glmer.nb(f, data = d) else function() glmmTMB(f, data = d, family = get(cs$r)())
  m <- fit()
  ms <- median(replicate(reps, { t0 <- Sys.time(); fit(); as.numeric(Sys.time() - t0, units = "secs") * 1000 }))
  out[[cs$id]] <- list(ms = ms, logLik = as.numeric(logLik(m)))
}
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\\n")
`;
const R = runRJson(rCode, root);

const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
const data = {
  grouseticks: lib.readCsv(resolve(root, "datasets/grouseticks.csv"), resolve(root, "datasets/grouseticks.schema.json")),
  Salamanders: lib.readCsv(resolve(root, "test/fixtures/families/Salamanders.csv"), resolve(root, "test/fixtures/families/Salamanders.schema.json")),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));
console.log(`${pad("case", 26, true)}${pad("R ms", 10)}${pad("lme4ts ms", 11)}${pad("ratio", 8)}${pad("logLik R", 14)}${pad("logLik ts", 14)}${pad("ts - R", 10)}`);
for (const cs of cases) {
  const fit = () => (cs.ts === "glmerNb" ? lib.glmerNb(cs.formula, data[cs.data]) : lib.glmer(cs.formula, data[cs.data], { family: cs.ts }));
  const m = fit();
  const times = [];
  for (let k = 0; k < reps; k++) { const t0 = performance.now(); fit(); times.push(performance.now() - t0); }
  const ts = median(times), rr = R[cs.id];
  console.log(`${pad(cs.id, 26, true)}${pad(rr.ms.toFixed(0), 10)}${pad(ts.toFixed(0), 11)}${pad((rr.ms / ts).toFixed(2), 8)}${pad(rr.logLik.toFixed(4), 14)}${pad(m.logLik().toFixed(4), 14)}${pad((m.logLik() - rr.logLik).toExponential(1), 10)}`);
}
