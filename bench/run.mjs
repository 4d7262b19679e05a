#!/usr/bin/env node
// Side-by-side benchmark: R's lme4 (bench/lme4_time.R) and lme4ts (the CLI) on every reference
// case of ../shared/reference, one case at a time, both on this machine in one run.
//
//   npm run bench -- [--only SUBSTR] [--reps N] [--lmm|--glmm] [--skip [ID,ID]]
//                    [--side both|lme4|ts] [--cli "CMD"] [--refs DIR] [--timeout SEC] [--out FILE]
//
// --skip with no value skips the "huge" cases (InstEval, ~77 s per lme4 fit); with a value it
// skips the cases whose id contains one of the comma-separated strings. --reps N sets the timed
// repetitions of every case on both sides (default: by size class, see cases.mjs).
// Results: a table on stdout and bench/results/latest.json (gitignored).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { loadCases, fitArgs, sizeClasses, defaultRefsDir } from "./cases.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const argv = process.argv.slice(2);
const has = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[i + 1] : dflt;
};

const only = opt("--only", "");
const repsOverride = opt("--reps") ? Number(opt("--reps")) : null;
const side = opt("--side", "both");
const cli = opt("--cli", `node ${join(root, "dist", "cli", "main.js")}`);
const refsDir = resolve(opt("--refs", defaultRefsDir));
const timeoutMs = Number(opt("--timeout", "1800")) * 1000;
const outFile = resolve(opt("--out", join(here, "results", "latest.json")));
const skipArg = has("--skip") ? opt("--skip", "") : null;
const skipHuge = skipArg === "";
const skipIds = skipArg ? skipArg.split(",").filter(Boolean) : [];
if (repsOverride !== null && !(Number.isInteger(repsOverride) && repsOverride >= 1)) {
  console.error(`--reps needs a positive integer, got "${opt("--reps")}"`);
  process.exit(2);
}
if (!["both", "lme4", "ts"].includes(side)) {
  console.error(`--side must be both, lme4 or ts, got "${side}"`);
  process.exit(2);
}

// ---- what is available ---------------------------------------------------------------------------

function probeR() {
  const r = spawnSync("Rscript", ["-e", 'if (!requireNamespace("lme4", quietly = TRUE)) quit(status = 3); cat(R.version.string, "| lme4", as.character(packageVersion("lme4")), "| BLAS", basename(sessionInfo()$BLAS))'], { encoding: "utf8" });
  if (r.error) return { ok: false, why: "Rscript not found (run scripts/install-r.sh)" };
  if (r.status !== 0) return { ok: false, why: "R package lme4 not installed (run scripts/install-r.sh)" };
  return { ok: true, version: r.stdout.trim() };
}
const cliFile = cli.split(" ").find((p) => p.endsWith(".js"));
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

// ---- one side of one case -------------------------------------------------------------------------

function lastJson(text) {
  const lines = text.trim().split("\n").reverse();
  for (const l of lines) {
    const s = l.trim();
    if (!s.startsWith("{")) continue;
    try { return JSON.parse(s); } catch { /* keep looking */ }
  }
  try { return JSON.parse(text); } catch { return null; }
}

/** The informative end of a failed run's stderr: error lines first, without GNU time's report. */
function tail(text, n = 2) {
  const noise = /^\s*(Command (being timed|exited)|User time|System time|Percent of CPU|Elapsed|Average|Maximum resident|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status|Node\.js v)/;
  const lines = String(text ?? "").trim().split("\n").filter((l) => l.trim() && !noise.test(l) && !/^\s+at /.test(l));
  const errs = lines.filter((l) => /error/i.test(l));
  return (errs.length ? errs.slice(-1) : lines.slice(-n)).join(" | ").slice(0, 300);
}

function runLme4(c, reps, warmup) {
  const args = [join(here, "lme4_time.R"), "--id", c.id, ...fitArgs(c), "--reps", String(reps), "--warmup", String(warmup)];
  const t0 = Date.now();
  const r = spawnSync("Rscript", args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 16 << 20 });
  const wallMs = Date.now() - t0;
  const out = r.status === 0 ? lastJson(r.stdout) : null;
  if (!out) return { error: r.error ? String(r.error.message) : tail(r.stderr) || `exit ${r.status}`, wallMs };
  return { ...out, wallMs };
}

function runTs(c, reps) {
  if (cliFile && !existsSync(cliFile)) return { error: `${cliFile} not found (run npm run build)` };
  const [cmd, ...pre] = cli.split(" ");
  const args = [...pre, "fit", ...fitArgs(c), "--json", "--time", String(reps)];
  const t0 = Date.now();
  const r = timeBin
    ? spawnSync(timeBin, ["-v", cmd, ...args], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20, cwd: root })
    : spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20, cwd: root });
  const wallMs = Date.now() - t0;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  const maxrss_kb = m ? Number(m[1]) : null;
  const out = r.status === 0 ? lastJson(r.stdout) : null;
  if (!out) return { error: r.error ? String(r.error.message) : tail(r.stderr) || `exit ${r.status}`, wallMs, maxrss_kb };
  return {
    n: reps,
    median_ms: typeof out.time_ms === "number" ? out.time_ms : null,
    logLik: out.logLik ?? null,
    REMLcrit: out.REMLcrit ?? null,
    maxrss_kb,
    wallMs,
  };
}

