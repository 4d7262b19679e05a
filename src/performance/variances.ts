/**
 * Variance decomposition of a mixed model (Nakagawa, Johnson & Schielzeth 2017), as R's
 * `insight::get_variance` computes it for `performance::r2_nakagawa` and `performance::icc`
 * (insight 0.19 / performance 0.10, the Debian versions):
 *
 * - fixed: σ²_f = var(Xβ̂) over the observations (denominator n − 1);
 * - random (Johnson's extension for random slopes): σ²_r = Σ_k (1/n) Σ_i x_ikᵀ Σ_k x_ik, where Σ_k
 *   is the covariance of grouping factor k and x_ik the row of the *fixed-effects* model matrix at
 *   the term's column names (an intercept column added when X has none; columns X lacks are left
 *   out). As insight does, each grouping factor counts once (a second term of the same factor,
 *   e.g. `(1 | g) + (0 + x | g)`, is not added: insight looks the blocks up by the factor's name),
 *   and observation-level terms (as many levels as observations) are left out;
 * - distribution-specific: σ² (LMM); π²/3, 1 and π²/6 for binomial logit, probit and cloglog;
 *   Poisson log: the lognormal approximation ln(1 + 1/μ₀) with μ₀ = exp(β₀ of the null model
 *   `y ~ 1 + (random terms)`, refitted with the same offset); Poisson sqrt: 0.25; Gamma:
 *   σ̂⁴ (R's `family$variance(sigma)`); other families: σ̂;
 * - dispersion (GLMMs): the random variance of observation-level terms (0 for LMMs);
 * - residual = distribution + dispersion.
 *
 * Caveat: a singular fit (lme4's isSingular with tolerance 1e-5) has no random variance here, as
 * in performance: R² conditional and the ICCs are then undefined (NaN, with a note).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { glmer } from "../glmm/glmer.js";
import type { MerMod } from "../results/update.js";
import { LmeError } from "../messages/error.js";
import { performanceMsg } from "../messages/performance.js";
import { requireFittedModel } from "../model/args.js";

/** A fitted LMM or GLMM. */

/** The variance components of the decomposition (see the module comment). */
export interface VarianceDecomposition {
  readonly fixed: number;
  /** NaN when the fit is singular. */
  readonly random: number;
  readonly residual: number;
  readonly distribution: number;
  readonly dispersion: number;
  /** How the distribution-specific variance was obtained ("sigma^2", "pi^2/3", "lognormal", ...). */
  readonly distributionMethod: string;
  /** Notes as performance prints them (singular fit, small μ₀). */
  readonly notes: readonly string[];
}

/** σ²_f = var(Xβ̂), denominator n − 1. */
function fixedVariance(m: MerMod): number {
  const { X, p } = m.input;
  const n = m.nobs;
  const eta = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const b = m.beta[j];
    for (let i = 0; i < n; i++) eta[i] += X[i + j * n] * b;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += eta[i];
  mean /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (eta[i] - mean) ** 2;
  return s / (n - 1);
}

/** (1/n) Σ_i x_iᵀ Σ x_i over the fixed-effects columns named like the term's columns. */
function termVariance(m: MerMod, names: readonly string[], cov: Float64Array): number {
  const n = m.nobs, q = names.length, { X, fixedNames } = m.input;
  const hasIntercept = fixedNames.some((nm) => nm.startsWith("(Intercept)"));
  const cols: { k: number; j: number }[] = [];
  names.forEach((nm, k) => {
    const j = fixedNames.indexOf(nm);
    if (j >= 0) cols.push({ k, j });
    else if (nm === "(Intercept)" && !hasIntercept) cols.push({ k, j: -1 });
  });
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (const a of cols) {
      const xa = a.j < 0 ? 1 : X[i + a.j * n];
      for (const b of cols) s += xa * cov[a.k + b.k * q] * (b.j < 0 ? 1 : X[i + b.j * n]);
    }
  }
  return s / n;
}

/** The refitted null model's intercept, exp'd: μ₀ for the lognormal approximation. */
function nullMean(m: GlmerMod): number {
  const f = m.input.formula;
  const nullFormula = { ...f, fixed: { intercept: true, terms: [] }, offsets: [] };
  const nm = glmer(nullFormula, m.input.mf.frame, {
    family: m.family, nAGQ: m.nAGQ, offset: m.input.offset ?? null, weights: m.input.weights ?? null,
  });
  return Math.exp(nm.beta[0]);
}

/** Distribution-specific variance and its method (see the module comment). */
function distributionVariance(m: MerMod, notes: string[]): { value: number; method: string } {
  if (m.kind === "lmerMod") return { value: m.sigma ** 2, method: "sigma^2" };
  const fam = m.family.name, link = m.family.link.name, sig = m.sigma;
  if (fam === "binomial") {
    if (link === "logit") return { value: Math.PI ** 2 / 3, method: "pi^2/3 (logit)" };
    if (link === "probit") return { value: 1, method: "1 (probit)" };
    if (link === "cloglog") return { value: Math.PI ** 2 / 6, method: "pi^2/6 (cloglog)" };
    throw new LmeError("usage", performanceMsg.badLink(fam, link));
  }
  if (fam === "poisson") {
    if (link === "sqrt") return { value: 0.25, method: "0.25 (sqrt)" };
    if (link !== "log") throw new LmeError("usage", performanceMsg.badLink(fam, link));
    const mu = nullMean(m);
    if (mu < 6) notes.push(performanceMsg.smallMu(mu));
    return { value: Math.log1p(1 / mu), method: "lognormal" };
  }
  if (fam === "Gamma") return { value: sig ** 4, method: "Gamma variance(sigma)" };
  return { value: sig, method: "sigma" };
}

/** The decomposition of `m` (see the module comment). */
export function varianceDecomposition(m: MerMod): VarianceDecomposition {
  requireFittedModel("varianceDecomposition", m);
  // Their GLM view would pass for a classic family (a ZIP's is "poisson"): a silently wrong R².
  if (m.kind === "glmerMod" && m.laplace) {
    const ps = m.laplace.family.params.map((q) => q.name);
    const what = `${m.laplace.family.name}${ps.some((n) => n.startsWith("zi~")) ? " zero-inflated" : ""}${ps.some((n) => n.startsWith("disp~")) ? " dispersion-model" : ""}`;
    throw new LmeError("usage", performanceMsg.laplaceFamily(what));
  }
  const notes: string[] = [];
  const vc = m.VarCorr();
  const ngrps = m.ngrps();
  const seen = new Set<string>();
  let random = 0, dispersion = 0;
  for (const block of vc) {
    if (seen.has(block.group)) continue; // insight: one block per grouping factor's name
    seen.add(block.group);
    const v = termVariance(m, block.names, block.cov);
    if (ngrps[block.group] === m.nobs) dispersion += v;
    else random += v;
  }
  if (m.kind === "lmerMod") dispersion = 0;
  if (m.isSingular(1e-5)) {
    random = NaN;
    notes.push(performanceMsg.singular);
  }
  const d = distributionVariance(m, notes);
  return {
    fixed: fixedVariance(m), random, residual: d.value + dispersion, distribution: d.value, dispersion,
    distributionMethod: d.method, notes,
  };
}
