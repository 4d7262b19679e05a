/**
 * Without WebAssembly (LME4TS_KERNELS=js, set before any kernel loads) the factor with a
 * vector-valued first term, `(x | a) + (1 | b)`, in the dense mode (JS clique panels) and the
 * sparse mode (JS column sweep) gives the brute-force deviance to 1e-10 relative.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { bruteDeviance, slopeData } from "./brute.js";

const savedK = process.env["LME4TS_KERNELS"], savedR = process.env["LME4TS_REST"];
process.env["LME4TS_KERNELS"] = "js";
afterAll(() => {
  if (savedK === undefined) delete process.env["LME4TS_KERNELS"]; else process.env["LME4TS_KERNELS"] = savedK;
  if (savedR === undefined) delete process.env["LME4TS_REST"]; else process.env["LME4TS_REST"] = savedR;
});

describe("q0 = 2 factor with the JS kernels equals the brute-force deviance", () => {
  const data = slopeData(), theta = [0.9, 0.2, 0.4, 0.7];
  for (const rest of ["dense", "sparse"] as const)
    it(`${rest} rest block`, () => {
      process.env["LME4TS_REST"] = rest;
      const input = buildInput("y ~ x + (x | a) + (1 | b)", data, {});
      const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
      const f = allocFactor(cp, input.terms);
      expect(f.mode).toBe(rest);
      expect(f.denseRest).toBeNull();
      if (rest === "sparse") expect(f.rest?.chol.cliques).toBeNull();
      const want = bruteDeviance(input, theta);
      expect(Math.abs(lmmObjective(f, Float64Array.from(theta), false) / want - 1)).toBeLessThan(1e-10);
    });
});
