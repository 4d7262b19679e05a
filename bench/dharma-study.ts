/**
 * Full seeded simulation study of the DHARMa-style residual tests (the unit test
 * test/influence/dharma.test.ts runs a small version). Run from the project root:
 *   npx vite-node bench/dharma-study.ts
 * Prints the rejection rates at α = 0.05 per arm; results are recorded in bench/DHARMA.md.
 */
import { runStudy, type StudyArm } from "../test/influence/dharmaStudy.js";
import { testUniformity, testDispersion, testOutliers, testZeroInflation, type SimulatedResiduals } from "../src/index.js";
import { scaledResiduals } from "../src/inference/scaledResiduals.js";
import { replicateRng } from "../src/inference/rng.js";
import { rpois } from "../src/glmm/family/random.js";

function exchangeable(reps: number, n: number, nsim: number) {
  const hits = { uniformity: 0, dispersion: 0, outliers: 0, zeroInflation: 0 };
  for (let k = 0; k < reps; k++) {
    const rng = replicateRng(2026, k);
    const mu = Float64Array.from({ length: n }, () => Math.exp(0.5 + 0.6 * (2 * rng.uniform() - 1)));
    const draw = () => mu.map((m) => rpois(m, rng.uniform));
    const observed = draw(), simulated = Array.from({ length: nsim }, draw);
    const res = { kind: "simulatedResiduals", nsim, seed: k, observed, simulated, fittedPredicted: mu, scaled: scaledResiduals({ observed, simulated }, rng.uniform), integer: true } as SimulatedResiduals;
    if (testUniformity(res).pValue < 0.05) hits.uniformity++;
    if (testDispersion(res).pValue < 0.05) hits.dispersion++;
    if (testOutliers(res).pValue < 0.05) hits.outliers++;
    if (testZeroInflation(res).pValue < 0.05) hits.zeroInflation++;
  }
  return Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / reps]));
}

const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`).join(", ");
console.log(`| arm | data sets | uniformity | dispersion | outliers | zero-inflation | seconds |`);
console.log(`|---|---|---|---|---|---|---|`);
let t = performance.now();
const ex = exchangeable(1000, 100, 249);
console.log(`| exchangeable (no fit), n = 100, R = 249 | 1000 | ${fmt(ex).replace(/[a-zA-Z-]+ /g, "").split(", ").join(" | ")} | ${((performance.now() - t) / 1000).toFixed(1)} |`);
const arms: [string, StudyArm][] = [
  ["poisson GLMM, correct, marginal", { datasets: 500, groups: 10, perGroup: 10, nsim: 250, shape: Infinity, seed: 1 }],
  ["poisson GLMM, correct, conditional", { datasets: 500, groups: 10, perGroup: 10, nsim: 250, shape: Infinity, seed: 2, reForm: "conditional" }],
  ["gamma-poisson k = 1, marginal", { datasets: 200, groups: 10, perGroup: 10, nsim: 250, shape: 1, seed: 3 }],
  ["gamma-poisson k = 1, conditional", { datasets: 200, groups: 10, perGroup: 10, nsim: 250, shape: 1, seed: 4, reForm: "conditional" }],
  ["gamma-poisson k = 2, marginal", { datasets: 200, groups: 10, perGroup: 10, nsim: 250, shape: 2, seed: 5 }],
  ["gamma-poisson k = 2, conditional", { datasets: 200, groups: 10, perGroup: 10, nsim: 250, shape: 2, seed: 6, reForm: "conditional" }],
];
for (const [name, arm] of arms) {
  t = performance.now();
  const r = runStudy(arm);
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  console.log(`| ${name}, n = ${arm.groups * arm.perGroup}, R = ${arm.nsim} | ${r.datasets}${r.failedFits ? ` (+${r.failedFits} failed)` : ""} | ${pct(r.rate.uniformity)} | ${pct(r.rate.dispersion)} | ${pct(r.rate.outliers)} | ${pct(r.rate.zeroInflation)} | ${((performance.now() - t) / 1000).toFixed(1)} |`);
}
