/**
 * Option validation shared by every public function and the CLI: `checkOptions(fn, opts, spec)`
 * rejects an options argument that is not an object, any key the function does not know (naming
 * it and suggesting the intended one: R's spellings `reml`, `nagq`, `re.form`, … and near misses)
 * and any value of the wrong type, range or set (naming function, option, value and what is
 * allowed). A `Check` is a predicate with the text that describes what it accepts; `undefined`
 * values are always accepted (the option's default applies).
 *
 * Stage: right after `messages/` (it uses only messages and `data/rformat`'s `closestName`), so
 * every later stage can validate its entry points.
 */
import { closestName } from "../data/rformat.js";
import { badLength, badOption, controlOption, misplacedOption, notOneOf, optionsNotObject, unknownOption } from "../messages/options.js";

/** What an option accepts: a predicate and its description ("true or false"). */
export interface Check {
  readonly want: string;
  readonly ok: (v: unknown) => boolean;
  /** For `oneOf`: the allowed values (the message lists them). */
  readonly allowed?: readonly unknown[];
}

/** The options a function accepts, key → check. */
export type OptionSpec = Readonly<Record<string, Check>>;

/** true or false. */
export const bool: Check = { want: "true or false", ok: (v) => typeof v === "boolean" };

/** Exactly one of `allowed` (compared with ===). */
export function oneOf(...allowed: readonly unknown[]): Check {
  return { want: `one of ${allowed.map((a) => JSON.stringify(a) ?? String(a)).join(", ")}`, ok: (v) => allowed.includes(v), allowed };
}

/** A whole number in [min, max]. */
export function int(min: number, max = Infinity): Check {
  const want = max === Infinity ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  return { want, ok: (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max };
}

/** A finite number in the interval from min to max (open ends when `open`). */
export function num(min = -Infinity, max = Infinity, open = false): Check {
  const lo = min === -Infinity ? "" : open ? `> ${min}` : `≥ ${min}`;
  const hi = max === Infinity ? "" : open ? `< ${max}` : `≤ ${max}`;
  const want = lo && hi ? `a number ${open ? "strictly " : ""}between ${min} and ${max}` : `a finite number${lo || hi ? ` ${lo || hi}` : ""}`;
  return {
    want,
    ok: (v) => typeof v === "number" && Number.isFinite(v) && (open ? v > min && v < max : v >= min && v <= max),
  };
}

/** A non-empty string. */
export const str: Check = { want: "a non-empty string", ok: (v) => typeof v === "string" && v.length > 0 };

/** A function. */
export const func: Check = { want: "a function", ok: (v) => typeof v === "function" };

/** Any value (checked later by the function itself, e.g. data). */
export const anything: Check = { want: "any value", ok: () => true };

/** An object (not null, not an array). */
export const object: Check = { want: "an object", ok: (v) => typeof v === "object" && v !== null && !Array.isArray(v) };

/** An array, typed array or other array-like object (integer `length`) of numbers; not a string. */
export const numbers: Check = {
  want: "an array of numbers",
  ok: (v) =>
    typeof v === "object" && v !== null && Number.isInteger((v as { length?: unknown }).length) &&
    Array.from(v as ArrayLike<unknown>).every((x) => typeof x === "number"),
};

/** An array of strings. */
export const strings: Check = { want: "an array of strings", ok: (v) => Array.isArray(v) && v.every((x) => typeof x === "string") };

/** An AbortSignal (anything with a boolean `aborted`). */
export const signal: Check = {
  want: "an AbortSignal",
  ok: (v) => typeof v === "object" && v !== null && typeof (v as { aborted?: unknown }).aborted === "boolean",
};

/** Accepted by any of `checks`. */
export function either(...checks: readonly Check[]): Check {
  return { want: checks.map((c) => c.want).join(", or "), ok: (v) => checks.some((c) => c.ok(v)) };
}

/** `check` or null. */
export const nullable = (check: Check): Check => either(check, { want: "null", ok: (v) => v === null });

/** Throws the message for `value` failing `check`. */
function fail(fn: string, option: string, value: unknown, check: Check): never {
  throw check.allowed ? notOneOf(fn, option, value, check.allowed) : badOption(fn, option, value, check.want);
}

/** Checks one value (undefined passes). */
export function checkValue(fn: string, option: string, value: unknown, check: Check): void {
  if (value !== undefined && !check.ok(value)) fail(fn, option, value, check);
}

/** `key` reduced to what distinguishes it from R's spellings: lower case, no '.' or '_'. */
const squash = (key: string) => key.toLowerCase().replace(/[._]/g, "");

/** The known option a misspelled key was meant as, if one is close. */
export function suggestOption(key: string, known: readonly string[]): string | null {
  const s = squash(key);
  return known.find((k) => squash(k) === s) ?? closestName(key, known);
}

/**
 * Validates an options argument against `spec`: undefined or null pass as "no options"; anything
 * else must be an object whose keys are in `spec` and whose values pass their checks. `prefix`
 * names a nested option in messages ("start." for glmer's start = { theta, fixef }); `hints` explain
 * keys that belong to another function (lmer's `family` → glmer).
 */
export function checkOptions(fn: string, opts: unknown, spec: OptionSpec, prefix = "", hints: Readonly<Record<string, string>> = {}): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== "object" || Array.isArray(opts)) throw optionsNotObject(fn, opts);
  const known = Object.keys(spec);
  for (const [key, value] of Object.entries(opts as Record<string, unknown>)) {
    const check = spec[key];
    if (check === undefined || !Object.prototype.hasOwnProperty.call(spec, key)) {
      if (key === "control" && !prefix) throw controlOption(fn, known);
      if (Object.prototype.hasOwnProperty.call(hints, key)) throw misplacedOption(fn, key, hints[key]!);
      const s = suggestOption(key, known);
      throw unknownOption(fn, prefix + key, s && prefix + s, known.map((k) => prefix + k));
    }
    checkValue(fn, prefix + key, value, check);
  }
}

/**
 * A per-row numeric option (`offset`, `weights` given as numbers) as a Float64Array of exactly
 * `n` values (`what` names the rows' owner, e.g. "the data"); a different length is an error
 * rather than silent truncation or padding.
 */
export function vectorOfLength(fn: string, option: string, value: ArrayLike<number>, n: number, what: string): Float64Array {
  if (!numbers.ok(value)) fail(fn, option, value, numbers);
  if (value.length !== n) throw badLength(fn, option, value.length, n, what);
  return Float64Array.from(value);
}

/** Prior weights: a column name or one number per row (or null). */
export const weightsCheck = nullable(either(str, numbers));
