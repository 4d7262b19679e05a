/**
 * The analytic derivatives of the log-densities in η, ν = log φ and ζ (zero-inflation) against
 * central finite differences of the values and of the first derivatives (relative 1e-6: the
 * differences' own error with h = 1e-5 is about 1e-9 relative).
 */
import { describe, expect, it } from "vitest";
import {
  betaLogDensity, betabinomialLogDensity, gaussianLogDensity, nbinom1LogDensity, nbinom2LogDensity, newLogDensity,
  newZiLogDensity, poissonLogDensity, zeroInflated, genpoisLogDensity, truncatedPoissonLogDensity, truncatedNbinom2LogDensity,
  compoisLogDensity,
  type LogDensity, type ObsLogDensity, type ZiLogDensity,
} from "../../src/families/index.js";

const H = 1e-5;
const TOL = 1e-6;

function near(analytic: number, numeric: number, scale: number): void {
  expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(numeric), scale));
}

/** Central differences of `field` of f at (η, ν) in η or in ν. */
function diff(f: (eta: number, nu: number) => LogDensity, eta: number, nu: number, by: "eta" | "nu", field: keyof LogDensity): number {
  const up = by === "eta" ? f(eta + H, nu)[field] : f(eta, nu + H)[field];
  const dn = by === "eta" ? f(eta - H, nu)[field] : f(eta, nu - H)[field];
  return (up - dn) / (2 * H);
}

function checkFamily(fam: ObsLogDensity, y: number, eta: number, nu: number, size = 1, hasPhi = true): void {
  const at = (e: number, n: number) => fam(y, e, Math.exp(n), size, newLogDensity());
  const d = at(eta, nu);
  const s = Math.abs(d.value);
  near(d.dEta, diff(at, eta, nu, "eta", "value"), s);
  near(d.dEta2, diff(at, eta, nu, "eta", "dEta"), s);
  if (!hasPhi) return;
  near(d.dNu, diff(at, eta, nu, "nu", "value"), s);
  near(d.dNu2, diff(at, eta, nu, "nu", "dNu"), s);
  near(d.dEtaNu, diff(at, eta, nu, "nu", "dEta"), s);
  near(d.dEtaNu, diff(at, eta, nu, "eta", "dNu"), s);
}

/** The zero-inflated mixture of `base` at (y, η, ν, ζ): all its derivatives, ζ's included. */
function checkZi(base: ObsLogDensity, y: number, eta: number, nu: number, zeta: number): void {
  const zi = zeroInflated(base);
  const at = (e: number, n: number, z: number): ZiLogDensity => zi(y, e, z, Math.exp(n), 1, newZiLogDensity());
  const d = at(eta, nu, zeta);
  const s = Math.abs(d.value);
  const fz = (key: keyof ZiLogDensity) => (at(eta, nu, zeta + H)[key] - at(eta, nu, zeta - H)[key]) / (2 * H);
  near(d.dZi, fz("value"), s);
  near(d.dZi2, fz("dZi"), s);
  near(d.dEtaZi, fz("dEta"), s);
  near(d.dNuZi, fz("dNu"), s);
  const atEN = (e: number, n: number) => at(e, n, zeta);
  near(d.dEta, diff(atEN, eta, nu, "eta", "value"), s);
  near(d.dEta2, diff(atEN, eta, nu, "eta", "dEta"), s);
  near(d.dNu, diff(atEN, eta, nu, "nu", "value"), s);
  near(d.dNu2, diff(atEN, eta, nu, "nu", "dNu"), s);
  near(d.dEtaNu, diff(atEN, eta, nu, "nu", "dEta"), s);
}

describe("derivatives of the log-densities (finite differences)", () => {
  it("beta", () => {
    for (const y of [0.003, 0.2, 0.5, 0.97]) for (const eta of [-3, -0.4, 1.2]) for (const nu of [-1, 1, 3.5]) checkFamily(betaLogDensity, y, eta, nu);
  });
  it("betabinomial", () => {
    for (const [y, n] of [[0, 7], [3, 7], [7, 7], [12, 40]] as const) {
      for (const eta of [-2, 0.3, 2.5]) for (const nu of [-1.5, 0.7, 4]) checkFamily(betabinomialLogDensity, y, eta, nu, n);
    }
  });
  it("nbinom2, nbinom1 and poisson", () => {
    for (const y of [0, 1, 4, 30]) {
      for (const eta of [-2, 0.5, 3]) {
        for (const nu of [-2, 0.4, 3]) {
          checkFamily(nbinom2LogDensity, y, eta, nu);
          checkFamily(nbinom1LogDensity, y, eta, nu);
        }
        checkFamily(poissonLogDensity, y, eta, 0, 1, false);
      }
    }
  });
  it("gaussian with φ = σ²", () => {
    for (const y of [-1.3, 0, 2.2]) for (const eta of [-0.5, 1]) for (const nu of [-1, 0.6]) checkFamily(gaussianLogDensity, y, eta, nu);
  });
  it("zero-inflated mixtures, including the ζ derivatives", () => {
    for (const base of [poissonLogDensity, nbinom2LogDensity, nbinom1LogDensity]) {
      for (const y of [0, 2]) for (const eta of [-1, 1.5]) for (const zeta of [-3, 0.2, 2]) checkZi(base, y, eta, 0.3, zeta);
    }
  });
  // Random inputs (a seeded LCG, so a failure is reproducible): y whole in 0..40, η ∈ [−3, 4], ν ∈ [−2, 3].
  const lcg = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  it("genpois on random inputs (over- and underdispersed, within the support)", () => {
    const u = lcg(14);
    let checked = 0;
    for (let k = 0; k < 300; k++) {
      const y = Math.floor(u() * 41), eta = -3 + 7 * u(), nu = -1.5 + 4.5 * u();
      const c = Math.exp(-nu / 2);
      if (y > 1 && y + c * (Math.exp(eta) - y) < 1e-3) continue; // outside (or at the edge of) the support when φ < 1
      checkFamily(genpoisLogDensity, y, eta, nu);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });
  it("truncated poisson and nbinom2 on random inputs (y ≥ 1), including μ near 0", () => {
    const u = lcg(15);
    for (let k = 0; k < 200; k++) {
      const y = 1 + Math.floor(u() * 40), eta = -6 + 10 * u(), nu = -2 + 5 * u();
      checkFamily(truncatedPoissonLogDensity, y, eta, 0, 1, false);
      checkFamily(truncatedNbinom2LogDensity, y, eta, nu);
    }
  });
  it("compois on random inputs (under- and overdispersed, μ from 0.05 to 55)", () => {
    const u = lcg(16);
    for (let k = 0; k < 60; k++) {
      const y = Math.floor(u() * 50), eta = -3 + 7 * u(), nu = -2 + 4 * u();
      checkFamily(compoisLogDensity, y, eta, nu);
    }
  });
  it("hurdle: the zero-inflated mixture of a truncated family, ζ derivatives included", () => {
    for (const base of [truncatedPoissonLogDensity, truncatedNbinom2LogDensity, genpoisLogDensity]) {
      for (const y of [0, 1, 5]) for (const eta of [-1.2, 0.8]) for (const zeta of [-2, 0.5]) checkZi(base, y, eta, 0.6, zeta);
    }
  });
});
