/**
 * The automatic choice between the dense and the sparse rest block (`chooseRestMode` with the cost
 * estimate `restModeCosts`): InstEval's Schur complement (m = 1142, 28% of the dense
 * multiply-adds, sparse measured 2× faster per evaluation) goes sparse; a fully crossed design,
 * whose Schur complement is dense (no saving, only overhead), goes dense; the estimate's parts
 * (root block, scattered update elements) are those of the symbolic factor.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { chooseRestMode, restModeCosts } from "../../src/lmm/factor.js";
import { analyseRest } from "../../src/lmm/restSparse.js";
import type { Frame } from "../../src/data/types.js";
import { refData } from "./reference.js";

const saved = process.env["LME4TS_REST"];
afterEach(() => {
  if (saved === undefined) delete process.env["LME4TS_REST"];
  else process.env["LME4TS_REST"] = saved;
});

function cpOf(formula: string, frame: Frame) {
  const input = buildInput(formula, frame, {});
  return crossProducts(input.X, input.p, input.y, input.weights, input.terms);
}

/** A fully crossed data set: every level of `a` (na) meets every level of `b` (nb) once. */
function crossedData(na: number, nb: number): Frame {
  const n = na * nb, a: string[] = [], b: string[] = [], y = new Float64Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) { a.push(`a${Math.floor(i / nb)}`); b.push(`b${i % nb}`); s = (Math.imul(s, 1664525) + 1013904223) >>> 0; y[i] = s / 2 ** 32; }
  return { y, a, b } as unknown as Frame;
}

describe("rest-block mode by cost estimate", () => {
  it("InstEval (1|s)+(1|d)+(1|dept): sparse, and the estimate's parts match the symbolic factor", () => {
    delete process.env["LME4TS_REST"];
    const cp = cpOf("y ~ service + lectage + (1 | s) + (1 | d) + (1 | dept)", refData("InstEval"));
    const m = cp.units.m;
    expect(m).toBeGreaterThan(1000);
    expect(chooseRestMode(cp)).toBe("sparse");
    const S = analyseRest(cp), c = restModeCosts(S, m);
    expect(c.dense).toBeCloseTo((m * m * m) / 6, 0);
    expect(c.sparse).toBeLessThan(c.dense);
    // The root is the last supernode's own work, a part of the total; the scatter is positive.
    expect(c.root).toBeGreaterThan(0);
    expect(c.root).toBeLessThan(S.flops);
    expect(c.scatter).toBeGreaterThan(0);
    process.env["LME4TS_REST"] = "dense";
    expect(chooseRestMode(cp)).toBe("dense");
  });

  it("fully crossed 330 × 300 (dense Schur complement): dense", () => {
    delete process.env["LME4TS_REST"];
    const cp = cpOf("y ~ 1 + (1 | a) + (1 | b)", crossedData(330, 300));
    const m = cp.units.m;
    expect(m).toBe(300);
    const S = analyseRest(cp), c = restModeCosts(S, m);
    expect(c.scatter).toBe(0);
    expect(c.sparse).toBeGreaterThanOrEqual(c.dense);
    expect(chooseRestMode(cp)).toBe("dense");
  });
});
