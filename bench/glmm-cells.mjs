// The in-memory glmer on the rows and on the cells of equal right-hand side (glmm/cells.ts), for
// every binomial case of ../shared/reference where rows merge: cells, fit time (wall and process
// CPU, median of --reps), and each fit's largest relative difference from lme4 (θ, β, logLik).
// The row fit is fitGlmm with the rows' response given explicitly (which never collapses). Both
// are deterministic (no random numbers); build first (imports dist/).
//
//   node bench/glmm-cells.mjs [--reps 3]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { glmer, fitGlmm } from "../dist/glmm/glmer.js";
import { buildInput } from "../dist/model/lmmInput.js";
import { readCsv } from "../dist/data/index.js";
import { cellsOf, rhsColumns } from "../dist/glmm/cells.js";
const shared = new URL("../../shared/", import.meta.url);
const refs = new URL("reference/", shared);
const ri = process.argv.indexOf("--reps"), reps = ri > 0 ? Number(process.argv[ri + 1]) : 3;
const dataOf = (name) => {
  for (const d of ["reference/data/", "datasets/"]) {
    const u = new URL(`${d}${name}.csv`, shared);
    if (existsSync(u)) return [u.pathname, new URL(`${d}${name}.schema.json`, shared).pathname];
  }
  throw new Error(name);
};
const rel = (a, b) => Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), 1e-300)));
const timed = (f) => {
  const ts = [];
  let m;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    m = f();
    const c = process.cpuUsage(c0);
    ts.push([performance.now() - t0, (c.user + c.system) / 1000]);
  }
  ts.sort((a, b) => a[0] - b[0]);
  return { m, wall: ts[reps >> 1][0], cpu: ts[reps >> 1][1] };
};
console.log("case                 rows → cells   rows fit ms (cpu)   cells fit ms (cpu)   vs lme4: θ rows / cells     β rows / cells     logLik rows / cells");
for (const f of readdirSync(refs).filter((x) => x.endsWith(".json")).sort()) {
  const ref = JSON.parse(readFileSync(new URL(f, refs), "utf8"));
  if (ref.call.family !== "binomial") continue;
  const [csv, sch] = dataOf(ref.data), data = readCsv(csv, sch);
  const opts = { family: "binomial", nAGQ: ref.call.nAGQ ?? 1, ...(ref.call.weights ? { weights: ref.call.weights } : {}) };
  const input = buildInput(ref.call.formula, data, { weights: opts.weights, checkLevels: false, numericResponse: false });
  const nCells = cellsOf(input.mf.frame, rhsColumns(input.formula)).first.length;
  if (nCells === input.mf.frame.nrow) continue;
  const cells = timed(() => glmer(ref.call.formula, data, opts));
  const resp = { y: cells.m.y, weights: cells.m.priorWeights }; // the rows' response (never collapsed)
  const rows = timed(() => fitGlmm(input, opts, resp));
  const lt = ref.fit.theta, lb = Object.values(ref.fit.fixef), ll = [ref.fit.logLik];
  const d = (m) => [rel(Array.from(m.theta), lt), rel(Array.from(m.beta), lb), rel([m.logLik()], ll)];
  const [a, b] = [d(rows.m), d(cells.m)];
  const e = (x) => x.toExponential(1);
  console.log(`${ref.id.padEnd(20)} ${`${input.mf.frame.nrow} → ${nCells}`.padEnd(14)} ${`${rows.wall.toFixed(0)} (${rows.cpu.toFixed(0)})`.padEnd(19)} ${`${cells.wall.toFixed(0)} (${cells.cpu.toFixed(0)})`.padEnd(20)} ${`${e(a[0])} / ${e(b[0])}`.padEnd(27)} ${`${e(a[1])} / ${e(b[1])}`.padEnd(18)} ${e(a[2])} / ${e(b[2])}`);
}
