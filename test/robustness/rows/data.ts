/**
 * Catalogue rows of CSV intake and formula size (helper h2): cells R reads as numbers (NaN, nan,
 * Inf, blank), cells that break a schema, broken quoting and record shapes, deep formulas; through
 * the API (parseCsv / readCsv + lmer) and the CLI (dist/cli/main.js, built by `npm test`).
 * Fits are compared with lme4 on the same edited text read by R's read.csv
 * (test/fixtures/csv/intake-fits.json, from scripts/csv-intake-refs.R).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { parseCsv, readCsv } from "../../../src/data/index.js";
import { lmer } from "../../../src/lmm/lmer.js";
import { glmer } from "../../../src/glmm/glmer.js";
import { LmeError } from "../../../src/messages/error.js";
import type { LmerMod } from "../../../src/results/lmerMod.js";
import type { CatalogueRow } from "../catalogue.js";

const root = new URL("../../../", import.meta.url);
const dataset = (name: string) => readFileSync(new URL(`datasets/${name}.csv`, root), "utf8");
const sleep = dataset("sleepstudy");
const SLEEP_MODEL = "Reaction ~ Days + (Days | Subject)";

interface IntakeFit {
  data: string;
  line: number;
  column: string;
  cell: string;
  formula: string;
  nobs: number;
  ngroups: Record<string, number>;
  fixef: Record<string, number>;
  sigma: number;
  theta: number[];
  REMLcrit: number;
}
const fits = JSON.parse(readFileSync(new URL("test/fixtures/csv/intake-fits.json", root), "utf8")) as Record<string, IntakeFit>;

/** The text of a shipped CSV with the cell of `column` on file line `line` replaced (as the R script does). */
function edited(text: string, line: number, column: string, cell: string): string {
  const lines = text.split("\n");
  if (line === 0) return text;
  const header = lines[0].split(",").map((h) => h.replace(/"/g, ""));
  const cells = lines[line - 1].split(",");
  cells[header.indexOf(column)] = cell;
  lines[line - 1] = cells.join(",");
  return lines.join("\n");
}

/** Fits the fixture case `id` from the edited text and checks it against lme4 (relative 1e-5; θ absolute 1e-4). */
function fitCase(id: string): LmerMod {
  const c = fits[id];
  return lmer(c.formula, parseCsv(edited(dataset(c.data), c.line, c.column, c.cell)));
}
function checkAgainstLme4(id: string, m: LmerMod): void {
  const c = fits[id];
  expect(m.nobs).toBe(c.nobs);
  expect(m.ngrps()).toEqual(c.ngroups);
  for (const [k, v] of Object.entries(c.fixef)) expect(m.fixef()[k]).toBeCloseTo(v, 4);
  expect(Math.abs(m.sigma / c.sigma - 1)).toBeLessThan(1e-5);
  expect(Math.abs(m.REMLcrit() / c.REMLcrit - 1)).toBeLessThan(1e-7);
  Array.from(m.theta).forEach((t, i) => expect(Math.abs(t - c.theta[i])).toBeLessThan(1e-4));
}

let dir: string | null = null;
/** A temporary folder for the files of CLI and file rows (removed when the process exits). */
function tmp(): string {
  if (dir === null) {
    const d = mkdtempSync(join(tmpdir(), "lme4ts-rows-data-"));
    dir = d;
    process.once("exit", () => rmSync(d, { recursive: true, force: true }));
  }
  return dir;
}
function file(name: string, text: string): string {
  const p = join(tmp(), name);
  writeFileSync(p, text);
  return p;
}

/**
 * Runs the CLI; a failure must be exactly one stderr line "lme4ts: error: ..." with exit code 1,
 * returned as an LmeError carrying that message (anything else, e.g. a stack trace, is a plain Error).
 */
function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [new URL("dist/cli/main.js", root).pathname, ...args], { encoding: "utf8" });
  if (r.status === 0) return r.stdout;
  const lines = r.stderr.trimEnd().split("\n");
  if (r.status === 1 && lines.length === 1 && lines[0].startsWith("lme4ts: error: ")) throw new LmeError("data", lines[0]);
  throw new Error(`CLI exit ${r.status} with stderr:\n${r.stderr}`);
}

const nest = (open: string, n: number) => open.repeat(n) + "Days" + ")".repeat(n);

