/**
 * Every formula of the lme4 / glmmTMB reference cases: parse, expand, and build X on the case's
 * data; X's column names must equal the reference fixef names, X must have full rank, and the
 * random terms must give the reference grouping factors (and, for lme4, the column names).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateNumeric, formulaColumns, parseFormula } from "../../src/formula/index.js";
import { buildFixedDesign, dropRankDeficient } from "../../src/model/fixed.js";
import { readDataset, SHARED } from "../formula/frames.js";
import type { Frame } from "../../src/data/types.js";

interface Ref {
  id: string;
  data: string;
  call: { formula: string };
  fit: { fixef: Record<string, number>; varcorr?: { group: string; names: string[] }[] };
}

const cases: [string, Ref][] = [];
for (const dir of ["reference", "reference-structured"])
  for (const f of readdirSync(`${SHARED}/${dir}`).filter((x) => x.endsWith(".json")).sort())
    cases.push([`${dir}/${f}`, JSON.parse(readFileSync(`${SHARED}/${dir}/${f}`, "utf8")) as Ref]);

const frames = new Map<string, Frame>();
const frameFor = (name: string) => {
  let f = frames.get(name);
  if (!f) frames.set(name, (f = readDataset(name)));
  return f;
};

describe("reference formulas", () => {
  it("found the reference cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const [file, ref] of cases) {
    it(`${file}: ${ref.call.formula}`, () => {
      const f = parseFormula(ref.call.formula);
      const frame = frameFor(ref.data);
      for (const c of formulaColumns(f)) expect(frame.names).toContain(c);
      const d = buildFixedDesign(f.fixed, frame);
      expect(d.names).toEqual(Object.keys(ref.fit.fixef));
      const X = d.matrix(frame);
      expect(X.length).toBe(frame.nrow * d.p);
      expect(dropRankDeficient(X, frame.nrow, d.p, d.names).dropped).toEqual([]);
      expect(f.random.length).toBeGreaterThan(0);
      const vc = ref.fit.varcorr ?? [];
      expect(f.random.map((r) => r.groupLabel).sort()).toEqual(vc.map((v) => v.group).sort());
      if (file.startsWith("reference/")) {
        const ours = f.random.map((r) => `${r.groupLabel}|${buildFixedDesign(r.lhs, frame).names.join(",")}`).sort();
        expect(ours).toEqual(vc.map((v) => `${v.group}|${v.names.join(",")}`).sort());
      }
      const resp = f.response!;
      const numeric = resp.type === "call" && resp.fn === "cbind" ? resp.args : [resp];
      const frameResp = frame.columns.get(f.responseLabel!);
      if (frameResp?.kind !== "factor") for (const e of numeric) expect(evaluateNumeric(e, frame).length).toBe(frame.nrow);
    });
  }
});
