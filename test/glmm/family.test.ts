import { describe, expect, it } from "vitest";
import { mulberry32 } from "../helpers.js";
import { binomial, Gamma, gaussian, inverseGaussian, makeFamily, makeLink, poisson, type Family } from "../../src/glmm/family/index.js";
import { LmeError } from "../../src/messages/error.js";

const A = (xs: number[]) => Float64Array.from(xs);
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
const logFact = (n: number) => {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
};
const logChoose = (n: number, x: number) => logFact(n) - logFact(x) - logFact(n - x);

function devResids(f: Family, y: Float64Array, mu: Float64Array, wt: Float64Array): Float64Array {
  const out = new Float64Array(y.length);
  f.devResidsInto(y, mu, wt, out);
  for (let i = 0; i < y.length; i++) expect(out[i]).toBe(f.devResid(y[i]!, mu[i]!, wt[i]!));
  return out;
}

function expectThrows(fn: () => unknown, pattern: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(LmeError);
  expect((err as LmeError).code).toBe("family");
  expect((err as LmeError).message).toMatch(pattern);
}


describe("binomial", () => {
  const y = A([0, 1, 0.25, 0.6, 1, 0]);
  const wt = A([1, 1, 4, 5, 2, 3]);
  const mu = A([0.2, 0.7, 0.3, 0.55, 0.9, 0.05]);

  it("dev.resids = 2 wt [y log(y/μ) + (1−y) log((1−y)/(1−μ))] with 0 log 0 = 0", () => {
    const d = devResids(binomial(), y, mu, wt);
    for (let i = 0; i < y.length; i++) {
      const a = y[i]! > 0 ? y[i]! * Math.log(y[i]! / mu[i]!) : 0;
      const b = y[i]! < 1 ? (1 - y[i]!) * Math.log((1 - y[i]!) / (1 - mu[i]!)) : 0;
      expect(d[i]).toBeCloseTo(2 * wt[i]! * (a + b), 14);
    }
    // lme4 1.1-31 glmFamily values
    expect(d[0]).toBeCloseTo(0.44628710262842, 13);
    expect(d[3]).toBeCloseTo(0.0509361193122451, 13);
  });

  it("aic = −2 × binomial log-likelihood of the successes", () => {
    const f = binomial();
    let ll = 0;
    for (let i = 0; i < y.length; i++) {
      const k = Math.round(wt[i]! * y[i]!);
      ll += logChoose(wt[i]!, k) + k * Math.log(mu[i]!) + (wt[i]! - k) * Math.log(1 - mu[i]!);
    }
    const ones = new Float64Array(6).fill(1);
    expect(f.aic(y, ones, mu, wt, 0)).toBeCloseTo(-2 * ll, 12);
    expect(f.aic(y, ones, mu, wt, 0)).toBeCloseTo(5.8401279729237, 12); // lme4
    // cbind response: n = trials, wt = n × prior weight (1) gives the same value
    expect(f.aic(y, wt, mu, wt, 0)).toBeCloseTo(-2 * ll, 12);
    // zero-weight rows contribute nothing
    expect(f.aic(A([0.3]), A([1]), A([0.5]), A([0]), 0)).toBe(-0);
  });

  it("variance is μ(1−μ), clamped below at ε like lme4; validmu needs 0 < μ < 1", () => {
    const f = binomial();
    expect(f.variance(0.3)).toBeCloseTo(0.21, 16);
    expect(f.variance(1e-17)).toBe(2.220446049250313e-16);
    const v = new Float64Array(2);
    f.varianceInto(A([0.3, 1]), v);
    expect(v[1]).toBe(2.220446049250313e-16);
    expect(f.validmu(0.5)).toBe(true);
    expect(f.validmu(0)).toBe(false);
    expect(f.validmu(1)).toBe(false);
    expect(f.validmu(NaN)).toBe(false);
    expect(f.hasScale).toBe(false);
    expect(f.link.name).toBe("logit");
  });

  it("initialize gives (wt·y + ½)/(wt + 1) and validates y, naming rows", () => {
    const f = binomial();
    const m = f.initialize(A([0, 1, 0.5]), A([1, 1, 4]));
    expect(Array.from(m)).toEqual([0.25, 0.75, 2.5 / 5]);
    // zero-weight rows may hold anything (R sets y to 0 there)
    expect(f.initialize(A([NaN, 1]), A([0, 1]))[0]).toBe(0.5);
    expectThrows(() => f.initialize(A([0, 1.5, 1, -1]), A([1, 1, 1, 1])), /rows 2 and 4/);
    expectThrows(() => f.initialize(A([0, NaN]), A([1, 1])), /row 2\b/);
    expectThrows(() => f.initialize(A([0, 1]), A([1])), /2 responses but 1 weights/);
    const warnings: string[] = [];
    f.initialize(A([0.5, 1, 0.3]), A([1, 1, 1]), (w) => warnings.push(w));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/non-integer #successes.*rows 1 and 3/);
    const none: string[] = [];
    f.initialize(A([0.5, 1]), A([2, 1]), (w) => none.push(w));
    expect(none).toEqual([]);
  });
});

