/**
 * The lme4 conformance check through DuckDB: every case of ../shared/reference fitted by the CLI
 * with LME4TS_ENGINE=duckdb (CSV loaded into DuckDB with the schema's types, the fit from pushed-down
 * aggregations) must pass check.mjs's comparison with lme4 (scripts/conformance-engines.mjs, two
 * processes side by side). Needs dist/ (npm test builds first).
 */
import { existsSync, readdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const refs = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => resolve({ code, out }));
  });
}

describe("conformance through an engine", () => {
  it.skipIf(!existsSync(refs))("every reference case passes with LME4TS_ENGINE=duckdb", async () => {
    expect(existsSync(`${root}dist/cli/main.js`)).toBe(true);
    const n = readdirSync(refs).filter((f) => f.endsWith(".json")).length;
    const r = await run(["scripts/conformance-engines.mjs", "duckdb"]);
    expect(r.out.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([]);
    expect(r.out).toContain(`conformance (duckdb): ${n} passed, 0 failed`);
    expect(r.code).toBe(0);
  }, 600_000);
});
