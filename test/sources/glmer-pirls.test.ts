/**
 * glmer from DuckDB by PIRLS with aggregation queries (the fit on a worker thread, each row pass a
 * query): equal to the in-memory fit of the same rows. LME4TS_SOURCE_CELLS_MAX = 0 forces the
 * PIRLS route on these small data sets (their continuous covariates make almost every row a cell).
 * Tolerances (relative to the largest |value|): θ and β 1e-6 (measured 2e-12 … 3e-9), the deviance
 * 1e-9 (measured ~2e-15), the SEs 1e-4 from the finite-difference Hessian (measured 1e-5: it
 * amplifies the engines' other summation order) and 1e-7 from the PIRLS factor.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glmer, fromDuckDB } from "../../src/sources/index.js";
import { readCsv, readSchema } from "../../src/data/index.js";
import type { GlmerMod } from "../../src/results/glmerMod.js";
import { LmeError } from "../../src/messages/error.js";

const ds = (name: string) => fileURLToPath(new URL(`../../datasets/${name}`, import.meta.url));

/** Relative differences of θ, β (to the largest |value|), SEs and the deviance. */
function diffs(db: GlmerMod, mem: GlmerMod) {
  const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    const s = Math.max(...Array.from(b, Math.abs), 1e-300);
    return Math.max(...Array.from(b, (v, i) => Math.abs(a[i]! - v) / s));
  };
  const se = mem.se(), sd = db.se();
  return {
    theta: rel(db.theta, mem.theta), beta: rel(db.beta, mem.beta),
    se: rel(Object.keys(se).map((k) => sd[k]!), Object.values(se)),
    dev: Math.abs(db.criterion - mem.criterion) / Math.abs(mem.criterion),
  };
}

let saved: string | undefined;
beforeAll(() => { saved = process.env["LME4TS_SOURCE_CELLS_MAX"]; process.env["LME4TS_SOURCE_CELLS_MAX"] = "0"; });
afterAll(() => { if (saved === undefined) delete process.env["LME4TS_SOURCE_CELLS_MAX"]; else process.env["LME4TS_SOURCE_CELLS_MAX"] = saved; });

describe("glmer from DuckDB by PIRLS with aggregation queries equals the in-memory fit", () => {
  // calcDerivs false: no Hessian, the SEs from the PIRLS factor of β (rebuilt from the worker's last cross products)
  const cases: [string, string, string, number, boolean][] = [
    ["Contraception", "use ~ age + urban + (1 | district)", "binomial", 1, true],
    ["Contraception", "use ~ age + I(age^2) + urban + livch + (1 | district)", "binomial", 0, true],
    ["grouseticks", "TICKS ~ cHEIGHT + (1 | LOCATION)", "poisson", 1, false],
    ["grouseticks", "TICKS ~ YEAR + cHEIGHT + (1 | BROOD) + (1 | LOCATION)", "poisson", 0, true],
  ];
  for (const [name, formula, family, nAGQ, calcDerivs] of cases) {
    it(`${name} ${family} nAGQ = ${nAGQ}${calcDerivs ? "" : " (no Hessian)"}: ${formula}`, async () => {
      const schema = readSchema(ds(`${name}.schema.json`));
      const mem = glmer(formula, readCsv(ds(`${name}.csv`), ds(`${name}.schema.json`)), { family, nAGQ, calcDerivs });
      const db = await glmer(formula, fromDuckDB(ds(`${name}.csv`), undefined, { schema }), { family, nAGQ, calcDerivs });
      expect((db as unknown as { sourceRoute: string }).sourceRoute).toMatch(/^PIRLS/);
      expect(db.nobs).toBe(mem.nobs);
      expect(db.fixefNames).toEqual(mem.fixefNames);
      const d = diffs(db, mem);
      console.log(name, family, nAGQ, JSON.stringify(d));
      expect(d.theta).toBeLessThan(1e-6);
      expect(d.beta).toBeLessThan(1e-6);
      expect(d.se).toBeLessThan(calcDerivs ? 1e-4 : 1e-7);
      expect(d.dev).toBeLessThan(1e-9);
      expect(() => db.residuals()).toThrow(LmeError);
      // summary()'s scaled residuals: one pass at the estimates in the engine
      const q0 = mem.summary().scaledResiduals, q1 = db.summary().scaledResiduals;
      q0.forEach((x, i) => expect(Math.abs(q1[i]! - x)).toBeLessThan(1e-6 * Math.max(1, Math.abs(x))));
    }, 180_000);
  }
});
