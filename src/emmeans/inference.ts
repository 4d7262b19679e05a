/**
 * The covariance and degrees of freedom behind marginal means and their contrasts, per model and
 * df method (emmeans' defaults): for lmer fits Kenward–Roger (the adjusted covariance Φ_A of
 * pbkrtest's vcovAdj, df from Φ_A for each linear function, as pbkrtest's Lb_ddf), Satterthwaite
 * (vcov β̂ and lmerTest's df), or asymptotic (vcov β̂, df = ∞); for glmer fits vcov β̂ and df = ∞.
 * The set-up (Hessian, Φ_A) is computed once per model and method and cached.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { kenwardRogerAdjustmentOf, kenwardRogerDf } from "../inference/kenwardRoger.js";
import { satterthwaiteDf, satterthwaiteSetupOf } from "../inference/satterthwaite.js";

/** Denominator-df methods for lmer fits (emmeans' `lmer.df`). */
export type EmmDf = "kenward-roger" | "satterthwaite" | "asymptotic";

/** vcov(β) used for a linear function's SE and its df. */
export interface LinearInference {
  readonly method: EmmDf;
  /** p×p row-major. */
  readonly V: readonly (readonly number[])[];
  df(c: readonly number[]): number;
}

/** The inference set-up of a model for a df method (see the module comment). */
export function linearInference(m: LmerMod | GlmerMod, method: EmmDf): LinearInference {
  const p = m.beta.length;
  const rowMajor = (a: ArrayLike<number>) => Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => a[i + j * p]));
  if (m.kind === "glmerMod" || method === "asymptotic") return { method: "asymptotic", V: m.vcov().matrix, df: () => Infinity };
  if (method === "kenward-roger") {
    const a = kenwardRogerAdjustmentOf(m);
    return { method, V: rowMajor(a.PhiA), df: (c) => kenwardRogerDf(a, [c]).df };
  }
  const st = satterthwaiteSetupOf(m);
  return { method, V: rowMajor(st.vcovBeta), df: (c) => satterthwaiteDf(st, c) };
}

/** c V cᵀ. */
export function quad(c: readonly number[], V: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) {
    if (c[i] === 0) continue;
    let r = 0;
    for (let j = 0; j < c.length; j++) r += V[i][j] * c[j];
    s += c[i] * r;
  }
  return s;
}
