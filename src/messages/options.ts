/**
 * Messages of option validation (`src/validate/`): every public function and the CLI check their
 * options' keys, types, ranges and allowed values before doing any work. Each text names the
 * function, the option, the value received and what is allowed.
 */
import { LmeError } from "./error.js";

/** A value shown in a message: strings quoted, arrays abbreviated, objects by kind. */
export function showOption(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = Array.from(v as ArrayLike<unknown>);
    return `[${a.slice(0, 4).map(showOption).join(", ")}${a.length > 4 ? `, … (${a.length} values)` : ""}]`;
  }
  if (v !== null && typeof v === "object") return "an object";
  return String(v);
}

/** The options argument is not an object. */
export const optionsNotObject = (fn: string, v: unknown) =>
  new LmeError("usage", `${fn}(): the options must be an object such as { ... }, not ${showOption(v)}`);

/** A key the function does not know, with a suggestion (R's spelling or a near miss). */
export const unknownOption = (fn: string, key: string, suggestion: string | null, known: readonly string[]) =>
  new LmeError(
    "usage",
    `${fn}(): unknown option '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ""} ` +
      `(${fn}'s options: ${known.length ? known.join(", ") : "none"})`,
  );

/** R's `control = lmerControl(...)`: lme4ts has flat options instead. */
export const controlOption = (fn: string, known: readonly string[]) =>
  new LmeError(
    "usage",
    `${fn}(): there is no 'control' option: lme4ts takes lme4's control settings as plain options (${known.join(", ")})`,
  );

/** A value outside a fixed set. */
export const notOneOf = (fn: string, option: string, v: unknown, allowed: readonly unknown[]) =>
  new LmeError("usage", `${fn}(): option ${option} must be one of ${allowed.map(showOption).join(", ")}, not ${showOption(v)}`);

/** A value of the wrong type or range; `want` says what is allowed ("true or false", "a whole number ≥ 1"). */
export const badOption = (fn: string, option: string, v: unknown, want: string) =>
  new LmeError("usage", `${fn}(): option ${option} must be ${want}, not ${showOption(v)}`);

/** A per-row vector of the wrong length. */
export const badLength = (fn: string, option: string, got: number, want: number, what: string) =>
  new LmeError("usage", `${fn}(): option ${option} has ${got} value${got === 1 ? "" : "s"} but ${what} has ${want}; give one value per row`);

/** predict's reForm as a formula: not implemented yet. */
export const partialReForm = (fn: string, v: string) =>
  new LmeError("usage", `${fn}(): partial re.form (${JSON.stringify(v)}) is not supported yet; use reForm: null (no random effects) or leave it out (all random effects)`);

/** glmer's link given beside a Family object (the object already has its link). */
export const linkWithFamilyObject = () =>
  new LmeError("usage", "glmer(): option link is only used with a family name (e.g. { family: \"binomial\", link: \"probit\" }); a Family object carries its own link: use binomial({ link: \"probit\" })");

/** CLI: a flag given twice. */
export const cliRepeated = (flag: string) => new LmeError("usage", `${flag} is given more than once; give it once`);

/** CLI: an empty value (`--nagq ""`). */
export const cliEmptyValue = (flag: string) => new LmeError("usage", `${flag} needs a value, got an empty string`);

/** CLI: a number flag whose value is not a whole decimal number. */
export const cliWholeNumber = (flag: string, v: string) =>
  new LmeError("usage", `${flag} takes a whole number ≥ 0 (digits only), not ${JSON.stringify(v)}`);

/** CLI: a GLMM-only flag without --family, or (glmm) --reml with --family. */
export const cliNeedsFamily = (flag: string, glmm = false) =>
  new LmeError(
    "usage",
    glmm
      ? `${flag} applies to linear mixed models only; with --family the model is fitted by maximum likelihood (remove ${flag})`
      : `${flag} applies to generalized models only: give --family (e.g. --family binomial), or remove ${flag}`,
  );

/** glmer's family given as the constructor itself (R's `family = binomial`). */
export const familyFunction = (name: string) =>
  new LmeError("usage", `glmer(): option family is the function ${name}; call it (family: ${name}()) or give its name (family: "${name}")`);

/** simulate's weights are for newdata rows; the model's own rows use its prior weights. */
export const simulateWeightsWithoutNewdata = () =>
  new LmeError("usage", "simulate(): option weights gives prior weights for newdata rows; without newdata the model's own prior weights are used (remove weights, or give newdata)");

/** An option that belongs to another function (lmer's family → glmer) or is implied (drop1's test). */
export const misplacedOption = (fn: string, key: string, hint: string) =>
  new LmeError("usage", `${fn}(): option '${key}' is not one of ${fn}'s options: ${hint}`);
