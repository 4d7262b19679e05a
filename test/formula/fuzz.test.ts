/**
 * Seeded fuzz test of the formula parser (issue 10: nothing but LmeError may escape a public entry
 * point). Formulas from bench/fuzz-gen.mjs: grammar formulas, mutated ones, token soups with junk,
 * deep nestings. Each goes through parseFormula and formulaColumns; a sample of those that parse
 * is also fitted with lmer on a small data set. bench/fuzz.mjs runs many more cases with a
 * time-out per case.
 */
import { describe, expect, it } from "vitest";
import { formulaColumns, parseFormula } from "../../src/formula/index.js";
import { lmer } from "../../src/lmm/lmer.js";
import { fuzzFormula, fuzzFormulaData, mulberry32 } from "../../bench/fuzz-gen.mjs";
import { nonLmeError } from "../helpers.js";

const CASES = 3000;
const SEED = 0x5eed0001;

describe("formula fuzz: only LmeError escapes", () => {
  it(`${CASES} seeded formulas through parseFormula (and a sample through lmer)`, () => {
    const data = fuzzFormulaData();
    const sample = mulberry32(SEED);
    const escapes: string[] = [];
    let parsed = 0;
    let fitted = 0;
    for (let k = 0; k < CASES; k++) {
      const src = fuzzFormula(SEED + k);
      let ok = false;
      const e = nonLmeError(() => {
        formulaColumns(parseFormula(src));
        ok = true;
      });
      if (e !== null) escapes.push(`seed ${SEED + k}: ${JSON.stringify(src.slice(0, 200))}: ${String(e)}`);
      if (!ok) continue;
      parsed++;
      if (sample() < 0.03) {
        fitted++;
        const f = nonLmeError(() => lmer(src, data));
        if (f !== null) escapes.push(`seed ${SEED + k} (lmer): ${JSON.stringify(src.slice(0, 200))}: ${String(f)}`);
      }
    }
    expect(escapes).toEqual([]);
    // the generator must reach the parser's success paths too, not only its errors
    expect(parsed).toBeGreaterThan(CASES / 10);
    expect(fitted).toBeGreaterThan(10);
  });
});