// ---- table ------------------------------------------------------------------------------------------

const fmtMs = (x) => (typeof x === "number" ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "-");
const fmtLL = (x) => (typeof x === "number" ? x.toFixed(4) : "-");
const fmtMB = (kb) => (typeof kb === "number" ? (kb / 1024).toFixed(0) : "-");
const cols = [
  ["case", 22], ["size", 5], ["reps", 7], ["lme4 ms", 9], ["lme4ts ms", 9], ["ratio", 7],
  ["logLik lme4", 14], ["logLik lme4ts", 14], ["|dLL|", 8], ["RSS R MB", 8], ["RSS ts MB", 9],
];
const pad = (s, w, left) => (left ? String(s).padEnd(w) : String(s).padStart(w));
const row = (vals) => vals.map((v, i) => pad(v, cols[i][1], i === 0)).join("  ");

function tableRow(res) {
  const a = res.lme4, b = res.lme4ts;
  const dll = typeof a?.logLik === "number" && typeof b?.logLik === "number" ? Math.abs(a.logLik - b.logLik).toExponential(1) : "-";
  return row([
    res.id, res.size, `${a?.n ?? "-"}/${b?.n ?? "-"}`, fmtMs(a?.median_ms), fmtMs(b?.median_ms),
    typeof res.ratio === "number" ? res.ratio.toFixed(2) : "-",
    fmtLL(a?.logLik), fmtLL(b?.logLik), dll, fmtMB(a?.error ? null : a?.maxrss_kb), fmtMB(b?.error ? null : b?.maxrss_kb),
  ]);
}

// ---- main -------------------------------------------------------------------------------------------

const rInfo = side === "ts" ? { ok: false, why: "--side ts" } : probeR();
const doR = side !== "ts" && rInfo.ok;
const doTs = side !== "lme4";
if (side !== "ts" && !rInfo.ok) console.log(`lme4: not run: ${rInfo.why}; timing lme4ts only`);
if (doTs && cliFile && !existsSync(cliFile)) console.log(`lme4ts: ${cliFile} not found (run npm run build); each case will show the error`);

let cases = loadCases(refsDir).filter((c) => c.id.includes(only));
if (has("--lmm")) cases = cases.filter((c) => !c.isGlmm);
if (has("--glmm")) cases = cases.filter((c) => c.isGlmm);
if (skipHuge) cases = cases.filter((c) => c.size !== "huge");
if (skipIds.length) cases = cases.filter((c) => !skipIds.some((s) => c.id.includes(s)));

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "?", node: process.version, platform: `${os.platform()} ${os.release()}` },
  R: doR ? rInfo.version : null,
  lme4ts: JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version,
  options: { only, reps: repsOverride, side, skip: skipArg, cli },
  cases: [],
};
const save = () => {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(results, null, 1) + "\n");
};

console.log(`${cases.length} cases; ${doR ? rInfo.version : "no lme4"}; node ${process.version}; ${results.machine.cpus} x ${results.machine.cpu}`);
console.log("ratio = lme4 ms / lme4ts ms (> 1: lme4ts faster); times are medians of warm fits; RSS = peak of each process");
console.log(row(cols.map((c) => c[0])));
let failures = 0;
for (const c of cases) {
  const cls = sizeClasses[c.size];
  const res = { id: c.id, size: c.size, nobs: c.nobs, call: c.call, refLogLik: c.refLogLik, refMs: c.refMs, lme4: null, lme4ts: null, ratio: null };
  if (!c.csv) {
    res.lme4 = res.lme4ts = { error: `data ${c.data} not found` };
  } else {
    if (doR) res.lme4 = runLme4(c, repsOverride ?? cls.lme4Reps, cls.lme4Warmup);
    if (doTs) res.lme4ts = runTs(c, repsOverride ?? cls.tsReps);
  }
  if (typeof res.lme4?.median_ms === "number" && typeof res.lme4ts?.median_ms === "number" && res.lme4ts.median_ms > 0) {
    res.ratio = res.lme4.median_ms / res.lme4ts.median_ms;
  }
  results.cases.push(res);
  save();
  console.log(tableRow(res));
  for (const [name, s] of [["lme4", res.lme4], ["lme4ts", res.lme4ts]]) {
    if (s?.error) { failures++; console.log(`    ${name} failed: ${s.error}`); }
  }
  if (typeof res.lme4?.logLik === "number" && typeof c.refLogLik === "number" && Math.abs(res.lme4.logLik - c.refLogLik) > 1e-6 * Math.max(1, Math.abs(c.refLogLik))) {
    console.log(`    note: lme4 logLik here ${res.lme4.logLik} differs from the reference ${c.refLogLik}`);
  }
}
console.log(`results: ${outFile}${failures ? ` (${failures} side(s) failed)` : ""}`);