describe("poisson", () => {
  const y = A([0, 1, 3, 7, 2, 0]);
  const mu = A([0.5, 1.2, 2.8, 5.1, 2.5, 0.1]);
  const wt = A([1, 2, 1, 1, 0.5, 1]);

  it("dev.resids = 2 wt [y log(y/μ) − (y − μ)], 2 wt μ at y = 0", () => {
    const d = devResids(poisson(), y, mu, wt);
    for (let i = 0; i < y.length; i++) {
      const hand = 2 * wt[i]! * ((y[i]! > 0 ? y[i]! * Math.log(y[i]! / mu[i]!) : 0) - (y[i]! - mu[i]!));
      expect(d[i]).toBeCloseTo(hand, 14);
    }
    expect(d[0]).toBe(1);
  });

  it("aic = −2 Σ wt log dpois(y; μ); non-integer counts give Inf as in R", () => {
    const f = poisson();
    let ll = 0;
    for (let i = 0; i < y.length; i++) ll += wt[i]! * (y[i]! * Math.log(mu[i]!) - mu[i]! - logFact(y[i]!));
    expect(f.aic(y, y, mu, wt, 0)).toBeCloseTo(-2 * ll, 12);
    expect(f.aic(y, y, mu, wt, 0)).toBeCloseTo(14.0780370909119, 12); // lme4
    expect(f.aic(A([1.5]), A([1]), A([1]), A([1]), 0)).toBe(Infinity);
  });

  it("initialize: μ = y + 0.1, negative counts rejected, non-integer counts warned", () => {
    const f = poisson();
    expect(Array.from(f.initialize(A([0, 4]), A([1, 1])))).toEqual([0.1, 4.1]);
    expectThrows(() => f.initialize(A([0, -1, 2]), A([1, 1, 1])), /negative values.*row 2\b/);
    const w: string[] = [];
    f.initialize(A([0, 1.5]), A([1, 1]), (m) => w.push(m));
    expect(w[0]).toMatch(/non-integer counts.*row 2/);
    expect(f.variance(3)).toBe(3);
    expect(f.validmu(0)).toBe(false);
  });
});

