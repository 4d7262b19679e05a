#!/usr/bin/env node
// Issue 17's large crossed designs, lme4 and lme4ts on the same data in one run:
//   node bench/large.mjs [--designs a,b,d] [--n N] [--shape] [--side both|ts|lme4] [--out FILE]
// --shape keeps the design's shape when --n scales it: the first factor's levels scale with n
// (design (c) at 1M rows: 152 400 clients × 6 300 items), the second factor's stay. The lme4ts child
// reports the fit's wall and process CPU time (worker threads included), the generation time, θ,
// β, σ, logLik and the rest-block mode (LME4TS_REST=dense|sparse in the environment forces one:
// the second route for comparing estimates).
// Each design's data come from bench/retail-gen.mjs (seeded; written once as CSV + schema to
// bench/results/ for R). lme4: `Rscript bench/lme4_time.R --reps 1 --warmup 0` (one cold fit:
// at this size a warm-up doubles the run); lme4ts: a child process fitting the same generated
// arrays (no CSV parsing), its peak RSS from process.resourceUsage(). ML for the LMMs, Laplace
// for (d). Prints and writes (default bench/results/large.json) time, evaluations, logLik and
// peak RSS of each side (lme4ts: also the child's CPU time, both threads, `cpu_ms`; lme4's is in
// its row's `cpu_ms`), the ratio lme4/lme4ts and logLik(lme4ts) − logLik(lme4).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DESIGNS, generate, toFrame, writeCsv } from "./retail-gen.mjs";

const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const root = fileURLToPath(new URL("..", import.meta.url));

if (get("--child")) {
  // Child: fit one design with lme4ts and print one JSON line.
  const design = get("--child"), o = get("--n") ? { n: Number(get("--n")) } : {};
  if (get("--l1")) o.l1 = Number(get("--l1"));
  const { lmer, glmer } = await import("../dist/index.js");
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const g0 = performance.now();
  const d = generate(design, o);
  const frame = toFrame(d);
  const gen_ms = performance.now() - g0;
  const rss_gen_kb = process.resourceUsage().maxRSS;
  const t0 = performance.now(), c0 = cpu();
  const fit = d.binary ? glmer(d.formula, frame, { family: "binomial" }) : lmer(d.formula, frame, { REML: false });
  const ms = performance.now() - t0, cpu_ms = cpu() - c0;
  console.log(JSON.stringify({ ms, cpu_ms, gen_ms, rss_gen_kb, logLik: fit.logLik(), feval: fit.optinfo.feval, theta: Array.from(fit.theta),
    beta: Array.from(fit.beta ?? []), sigma: fit.sigma, rest: process.env.LME4TS_REST ?? "auto", maxrss_kb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const designs = (get("--designs") ?? "a,b,d").split(",");
const side = get("--side") ?? "both";
const out = get("--out") ?? `${root}bench/results/large.json`;
const rows = [];
for (const design of designs) {
  const D = DESIGNS[design], n = Number(get("--n") ?? D.n);
  const l1 = args.includes("--shape") ? Math.round((D.l1 * n) / D.n) : D.l1;
  const row = { design, n, formula: D.formula, family: D.binary ? "binomial" : "gaussian (ML)", l1, l2: D.l2 };
  if (side !== "lme4") {
    const r = spawnSync(process.execPath, ["--max-old-space-size=8192", fileURLToPath(import.meta.url), "--child", design, "--n", String(n), "--l1", String(l1)], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) row.ts_error = (r.stderr || "").slice(-2000);
    else row.ts = JSON.parse(r.stdout.trim().split("\n").pop());
  }
  if (side !== "ts") {
    const csv = `${root}bench/results/retail-${design}-${n}${l1 !== D.l1 ? `-${l1}` : ""}.csv`;
    mkdirSync(`${root}bench/results`, { recursive: true });
    if (!existsSync(csv)) await writeCsv(generate(design, { n, l1 }), csv);
    const fam = D.binary ? ["--family", "binomial"] : ["--reml", "false"];
    const r = spawnSync("Rscript", [`${root}bench/lme4_time.R`, "--id", design, "--data", csv, "--schema", csv.replace(/\.csv$/, ".schema.json"),
      "--formula", D.formula, ...fam, "--reps", "1", "--warmup", "0"], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) row.lme4_error = (r.stderr || "").slice(-2000);
    else row.lme4 = JSON.parse(r.stdout.trim().split("\n").pop());
  }
  if (row.ts && row.lme4) {
    row.ratio = row.lme4.median_ms / row.ts.ms;
    if (row.lme4.cpu_ms !== undefined) row.cpuRatio = row.lme4.cpu_ms / row.ts.cpu_ms;
    row.dLogLik = row.ts.logLik - row.lme4.logLik;
  }
  rows.push(row);
  mkdirSync(`${root}bench/results`, { recursive: true });
  const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? "-" : x.toFixed(d));
  console.log(`(${design}) n=${n} ${D.formula} ${row.family}: lme4 ${f(row.lme4?.median_ms / 1000)} s, CPU ${f(row.lme4?.cpu_ms / 1000)} s (${row.lme4?.feval ?? "-"} evals, ` +
    `${f(row.lme4?.maxrss_kb / 1024, 0)} MB) | lme4ts ${f(row.ts?.ms / 1000)} s, CPU ${f(row.ts?.cpu_ms / 1000)} s (${row.ts?.feval ?? "-"} evals, ${f(row.ts?.maxrss_kb / 1024, 0)} MB;` +
    ` generation ${f(row.ts?.gen_ms / 1000)} s) θ ${row.ts?.theta?.map((x) => x.toPrecision(10)).join(" ") ?? "-"}` +
    ` | ratio ${f(row.ratio, 2)} (CPU ${f(row.cpuRatio, 2)}) | logLik ts−lme4 ${row.dLogLik === undefined ? "-" : row.dLogLik.toExponential(2)}` +
    (row.ts_error ? `\n  lme4ts failed: ${row.ts_error}` : "") + (row.lme4_error ? `\n  lme4 failed: ${row.lme4_error}` : ""));
  writeFileSync(out, JSON.stringify(rows, null, 1));
}
