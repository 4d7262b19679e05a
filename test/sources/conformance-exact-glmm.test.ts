/**
 * GLMM conformance cases fitted from DuckDB equal the in-memory fit to 1e-8 relative (θ relative
 * to the largest |θ|, β, SEs and logLik each relative to itself). Both routes fit the same
 * canonical cells (glmm/cells.ts): cells of equal right-hand side in first-row order (DuckDB: the
 * loaded CSV's rowid), one-row cells with the row's own y and weight, merged cells with correctly
 * rounded sums. Cases: rows merged into cells (contraception_cm6), every row its own cell
 * (toenail_laplace), prior weights (cbpp2_gm1), nAGQ = 9 and nAGQ = 0 (cbpp_agq, cbpp_nagq0);
 * and contraception_cm6 from a Parquet file (row order: DuckDB's file_row_number).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { glmer, fromDuckDB } from "../../src/sources/index.js";
import { glmer as glmerMem } from "../../src/glmm/glmer.js";
import { readCsv, readSchema } from "../../src/data/index.js";

const shared = fileURLToPath(new URL("../../../shared/", import.meta.url));
const refs = `${shared}reference/`;
const dataOf = (name: string) => {
  for (const d of [`${refs}data/`, `${shared}datasets/`]) if (existsSync(`${d}${name}.csv`)) return { csv: `${d}${name}.csv`, schema: `${d}${name}.schema.json` };
  throw new Error(`no data set ${name}`);
};
const ids = ["contraception_cm6", "toenail_laplace", "cbpp2_gm1", "cbpp_agq", "cbpp_nagq0"];
const rel = (a: number, b: number, s = Math.abs(b)) => (a === b ? 0 : Math.abs(a - b) / Math.max(s, 1e-300));

describe.skipIf(!existsSync(refs))("GLMM conformance cases: DuckDB equals memory to 1e-8", () => {
  const check = async (id: string, parquet: boolean) => {
      const c = JSON.parse(readFileSync(`${refs}${id}.json`, "utf8")) as { data: string; call: { formula: string; family: string; nAGQ?: number; weights?: string | null } };
      const { csv, schema } = dataOf(c.data);
      const opts = { family: c.call.family, nAGQ: c.call.nAGQ ?? 1, ...(c.call.weights ? { weights: c.call.weights } : {}) };
      const mem = glmerMem(c.call.formula, readCsv(csv, schema), opts);
      let path = csv, dir: string | null = null;
      if (parquet) {
        dir = mkdtempSync(join(tmpdir(), "lme4ts-pq-"));
        path = join(dir, "data.parquet");
        const src = fromDuckDB(csv, undefined, { schema: readSchema(schema) }), eng = await src.open();
        await eng.exec(`COPY (SELECT * FROM ${src.relation} ORDER BY rowid) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 256)`);
      }
      const db = await glmer(c.call.formula, fromDuckDB(path, undefined, { schema: readSchema(schema) }), opts);
      if (dir) rmSync(dir, { recursive: true, force: true });
      expect(db.nobs).toBe(mem.nobs);
      const tmax = Math.max(...mem.theta.map(Math.abs));
      mem.theta.forEach((t, i) => expect(rel(db.theta[i]!, t, tmax)).toBeLessThan(1e-8));
      mem.beta.forEach((b, i) => expect(rel(db.beta[i]!, b)).toBeLessThan(1e-8));
      expect(rel(db.logLik(), mem.logLik())).toBeLessThan(1e-8);
      const se = mem.se(), sd = db.se();
      for (const k of Object.keys(se)) expect(rel(sd[k]!, se[k]!)).toBeLessThan(1e-8);
  };
  for (const id of ids) it(id, () => check(id, false), 120_000);
  it("contraception_cm6 from Parquet", () => check("contraception_cm6", true), 120_000);
  it("Poisson with merged rows from DuckDB (grouseticks, TICKS ~ cHEIGHT + (1 | LOCATION)): the rows' objective by PIRLS passes, equal to memory (was an infinite deviance)", async () => {
    const { csv, schema } = dataOf("grouseticks"), f = "TICKS ~ cHEIGHT + (1 | LOCATION)", opts = { family: "poisson" };
    const mem = glmerMem(f, readCsv(csv, schema), opts);
    const db = await glmer(f, fromDuckDB(csv, undefined, { schema: readSchema(schema) }), opts);
    expect((db as unknown as { sourceRoute: string }).sourceRoute).toMatch(/^PIRLS .*Poisson rows merge/);
    expect(db.nobs).toBe(mem.nobs);
    // the PIRLS route's tolerance (test/sources/glmer-pirls.test.ts): sums in another order
    expect(rel(db.theta[0]!, mem.theta[0]!)).toBeLessThan(1e-6);
    mem.beta.forEach((b, i) => expect(rel(db.beta[i]!, b)).toBeLessThan(1e-6));
    expect(rel(db.logLik(), mem.logLik())).toBeLessThan(1e-9);
  }, 120_000);
});