export const rows: CatalogueRow[] = [
  {
    id: "csv-nan-in-numeric-column",
    category: "data",
    input: 'sleepstudy.csv with Days = NaN on line 6, then lmer("Reaction ~ Days + (Days | Subject)")',
    run: () => fitCase("sleep_nan_days"),
    expect: {
      warning: /^1 observation deleted due to missingness$/,
      check: (m: LmerMod) => checkAgainstLme4("sleep_nan_days", m),
    },
    why: "R's read.csv reads NaN as a number and na.omit drops the row (is.na(NaN) is TRUE), so Days stays numeric and the fit has 179 observations as in lme4; lme4ts used to turn the whole column into a 10-level factor.",
  },
  {
    id: "csv-lowercase-nan",
    category: "data",
    input: "sleepstudy.csv with Reaction = nan on line 21",
    run: () => fitCase("sleep_lower_nan"),
    expect: { warning: /1 observation deleted/, check: (m: LmerMod) => checkAgainstLme4("sleep_lower_nan", m) },
    why: "R's type.convert accepts NaN, Inf and Infinity in any letter case (nan, -INF); lme4ts reads cells with a port of R's number reader checked against R on 2613 cells (but NAN is text in R, as it starts with NA).",
  },
  {
    id: "csv-blank-numeric-cell",
    category: "data",
    input: "sleepstudy.csv with an empty Reaction cell on line 11",
    run: () => fitCase("sleep_blank_reaction"),
    expect: { warning: /1 observation deleted/, check: (m: LmerMod) => checkAgainstLme4("sleep_blank_reaction", m) },
    why: "A blank cell is NA in a numeric column of read.csv; the row is dropped and counted, as lme4's na.omit does.",
  },
  {
    id: "csv-blank-factor-cell",
    category: "data",
    input: "Penicillin.csv with an empty plate cell on line 8, then lmer(\"diameter ~ 1 + (1 | plate) + (1 | sample)\")",
    run: () => fitCase("penicillin_blank_plate"),
    expect: { ok: true, check: (m: LmerMod) => checkAgainstLme4("penicillin_blank_plate", m) },
    why: 'In a text column R\'s read.csv keeps a blank cell as the value "" (only NA is missing), so the plate factor gains a level "" and lme4 fits 25 plates; lme4ts does the same rather than give a different answer than R.',
  },
  {
    id: "csv-inf-in-response",
    category: "data",
    input: "sleepstudy.csv with Reaction = Inf on line 6, read with readCsv, then lmer",
    run: () => lmer(SLEEP_MODEL, readCsv(file("inf.csv", edited(sleep, 6, "Reaction", "Inf")))),
    expect: { error: /the response 'Reaction' has a non-finite value \(Inf or NaN\) in row 5 \(line 6 of ".*inf\.csv"\)/ },
    why: "lme4 stops with \"NA/NaN/Inf in 'y'\"; lme4ts names the column and the cell's row and file line so the value can be fixed.",
  },
  {
    id: "csv-minus-inf-in-covariate",
    category: "data",
    input: "sleepstudy.csv with Days = -Inf on line 4",
    run: () => lmer(SLEEP_MODEL, parseCsv(edited(sleep, 4, "Days", "-Inf"), { source: '"sleep.csv"' })),
    expect: { error: /fixed-effects column 'Days' has a non-finite value .* in row 3 \(line 4 of "sleep\.csv"\)/ },
    why: "lme4 stops (\"NA/NaN/Inf in foreign function call\" from the QR of X); an infinite covariate has no least-squares answer.",
  },
  {
    id: "csv-inf-in-cbind-count",
    category: "data",
    input: 'cbpp.csv with size = Inf on line 4, glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", binomial)',
    run: () =>
      glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", parseCsv(edited(dataset("cbpp"), 4, "size", "Inf"), { source: '"cbpp.csv"' }), {
        family: "binomial",
      }),
    expect: { error: /cbind\(incidence, size - incidence\): a non-finite count \(Inf or NaN\) in row 3 \(line 4 of "cbpp\.csv"\)/ },
    why: "lme4 stops with \"NA/NaN/Inf in 'y'\"; lme4ts used to return a fit of NaNs (exit 0) because the infinite number of trials became an infinite weight.",
  },
  {
    id: "csv-inf-in-glmm-response-after-dropped-row",
    category: "data",
    input: 'cbpp.csv with incidence = NA on line 2 and Inf on line 5, glmer("incidence ~ period + (1 | herd)", poisson)',
    run: () => {
      const text = edited(edited(dataset("cbpp"), 2, "incidence", "NA"), 5, "incidence", "Inf");
      return glmer("incidence ~ period + (1 | herd)", parseCsv(text, { source: '"cbpp.csv"' }), { family: "poisson" });
    },
    expect: { error: /the response 'incidence' has a non-finite value \(Inf or NaN\) in row 4 \(line 5 of "cbpp\.csv"\)/ },
    why: "lme4 stops with \"NA/NaN/Inf in 'y'\"; the row is counted in the user's data (it used to be counted after the NA row was dropped: 'row 3').",
  },
  {
    id: "csv-stray-word-in-response",
    category: "data",
    input: "sleepstudy.csv with Reaction = n/a on line 9 (no schema)",
    run: () => lmer(SLEEP_MODEL, parseCsv(edited(sleep, 9, "Reaction", "n/a"))),
    expect: { error: /the response 'Reaction' is not numeric/ },
    why: "As in R, one cell that is not a number makes the column text (a factor): the fit cannot silently use it as a response; a schema that says numeric turns this into an error naming the cell (next row).",
  },
  {
    id: "csv-schema-numeric-stray-word",
    category: "data",
    input: 'sleepstudy.csv with Days = "four" on line 6, read with its sleepstudy.schema.json beside it',
    run: () => {
      file("sleepx.schema.json", readFileSync(new URL("datasets/sleepstudy.schema.json", root), "utf8"));
      return readCsv(file("sleepx.csv", edited(sleep, 6, "Days", "four")));
    },
    expect: {
      error: /Column "Days", row 5 \(line 6 of ".*sleepx\.csv"\): the value "four" is not a number, but the schema ".*sleepx\.schema\.json" \(read automatically: it sits beside .*\) declares the column numeric/,
    },
    why: "The schema is the user's statement of the column types; a cell that breaks it is an error naming row, line, column and the schema file (which may have been picked up without the user asking for it).",
  },
  {
    id: "csv-schema-unknown-level",
    category: "data",
    input: "sleepstudy.csv with Subject = 999 on line 3, read with sleepstudy.schema.json",
    run: () => readCsv(file("lev.csv", edited(sleep, 3, "Subject", '"999"')), new URL("datasets/sleepstudy.schema.json", root).pathname),
    expect: { error: /Column "Subject", row 2 \(line 3 of ".*lev\.csv"\): the value "999" is not one of the levels in the schema ".*sleepstudy\.schema\.json"/ },
    why: "R's factor(x, levels) would silently turn the unknown value into NA and drop the row; lme4ts refuses, naming the value, the row and the schema file.",
  },
  {
    id: "csv-missing-closing-quote",
    category: "data",
    input: 'sleepstudy.csv with line 3 ending 1,"308 (closing quote missing)',
    run: () => parseCsv(sleep.replace('258.7047,1,"308"', '258.7047,1,"308'), { source: '"sleep.csv"' }),
    expect: { error: /"sleep\.csv", line 3: the quoted field that starts on this line runs on to line 4, .* probably missing/ },
    why: "The quote ran on to the next line's opening quote and swallowed a row (179 observations and a bogus level, exit 0); R's read.csv reads such files into garbage with at most an 'incomplete final line' warning.",
  },
  {
    id: "csv-quote-never-closed",
    category: "data",
    input: 'a CSV whose last line is 1,"oops',
    run: () => parseCsv('x,g\n1,"a"\n2,"oops\n', { source: '"f.csv"' }),
    expect: { error: /"f\.csv", line 3: a quoted field is never closed/ },
    why: "R warns 'EOF within quoted string' and keeps what it read; an unclosed quote is a broken file, so lme4ts stops at the line where it opens.",
  },
  {
    id: "csv-ragged-row",
    category: "data",
    input: "sleepstudy.csv with an extra field on line 5",
    run: () => parseCsv(sleep.split("\n").map((l, i) => (i === 4 ? l + ",1" : l)).join("\n"), { source: '"sleep.csv"' }),
    expect: { error: /"sleep\.csv", line 5: found 4 fields but the header has 3/ },
    why: "R's read.csv fills or shifts ragged rows depending on the first five lines; a row with the wrong number of fields is refused, naming its line.",
  },
  {
    id: "csv-bom-and-crlf",
    category: "data",
    input: "sleepstudy.csv saved by Excel: a UTF-8 byte-order mark and CRLF line ends",
    run: () => lmer(SLEEP_MODEL, parseCsv("\uFEFF" + sleep.replace(/\n/g, "\r\n"))),
    expect: { ok: true, check: (m: LmerMod) => checkAgainstLme4("sleep_plain", m) },
    why: "The BOM is not part of the first column's name and CRLF ends a record as LF does (R needs fileEncoding = \"UTF-8-BOM\" for the former).",
  },
  {
    id: "csv-duplicate-header",
    category: "data",
    input: "a CSV with the header y,x,x",
    run: () => parseCsv("y,x,x\n1,2,3\n"),
    expect: { error: /The column name "x" occurs twice/ },
    why: "R's read.csv renames the second column x.1 silently; a formula naming x would then use one of two columns without saying which.",
  },
  {
    id: "csv-empty-file",
    category: "data",
    input: "an empty CSV file",
    run: () => readCsv(file("empty.csv", "")),
    expect: { error: /empty\.csv" is empty: a CSV needs a header row/ },
    why: "There is nothing to fit; R says 'no lines available in input'.",
  },
  {
    id: "csv-header-only",
    category: "data",
    input: "a CSV with the sleepstudy header and no rows, then lmer",
    run: () => lmer(SLEEP_MODEL, parseCsv('"Reaction","Days","Subject"\n')),
    expect: { error: /^the data have no rows \(a CSV with a header only\?\): there is nothing to fit$/ },
    why: "A header-only file reads as zero rows (as in R); the fit stops saying so (it used to say that 'all 0 rows have a missing value').",
  },
  {
    id: "formula-deep-nesting-api",
    category: "formula",
    input: 'lmer("Reaction ~ log(log(...500 times...(Days)...)) + (1 | Subject)", sleepstudy)',
    run: () => lmer(`Reaction ~ ${nest("log(", 500)} + (1 | Subject)`, parseCsv(sleep)),
    expect: { error: /^the formula is nested deeper than 100 levels at position \d+/ },
    why: "The recursive-descent parser overflowed Node's stack (a RangeError, not an LmeError); it now stops at 100 levels of nesting, far beyond any real formula.",
  },
  {
    id: "formula-long-chain-api",
    category: "formula",
    input: "lmer with a fixed part x0 + x1 + ... + x4999",
    run: () => lmer(`Reaction ~ ${Array.from({ length: 5000 }, (_, i) => `x${i}`).join(" + ")} + (1 | Subject)`, parseCsv(sleep)),
    expect: { error: /nested deeper than 1000 levels .*a chain such as x1 \+ x2/ },
    why: "Each operator of a chain is one level of the expression tree that the expansion walks recursively; 1000 levels allow formulas of up to 1000 terms.",
  },
  {
    id: "formula-huge-expansion",
    category: "formula",
    input: "lmer with a fixed part (x1 + ... + x30)^30",
    run: () => lmer(`Reaction ~ (${Array.from({ length: 30 }, (_, i) => `x${i}`).join(" + ")})^30 + (1 | Subject)`, parseCsv(sleep)),
    expect: { error: /expands to more than 2000 terms/ },
    why: "2^30 - 1 terms would exhaust memory and time (R tries and hangs); no mixed model estimates more than a few hundred fixed effects.",
  },
  {
    id: "cli-deep-parentheses",
    category: "cli",
    input: 'lme4ts fit --data sleepstudy.csv --formula "Reaction ~ ((((...1000 times...Days...)))) + (1 | Subject)"',
    run: () => cli(["fit", "--data", new URL("datasets/sleepstudy.csv", root).pathname, "--formula", `Reaction ~ ${nest("(", 1000)} + (1 | Subject)`]),
    expect: { error: /^lme4ts: error: the formula is nested deeper than 100 levels at position \d+/ },
    why: "The CLI printed a raw Node stack trace; bad input now gives one line on stderr and exit code 1.",
  },
  {
    id: "cli-missing-closing-quote",
    category: "cli",
    input: "lme4ts fit --data sleep.csv (a closing quote missing on line 3) --formula \"Reaction ~ Days + (Days | Subject)\"",
    run: () => cli(["fit", "--data", file("quote.csv", sleep.replace('258.7047,1,"308"', '258.7047,1,"308')), "--formula", SLEEP_MODEL]),
    expect: { error: /^lme4ts: error: ".*quote\.csv", line 3: the quoted field that starts on this line/ },
    why: "The CLI used to fit 179 observations with a bogus Subject level and exit 0.",
  },
];
