/**
 * genpois and the zero-truncated counts of src/families against R (test/fixtures/families3/
 * densities.json from scripts/families3-refs.R): genpois from glmmTMB's formula (its dgenpois is
 * C++ only), the truncated ones from glmmTMB 1.1.5's dtruncated_poisson / dtruncated_nbinom2,
 * compois from its series summed in R (λ by uniroot) and its variance from glmmTMB's own C++
 * (`compois()$variance`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compoisLogDensity, compoisVariance, dcompoisLog, dgenpoisLog, genpoisLogDensity, logNonZero, newLogDensity, newZiLogDensity, truncatedNbinom2LogDensity,
  truncatedPoissonLogDensity, zeroInflated,
} from "../../src/families/index.js";
import { logPlogis } from "../../src/families/zeroInflated.js";

type Row = Record<string, number>;
const ref = JSON.parse(readFileSync(new URL("../fixtures/families3/densities.json", import.meta.url), "utf8")) as Record<string, Row[]>;

/** |a − b| ≤ tol·max(1, |b|). */
function close(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe("genpois (glmmTMB: θ = μ/√φ, λ = 1 − 1/√φ)", () => {
  const out = newLogDensity();
  it("log-density against R's formula to 1e-12, directly and through the log-link family", () => {
    expect(ref.genpois!.length).toBe(96);
    for (const r of ref.genpois!) {
      close(dgenpoisLog(r.y!, r.mu!, r.phi!), r.logd!, 1e-12);
      close(genpoisLogDensity(r.y!, Math.log(r.mu!), r.phi!, 1, out).value, r.logd!, 1e-12);
    }
  });
  it("is a distribution: probabilities sum to 1 (R's sums too), mean μ and variance μφ", () => {
    for (const r of ref.genpoisTotal!) {
      let s = 0, m = 0, v = 0;
      for (let y = 0; y <= 5000; y++) {
        const p = Math.exp(dgenpoisLog(y, r.mu!, r.phi!));
        s += p; m += y * p; v += y * y * p;
      }
      close(s, r.total!, 1e-10);
      close(m, r.mu!, 1e-9);
      close(v - m * m, r.mu! * r.phi!, 1e-8);
    }
  });
  it("φ < 1 (underdispersion): −Inf outside the bounded support, the poisson at φ = 1", () => {
    // c = 1/√0.25 = 2: D = y + 2(μ − y) > 0 needs y < 2μ.
    expect(dgenpoisLog(5, 2, 0.25)).toBe(-Infinity);
    expect(genpoisLogDensity(5, Math.log(2), 0.25, 1, out).value).toBe(-Infinity);
    expect(Number.isFinite(dgenpoisLog(3, 2, 0.25))).toBe(true);
    close(dgenpoisLog(4, 2.5, 1), 4 * Math.log(2.5) - 2.5 - Math.log(24), 1e-14);
    expect(dgenpoisLog(-1, 2, 2)).toBe(-Infinity);
    expect(dgenpoisLog(1.5, 2, 2)).toBe(-Infinity);
  });
});

describe("zero-truncated poisson and nbinom2 (glmmTMB's dtruncated_*)", () => {
  const out = newLogDensity();
  it("against R to 1e-12, including μ = 0.001", () => {
    expect(ref.truncated!.length).toBe(48);
    for (const r of ref.truncated!) {
      const eta = Math.log(r.mu!);
      close(truncatedPoissonLogDensity(r.y!, eta, 1, 1, out).value, r.tpois!, 1e-12);
      close(truncatedNbinom2LogDensity(r.y!, eta, r.theta!, 1, out).value, r.tnb2!, 1e-12);
    }
  });
  it("a zero has log-density −Inf (glmmTMB), and the hurdle mixture gives it log p", () => {
    expect(truncatedPoissonLogDensity(0, 0.3, 1, 1, out).value).toBe(-Infinity);
    expect(truncatedNbinom2LogDensity(0, 0.3, 2, 1, out).value).toBe(-Infinity);
    const zo = newZiLogDensity();
    const hurdle = zeroInflated(truncatedNbinom2LogDensity);
    close(hurdle(0, 0.3, -0.7, 2, 1, zo).value, logPlogis(-0.7), 1e-15);
    expect(zo.dEta).toBe(0);
    const f3 = truncatedNbinom2LogDensity(3, 0.3, 2, 1, out).value;
    close(hurdle(3, 0.3, -0.7, 2, 1, zo).value, logPlogis(0.7) + f3, 1e-15);
  });
  it("logNonZero: log(1 − f(0)) for poisson (θ = Infinity) and nbinom2", () => {
    close(logNonZero(1e-8, Infinity), Math.log(1e-8) - 5e-9, 1e-12);
    close(logNonZero(2, 3), Math.log(1 - (1 + 2 / 3) ** -3), 1e-14);
  });
});

describe("compois (glmmTMB: mean μ, ν = 1/φ)", () => {
  const out = newLogDensity();
  it("log-density against the series summed in R (λ by uniroot) to 1e-10", () => {
    expect(ref.compois!.length).toBe(45);
    for (const r of ref.compois!) {
      close(dcompoisLog(r.y!, r.mu!, r.phi!), r.logd!, 1e-10);
      close(compoisLogDensity(r.y!, Math.log(r.mu!), r.phi!, 1, out).value, r.logd!, 1e-10);
    }
  });
  it("variance against glmmTMB's compois()$variance (its C++ compois_calc_var) to 1e-8", () => {
    for (const r of ref.compoisVar!) close(compoisVariance(r.mu!, r.phi!), r.var!, 1e-8);
  });
  it("φ = 1 is the poisson; non-counts have log-density −Inf", () => {
    close(dcompoisLog(4, 2.5, 1), 4 * Math.log(2.5) - 2.5 - Math.log(24), 1e-13);
    expect(dcompoisLog(-1, 2, 2)).toBe(-Infinity);
    expect(dcompoisLog(2.5, 2, 2)).toBe(-Infinity);
    expect(compoisLogDensity(2.5, 0.3, 2, 1, out).value).toBe(-Infinity);
  });
});
