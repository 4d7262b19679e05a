/**
 * The inlinable exponential and log1p of the GLMM hot loops: within 4 ulp of Math.exp and
 * Math.log1p over their whole domains (dense grids plus the endpoints and the table seams).
 */
import { describe, expect, it } from "vitest";
import { expSmall, log1pUnit, EXP_SMALL_MAX } from "../../src/glmm/family/fastmath.js";

/** The spacing of doubles at |x| (one ulp). */
function ulp(x: number): number {
  const b = new Float64Array([Math.abs(x)]);
  const w = new BigUint64Array(b.buffer);
  w[0]! += 1n;
  return b[0]! - Math.abs(x);
}

describe("fastmath", () => {
  it("expSmall is within 4 ulp of Math.exp on [−38, 38]", () => {
    const xs: number[] = [-EXP_SMALL_MAX, EXP_SMALL_MAX, 0, -0, 1e-300, -1e-300];
    for (let i = 0; i <= 200000; i++) xs.push(EXP_SMALL_MAX * (2 * i / 200000 - 1) + (i % 13) * 1e-7);
    // the table seams: multiples of ln2/64 and halfway points
    for (let k = -3500; k <= 3500; k += 7) xs.push((k * Math.LN2) / 64, ((k + 0.5) * Math.LN2) / 64);
    let worst = 0;
    for (const x of xs) {
      if (Math.abs(x) > EXP_SMALL_MAX) continue;
      const want = Math.exp(x);
      worst = Math.max(worst, Math.abs(expSmall(x) - want) / ulp(want));
    }
    expect(worst).toBeLessThanOrEqual(4);
    expect(expSmall(0)).toBe(1);
  });

  it("log1pUnit is within 4 ulp of Math.log1p on [0, 1]", () => {
    let worst = 0;
    const us = [0, 1, Math.SQRT2 - 1, Math.SQRT2 - 1 + 1e-16, 1e-300, 5e-324, 2.2e-16];
    for (let i = 1; i <= 200000; i++) us.push(i / 200000, Math.pow(10, -16 * (i / 200000)));
    for (const u of us) {
      const want = Math.log1p(u);
      if (want === 0) expect(log1pUnit(u)).toBe(0);
      else worst = Math.max(worst, Math.abs(log1pUnit(u) - want) / ulp(want));
    }
    expect(worst).toBeLessThanOrEqual(4);
  });
});
