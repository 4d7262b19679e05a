/**
 * Seeded simulation study of the DHARMa-style tests (shared by the unit test, which runs a
 * small version, and bench/dharma-study.ts, which runs the full one): data sets from a poisson
 * GLMM with a random intercept (correct model) or with an extra gamma multiplier per
 * observation (a negative-binomial-like mixture: over-dispersed), each fitted by glmer with
 * the correct random-effects structure, then simulateResiduals + tests.
 */
import { glmer, simulateResiduals, testDispersion, testUniformity, testOutliers, testZeroInflation, type SimulatedResiduals } from "../../src/index.js";
import { scaledResiduals } from "../../src/inference/scaledResiduals.js";
import { replicateRng } from "../../src/inference/rng.js";
import { rgamma, rpois } from "../../src/glmm/family/random.js";

/** Settings of one study arm. */
export interface StudyArm {
  readonly datasets: number;
  readonly groups: number;
  readonly perGroup: number;
  readonly nsim: number;
  /** Gamma-mixture shape k (Var = μ + μ²/k); Infinity = plain poisson. */
  readonly shape: number;
  readonly seed: number;
  /** Simulations with new random effects ("marginal", DHARMa's default) or the fitted ones. */
  readonly reForm?: "marginal" | "conditional";
}

/** Rejection rates at level α of each test over the arm's data sets. */
export interface StudyResult {
  readonly datasets: number;
  readonly failedFits: number;
  readonly rate: { uniformity: number; dispersion: number; outliers: number; zeroInflation: number };
}

/** One data set: x ~ U(−1, 1), group intercepts N(0, 0.5²), log μ = 0.5 + 0.6 x + b. */
export function studyData(arm: StudyArm, index: number) {
  const rng = replicateRng(arm.seed, index);
  const n = arm.groups * arm.perGroup, y = new Float64Array(n), x = new Float64Array(n), g: string[] = [];
  const b = Array.from({ length: arm.groups }, () => 0.5 * rng.normal());
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / arm.perGroup);
    x[i] = 2 * rng.uniform() - 1;
    g.push(`g${k + 1}`);
    let mu = Math.exp(0.5 + 0.6 * x[i] + b[k]);
    if (Number.isFinite(arm.shape)) mu *= rgamma(arm.shape, rng.uniform) / arm.shape;
    y[i] = rpois(mu, rng.uniform);
  }
  return { y: Array.from(y), x: Array.from(x), g };
}

/** Runs an arm and returns the rejection rates at `alpha`. */
export function runStudy(arm: StudyArm, alpha = 0.05): StudyResult {
  const hits = { uniformity: 0, dispersion: 0, outliers: 0, zeroInflation: 0 };
  let ok = 0, failed = 0;
  for (let d = 0; d < arm.datasets; d++) {
    let m;
    try {
      m = glmer("y ~ x + (1 | g)", studyData(arm, d), { family: "poisson" });
    } catch {
      failed++;
      continue;
    }
    const res = simulateResiduals(m, { nsim: arm.nsim, seed: arm.seed + 1000003 * (d + 1), reForm: arm.reForm });
    if (testUniformity(res).pValue < alpha) hits.uniformity++;
    if (testDispersion(res).pValue < alpha) hits.dispersion++;
    if (testOutliers(res).pValue < alpha) hits.outliers++;
    if (testZeroInflation(res).pValue < alpha) hits.zeroInflation++;
    ok++;
  }
  const r = (h: number) => h / ok;
  return { datasets: ok, failedFits: failed, rate: { uniformity: r(hits.uniformity), dispersion: r(hits.dispersion), outliers: r(hits.outliers), zeroInflation: r(hits.zeroInflation) } };
}

/**
 * Known truth without fitting: per replicate, μᵢ = exp(0.5 + 0.6 xᵢ) and the observed response
 * and the `nsim` simulations are all i.i.d. Poisson(μᵢ), so every p-value is (up to
 * discreteness) uniform. Returns the rejection rates at `alpha` over `reps` replicates.
 */
export function exchangeableRates(reps: number, n: number, nsim: number, seed: number, alpha = 0.05): StudyResult["rate"] {
  const hits = { uniformity: 0, dispersion: 0, outliers: 0, zeroInflation: 0 };
  for (let k = 0; k < reps; k++) {
    const rng = replicateRng(seed, k);
    const mu = Float64Array.from({ length: n }, () => Math.exp(0.5 + 0.6 * (2 * rng.uniform() - 1)));
    const draw = () => mu.map((m) => rpois(m, rng.uniform));
    const observed = draw(), simulated = Array.from({ length: nsim }, draw);
    const scaled = scaledResiduals({ observed, simulated }, rng.uniform);
    const res = { kind: "simulatedResiduals", nsim, seed: k, observed, simulated, fittedPredicted: mu, scaled, integer: true } as SimulatedResiduals;
    if (testUniformity(res).pValue < alpha) hits.uniformity++;
    if (testDispersion(res).pValue < alpha) hits.dispersion++;
    if (testOutliers(res).pValue < alpha) hits.outliers++;
    if (testZeroInflation(res).pValue < alpha) hits.zeroInflation++;
  }
  return { uniformity: hits.uniformity / reps, dispersion: hits.dispersion / reps, outliers: hits.outliers / reps, zeroInflation: hits.zeroInflation / reps };
}
