// Relative differences of the fits through a database engine and in memory on every case of
// ../shared/reference: θ, β, σ and logLik, each the largest |a − b| / max(|b|, 1e-300) (θ
// components that are exactly 0 in both count 0). Both fits run through the CLI (`lme4ts fit
// --json`, --engine memory and --engine ENGINE).
//
//   node bench/engine-exactness.mjs [duckdb|clickhouse] [--only SUBSTR] [--lmm]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
const shared = new URL("../../shared/", import.meta.url);
const [engine = "duckdb", ...extra] = process.argv.slice(2);
const oi = extra.indexOf("--only"), only = oi >= 0 ? extra[oi + 1] : "";
const lmmOnly = extra.includes("--lmm");
const refs = new URL("reference/", shared);
const cli = new URL("../dist/cli/main.js", import.meta.url).pathname;
const dataDirs = [new URL("reference/data/", shared), new URL("datasets/", shared)];
const findData = (name) => {
  for (const d of dataDirs) if (existsSync(new URL(`${name}.csv`, d))) return [new URL(`${name}.csv`, d).pathname, new URL(`${name}.schema.json`, d).pathname];
  throw new Error(`no data ${name}`);
};
const fit = (ref, eng) => {
  const [csv, schema] = findData(ref.data), c = ref.call;
  const args = [cli, "fit", "--engine", eng, "--data", csv, "--schema", schema, "--formula", c.formula];
  if (c.family) { args.push("--family", c.family); if (c.link) args.push("--link", c.link); args.push("--nagq", String(c.nAGQ ?? 1)); }
  else args.push("--reml", c.REML === false ? "false" : "true");
  if (c.weights) args.push("--weights", c.weights);
  args.push("--json");
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 }));
};
const rel = (a, b) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return m;
};
const files = readdirSync(refs).filter((f) => f.endsWith(".json") && f.includes(only)).sort();
const worst = { theta: 0, beta: 0, sigma: 0, logLik: 0 };
console.log(`case                      theta      beta       sigma      logLik   (${engine} vs memory, relative)`);
for (const f of files) {
  const ref = JSON.parse(readFileSync(new URL(f, refs), "utf8"));
  if (lmmOnly && ref.call.family) continue;
  let a, b;
  try { a = fit(ref, engine); b = fit(ref, "memory"); } catch (e) { console.log(`${f.padEnd(26)}ERROR ${String(e.stderr ?? e.message).split("\n")[0]}`); continue; }
  const d = {
    theta: rel(a.theta, b.theta), beta: rel(Object.values(a.fixef), Object.values(b.fixef)),
    sigma: rel([a.sigma ?? 1], [b.sigma ?? 1]), logLik: rel([a.logLik], [b.logLik]),
  };
  for (const k in d) worst[k] = Math.max(worst[k], d[k]);
  console.log(`${f.replace(/\.json$/, "").padEnd(26)}${Object.values(d).map((x) => x.toExponential(2).padEnd(11)).join("")}`);
}
console.log(`${"worst".padEnd(26)}${Object.values(worst).map((x) => x.toExponential(2).padEnd(11)).join("")}`);
