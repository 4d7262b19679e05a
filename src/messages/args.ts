/**
 * Messages for arguments of the wrong type at the public entry points (`lmer(42, d)`, a family
 * object missing parts of the family protocol, options that are not an object): each names the
 * function, the argument and what was passed, and says what to pass instead.
 */
import { LmeError } from "./error.js";
import { showValue } from "./data.js";

/** A value as an error message shows it, with its type when that is not obvious (`the string "9"`). */
export function describeArg(v: unknown): string {
  if (typeof v === "string") return `the string ${showValue(v)}`;
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return `an array (${showValue(v)})`;
  return showValue(v);
}

export const formulaNotString = (fn: string, v: unknown) =>
  new LmeError(
    "usage",
    `${fn}(): the formula must be a string such as "Reaction ~ Days + (Days | Subject)" (or the result of parseFormula); got ${describeArg(v)}`,
  );

export const optionsNotObject = (fn: string, v: unknown) =>
  new LmeError("usage", `${fn}(): the options (third argument) must be an object such as { REML: false }; got ${describeArg(v)}`);

export const familyNotUsable = (v: unknown) =>
  new LmeError(
    "family",
    `glmer(): family must be a family name ("binomial", "poisson", "Gamma", "inverse.gaussian") or a Family object such as binomial({ link: "probit" }); got ${describeArg(v)}`,
  );

export const familyMissingMembers = (name: string, missing: readonly string[]) =>
  new LmeError(
    "family",
    `the family object ${name ? `'${name}' ` : ""}does not implement the family protocol: it lacks ${missing.join(", ")}. ` +
      `Build families with binomial(), poisson(), Gamma(), inverseGaussian() or makeFamily(name, link), passing { link: makeLink(...) } or defineLink(...) for another link.`,
  );

export const familyRequired = () =>
  new LmeError(
    "usage",
    `glmer() needs a family, e.g. { family: "binomial" } or { family: "poisson" }. ` +
      `(lme4's default, gaussian with the identity link, makes glmer a deprecated shortcut to lmer: for a linear mixed model call lmer().)`,
  );

/** An inference function given something other than a fitted model (a profile gets a pointer to its own confint). */
export const notAModel = (fn: string, got: unknown) => {
  const isProfile = typeof got === "object" && got !== null && (got as { constructor?: { name?: string } }).constructor?.name === "ModelProfile";
  return new LmeError(
    "usage",
    `${fn}() needs a model fitted by lmer() or glmer(); got ${isProfile ? "a profile" : describeArg(got)}.` +
      (isProfile ? " For intervals from a profile call its own method: (await profile(fm)).confint({ level: 0.95 })." : ""),
  );
};

/** A renderer or helper given something other than the result it formats. */
export const notTheResult = (fn: string, what: string, got: unknown) =>
  new LmeError("usage", `${fn}() takes ${what}; got ${describeArg(got)}.`);

export const csvTextNotString = (got: unknown) =>
  new LmeError("data", `parseCsv() takes the CSV text as a string (use readCsv(path) for a file); got ${describeArg(got)}`);
