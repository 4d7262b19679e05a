/**
 * The per-observation log-densities of src/families against R 4.2.2 (dbeta, dnbinom, dpois, the
 * betabinomial through lbeta/lchoose, zero-inflated mixtures; test/fixtures/families2/densities.json
 * from scripts/families2-refs.R). Values agree to 1e-12 relative (absolute near 0).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  betaLogDensity, betabinomialLogDensity, dbetaLog, dbetabinomLog, digamma, dnbinomMuLog, lbeta, nbinom1LogDensity,
  nbinom2LogDensity, newLogDensity, newZiLogDensity, poissonLogDensity, trigamma, zeroInflated,
} from "../../src/families/index.js";
import { qlogis } from "../../src/glmm/family/index.js";

type Row = Record<string, number>;
const ref = JSON.parse(readFileSync(new URL("../fixtures/families2/densities.json", import.meta.url), "utf8")) as Record<string, Row[]>;

/** |a − b| ≤ tol·max(1, |b|). */
function close(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe("special functions against R", () => {
  it("digamma and trigamma to 1e-13 relative", () => {
    for (const r of ref.special!) {
      close(digamma(r.x!), r.digamma!, 1e-13);
      close(trigamma(r.x!), r.trigamma!, 1e-13);
    }
  });
  it("lbeta to 1e-13 relative", () => {
    for (const r of ref.lbeta!) close(lbeta(r.a!, r.b!), r.lbeta!, 1e-13);
  });
});

describe("log-densities against R", () => {
  const out = newLogDensity();
  it("beta: dbeta(y, μφ, (1 − μ)φ), directly and through the logit-link family", () => {
    for (const r of ref.beta!) {
      close(dbetaLog(r.y!, r.mu! * r.phi!, (1 - r.mu!) * r.phi!), r.logd!, 1e-12);
      close(betaLogDensity(r.y!, qlogis(r.mu!), r.phi!, 1, out).value, r.logd!, 1e-10);
    }
  });
  it("betabinomial: lchoose + lbeta(k + α, n − k + β) − lbeta(α, β)", () => {
    for (const r of ref.betabinomial!) {
      close(dbetabinomLog(r.k!, r.n!, r.mu! * r.phi!, (1 - r.mu!) * r.phi!), r.logd!, 1e-12);
      close(betabinomialLogDensity(r.k!, qlogis(r.mu!), r.phi!, r.n!, out).value, r.logd!, 1e-10);
    }
  });
  it("nbinom2, nbinom1 and poisson: dnbinom(mu =) and dpois", () => {
    for (const r of ref.nbinom!) {
      const eta = Math.log(r.mu!);
      close(dnbinomMuLog(r.y!, r.phi!, r.mu!), r.nb2!, 1e-12);
      close(dnbinomMuLog(r.y!, r.mu! / r.phi!, r.mu!), r.nb1!, 1e-12);
      close(nbinom2LogDensity(r.y!, eta, r.phi!, 1, out).value, r.nb2!, 1e-12);
      close(nbinom1LogDensity(r.y!, eta, r.phi!, 1, out).value, r.nb1!, 1e-10);
      close(poissonLogDensity(r.y!, eta, r.phi!, 1, out).value, r.pois!, 1e-12);
    }
  });
  it("zero-inflated poisson, nbinom2 and nbinom1: log(p·[y = 0] + (1 − p) f(y))", () => {
    const zo = newZiLogDensity();
    const fams = { zip: zeroInflated(poissonLogDensity), zinb2: zeroInflated(nbinom2LogDensity), zinb1: zeroInflated(nbinom1LogDensity) };
    for (const r of ref.zi!) {
      for (const [k, f] of Object.entries(fams)) close(f(r.y!, Math.log(r.mu!), qlogis(r.pz!), r.phi!, 1, zo).value, r[k]!, 1e-10);
    }
  });
  it("the poisson limit of nbinom2 keeps its digits (θ = 1e12)", () => {
    close(dnbinomMuLog(3, 1e12, 2.5), -2.5 + 3 * Math.log(2.5) - Math.log(6), 1e-10);
    const o = nbinom2LogDensity(3, Math.log(2.5), 1e12, 1, out);
    close(o.dEta, 0.5, 1e-10);
    expect(Math.abs(o.dNu)).toBeLessThan(1e-9);
  });
});
