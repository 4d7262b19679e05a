/**
 * broom.mixed's `glance()` for lme4 fits: one record of fit statistics. Keys: nobs, sigma, logLik,
 * AIC, BIC, then `deviance` (ML fits and GLMMs) or `REMLcrit` (REML fits: broom.mixed reports the
 * REML criterion instead of a deviance), then df.residual = nobs − number of parameters. The GLMM
 * deviance is lme4's conditional deviance Σ d_i² (the squared deviance residuals at the
 * conditional modes), not −2 logLik.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { renderable } from "../results/renderable.js";
import { requireFittedModel } from "../model/args.js";

/** The record `glance` returns. */
export interface GlanceRow {
  readonly nobs: number;
  readonly sigma: number;
  readonly logLik: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly deviance?: number;
  readonly REMLcrit?: number;
  readonly "df.residual": number;
}

/** Fit statistics as broom.mixed's `glance` (see the module comment). */
export function glance(m: LmerMod | GlmerMod): GlanceRow {
  requireFittedModel("glance", m);
  const base = { nobs: m.nobs, sigma: m.sigma, logLik: m.logLik(), AIC: m.AIC(), BIC: m.BIC() };
  let crit: Record<string, number>;
  if (m.kind === "lmerMod") crit = m.REML ? { REMLcrit: m.REMLcrit() } : { deviance: -2 * m.logLik() };
  else {
    const d = m.residuals({ type: "deviance" });
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
    crit = { deviance: s };
  }
  return renderable("glance", { ...base, ...crit, "df.residual": m.nobs - m.df });
}
