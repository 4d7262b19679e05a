import { describe, expect, it } from "vitest";
import {
  bd0, dbinomLog, dgammaLog, dnorm, dpoisLog, lfactorial, lgamma, pcauchy, plogis, pnorm, qcauchy, qlogis, qnorm, roundHalfEven, stirlerr,
} from "../../src/glmm/family/index.js";

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log n! by summing logs (independent of lgamma). */
function logFact(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/** log C(n, x) as a sum of logs of ratios. */
function logChoose(n: number, x: number): number {
  let s = 0;
  for (let k = 1; k <= x; k++) s += Math.log((n - x + k) / k);
  return s;
}

describe("lgamma and friends", () => {
  it("lgamma agrees with exact values", () => {
    for (const n of [1, 2, 3, 5, 10, 16, 30, 100]) expect(lgamma(n)).toBeCloseTo(logFact(n - 1), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 15);
    expect(lgamma(3.5)).toBeCloseTo(Math.log(2.5 * 1.5 * 0.5 * Math.sqrt(Math.PI)), 14);
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
    expect(lgamma(1e-8)).toBeCloseTo(-Math.log(1e-8) - 0.5772156649015329e-8, 13);
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
    // R: lgamma(123.4) = 469.33609744219063, lgamma(0.3) = 1.0957979948180756
    expect(lgamma(123.4)).toBeCloseTo(469.33609744219063, 11);
    expect(lgamma(0.3)).toBeCloseTo(1.0957979948180756, 14);
    expect(lfactorial(20)).toBeCloseTo(logFact(20), 12);
  });

  it("stirlerr is log n! − log(√(2πn)(n/e)^n), and bd0 is x log(x/np) + np − x", () => {
    expect(stirlerr(300)).toBeCloseTo(1 / 3600 - 1 / (360 * 300 ** 3) + 1 / (1260 * 300 ** 5), 17);
    for (const n of [0.5, 1, 2.25, 7, 14.5, 15, 15.5, 40]) {
      const direct = lgamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
      expect(stirlerr(n)).toBeCloseTo(direct, 13);
    }
    expect(stirlerr(1)).toBeCloseTo(1 - LN_SQRT_2PI, 15); // log 1! − log(√(2π) e^{-1})
    expect(stirlerr(0)).toBe(0);
    for (const [x, np] of [[3, 10], [10, 3], [5, 5.2], [100, 101]] as const) {
      expect(bd0(x, np)).toBeCloseTo(x * Math.log(x / np) + np - x, 12);
    }
    expect(bd0(7, 7)).toBe(0);
  });

  it("roundHalfEven rounds like R's round()", () => {
    expect(roundHalfEven(0.5)).toBe(0);
    expect(roundHalfEven(1.5)).toBe(2);
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(-2.5)).toBe(-2);
    expect(roundHalfEven(3.2)).toBe(3);
    expect(roundHalfEven(3.7)).toBe(4);
    expect(roundHalfEven(7)).toBe(7);
  });
});

