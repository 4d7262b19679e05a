#!/usr/bin/env node
/**
 * Scale bench of issue 15: mixed models fitted from DuckDB (pushed-down aggregations, src/sources/)
 * on retail-like crossed data that DuckDB itself generates as Parquet files in a scratch folder
 * (default /tmp/lme4ts-duckdb-scale; never committed, deleted at the end unless --keep).
 *
 *   node bench/duckdb-scale.mjs [--only a,b,c] [--rows-a 5e6] [--rows-b 1e8] [--rows-c 1e7] [--dir D] [--keep]
 *
 * Run `npm run build` first (the bench imports dist/). Needs `@duckdb/node-api` and /usr/bin/time.
 *
 * The data (seeded: every random number is a chain of DuckDB hash()es of the row's coordinates and a salt, so
 * the same arguments give the same rows whatever the thread count):
 * - clients with gamma-like activity: client c has propensity z_c² (χ²₁ = 2·Gamma(½), very skewed)
 *   and max(2, round(N·z_c²/Σz²)) rows; its random intercept u0_c ~ N(0, 0.5²) and random slope on
 *   x u1_c ~ N(0, 0.2²);
 * - items: client c shops mostly near its "home" item h_c: item = (h_c + ⌊B·U²⌋) mod nItems, so
 *   popular items within a basket of B items (this bounds the client × item pairs by nClients·B,
 *   as in real baskets); item effect v_i ~ N(0, 0.4²);
 * - x ~ N(0, 1) per row (a price/promotion index), ε ~ N(0, 1);
 *   y = 1 + 0.3·x + u0_c + u1_c·x + v_i + ε, fitted as y ~ x + (1 + x | client) + (1 | item);
 * - for the GLMM: promo = 1{U < 0.3} and buy ~ Bernoulli(plogis(−1 + 0.5·promo + u0_c + v_i)),
 *   fitted as buy ~ promo + (1 | client) + (1 | item), family binomial (Laplace).
 *
 * Measurements (each fit in a child process under `/usr/bin/time -v`, which reports its peak RSS):
 * (a) `--rows-a` rows: the REML fit from DuckDB against the in-memory fit of the same rows read
 *     into the process (relative differences of θ, β, σ, logLik);
 * (b) `--rows-b` rows: the REML fit from DuckDB, peak RSS and the time of each stage (frame: counts
 *     and level tables; aggregation: the SUM … GROUP BY queries; optimization; row pass: the
 *     scaled-residual quantiles of summary());
 * (c) `--rows-c` rows: the binary GLMM from DuckDB, time and peak RSS, and how many cells the rows
 *     were collapsed to (src/sources/glmer.ts fits the cells in memory: see bench/RESULTS.md).
 * DuckDB runs with `threads` = 2 and `memory_limit` = 1GB (spilling to the scratch folder). Stage
 * times come from the queries' own timestamps (a wrapper around the DuckDB connection) and the
 * optimizer's `optinfo.timeMs`. Timings on a shared 2-core machine are noisy.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};

/** Design of each measurement: clients, items, basket size. */
export const DESIGNS = {
  lmm: { clients: 20000, items: 300, basket: 30 },
  glmm: { clients: 10000, items: 200, basket: 20 },
};
export const LMM_FORMULA = "y ~ x + (1 + x | client) + (1 | item)";
/** Optimizer settings of the tight comparison: no f/x tolerance stop, final trust radius 1e-11. */
export const TIGHT = { ftolAbs: 0, xtolAbs: 0, rhoend: 1e-11 };
export const GLMM_FORMULA = "buy ~ promo + (1 | client) + (1 | item)";
/** The GLMM with the continuous covariate x (`--glmm-x`): every row its own cell, so src/sources/glmer.ts fits it by PIRLS with aggregation queries. */
export const GLMM_X_FORMULA = "buy ~ promo + x + (1 | client) + (1 | item)";

/**
 * Uniform(0, 1) from the arguments (53 bits): chained single-value hashes h = hash(h xor a_i).
 * Not DuckDB's multi-argument hash(a, b, …): its combination of the argument hashes leaves the
 * uniforms of arguments that differ only in the last one strongly correlated (measured corr 0.62
 * between salts 90 and 95).
 */
