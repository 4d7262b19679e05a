/**
 * lmer/glmer from DuckDB (pushed-down aggregations) against the in-memory fit of the same data.
 * Tolerances: θ (relative to the largest |θ|), β (relative to the largest |β|), σ, SEs to 1e-8 and
 * the criterion to 1e-12: both routes sum the cross products exactly and round once
 * (sources/exactsum.ts, lmm/crossprodAccurate.ts), so whatever order DuckDB adds in, the optimizer
 * sees the same numbers (measured: equal to the last bit; with weights, log w is the engine's libm
 * against JavaScript's, so Σ log w may differ in its last bit). GLMM parameters
 * to 1e-6 relative (PIRLS on the same cells, different row order); logLik to 1e-7 absolute.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lmer, glmer, fromDuckDB, sourceFitted, sourceResiduals, SourceLmerMod } from "../../src/sources/index.js";
import { readCsv, readSchema, columnFromValues, makeFrame } from "../../src/data/index.js";
import type { Frame } from "../../src/data/types.js";
import { LmeError } from "../../src/messages/error.js";
import type { LmerMod } from "../../src/results/lmerMod.js";

const ds = (name: string) => fileURLToPath(new URL(`../../datasets/${name}`, import.meta.url));
const csv = (name: string) => ({ path: ds(`${name}.csv`), schema: readSchema(ds(`${name}.schema.json`)) });

function expectClose(db: LmerMod, mem: LmerMod, thetaRel = 1e-8) {
  const rel = (a: number, b: number, s = Math.abs(b)) => Math.abs(a - b) / Math.max(s, 1e-300);
  expect(db.fixefNames).toEqual(mem.fixefNames);
  expect(db.nobs).toBe(mem.nobs);
  expect(db.nDropped).toBe(mem.nDropped);
  mem.beta.forEach((b, i) => expect(rel(db.beta[i]!, b, Math.max(...mem.beta.map(Math.abs)))).toBeLessThan(1e-8));
  const tmax = Math.max(...mem.theta.map(Math.abs));
  mem.theta.forEach((t, i) => expect(rel(db.theta[i]!, t, tmax)).toBeLessThan(thetaRel));
  expect(rel(db.sigma, mem.sigma)).toBeLessThan(1e-8);
  expect(rel(db.criterion, mem.criterion)).toBeLessThan(1e-12);
  const se = mem.se(), sd = db.se();
  for (const k of Object.keys(se)) expect(rel(sd[k]!, se[k]!)).toBeLessThan(1e-8);
  expect(db.ngrps()).toEqual(mem.ngrps());
}

describe("lmer from a DuckDB source equals the in-memory fit", () => {
  const cases: [string, string, boolean][] = [
    ["sleepstudy", "Reaction ~ Days + (Days | Subject)", true],
    ["sleepstudy", "Reaction ~ Days + (Days || Subject)", false],
    ["Pastes", "strength ~ 1 + (1 | batch/cask)", true],
    ["Penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)", true],
    ["cake", "angle ~ recipe * temp + (1 | recipe:replicate)", true],
  ];
  for (const [name, formula, REML] of cases) {
    it(`${name}: ${formula}`, async () => {
      const { path, schema } = csv(name);
      const mem = lmer(formula, readCsv(path, ds(`${name}.schema.json`)), { REML });
      const db = await lmer(formula, fromDuckDB(path, undefined, { schema }), { REML });
      expect(db).toBeInstanceOf(SourceLmerMod);
      expectClose(db, mem);
      // summary's residual quantiles come from the engine's row pass
      const a = db.summary().scaledResiduals, b = mem.summary().scaledResiduals;
      a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(1e-6));
      expect(db.toString()).toContain("Scaled residuals");
    });
  }
});

describe("poly() and scale() learned by aggregation passes equal the in-memory fit", () => {
  const cases: [string, string][] = [
    ["sleepstudy", "Reaction ~ poly(Days, 3) + (1 | Subject)"],
    ["sleepstudy", "Reaction ~ poly(Days, 2, raw = TRUE) + (Days | Subject)"],
    ["sleepstudy", "Reaction ~ scale(Days) + (scale(Days) | Subject)"],
    ["sleepstudy", "Reaction ~ scale(Days, center = 2, scale = FALSE) * poly(Days, 2) + (1 | Subject)"],
    ["cake", "angle ~ recipe * poly(temp, 2) + (1 | recipe:replicate)"],
  ];
  for (const [name, formula] of cases) {
    it(`${name}: ${formula}`, async () => {
      const { path, schema } = csv(name);
      const mem = lmer(formula, readCsv(path, ds(`${name}.schema.json`)));
      const db = await lmer(formula, fromDuckDB(path, undefined, { schema }));
      expect(db.fixefNames).toEqual(mem.fixefNames);
      expectClose(db, mem);
      // the stored basis (training parameters) predicts new x as in memory
      const nd = [{ Days: 4.5, temp: 190, Subject: "308", recipe: "B", replicate: "1" }];
      expect(db.predict({ newdata: nd, reForm: "NA" })[0]).toBeCloseTo(mem.predict({ newdata: nd, reForm: "NA" })[0]!, 10);
    });
  }
});

describe("a DuckDB connection: NA rows, weights, offset, ordered factors, I(), log(), a query", () => {
  let conn: { runAndReadAll(sql: string): Promise<unknown>; closeSync(): void };
  let inst: { closeSync(): void };
  let mem: Frame;
  const schema = { columns: [{ name: "band", type: "factor" as const, levels: ["lo", "mid", "hi"], ordered: true }] };
  beforeAll(async () => {
    const duck = await import("@duckdb/node-api");
    inst = await duck.DuckDBInstance.create(":memory:");
    conn = (await (inst as unknown as { connect(): Promise<unknown> }).connect()) as typeof conn;
    await conn.runAndReadAll(`CREATE TABLE s AS SELECT (row_number() OVER () - 1) AS i, * FROM read_csv('${ds("sleepstudy.csv")}', types = {'Subject': 'VARCHAR'})`);
    await conn.runAndReadAll(`CREATE TABLE t AS SELECT CASE WHEN i % 17 = 0 THEN NULL ELSE Reaction END AS Reaction, Days, Subject,
      1 + i % 3 AS w, CASE WHEN Days < 3 THEN 'lo' WHEN Days < 7 THEN 'mid' ELSE 'hi' END AS band FROM s ORDER BY i`);
    const sleep = readCsv(ds("sleepstudy.csv"), ds("sleepstudy.schema.json"));
    const n = sleep.nrow, reaction = (sleep.columns.get("Reaction")! as { values: Float64Array }).values.map((v, i) => (i % 17 === 0 ? NaN : v));
    const days = (sleep.columns.get("Days")! as { values: Float64Array }).values;
    mem = makeFrame([
      columnFromValues("Reaction", reaction), columnFromValues("Days", days), sleep.columns.get("Subject")!,
      columnFromValues("w", Float64Array.from({ length: n }, (_, i) => 1 + (i % 3))),
      columnFromValues("band", Array.from(days, (d) => (d < 3 ? "lo" : d < 7 ? "mid" : "hi")), schema.columns[0]),
    ]);
  });
  afterAll(() => { conn?.closeSync(); inst?.closeSync(); });

  it("drops and counts NA rows; prior weights; an offset; an ordered factor with contr.poly; I() and log()", async () => {
    const formula = "Reaction ~ log(Days + 1) + I(Days^2) + band + offset(Days / 10) + (1 | Subject)";
    const m0 = lmer(formula, mem, { weights: "w" });
    const m1 = await lmer(formula, fromDuckDB(conn, "t", { schema }), { weights: "w" });
    expect(m1.nDropped).toBe(11);
    expect(m1.fixefNames).toContain("band.Q");
    expectClose(m1, m0);
    // fitted values and residuals by a row pass with the level effects uploaded
    const f0 = m0.fitted(), f1 = await sourceFitted(m1), r1 = await sourceResiduals(m1);
    expect(f1.length).toBe(f0.length);
    f0.forEach((v, i) => expect(Math.abs(f1[i]! - v) / Math.abs(v)).toBeLessThan(1e-8));
    m0.residuals().forEach((v, i) => expect(Math.abs(r1[i]! - v)).toBeLessThan(1e-6));
  });

  it("a query as the source; row-level results say what to do instead", async () => {
    const m = await lmer("Reaction ~ Days + (1 | Subject)", fromDuckDB(conn, "SELECT * FROM t WHERE Days > 0"));
    const m0 = lmer("Reaction ~ Days + (1 | Subject)", filterRows(mem, (i) => (mem.columns.get("Days") as { values: Float64Array }).values[i]! > 0));
    expectClose(m, m0);
    for (const f of [() => m.fitted(), () => m.residuals(), () => m.predict(), () => m.refit([1]), () => m.weights(), () => m.y]) expect(f).toThrow(LmeError);
    expect(() => m.input.X).toThrow(/stay in the database/);
    // predictions on in-memory newdata use the uploaded-free path (levels and β, b)
    const nd = [{ Days: 3, Subject: "308" }];
    expect(m.predict({ newdata: nd })[0]).toBeCloseTo(m0.predict({ newdata: nd })[0]!, 8);
  });

  it("errors name the culprit", async () => {
    await expect(lmer("Reaction ~ nope + (1 | Subject)", fromDuckDB(conn, "t"))).rejects.toThrow(/column 'nope' is not in the database source/);
    await expect(lmer("Reaction ~ ns(Days, 3) + (1 | Subject)", fromDuckDB(conn, "t"))).rejects.toThrow(/'ns\(Days, 3\)' cannot be computed inside the database: spline bases/);
    await expect(lmer("Reaction ~ poly(Days, 12) + (1 | Subject)", fromDuckDB(conn, "t"))).rejects.toThrow(/must be less than the number of unique points \(10\)/);
    expect(() => fromDuckDB(42 as never, "t")).toThrow(LmeError);
  });
});

function filterRows(f: Frame, keep: (i: number) => boolean): Frame {
  const rows = Array.from({ length: f.nrow }, (_, i) => i).filter(keep);
  return makeFrame(f.names.map((n) => {
    const c = f.columns.get(n)!;
    return c.kind === "numeric" ? { ...c, values: Float64Array.from(rows, (i) => c.values[i]!) } : { ...c, codes: Int32Array.from(rows, (i) => c.codes[i]!) };
  }));
}

describe("glmer from a DuckDB source", () => {
  it("cbpp binomial (cells = rows) equals the in-memory fit", async () => {
    const { path, schema } = csv("cbpp");
    const formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    const mem = glmer(formula, readCsv(path, ds("cbpp.schema.json")), { family: "binomial" });
    const db = await glmer(formula, fromDuckDB(path, undefined, { schema }), { family: "binomial" });
    expect(db.nobs).toBe(mem.nobs);
    mem.beta.forEach((b, i) => expect(Math.abs(db.beta[i]! - b) / Math.abs(b)).toBeLessThan(1e-6));
    expect(Math.abs(db.logLik() - mem.logLik())).toBeLessThan(1e-7);
  });
  it("Contraception (rows merged into cells): nobs and logLik of the rows", async () => {
    const { path, schema } = csv("Contraception");
    const formula = "use ~ age + I(age^2) + urban + livch + (1 | district)";
    const mem = glmer(formula, readCsv(path, ds("Contraception.schema.json")), { family: "binomial" });
    const db = await glmer(formula, fromDuckDB(path, undefined, { schema }), { family: "binomial" });
    expect(db.nobs).toBe(mem.nobs);
    mem.beta.forEach((b, i) => expect(Math.abs(db.beta[i]! - b)).toBeLessThan(1e-5 * Math.max(1, Math.abs(b))));
    expect(Math.abs(db.logLik() - mem.logLik())).toBeLessThan(1e-5);
    expect(Math.abs(db.BIC() - mem.BIC())).toBeLessThan(1e-4);
    expect(() => db.residuals()).toThrow(LmeError);
    // Bernoulli rows merged into cells: the rows' residual quantiles, exactly, from the cells
    const q0 = mem.summary().scaledResiduals, q1 = db.summary().scaledResiduals;
    q0.forEach((x, i) => expect(Math.abs(q1[i]! - x)).toBeLessThan(1e-5));
  });
});
