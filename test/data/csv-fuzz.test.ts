/**
 * Seeded fuzz test of the CSV reader (issue 10: nothing but LmeError may escape a public entry
 * point). Texts from bench/fuzz-gen.mjs: soups of CSV syntax, cell values and random characters,
 * and heads of the shipped data sets with cells replaced (NaN, Inf, blank, stray quotes, ...),
 * pieces inserted or deleted, CRLF line ends and BOMs. Each is read without a schema and with its
 * data set's schema and with a fuzzed schema (wrong types, absent columns, bad levels); a quarter of the mutated sleepstudy texts that read with their schema are
 * fitted with lmer.
 * bench/fuzz.mjs runs many more cases with a time-out per case.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv, validateSchema, type Frame, type Schema } from "../../src/data/index.js";
import { lmer } from "../../src/lmm/lmer.js";
import { fuzzCsv, fuzzSchema, mulberry32 } from "../../bench/fuzz-gen.mjs";
import { nonLmeError } from "../helpers.js";

const CASES = 3000;
const SEED = 0xc5f0001;
const NAMES = ["sleepstudy", "cbpp", "Penicillin", "Dyestuff", "cake", "grouseticks"];
const dir = new URL("../../datasets/", import.meta.url);
const sources = NAMES.map((name) => ({ name, text: readFileSync(new URL(`${name}.csv`, dir), "utf8") }));
const schemas = new Map<string, Schema>(
  NAMES.map((n) => [n, validateSchema(JSON.parse(readFileSync(new URL(`${n}.schema.json`, dir), "utf8")), n)]),
);

describe("CSV fuzz: only LmeError escapes", () => {
  it(`${CASES} seeded texts through parseCsv, with and without a schema (and sleepstudy ones through lmer)`, () => {
    const sample = mulberry32(SEED);
    const escapes: string[] = [];
    let read = 0;
    let fitted = 0;
    for (let k = 0; k < CASES; k++) {
      const { text, source } = fuzzCsv(SEED + k, sources);
      const where = `seed ${SEED + k} (${source ?? "soup"}): ${JSON.stringify(text.slice(0, 120))}`;
      let frame: Frame | null = null;
      const e = nonLmeError(() => {
        frame = parseCsv(text, { source: '"fuzz.csv"' });
      });
      if (e !== null) escapes.push(`${where}: ${String(e)}`);
      if (frame !== null) read++;
      const header = frame === null ? ["x", "y"] : (frame as Frame).names;
      const z = nonLmeError(() => parseCsv(text, { schema: fuzzSchema(SEED + k, header) as Schema }));
      if (z !== null) escapes.push(`${where} (fuzzed schema of seed ${SEED + k}): ${String(z)}`);
      if (source === null) continue;
      let typed: Frame | null = null;
      const s = nonLmeError(() => {
        typed = parseCsv(text, { schema: schemas.get(source)!, source: '"fuzz.csv"', schemaSource: '"fuzz.schema.json"' });
      });
      if (s !== null) escapes.push(`${where} (schema): ${String(s)}`);
      if (typed !== null && source === "sleepstudy" && sample() < 0.25) {
        fitted++;
        const f = nonLmeError(() => lmer("Reaction ~ Days + (Days | Subject)", typed!));
        if (f !== null) escapes.push(`${where} (lmer): ${String(f)}`);
      }
    }
    expect(escapes).toEqual([]);
    expect(read).toBeGreaterThan(CASES / 10); // the generator reaches the reader's success paths
    expect(fitted).toBeGreaterThan(5);
  });
});
