/**
 * The data-frame layer without danfo: column objects and records, the return-kind rule, the
 * errors, and a failing danfo loader (injected; danfo is never loaded in this file).
 */
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { lmeErrorOf as errorOf } from "../helpers.js";
import { lmer } from "../../src/lmm/lmer.js";
import { datasets } from "../../src/datasets/index.js";
import { augment, coefFrame, fortify, frameToColumns, loadDanfo, ranefFrame, setDanfoLoader } from "../../src/dataframe/index.js";

const ss = datasets.sleepstudy();
const m = lmer("Reaction ~ Days + (Days | Subject)", ss);


afterEach(() => setDanfoLoader(null));

describe("column-object path (model fitted to a Frame)", () => {
  it("ranefFrame returns column objects equal to ranef()", () => {
    expect(m.input.mf.inputKind).toBe("frame");
    const t = ranefFrame(m).Subject;
    expect(Array.isArray(t)).toBe(false);
    const c = t as Record<string, unknown>;
    expect(Object.keys(c)).toEqual(["Subject", "(Intercept)", "Days"]);
    const g = m.ranef()[0];
    expect(c.Subject).toEqual(g.levels);
    expect(c["(Intercept)"]).toBeInstanceOf(Float64Array);
    expect(Array.from(c["(Intercept)"] as Float64Array)).toEqual(g.values.map((r) => r[0]));
    expect(Array.from(c.Days as Float64Array)).toEqual(g.values.map((r) => r[1]));
  });

  it("condVar and levelColumn", () => {
    const c = ranefFrame(m, { condVar: true, levelColumn: "level" }).Subject as Record<string, unknown>;
    expect(Object.keys(c)).toEqual(["level", "(Intercept)", "Days", "(Intercept).condsd", "Days.condsd"]);
    const sd = m.ranef({ condVar: true })[0].condsd!;
    expect(Array.from(c["Days.condsd"] as Float64Array)).toEqual(sd.map((r) => r[1]));
  });

  it("coefFrame equals coef()", () => {
    const t = coefFrame(m, { as: "columns" }).Subject;
    const c = m.coef()[0];
    c.names.forEach((nm, j) => expect(Array.from(t[nm] as Float64Array)).toEqual(c.values.map((r) => r[j])));
  });

  it("augment returns the model frame plus diagnostics as columns", () => {
    const a = augment(m, { as: "columns" });
    expect(Object.keys(a)).toEqual(["Reaction", "Days", "Subject", ".fitted", ".resid", ".scresid"]);
    expect(a[".fitted"]).toEqual(m.fitted());
    expect(a[".fitted"]).not.toBe(m.fitted()); // a copy, not the model's array
    const y = a.Reaction as Float64Array, f = a[".fitted"] as Float64Array, r = a[".resid"] as Float64Array;
    for (let i = 0; i < 180; i++) expect(r[i]).toBeCloseTo(y[i] - f[i], 10);
    const sc = a[".scresid"] as Float64Array;
    expect(sc[7]).toBeCloseTo(r[7] / m.sigma, 12);
    expect(fortify).toBe(augment);
    // default for a Frame input is columns, too
    expect(Array.isArray(augment(m))).toBe(false);
  });

  it("as: 'records' gives one record per row", () => {
    const rows = augment(m, { as: "records" });
    expect(rows.length).toBe(180);
    expect(Object.keys(rows[0])).toEqual(["Reaction", "Days", "Subject", ".fitted", ".resid", ".scresid"]);
    expect(rows[179].Subject).toBe("372");
    expect(rows[5][".fitted"]).toBe(m.fitted()[5]);
    const rf = ranefFrame(m, { as: "records" }).Subject;
    expect(rf.length).toBe(18);
    expect(rf[1]).toEqual({ Subject: "309", "(Intercept)": m.ranef()[0].values[1][0], Days: m.ranef()[0].values[1][1] });
  });

  it("a model fitted to records returns records by default", () => {
    const cols = frameToColumns(ss);
    const recs = Array.from({ length: 180 }, (_, i) => ({
      Reaction: (cols.Reaction as Float64Array)[i],
      Days: (cols.Days as Float64Array)[i],
      Subject: (cols.Subject as string[])[i],
    }));
    const mr = lmer("Reaction ~ Days + (1 | Subject)", recs);
    expect(Array.isArray(ranefFrame(mr).Subject)).toBe(true);
    expect(Array.isArray(augment(mr))).toBe(true);
  });

  it("a data column named .fitted is replaced in place", () => {
    const cols = frameToColumns(ss);
    const mr = lmer("Reaction ~ Days + (1 | Subject)", { ".fitted": new Float64Array(180), ...cols });
    const a = augment(mr, { as: "columns" });
    expect(Object.keys(a)).toEqual([".fitted", "Reaction", "Days", "Subject", ".resid", ".scresid"]);
    expect(a[".fitted"]).toEqual(mr.fitted());
  });
});

