/**
 * The body of the `lme4ts` command, separate from the process wiring in `main.ts` so that it can
 * be called (and tested) in-process: `cliFit` does the work and throws `LmeError` for bad input;
 * `runCli` dispatches the commands (`fit`, `kernel install | uninstall`, `--help`, `--version`) and
 * turns an LmeError into one line on stderr and exit status 1 (2 for the usage line when no command
 * is given, 70 for an internal error, which is a bug to report).
 */
import { readCsv, readSchema } from "../data/index.js";
import { lmer, type OptimizerName } from "../lmm/lmer.js";
import { glmer } from "../glmm/glmer.js";
import { lmerReport } from "../results/report.js";
import { parseFitArgs, USAGE } from "./args.js";
import { LmeError } from "../messages/error.js";
import { FIT_HELP, MAIN_HELP, packageVersion, unknownCommand } from "./help.js";
import { kernelCommand } from "./kernel.js";
import { cliEngineAsync, cliEngineUsage } from "../messages/sources.js";
import { cliFitEngine, engineOf } from "./engine.js";
import "../display/register.js"; // the fit prints through its registered text renderer

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * Runs `lme4ts fit ARGS…` (argv without the command) and returns what it prints on stdout: the
 * summary, or with `--json` one JSON fit report; `--time N` refits N more times in-process (after
 * a warm-up of at least 20 fits and 0.5 s, at most 2 s) and adds `time_ms`, the median wall time
 * of one warm fit. Throws LmeError for bad arguments, files, data or models.
 */
export function cliFit(argv: readonly string[]): string {
  const args = parseFitArgs(argv);
  if (args.engine !== undefined && args.engine !== "memory") throw cliEngineAsync(args.engine);
  if (!args.data) throw cliEngineUsage("--table and --query need --engine duckdb or clickhouse", USAGE);
  if (args.schema) readSchema(args.schema); // validate early
  const data = readCsv(args.data, args.schema);
  const optimizer = args.optimizer as OptimizerName | undefined;
  const fit = () =>
    args.family
      ? glmer(args.formula, data, {
          family: args.family, link: args.link, nAGQ: args.nagq, weights: args.weights ?? null, optimizer,
          ...(args.ziformula !== undefined ? { ziformula: args.ziformula } : {}),
          ...(args.dispformula !== undefined ? { dispformula: args.dispformula } : {}),
        })
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
    return JSON.stringify(report) + "\n";
  }
  const timing = args.time > 0 ? `\nmedian time of one fit: ${median(times).toFixed(2)} ms (${args.time} fits)\n` : "";
  return model.toString() + "\n" + timing;
}

/** Where runCli writes. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The whole command: returns the exit status. An LmeError becomes exactly one line on stderr,
 * "lme4ts: error: …" (the first line of the message: multi-line messages such as a formula with a
 * caret under the culprit are reduced to their statement), and status 1.
 */
export function runCli(argv: readonly string[], io: CliIO): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    io.stderr(`${USAGE}\n(see \`lme4ts --help\`)\n`);
    return 2;
  }
  if (cmd === "--help" || cmd === "-h" || cmd === "help") return io.stdout(MAIN_HELP + "\n"), 0;
  if (cmd === "--version" || cmd === "-v" || cmd === "version") return io.stdout(packageVersion() + "\n"), 0;
  if (cmd !== "fit" && cmd !== "kernel") {
    io.stderr(unknownCommand(cmd) + "\n");
    return 1;
  }
  if (cmd === "fit" && (rest.includes("--help") || rest.includes("-h"))) return io.stdout(FIT_HELP + "\n"), 0;
  try {
    if (cmd === "kernel") return kernelCommand(rest, packageVersion());
    io.stdout(cliFit(rest));
    return 0;
  } catch (e) {
    return failure(e, io);
  }
}

/** An exception as runCli reports it: one line on stderr and the exit status. */
function failure(e: unknown, io: CliIO): number {
  if (e instanceof LmeError) {
    io.stderr(`lme4ts: error: ${e.message.split("\n")[0]}\n`);
    return 1;
  }
  io.stderr(`lme4ts: internal error (please report it): ${e instanceof Error ? e.message : String(e)}\n`);
  return 70;
}

/**
 * runCli for the `lme4ts` command: the same, and `fit` with a database engine (`--engine`, or the
 * environment variable LME4TS_ENGINE when the flag is absent) runs asynchronously through
 * cli/engine.ts.
 */
export async function runCliAsync(argv: readonly string[], io: CliIO, env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd !== "fit" || rest.includes("--help") || rest.includes("-h")) return runCli(argv, io);
  try {
    const engine = engineOf(rest, env);
    if (engine === "memory") return runCli(argv, io);
    io.stdout(await cliFitEngine(rest, engine, env));
    return 0;
  } catch (e) {
    return failure(e, io);
  }
}
