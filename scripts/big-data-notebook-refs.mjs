#!/usr/bin/env node
/**
 * Reference numbers of notebooks/big-data.ipynb: the same seeded data (bench/duckdb-scale.mjs's
 * generator, the notebook's size, design and seed), read into memory and fitted by the in-memory
 * lmer with the same optimizer settings. Writes test/fixtures/notebooks/big-data.json, which
 * test/notebooks/big-data.test.ts compares with the notebook's fit from DuckDB. Not an R fixture:
 * what is checked is that the fit from pushed-down aggregations equals the fit from the rows
 * (lme4's agreement with the in-memory path is the conformance suite's business).
 *
 *   npm run build && node scripts/big-data-notebook-refs.mjs
 */
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSql, LMM_FORMULA, TIGHT } from "../bench/duckdb-scale.mjs";

/** Must equal the notebook's constants (the test checks its source). */
export const NOTEBOOK = { rows: 2_000_000, design: { clients: 2000, items: 100, basket: 20 }, seed: 15 };

const lib = await import(new URL("../dist/index.js", import.meta.url).href);
const { DuckDBInstance } = await import("@duckdb/node-api");
const path = join(tmpdir(), `lme4ts-big-data-refs-${process.pid}.parquet`);
const inst = await DuckDBInstance.create(":memory:", { threads: "2" });
const conn = await inst.connect();
try {
  await conn.run(generateSql(path, NOTEBOOK.rows, NOTEBOOK.design, NOTEBOOK.seed));
  const cols = (await conn.runAndReadAll(`SELECT client, item, x, y FROM read_parquet('${path}')`)).getColumnsObjectJS();
  const data = { client: cols.client, item: cols.item, x: Float64Array.from(cols.x), y: Float64Array.from(cols.y) };
  const m = lib.lmer(LMM_FORMULA, data, { REML: true, control: lib.lmerControl({ optCtrl: TIGHT }) });
  const out = {
    source: "scripts/big-data-notebook-refs.mjs: in-memory lmer on the notebook's generated rows",
    formula: LMM_FORMULA, ...NOTEBOOK, optCtrl: TIGHT,
    nobs: m.nobs, theta: [...m.theta], beta: [...m.beta], sigma: m.sigma, logLik: m.logLik(), feval: m.optinfo.feval,
  };
  writeFileSync(new URL("../test/fixtures/notebooks/big-data.json", import.meta.url), JSON.stringify(out, null, 1) + "\n");
  console.log(out);
} finally {
  conn.closeSync(); inst.closeSync();
  rmSync(path, { force: true });
}
