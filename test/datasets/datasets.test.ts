import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { datasets, datasetsDir, DATASET_NAMES } from "../../src/datasets/index.js";
import type { FactorColumn, Schema } from "../../src/data/index.js";
import { errorOf } from "../data/helpers.js";

function schemaOf(name: string): Schema {
  return JSON.parse(readFileSync(`${datasetsDir()}${name}.schema.json`, "utf8")) as Schema;
}

describe("shipped datasets", () => {
  it("lists fifteen data sets", () => {
    expect(datasets.names()).toEqual([...DATASET_NAMES]);
    expect(datasets.names().length).toBe(15);
  });

  for (const name of DATASET_NAMES) {
    it(`${name}: rows, columns and kinds match its schema`, () => {
      const f = datasets[name]();
      const schema = schemaOf(name);
      expect(f.nrow).toBe(schema.nrow);
      expect(f.names).toEqual(schema.columns.map((c) => c.name));
      for (const sc of schema.columns) {
        const c = f.columns.get(sc.name)!;
        const numeric = sc.type === "numeric" || sc.type === "integer";
        expect(c.kind, sc.name).toBe(numeric ? "numeric" : "factor");
        if (c.kind === "numeric") {
          expect(c.values.length).toBe(f.nrow);
        } else {
          expect(c.levels, sc.name).toEqual(sc.levels);
          expect(c.ordered, sc.name).toBe(sc.ordered === true);
          expect(c.codes.length).toBe(f.nrow);
        }
      }
    });
  }

  it("sleepstudy: 180 rows, Subject with 18 levels in the schema's order", () => {
    const s = datasets.sleepstudy();
    expect(s.nrow).toBe(180);
    const subj = s.columns.get("Subject") as FactorColumn;
    expect(subj.levels.length).toBe(18);
    expect(subj.levels.slice(0, 4)).toEqual(["308", "309", "310", "330"]);
    expect(subj.codes[0]).toBe(0);
    const reaction = s.columns.get("Reaction");
    expect(reaction?.kind === "numeric" && reaction.values[0]).toBe(249.56);
  });

  it("InstEval: 73421 rows, lectage an ordered factor with 6 levels", () => {
    const f = datasets.InstEval();
    expect(f.nrow).toBe(73421);
    const lectage = f.columns.get("lectage") as FactorColumn;
    expect(lectage.ordered).toBe(true);
    expect(lectage.levels.length).toBe(6);
    expect((f.columns.get("s") as FactorColumn).levels.length).toBe(2972);
    expect((f.columns.get("d") as FactorColumn).levels.length).toBe(1128);
  });

  it("caches: a second load returns the same Frame", () => {
    expect(datasets.load("Dyestuff")).toBe(datasets.Dyestuff());
  });

  it("an unknown name is an error suggesting a close match", () => {
    const msg = errorOf(() => datasets.load("sleepStudy"));
    expect(msg).toContain('"sleepStudy"');
    expect(msg).toContain('Did you mean "sleepstudy"');
  });
});
