/**
 * The derivatives and shortcuts added for the Laplace engine's speed (issue 14):
 * - the zero-inflated mixture's ∂³ log f/∂η²∂ζ (`dEta2Zi`, zeroInflated.ts) against a central
 *   difference in ζ of its analytic ∂² log f/∂η² (step 1e-5; tolerance 1e-7 × max(1, |value|):
 *   the difference's truncation error is ~1e-10 × the fourth derivative);
 * - `zeroInflatedParts` with ζ's quantities precomputed equals `zeroInflated` (to 1e-14);
 * - `dbetaLog`'s direct sum (α + β ≤ 1000) against R's saddle-point form through dbinom_raw, the
 *   branch R takes for α, β > 2 (tolerance 1e-11 absolute, or 1e-14 relative beyond 1000: the
 *   direct sum's rounding).
 */
import { describe, expect, it } from "vitest";
import { dbetaLog, nbinom1LogDensity, nbinom2LogDensity, newZiLogDensity, poissonLogDensity, zeroInflated } from "../../src/families/index.js";
import { zeroInflatedParts, ziParts } from "../../src/families/zeroInflated.js";
import { dbinomRawLog } from "../../src/glmm/family/densities.js";
import type { ObsLogDensity } from "../../src/families/types.js";

const bases: [string, ObsLogDensity][] = [["poisson", poissonLogDensity], ["nbinom2", nbinom2LogDensity], ["nbinom1", nbinom1LogDensity]];

describe("zero-inflated third derivative in ζ", () => {
  for (const [name, base] of bases) {
    it(`${name}: ∂³/∂η²∂ζ equals the difference of ∂²/∂η² in ζ`, () => {
      const f = zeroInflated(base);
      const o = newZiLogDensity(), op = newZiLogDensity(), om = newZiLogDensity();
      const h = 1e-5;
      let checked = 0;
      for (const y of [0, 1, 4]) for (const eta of [-1.5, 0.2, 1.7]) for (const zeta of [-3, -0.4, 0.8]) {
        f(y, eta, zeta, 1.7, 1, o);
        f(y, eta, zeta + h, 1.7, 1, op);
        f(y, eta, zeta - h, 1.7, 1, om);
        const fd = (op.dEta2 - om.dEta2) / (2 * h);
        expect(Math.abs(o.dEta2Zi - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
        if (y === 0) expect(Math.abs(fd)).toBeGreaterThan(1e-4); // the zero rows carry it
        else expect(o.dEta2Zi).toBe(0);
        checked++;
      }
      expect(checked).toBe(27);
    });
  }
  it("the precomputed ζ quantities give the same density and derivatives", () => {
    const f = zeroInflated(nbinom2LogDensity), g = zeroInflatedParts(nbinom2LogDensity);
    const a = newZiLogDensity(), b = newZiLogDensity(), z = { p: 0, q: 0, lp: 0, lq: 0 };
    const rows = { p: new Float64Array(3), q: new Float64Array(3), lp: new Float64Array(3), lq: new Float64Array(3) };
    for (const y of [0, 2]) for (const zeta of [-40, -2, 0, 3, 40]) {
      f(y, 0.3, zeta, 2.5, 1, a);
      ziParts(zeta, z);
      rows.p[2] = z.p; rows.q[2] = z.q; rows.lp[2] = z.lp; rows.lq[2] = z.lq;
      g(y, 0.3, 2.5, 1, rows, 2, b);
      for (const k of Object.keys(a) as (keyof typeof a)[]) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(a[k])));
    }
  });
});

describe("dbetaLog's direct sum", () => {
  it("agrees with the saddle-point form for 2 < α, β and α + β ≤ 1000", () => {
    let n = 0;
    for (const x of [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-7])
      for (const a of [2.5, 7, 40, 300])
        for (const b of [2.1, 9, 60, 650]) {
          if (a + b > 1000) continue;
          const saddle = Math.log(a + b - 1) + dbinomRawLog(a - 1, a + b - 2, x, 1 - x);
          expect(Math.abs(dbetaLog(x, a, b) - saddle)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(saddle) / 1e3));
          n++;
        }
    expect(n).toBeGreaterThan(100);
  });
});
