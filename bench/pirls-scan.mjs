#!/usr/bin/env node
/**
 * Which form of a GLMM PIRLS pass DuckDB runs fastest (issue 15): the binary GLMM of
 * bench/duckdb-scale.mjs (c) with the continuous covariate (`buy ~ promo + x + (1 | client) +
 * (1 | item)`, every row its own cell, so glmer takes the PIRLS route) fitted from a Parquet file
 * that DuckDB generates (seeded, the same rows as duckdb-scale.mjs for the same --rows), once per
 * form of src/sources/glmmScan.ts (environment variable LME4TS_PIRLS_SCAN):
 *   groupingSets — one scan: GROUP BY GROUPING SETS; deviance of a step with the next products;
 *   cte          — one scan: a materialized aggregate by (client, item) and UNION ALL of its GROUP BYs;
 *   blocks       — one query per block (totals, each term, each pair) plus a deviance query (the old route).
 * Each fit is stopped after the same number of predictors (b uploads, `--uploads`, default 12), so
 * every form has made the same PIRLS progress (the predictor sequence is the same up to rounding);
 * the bench reports the SQL time, the statements and the process CPU time up to there.
 *
 *   npm run build && node bench/pirls-scan.mjs [--rows 1e6] [--uploads 12] [--forms groupingSets,cte,blocks] [--dir D]
 *
 * DuckDB: threads = 2, memory_limit = 1GB, as duckdb-scale.mjs. Timings on a shared machine are noisy.
 */
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DESIGNS, GLMM_X_FORMULA, generateSql } from "./duckdb-scale.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};

class Stop extends Error {}

async function main() {
  const lib = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
  const duck = await import("@duckdb/node-api");
  const dir = arg("dir", "/tmp/lme4ts-pirls-scan"), rows = Number(arg("rows", 1e6)), uploads = Number(arg("uploads", 12));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "c.parquet");
  try {
    const inst = await duck.DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "1GB", temp_directory: join(dir, "duck.tmp") });
    const conn = await inst.connect();
    await conn.run(generateSql(path, Math.round(rows), DESIGNS.glmm));
    process.env.LME4TS_SOURCE_CELLS_MAX = "0";
    for (const form of arg("forms", "groupingSets,cte,blocks").split(",")) {
      // "<form>-nomerge": a step's deviance by its own SUM scan (LME4TS_PIRLS_MERGE=0)
      process.env.LME4TS_PIRLS_SCAN = form.replace(/-nomerge$/, "");
      process.env.LME4TS_PIRLS_MERGE = form.endsWith("-nomerge") ? "0" : "1";
      const log = [];
      let nUp = 0, fitting = false;
      const wrapped = {
        runAndReadAll: async (sql) => {
          const up = /_pb\b/.test(sql) && /^CREATE/.test(sql);
          if (up) { fitting = true; if (++nUp > uploads) throw new Stop("enough"); }
          const t0 = performance.now(), c0 = process.cpuUsage();
          const r = await conn.runAndReadAll(sql);
          const c = process.cpuUsage(c0);
          if (fitting) log.push({ up, scan: sql.includes("lme4ts_eta"), ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, rows: r.currentRowCount ?? NaN });
          return r;
        },
        run: (sql) => conn.run(sql),
      };
      const t0 = performance.now(), c0 = process.cpuUsage();
      let stopped = false;
      try {
        await lib.glmer(GLMM_X_FORMULA, lib.fromDuckDB(wrapped, `SELECT client, item, promo, buy, x FROM read_parquet('${path}')`), { family: "binomial", nAGQ: 1 });
      } catch (e) {
        if (!String(e?.message ?? e).includes("enough")) throw e;
        stopped = true;
      }
      const wall = performance.now() - t0, cpu = process.cpuUsage(c0);
      const sum = (xs, k) => xs.reduce((s, x) => s + x[k], 0);
      const scans = log.filter((q) => q.scan), ups = log.filter((q) => q.up);
      console.log(`${form.padEnd(13)} ${uploads} predictors${stopped ? "" : " (fit ended first)"}: ${log.length} statements in the fit, ${scans.length} row scans ${(sum(scans, "ms") / 1000).toFixed(1)} s ` +
        `(mean ${(sum(scans, "ms") / scans.length / 1000).toFixed(2)} s, largest result ${Math.max(...scans.map((q) => q.rows))} rows), ${ups.length} uploads ${(sum(ups, "ms") / 1000).toFixed(1)} s; ` +
        `whole run ${(wall / 1000).toFixed(1)} s wall, process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
    }
    conn.closeSync?.(); inst.closeSync?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
