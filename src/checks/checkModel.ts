/**
 * `checkModel(m)`: the data of performance::check_model's panels (Lüdecke et al. 2021; the
 * GLMM paper's Figure 7) for a fitted LMM or GLMM, computed here and drawn by
 * `plots.checkModel` (display/vegalite/checkModel.ts) as one Vega-Lite composition.
 *
 * Panels, and how each follows performance 0.10.2 (numbers checked against R in
 * test/checks/checkModel.test.ts):
 * - posterior predictive check: the observed response and `iterations` (50) responses simulated
 *   conditionally on the fitted random effects (performance's `simulate(m, re.form = NULL)`);
 *   drawn as densities for an LMM and as ECDFs for a GLMM (discrete responses);
 * - linearity (LMM): residuals vs fitted, with a loess smoother in the plot;
 * - binned residuals (binomial GLMM, instead of linearity): performance::binned_residuals
 *   (checks/binned.ts);
 * - homogeneity of variance: √|r| vs fitted with r = residuals(m, scaled = TRUE), i.e. the
 *   response (LMM) or deviance (GLMM) residuals over σ̂;
 * - influential observations: leverage hᵢ vs standardized residuals rᵢ/(σ̂√(1 − hᵢ)) (r the
 *   Pearson residuals) with Cook's distance Dᵢ = (rᵢ/(1 − hᵢ))² hᵢ/(σ̂² p) and the contours
 *   r = ±√(c·p(1 − h)/h) for c = 0.5 and 1 (p fixed effects); observations with
 *   Dᵢ ≥ qf(0.5, p, n − p) (performance's check_outliers threshold) are flagged. LMM: hᵢ and Dᵢ
 *   are lme4's hatvalues and cooks.distance, as performance uses them. Differences from
 *   performance 0.10.2: (1) it plots the raw residuals here for merMod objects (stats::rstandard
 *   has no merMod method), which puts its contours on the wrong scale; we standardize, as for
 *   an lm; (2) for a GLMM, lme4's hatvalues weight by the prior weights outside the system
 *   matrix (cbpp2: values up to 6.8, summing to 167 for 56 observations); we use the leverages
 *   of the final PIRLS step (working weights, influence/hatvalues.ts `leverages`; cbpp2: at
 *   most 0.81, summing to 13.6), the GLM leverage of R's hatvalues.glm, and Dᵢ from them;
 * - collinearity: checks/vif.ts (check_collinearity);
 * - normality of residuals: LMM: the residuals for a normal Q-Q plot; GLMM: the simulated
 *   (DHARMa-style) scaled residuals for a uniform Q-Q plot, as performance's newer versions do
 *   for non-Gaussian models, with the Kolmogorov–Smirnov test;
 * - normality of random effects: per grouping factor and term, the sorted conditional modes
 *   against qnorm(ppoints(levels)) with ±z_{0.975} conditional-sd bars (performance's .diag_reqq).
 *
 * - misspecified dispersion (poisson GLMM, performance's .diag_overdispersion): per observation
 *   the conditional mean μ̂ᵢ, the squared response residual (yᵢ − μ̂ᵢ)² and the variance the model
 *   implies, V(μ̂ᵢ) = μ̂ᵢ; the plot smooths the squared residuals against μ̂ beside V. (Negative
 *   binomial and zero-inflated models, which performance also covers, are not fitted by lme4ts.)
 */
import { requireFittedModel } from "../model/args.js";
import type { MerMod } from "../results/update.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { renderable } from "../results/renderable.js";
import { simBasis, drawResponse } from "../inference/simulate.js";
import { replicateRng, randomSeed, checkSeed } from "../inference/rng.js";
import { pfUpper } from "../inference/ddf.js";
import { qnorm } from "../glmm/family/special.js";
import { cooksDistanceModel, leverages } from "../influence/hatvalues.js";
import { simulateResiduals, testUniformity, type ResidualTest } from "../influence/dharma.js";
import { checkOptions, int } from "../validate/index.js";
import { glmmLeverageNote } from "../messages/checks.js";
import { checkCollinearity, type Collinearity } from "./vif.js";
import { performanceBins, type PerformanceBin } from "./binned.js";

