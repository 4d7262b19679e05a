/**
 * `confint(model, { method })`: confidence intervals with lme4's parameter names
 * (oldNames = FALSE: `sd_(Intercept)|Subject`, `cor_Days.(Intercept)|Subject`, `sigma`, then the
 * fixed effects).
 *
 * - "profile" (default, as lme4): from the likelihood profiles (profile.ts); LMM intervals are
 *   on the ML profile, also for REML fits (as lme4); Laplace-engine fits (nbinom2, beta,
 *   ziformula, …) profile the family's parameters too (profileLaplace.ts).
 * - "Wald": β̂ ± z·se(β̂) for the fixed effects, and for a fit of the general Laplace engine its
 *   family's parameters on the optimizer's scale (log θ, log φ, zi~ and disp~ coefficients, with
 *   the standard errors of the Laplace deviance's Hessian, as glmmTMB's Wald intervals of betad
 *   and betazi); the variance parameters get NaN rows (lme4 prints NA: there is no Wald interval
 *   for them, and in particular none at a singular fit).
 * - "boot": percentile (or "basic"/"norm") intervals of a parametric bootstrap of all
 *   parameters (bootstrap.ts, `nsim` default 500).
 */
import type { FittedModel } from "./workers/spec.js";
import { profile, parameterNames, resolveWhich, type ProfileProgress } from "./profile.js";
import { bootMer, type BootProgress } from "./bootstrap.js";

import { qnormStd, type ConfintTable } from "./profileTypes.js";
import { renderable } from "../results/renderable.js";
import { badLevel, unknownMethod, noVarianceWald } from "../messages/profile.js";
import { requireFittedModel } from "../model/args.js";
import { checkInferenceOptions } from "./options.js";

export type { ConfintTable } from "./profileTypes.js";

/** Options of `confint`. */
export interface ConfintOptions {
  readonly method?: "profile" | "Wald" | "boot";
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /** Parameters: names, 0-based indices, "theta_" (variance parameters) or "beta_" (fixed effects). */
  readonly parm?: string | readonly (string | number)[];
  /** Bootstrap replicates (default 500). */
  readonly nsim?: number;
  /** Bootstrap seed. */
  readonly seed?: number;
  /** Bootstrap interval type (default "perc"). */
  readonly bootType?: "perc" | "basic" | "norm";
  /** Worker threads for profile / boot (see profile and bootMer). */
  readonly workers?: number | "auto";
  readonly onProgress?: (p: ProfileProgress | BootProgress) => void;
  readonly signal?: AbortSignal;
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw badLevel(level);
}

/** Wald intervals (synchronous): fixed effects β̂ ± z se; variance parameters NaN. */
export function confintWald(model: FittedModel, opts: Pick<ConfintOptions, "level" | "parm"> = {}): ConfintTable {
  requireFittedModel("confint", model);
  const level = opts.level ?? 0.95;
  checkLevel(level);
  const lp = model.kind === "glmerMod" ? model.laplace : null;
  const names = parameterNames(model), p = model.beta.length, nfam = lp ? lp.par.length : 0, nvp = names.length - p - nfam;
  const idx = opts.parm === undefined ? names.map((_, i) => i) : resolveWhich(opts.parm, names, nvp, p);
  const z = qnormStd((1 + level) / 2), se = model.se();
  const lower = new Float64Array(idx.length), upper = new Float64Array(idx.length);
  idx.forEach((i, k) => {
    if (i < nvp) { lower[k] = upper[k] = NaN; return; }
    const j = i - nvp;
    // A Laplace-engine family's parameter on the optimizer's scale (glmmTMB's Wald interval of betad, betazi).
    const [est, s] = j < p ? [model.beta[j], se[model.fixefNames[j]]] : [lp!.par[j - p], lp!.parSe ? lp!.parSe[j - p] : NaN];
    lower[k] = est - z * s;
    upper[k] = est + z * s;
  });
  const warnings = idx.some((i) => i < nvp) ? [noVarianceWald()] : [];
  return renderable("confint", { method: "Wald", level, names: idx.map((i) => names[i]), lower, upper, warnings });
}

/** Confidence intervals by the profile (default), Wald or bootstrap method. */
export async function confint(model: FittedModel, opts: ConfintOptions = {}): Promise<ConfintTable> {
  requireFittedModel("confint", model);
  checkInferenceOptions("confint", opts);
  const method = opts.method ?? "profile";
  const level = opts.level ?? 0.95;
  checkLevel(level);
  if (method === "Wald") return confintWald(model, opts);
  if (method === "profile") {
    const pr = await profile(model, { which: opts.parm, workers: opts.workers, onProgress: opts.onProgress, signal: opts.signal });
    return pr.confint({ level });
  }
  if (method === "boot") {
    const names = parameterNames(model), nfam = model.kind === "glmerMod" && model.laplace ? model.laplace.par.length : 0;
    const nvp = names.length - model.beta.length - nfam;
    const idx = opts.parm === undefined ? names.map((_, i) => i) : resolveWhich(opts.parm, names, nvp, model.beta.length);
    const b = await bootMer(model, "all", { nsim: opts.nsim ?? 500, seed: opts.seed, workers: opts.workers, onProgress: opts.onProgress, signal: opts.signal });
    const all = b.confint({ level, type: opts.bootType });
    return renderable("confint", { ...all, names: idx.map((i) => names[i]), lower: Float64Array.from(idx.map((i) => all.lower[i])), upper: Float64Array.from(idx.map((i) => all.upper[i])) });
  }
  throw unknownMethod(String(method));
}

