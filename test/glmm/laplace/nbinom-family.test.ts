/**
 * The negative binomial families of the Laplace engine (glmm/family/nbinom.ts) and the special
 * functions they use: log-densities against R's dnbinom (1e-12 absolute), derivatives in η and in
 * the log dispersion against central differences (1e-6 relative), digamma/trigamma against R
 * (1e-13 relative), bad responses refused with the column named.
 */
import { describe, expect, it } from "vitest";
import { nbinom1, nbinom2 } from "../../../src/glmm/family/nbinom.js";
import { digamma, trigamma } from "../../../src/glmm/family/special.js";
import { LmeError } from "../../../src/messages/error.js";

const y = Float64Array.of(0, 3, 17), wt = Float64Array.of(1, 1, 1);

describe("nbinom log-densities agree with R's dnbinom", () => {
  it("nbinom2: dnbinom(c(0,3,17), size = 0.7, mu = 2.5, log = TRUE)", () => {
    const R = [-1.0638780276210893, -2.4290126505100011, -6.3774821176952088];
    const eta = new Float64Array(3).fill(Math.log(2.5)), par = Float64Array.of(Math.log(0.7));
    R.forEach((r, i) => expect(nbinom2().logDensity(y.subarray(i, i + 1), eta.subarray(i, i + 1), wt.subarray(i, i + 1), par)).toBeCloseTo(r, 12));
  });
  it("nbinom1: dnbinom(c(0,3,17), size = 2.5/1.8, prob = 1/2.8, log = TRUE)", () => {
    const R = [-1.4300269683071640, -2.1274501633257570, -7.7048972316834217];
    const eta = new Float64Array(3).fill(Math.log(2.5)), par = Float64Array.of(Math.log(1.8));
    R.forEach((r, i) => expect(nbinom1().logDensity(y.subarray(i, i + 1), eta.subarray(i, i + 1), wt.subarray(i, i + 1), par)).toBeCloseTo(r, 12));
  });
});

describe("derivatives in η and in the dispersion", () => {
  for (const [name, fam] of [["nbinom2", nbinom2()], ["nbinom1", nbinom1()]] as const) {
    it(name, () => {
      const eta = Float64Array.of(-1.2, 0.9, 2.2), w2 = Float64Array.of(1, 2, 0.5), par = Float64Array.of(0.3);
      const d1 = new Float64Array(3), d2 = new Float64Array(3), fi = new Float64Array(3);
      fam.logDensity(y, eta, w2, par, d1, d2, fi);
      const h = 1e-5;
      for (let i = 0; i < 3; i++) {
        const at = (e: number) => fam.logDensity(y.subarray(i, i + 1), Float64Array.of(e), w2.subarray(i, i + 1), par);
        const at1 = (e: number) => { const o = new Float64Array(1); fam.logDensity(y.subarray(i, i + 1), Float64Array.of(e), w2.subarray(i, i + 1), par, o); return o[0]!; };
        expect(d1[i]).toBeCloseTo((at(eta[i]! + h) - at(eta[i]! - h)) / (2 * h), 6);
        expect(d2[i]).toBeCloseTo((at1(eta[i]! + h) - at1(eta[i]! - h)) / (2 * h), 6);
        expect(fi[i]).toBeGreaterThan(0);
      }
      const g = new Float64Array(1);
      fam.gradParams(y, eta, w2, par, g);
      const atp = (p: number) => fam.logDensity(y, eta, w2, Float64Array.of(p));
      expect(g[0]).toBeCloseTo((atp(par[0]! + h) - atp(par[0]! - h)) / (2 * h), 6);
    });
  }
  it("nbinom2's expected information is lme4's PIRLS weight μ²/V(μ)", () => {
    const eta = Float64Array.of(0.4), fi = new Float64Array(1), k = 2.5, mu = Math.exp(0.4);
    nbinom2().logDensity(Float64Array.of(2), eta, Float64Array.of(1), Float64Array.of(Math.log(k)), undefined, undefined, fi);
    expect(fi[0]).toBeCloseTo((mu * mu) / (mu + (mu * mu) / k), 14);
  });
});