/** Options of `checkModel`. */
export interface CheckModelOptions {
  /** Seed of all simulations (default random, reported back). */
  readonly seed?: number;
  /** Simulated responses of the posterior predictive check (default 50, performance's `iterations`). */
  readonly iterations?: number;
  /** Simulations behind a GLMM's scaled residuals (default 250, DHARMa's). */
  readonly nsim?: number;
}

/** The influential-observations panel. */
export interface InfluenceCheck {
  readonly hat: Float64Array;
  readonly stdResiduals: Float64Array;
  readonly cooks: Float64Array;
  /** Number of fixed effects p (in the contours). */
  readonly p: number;
  /** Cook's-distance levels drawn as contours: [0.5, 1]. */
  readonly cookLevels: readonly number[];
  /** performance's threshold qf(0.5, p, n − p). */
  readonly threshold: number;
  /** 0-based indices of the observations with Cook's D ≥ threshold. */
  readonly influential: readonly number[];
}

/** Q-Q data of one random-effect term (performance's .diag_reqq). */
export interface RanefQQ {
  readonly group: string;
  readonly term: string;
  /** qnorm(ppoints(levels)). */
  readonly x: Float64Array;
  /** Sorted conditional modes. */
  readonly y: Float64Array;
  readonly confLow: Float64Array;
  readonly confHigh: Float64Array;
  /** Level of each sorted mode. */
  readonly levels: readonly string[];
}

/** The residual Q-Q panel: normal (LMM) or uniform scaled residuals (GLMM). */
export type ResidualQQ =
  | { readonly type: "normal"; readonly residuals: Float64Array }
  | { readonly type: "uniform"; readonly scaled: Float64Array; readonly nsim: number; readonly uniformity: ResidualTest };

/** Everything `plots.checkModel` draws (kind "modelCheck"; see the module doc). */
export interface ModelCheck {
  readonly kind: "modelCheck";
  readonly model: "lmerMod" | "glmerMod";
  readonly family: string;
  readonly formula: string;
  readonly nobs: number;
  readonly seed: number;
  /** Observed response and conditional simulations, on the model's response scale. */
  readonly ppCheck: { readonly observed: Float64Array; readonly simulated: readonly Float64Array[]; readonly type: "density" | "ecdf" };
  readonly fitted: Float64Array;
  /** LMM: response residuals for the linearity panel; null for a GLMM. */
  readonly linearity: { readonly residuals: Float64Array } | null;
  /** Binomial GLMM: performance's binned residuals; else null. */
  readonly binned: readonly PerformanceBin[] | null;
  /** Poisson GLMM: the dispersion panel's columns (see the module doc); else null. */
  readonly overdispersion: { readonly predicted: Float64Array; readonly res2: Float64Array; readonly variance: Float64Array } | null;
  /** √|scaled residual| per observation (against `fitted`). */
  readonly homogeneity: Float64Array;
  readonly influence: InfluenceCheck;
  readonly collinearity: Collinearity;
  readonly qq: ResidualQQ;
  readonly ranefQQ: readonly RanefQQ[];
  readonly notes: readonly string[];
}

