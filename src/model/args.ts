/**
 * Runtime checks of the arguments every fitting entry point shares (formula, options), for
 * callers without TypeScript's static checks (JavaScript, notebooks, JSON-driven code): a wrong
 * type is an LmeError naming the function and what was passed, never a TypeError from inside.
 * The data argument is checked by `toFrame` (src/data/frame.ts).
 */
import type { ParsedFormula } from "../formula/types.js";
import { formulaNotString, notAModel, optionsNotObject } from "../messages/args.js";

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
export function requireFittedModel(fn: string, model: unknown): void {
  const kind = typeof model === "object" && model !== null ? (model as { kind?: unknown }).kind : undefined;
  if (kind !== "lmerMod" && kind !== "glmerMod") throw notAModel(fn, model);
}