describe("digamma and trigamma agree with R", () => {
  it("at 0.3, 7.5, 42", () => {
    const dg = [-3.5025242222001323, 1.9467574842460871, 3.7257176179372822];
    const tg = [12.245364546107731840, 0.142615896696703826, 0.024095219843670562];
    [0.3, 7.5, 42].forEach((x, i) => {
      expect(Math.abs(digamma(x) / dg[i]! - 1)).toBeLessThan(1e-13);
      expect(Math.abs(trigamma(x) / tg[i]! - 1)).toBeLessThan(1e-13);
    });
  });
});

describe("the GLM view at fixed dispersion", () => {
  it("nbinom2: variance μ + μ²/θ, deviance residuals of MASS's negative.binomial(θ), simulation mean and variance", () => {
    const v = nbinom2().glmView(Float64Array.of(Math.log(2)));
    expect(v.name).toBe("Negative Binomial(2)");
    expect(v.variance(3)).toBeCloseTo(3 + 9 / 2, 14);
    // MASS: 2 wt (y log(pmax(1, y)/μ) − (y + θ) log((y + θ)/(μ + θ)))
    const d = (yy: number, mu: number) => 2 * (yy * Math.log(Math.max(1, yy) / mu) - (yy + 2) * Math.log((yy + 2) / (mu + 2)));
    expect(v.devResid(0, 1.5, 1)).toBeCloseTo(d(0, 1.5), 12);
    expect(v.devResid(7, 1.5, 1)).toBeCloseTo(d(7, 1.5), 12);
    let s = 12345;
    const rng = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    const draws = v.simulate(new Float64Array(20000).fill(3), new Float64Array(20000).fill(1), 1, rng);
    const m = draws.reduce((a, b) => a + b, 0) / draws.length;
    const va = draws.reduce((a, b) => a + (b - m) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(m - 3)).toBeLessThan(0.1); // sd of the mean 0.02
    expect(Math.abs(va / 7.5 - 1)).toBeLessThan(0.1);
  });
});

describe("bad responses", () => {
  for (const fam of [nbinom2(), nbinom1()]) {
    it(`${fam.name}: negative and non-integer counts name the column and rows`, () => {
      expect(() => fam.initialize(Float64Array.of(1, -2, 3), Float64Array.of(1, 1, 1), "TICKS")).toThrow(LmeError);
      expect(() => fam.initialize(Float64Array.of(1, -2, 3), Float64Array.of(1, 1, 1), "TICKS")).toThrow(/'TICKS' has negative values in row 2/);
      expect(() => fam.initialize(Float64Array.of(1, 2.5, 3), Float64Array.of(1, 1, 1), "TICKS")).toThrow(/'TICKS' has non-integer values in row 2/);
      expect(() => fam.initialize(Float64Array.of(1, NaN, 3), Float64Array.of(1, 1, 1), "TICKS")).toThrow(LmeError);
    });
  }
});

describe("cached constants follow the data", () => {
  for (const mk of [nbinom2, nbinom1]) {
    it(`${mk().name}: the same arrays with new values give the new log-density`, () => {
      const fam = mk(), yy = Float64Array.of(1, 4, 0), w = Float64Array.of(1, 1, 1), eta = Float64Array.of(0.1, 1.2, -0.3), par = Float64Array.of(0.2);
      fam.logDensity(yy, eta, w, par);
      yy[1] = 9; w[2] = 2;
      expect(fam.logDensity(yy, eta, w, par)).toBe(mk().logDensity(Float64Array.from(yy), eta, Float64Array.from(w), par));
    });
  }
});

describe("the Poisson limit is computed without cancellation", () => {
  it("nbinom2 at θ = e^25 equals the Poisson log-density (1e-8), nbinom1 at φ = e^-20 too", async () => {
    const { dpoisLog } = await import("../../../src/glmm/family/densities.js");
    const yy = Float64Array.of(0, 1, 4, 13, 40, 120), eta = Float64Array.of(0.2, -1, 1.5, 2.4, 3.6, 4.8), w = new Float64Array(6).fill(1);
    let pois = 0;
    yy.forEach((v, i) => (pois += dpoisLog(v, Math.exp(eta[i]!))));
    expect(Math.abs(nbinom2().logDensity(yy, eta, w, Float64Array.of(25)) - pois)).toBeLessThan(1e-8);
    expect(Math.abs(nbinom1().logDensity(yy, eta, w, Float64Array.of(-20)) - pois)).toBeLessThan(1e-6);
  });
});
