/**
 * Seeded input generators for the fuzz tests (test/formula/fuzz.test.ts, test/data/csv-fuzz.test.ts)
 * and the longer fuzz bench (bench/fuzz.mjs): formulas built from the tokens of lme4's formula
 * language mixed with junk, and CSV texts (random byte strings and mutated real data sets).
 * Every case is a pure function of its seed, so a failure is reproduced from the seed alone.
 * Plain JavaScript so that the bench runs it under Node without a TypeScript step; types in
 * fuzz-gen.d.mts.
 */

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

// ---------------------------------------------------------------- formulas

/** The columns of `fuzzFormulaData`: the names the formula generator uses. */
const COLUMNS = ["y", "x", "z", "g", "h", "f", "odd name"];
const NAMES = ["y", "x", "z", "g", "h", "f", "`odd name`", "w", ".", "T", "TRUE", "hom", "Inf", "NA", "x1"];
const FUNS = ["log", "I", "factor", "as.factor", "offset", "cbind", "diag", "cs", "ar1", "us", "exp", "sqrt", "abs",
  "log1p", "poly", "s", "scale"];
const OPS = ["~", "+", "-", "*", "/", "^", "**", ":", "|", "||", "%in%", "(", ")", ",", "=", "(", ")", "+", "|"];
const NUMS = ["0", "1", "2", "-1", "1.5", "1e3", "2L", ".5", "1e400", "3", "0.0", "1e-300"];
const JUNK = ["@", "#", "$", "`", "%", "%%", "&", "{", "}", "[", "]", "'", '"', ";", "!", "\n", "\t", "é", "😀",
  "\u0000", "\\", "<-", "?", "<", ">", "~~", "..", "\uFEFF", "\r", "%o%", "x$y", "`", "1a", "_"];

/** A random expression of the formula grammar, `depth` levels at most. */
function expr(rand, depth) {
  const r = rand();
  if (depth <= 0 || r < 0.3) return rand() < 0.85 ? pick(rand, NAMES.slice(0, 7)) : pick(rand, NUMS);
  if (r < 0.45) {
    const fn = pick(rand, FUNS);
    const n = rand() < 0.85 ? 1 : int(rand, 0, 3);
    const args = Array.from({ length: n }, () => expr(rand, depth - 1));
    if (fn === "cs" || fn === "ar1" || fn === "diag" || fn === "us") return `${fn}(${bar(rand, depth - 1)}${rand() < 0.3 ? ", hom = " + pick(rand, ["TRUE", "FALSE", "1", "x"]) : ""})`;
    return `${fn}(${args.join(", ")})`;
  }
  if (r < 0.55) return `(${expr(rand, depth - 1)})`;
  if (r < 0.6) return `${pick(rand, ["-", "+"])}${expr(rand, depth - 1)}`;
  if (r < 0.7) return `(${bar(rand, depth - 1)})`;
  const op = pick(rand, ["+", "+", "+", "-", "*", ":", "/", "^", "%in%", "**"]);
  const right = op === "^" || op === "**" ? pick(rand, ["2", "3", "0", "-1", "x", "1.5", "1000000"]) : expr(rand, depth - 1);
  return `${expr(rand, depth - 1)} ${op} ${right}`;
}

/** A random-effects term body `lhs | group` (or `||`). */
function bar(rand, depth) {
  const lhs = rand() < 0.5 ? pick(rand, ["1", "x", "0 + x", "1 + x", "z"]) : expr(rand, depth);
  const g = rand() < 0.7 ? pick(rand, ["g", "h", "f", "g:h", "g/h", "g %in% h"]) : expr(rand, depth);
  return `${lhs} ${rand() < 0.8 ? "|" : "||"} ${g}`;
}

const SIMPLE_TERMS = ["x", "z", "f", "h", "x:f", "x*f", "log(z)", "I(x^2)", "factor(z)", "`odd name`", "x + z", "-1", "0",
  "sqrt(z)", "(x + z)^2", "f/x", "offset(x)", "exp(x/10)", "x %in% f", "abs(x)"];
const SIMPLE_BARS = ["(1 | g)", "(x | g)", "(1 | h)", "(0 + x | g)", "(1 + x || g)", "(1 | g/h)", "(1 | g:h)", "(f | g)",
  "cs(1 + x | g)", "diag(x | g)", "us(1 | h)", "cs(0 + f | g, hom = TRUE)", "ar1(0 + f | g)", "(1 | f)"];