describe("distribution functions", () => {
  it("pnorm matches R and keeps tail accuracy", () => {
    expect(pnorm(-3)).toBe(0.0013498980316300946);
    expect(pnorm(0.3)).toBe(0.6179114221889527);
    expect(pnorm(2)).toBe(0.9772498680518208);
    expect(pnorm(-12) / 1.776482112077679e-33).toBeCloseTo(1, 14);
    expect(pnorm(7)).toBe(0.9999999999987201);
    for (const x of [-6, -2, -0.5, 0, 0.4, 1.3, 5, 9]) {
      expect(pnorm(x, true)).toBe(pnorm(-x));
      expect(pnorm(x) + pnorm(-x)).toBeCloseTo(1, 15);
    }
    expect(pnorm(-40)).toBe(0);
    expect(pnorm(40)).toBe(1);
  });

  it("qnorm inverts pnorm, down to tiny tail probabilities", () => {
    for (const x of [-37, -20, -8, -3, -1, -0.2, 0, 0.2, 1, 3]) {
      expect(qnorm(pnorm(x))).toBeCloseTo(x, 12);
    }
    expect(qnorm(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(qnorm(1e-300)).toBeCloseTo(-37.0470962993612, 12);
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(qnorm(1.5)).toBeNaN();
  });

  it("dnorm, logistic and Cauchy functions", () => {
    expect(dnorm(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
    expect(dnorm(7.3) / 1.0693837871541648e-12).toBeCloseTo(1, 14);
    expect(dnorm(-2)).toBe(dnorm(2));
    expect(plogis(0)).toBe(0.5);
    expect(qlogis(plogis(2.7))).toBeCloseTo(2.7, 14);
    expect(pcauchy(-5)).toBeCloseTo(0.0628329581890012, 16);
    expect(pcauchy(1)).toBeCloseTo(0.75, 16);
    expect(qcauchy(0.1)).toBeCloseTo(-3.077683537175254, 14);
    expect(qcauchy(pcauchy(12))).toBeCloseTo(12, 10);
  });
});

describe("log densities (Loader's algorithm, as R)", () => {
  it("dbinomLog equals log C(n,x) + x log p + (n−x) log(1−p)", () => {
    for (const [x, n, p] of [[3, 10, 0.3], [0, 7, 0.05], [7, 7, 0.99], [1, 1, 0.4], [120, 400, 0.31], [0, 0, 0.5]] as const) {
      const hand = logChoose(n, x) + (x > 0 ? x * Math.log(p) : 0) + (n - x > 0 ? (n - x) * Math.log(1 - p) : 0);
      expect(dbinomLog(x, n, p)).toBeCloseTo(hand, 11);
    }
    // R: dbinom(3, 10, 0.3, log = TRUE)
    expect(dbinomLog(3, 10, 0.3)).toBe(-1.3211512777668888);
    expect(dbinomLog(2.5, 10, 0.3)).toBe(-Infinity);
    expect(dbinomLog(11, 10, 0.3)).toBe(-Infinity);
    expect(dbinomLog(1, 3, 0)).toBe(-Infinity);
    expect(dbinomLog(0, 3, 0)).toBe(0);
    expect(dbinomLog(1, 3, 1.2)).toBeNaN();
  });

  it("dpoisLog equals x log λ − λ − log x!", () => {
    for (const [x, lam] of [[0, 2.5], [7, 2.5], [1, 0.01], [50, 47.5], [1000, 950.3]] as const) {
      expect(dpoisLog(x, lam)).toBeCloseTo(x * Math.log(lam) - lam - logFact(x), 10);
    }
    expect(dpoisLog(7, 2.5)).toBe(-4.611126237946329); // R
    expect(dpoisLog(0, 0)).toBe(0);
    expect(dpoisLog(2, 0)).toBe(-Infinity);
    expect(dpoisLog(1.5, 2)).toBe(-Infinity);
    expect(dpoisLog(-1, 2)).toBe(-Infinity);
  });

  it("dgammaLog equals (α−1) log x − x/s − α log s − log Γ(α)", () => {
    const lg = new Map([[0.5, 0.5 * Math.log(Math.PI)], [2.5, Math.log(0.75 * Math.sqrt(Math.PI))], [3, Math.log(2)], [1, 0]]);
    for (const [x, a, s] of [[2.3, 0.5, 1.7], [2.3, 2.5, 0.6], [0.01, 3, 0.002], [5, 1, 2]] as const) {
      const hand = (a - 1) * Math.log(x) - x / s - a * Math.log(s) - lg.get(a)!;
      expect(dgammaLog(x, a, s)).toBeCloseTo(hand, 12);
    }
    expect(dgammaLog(2.3, 0.4, 1.7)).toBeCloseTo(-2.861615768358302, 14); // R
    expect(dgammaLog(0, 1, 2)).toBeCloseTo(-Math.log(2), 15);
    expect(dgammaLog(0, 2, 2)).toBe(-Infinity);
    expect(dgammaLog(-1, 2, 2)).toBe(-Infinity);
  });
});
