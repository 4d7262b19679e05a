#!/usr/bin/env node
// Parameter recovery for glmmTMB's extra families (issue 14): seeded simulations from a beta
// GLMM and a betabinomial GLMM with known parameters, each fitted by glmer on the Laplace engine;
// reports the coverage of the Wald 95% intervals of the fixed effects and of log φ (standard
// errors from the Hessian of the Laplace deviance) with its Monte-Carlo error, and the mean bias.
//
//   npm run build && node bench/families2-recovery.mjs [--n 100] [--family beta|betabinomial]
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mulberry32 } from "./fuzz-gen.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { glmer } = await import(pathToFileURL(resolve(root, "dist/index.js")).href);
const { rgamma, rbinom, rnorm } = await import(pathToFileURL(resolve(root, "dist/glmm/family/random.js")).href);
const argv = process.argv.slice(2);
const arg = (k, d) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const nsim = Number(arg("--n", 100));
const families = arg("--family", "beta,betabinomial").split(",");

const TRUE = { b0: 0.3, b1: -0.8, sd: 0.5, logPhi: Math.log(8) };
const plogis = (x) => 1 / (1 + Math.exp(-x));
const rbeta = (a, b, rng) => { const x = rgamma(a, rng); return x / (x + rgamma(b, rng)); };

function simulate(family, rng) {
  const ng = 30, per = 12, rows = [];
  for (let g = 0; g < ng; g++) {
    const b = TRUE.sd * rnorm(rng);
    for (let j = 0; j < per; j++) {
      const x = rnorm(rng), mu = plogis(TRUE.b0 + TRUE.b1 * x + b), phi = Math.exp(TRUE.logPhi);
      const p = rbeta(mu * phi, (1 - mu) * phi, rng);
      if (family === "beta") rows.push({ y: Math.min(Math.max(p, 1e-9), 1 - 1e-9), x, g: `g${g}` });
      else { const n = 5 + Math.floor(rng() * 16); const k = rbinom(n, p, rng); rows.push({ k, f: n - k, x, g: `g${g}` }); }
    }
  }
  return rows;
}

for (const family of families) {
  const rng = mulberry32(20141 + (family === "beta" ? 0 : 1));
  const formula = family === "beta" ? "y ~ x + (1 | g)" : "cbind(k, f) ~ x + (1 | g)";
  const hit = { b0: 0, b1: 0, logPhi: 0 }, bias = { b0: 0, b1: 0, logPhi: 0, sd: 0 };
  let done = 0, failed = 0;
  const t0 = performance.now();
  for (let s = 0; s < nsim; s++) {
    const data = simulate(family, rng);
    let m;
    try { m = glmer(formula, data, { family }); } catch (e) { failed++; continue; }
    const fe = m.fixef(), se = m.se(), lap = m.laplace;
    const est = { b0: fe["(Intercept)"], b1: fe.x, logPhi: lap.par[0] };
    const ses = { b0: se["(Intercept)"], b1: se.x, logPhi: lap.parSe ? lap.parSe[0] : NaN };
    for (const k of ["b0", "b1", "logPhi"]) {
      if (Math.abs(est[k] - TRUE[k]) <= 1.959964 * ses[k]) hit[k]++;
      bias[k] += est[k] - TRUE[k];
    }
    bias.sd += m.VarCorr()[0].sd[0] - TRUE.sd;
    done++;
  }
  const mcse = Math.sqrt(0.95 * 0.05 / done);
  console.log(`${family}: ${done} fits (${failed} failed) in ${((performance.now() - t0) / 1000).toFixed(1)} s; Wald 95% coverage (Monte-Carlo s.e. ${mcse.toFixed(3)}):`);
  for (const k of ["b0", "b1", "logPhi"]) console.log(`  ${k.padEnd(7)} true ${TRUE[k].toFixed(3)}  coverage ${(hit[k] / done).toFixed(3)}  mean bias ${(bias[k] / done).toFixed(4)}`);
  console.log(`  sd(g)   true ${TRUE.sd.toFixed(3)}  mean bias ${(bias.sd / done).toFixed(4)}`);
}
