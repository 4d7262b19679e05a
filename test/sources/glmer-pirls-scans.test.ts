/**
 * The statements of glmer's PIRLS route on DuckDB (sources/glmmScan.ts, pirls.ts devCross): every
 * pass one scan (GROUPING SETS, or the default materialized CTE), the deviance of a full PIRLS step read from the scan that also
 * gives the next iteration's cross products, so the row scans of the fit are far fewer than with
 * one query per block and a deviance query per step (LME4TS_PIRLS_SCAN=blocks, the old route), and
 * the two fits agree. Not a timing test: statement counts only.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glmer, fromDuckDB } from "../../src/sources/index.js";
import { readSchema } from "../../src/data/index.js";

const ds = (name: string) => fileURLToPath(new URL(`../../datasets/${name}`, import.meta.url));
const saved: Record<string, string | undefined> = {};
beforeAll(() => { for (const k of ["LME4TS_SOURCE_CELLS_MAX", "LME4TS_PIRLS_SCAN"]) saved[k] = process.env[k]; process.env["LME4TS_SOURCE_CELLS_MAX"] = "0"; });
afterAll(() => { for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v; });

/** Fits Contraception by the PIRLS route on a connection that logs every statement. */
async function fit(form: string) {
  if (form === "default") delete process.env["LME4TS_PIRLS_SCAN"];
  else process.env["LME4TS_PIRLS_SCAN"] = form;
  const duck = (await import("@duckdb/node-api")) as unknown as { DuckDBInstance: { create(p: string): Promise<{ connect(): Promise<{ runAndReadAll(s: string): Promise<unknown>; run(s: string): Promise<unknown>; closeSync(): void }>; closeSync(): void }> } };
  const inst = await duck.DuckDBInstance.create(":memory:"), conn = await inst.connect();
  const schema = readSchema(ds("Contraception.schema.json"));
  const types = schema.columns.map((c) => `'${c.name}': '${c.type === "numeric" || c.type === "integer" ? "DOUBLE" : "VARCHAR"}'`).join(", ");
  await conn.run(`CREATE TABLE contra AS SELECT * FROM read_csv('${ds("Contraception.csv")}', header = true, nullstr = ['NA', ''], types = {${types}})`);
  const log: string[] = [];
  const wrapped = { runAndReadAll: (sql: string) => { log.push(sql); return conn.runAndReadAll(sql); }, run: (sql: string) => conn.run(sql) };
  const m = await glmer("use ~ age + urban + (1 | district)", fromDuckDB(wrapped, "contra", { schema }), { family: "binomial", nAGQ: 1 });
  conn.closeSync(); inst.closeSync();
  const scans = log.filter((s) => s.includes("lme4ts_eta"));
  return { m, scans, grouping: scans.filter((s) => s.includes("GROUPING SETS")).length, cte: scans.filter((s) => s.includes("WITH lme4ts_fine AS MATERIALIZED")).length, devOnly: scans.filter((s) => !/GROUP BY/.test(s)).length };
}

describe("glmer's PIRLS route on DuckDB: one scan per PIRLS iteration", () => {
  it("fewer row scans than per-block queries, the deviance mostly from the cross-product scans, the same fit", async () => {
    const one = await fit("groupingSets"), blocks = await fit("blocks"), dflt = await fit("default");
    // DuckDB's default for one or two terms: the materialized CTE form, the same scan count
    expect(dflt.cte).toBeGreaterThan(0);
    expect(dflt.grouping).toBe(0);
    expect(dflt.scans.length).toBe(one.scans.length);
    expect(Math.abs(dflt.m.criterion - one.m.criterion) / Math.abs(one.m.criterion)).toBeLessThan(1e-9);
    console.log(JSON.stringify({ oneScan: { scans: one.scans.length, grouping: one.grouping, devOnly: one.devOnly }, blocks: { scans: blocks.scans.length, devOnly: blocks.devOnly } }));
    expect(one.grouping).toBeGreaterThan(0);
    // per-block queries group by one code at a time; the one-scan form never does
    expect(one.scans.filter((s) => /GROUP BY lme4ts_k\d/.test(s)).length).toBe(0);
    // deviance-only scans: the starting predictors and halved steps only
    expect(one.devOnly).toBeLessThan(0.5 * one.grouping);
    // measured 261 against 467 (most PIRLS runs of the Laplace stage stop after one step: their deviance scan stays)
    expect(one.scans.length).toBeLessThan(0.7 * blocks.scans.length);
    const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(b, (v, i) => Math.abs(a[i]! - v) / Math.max(...Array.from(b, Math.abs))));
    expect(rel(one.m.theta, blocks.m.theta)).toBeLessThan(1e-6);
    expect(rel(one.m.beta, blocks.m.beta)).toBeLessThan(1e-6);
    expect(Math.abs(one.m.criterion - blocks.m.criterion) / Math.abs(blocks.m.criterion)).toBeLessThan(1e-9);
  }, 180_000);
});