describe("errors", () => {
  it("coefFrame follows lme4: a random effect with no fixed effect cannot be aligned", () => {
    const m0 = lmer("Reaction ~ 1 + (Days | Subject)", ss);
    const e = errorOf(() => coefFrame(m0));
    expect(e.message).toMatch(/"Days" of grouping factor "Subject" has no fixed effect/);
    expect(e.message).toMatch(/ranefFrame/);
  });

  it("bad `as` and non-models name the culprit", () => {
    expect(errorOf(() => augment(m, { as: "csv" as never })).message).toMatch(/as = "csv" is not an output kind.*"dataframe", "columns" or "records"/);
    expect(errorOf(() => ranefFrame({} as never)).message).toMatch(/ranefFrame needs a model fitted by lmer\(\) or glmer\(\); it got Object/);
    expect(errorOf(() => augment(null as never)).message).toMatch(/it got null/);
  });

  it("danfo that cannot be loaded gives a clear LmeError (injected loader)", () => {
    setDanfoLoader(() => {
      throw new Error("Cannot find module 'danfojs-node'\nRequire stack: ...");
    });
    const e = errorOf(() => ranefFrame(m, { as: "dataframe" }));
    expect(e.code).toBe("usage");
    expect(e.message).toMatch(/"danfojs-node" could not be loaded \(Cannot find module 'danfojs-node'\)/);
    expect(e.message).toMatch(/npm install danfojs-node/);
    expect(e.message).toMatch(/as: "columns"/);
    expect(e.message).not.toMatch(/Require stack/);
    // the column path still works without danfo
    expect(Object.keys(augment(m, { as: "columns" }))).toContain(".fitted");
  });

  it("a loader returning no DataFrame constructor is rejected; loads are cached", () => {
    setDanfoLoader(() => ({ Series: 1 }));
    expect(errorOf(() => loadDanfo()).message).toMatch(/returned an object with keys Series, which has no DataFrame constructor/);
    let calls = 0;
    class FakeFrame {
      constructor(readonly rows: unknown, readonly opts: unknown) {}
    }
    setDanfoLoader(() => (calls++, { default: { DataFrame: FakeFrame } }));
    const out = augment(m, { as: "dataframe" }) as unknown as FakeFrame;
    ranefFrame(m, { as: "dataframe" });
    expect(calls).toBe(1);
    expect(out).toBeInstanceOf(FakeFrame);
    const opts = out.opts as { columns: string[]; dtypes: string[]; index: number[] };
    expect(opts.columns).toEqual(["Reaction", "Days", "Subject", ".fitted", ".resid", ".scresid"]);
    expect(opts.dtypes).toEqual(["float32", "int32", "string", "float32", "float32", "float32"]);
    expect(opts.index.length).toBe(180);
    expect((out.rows as unknown[][])[0]).toEqual([249.56, 0, "308", m.fitted()[0], m.residuals()[0], m.residuals()[0] / m.sigma]);
  });

  it("importing the layer and using the column paths never loads danfo", () => {
    const cache = createRequire(import.meta.url).cache;
    expect(Object.keys(cache).filter((k) => k.includes("danfojs-node"))).toEqual([]);
  });
});
