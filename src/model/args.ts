/**
 * Runtime checks of the arguments every fitting entry point shares (formula, options), for
 * callers without TypeScript's static checks (JavaScript, notebooks, JSON-driven code): a wrong
 * type is an LmeError naming the function and what was passed, never a TypeError from inside.
 * The data argument is checked by `toFrame` (src/data/frame.ts).
 */
import type { ParsedFormula } from "../formula/types.js";
import { formulaNotString, notAModel, notTheResult, optionsNotObject } from "../messages/args.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";

/** Is `x` a ParsedFormula (as parseFormula returns)? */
function isParsedFormula(x: unknown): x is ParsedFormula {
  if (typeof x !== "object" || x === null) return false;
  const f = x as Partial<Record<keyof ParsedFormula, unknown>>;
  return typeof f.source === "string" && Array.isArray(f.random) && typeof f.fixed === "object" && f.fixed !== null;
}

/** Throws unless `formula` is a string or a ParsedFormula and `opts` is undefined or a plain object. */
export function checkFitArgs(fn: string, formula: unknown, opts: unknown): void {
  if (typeof formula !== "string" && !isParsedFormula(formula)) throw formulaNotString(fn, formula);
  if (opts !== undefined && (typeof opts !== "object" || opts === null || Array.isArray(opts))) throw optionsNotObject(fn, opts);
}

/** Throws unless `model` is an lmer or glmer fit (recognised by its `kind` tag); `fn` names the caller. */
export function requireFittedModel(fn: string, model: unknown): asserts model is LmerMod | GlmerMod {
  const kind = typeof model === "object" && model !== null ? (model as { kind?: unknown }).kind : undefined;
  if (kind !== "lmerMod" && kind !== "glmerMod") throw notAModel(fn, model);
}

/**
 * Throws unless `value` is an object with every member in `members` (or, for members "[]", an
 * array): the runtime check of renderers and helpers that take a result object. `what` describes
 * the expected argument, e.g. "an anova table (the result of anova())".
 */
export function requireShape(fn: string, value: unknown, what: string, members: readonly string[]): void {
  if (members.length === 1 && members[0] === "[]") {
    if (!Array.isArray(value)) throw notTheResult(fn, what, value);
    return;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw notTheResult(fn, what, value);
  for (const k of members) if ((value as Record<string, unknown>)[k] === undefined) throw notTheResult(fn, what, value);
}
