/**
 * DHARMa-style residual diagnostics from simulations of the fitted model.
 *
 * `simulateResiduals(m, { nsim, seed })` draws nsim responses from the model (lme4's simulate:
 * new random effects by default, `reForm: "conditional"` for the fitted ones) and computes the
 * scaled residuals rᵢ (randomised PIT, inference/scaledResiduals.ts; uniform on (0, 1) when the
 * model is right). On that object:
 *
 * - `testUniformity`: one-sample Kolmogorov–Smirnov test of r against U(0, 1) (DHARMa's
 *   testUniformity = R's ks.test(r, "punif")). Statistic D.
 * - `testDispersion`: DHARMa's default (refit = FALSE) test: s(y) = sd(y − ŷ₀) with ŷ₀ the
 *   population-level fitted response (DHARMa's `predict(type = "response", re.form = ~0)`),
 *   for the observed and each simulated response; statistic = s(y_obs)/mean s(y*), p from the
 *   simulated distribution: two-sided min(1, 2 min(P(s* ≤ s_obs), P(s* ≥ s_obs))), "greater"
 *   P(s* ≥ s_obs) (over-dispersion), "less" P(s* ≤ s_obs). Ratio > 1: over-dispersion.
 * - `testZeroInflation`: the same generic simulation test with s(y) = #{yᵢ = 0}; ratio
 *   observed/expected zeros.
 * - `testOutliers`: DHARMa's type = "binomial": the number of residuals outside the simulation
 *   envelope, #{rᵢ < 1/(R+1)} + #{rᵢ > 1 − 1/(R+1)} (margin "both"), against
 *   Binomial(n, 2/(R+1)) by R's binom.test. With lme4ts's residuals (the observation ranked
 *   among the simulations, ties at random) the per-observation outlier probability is exactly
 *   1/(R+1) per margin under the model, for discrete responses too (DHARMa recommends its
 *   bootstrap variant for counts because its residuals lack that property).
 *
 * Responses are on the scale the model sees them: counts for poisson, successes for binomial
 * (proportion × trials, as DHARMa with a cbind() response), y for an LMM.
 *
 * Caveats: DHARMa's simulation p-value counts the R simulated summaries only (no +1 for the
 * observed one), so its two-sided test at level α rejects at rate 2(⌊αR/2⌋ + 1)/(R + 1) under the
 * model: 5.0% for R = 199, 5.6% for R = 249, 8% for R = 49 (kept as DHARMa, use R ≥ 200). The
 * simulations plug in the estimates (parametric bootstrap without refits), so
 * the tests are slightly conservative; with unconditional simulations (default) the
 * dispersion test has little power against over-dispersion within groups when the random
 * effects are large; `reForm: "conditional"` is often more sensitive (DHARMa's note).
 */
import { simBasis, drawResponse, type SimulateOptions } from "../inference/simulate.js";
import { replicateRng, randomSeed, checkSeed } from "../inference/rng.js";
import { scaledResiduals } from "../inference/scaledResiduals.js";
import { renderable } from "../results/renderable.js";
import { badAlternative, badMargin, badNsimResid, notSimResiduals } from "../messages/influence.js";
import { checkModel, type MerModel } from "./hatvalues.js";
import { anything, checkOptions } from "../validate/index.js";
import { ksUniform, binomTestP, type Alternative } from "./htest.js";
import { requireShape } from "../model/args.js";
import { quantileTests, type QuantileFit } from "./quantiles.js";
import { numbers } from "../validate/index.js";
import { badPredictor, badQuantiles } from "../messages/checks.js";

/** Options of `simulateResiduals`. */
export interface SimResidualsOptions {
  /** Number of simulated responses (default 250, as DHARMa). */
  readonly nsim?: number;
  /** Seed (default random, reported back). */
  readonly seed?: number;
  /** "marginal" (default, new random effects) or "conditional" (the fitted ones), as simulate(). */
  readonly reForm?: SimulateOptions["reForm"];
}

