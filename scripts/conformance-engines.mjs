// The shared conformance check (../shared/conformance/check.mjs) run through a database engine:
// every case is fitted by `lme4ts fit` with LME4TS_ENGINE set, so the CSV is loaded into the
// engine with its schema's types and the fit runs from pushed-down aggregations. The cases are
// split between two check.mjs processes running side by side; the exit status is 0 when both pass.
//
//   node scripts/conformance-engines.mjs [duckdb|clickhouse] [--only SUBSTR] [--cases ID,ID,...]
//
// ClickHouse needs the two-shard cluster of scripts/clickhouse-cluster.sh (LME4TS_CLICKHOUSE_URL).
import { existsSync, readdirSync } from "node:fs";
import { spawn } from "node:child_process";
const shared = new URL("../../shared/", import.meta.url);
const check = new URL("conformance/check.mjs", shared);
if (!existsSync(check)) { console.log("conformance-engines: ../shared not present, skipped"); process.exit(0); }
const [engine = "duckdb", ...extra] = process.argv.slice(2);
const oi = extra.indexOf("--only"), only = oi >= 0 ? extra[oi + 1] : "";
const ci = extra.indexOf("--cases"), cases = ci >= 0 ? extra[ci + 1].split(",") : null;
const every = readdirSync(new URL("reference/", shared)).filter((f) => f.endsWith(".json")).sort();
const files = every.filter((f) => f.includes(only) && (!cases || cases.includes(f.replace(/\.json$/, ""))));
const cli = `node ${new URL("../dist/cli/main.js", import.meta.url).pathname}`;
const shards = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)].filter((s) => s.length > 0);
const run = (mine) => new Promise((resolve) => {
  const skip = every.filter((f) => !mine.includes(f));
  const args = [check.pathname, "--cli", cli, ...(skip.length ? ["--skip", skip.join(",")] : [])];
  const p = spawn(process.execPath, args, { env: { ...process.env, LME4TS_ENGINE: engine }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  p.on("close", (code) => resolve({ code, out }));
});
const results = await Promise.all(shards.map(run));
let passed = 0, failed = 0;
for (const { out } of results) {
  for (const line of out.split("\n")) {
    const m = /^conformance: (\d+) passed, (\d+) failed/.exec(line);
    if (m) { passed += Number(m[1]); failed += Number(m[2]); } else if (line.trim()) console.log(line);
  }
}
console.log(`conformance (${engine}): ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed === files.length && results.every((r) => r.code === 0) ? 0 : 1);
