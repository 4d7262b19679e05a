#!/usr/bin/env node
/**
 * The `lme4ts` command: `lme4ts fit --data F.csv [--schema S] --formula "..." [--json] [--time N]`,
 * `lme4ts kernel install | uninstall` (see kernel.ts), `--help`, `--version` (see help.ts).
 * Prints the summary, or with `--json` one JSON fit report; `--time N` refits N more times
 * in-process (after a warm-up of at least 20 fits and 0.5 s, at most 2 s) and adds `time_ms`, the median wall time
 * of one warm fit.
 */
import { readCsv, readSchema } from "../data/index.js";
import { lmer, type OptimizerName } from "../lmm/lmer.js";
import { glmer } from "../glmm/glmer.js";
import { lmerReport } from "../results/report.js";
import { parseFitArgs, USAGE } from "./args.js";
import { LmeError } from "../messages/error.js";
import { FIT_HELP, MAIN_HELP, packageVersion, unknownCommand } from "./help.js";
import { kernelCommand } from "./kernel.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function print(text: string): number {
  process.stdout.write(text + "\n");
  return 0;
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    process.stderr.write(`${USAGE}\n(see \`lme4ts --help\`)\n`);
    return 2;
  }
  if (cmd === "--help" || cmd === "-h" || cmd === "help") return print(MAIN_HELP);
  if (cmd === "--version" || cmd === "-v" || cmd === "version") return print(packageVersion());
  if (cmd === "kernel") return kernelCommand(rest, packageVersion());
  if (cmd !== "fit") {
    process.stderr.write(unknownCommand(cmd) + "\n");
    return 1;
  }
  if (rest.includes("--help") || rest.includes("-h")) return print(FIT_HELP);
  const args = parseFitArgs(rest);
  if (args.schema) readSchema(args.schema); // validate early
  const data = readCsv(args.data, args.schema);
  const optimizer = args.optimizer as OptimizerName | undefined;
  const fit = () =>
    args.family
      ? glmer(args.formula, data, { family: args.family, link: args.link, nAGQ: args.nagq, weights: args.weights ?? null, optimizer })
      : lmer(args.formula, data, { REML: args.reml, weights: args.weights ?? null, optimizer });
  const model = fit();
  const times: number[] = [];
  // Warm-up (JIT) before timing, only when timing was asked for: at least 20 fits and 0.5 s
  // (V8 optimizes hot functions on a background thread; 20 fits of a 1 ms model can end before
  // that has finished, leaving the timed fits 3–5× slow in some processes), at most 2 s.
  if (args.time > 0) {
    const w0 = performance.now();
    for (let r = 0; (r < 20 || performance.now() - w0 < 500) && performance.now() - w0 < 2000; r++) fit();
  }
  for (let r = 0; r < args.time; r++) {
    const t0 = performance.now();
    fit();
    times.push(performance.now() - t0);
  }
  if (args.json) {
    const report = { ...lmerReport(model, { condVar: args.condVar }), ...(args.time > 0 ? { time_ms: median(times), time_reps: args.time } : {}) };
    process.stdout.write(JSON.stringify(report) + "\n");
  } else {
    process.stdout.write(model.toString() + "\n");
    if (args.time > 0) process.stdout.write(`\nmedian time of one fit: ${median(times).toFixed(2)} ms (${args.time} fits)\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof LmeError) {
    process.stderr.write(`lme4ts: error: ${e.message}\n`);
    process.exitCode = 1;
  } else throw e;
}
