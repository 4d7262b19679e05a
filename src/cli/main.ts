#!/usr/bin/env node
/**
 * The `lme4ts` command: `lme4ts fit --data F.csv [--schema S] --formula "..." [--json] [--time N]`.
 * The work is in `run.ts` (`runCli`); this file only wires it to the process.
 */
import { runCliAsync } from "./run.js";

process.exitCode = await runCliAsync(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}, process.env);
