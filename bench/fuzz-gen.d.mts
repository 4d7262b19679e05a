/** Types of bench/fuzz-gen.mjs (seeded fuzz-input generators); see that file for the details. */

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function mulberry32(seed: number): () => number;
/** The formula of fuzz case `seed` (grammar formulas, mutations, token soups, deep nestings). */
export function fuzzFormula(seed: number): string;
/** A small data set (24 rows) with the columns the formula generator names. */
export function fuzzFormulaData(): Record<string, (number | string)[]>;
/** The column names of `fuzzFormulaData`. */
export const FUZZ_FORMULA_COLUMNS: string[];
/** The CSV text of fuzz case `seed`: a soup of CSV pieces or a mutated head of one of `sources`. */
export function fuzzCsv(seed: number, sources: readonly { name: string; text: string }[]): { text: string; source: string | null };
/** A schema-shaped value (usually invalid somewhere) naming columns from `names`. */
export function fuzzSchema(seed: number, names: readonly string[]): unknown;
