/**
 * What the options of the inference functions accept (see src/validate/): checked on entry, so
 * that a misspelled key or a bogus value is an error naming the option and the allowed values
 * instead of being ignored or replaced by a default.
 */
import { OPTIMIZERS } from "../optim/names.js";
import { anything, bool, checkOptions, checkValue, either, func, int, num, numbers, oneOf, signal, str, strings, type Check, type OptionSpec } from "../validate/index.js";

/** Worker threads: "auto" or a whole number ≥ 0. */
const workers = either(oneOf("auto"), int(0));
/** Seed: a whole number from 0 to 2³² − 1. */
const seed = int(0, 4294967295);
/** Parameters: a name ("theta_", "beta_", a parameter name) or an array of names / 0-based indices. */
const parm: Check = either(str, { want: "an array of names or 0-based indices", ok: (v) => Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number") });

/** bootMer's built-in statistics. */
export const BOOT_STATISTICS = ["fixef", "theta", "sdcor", "all"] as const;

const SPECS: Readonly<Record<string, OptionSpec>> = {
  simulate: {
    nsim: int(1), seed, reForm: anything, newdata: anything, weights: numbers,
  },
  bootMer: { nsim: int(1), seed, type: oneOf("parametric"), workers, onProgress: func, signal },
  confint: {
    method: oneOf("profile", "Wald", "boot"), level: num(0, 1, true), parm, nsim: int(1), seed,
    bootType: oneOf("perc", "basic", "norm"), workers, onProgress: func, signal,
  },
  profile: { which: parm, workers, onProgress: func, signal, alphamax: num(0, 1, true), maxpts: int(1) },
  // An unknown optimizer name becomes a failed entry whose error names the allowed optimizers
  // (allFit reports failures instead of throwing).
  allFit: { optimizers: { want: `a non-empty array of optimizer names (${OPTIMIZERS.map((o) => JSON.stringify(o)).join(", ")})`, ok: (v) => Array.isArray(v) && v.length > 0 && v.every((o) => typeof o === "string") } },
  anova: { refit: bool, names: strings },
  simplifyModel: { tol: anything, maxSteps: anything },
  "ModelProfile.confint": { level: num(0, 1, true), parm },
  "BootMer.confint": { level: num(0, 1, true), type: oneOf("perc", "basic", "norm") },
};

/** Validates the options of inference function `fn` (a key of the table above). */
export function checkInferenceOptions(fn: keyof typeof SPECS & string, opts: unknown): void {
  checkOptions(fn, opts, SPECS[fn]!);
}

/** bootMer's statistic: a built-in name or a function of the fitted model. */
export function checkBootStatistic(statistic: unknown): void {
  checkValue("bootMer", "statistic", statistic, either(oneOf(...BOOT_STATISTICS), func));
}
