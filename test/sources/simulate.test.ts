/**
 * Simulation and the parametric bootstrap of a model fitted from DuckDB, in the engine
 * (sources/simulate.ts): reproducible by seed; a simulated response refitted in memory gives the
 * replicate's statistic (so y* and its cross products in SQL are right, 1e-6 relative: the refits
 * run the optimizer from θ̂ on the same numbers); bootstrap spread near the model's SEs; ClickHouse
 * and bad arguments refused with LmeErrors.
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { lmer, fromDuckDB, sourceSimulate, sourceBootMer } from "../../src/sources/index.js";
import { readCsv, readSchema } from "../../src/data/index.js";
import { LmeError } from "../../src/messages/error.js";

const ds = (name: string) => fileURLToPath(new URL(`../../datasets/${name}`, import.meta.url));
const formula = "Reaction ~ Days + (Days | Subject)";

describe("simulate and bootMer from a DuckDB source", () => {
  it("y* by seed; a replicate equals the in-memory refit of its y*; spread near the SEs", async () => {
    const mem = lmer(formula, readCsv(ds("sleepstudy.csv"), ds("sleepstudy.schema.json")));
    const db = await lmer(formula, fromDuckDB(ds("sleepstudy.csv"), undefined, { schema: readSchema(ds("sleepstudy.schema.json")) }));
    const [y1] = await sourceSimulate(db, { seed: 7 }), [y2] = await sourceSimulate(db, { seed: 7 }), [y3] = await sourceSimulate(db, { seed: 8 });
    expect(y1!.length).toBe(180);
    expect(Array.from(y2!)).toEqual(Array.from(y1!));
    expect(Array.from(y3!)).not.toEqual(Array.from(y1!));
    // residual scale of y* about the fixed part: σ and the random effects, not a constant
    const sd = Math.sqrt(y1!.reduce((s, v, i) => s + (v - mem.fitted()[i]!) ** 2, 0) / 180);
    expect(sd).toBeGreaterThan(0.5 * mem.sigma);
    expect(sd).toBeLessThan(5 * mem.sigma);

    const boot = await sourceBootMer(db, "all", { nsim: 30, seed: 7 });
    expect(boot.t).toHaveLength(30);
    expect(boot.failures).toEqual([]);
    const again = await sourceBootMer(db, "all", { nsim: 2, seed: 7 });
    expect(Array.from(again.t[1]!)).toEqual(Array.from(boot.t[1]!));
    // replicate 0 refitted in memory from the same y*
    const [y0] = await sourceSimulate(db, { seed: 7 });
    const ref = mem.refit(y0!);
    const fe = boot.names.map((n, i) => [n, boot.t[0]![i]!] as const).filter(([n]) => mem.fixefNames.includes(n));
    fe.forEach(([n, v]) => expect(Math.abs(v - ref.beta[mem.fixefNames.indexOf(n)]!) / Math.abs(v)).toBeLessThan(1e-6));
    // bootstrap SDs of the fixed effects near the model's SEs (30 replicates: within a factor 2)
    const se = mem.se();
    for (const n of mem.fixefNames) {
      const col = boot.column(n), m = col.reduce((a, b) => a + b, 0) / col.length;
      const s = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / (col.length - 1));
      expect(s / se[n]!).toBeGreaterThan(0.5);
      expect(s / se[n]!).toBeLessThan(2);
    }
  }, 120_000);

  it("bad arguments and other models are refused with LmeErrors", async () => {
    const db = await lmer(formula, fromDuckDB(ds("sleepstudy.csv"), undefined, { schema: readSchema(ds("sleepstudy.schema.json")) }));
    await expect(sourceBootMer(db, "nope" as never, { nsim: 2 })).rejects.toThrow(/statistic must be "fixef", "theta", "sdcor" or "all"/);
    await expect(sourceSimulate(db, { nsim: 0 })).rejects.toThrow(LmeError);
    await expect(sourceBootMer({} as never)).rejects.toThrow(LmeError);
  });
});