/** A formula of the grammar: response ~ fixed terms + random terms (mostly well formed). */
function grammarFormula(rand) {
  const resp = rand() < 0.7 ? "y" : rand() < 0.7 ? pick(rand, ["log(y)", "cbind(y, z)", "y/z", "I(y^2)", "`odd name`"]) : expr(rand, 2);
  const parts = [];
  const nf = int(rand, 0, 3);
  for (let k = 0; k < nf; k++) parts.push(rand() < 0.75 ? pick(rand, SIMPLE_TERMS) : expr(rand, 3));
  const nr = int(rand, rand() < 0.9 ? 1 : 0, 2);
  for (let k = 0; k < nr; k++) parts.push(rand() < 0.75 ? pick(rand, SIMPLE_BARS) : rand() < 0.8 ? `(${bar(rand, 2)})` : expr(rand, 2));
  if (parts.length === 0) parts.push("1");
  const sep = () => (rand() < 0.9 ? " + " : pick(rand, [" - ", " * ", ":"]));
  return `${rand() < 0.03 ? "" : resp} ~ ${parts.reduce((a, b) => a + sep() + b)}`;
}

/** A random sequence of formula tokens and junk, space-separated or glued. */
function tokenSoup(rand) {
  const n = int(rand, 0, 30);
  const glue = rand() < 0.5 ? " " : "";
  const out = [];
  for (let k = 0; k < n; k++) {
    const r = rand();
    out.push(r < 0.35 ? pick(rand, NAMES) : r < 0.45 ? pick(rand, FUNS) + "(" : r < 0.8 ? pick(rand, OPS) : r < 0.9 ? pick(rand, NUMS) : pick(rand, JUNK));
  }
  return out.join(glue);
}

/** Mutates a text: deletes, inserts, duplicates or swaps pieces, `k` times. */
function mutate(rand, s, k, pieces) {
  for (let j = 0; j < k; j++) {
    const p = int(rand, 0, s.length);
    const r = rand();
    if (r < 0.3 && s.length > 0) s = s.slice(0, p) + s.slice(p + int(rand, 1, 3));
    else if (r < 0.7) s = s.slice(0, p) + pick(rand, pieces) + s.slice(p);
    else if (r < 0.85) {
      const q = int(rand, p, Math.min(s.length, p + 12));
      s = s.slice(0, q) + s.slice(p, q) + s.slice(q);
    } else {
      const q = int(rand, 0, s.length);
      s = s.slice(0, Math.min(p, q)) + s.slice(Math.max(p, q));
    }
  }
  return s;
}

/**
 * The formula of fuzz case `seed`: a grammar formula (35%), a mutated grammar formula (35%), a
 * token soup (25%), or a deeply nested / very long formula (5%).
 */
export function fuzzFormula(seed) {
  const rand = mulberry32(seed);
  const r = rand();
  if (r < 0.35) return grammarFormula(rand);
  if (r < 0.7) return mutate(rand, grammarFormula(rand), int(rand, 1, 4), [...OPS, ...NAMES, ...JUNK, ...FUNS.map((f) => f + "(")]);
  if (r < 0.95) return tokenSoup(rand);
  const n = int(rand, 50, 3000);
  const kind = pick(rand, ["(", "log(", "I(", "-", "x^", "x + ", "x:", "(x | "]);
  const closes = kind.endsWith("(") ? ")".repeat(rand() < 0.9 ? n : int(rand, 0, n)) : kind === "(x | " ? "g)".repeat(1) : "";
  return `y ~ ${kind.repeat(n)}x${closes} + (1 | g)`;
}

/** A small data set with the columns the formula generator names (24 rows, 4 groups, positive y). */
export function fuzzFormulaData() {
  const n = 24;
  const col = (f) => Array.from({ length: n }, (_, i) => f(i));
  return {
    y: col((i) => 1 + ((i * 7) % 11) + i / 10),
    x: col((i) => (i % 6) - 2.5),
    z: col((i) => 1 + (i % 5)),
    g: col((i) => `g${i % 4}`),
    h: col((i) => `h${i % 3}`),
    f: col((i) => ["a", "b"][i % 2]),
    "odd name": col((i) => i / 3),
  };
}
export { COLUMNS as FUZZ_FORMULA_COLUMNS };

