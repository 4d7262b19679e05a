/**
 * The ClickHouse engine on a two-shard cluster (scripts/clickhouse-cluster.sh: two Debian
 * clickhouse-server processes on 127.0.0.1, a Distributed table over a local table on each):
 * - the lme4 conformance check with LME4TS_ENGINE=clickhouse on every LMM case and three GLMM
 *   cases (cbpp binomial, Contraception with rows merged into cells, grouseticks Poisson);
 * - the fit on the Distributed table equals the fit on one node, the DuckDB fit and the in-memory
 *   fit (θ to 1e-8 relative to the largest |θ|, β, σ to 1e-8, the criterion to 1e-12): the shards
 *   add in another order, but the sums are exact integer limbs rounded once (sources/exactsum.ts).
 * - poly() and scale() learned by aggregation passes on the Distributed table equal memory (1e-8);
 * - glmer from the Distributed table with the loader's row numbers (cells in first-row order)
 *   equals the in-memory glmer to 1e-8 (Contraception with merged rows, grouseticks Poisson).
 * LME4TS_CH_HTTP chooses the first HTTP port (default 18123), as for the cluster script.
 * The cluster script installs clickhouse-server with apt-get when it is missing (root); in CI a
 * failed install fails this test. Outside CI, without the server and without root, it is skipped.
 */
import { execSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lmer, glmer, fromClickHouse, fromDuckDB, loadCsvToClickHouse } from "../../src/sources/index.js";
import { glmer as glmerMemory } from "../../src/glmm/glmer.js";
import { readCsv, readSchema } from "../../src/data/index.js";
import { LmeError } from "../../src/messages/error.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const refs = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));
const ci = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
const has = (cmd: string) => { try { execSync(`command -v ${cmd}`, { stdio: "ignore" }); return true; } catch { return false; } };
const runnable = ci || has("clickhouse-server") || process.getuid?.() === 0;
const http = Number(process.env.LME4TS_CH_HTTP ?? 18123), shards = [`http://127.0.0.1:${http}`, `http://127.0.0.1:${http + 1}`];
const env = { ...process.env, LME4TS_CH_HTTP: String(http), LME4TS_CLICKHOUSE_URL: shards[0], LME4TS_CLICKHOUSE_SHARDS: shards.join(",") };

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => resolve({ code, out }));
  });
}