/** Simulated responses and scaled residuals (kind "simulatedResiduals"). */
export interface SimulatedResiduals {
  readonly kind: "simulatedResiduals";
  readonly nsim: number;
  readonly seed: number;
  /** Observed response on the model's scale (see the module doc). */
  readonly observed: Float64Array;
  /** nsim simulated responses on the same scale. */
  readonly simulated: readonly Float64Array[];
  /** Population-level fitted response ŷ₀ (no random effects), same scale. */
  readonly fittedPredicted: Float64Array;
  /** Scaled residuals in (0, 1). */
  readonly scaled: Float64Array;
  /** Is the response integer-valued (poisson, binomial)? */
  readonly integer: boolean;
}

/** One test's result (kind "residualTest"). */
export interface ResidualTest {
  readonly kind: "residualTest";
  readonly test: "uniformity" | "dispersion" | "zeroInflation" | "outliers" | "quantiles";
  /** What was computed, in DHARMa's words. */
  readonly method: string;
  readonly statisticName: string;
  readonly statistic: number;
  readonly pValue: number;
  readonly alternative: Alternative;
  /** Observed summary and the simulated ones (generic simulation tests), else absent. */
  readonly observed?: number;
  readonly simulated?: Float64Array;
  /** Outlier test: the outlier count, the number of observations and the expected frequency. */
  readonly outliers?: number;
  readonly n?: number;
  readonly expectedFrequency?: number;
  /** Quantile test: each quantile's fit and tests (influence/quantiles.ts). */
  readonly quantiles?: readonly QuantileFit[];
}

const ALTS: readonly Alternative[] = ["two.sided", "greater", "less"];

/** Validates a test's options (only `alternative`, and `margin` for testOutliers) and returns the alternative. */
function testOpts(fn: string, o: unknown, margin = false): Alternative {
  checkOptions(fn, o, margin ? { alternative: anything, margin: anything } : { alternative: anything });
  return checkAlt(fn, (o as { alternative?: unknown } | undefined)?.alternative);
}

function checkAlt(fn: string, a: unknown): Alternative {
  if (a === undefined) return "two.sided";
  if (!ALTS.includes(a as Alternative)) throw badAlternative(fn, a, ALTS);
  return a as Alternative;
}

function checkRes(x: unknown, fn: string): asserts x is SimulatedResiduals {
  if ((x as { kind?: unknown } | null)?.kind !== "simulatedResiduals") throw notSimResiduals(fn);
}

/**
 * Simulates `nsim` responses from the fitted model and computes the scaled residuals (see the
 * module doc). Responses and the residuals' tie-breaking uniforms come from one generator
 * stream seeded by `seed` (not the same draws as simulate(m, { seed })), so a seed reproduces
 * everything.
 */
export function simulateResiduals(m: MerModel, opts: SimResidualsOptions = {}): SimulatedResiduals {
  checkModel(m, "simulateResiduals");
  checkOptions("simulateResiduals", opts, { nsim: anything, seed: anything, reForm: anything });
  const nsim = opts.nsim ?? 250;
  if (!(Number.isInteger(nsim) && nsim >= 2)) throw badNsimResid(nsim);
  const seed = opts.seed === undefined ? randomSeed() : checkSeed(opts.seed);
  // One generator stream for all replicates (creating a seeded generator per replicate, as
  // simulate() does, costs more than drawing a small response).
  const basis = simBasis(m, { reForm: opts.reForm ?? "marginal" }), rng = replicateRng(seed, 0);
  const sims = Array.from({ length: nsim }, () => drawResponse(basis, rng));
  const binomial = m.kind === "glmerMod" && m.family.name === "binomial";
  const trials = binomial ? (m as { priorWeights: Float64Array }).priorWeights : null;
  const count = (v: number, t: number) => {
    const c = v * t, r = Math.round(c);
    return Math.abs(c - r) < 1e-7 ? r : c;
  };
  const scale = (y: Float64Array) => (trials ? y.map((v, i) => count(v, trials[i])) : y);
  const observed = scale(Float64Array.from(m.y));
  const simulated = sims.map(scale);
  const pop = m.predict({ reForm: null });
  const fittedPredicted = m.kind === "glmerMod" ? scale(pop.map((e) => m.family.link.linkinv(e))) : pop;
  const scaled = scaledResiduals({ observed, simulated }, rng.uniform);
  const integer = m.kind === "glmerMod" && (m.family.name === "poisson" || binomial);
  return renderable("simulatedResiduals", { kind: "simulatedResiduals" as const, nsim, seed, observed, simulated, fittedPredicted, scaled, integer });
}