const U = (...a) => `((${a.slice(1).reduce((h, x) => `hash(xor(${h}, (${x})::UBIGINT))`, `hash((${a[0]})::UBIGINT)`)} >> 11)::DOUBLE + 0.5) / 9007199254740992.0`;
/** Standard normal by Box–Muller from two hashed uniforms. */
const NORM = (...a) => `(sqrt(-2 * ln(${U(...a, 1)})) * cos(2 * pi() * ${U(...a, 2)}))`;

/**
 * The SQL that writes `rows` (approximately: per-client counts are rounded) rows of the retail-like
 * data to a Parquet file (see the module comment). `seed` salts every hash.
 */
export function generateSql(path, rows, design, seed = 15) {
  const { clients, items, basket } = design;
  const S = Number(seed);
  return `COPY (
  WITH cl AS (
    SELECT c, 'c' || lpad(c::VARCHAR, 6, '0') AS client, pow(${NORM("c", S, 10)}, 2) AS prop,
      0.5 * ${NORM("c", S, 20)} AS u0, 0.2 * ${NORM("c", S, 30)} AS u1, (hash(xor(hash(c::UBIGINT), ${S * 1000 + 40}::UBIGINT)) % ${items}) AS home
    FROM range(${clients}) t(c)),
  w AS (SELECT *, greatest(2, round(${rows} * prop / sum(prop) OVER ()))::BIGINT AS nrow FROM cl),
  it AS (SELECT i, 'i' || lpad(i::VARCHAR, 5, '0') AS item, 0.4 * ${NORM("i", S, 50)} AS v FROM range(${items}) t(i)),
  r AS (SELECT c, client, u0, u1, home, unnest(range(nrow)) AS j FROM w),
  r2 AS (
    SELECT client, u0, u1, ((home + floor(${basket} * pow(${U("c", "j", S, 60)}, 2))::UBIGINT) % ${items}) AS i,
      ${NORM("c", "j", S, 70)} AS x, ${NORM("c", "j", S, 80)} AS e, ${U("c", "j", S, 90)} AS ub, ${U("c", "j", S, 95)} AS up
    FROM r)
  SELECT client, item, x, 1 + 0.3 * x + u0 + u1 * x + v + e AS y, (up < 0.3)::INTEGER AS promo,
    (ub < 1 / (1 + exp(-(-1 + 0.5 * (up < 0.3)::INTEGER + u0 + v))))::INTEGER AS buy
  FROM r2 JOIN it USING (i)
) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`;
}

async function openDuck(dir) {
  const duck = await import("@duckdb/node-api");
  const inst = await duck.DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "1GB", temp_directory: join(dir, "duck.tmp") });
  return { inst, conn: await inst.connect() };
}

/** The process's peak resident set so far (VmHWM, MB; NaN where /proc is missing). */
function peakMB() {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
  } catch {
    return NaN;
  }
}

const progressFile = arg("progress", null);

/** A connection wrapper that records every query's SQL head, duration, result size and the peak RSS after it. */
function timed(conn) {
  const log = [];
  return {
    log,
    conn: {
      runAndReadAll: async (sql) => {
        const t0 = performance.now();
        const r = await conn.runAndReadAll(sql);
        // the head of the SQL only (b uploads of the PIRLS route are long; keeping them would inflate the peak RSS measured), and the marks the stages use
        // (a copy: V8's slice of a long string keeps the whole string alive)
        log.push({ sql: Buffer.from(sql.slice(0, 400)).toString(), eta: sql.includes("lme4ts_eta"), t0, t1: performance.now(), rows: r.currentRowCount ?? r.rowCount ?? NaN, peakMB: peakMB() });
        // progress of long fits (--progress FILE): one line every 50 queries
        if (progressFile && log.length % 50 === 0) appendFileSync(progressFile, `${new Date().toISOString()} ${log.length} queries, last ${((log.at(-1).t1 - log.at(-1).t0) / 1000).toFixed(2)} s, peak ${Math.round(peakMB())} MB\n`);
        return r;
      },
      run: (sql) => conn.run(sql),
    },
  };
}