describe.skipIf(!runnable)("ClickHouse: a two-shard cluster", () => {
  beforeAll(async () => {
    const r = await run("bash", ["scripts/clickhouse-cluster.sh", "start"]);
    expect(r.out).toContain("LME4TS_CLICKHOUSE_SHARDS=");
    expect(r.code).toBe(0);
  }, 600_000);
  afterAll(async () => { await run("bash", ["scripts/clickhouse-cluster.sh", "stop"]); });

  it.skipIf(!existsSync(refs))("conformance: every LMM case and three GLMM cases pass on the cluster", async () => {
    const glmm = ["cbpp_binomial", "contraception_cm1", "grouseticks_poisson"];
    const lmm = readdirSync(refs).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""))
      .filter((id) => !/^(cbpp|contraception|grouseticks|toenail|verbagg)/.test(id));
    expect(lmm.length).toBeGreaterThanOrEqual(10);
    const r = await run(process.execPath, ["scripts/conformance-engines.mjs", "clickhouse", "--cases", [...lmm, ...glmm].join(",")]);
    expect(r.out.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([]);
    expect(r.out).toContain(`conformance (clickhouse): ${lmm.length + glmm.length} passed, 0 failed`);
  }, 600_000);

  it("poly() and scale() learned on the Distributed table equal the in-memory fit", async () => {
    const csv = `${root}datasets/sleepstudy.csv`, sch = `${root}datasets/sleepstudy.schema.json`, schema = readSchema(sch);
    const dist = await loadCsvToClickHouse(csv, sch, shards);
    try {
      for (const formula of ["Reaction ~ poly(Days, 3) + (1 | Subject)", "Reaction ~ scale(Days) + (scale(Days) | Subject)"]) {
        const a = await lmer(formula, fromClickHouse({ url: shards[0]!, table: dist.table, schema }));
        const m = lmer(formula, readCsv(csv, sch));
        expect(a.fixefNames).toEqual(m.fixefNames);
        const tmax = Math.max(...m.theta.map(Math.abs));
        m.theta.forEach((t, i) => expect(Math.abs(a.theta[i]! - t) / tmax).toBeLessThan(1e-8));
        m.beta.forEach((b, i) => expect(Math.abs(a.beta[i]! - b) / Math.abs(b)).toBeLessThan(1e-8));
        expect(Math.abs(a.sigma / m.sigma - 1)).toBeLessThan(1e-8);
      }
    } finally {
      await dist.drop();
    }
  }, 120_000);

  it("the Distributed table, one node and DuckDB give the same fit", async () => {
    const csv = `${root}datasets/Penicillin.csv`, sch = `${root}datasets/Penicillin.schema.json`, schema = readSchema(sch);
    const formula = "diameter ~ 1 + (1 | plate) + (1 | sample)";
    const dist = await loadCsvToClickHouse(csv, sch, shards), one = await loadCsvToClickHouse(csv, sch, [shards[0]!]);
    try {
      const a = await lmer(formula, fromClickHouse({ url: shards[0]!, table: dist.table, schema }));
      const b = await lmer(formula, fromClickHouse({ url: shards[0]!, table: one.table, schema }));
      const c = await lmer(formula, fromDuckDB(csv, undefined, { schema }));
      const d = lmer(formula, readCsv(csv, sch));
      for (const m of [b, c, d]) {
        expect(m.nobs).toBe(a.nobs);
        const tmax = Math.max(...a.theta.map(Math.abs));
        a.theta.forEach((t, i) => expect(Math.abs(m.theta[i]! - t) / tmax).toBeLessThan(1e-8));
        expect(Math.abs(m.beta[0]! - a.beta[0]!) / Math.abs(a.beta[0]!)).toBeLessThan(1e-8);
        expect(Math.abs(m.sigma / a.sigma - 1)).toBeLessThan(1e-8);
        expect(Math.abs(m.criterion / a.criterion - 1)).toBeLessThan(1e-12);
      }
      // a distributed table has no row order: per-row values are refused, summary works
      expect(a.summary().scaledResiduals).toHaveLength(5);
      const { sourceFitted } = await import("../../src/sources/index.js");
      await expect(sourceFitted(a)).rejects.toThrow(LmeError);
    } finally {
      await dist.drop();
      await one.drop();
    }
  }, 120_000);

  it.skipIf(!existsSync(refs))("glmer's cells in first-row order (the loader's row numbers): the Distributed table equals memory to 1e-8", async () => {
    // contraception_cm6 merges rows into cells; grouseticks (Poisson) keeps every row its own cell
    for (const id of ["contraception_cm6", "grouseticks_poisson"]) {
      const c = JSON.parse(readFileSync(`${refs}${id}.json`, "utf8")) as { data: string; call: { formula: string; family: string } };
      const { formula, family } = c.call;
      const dir = [`${refs}data/`, `${root}../shared/datasets/`].find((d) => existsSync(`${d}${c.data}.csv`));
      if (!dir) throw new Error(`no data set ${c.data}`);
      const csv = `${dir}${c.data}.csv`, sch = `${dir}${c.data}.schema.json`, schema = readSchema(sch);
      const dist = await loadCsvToClickHouse(csv, sch, shards);
      try {
        const a = await glmer(formula, fromClickHouse({ url: shards[0]!, table: dist.table, schema, rowNumber: dist.rowNumber }), { family });
        const m = glmerMemory(formula, readCsv(csv, sch), { family });
        expect(a.nobs).toBe(m.nobs);
        const tmax = Math.max(...m.theta.map(Math.abs));
        m.theta.forEach((t, i) => expect(Math.abs(a.theta[i]! - t) / tmax).toBeLessThan(1e-8));
        m.beta.forEach((b, i) => expect(Math.abs(a.beta[i]! - b) / Math.abs(b)).toBeLessThan(1e-8));
        expect(Math.abs(a.logLik() / m.logLik() - 1)).toBeLessThan(1e-8);
      } finally {
        await dist.drop();
      }
    }
  }, 300_000);

  it("glmer by PIRLS with aggregation queries on the Distributed table equals the in-memory fit", async () => {
    const csv = `${root}datasets/Contraception.csv`, sch = `${root}datasets/Contraception.schema.json`, schema = readSchema(sch);
    const formula = "use ~ age + I(age^2) + urban + livch + (1 | district)";
    const dist = await loadCsvToClickHouse(csv, sch, shards);
    const saved = process.env["LME4TS_SOURCE_CELLS_MAX"];
    process.env["LME4TS_SOURCE_CELLS_MAX"] = "0"; // the PIRLS route on these 1934 rows
    try {
      const a = await glmer(formula, fromClickHouse({ url: shards[0]!, table: dist.table, schema }), { family: "binomial", nAGQ: 0 });
      const m = glmerMemory(formula, readCsv(csv, sch), { family: "binomial", nAGQ: 0 });
      expect((a as unknown as { sourceRoute: string }).sourceRoute).toMatch(/^PIRLS/);
      expect(a.nobs).toBe(m.nobs);
      const tmax = Math.max(...m.theta.map(Math.abs)), bmax = Math.max(...m.beta.map(Math.abs));
      m.theta.forEach((t, i) => expect(Math.abs(a.theta[i]! - t) / tmax).toBeLessThan(1e-6));
      m.beta.forEach((b, i) => expect(Math.abs(a.beta[i]! - b) / bmax).toBeLessThan(1e-6));
      expect(Math.abs(a.criterion / m.criterion - 1)).toBeLessThan(1e-10);
      const q0 = m.summary().scaledResiduals, q1 = a.summary().scaledResiduals;
      q0.forEach((x, i) => expect(Math.abs(q1[i]! - x)).toBeLessThan(1e-6 * Math.max(1, Math.abs(x))));
    } finally {
      if (saved === undefined) delete process.env["LME4TS_SOURCE_CELLS_MAX"]; else process.env["LME4TS_SOURCE_CELLS_MAX"] = saved;
      await dist.drop();
    }
  }, 300_000);
});
