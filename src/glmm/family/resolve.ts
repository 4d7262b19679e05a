/**
 * The `family` argument of glmer (and of the CLI): a family name, resolved with `makeFamily`, or a
 * user-supplied `Family` object, checked against the family protocol (`types.ts`) so that a
 * hand-made object missing a member fails up front with the members named, not with
 * "family.initialize is not a function" in the middle of a fit.
 */
import { makeFamily } from "./families.js";
import type { Family } from "./types.js";
import { familyMissingMembers, familyNotUsable, familyRequired } from "../../messages/args.js";

/** The function members of the family protocol (`Family`). */
const FAMILY_FUNCTIONS = ["variance", "varianceInto", "validmu", "devResid", "devResidsInto", "aic", "initialize", "simulate"] as const;
/** The function members of the link protocol (`Link`). */
const LINK_FUNCTIONS = ["linkfun", "linkinv", "muEta", "valideta", "linkinvInto", "muEtaInto"] as const;

/**
 * The members of the family protocol that `x` lacks (or has with the wrong type), as
 * "name (a string)", "link.muEta (a function)", …; empty when `x` is a usable Family.
 */
export function missingFamilyMembers(x: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (typeof x.name !== "string") missing.push("name (a string)");
  if (typeof x.hasScale !== "boolean") missing.push("hasScale (a boolean)");
  for (const k of FAMILY_FUNCTIONS) if (typeof x[k] !== "function") missing.push(`${k} (a function)`);
  const link = x.link as Record<string, unknown> | null | undefined;
  if (typeof link !== "object" || link === null) missing.push("link (a Link object)");
  else {
    if (typeof link.name !== "string") missing.push("link.name (a string)");
    for (const k of LINK_FUNCTIONS) if (typeof link[k] !== "function") missing.push(`link.${k} (a function)`);
  }
  return missing;
}

/**
 * The Family that glmer's `family` and `link` options describe. A name goes through
 * `makeFamily(name, link)`; an object must implement the whole protocol (its `link` is used,
 * the `link` option is ignored as for R family objects). No family is an error: lme4 defaults
 * to gaussian, which turns glmer into a (deprecated) call of lmer, a different kind of model;
 * lme4ts asks for the family instead of guessing one.
 */
export function resolveFamily(family: unknown, link: unknown): Family {
  if (family === undefined || family === null) throw familyRequired();
  if (typeof family === "string") return makeFamily(family, link === null || link === undefined ? undefined : String(link));
  if (typeof family !== "object") throw familyNotUsable(family);
  const missing = missingFamilyMembers(family as Record<string, unknown>);
  if (missing.length > 0) throw familyMissingMembers(String((family as { name?: unknown }).name ?? ""), missing);
  return family as Family;
}
