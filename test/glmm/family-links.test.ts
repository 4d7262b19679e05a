import { describe, expect, it } from "vitest";
import { binomial, defineLink, LINK_NAMES, makeLink } from "../../src/glmm/family/index.js";
import { LmeError } from "../../src/messages/error.js";

const EPS = 2.220446049250313e-16;
const PROB_LINKS = ["logit", "probit", "cloglog", "cauchit"];

/** Means inside each link's natural domain. */
function meansFor(name: string): number[] {
  if (PROB_LINKS.includes(name)) return [0.001, 0.05, 0.2, 0.5, 0.77, 0.95, 0.999];
  return [0.05, 0.7, 1, 3, 42];
}

describe("links", () => {
  it("knows R's nine link names", () => {
    expect([...LINK_NAMES].sort()).toEqual(["1/mu^2", "cauchit", "cloglog", "identity", "inverse", "log", "logit", "probit", "sqrt"]);
    for (const n of LINK_NAMES) expect(makeLink(n).name).toBe(n);
  });

  it("linkinv(linkfun(mu)) = mu for every link", () => {
    for (const name of LINK_NAMES) {
      const l = makeLink(name);
      for (const mu of meansFor(name)) {
        expect(Math.abs(l.linkinv(l.linkfun(mu)) - mu)).toBeLessThan(1e-14 * Math.max(1, mu));
      }
    }
  });

  it("muEta is the derivative of linkinv (central differences)", () => {
    for (const name of LINK_NAMES) {
      const l = makeLink(name);
      for (const mu of meansFor(name)) {
        const eta = l.linkfun(mu);
        const h = 1e-5 * (eta === 0 ? 1 : Math.abs(eta));
        const num = (l.linkinv(eta + h) - l.linkinv(eta - h)) / (2 * h);
        expect(Math.abs(l.muEta(eta) - num)).toBeLessThan(1e-7 * Math.max(1e-3, Math.abs(num)) + 1e-12);
      }
    }
  });

  it("the in-place vector forms equal the scalar forms (also when out aliases eta)", () => {
    for (const name of LINK_NAMES) {
      const l = makeLink(name);
      const eta = Float64Array.from(meansFor(name).map((m) => l.linkfun(m)));
      const inv = new Float64Array(eta.length);
      const me = new Float64Array(eta.length);
      l.linkinvInto(eta, inv);
      l.muEtaInto(eta, me);
      for (let i = 0; i < eta.length; i++) {
        expect(inv[i]).toBe(l.linkinv(eta[i]!));
        expect(me[i]).toBe(l.muEta(eta[i]!));
      }
      const alias = Float64Array.from(eta);
      l.linkinvInto(alias, alias);
      expect(Array.from(alias)).toEqual(Array.from(inv));
    }
  });

  it("logit clamps μ to [ε, 1 − ε] and dμ/dη to ≥ ε, as lme4's glmFamily does", () => {
    const l = makeLink("logit");
    expect(l.linkinv(-40)).toBe(EPS);
    expect(l.linkinv(-1000)).toBe(EPS);
    expect(l.linkinv(40)).toBe(1 - EPS);
    expect(l.linkinv(1000)).toBe(1 - EPS);
    // inside the clamps the exact logistic value (lme4 1.1-31: 6.3051167601469853e-16 at η = −35)
    expect(l.linkinv(-35)).toBe(1 / (1 + Math.exp(35)));
    expect(l.linkinv(-35)).toBeCloseTo(6.3051167601469853e-16, 30);
    expect(l.linkinv(35)).toBe(0.99999999999999933);
    expect(l.linkinv(0)).toBe(0.5);
    expect(l.muEta(0)).toBe(0.25);
    expect(l.muEta(40)).toBe(EPS);
    expect(l.muEta(-40)).toBe(EPS);
    expect(l.muEta(-35)).toBeCloseTo(6.3051167601469803e-16, 30);
    expect(l.muEta(-3)).toBeCloseTo(Math.exp(-3) / (1 + Math.exp(-3)) ** 2, 16);
    expect(l.linkfun(0.25)).toBeCloseTo(Math.log(1 / 3), 15);
  });

  it("clamps the other links like lme4", () => {
    const probit = makeLink("probit");
    expect(probit.linkinv(9)).toBe(1 - EPS);
    expect(probit.linkinv(-3)).toBeCloseTo(0.0013498980316300946, 17);
    expect(probit.muEta(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
    const cloglog = makeLink("cloglog");
    expect(cloglog.linkinv(-40)).toBe(EPS);
    expect(cloglog.linkinv(5)).toBe(1 - EPS);
    expect(cloglog.muEta(-40)).toBe(EPS);
    expect(cloglog.linkinv(0)).toBeCloseTo(1 - Math.exp(-1), 15);
    const cauchit = makeLink("cauchit");
    expect(cauchit.linkinv(1)).toBeCloseTo(0.75, 15);
    expect(cauchit.linkinv(-1e20)).toBeGreaterThan(0);
    const log = makeLink("log");
    expect(log.linkinv(-40)).toBe(EPS);
    expect(log.muEta(-40)).toBe(EPS);
    expect(log.linkinv(2)).toBe(Math.exp(2));
  });

  it("valideta follows R", () => {
    expect(makeLink("sqrt").valideta(-1)).toBe(false);
    expect(makeLink("sqrt").valideta(0.5)).toBe(true);
    expect(makeLink("inverse").valideta(0)).toBe(false);
    expect(makeLink("inverse").valideta(-2)).toBe(true);
    expect(makeLink("1/mu^2").valideta(0)).toBe(false);
    expect(makeLink("1/mu^2").valideta(Infinity)).toBe(false);
    expect(makeLink("logit").valideta(-500)).toBe(true);
  });

  it("rejects unknown link names, listing the valid ones", () => {
    expect(() => makeLink("logistic")).toThrow(LmeError);
    try {
      makeLink("logistic");
    } catch (e) {
      expect((e as LmeError).code).toBe("family");
      expect((e as LmeError).message).toMatch(/'logistic'/);
      expect((e as LmeError).message).toMatch(/'logit', 'probit'/);
    }
  });

  it("defineLink builds a usable custom link (here: the log-log link)", () => {
    const loglog = defineLink({
      name: "loglog",
      linkfun: (mu) => -Math.log(-Math.log(mu)),
      linkinv: (eta) => Math.exp(-Math.exp(-eta)),
      muEta: (eta) => Math.exp(-eta - Math.exp(-eta)),
    });
    const fam = binomial({ link: loglog });
    expect(fam.link.name).toBe("loglog");
    const out = new Float64Array(2);
    fam.link.linkinvInto(Float64Array.from([0, 1]), out);
    expect(out[0]).toBeCloseTo(Math.exp(-1), 15);
    expect(fam.link.valideta(NaN)).toBe(false);
    expect(() => defineLink({ name: "x" } as never)).toThrow(LmeError);
  });
});
