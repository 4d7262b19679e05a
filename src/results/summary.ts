/**
 * Summary data of a fitted LMM (computed once, rendered by src/display/): the criterion, scaled
 * residual quantiles, variance components, fixed-effects table and their correlations.
 */
import type { ExtraModelBlock } from "../glmm/laplace/extended.js";
export type { ExtraModelBlock, WaldRow } from "../glmm/laplace/extended.js";
import type { LmerMod } from "./lmerMod.js";
import type { VarCorrBlock } from "../covariance/index.js";

/** One row of the fixed-effects table: estimate, standard error, t (or z) value and, where defined, p. */
export interface FixedEffectRow {
  readonly name: string;
  readonly estimate: number;
  readonly se: number;
  readonly statistic: number;
  readonly df?: number;
  readonly p?: number;
}

/** lme4's `summary()` of a fitted model as data: criteria, scaled-residual quantiles, variance components, fixed-effects table and its correlations, warnings. */
export interface LmerSummary {
  readonly title: string;
  readonly formula: string;
  readonly REML: boolean;
  readonly criterion: { readonly REML?: number; readonly AIC: number; readonly BIC: number; readonly logLik: number; readonly deviance: number; readonly dfResid: number };
  /** Min, 1Q, Median, 3Q, Max of the scaled (Pearson / σ) residuals. */
  readonly scaledResiduals: readonly number[];
  readonly varcorr: readonly VarCorrBlock[];
  readonly sigma: number;
  readonly nobs: number;
  readonly ngrps: Readonly<Record<string, number>>;
  readonly fixed: readonly FixedEffectRow[];
  readonly statisticName: "t value" | "z value";
  readonly correlation: number[][];
  readonly warnings: readonly string[];
  readonly nDropped: number;
  /** The family's dispersion parameter (negative binomial fits), printed as glmmTMB does. */
  readonly dispersion?: { readonly family: string; readonly value: number };
  /** glmmTMB's Wald tables of the zero-inflation and dispersion models (ziformula, dispformula fits). */
  readonly extraModels?: readonly ExtraModelBlock[];
}


/** R's quantile type 7. */
export function quantile7(sorted: ArrayLike<number>, prob: number): number {
  const n = sorted.length;
  const h = (n - 1) * prob, lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function lmerSummary(m: LmerMod): LmerSummary {
  const se = m.se();
  const v = m.vcov().matrix;
  const fixed = m.fixefNames.map((name, i) => ({ name, estimate: m.beta[i], se: se[name], statistic: m.beta[i] / se[name] }));
  const correlation = v.map((row, i) => row.map((x, j) => x / Math.sqrt(v[i][i] * v[j][j])));
  return {
    title: `Linear mixed model fit by ${m.REML ? "REML" : "maximum likelihood "} ['lmerMod']`,
    formula: m.formula,
    REML: m.REML,
    criterion: {
      ...(m.REML ? { REML: m.criterion } : {}),
      AIC: m.AIC(), BIC: m.BIC(), logLik: m.logLik(), deviance: m.deviance({ REML: false }), dfResid: m.nobs - m.df,
    },
    scaledResiduals: m.scaledResidualQuantiles(),
    varcorr: m.VarCorr(),
    sigma: m.sigma,
    nobs: m.nobs,
    ngrps: m.ngrps(),
    fixed,
    statisticName: "t value",
    correlation,
    warnings: m.warnings,
    nDropped: m.nDropped,
  };
}
