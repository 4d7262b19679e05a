/**
 * The exact gradient of the Laplace deviance (src/glmm/laplace/gradient.ts) against central
 * differences of the deviance itself, at a point away from the optimum, in θ, β and the family's
 * parameters: nbinom2 with two crossed-nested scalar terms (grouseticks), a zero-inflated
 * nbinom2 with a zero-inflation model (signed observed weights: the mixture is not log-concave),
 * a beta model with a dispersion model, and a correlated vector-valued term; and the objective's
 * cache of its last gradient (served again, bit for bit, at the same point after the deviance
 * was evaluated elsewhere — recomputing from other warm-started modes differs at ~1e-12).
 *
 * Tolerance: 2e-6 × max(1, |g|) — the differences of the deviance (step 1e-5) carry the inner
 * Newton iteration's convergence error (~1e-10 in D) divided by the step, and the gradient's
 * own third derivatives are differences of d2 (~1e-9 relative).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../../src/data/index.js";
import { buildInput } from "../../../src/model/lmmInput.js";
import { extendedVariables } from "../../../src/glmm/laplace/extended.js";
import { laplaceSetup } from "../../../src/glmm/laplace/fit.js";
import { laplaceObjective } from "../../../src/glmm/laplace/gradFit.js";
import type { GlmerOptions } from "../../../src/glmm/glmer.js";
import type { DataInput } from "../../../src/data/types.js";

const fx = (dir: string, name: string) => fileURLToPath(new URL(`../../fixtures/${dir}/${name}`, import.meta.url));
const sal = readCsv(fx("families2", "salamanders.csv"), fx("families2", "salamanders.schema.json"));
const betasim = readCsv(fx("families2", "betasim.csv"), fx("families2", "betasim.schema.json"));
const grouse = readCsv(fileURLToPath(new URL("../../../datasets/grouseticks.csv", import.meta.url)), fileURLToPath(new URL("../../../datasets/grouseticks.schema.json", import.meta.url)));

/** The Laplace objective of a model and its start point (θ₀, β = log ȳ or 0, the family's start). */
function objectiveAtStart(formula: string, data: DataInput, opts: GlmerOptions) {
  const input = buildInput(formula, data, { checkLevels: false, numericResponse: false, extraVariables: extendedVariables(opts) });
  const s = laplaceSetup(input, opts);
  const obj = laplaceObjective(s.lw, s.nth, s.p, s.np);
  const n = s.nth + s.p + s.np;
  const x = new Float64Array(n);
  x.set(s.layout.start);
  x.set(s.par0, s.nth + s.p);
  return { s, obj, n, x };
}

function check(formula: string, data: DataInput, opts: GlmerOptions, shift: (k: number) => number) {
  const { obj, n, x } = objectiveAtStart(formula, data, opts);
  // A point away from the optimum: the start + shift.
  for (let k = 0; k < n; k++) x[k] += shift(k);
  const g = new Float64Array(n);
  expect(Number.isFinite(obj.f(x))).toBe(true);
  expect(obj.grad(x, g)).toBe(true);
  const h = 1e-5;
  for (let k = 0; k < n; k++) {
    const xp = Float64Array.from(x), xm = Float64Array.from(x);
    xp[k] += h; xm[k] -= h;
    const fd = (obj.f(xp) - obj.f(xm)) / (2 * h);
    expect(Math.abs(g[k]! - fd)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(fd)));
  }
}

describe("the Laplace deviance's exact gradient agrees with its differences", () => {
  it("nbinom2, (1 | BROOD) + (1 | LOCATION) on grouseticks", () => {
    check("TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)", grouse, { family: "nbinom2" }, (k) => 0.1 * Math.sin(k + 1));
  });
  it("zero-inflated nbinom2 with ziformula ~ mined (Salamanders)", () => {
    check("count ~ spp + mined + (1 | site)", sal, { family: "nbinom2", ziformula: "~ mined" }, (k) => 0.05 * Math.cos(k + 2));
  });
  it("beta with dispformula ~ z", () => {
    check("y2 ~ x + (1 | g)", betasim, { family: "beta", dispformula: "~ z" }, (k) => 0.1 * Math.sin(2 * k + 1));
  });
  it("nbinom1 with a correlated term (1 + cover | site)", () => {
    check("count ~ mined + (1 + cover | site)", sal, { family: "nbinom1" }, (k) => 0.05 * Math.sin(k + 3));
  });
  it("a gradient asked for again at the same point is the same, after the deviance moved elsewhere", () => {
    const { s, obj, n, x } = objectiveAtStart("count ~ spp + mined + (1 | site)", sal, { family: "poisson", ziformula: "~ mined" });
    const x2 = Float64Array.from(x, (v, k) => v + 0.05 * Math.sin(k + 1));
    const g1 = new Float64Array(n), g2 = new Float64Array(n), g3 = new Float64Array(n), fresh = new Float64Array(n);
    expect(obj.grad(x, g1)).toBe(true);
    obj.f(x2);
    expect(obj.grad(x, g2)).toBe(true);
    expect(Array.from(g2)).toEqual(Array.from(g1));
    // a new point is not served from the cache
    expect(obj.grad(x2, g3)).toBe(true);
    expect(Math.max(...g3.map((v, k) => Math.abs(v - g1[k]!)))).toBeGreaterThan(1e-3);
    // and it equals a gradient computed from scratch at x (a fresh objective on the same workspace)
    const again = laplaceObjective(s.lw, s.nth, s.p, s.np);
    expect(again.grad(x, fresh)).toBe(true);
    for (let k = 0; k < n; k++) expect(Math.abs(fresh[k]! - g1[k]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(g1[k]!)));
  });
});
