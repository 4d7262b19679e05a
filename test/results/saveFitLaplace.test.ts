/**
 * saveFit / restoreFit round trips of fits of the general Laplace engine (nbinom2, nbinom1 via
 * glmerNb's expected information, beta, betabinomial, zero-inflated poisson, an nbinom2
 * dispersion model): the saved JSON carries the family by name, its parameters (log θ, log φ,
 * zi~ and disp~ coefficients) with their standard errors, and the options with ziformula /
 * dispformula; the restored model — one Laplace evaluation at the saved (θ, β, φ), the modes
 * by Newton's method from u = 0 — equals the original: logLik, fixef, the family's parameters,
 * SEs and predictions of every type (link, response, conditional, zprob) to 1e-10 relative
 * (the rebuild's Newton iteration starts from the saved modes), the printed summary identically;
 * for glmerNb (expected information: Fisher-scoring steps, linear convergence) the modes and
 * predictions to 1e-7 (measured 3.4e-9). Data: test/fixtures/families2.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { glmer, glmerNb, saveFit, restoreFit, readCsv, LmeError, type GlmerMod } from "../../src/index.js";

const TOL = 1e-10;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const csv = (name: string) => readCsv(fileURLToPath(new URL(`../fixtures/families2/${name}.csv`, import.meta.url)));
const sal = csv("salamanders");
const SAL = "count ~ spp + mined + (1 | site)";
function close(got: ArrayLike<number>, want: ArrayLike<number>, what: string, tol = TOL) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(rel(got[i]!, want[i]!), `${what}[${i}]`).toBeLessThanOrEqual(tol);
}

const CASES: { id: string; data: () => ReturnType<typeof csv>; fit: (d: ReturnType<typeof csv>) => GlmerMod }[] = [
  { id: "nbinom2", data: () => sal, fit: (d) => glmer(SAL, d, { family: "nbinom2" }) },
  { id: "glmerNb (expected information)", data: () => sal, fit: (d) => glmerNb(SAL, d) },
  { id: "nbinom1", data: () => sal, fit: (d) => glmer(SAL, d, { family: "nbinom1" }) },
  { id: "beta", data: () => csv("betasim"), fit: (d) => glmer("y ~ x + (1 | g)", d, { family: "beta" }) },
  { id: "betabinomial", data: () => csv("bbsim"), fit: (d) => glmer("cbind(k, size - k) ~ x + (1 | g)", d, { family: "betabinomial" }) },
  { id: "zip", data: () => sal, fit: (d) => glmer(SAL, d, { family: "poisson", ziformula: "~ mined" }) },
  { id: "nbinom2 dispformula", data: () => sal, fit: (d) => glmer(SAL, d, { family: "nbinom2", dispformula: "~ mined" }) },
];

describe("saveFit / restoreFit round trips (Laplace-engine families)", () => {
  for (const c of CASES) {
    it(c.id, () => {
      const d = c.data();
      const m = c.fit(d);
      // glmerNb's Newton steps use the expected information (linear convergence, stop at steps
      // < 1e-7): the rebuild's one more step from the saved modes moves them by up to ~1e-8.
      const modesTol = m.laplace!.information === "expected" ? 1e-7 : TOL;
      const saved = saveFit(m);
      expect(saved.laplace!.params).toEqual(m.laplace!.family.params.map((q) => q.name));
      const again = restoreFit(JSON.stringify(saved), d) as GlmerMod;
      expect(again.laplace!.family.name).toBe(m.laplace!.family.name);
      expect(again.laplace!.information).toBe(m.laplace!.information);
      expect(again.family.name).toBe(m.family.name);
      close([again.logLik(), again.AIC(), again.dispersion()], [m.logLik(), m.AIC(), m.dispersion()], "logLik, AIC, dispersion");
      close(again.beta, m.beta, "fixef");
      close(again.theta, m.theta, "theta");
      close(again.laplace!.par, m.laplace!.par, "family parameters");
      // glmerNb on these data: the Hessian is not positive definite (no SEs for log θ; warned)
      if (m.laplace!.parSe === null) expect(again.laplace!.parSe).toBeNull();
      else close(again.laplace!.parSe!, m.laplace!.parSe!, "their SEs");
      close(Object.values(again.se()), Object.values(m.se()), "se");
      for (const type of ["link", "response", "conditional", "zprob"] as const) {
        if (type === "zprob" && c.id !== "zip") continue;
        close(again.predict({ type }), m.predict({ type }), `predict ${type}`, modesTol);
      }
      close(again.ranef()[0]!.values.flat(), m.ranef()[0]!.values.flat(), "ranef", modesTol);
      expect(again.warnings).toEqual(m.warnings);
      expect(again.summary().toString()).toBe(m.summary().toString());
      expect(again.df).toBe(m.df);
    }, 60_000);
  }

  it("refuses an altered family parameter and a save whose family parameters do not match the model", () => {
    const d = csv("bbsim");
    const m = glmer("cbind(k, size - k) ~ x + (1 | g)", d, { family: "betabinomial" });
    const s = saveFit(m);
    const altered = { ...s, laplace: { ...s.laplace!, par: [s.laplace!.par[0]! + 0.01] } };
    expect(() => restoreFit(altered, d)).toThrow(LmeError);
    expect(() => restoreFit(altered, d)).toThrow(/logLik rebuilt/);
    const renamed = { ...s, laplace: { ...s.laplace!, params: ["log(theta)"] } };
    expect(() => restoreFit(renamed, d)).toThrow(/family parameters: saved \["log\(theta\)"\]/);
    const { laplace: _drop, ...without } = s;
    expect(() => restoreFit(without, d)).toThrow(/Laplace-engine part/);
  });
});