/** R's qf(0.5, d1, d2) by bisection on the F upper tail. */
function medianF(d1: number, d2: number): number {
  if (!(d2 > 0)) return NaN;
  let lo = 0, hi = 1;
  while (pfUpper(hi, d1, d2) > 0.5) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-14 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (pfUpper(mid, d1, d2) > 0.5) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** R's ppoints(n). */
function ppoints(n: number): Float64Array {
  const a = n <= 10 ? 3 / 8 : 1 / 2;
  return Float64Array.from({ length: n }, (_, i) => (i + 1 - a) / (n + 1 - 2 * a));
}

function influenceCheck(m: MerMod): InfluenceCheck {
  const glmm = m.kind === "glmerMod", r = m.residuals({ type: "pearson" }), s = m.sigma;
  const p = m.beta.length, n = m.nobs, threshold = medianF(p, n - p);
  const h = leverages(m, glmm ? "working" : "prior");
  const cooks = glmm ? h.map((hi, i) => { const d = ((r[i] / (1 - hi)) ** 2 * hi) / (s * s * p); return Number.isFinite(d) ? d : NaN; }) : cooksDistanceModel(m);
  const stdResiduals = Float64Array.from(h, (hi, i) => r[i] / (s * Math.sqrt(1 - hi)));
  const influential: number[] = [];
  cooks.forEach((c, i) => { if (Math.abs(c) >= threshold) influential.push(i); });
  return { hat: h, stdResiduals, cooks, p, cookLevels: [0.5, 1], threshold, influential };
}

function ranefQQ(m: MerMod): RanefQQ[] {
  const out: RanefQQ[] = [], z = qnorm(0.975);
  for (const g of m.ranef({ condVar: true })) {
    const L = g.levels.length, x = Float64Array.from(ppoints(L), qnorm);
    g.names.forEach((term, c) => {
      const order = Array.from({ length: L }, (_, l) => l).sort((a, b) => g.values[a][c] - g.values[b][c]);
      const y = Float64Array.from(order, (l) => g.values[l][c]);
      const sd = Float64Array.from(order, (l) => g.condsd?.[l][c] ?? NaN);
      out.push({ group: g.group, term, x, y, confLow: y.map((v, k) => v - z * sd[k]), confHigh: y.map((v, k) => v + z * sd[k]), levels: order.map((l) => g.levels[l]) });
    });
  }
  return out;
}

/**
 * The data of performance::check_model's panels for a fitted model (see the module doc); show it
 * with `plots.checkModel(check)` (a notebook displays the result itself as that chart).
 */
export function checkModel(m: MerMod, opts: CheckModelOptions = {}): ModelCheck {
  requireFittedModel("checkModel", m);
  checkOptions("checkModel", opts, { seed: int(0, 0xffffffff), iterations: int(1, 10000), nsim: int(2, 100000) });
  const seed = opts.seed === undefined ? randomSeed() : checkSeed(opts.seed);
  const glmm = m.kind === "glmerMod", notes: string[] = [];
  const basis = simBasis(m, { reForm: "conditional" }), rng = replicateRng(seed, 0);
  const simulated = Array.from({ length: opts.iterations ?? 50 }, () => drawResponse(basis, rng));
  const fitted = m.fitted();
  const scaledRes = m.residuals().map((r) => r / m.sigma);
  let qq: ResidualQQ;
  if (glmm) {
    const nsim = opts.nsim ?? 250;
    const res = simulateResiduals(m, { nsim, seed });
    qq = { type: "uniform", scaled: res.scaled, nsim, uniformity: testUniformity(res) };
    notes.push(glmmLeverageNote);
  } else qq = { type: "normal", residuals: m.residuals() };
  const family = glmm ? (m as GlmerMod).family.name : "gaussian";
  const collinearity = checkCollinearity(m);
  notes.push(...collinearity.notes);
  return renderable("modelCheck", {
    kind: "modelCheck" as const, model: m.kind, family, formula: m.formula, nobs: m.nobs, seed,
    ppCheck: { observed: Float64Array.from(m.y), simulated, type: glmm ? ("ecdf" as const) : ("density" as const) },
    fitted,
    linearity: glmm ? null : { residuals: m.residuals() },
    binned: family === "binomial" ? performanceBins(fitted, m.y) : null,
    overdispersion: family === "poisson" ? { predicted: fitted, res2: fitted.map((f, i) => (m.y[i] - f) ** 2), variance: fitted.slice() } : null,
    homogeneity: scaledRes.map((r) => Math.sqrt(Math.abs(r))),
    influence: influenceCheck(m), collinearity, qq, ranefQQ: ranefQQ(m), notes,
  });
}