/** DHARMa's getP: a p-value from simulated summaries. */
export function simulationP(simulated: ArrayLike<number>, observed: number, alternative: Alternative): number {
  if (!Array.isArray(simulated) && !ArrayBuffer.isView(simulated)) requireShape("simulationP", simulated, "an array of simulated values", ["[]"]);
  let le = 0, ge = 0;
  for (let j = 0; j < simulated.length; j++) {
    if (simulated[j] <= observed) le++;
    if (simulated[j] >= observed) ge++;
  }
  const R = simulated.length;
  if (alternative === "greater") return ge / R;
  if (alternative === "less") return le / R;
  return Math.min(1, 2 * Math.min(le / R, ge / R));
}

/** DHARMa's testGeneric: a summary of the observed vs the simulated responses. */
function generic(res: SimulatedResiduals, test: ResidualTest["test"], method: string, summary: (y: Float64Array) => number, alternative: Alternative): ResidualTest {
  const observed = summary(res.observed);
  const simulated = Float64Array.from(res.simulated, summary);
  const mean = simulated.reduce((a, b) => a + b, 0) / simulated.length;
  return renderable("residualTest", {
    kind: "residualTest" as const, test, method, statisticName: "ratioObsSim", statistic: observed / mean,
    pValue: simulationP(simulated, observed, alternative), alternative, observed, simulated,
  });
}

/** Kolmogorov–Smirnov test of the scaled residuals against U(0, 1) (see the module doc). */
export function testUniformity(res: SimulatedResiduals, opts: { alternative?: Alternative } = {}): ResidualTest {
  checkRes(res, "testUniformity");
  const alternative = testOpts("testUniformity", opts);
  const t = ksUniform(res.scaled, alternative);
  return renderable("residualTest", {
    kind: "residualTest" as const, test: "uniformity" as const, method: "Kolmogorov-Smirnov test of the scaled residuals against U(0, 1)",
    statisticName: "D", statistic: t.statistic, pValue: t.p, alternative,
  });
}

/** sd(y − ŷ₀), with n − 1 in the denominator (R's sd). */
function spreadAbout(f: Float64Array): (y: Float64Array) => number {
  return (y) => {
    const n = y.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (y[i] - f[i]) / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (y[i] - f[i] - mean) ** 2;
    return Math.sqrt(ss / (n - 1));
  };
}

/** DHARMa's simulation dispersion test (see the module doc). */
export function testDispersion(res: SimulatedResiduals, opts: { alternative?: Alternative } = {}): ResidualTest {
  checkRes(res, "testDispersion");
  const alternative = testOpts("testDispersion", opts);
  return generic(res, "dispersion", "DHARMa nonparametric dispersion test via sd of residuals fitted vs. simulated", spreadAbout(res.fittedPredicted), alternative);
}

/** DHARMa's zero-inflation test: observed vs simulated numbers of zeros (see the module doc). */
export function testZeroInflation(res: SimulatedResiduals, opts: { alternative?: Alternative } = {}): ResidualTest {
  checkRes(res, "testZeroInflation");
  const alternative = testOpts("testZeroInflation", opts);
  const zeros = (y: Float64Array) => y.reduce((s, v) => s + (v === 0 ? 1 : 0), 0);
  return generic(res, "zeroInflation", "DHARMa zero-inflation test via comparison to expected zeros with simulation under H0 = fitted model", zeros, alternative);
}

