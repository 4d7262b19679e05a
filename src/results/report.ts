/**
 * The JSON fit report (the keys of `fit` in ../shared/reference/*.json), used by the CLI's
 * `--json` and by the conformance check.
 */
import type { LmerMod } from "./lmerMod.js";
import type { GlmerMod } from "./glmerMod.js";
import { requireFittedModel } from "../model/args.js";
import { bool, checkOptions } from "../validate/index.js";

/** The JSON fit report of `lmerReport` and `lme4ts fit --json`: estimates, SEs, vcov, θ, σ, variance components, criteria. */
export interface FitReport {
  class: string;
  nobs: number;
  ngrps: Record<string, number>;
  fixef: Record<string, number>;
  se: Record<string, number>;
  vcov: number[][];
  theta: number[];
  theta_names: readonly string[];
  sigma: number;
  varcorr: { group: string; names: readonly string[]; sd: number[]; corr: number[][] | null; kind: string }[];
  logLik: number;
  df: number;
  AIC: number;
  BIC: number;
  REMLcrit: number | null;
  deviance: number;
  isSingular: boolean;
  REML?: boolean;
  family?: string;
  link?: string;
  nAGQ?: number;
  /** Laplace-engine families: the dispersion parameter (glmmTMB's sigma(m): θ of nbinom2, φ of nbinom1). */
  dispersion?: number;
  fitted_head: number[];
  resid_head: number[];
  ranef: { group: string; levels: readonly string[]; names: readonly string[]; values: number[][]; condsd?: number[][] }[];
  warnings: readonly string[];
  optinfo: { optimizer: string; feval: number; returnCode: number; message: string; timeMs: number };
  nDropped: number;
}

/** Builds the report of an LMM or GLMM fit. `condVar` adds conditional sds to ranef. */
export function lmerReport(m: LmerMod | GlmerMod, opts: { condVar?: boolean } = {}): FitReport {
  requireFittedModel("lmerReport", m);
  checkOptions("lmerReport", opts, { condVar: bool });
  const lmm = m.kind === "lmerMod";
  return {
    class: m.kind,
    ...(lmm ? {} : { family: m.family.name, link: m.family.link.name, nAGQ: m.nAGQ }),
    ...(!lmm && m.laplace ? { dispersion: m.dispersion() } : {}),
    nobs: m.nobs,
    ngrps: m.ngrps(),
    fixef: m.fixef(),
    se: m.se(),
    vcov: m.vcov().matrix,
    theta: [...m.theta],
    theta_names: m.thetaNames,
    sigma: m.sigma,
    varcorr: m.VarCorr().map((b) => ({ group: b.group, names: b.names, sd: [...b.sd], corr: b.corr, kind: b.kind })),
    logLik: m.logLik(),
    df: m.df,
    AIC: m.AIC(),
    BIC: m.BIC(),
    REMLcrit: lmm && m.REML ? m.criterion : null,
    // −2 log-likelihood (ML at the estimates for a REML fit), as in the reference reports.
    deviance: lmm ? m.deviance({ REML: false }) : m.criterion,
    isSingular: m.isSingular(),
    ...(lmm ? { REML: m.REML } : {}),
    fitted_head: [...m.fitted().slice(0, 6)],
    resid_head: [...m.residuals().slice(0, 6)],
    ranef: m.ranef({ condVar: opts.condVar ?? true }),
    warnings: m.warnings,
    optinfo: { optimizer: m.optinfo.optimizer, feval: m.optinfo.feval, returnCode: m.optinfo.returnCode, message: m.optinfo.message, timeMs: m.optinfo.timeMs },
    nDropped: m.nDropped,
  };
}