/** Sums query time by stage: before the first level-effects upload (`_b0`) aggregation or frame, after it the row pass. */
function stages(log) {
  const out = { frameMs: 0, aggregationMs: 0, rowPassMs: 0, queries: log.length, maxResultRows: 0 };
  let after = false;
  for (const q of log) {
    const ms = q.t1 - q.t0;
    if (/_b0\b/.test(q.sql)) after = true;
    if (after) out.rowPassMs += ms;
    else if (/fsum\(|sum\(CAST\(|max\(abs\(/.test(q.sql)) out.aggregationMs += ms; // plain compensated sums before, exact integer limbs and their bounds pass now
    else out.frameMs += ms;
    if (Number.isFinite(q.rows)) out.maxResultRows = Math.max(out.maxResultRows, q.rows);
  }
  return out;
}

const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const maxRel = (a, b) => {
  const s = Math.max(...Array.from(b, Math.abs));
  return Math.max(...Array.from(b, (v, i) => Math.abs(a[i] - v) / s));
};

/** Child: the LMM from DuckDB (and, with --compare, the in-memory fit of the same rows). */
async function childLmm(file, compare, dir) {
  const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
  const { inst, conn } = await openDuck(dir);
  const t = timed(conn);
  const rel0 = `SELECT client, item, x, y FROM read_parquet('${file}')`;
  const t0 = performance.now();
  const m = await lib.lmer(LMM_FORMULA, lib.fromDuckDB(t.conn, rel0), { REML: true });
  const totalMs = performance.now() - t0;
  const st = stages(t.log);
  const diffs = (a, b) => ({
    theta: maxRel(a.theta, b.theta), beta: maxRel(a.beta, b.beta), sigma: rel(a.sigma, b.sigma), logLik: rel(a.logLik(), b.logLik()),
    thetaEach: Array.from(b.theta, (v, i) => rel(a.theta[i], v)),
  });
  const out = {
    nobs: m.nobs, ngrps: m.ngrps(), theta: [...m.theta], beta: [...m.beta], sigma: m.sigma, logLik: m.logLik(), REMLcrit: m.criterion,
    feval: m.optinfo.feval, optimizationMs: m.optinfo.timeMs, totalMs, ...st,
    scaledResiduals: m.summary().scaledResiduals,
    // where the peak RSS grew: each query's head and the peak after it
    peakByQuery: t.log.map((q) => ({ sql: q.sql.replace(/\s+/g, " ").slice(0, 90), s: +((q.t1 - q.t0) / 1000).toFixed(2), peakMB: Math.round(q.peakMB) })),
    peakAfterOptimizationMB: Math.round(peakMB()),
  };
  if (compare) {
    const r = await conn.runAndReadAll(rel0);
    const cols = r.getColumnsObjectJS();
    const data = { client: cols.client, item: cols.item, x: Float64Array.from(cols.x), y: Float64Array.from(cols.y) };
    const t1 = performance.now();
    const mm = lib.lmer(LMM_FORMULA, data, { REML: true });
    out.memoryMs = performance.now() - t1;
    out.memory = { theta: [...mm.theta], beta: [...mm.beta], sigma: mm.sigma, logLik: mm.logLik() };
    out.relDiff = diffs(m, mm);
    // both fits again with BOBYQA run to a tiny trust radius: the optimum itself, not where the default tolerances stop
    const tight = { REML: true, control: lib.lmerControl({ optCtrl: TIGHT }) };
    const md = await lib.lmer(LMM_FORMULA, lib.fromDuckDB(t.conn, rel0), tight);
    const mt = lib.lmer(LMM_FORMULA, data, tight);
    out.relDiffTight = diffs(md, mt);
    out.tightFeval = [md.optinfo.feval, mt.optinfo.feval];
  }
  conn.closeSync?.(); inst.closeSync?.();
  return out;
}

/** Child: the binary GLMM from DuckDB. */
async function childGlmm(file, dir, withX, nAGQ) {
  const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
  const { inst, conn } = await openDuck(dir);
  const t = timed(conn);
  const t0 = performance.now();
  const m = await lib.glmer(withX ? GLMM_X_FORMULA : GLMM_FORMULA, lib.fromDuckDB(t.conn, `SELECT client, item, promo, buy${withX ? ", x" : ""} FROM read_parquet('${file}')`), { family: "binomial", nAGQ });
  const totalMs = performance.now() - t0;
  const cells = t.log.find((q) => /lgamma/.test(q.sql));
  // PIRLS route: the queries after the unit-weight cross products (the first b upload's use, `_pb`, or the starting predictor) are the fit's
  const firstFit = t.log.findIndex((q) => q.eta || /_pb(\d|\b)/.test(q.sql));
  const fit = firstFit >= 0 ? t.log.slice(firstFit) : [];
  const out = {
    nobs: m.nobs, ngrps: m.ngrps(), theta: [...m.theta], beta: [...m.beta], logLik: m.logLik(), feval: m.optinfo?.feval, route: m.sourceRoute,
    totalMs, cellsQueryMs: cells ? cells.t1 - cells.t0 : NaN, cells: cells?.rows ?? NaN, queries: t.log.length,
    queryMs: t.log.reduce((s, q) => s + q.t1 - q.t0, 0),
    setupQueryMs: (firstFit >= 0 ? t.log.slice(0, firstFit) : t.log).reduce((s, q) => s + q.t1 - q.t0, 0),
    fitQueries: fit.length, fitQueryMs: fit.reduce((s, q) => s + q.t1 - q.t0, 0), optimizationMs: m.optinfo?.timeMs,
    // scans of the rows in the fit (statements that compute the predictor), the rest are b uploads
    fitScans: fit.filter((q) => q.eta).length, fitScanMs: fit.filter((q) => q.eta).reduce((s, q) => s + q.t1 - q.t0, 0),
    pirlsScan: process.env.LME4TS_PIRLS_SCAN ?? "default",
    peakMB: Math.round(peakMB()),
  };
  conn.closeSync?.(); inst.closeSync?.();
  return out;
}

/** Runs a child mode under /usr/bin/time -v; returns its JSON and peak RSS (MB). */
function runChild(args) {
  const r = spawnSync("/usr/bin/time", ["-v", process.execPath, "--max-old-space-size=8192", fileURLToPath(import.meta.url), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const json = r.stdout.split("\n").find((l) => l.startsWith("{\"result\""));
  if (!json) throw new Error(`child ${args.join(" ")} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  const cpu = (what) => Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
  return { ...JSON.parse(json).result, peakRssMB: rss ? Number(rss[1]) / 1024 : NaN, cpuS: cpu("User") + cpu("System") };
}

async function generate(dir, name, rows, design) {
  const path = join(dir, `${name}.parquet`);
  const { inst, conn } = await openDuck(dir);
  const t0 = performance.now();
  await conn.run(generateSql(path, Math.round(rows), design));
  const ms = performance.now() - t0;
  const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${path}')`)).getRows()[0][0]);
  conn.closeSync?.(); inst.closeSync?.();
  return { path, n, ms, MB: statSync(path).size / 2 ** 20 };
}

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const e = (x) => (Number.isFinite(x) ? x.toExponential(1) : String(x));

async function main() {
  const dir = arg("dir", "/tmp/lme4ts-duckdb-scale");
  const only = (arg("only", "a,b,c")).split(",");
  mkdirSync(dir, { recursive: true });
  const report = {};
  /** Generates measurement `key`'s data, fits it in a child (`mode`, extra args), records and returns the result; deletes the file. */
  const measure = async (key, rows, design, mode, extra = []) => {
    const g = await generate(dir, key, rows, design);
    console.log(`(${key}) generated ${g.n} rows, ${f(g.MB)} MB Parquet in ${f(g.ms / 1000)} s`);
    const r = runChild(["--child", mode, g.path, ...extra, "--dir", dir, ...(progressFile ? ["--progress", progressFile] : [])]);
    report[key] = { gen: g, ...r };
    rmSync(g.path);
    return r;
  };
  try {
    if (only.includes("a")) {
      const r = await measure("a", Number(arg("rows-a", 5e6)), DESIGNS.lmm, "lmm", ["--compare"]);
      console.log(`(a) ${r.nobs} rows, groups ${JSON.stringify(r.ngrps)}: DuckDB fit ${f(r.totalMs / 1000)} s (frame ${f(r.frameMs / 1000)} s, aggregation ${f(r.aggregationMs / 1000)} s), in-memory fit ${f(r.memoryMs / 1000)} s, peak RSS (both fits, one process) ${f(r.peakRssMB, 0)} MB`);
      console.log(`    max relative difference DuckDB vs memory: theta ${e(r.relDiff.theta)} (each ${r.relDiff.thetaEach.map(e).join(", ")}), beta ${e(r.relDiff.beta)}, sigma ${e(r.relDiff.sigma)}, logLik ${e(r.relDiff.logLik)}`);
      const d = r.relDiffTight;
      console.log(`    tight optimizer (${JSON.stringify(TIGHT)}, feval ${r.tightFeval.join("/")}): theta ${e(d.theta)} (each ${d.thetaEach.map(e).join(", ")}), beta ${e(d.beta)}, sigma ${e(d.sigma)}, logLik ${e(d.logLik)}`);
      console.log(`    theta ${r.theta.map((x) => x.toPrecision(8)).join(", ")}; beta ${r.beta.map((x) => x.toPrecision(8)).join(", ")}; sigma ${r.sigma.toPrecision(8)}; logLik ${r.logLik.toFixed(4)}`);
    }
    if (only.includes("b")) {
      const r = await measure("b", Number(arg("rows-b", 1e8)), DESIGNS.lmm, "lmm");
      console.log(`(b) ${r.nobs} rows, groups ${JSON.stringify(r.ngrps)}: total ${f(r.totalMs / 1000)} s = frame ${f(r.frameMs / 1000)} s + aggregation ${f(r.aggregationMs / 1000)} s + optimization ${f(r.optimizationMs / 1000)} s (${r.feval} evaluations) + row pass ${f(r.rowPassMs / 1000)} s; peak RSS ${f(r.peakRssMB, 0)} MB; largest result ${r.maxResultRows} rows`);
      console.log(`    theta ${r.theta.map((x) => x.toPrecision(6)).join(", ")}; beta ${r.beta.map((x) => x.toPrecision(6)).join(", ")}; sigma ${r.sigma.toPrecision(6)}`);
      for (const q of r.peakByQuery) console.log(`    ${String(q.s).padStart(8)} s  peak ${String(q.peakMB).padStart(6)} MB  ${q.sql}`);
    }
    if (only.includes("c")) {
      const withX = argv.includes("--glmm-x");
      const r = await measure("c", Number(arg("rows-c", 1e7)), DESIGNS.glmm, "glmm", [...(withX ? ["--glmm-x"] : []), "--nagq", arg("nagq", "1")]);
      if (r.fitQueries > 0)
        console.log(`(c) ${r.nobs} rows, ${withX ? GLMM_X_FORMULA : GLMM_FORMULA}, nAGQ ${arg("nagq", "1")}, groups ${JSON.stringify(r.ngrps)}: ${r.route}; total ${f(r.totalMs / 1000)} s = set-up queries ${f(r.setupQueryMs / 1000)} s + fit ${f((r.totalMs - r.setupQueryMs) / 1000)} s (${r.fitQueries} PIRLS statements ${f(r.fitQueryMs / 1000)} s, of which ${r.fitScans} scans ${f(r.fitScanMs / 1000)} s; ${r.feval} evaluations; form ${r.pirlsScan}); process CPU ${f(r.cpuS)} s; peak RSS ${f(r.peakRssMB, 0)} MB`);
      else console.log(`(c) ${r.nobs} rows -> ${r.cells} cells, groups ${JSON.stringify(r.ngrps)}: total ${f(r.totalMs / 1000)} s (SQL ${f(r.queryMs / 1000)} s, of which the cells query ${f(r.cellsQueryMs / 1000)} s; in-memory glmer on the cells ${f((r.totalMs - r.queryMs) / 1000)} s); peak RSS ${f(r.peakRssMB, 0)} MB`);
      console.log(`    theta ${r.theta.map((x) => x.toPrecision(6)).join(", ")}; beta ${r.beta.map((x) => x.toPrecision(6)).join(", ")}; logLik ${r.logLik.toFixed(3)}`);
    }
  } finally {
    if (!argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
  }
  if (arg("json")) writeFileSync(arg("json"), JSON.stringify(report, null, 1));
}

// no top-level await: the notebook imports generateSql from this module (tslab requires it)
const fail = (err) => {
  console.error(err);
  process.exit(1);
};
if (argv[0] === "--child") {
  const [, mode, file] = argv;
  const dir = arg("dir", "/tmp");
  (mode === "lmm" ? childLmm(file, argv.includes("--compare"), dir) : childGlmm(file, dir, argv.includes("--glmm-x"), Number(arg("nagq", "1")))).then((res) => console.log(JSON.stringify({ result: res })), fail);
} else if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? "")) {
  main().catch(fail);
}
