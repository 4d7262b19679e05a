/**
 * Profile confidence intervals of fits of the general Laplace engine against glmmTMB 1.1.5
 * (test/fixtures/families-profile, written by `Rscript scripts/families-profile-refs.R`: the exact
 * roots of 2(nll_p(x) − nll̂) = χ²₁(0.95) on glmmTMB's objective, nll_p minimized over all other
 * parameters). glmmTMB's scale: log sd of the random effects (our sd limits are exp of its
 * limits: the profile is invariant under the monotone map), betad = log φ (nbinom2: log θ),
 * betazi and the dispersion model's coefficients as printed.
 *
 * Tolerance: 1e-3 relative for every limit (measured: at most 2.3e-5, zi~(Intercept) of the ZIP
 * fit; below 6e-6 elsewhere — the spline interpolation between profile points and the optimizers'
 * stopping rules). Parameters are profiled a few at a time to keep the test short.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { glmer } from "../../src/glmm/glmer.js";
import { readCsv } from "../../src/data/index.js";
import { profile, parameterNames } from "../../src/inference/profile.js";
import { confint, confintWald } from "../../src/inference/confint.js";
import { bootMer } from "../../src/inference/bootstrap.js";

interface Limit { tmbName: string; name: string; estimate: number; lower: number; upper: number; waldSe: number }
interface Ref {
  data: string; logLik: number;
  call: { formula: string; family: string; ziformula?: string; dispformula?: string };
  limits: Limit[];
  glmmTMBconfint?: { names: string[]; lower: number[]; upper: number[] };
}
const load = (id: string) => JSON.parse(readFileSync(new URL(`../fixtures/families-profile/${id}.json`, import.meta.url), "utf8")) as Ref;
const fitOf = (r: Ref) =>
  glmer(r.call.formula, readCsv(fileURLToPath(new URL(`../fixtures/families2/${r.data}.csv`, import.meta.url))), {
    family: r.call.family, ...(r.call.ziformula ? { ziformula: r.call.ziformula } : {}), ...(r.call.dispformula ? { dispformula: r.call.dispformula } : {}),
  });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Our parameter name and the map from glmmTMB's scale for one of its limits. */
function ours(r: Ref, names: readonly string[], l: Limit): [string, (x: number) => number] {
  if (l.tmbName === "theta") return [names.find((n) => n.startsWith("sd_"))!, Math.exp];
  if (l.tmbName === "betad" && !r.call.dispformula) return [names[names.length - 1]!, (x) => x];
  return [l.name, (x) => x];
}

async function check(id: string, which: (l: Limit) => boolean) {
  const r = load(id);
  const m = fitOf(r);
  expect(rel(m.logLik(), r.logLik)).toBeLessThan(1e-7);
  const names = parameterNames(m);
  const lims = r.limits.filter(which);
  const pr = await profile(m, { which: lims.map((l) => ours(r, names, l)[0]), workers: 0 });
  const ci = pr.confint();
  expect(ci.warnings).toEqual([]);
  for (const l of lims) {
    const [nm, f] = ours(r, names, l);
    const k = ci.names.indexOf(nm);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(rel(ci.lower[k]!, f(l.lower))).toBeLessThan(1e-3);
    expect(rel(ci.upper[k]!, f(l.upper))).toBeLessThan(1e-3);
  }
  return { m, ci, r };
}

describe("profile confint of Laplace-engine fits agrees with glmmTMB's profile limits", () => {
  it("beta: log φ and the random-effect sd (φ re-optimized at every step); Wald rows for log φ", async () => {
    const { m, ci, r } = await check("beta", (l) => l.tmbName === "betad" || l.tmbName === "theta");
    // glmmTMB's own confint(method = "profile") (its grid and spline) for the sd: within 1e-3 too
    const g = r.glmmTMBconfint!, j = g.names.indexOf("theta_1|g.1"), k = ci.names.indexOf("sd_(Intercept)|g");
    expect(rel(ci.lower[k]!, Math.exp(g.lower[j]!))).toBeLessThan(1e-3);
    expect(rel(ci.upper[k]!, Math.exp(g.upper[j]!))).toBeLessThan(1e-3);
    // Wald: log φ ± z·se, se from the Hessian of the Laplace deviance (glmmTMB's sdreport: 1e-3)
    const w = confintWald(m, { parm: ["log(phi)"] });
    const betad = r.limits.find((l) => l.tmbName === "betad")!;
    expect(rel(m.laplace!.parSe![0]!, betad.waldSe)).toBeLessThan(1e-3);
    expect(w.lower[0]).toBeCloseTo(m.laplace!.par[0]! - 1.959963984540054 * m.laplace!.parSe![0]!, 12);
  }, 120_000);

  it("beta: the fixed effects", async () => {
    await check("beta", (l) => l.tmbName === "beta" && l.name === "x");
  }, 120_000);

  it("nbinom2: log θ", async () => {
    await check("nb2", (l) => l.tmbName === "betad");
  }, 120_000);

  it("beta with a dispersion model: the disp~ coefficient", async () => {
    await check("beta_disp", (l) => l.name === "disp~z");
  }, 120_000);

  it("zero-inflated poisson: the zi~ coefficient", async () => {
    await check("zip_mined", (l) => l.name === "zi~minedno");
  }, 120_000);

  it("worker threads rebuild the fit from its saveFit: profiles and bootstrap rows identical to this thread's", async () => {
    const d = readCsv(fileURLToPath(new URL("../fixtures/families2/bbsim.csv", import.meta.url)));
    const m = glmer("cbind(k, size - k) ~ x + (1 | g)", d, { family: "betabinomial" });
    const which = ["x", "log(phi)"];
    const here = await profile(m, { which, workers: 0 });
    const there = await profile(m, { which, workers: 2 });
    expect(there.timing.workers).toBe(2);
    expect(there.table()).toEqual(here.table());
    const b0 = await bootMer(m, "all", { nsim: 4, seed: 9, workers: 0 });
    const b2 = await bootMer(m, "all", { nsim: 4, seed: 9, workers: 2 });
    expect(b2.timing.workers).toBe(2);
    expect(b2.t.map((r) => Array.from(r))).toEqual(b0.t.map((r) => Array.from(r)));
    // confint(method = "boot") lines the bootstrap's "all" statistic up with parameterNames (log φ last)
    const cb = await confint(m, { method: "boot", nsim: 4, seed: 9, workers: 0 });
    expect(cb.names).toEqual(parameterNames(m));
    expect(Array.from(cb.lower)).toEqual(Array.from(b0.confint().lower));
  }, 120_000);
});
