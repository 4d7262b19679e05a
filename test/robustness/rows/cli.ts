/**
 * Catalogue rows: the `lme4ts` command line. Error rows call `cliFit` (the command's body, which
 * throws LmeError); `runCli` rows check what a shell user sees: one line on stderr and the exit
 * status, or the JSON report compared with lme4's fit (test/fixtures/catalogue/ml-fit.json).
 */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { cliFit, runCli } from "../../../src/cli/run.js";
import type { CatalogueRow } from "../catalogue.js";
import { lme4 } from "../lme4.js";

const SLEEP = fileURLToPath(new URL("../../../datasets/sleepstudy.csv", import.meta.url));
const F = "Reaction ~ Days + (Days | Subject)";

/** Runs the whole command in-process: exit status, stdout, stderr. */
function run(argv: string[]) {
  let out = "", err = "";
  const code = runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const refuses = (id: string, input: string, args: string[], error: RegExp, why: string): CatalogueRow => ({
  id: `cli-${id}`,
  category: "cli",
  input: `lme4ts fit ${input}`,
  run: () => cliFit(args),
  expect: { error },
  why,
});

export const rows: CatalogueRow[] = [
  refuses("missing-data", `--formula "${F}"`, ["--formula", F], /--data is required/, "The data file is required; the usage line follows in the message."),
  refuses("missing-formula", "--data sleepstudy.csv", ["--data", SLEEP], /--formula is required/, "The formula is required."),
  refuses("missing-file", `--data nope.csv --formula "${F}"`, ["--data", "/nonexistent/nope.csv", "--formula", F], /nope\.csv/, "A data file that cannot be read is named."),
  refuses("unknown-option", `--data sleepstudy.csv --formula "${F}" --REML false`, ["--data", SLEEP, "--formula", F, "--REML", "false"], /unknown option '--REML'/, "Options are case-sensitive; an unknown one is named rather than ignored."),
  refuses("option-without-value", "--data sleepstudy.csv --formula", ["--data", SLEEP, "--formula"], /--formula needs a value/, "An option at the end of the line without its value is named."),
  refuses("bad-nagq", `--data sleepstudy.csv --formula "${F}" --family binomial --nagq nine`, ["--data", SLEEP, "--formula", F, "--family", "binomial", "--nagq", "nine"], /--nagq takes a whole number/, "nAGQ is a whole number."),
  refuses("bad-reml", `--data sleepstudy.csv --formula "${F}" --reml no`, ["--data", SLEEP, "--formula", F, "--reml", "no"], /--reml takes true or false, not 'no'/, "--reml takes true or false only (no guessing of yes/no/1/0)."),
  refuses("bad-time", `--data sleepstudy.csv --formula "${F}" --time -1`, ["--data", SLEEP, "--formula", F, "--time", "-1"], /--time takes a whole number/, "The number of timed repetitions is a whole number ≥ 0."),
  refuses("unknown-family", `--data sleepstudy.csv --formula "${F}" --family quasipoisson`, ["--data", SLEEP, "--formula", F, "--family", "quasipoisson"], /unknown family 'quasipoisson'.*Quasi-likelihood families cannot be used in glmer/, "Quasi families are not likelihood models; the message says how lme4 users model overdispersion instead."),
  refuses("binomial-continuous-response", `--data sleepstudy.csv --formula "${F}" --family binomial`, ["--data", SLEEP, "--formula", F, "--family", "binomial"], /y values must be 0 <= y <= 1/, "A continuous response is not binomial; the rows are named."),
  refuses("missing-weights-column", `--data sleepstudy.csv --formula "${F}" --weights w`, ["--data", SLEEP, "--formula", F, "--weights", "w"], /no column "w"/, "A weights column that the data lack is named with the available columns."),
  refuses("unknown-formula-column", '--data sleepstudy.csv --formula "Reaction ~ days + (1 | Subject)"', ["--data", SLEEP, "--formula", "Reaction ~ days + (1 | Subject)"], /no column "days". Did you mean "Days"/, "Column names are case-sensitive, as in R; the close match is suggested."),
  refuses("missing-schema", `--data sleepstudy.csv --schema nope.schema.json --formula "${F}"`, ["--data", SLEEP, "--schema", "/nonexistent/nope.schema.json", "--formula", F], /nope\.schema\.json/, "A schema file given explicitly must exist; it is named."),
  refuses("gaussian-family", `--data sleepstudy.csv --formula "${F}" --family gaussian`, ["--data", SLEEP, "--formula", F, "--family", "gaussian"], /linear mixed model: use lmer\(\)/, "gaussian with the identity link is a linear mixed model: leave out --family (lme4's glmer warns and calls lmer)."),
  {
    id: "cli-error-is-one-line",
    category: "cli",
    input: 'lme4ts fit --data sleepstudy.csv --formula "Reaction ~ Days + (Days | Subject"  (shell: stderr, exit status)',
    run: () => run(["fit", "--data", SLEEP, "--formula", "Reaction ~ Days + (Days | Subject"]),
    expect: {
      ok: true,
      check: (r) => {
        expect(r.code).toBe(1);
        expect(r.out).toBe("");
        expect(r.err).toMatch(/^lme4ts: error: .+\n$/);
        expect(r.err.split("\n").length).toBe(2);
      },
    },
    why: "For bad input the command prints one line, \"lme4ts: error: …\", on stderr and exits with status 1 (never a stack trace).",
  },
  {
    id: "cli-json-matches-lme4",
    category: "cli",
    input: `lme4ts fit --data sleepstudy.csv --formula "${F}" --reml false --json`,
    run: () => run(["fit", "--data", SLEEP, "--formula", F, "--reml", "false", "--json"]),
    expect: {
      ok: true,
      check: (r) => {
        expect(r.code, r.err).toBe(0);
        const rep = JSON.parse(r.out);
        const ref = lme4("ml-fit").fit!;
        for (const [k, v] of Object.entries(ref.fixef)) expect(Math.abs(rep.fixef[k] - v), k).toBeLessThan(1e-4 * Math.abs(v));
        expect(Math.abs(rep.logLik - ref.logLik!)).toBeLessThan(1e-6 * Math.abs(ref.logLik!));
      },
    },
    why: "The command's JSON report carries the same fit as the API: fixed effects and logLik equal lme4's (REML = FALSE).",
  },
  {
    id: "cli-unknown-command",
    category: "cli",
    input: "lme4ts fitt --data sleepstudy.csv",
    run: () => run(["fitt", "--data", SLEEP]),
    expect: { ok: true, check: (r) => { expect(r.code).toBe(1); expect(r.err).toMatch(/fitt/); expect(r.out).toBe(""); } },
    why: "An unknown command is named on stderr with exit status 1.",
  },
];