// ---------------------------------------------------------------- CSV

const CSV_PIECES = [",", ",", '"', '""', "\n", "\r\n", "\r", "NA", "NaN", "nan", "Inf", "-Inf", "", " ", "\t", "1", "2.5",
  "-3e2", "x", "TRUE", "F", "\uFEFF", "é", "\u0000", ";", "0x1F", "1e", "'", "a,b", '"a,b"', '"x\ny"', "NA ", "#"];

/** A random CSV-ish text of up to ~60 pieces of CSV syntax and cell values. */
function csvSoup(rand) {
  const n = int(rand, 0, 60);
  let s = "";
  for (let k = 0; k < n; k++) s += rand() < 0.9 ? pick(rand, CSV_PIECES) : String.fromCharCode(int(rand, 0, 0x2fff));
  return s;
}

/** Replaces one cell of a CSV text (by position among the commas of a line) with a piece. */
function replaceCell(rand, text) {
  const lines = text.split("\n");
  const i = int(rand, 0, lines.length - 1);
  const cells = lines[i].split(",");
  cells[int(rand, 0, cells.length - 1)] = pick(rand, ["NaN", "Inf", "-Inf", "nan", "", " ", "NA", "x", '"', '"308', "1e400", "TRUE", '""']);
  lines[i] = cells.join(",");
  return lines.join("\n");
}

/**
 * The CSV text of fuzz case `seed`: a soup of CSV pieces (30%), or the head of one of `sources`
 * (real data-set texts, `{ name, text }`) with 1–6 mutations: cell replacements, inserted
 * pieces, deleted or duplicated spans, CRLF line ends, a BOM (70%). Returns the text and the
 * name of the data set it came from (null for a soup).
 */
export function fuzzCsv(seed, sources) {
  const rand = mulberry32(seed);
  if (rand() < 0.3 || sources.length === 0) return { text: csvSoup(rand), source: null };
  const src = pick(rand, sources);
  const lines = src.text.split("\n");
  let text = lines.slice(0, int(rand, 1, Math.min(lines.length, 60))).join("\n") + (rand() < 0.8 ? "\n" : "");
  const k = int(rand, 1, 6);
  for (let j = 0; j < k; j++) {
    const r = rand();
    if (r < 0.45) text = replaceCell(rand, text);
    else if (r < 0.85) text = mutate(rand, text, 1, CSV_PIECES);
    else if (r < 0.93) text = text.replace(/\n/g, "\r\n");
    else text = "\uFEFF" + text;
  }
  return { text, source: src.name };
}

const SCHEMA_VALUES = [null, undefined, 0, 1, -1, 1.5, true, false, "", "x", "numeric", "integer", "factor", "logical",
  "character", "float", [], {}, ["a"], [1, 2], ["a", "a"], { name: "x" }, "__proto__", "constructor", "NA", NaN, Infinity];

/**
 * A schema-shaped value for fuzz case `seed` (usually invalid somewhere): `columns` of objects
 * whose name, type, levels and ordered come from `names` (the header of the text to read) and a
 * pool of wrong values; sometimes not an object at all.
 */
export function fuzzSchema(seed, names) {
  const rand = mulberry32(seed ^ 0x5c4e3a);
  if (rand() < 0.05) return pick(rand, SCHEMA_VALUES);
  const n = int(rand, 0, 4);
  const columns = Array.from({ length: n }, () => {
    if (rand() < 0.05) return pick(rand, SCHEMA_VALUES);
    const c = {};
    c.name = rand() < 0.8 && names.length > 0 ? pick(rand, names) : pick(rand, SCHEMA_VALUES);
    c.type = rand() < 0.8 ? pick(rand, ["numeric", "integer", "factor", "logical", "character"]) : pick(rand, SCHEMA_VALUES);
    if (rand() < 0.4) c.levels = rand() < 0.7 ? Array.from({ length: int(rand, 0, 4) }, () => pick(rand, ["a", "b", "1", "2", "308", "", "NA", "TRUE"])) : pick(rand, SCHEMA_VALUES);
    if (rand() < 0.2) c.ordered = rand() < 0.7 ? rand() < 0.5 : pick(rand, SCHEMA_VALUES);
    return c;
  });
  return rand() < 0.95 ? { columns } : { columns: pick(rand, SCHEMA_VALUES), name: pick(rand, SCHEMA_VALUES) };
}