/** DHARMa's binomial outlier test (see the module doc). */
export function testOutliers(res: SimulatedResiduals, opts: { alternative?: Alternative; margin?: "both" | "upper" | "lower" } = {}): ResidualTest {
  checkRes(res, "testOutliers");
  const alternative = testOpts("testOutliers", opts, true);
  const margin = opts.margin ?? "both";
  if (!["both", "upper", "lower"].includes(margin)) throw badMargin(margin);
  const cut = 1 / (res.nsim + 1);
  let lower = 0, upper = 0, n = 0;
  for (const r of res.scaled) {
    if (!Number.isFinite(r)) continue;
    n++;
    if (r < cut) lower++;
    if (r > 1 - cut) upper++;
  }
  const outliers = margin === "both" ? lower + upper : margin === "upper" ? upper : lower;
  const p0 = cut * (margin === "both" ? 2 : 1);
  return renderable("residualTest", {
    kind: "residualTest" as const, test: "outliers" as const, method: "DHARMa outlier test based on exact binomial test",
    statisticName: `outliers at ${margin} margin(s)`, statistic: outliers, pValue: binomTestP(outliers, n, p0, alternative), alternative,
    outliers, n, expectedFrequency: p0,
  });
}

/** The three tests DHARMa's testResiduals runs: uniformity, dispersion, outliers (kind "residualTests"). */
export interface ResidualTests {
  readonly kind: "residualTests";
  readonly uniformity: ResidualTest;
  readonly dispersion: ResidualTest;
  readonly outliers: ResidualTest;
  /** Zero-inflation, for integer responses only. */
  readonly zeroInflation: ResidualTest | null;
}

/** DHARMa's testResiduals (plus the zero-inflation test for counts). */
export function testResiduals(res: SimulatedResiduals): ResidualTests {
  checkRes(res, "testResiduals");
  return renderable("residualTests", {
    kind: "residualTests" as const, uniformity: testUniformity(res), dispersion: testDispersion(res), outliers: testOutliers(res),
    zeroInflation: res.integer ? testZeroInflation(res) : null,
  });
}

/** Options of `testQuantiles`. */
export interface QuantileTestOptions {
  /** One value per observation; default the population-level fitted response (DHARMa's default). */
  readonly predictor?: ArrayLike<number>;
  /** Quantiles to test (default [0.25, 0.5, 0.75], DHARMa's). */
  readonly quantiles?: readonly number[];
}

/**
 * DHARMa's testQuantiles: quantile regressions of the scaled residuals on the (rank-transformed)
 * predictor at 0.25, 0.5 and 0.75, each tested for sitting at its nominal level and for having
 * no trend; p-values combined with Benjamini–Hochberg as DHARMa does. The smoother and the tests
 * differ from DHARMa's qgam (a cubic on the rank scale with rank-score tests; see
 * influence/quantiles.ts).
 */
export function testQuantiles(res: SimulatedResiduals, opts: QuantileTestOptions = {}): ResidualTest {
  checkRes(res, "testQuantiles");
  checkOptions("testQuantiles", opts, { predictor: numbers, quantiles: numbers });
  const n = res.scaled.length, predictor = opts.predictor ?? res.fittedPredicted;
  if (predictor.length !== n) throw badPredictor("testQuantiles", predictor.length, n);
  const qs = opts.quantiles ?? [0.25, 0.5, 0.75];
  if (qs.length === 0 || !qs.every((q) => q > 0 && q < 1)) throw badQuantiles("testQuantiles", qs);
  const { fits, pValue } = quantileTests(res.scaled, predictor, qs);
  return renderable("residualTest", {
    kind: "residualTest" as const, test: "quantiles" as const,
    method: "Test for location of quantiles via quantile regression (cubic in the rank-transformed predictor, rank-score tests)",
    statisticName: "min BH-adjusted p", statistic: pValue, pValue, alternative: "two.sided" as const, quantiles: fits,
  });
}
