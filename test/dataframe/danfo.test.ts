/**
 * The data-frame layer with a real danfojs-node DataFrame. danfo takes ~1.5 s to load, so
 * every danfo-using test lives in this one file (one load) and fits are shared.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import type { LmerMod } from "../../src/results/lmerMod.js";
import { datasets, datasetsDir } from "../../src/datasets/index.js";
import { makeFrame } from "../../src/data/frame.js";
import {
  augment, coefFrame, dataFrameToFrame, dataframes, frameSchema, frameToDataFrame, loadDanfo, ranefFrame,
  type DanfoDataFrame,
} from "../../src/dataframe/index.js";

const danfo = createRequire(import.meta.url)("danfojs-node") as typeof import("danfojs-node");
const ref = JSON.parse(readFileSync("/work/shared/reference/sleepstudy_reml.json", "utf8")) as {
  fit: { ranef: { values: number[][]; condsd: number[][] }[]; fitted_head: number[]; resid_head: number[] };
};

const col = (df: DanfoDataFrame, name: string): unknown[] => Array.from(df.column(name).values as ArrayLike<unknown>);

let df: DanfoDataFrame;
let m: LmerMod;

beforeAll(async () => {
  // The user's path: danfo's own CSV reader; Subject is read as int32, so make it a string column.
  const raw = await danfo.readCSV(`${datasetsDir()}sleepstudy.csv`);
  df = raw.asType("Subject", "string");
  m = lmer("Reaction ~ Days + (Days | Subject)", df);
});

describe("lmer on a danfo DataFrame", () => {
  it("records the input kind and reproduces lme4's fit", () => {
    expect(m.input.mf.inputKind).toBe("dataframe");
    expect(m.nobs).toBe(180);
    const f = m.fitted();
    ref.fit.fitted_head.forEach((v, i) => expect(f[i]).toBeCloseTo(v, 3));
  });

  it("ranefFrame returns a DataFrame per grouping factor equal to ranef()", () => {
    const rf = ranefFrame(m);
    expect(Object.keys(rf)).toEqual(["Subject"]);
    const t = rf.Subject as DanfoDataFrame;
    expect(t).toBeInstanceOf(danfo.DataFrame);
    expect(t.columns).toEqual(["Subject", "(Intercept)", "Days"]);
    expect(t.shape).toEqual([18, 3]);
    const g = m.ranef()[0];
    expect(col(t, "Subject")).toEqual(g.levels);
    expect(col(t, "(Intercept)")).toEqual(g.values.map((r) => r[0]));
    expect(col(t, "Days")).toEqual(g.values.map((r) => r[1]));
    // and lme4's values for the first five subjects
    ref.fit.ranef[0].values.forEach((r, l) => {
      expect(col(t, "(Intercept)")[l] as number).toBeCloseTo(r[0], 3);
      expect(col(t, "Days")[l] as number).toBeCloseTo(r[1], 4);
    });
  });

  it("ranefFrame with condVar adds <name>.condsd columns equal to ranef({condVar}).condsd", () => {
    const t = ranefFrame(m, { condVar: true }).Subject as DanfoDataFrame;
    expect(t.columns).toEqual(["Subject", "(Intercept)", "Days", "(Intercept).condsd", "Days.condsd"]);
    const sd = m.ranef({ condVar: true })[0].condsd!;
    expect(col(t, "(Intercept).condsd")).toEqual(sd.map((r) => r[0]));
    expect(col(t, "Days.condsd")).toEqual(sd.map((r) => r[1]));
    expect(col(t, "Days.condsd")[0] as number).toBeCloseTo(ref.fit.ranef[0].condsd[0][1], 4);
  });

  it("coefFrame is a DataFrame equal to coef()", () => {
    const t = coefFrame(m).Subject as DanfoDataFrame;
    const c = m.coef()[0];
    expect(t.columns).toEqual(["Subject", ...c.names]);
    c.names.forEach((nm, j) => expect(col(t, nm)).toEqual(c.values.map((r) => r[j])));
  });

  it("augment: 180 rows, data columns then .fitted/.resid/.scresid", () => {
    const a = augment(m) as DanfoDataFrame;
    expect(a).toBeInstanceOf(danfo.DataFrame);
    expect(a.shape).toEqual([180, 6]);
    expect(a.columns).toEqual(["Reaction", "Days", "Subject", ".fitted", ".resid", ".scresid"]);
    expect(col(a, ".fitted")).toEqual(Array.from(m.fitted()));
    expect(col(a, ".resid")).toEqual(Array.from(m.residuals()));
    ref.fit.resid_head.forEach((v, i) => expect(col(a, ".resid")[i] as number).toBeCloseTo(v, 3));
    const sc = col(a, ".scresid") as number[];
    sc.forEach((v, i) => expect(v).toBeCloseTo(m.residuals()[i] / m.sigma, 12));
    expect(col(a, "Subject").slice(0, 2)).toEqual(["308", "308"]);
    expect(col(a, "Reaction")).toEqual(col(df, "Reaction"));
  });

  it("as: 'columns' / 'records' override the DataFrame default", () => {
    const c = ranefFrame(m, { as: "columns" }).Subject;
    expect(c["(Intercept)"]).toBeInstanceOf(Float64Array);
    expect(Object.keys(c)).toEqual(["Subject", "(Intercept)", "Days"]);
    const r = augment(m, { as: "records" });
    expect(r.length).toBe(180);
    expect(r[0][".fitted"]).toBe(m.fitted()[0]);
  });
});

describe("rows dropped for missing values", () => {
  it("the DataFrame index holds the input rows the fit kept", () => {
    const rows = datasets.sleepstudy();
    const reaction = Float64Array.from((rows.columns.get("Reaction") as { values: Float64Array }).values);
    reaction[3] = NaN;
    reaction[100] = NaN;
    const m2 = lmer("Reaction ~ Days + (1 | Subject)", {
      Reaction: reaction,
      Days: (rows.columns.get("Days") as { values: Float64Array }).values,
      Subject: col(dataframes.sleepstudy(), "Subject") as string[],
    });
    const a = augment(m2, { as: "dataframe" }) as DanfoDataFrame;
    expect(a.shape).toEqual([178, 6]);
    const index = Array.from(a.index as number[]);
    expect(index.slice(0, 5)).toEqual([0, 1, 2, 4, 5]);
    expect(index).toEqual(Array.from(m2.input.mf.rows));
    expect(col(a, ".fitted")).toEqual(Array.from(m2.fitted()));
  });
});

describe("converters and shipped DataFrames", () => {
  it("Frame → DataFrame keeps column order, integer-like names, NaN and null", () => {
    const f = makeFrame([
      { kind: "numeric", name: "z", values: Float64Array.from([1.5, NaN, 3]) },
      { kind: "factor", name: "1", codes: Int32Array.from([1, -1, 0]), levels: ["b", "a"], ordered: true },
      { kind: "numeric", name: "a", values: Float64Array.from([1, 2, 3]) },
    ]);
    const d = frameToDataFrame(f);
    expect(d.columns).toEqual(["z", "1", "a"]);
    expect(d.dtypes).toEqual(["float32", "string", "int32"]);
    expect(col(d, "1")).toEqual(["a", null, "b"]);
    expect(col(d, "z")).toEqual([1.5, NaN, 3]);
    // schema restores level order and orderedness exactly
    const back = dataFrameToFrame(d, { schema: frameSchema(f) });
    expect(back.names).toEqual(f.names);
    expect(back.columns.get("1")).toEqual(f.columns.get("1"));
    expect(back.columns.get("z")).toEqual(f.columns.get("z"));
  });

  it("dataframes.* load the shipped sets; a glmer fit from one labels like it", () => {
    expect(loadDanfo().DataFrame).toBe(danfo.DataFrame);
    const ss = dataframes.sleepstudy();
    expect(ss.shape).toEqual([180, 3]);
    expect(ss.columns).toEqual(["Reaction", "Days", "Subject"]);
    expect(dataframes.load("sleepstudy")).not.toBe(ss); // fresh per call
    const cbpp = dataframes.cbpp();
    expect(cbpp.columns).toEqual(datasets.cbpp().names);
    const gm = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" });
    const a = augment(gm) as DanfoDataFrame;
    expect(a.shape).toEqual([56, cbpp.columns.length + 3]);
    expect(col(a, ".fitted")).toEqual(Array.from(gm.fitted()));
    expect(col(a, ".resid")).toEqual(Array.from(gm.residuals({ type: "deviance" })));
    expect(col(a, ".scresid")).toEqual(Array.from(gm.residuals({ type: "pearson" })).map((x) => x / gm.sigma));
    const rf = ranefFrame(gm).herd as DanfoDataFrame;
    expect(col(rf, "(Intercept)")).toEqual(gm.ranef()[0].values.map((r) => r[0]));
    expect(() => dataframes.load("sleepstudyy")).toThrow(/sleepstudy/);
  });
});
