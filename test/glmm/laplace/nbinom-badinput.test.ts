/**
 * Refusals of the negative binomial fits: bad counts through glmer name the response column;
 * Poisson data (no overdispersion) stop with "the data look poisson; fit poisson"; options that
 * have no meaning for a Laplace-engine family are refused with the reason.
 */
import { describe, expect, it } from "vitest";
import { glmer } from "../../../src/glmm/glmer.js";
import { glmerNb } from "../../../src/glmm/glmerNb.js";
import { rpois, rnorm } from "../../../src/glmm/family/random.js";
import { LmeError } from "../../../src/messages/error.js";

/** Park–Miller generator (deterministic test data). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
}

/** y ~ Poisson(exp(0.8 + x/2 + b_g)), b_g ~ N(0, 0.4²), 30 groups of 10. */
function poissonData(seed: number) {
  const rng = lcg(seed), g: string[] = [], x: number[] = [], y: number[] = [];
  for (let j = 0; j < 30; j++) {
    const b = 0.4 * rnorm(rng);
    for (let k = 0; k < 10; k++) {
      const xi = rnorm(rng);
      g.push(`g${j}`); x.push(xi); y.push(rpois(Math.exp(0.8 + xi / 2 + b), rng));
    }
  }
  return { y, x, g };
}

describe("negative binomial refusals", () => {
  it("Poisson data: the data look poisson; fit poisson (nbinom2 and nbinom1)", () => {
    const d = poissonData(7);
    for (const family of ["nbinom2", "nbinom1"]) {
      let err: unknown;
      try { glmer("y ~ x + (1 | g)", d, { family }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(LmeError);
      expect((err as Error).message).toMatch(/the data look poisson; fit poisson/);
    }
  });
  it("negative and non-integer counts name the column", () => {
    const d = poissonData(3);
    const neg = { ...d, y: d.y.map((v, i) => (i === 4 ? -1 : v)) };
    expect(() => glmer("y ~ x + (1 | g)", neg, { family: "nbinom2" })).toThrow(/response 'y' has negative values in row 5/);
    const frac = { ...d, y: d.y.map((v, i) => (i === 9 ? v + 0.5 : v)) };
    expect(() => glmerNb("y ~ x + (1 | g)", frac)).toThrow(/response 'y' has non-integer values in row 10/);
  });
  it("options without meaning for the family", () => {
    const d = poissonData(3);
    expect(() => glmer("y ~ x + (1 | g)", d, { family: "nbinom2", link: "sqrt" })).toThrow(/'log' link only/);
    expect(() => glmer("y ~ x + (1 | g)", d, { family: "nbinom1", nAGQ: 5 })).toThrow(/nAGQ = 5 is not available for the nbinom1 family/);
    expect(() => glmer("y ~ x + (1 | g)", d, { family: "poisson", information: "observed" })).toThrow(/Laplace engine/);
    expect(() => glmerNb("y ~ x + (1 | g)", d, { family: "poisson" } as never)).toThrow(/glmerNb fits the negative binomial family/);
    expect(() => glmer("y ~ x + (1 | g)", d, { family: "negative.binomial" })).toThrow(/use family "nbinom2"/);
  });
});