describe("scale families", () => {
  const y = A([0.5, 1.3, 2.7, 0.9, 4.1]);
  const mu = A([0.7, 1.1, 2.2, 1.4, 3.5]);
  const wt = A([1, 1, 2, 1, 0.5]);
  const sw = sum(wt);

  it("Gamma: dev.resids −2 wt [log(y/μ) − (y−μ)/μ]; aic from the gamma density with φ = dev/Σwt, plus 2", () => {
    const f = Gamma();
    const d = devResids(f, y, mu, wt);
    for (let i = 0; i < y.length; i++) {
      expect(d[i]).toBeCloseTo(-2 * wt[i]! * (Math.log(y[i]! / mu[i]!) - (y[i]! - mu[i]!) / mu[i]!), 14);
    }
    const dev = sum(d);
    const phi = dev / sw;
    const shape = 1 / phi;
    // log Γ(shape), independently of the library's lgamma: recurrence up to 50, then Stirling
    let lgShape = 0;
    let s = shape;
    while (s < 50) {
      lgShape -= Math.log(s);
      s += 1;
    }
    lgShape += (s - 0.5) * Math.log(s) - s + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * s) - 1 / (360 * s ** 3);
    let ll = 0;
    for (let i = 0; i < y.length; i++) {
      const scale = mu[i]! * phi;
      ll += wt[i]! * ((shape - 1) * Math.log(y[i]!) - y[i]! / scale - shape * Math.log(scale) - lgShape);
    }
    expect(f.aic(y, y, mu, wt, dev)).toBeCloseTo(-2 * ll + 2, 10);
    expect(f.aic(y, y, mu, wt, dev)).toBeCloseTo(7.62004663327576, 11); // lme4
    expect(f.variance(3)).toBe(9);
    expect(f.hasScale).toBe(true);
    expect(f.link.name).toBe("inverse");
  });

  it("inverse.gaussian: aic = −2 Σ wt log f_IG(y; μ, φ) + 2 with φ = dev/Σwt", () => {
    const f = inverseGaussian();
    const d = devResids(f, y, mu, wt);
    for (let i = 0; i < y.length; i++) expect(d[i]).toBeCloseTo((wt[i]! * (y[i]! - mu[i]!) ** 2) / (y[i]! * mu[i]! ** 2), 15);
    const dev = sum(d);
    const phi = dev / sw;
    let ll = 0;
    for (let i = 0; i < y.length; i++) {
      ll += wt[i]! * (-0.5 * Math.log(2 * Math.PI * phi * y[i]! ** 3) - (y[i]! - mu[i]!) ** 2 / (2 * phi * mu[i]! ** 2 * y[i]!));
    }
    expect(f.aic(y, y, mu, wt, dev)).toBeCloseTo(-2 * ll + 2, 11);
    expect(f.aic(y, y, mu, wt, dev)).toBeCloseTo(9.26492017455714, 11); // lme4
    expect(f.link.name).toBe("1/mu^2");
    expect(f.variance(2)).toBe(8);
  });

  it("gaussian: aic = −2 Σ log N(y; μ, σ²/wt) + 2 with σ² = dev/N", () => {
    const f = gaussian();
    const d = devResids(f, y, mu, wt);
    const dev = sum(d);
    const s2 = dev / y.length;
    let ll = 0;
    for (let i = 0; i < y.length; i++) {
      const v = s2 / wt[i]!;
      ll += -0.5 * Math.log(2 * Math.PI * v) - (y[i]! - mu[i]!) ** 2 / (2 * v);
    }
    expect(f.aic(y, y, mu, wt, dev)).toBeCloseTo(-2 * ll + 2, 11);
    expect(f.aic(y, y, mu, wt, dev)).toBeCloseTo(8.19194742414206, 11); // lme4
    expect(f.variance(7)).toBe(1);
  });

  it("initialize rejects non-positive responses and returns y", () => {
    expectThrows(() => Gamma().initialize(A([1, 0, 2, -3]), A([1, 1, 1, 1])), /non-positive.*'Gamma'.*rows 2 and 4/);
    expectThrows(() => inverseGaussian().initialize(A([1, 0]), A([1, 1])), /positive values only.*row 2/);
    expect(Array.from(Gamma().initialize(A([1, 2.5]), A([1, 1])))).toEqual([1, 2.5]);
    expect(Array.from(gaussian().initialize(A([-1, 0, 2]), A([1, 1, 1])))).toEqual([-1, 0, 2]);
    expectThrows(() => gaussian({ link: "log" }).initialize(A([1, 0, 2]), A([1, 1, 1])), /valid starting values.*'log'.*row 2/);
    expectThrows(() => gaussian({ link: "inverse" }).initialize(A([1, 0, 2]), A([1, 1, 1])), /row 2/);
  });
});

