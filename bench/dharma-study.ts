/**
 * Full seeded simulation study of the DHARMa-style residual tests (the unit test
 * test/influence/dharma.test.ts runs a small version). Run from the project root:
 *   npx vite-node bench/dharma-study.ts
 * Prints the rejection rates at α = 0.05 per arm; results are recorded in bench/DHARMA.md.
 */
import { runStudy, exchangeableRates, type StudyArm } from "../test/influence/dharmaStudy.js";

const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`).join(", ");
console.log(`| arm | data sets | uniformity | dispersion | outliers | zero-inflation | seconds |`);
console.log(`|---|---|---|---|---|---|---|`);
let t = performance.now();
const ex = exchangeableRates(1000, 100, 249, 2026);
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
