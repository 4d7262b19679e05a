/**
 * glmer against lme4 1.1-31 on GLMMs the shared references do not cover: Gamma (log, inverse) and
 * inverse.gaussian (log) families with their dispersion, the probit and cloglog binomial links, a
 * poisson offset, a poisson fit by adaptive Gauss–Hermite (nAGQ = 9), and a Gamma fit with
 * nAGQ = 0 (SEs from the PIRLS factor scaled by σ²). The lme4 values are in
 * test/fixtures/lme4-extra/, written by `Rscript scripts/lme4-extra-refs.R`.
 *
 * Tolerances (the conformance checker's GLMM ones unless stated): logLik 2e-3 absolute (or
 * better); fixed effects 1e-2 SE; SEs 1e-2 relative; θ 1e-2 relative; σ (families with a scale)
 * 1e-3 relative; conditional modes 1e-2 × the random-effect sd; conditional sds 1e-2 relative.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { glmer } from "../../src/glmm/glmer.js";
import { refData } from "../lmm/reference.js";

interface ExtraRef {
  readonly id: string;
  readonly data: string;
  readonly call: { formula: string; family: string; link: string; nAGQ: number };
  readonly fit: {
    fixef: Record<string, number>; se: Record<string, number>; logLik: number; sigma: number; theta: number[];
    varcorr: { group: string; sd: number }[]; ranef: number[]; condVar: number[];
  };
}

const dir = new URL("../fixtures/lme4-extra/", import.meta.url);
const refs: ExtraRef[] = readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as ExtraRef);

describe("glmer agrees with lme4 beyond the shared references", () => {
  it("has the extra cases", () => expect(refs.length).toBe(8));
  for (const ref of refs) {
    it(ref.id, () => {
      const f = ref.fit;
      const m = glmer(ref.call.formula, refData(ref.data), { family: ref.call.family, link: ref.call.link, nAGQ: ref.call.nAGQ });
      expect(m.logLik()).toBeGreaterThan(f.logLik - 2e-3);
      expect(m.logLik()).toBeLessThan(f.logLik + 2e-3); // none of these has a better optimum
      const fe = m.fixef(), se = m.se();
      expect(Object.keys(fe)).toEqual(Object.keys(f.fixef));
      for (const k of Object.keys(f.fixef)) {
        expect(Math.abs(fe[k]! - f.fixef[k]!), `fixef ${k}`).toBeLessThanOrEqual(1e-2 * f.se[k]!);
        expect(Math.abs(se[k]! - f.se[k]!), `se ${k}`).toBeLessThanOrEqual(1e-2 * f.se[k]!);
      }
      f.theta.forEach((t, i) => expect(Math.abs(m.theta[i]! - t)).toBeLessThanOrEqual(1e-2 * t));
      expect(Math.abs(m.sigma - f.sigma)).toBeLessThanOrEqual(1e-3 * f.sigma);
      const vc = m.VarCorr();
      const sdRe = f.varcorr[0]!.sd;
      expect(Math.abs(vc[0]!.sd[0]! - sdRe)).toBeLessThanOrEqual(1e-2 * sdRe);
      const re = m.ranef({ condVar: true })[0]!;
      f.ranef.forEach((v, l) => expect(Math.abs(re.values[l]![0]! - v), `mode ${l}`).toBeLessThanOrEqual(1e-2 * sdRe));
      f.condVar.forEach((v, l) => expect(Math.abs(re.condsd![l]![0]! - Math.sqrt(v)), `cond sd ${l}`).toBeLessThanOrEqual(1e-2 * Math.sqrt(v)));
    });
  }
});
