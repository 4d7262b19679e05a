/**
 * glmm/laplace/extended.ts: the warning when a zero-inflation probability runs to 0, and the
 * summary's extra Wald blocks from a family's parameters.
 */
import { describe, expect, it } from "vitest";
import { extraModelBlocks, ziVanishes } from "../../../src/glmm/laplace/extended.js";
import { obsLaplaceFamily } from "../../../src/glmm/family/obsFamily.js";
import { OBS_SPECS } from "../../../src/glmm/family/obsSpecs.js";

const n = 5;
const ones = { X: new Float64Array(n).fill(1), p: 1, names: ["(Intercept)"] };

describe("zero-inflation running to 0", () => {
  it("warns when every pᵢ < 1e-4, says nothing otherwise or without zero-inflation", () => {
    const zip = obsLaplaceFamily(OBS_SPECS.poisson!, { zi: ones });
    expect(ziVanishes(zip, Float64Array.of(-12), n)).toMatch(/zero-inflation probability of the poisson model ran to 0 .*Drop ziformula/);
    expect(ziVanishes(zip, Float64Array.of(-2), n)).toBeNull();
    expect(ziVanishes(obsLaplaceFamily(OBS_SPECS.beta!), Float64Array.of(1), n)).toBeNull();
  });
});

describe("extra Wald blocks", () => {
  it("zi~ and disp~ parameters become the two blocks, z = estimate/se, two-sided normal p", () => {
    const fam = obsLaplaceFamily(OBS_SPECS.nbinom2!, { zi: ones, disp: ones });
    const b = extraModelBlocks(fam, Float64Array.of(-1, 0.5), Float64Array.of(0.5, 0.25));
    expect(b.map((x) => x.title)).toEqual(["Zero-inflation model:", "Dispersion model:"]);
    expect(b[0]!.rows[0]).toMatchObject({ name: "(Intercept)", estimate: -1, se: 0.5, z: -2 });
    expect(b[0]!.rows[0]!.p).toBeCloseTo(0.0455003, 6);
    expect(b[1]!.rows[0]!.z).toBe(2);
    expect(extraModelBlocks(obsLaplaceFamily(OBS_SPECS.beta!), Float64Array.of(2), Float64Array.of(0.1))).toEqual([]);
  });
});
