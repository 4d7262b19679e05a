/**
 * The sparse rest-block mode (src/lmm/restSparse.ts) reproduces the dense mode: objective, β, u
 * and condVar agree to 1e-9 relative at the same θ, on crossed / nested models with scalar and
 * vector rest terms. Modes are forced with LME4TS_REST (read by allocFactor).
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor, updateFactor, type LmmFactor } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { plsSolve, condVar } from "../../src/lmm/solution.js";
import type { Frame } from "../../src/data/types.js";
import { refData, loadRef } from "./reference.js";

const saved = process.env["LME4TS_REST"];
afterEach(() => {
  if (saved === undefined) delete process.env["LME4TS_REST"];
  else process.env["LME4TS_REST"] = saved;
});

function factorIn(mode: "dense" | "sparse", cp: ReturnType<typeof crossProducts>, terms: Parameters<typeof allocFactor>[1]): LmmFactor {
  process.env["LME4TS_REST"] = mode;
  const f = allocFactor(cp, terms);
  expect(f.mode).toBe(mode);
  return f;
}

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return den === 0 ? num : num / den;
}

/** Rows 0..n-1 of a frame as records (factor columns as level strings). */
function head(frame: Frame, n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, unknown> = {};
    for (const [name, c] of frame.columns) r[name] = c.kind === "numeric" ? c.values[i] : c.levels[c.codes[i]!];
    out.push(r);
  }
  return out;
}

interface Case { id: string; formula: string; data: () => Frame | Record<string, unknown>[]; theta: number[]; REML: boolean }

const cases: Case[] = [
  { id: "penicillin (1|plate)+(1|sample)", formula: "diameter ~ 1 + (1 | plate) + (1 | sample)", data: () => refData("Penicillin"), theta: loadRef("penicillin_crossed").fit.theta, REML: true },
  { id: "pastes (1|batch/cask)", formula: "strength ~ 1 + (1 | batch/cask)", data: () => refData("Pastes"), theta: loadRef("pastes_nested").fit.theta, REML: true },
  { id: "grouseticks three scalar terms, ML", formula: "log(TICKS + 1) ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", data: () => refData("grouseticks"), theta: [0.6, 0.4, 0.5], REML: false },
  { id: "grouseticks vector rest term", formula: "log(TICKS + 1) ~ YEAR + cHEIGHT + (1 | INDEX) + (1 + cHEIGHT | LOCATION) + (1 | BROOD)", data: () => refData("grouseticks"), theta: [0.5, 0.6, 0.1, 0.3, 0.4], REML: true },
  { id: "grouseticks vector term 0", formula: "log(TICKS + 1) ~ YEAR + cHEIGHT + (1 + cHEIGHT | BROOD) + (1 | LOCATION)", data: () => refData("grouseticks"), theta: [0.7, -0.2, 0.3, 0.5], REML: true },
  { id: "InstEval subset (1|s)+(1|d)+(1|dept)", formula: "y ~ service + lectage + (1 | s) + (1 | d) + (1 | dept)", data: () => head(refData("InstEval"), 12000), theta: [0.28, 0.43, 0.07], REML: true },
];

describe("rest block: sparse mode equals dense mode", () => {
  for (const c of cases) {
    it(c.id, () => {
      const input = buildInput(c.formula, c.data() as Frame, { checkLevels: false });
      expect(input.terms.length).toBeGreaterThan(1);
      const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
      const fd = factorIn("dense", cp, input.terms);
      const fs = factorIn("sparse", cp, input.terms);
      const theta = Float64Array.from(c.theta);
      const od = lmmObjective(fd, theta, c.REML), os = lmmObjective(fs, theta, c.REML);
      expect(Number.isFinite(od)).toBe(true);
      expect(Math.abs(os - od) / Math.abs(od)).toBeLessThan(1e-9);
      updateFactor(fd, theta);
      updateFactor(fs, theta);
      const sd = plsSolve(fd), ss = plsSolve(fs);
      expect(relDiff(ss.beta, sd.beta)).toBeLessThan(1e-9);
      expect(relDiff(ss.u, sd.u)).toBeLessThan(1e-9);
      sd.b.forEach((b, k) => expect(relDiff(ss.b[k]!, b)).toBeLessThan(1e-9));
      expect(relDiff(ss.unscaledVcov, sd.unscaledVcov)).toBeLessThan(1e-9);
      const cd = condVar(fd, 1.7), cs = condVar(fs, 1.7);
      cd.forEach((v, k) => expect(relDiff(cs[k]!, v)).toBeLessThan(1e-9));
    });
  }

  it("automatic choice: small rest blocks stay dense", () => {
    delete process.env["LME4TS_REST"];
    const input = buildInput("diameter ~ 1 + (1 | plate) + (1 | sample)", refData("Penicillin"), {});
    const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
    expect(allocFactor(cp, input.terms).mode).toBe("dense");
  });

  it("sparse mode reports a non-positive-definite rest block as a failed update", () => {
    const input = buildInput("diameter ~ 1 + (1 | plate) + (1 | sample)", refData("Penicillin"), {});
    const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
    const fs = factorIn("sparse", cp, input.terms);
    expect(updateFactor(fs, [1, NaN])).toBe(false);
    expect(updateFactor(fs, [1, 2])).toBe(true);
  });
});
