/**
 * lmerTest's type 3 hypothesis matrices computed on the distinct rows (cells) of an all-factor
 * design, each weighted by √count, against the same construction on all n rows: the cross
 * products and R's QR pivoting are mathematically those of the n rows, so the matrices must agree
 * to rounding (1e-9 absolute; entries are zapsmall-ed to 7 significant digits on both paths).
 * Designs: ordered × unordered factor (cake), unbalanced three-way with an empty cell (rank
 * deficient), no intercept, `factor(x)` of a numeric column; a numeric covariate has no cells.
 * Agreement of the cells path with lmerTest itself is test/inference/ftable.test.ts (cake_fxf).
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { makeFrame } from "../../src/data/frame.js";
import type { Frame } from "../../src/data/types.js";
import { designTerms, factorCells, type3Hypotheses } from "../../src/inference/hypotheses.js";
import { refData } from "../lmm/reference.js";

/** A deterministic unbalanced three-factor data set with an empty (a3, c2, b4) cell. */
function synthetic(): Frame {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const a: number[] = [], b: number[] = [], c: number[] = [], g: number[] = [], x: number[] = [], y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const ai = Math.floor(rnd() * 3), bi = Math.floor(rnd() * 4), ci = Math.floor(rnd() * 2);
    if (ai === 2 && ci === 1 && bi === 3) continue;
    a.push(ai); b.push(bi); c.push(ci); g.push(i % 12); x.push([10, 20, 40][ai]);
    y.push(ai + 0.5 * bi * ci + (i % 12) * 0.3 + rnd());
  }
  const factor = (name: string, codes: number[], k: number, ordered = false) =>
    ({ kind: "factor" as const, name, codes: Int32Array.from(codes), levels: Array.from({ length: k }, (_, l) => `${name}${l + 1}`), ordered });
  return makeFrame([
    factor("a", a, 3), factor("b", b, 4, true), factor("c", c, 2), factor("g", g, 12),
    { kind: "numeric", name: "x", values: Float64Array.from(x) }, { kind: "numeric", name: "y", values: Float64Array.from(y) },
  ]);
}

function expectSame(formula: string, data: Frame) {
  const d = designTerms(lmer(formula, data));
  const cells = factorCells(d);
  expect(cells, "an all-factor design has cells").not.toBeNull();
  expect(cells!.rows.length).toBeLessThan(d.n);
  expect(cells!.counts.reduce((s, v) => s + v, 0)).toBe(d.n);
  const fast = type3Hypotheses(d), slow = type3Hypotheses(d, { cells: false });
  expect([...fast.keys()]).toEqual([...slow.keys()]);
  for (const [term, L] of slow) {
    const F = fast.get(term)!;
    expect(F.length, `${term}: rows`).toBe(L.length);
    L.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(F[i][j] - v), `${term}[${i},${j}]`).toBeLessThanOrEqual(1e-9)));
  }
}

describe("type 3 hypotheses on the cells of an all-factor design equal those on all rows", () => {
  it("cake: recipe * temperature (ordered)", () => expectSame("angle ~ recipe * temperature + (1 | recipe:replicate)", refData("cake")));
  const data = synthetic();
  it("unbalanced three-way with an empty cell (rank deficient)", () => expectSame("y ~ a * b * c + (1 | g)", data));
  it("two of three interactions", () => expectSame("y ~ a + b + c + a:b + b:c + (1 | g)", data));
  it("no intercept", () => expectSame("y ~ 0 + a * c + (1 | g)", data));
  it("factor(x) of a numeric column", () => expectSame("y ~ factor(x) * c + (1 | g)", data));
  it("a numeric covariate: no cells (all n rows are used)", () => {
    expect(factorCells(designTerms(lmer("angle ~ recipe * temp + (1 | recipe:replicate)", refData("cake"))))).toBeNull();
  });
});
