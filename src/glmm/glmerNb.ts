/**
 * `glmerNb`: lme4's `glmer.nb` — a negative binomial GLMM (Var(y) = μ + μ²/θ, log link) shown as
 * lme4 shows it (family "Negative Binomial(θ̂)"), with lme4's Laplace approximation (expected
 * information in the Newton steps and the determinant, as glmer with a fixed negative binomial
 * family evaluates it). Unlike glmer.nb, which alternates a one-dimensional search over θ with
 * glmer fits at fixed θ and can stop early, θ is estimated jointly with the variance parameters
 * and β by the Laplace engine, so the log-likelihood is glmer.nb's or higher.
 * `glmer(formula, data, { family: "nbinom2" })` fits the same model with glmmTMB's approximation
 * (observed information).
 */
import type { DataInput } from "../data/types.js";
import type { ParsedFormula } from "../formula/types.js";
import { glmer, GLMER_OPTIONS, type GlmerOptions } from "./glmer.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { checkOptions } from "../validate/index.js";
import { checkFitArgs } from "../model/args.js";
import { glmerNbFamily } from "../messages/family.js";

/** Options of `glmerNb`: glmer's, without `family` (always the negative binomial with log link). */
export type GlmerNbOptions = Omit<GlmerOptions, "family">;

/** Fits a negative binomial GLMM as lme4's glmer.nb, e.g. glmerNb("TICKS ~ YEAR + (1 | BROOD)", grouseticks). */
export function glmerNb(formula: string | ParsedFormula, data: DataInput, opts: GlmerNbOptions = {}): GlmerMod {
  checkFitArgs("glmerNb", formula, opts);
  if (opts !== null && typeof opts === "object" && "family" in opts) throw glmerNbFamily();
  const { family: _family, ...spec } = GLMER_OPTIONS;
  checkOptions("glmerNb", opts, spec);
  return glmer(formula, data, { information: "expected", ...opts, family: "nbinom2" });
}
