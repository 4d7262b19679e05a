/** `lme4ts fit` with a database engine: --engine / LME4TS_ENGINE, --table / --query, errors. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, runCliAsync } from "../../src/cli/run.js";
import { engineOf } from "../../src/cli/engine.js";
import { LmeError } from "../../src/messages/error.js";

const SLEEP = fileURLToPath(new URL("../../datasets/sleepstudy.csv", import.meta.url));
const SCHEMA = SLEEP.replace(/\.csv$/, ".schema.json");
const io = () => {
  const o = { out: "", err: "" };
  return { o, io: { stdout: (s: string) => (o.out += s), stderr: (s: string) => (o.err += s) } };
};
const fit = ["fit", "--data", SLEEP, "--schema", SCHEMA, "--formula", "Reaction ~ Days + (Days | Subject)", "--json"];

describe("the CLI's engines", () => {
  it("the flag wins over LME4TS_ENGINE; memory is the default; an unknown name is an error", () => {
    expect(engineOf(["--data", "x", "--formula", "y ~ 1 + (1|g)"], {})).toBe("memory");
    expect(engineOf(["--data", "x", "--formula", "y ~ 1 + (1|g)"], { LME4TS_ENGINE: "duckdb" })).toBe("duckdb");
    expect(engineOf(["--data", "x", "--formula", "y ~ 1 + (1|g)", "--engine", "memory"], { LME4TS_ENGINE: "duckdb" })).toBe("memory");
    expect(() => engineOf(["--data", "x", "--formula", "y ~ 1 + (1|g)"], { LME4TS_ENGINE: "spark" })).toThrow(/unknown engine 'spark'/);
    expect(() => engineOf(["--data", "x", "--formula", "y", "--engine", "spark"], {})).toThrow(LmeError);
  });

  it("LME4TS_ENGINE=duckdb gives the in-memory report (estimates to the optimizer's precision)", async () => {
    const a = io(), b = io();
    expect(await runCliAsync(fit, a.io, { LME4TS_ENGINE: "duckdb" })).toBe(0);
    expect(runCli(fit, b.io)).toBe(0);
    const db = JSON.parse(a.o.out), mem = JSON.parse(b.o.out);
    expect(db.engine).toBe("duckdb");
    expect(db.nobs).toBe(mem.nobs);
    for (const k of Object.keys(mem.fixef)) expect(Math.abs(db.fixef[k] - mem.fixef[k]) / Math.abs(mem.fixef[k])).toBeLessThan(1e-7);
    expect(Math.abs(db.REMLcrit / mem.REMLcrit - 1)).toBeLessThan(1e-10);
    expect(db.fitted_head).toHaveLength(6);
    db.fitted_head.forEach((v: number, i: number) => expect(Math.abs(v - mem.fitted_head[i])).toBeLessThan(1e-5));
  });

  it("--query over a CSV names it `data`; --table/--query need an engine; errors are one line", async () => {
    const a = io();
    const q = ["fit", "--engine", "duckdb", "--data", SLEEP, "--schema", SCHEMA, "--query", "SELECT * FROM data WHERE Days >= 2", "--formula", "Reaction ~ Days + (1 | Subject)", "--json"];
    expect(await runCliAsync(q, a.io, {})).toBe(0);
    expect(JSON.parse(a.o.out).nobs).toBe(144);
    const b = io();
    expect(runCli(["fit", "--table", "t", "--formula", "y ~ 1 + (1 | g)"], b.io)).toBe(1);
    expect(b.o.err).toMatch(/^lme4ts: error: --table and --query need --engine/);
    const c = io();
    expect(await runCliAsync(["fit", "--engine", "duckdb", "--data", SLEEP, "--formula", "Reaction ~ nope + (1 | Subject)"], c.io, {})).toBe(1);
    expect(c.o.err).toMatch(/^lme4ts: error: column 'nope' is not in the database source[^\n]*\n$/);
  });
});
