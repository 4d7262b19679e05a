/**
 * The sparse Kenward–Roger computation (Woodbury through the factor of ΛᵀZᵀWZΛ + I, nothing
 * n×n) against the dense oracle (krDenseOracle.ts: Σ = Σ γ_r G_r built and inverted as an n×n
 * matrix, pbkrtest's formulas) on random intercepts, correlated slopes, crossed, nested and
 * weighted models and a vector term crossed with a scalar one.
 *
 * Tolerance: Φ, Φ_A, P_r and W within 1e-10 of the oracle relative to each matrix's largest
 * entry; df of every coefficient and of a joint F test within 1e-10 relative (the two
 * computations differ only in rounding).
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { kenwardRogerAdjust, kenwardRogerDf } from "../../src/inference/kenwardRoger.js";
import { refData } from "../lmm/reference.js";
import { mulberry32 } from "../helpers.js";
import { kenwardRogerDense } from "./krDenseOracle.js";
import type { LmerMod } from "../../src/results/lmerMod.js";

const TOL = 1e-10;

function closeMatrix(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  let scale = 0, err = 0;
  for (let i = 0; i < b.length; i++) { scale = Math.max(scale, Math.abs(b[i])); err = Math.max(err, Math.abs(a[i] - b[i])); }
  expect(err, `${what}: max abs difference ${err} vs largest entry ${scale}`).toBeLessThanOrEqual(TOL * scale);
}

/** A crossed design with a random slope: y ~ x + (x | g) + (1 | h), seeded. */
function crossedSlopes(): Record<string, number | string>[] {
  const u = mulberry32(7);
  const gi = Array.from({ length: 15 }, () => [u() - 0.5, 0.3 * (u() - 0.5)]), hi = Array.from({ length: 7 }, () => u() - 0.5);
  return Array.from({ length: 160 }, (_, i) => {
    const g = i % 15, h = Math.floor(u() * 7), x = 4 * u();
    return { y: 1 + 0.5 * x + gi[g][0] + gi[g][1] * x + hi[h] + 0.4 * (u() - 0.5), x, g: `g${g}`, h: `h${h}` };
  });
}

function compare(m: LmerMod): void {
  const a = kenwardRogerAdjust(m), o = kenwardRogerDense(m);
  expect(a.gammaNames).toEqual(o.gammaNames);
  closeMatrix(a.Phi, o.Phi, "Phi");
  closeMatrix(a.PhiA, o.PhiA, "PhiA");
  a.P.forEach((Pr, r) => closeMatrix(Pr, o.P[r], `P_${a.gammaNames[r]}`));
  closeMatrix(a.W, o.W, "W");
  const p = a.p;
  for (let j = 0; j < p; j++) {
    const c = Array.from({ length: p }, (_, i) => (i === j ? 1 : 0));
    const dfA = kenwardRogerDf(a, [c]).df, dfO = kenwardRogerDf(o, [c]).df;
    expect(Math.abs(dfA - dfO), `df of coefficient ${j}: ${dfA} vs ${dfO}`).toBeLessThanOrEqual(TOL * Math.abs(dfO));
  }
  if (p > 1) {
    const L = Array.from({ length: p - 1 }, (_, r) => Array.from({ length: p }, (_, i) => (i === r + 1 ? 1 : 0)));
    const fa = kenwardRogerDf(a, L), fo = kenwardRogerDf(o, L);
    expect(Math.abs(fa.df - fo.df)).toBeLessThanOrEqual(TOL * Math.abs(fo.df));
    expect(Math.abs(fa.scaling - fo.scaling)).toBeLessThanOrEqual(TOL * Math.abs(fo.scaling));
  }
}

describe("sparse Kenward–Roger equals the dense n×n computation", () => {
  const sleep = refData("sleepstudy");
  it("random intercept (Dyestuff)", () => compare(lmer("Yield ~ 1 + (1 | Batch)", refData("Dyestuff"))));
  it("correlated slopes (sleepstudy)", () => compare(lmer("Reaction ~ Days + (Days | Subject)", sleep)));
  it("uncorrelated slopes, two terms (sleepstudy)", () => compare(lmer("Reaction ~ Days + (Days || Subject)", sleep)));
  it("crossed (Penicillin)", () => compare(lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", refData("Penicillin"))));
  it("nested (Pastes)", () => compare(lmer("strength ~ 1 + (1 | batch/cask)", refData("Pastes"))));
  it("factor × factor fixed effects, p = 18 (cake)", () => compare(lmer("angle ~ recipe * temperature + (1 | recipe:replicate)", refData("cake"))));
  it("prior weights (sleepstudy, seeded weights)", () => {
    const u = mulberry32(11);
    compare(lmer("Reaction ~ Days + (Days | Subject)", sleep, { weights: Array.from({ length: 180 }, () => 0.2 + 2 * u()) }));
  });
  it("a vector term crossed with a scalar term (simulated)", () => compare(lmer("y ~ x + (x | g) + (1 | h)", crossedSlopes())));
});
