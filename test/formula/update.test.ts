/**
 * `updateFormula` reproduces R's `update.formula` (update(old, new) as printed by R 4.2.2):
 * exact text for every case of test/fixtures/update/formulas.json (scripts/update-refs.R), except
 * `.^2`, where R interacts a random term with fixed ones and lme4ts refuses.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { updateFormula } from "../../src/formula/update.js";
import { LmeError } from "../../src/messages/error.js";

const cases = JSON.parse(readFileSync(new URL("../fixtures/update/formulas.json", import.meta.url), "utf8")) as { old: string; new: string; result: string }[];

describe("updateFormula = R's update.formula", () => {
  for (const c of cases) {
    if (c.new === ". ~ .^2") {
      it(`refuses ${c.new} on ${c.old} (R gives ${c.result})`, () => {
        expect(() => updateFormula(c.old, c.new)).toThrow(/interaction .* random-effects term/);
      });
      continue;
    }
    it(`update(${c.old}, ${c.new})`, () => {
      expect(updateFormula(c.old, c.new)).toBe(c.result);
    });
  }
  it("a '.' on the left needs an old response", () => {
    expect(() => updateFormula("~ x + (1 | g)", "log(.) ~ .")).toThrow(LmeError);
  });
  it("syntax errors in the update are formula errors", () => {
    expect(() => updateFormula("y ~ x + (1 | g)", ". ~ . +")).toThrow(LmeError);
  });
});