describe("makeFamily", () => {
  it("builds each family with R's default link and accepts 'gamma'", () => {
    const cases: [string, string, string, boolean][] = [
      ["binomial", "binomial", "logit", false],
      ["poisson", "poisson", "log", false],
      ["Gamma", "Gamma", "inverse", true],
      ["gamma", "Gamma", "inverse", true],
      ["inverse.gaussian", "inverse.gaussian", "1/mu^2", true],
      ["gaussian", "gaussian", "identity", true],
    ];
    for (const [arg, name, link, scale] of cases) {
      const f = makeFamily(arg);
      expect(f.name).toBe(name);
      expect(f.link.name).toBe(link);
      expect(f.hasScale).toBe(scale);
    }
    expect(makeFamily("binomial", "probit").link.name).toBe("probit");
    expect(makeFamily("Gamma", "log").link).toBe(makeLink("log"));
  });

  it("rejects unknown families and links not available for the family, listing choices", () => {
    expectThrows(() => makeFamily("bernoulli"), /unknown family 'bernoulli'.*'binomial', 'poisson', 'Gamma', 'inverse.gaussian', 'gaussian'/);
    expectThrows(() => makeFamily("quasipoisson"), /Quasi-likelihood families cannot be used/);
    expectThrows(() => makeFamily("binomial", "identity"), /'identity' is not available for the binomial family.*'logit', 'probit', 'cloglog', 'cauchit', 'log'/);
    expectThrows(() => makeFamily("poisson", "logit"), /available links are 'log', 'identity', 'sqrt'/);
    expectThrows(() => makeFamily("poisson", "nonsense"), /'nonsense'/);
    expectThrows(() => binomial({ link: { name: "half" } as never }), /Link object/);
    // any Link object is accepted, as R accepts link-glm objects
    expect(binomial({ link: makeLink("identity") }).link.name).toBe("identity");
  });
});

describe("simulate", () => {
  const N = 20000;

  function moments(xs: Float64Array): [number, number] {
    const m = sum(xs) / xs.length;
    let v = 0;
    for (const x of xs) v += (x - m) ** 2;
    return [m, v / (xs.length - 1)];
  }

  it("draws with the family's mean and variance", () => {
    const rng = mulberry32(42);
    const check = (f: Family, mu: number, wt: number, scale: number, variance: number) => {
      const sims = f.simulate(new Float64Array(N).fill(mu), new Float64Array(N).fill(wt), scale, rng);
      const [m, v] = moments(sims);
      const se = Math.sqrt(variance / N);
      expect(Math.abs(m - mu)).toBeLessThan(5 * se);
      expect(Math.abs(v / variance - 1)).toBeLessThan(0.08);
    };
    check(binomial(), 0.3, 1, 1, 0.21);
    check(binomial(), 0.3, 8, 1, 0.21 / 8);
    check(binomial(), 0.42, 300, 1, (0.42 * 0.58) / 300); // beta-splitting branch
    check(poisson(), 3.5, 1, 1, 3.5);
    check(poisson(), 80, 1, 1, 80); // rejection branch
    check(Gamma(), 2, 1, 0.5, 0.5 * 4);
    check(Gamma(), 2, 1, 3, 3 * 4); // shape < 1
    check(inverseGaussian(), 1.5, 1, 0.2, 0.2 * 1.5 ** 3);
    check(gaussian(), -1, 4, 2, 2 / 4);
    const b = binomial().simulate(A([0.5, 0.5]), A([3, 5]), 1, rng);
    for (const [i, n] of [[0, 3], [1, 5]] as const) expect(Number.isInteger(b[i]! * n)).toBe(true);
  });

  it("refuses binomial simulation with non-integer trials", () => {
    expectThrows(() => binomial().simulate(A([0.5, 0.5]), A([1, 2.5]), 1, mulberry32(1)), /non-integer.*row 2/);
  });
});
