/**
 * Every LMM case of ../shared/reference fitted from DuckDB equals the in-memory fit to 1e-8
 * relative (θ relative to the largest |θ|, β, σ, SEs and logLik each relative to itself): both
 * routes sum the cross products exactly and round once (sources/exactsum.ts in SQL,
 * lmm/crossprodAccurate.ts in memory), so the optimizer sees the same numbers whatever order
 * DuckDB adds in. Measured: equal to the last bit on all of them (bench/engine-exactness.mjs).
 * insteval_crossed (73k rows, three crossed terms: 20 s per fit) is left to that script and to
 * scripts/conformance-engines.mjs, to keep the suite fast.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lmer, fromDuckDB } from "../../src/sources/index.js";
import { lmer as lmerMem } from "../../src/lmm/lmer.js";
import { readCsv, readSchema } from "../../src/data/index.js";

const shared = fileURLToPath(new URL("../../../shared/", import.meta.url));
const refs = `${shared}reference/`;
const dataOf = (name: string) => {
  for (const d of [`${refs}data/`, `${shared}datasets/`]) if (existsSync(`${d}${name}.csv`)) return { csv: `${d}${name}.csv`, schema: `${d}${name}.schema.json` };
  throw new Error(`no data set ${name}`);
};
const cases = existsSync(refs)
  ? readdirSync(refs).filter((f) => f.endsWith(".json")).sort()
    .map((f) => JSON.parse(readFileSync(`${refs}${f}`, "utf8")) as { id: string; data: string; call: { formula: string; REML?: boolean; weights?: string | null; family?: string } })
    .filter((c) => !c.call.family && c.id !== "insteval_crossed")
  : [];

const rel = (a: number, b: number, s = Math.abs(b)) => (a === b ? 0 : Math.abs(a - b) / Math.max(s, 1e-300));

describe.skipIf(cases.length === 0)("conformance cases: DuckDB equals memory to 1e-8", () => {
  for (const c of cases) {
    it(c.id, async () => {
      const { csv, schema } = dataOf(c.data);
      const opts = { REML: c.call.REML !== false, ...(c.call.weights ? { weights: c.call.weights } : {}) };
      const mem = lmerMem(c.call.formula, readCsv(csv, schema), opts);
      const db = await lmer(c.call.formula, fromDuckDB(csv, undefined, { schema: readSchema(schema) }), opts);
      const tmax = Math.max(...mem.theta.map(Math.abs));
      mem.theta.forEach((t, i) => expect(rel(db.theta[i]!, t, tmax)).toBeLessThan(1e-8));
      mem.beta.forEach((b, i) => expect(rel(db.beta[i]!, b)).toBeLessThan(1e-8));
      expect(rel(db.sigma, mem.sigma)).toBeLessThan(1e-8);
      expect(rel(db.logLik(), mem.logLik())).toBeLessThan(1e-8);
      const se = mem.se(), sd = db.se();
      for (const k of Object.keys(se)) expect(rel(sd[k]!, se[k]!)).toBeLessThan(1e-8);
    }, 120_000);
  }
});
