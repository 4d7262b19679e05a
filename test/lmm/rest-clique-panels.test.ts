/**
 * The term-0 Schur complement update C −= Σ_ℓ X_ℓ X_ℓᵀ by column panels (src/lmm/restCliquePanels.ts,
 * JS and the WebAssembly `cliquePanels` through the dense rest workspace) equals the plain
 * level-by-level update on random cliques, q0 = 1, 2, 3, to 1e-13 relative (only the summation
 * order differs); and the whole factor for `(x | a) + (1 | b)` (q0 = 2: dense mode with the panel
 * kernel, sparse mode with the q = 2 `cliqueSubtract`, with and without WebAssembly) gives the
 * profiled deviance of a brute-force dense Cholesky of [ZΛ X y]ᵀ[ZΛ X y] + I to 1e-10 relative.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildCliquePanels, cliquePanelsJs } from "../../src/lmm/restCliquePanels.js";
import { restCliquesDense } from "../../src/lmm/restSparse.js";
import { allocDenseRest } from "../../src/lmm/restDense.js";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts, type CrossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { bruteDeviance, lcg, slopeData } from "./brute.js";


/** Random cliques: ℓ0 levels, each a sorted random subset of 0..m−1, values in the r1Val layout. */
function randomCliques(m: number, l0: number, q: number, seed: number) {
  const r = lcg(seed);
  const r1Ptr = new Int32Array(l0 + 1), rows: number[] = [];
  for (let l = 0; l < l0; l++) {
    const p = r() * 0.6;
    for (let i = 0; i < m; i++) if (r() < p) rows.push(i);
    r1Ptr[l + 1] = rows.length;
  }
  const r1Rows = Int32Array.from(rows);
  const vals = Float64Array.from({ length: rows.length * q }, () => r() * 2 - 1);
  const cp = { units: { m }, q0: q, l0, r1Ptr, r1Rows, P: 2 } as unknown as CrossProducts;
  return { cp, vals };
}

/** Plain reference: level by level, C[ra, rb] −= Σ_c X[a, c] X[b, c] for ra ≥ rb. */
function plain(cp: CrossProducts, vals: Float64Array, c: Float64Array): void {
  const m = cp.units.m, q = cp.q0;
  for (let l = 0; l < cp.l0; l++) {
    const g0 = cp.r1Ptr[l]!, nr = cp.r1Ptr[l + 1]! - g0, off = g0 * q;
    for (let a = 0; a < nr; a++)
      for (let b = 0; b < nr; b++) {
        const ra = cp.r1Rows[g0 + a]!, rb = cp.r1Rows[g0 + b]!;
        if (ra < rb) continue;
        let s = 0;
        for (let k = 0; k < q; k++) s += vals[off + a + k * nr]! * vals[off + b + k * nr]!;
        c[ra + rb * m] -= s;
      }
  }
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return num / den;
}

describe("clique panels: C −= Σ_ℓ X_ℓ X_ℓᵀ", () => {
  for (const q of [1, 2, 3])
    for (const [m, width] of [[37, 5], [64, 64], [150, 16]] as const)
      it(`q0 = ${q}, m = ${m}, panel width ${width}: JS and WebAssembly equal the plain update`, () => {
        const { cp, vals } = randomCliques(m, 25, q, 1000 * q + m);
        const c0 = Float64Array.from({ length: m * m }, (_, i) => Math.sin(i));
        const want = c0.slice();
        plain(cp, vals, want);
        const cl = restCliquesDense(cp);
        const lv = Float64Array.from(cl.packIdx, (i) => vals[i]!);
        const js = c0.slice();
        cliquePanelsJs(buildCliquePanels(cl, cp.r1Ptr, m, width), lv, js);
        // Only the lower triangle is updated, as in the plain version.
        expect(maxRel(js, want)).toBeLessThan(1e-13);
        const dr = allocDenseRest(cp, cl);
        expect(dr).not.toBeNull();
        dr!.Lrr.set(c0);
        dr!.cliqueValues!.set(lv);
        dr!.subtractCliques();
        expect(maxRel(dr!.Lrr, want)).toBeLessThan(1e-13);
        // Same products, sums and order per entry (the q = 2 kernel's 4- and 1-column blocks included): equal bits.
        expect(Array.from(dr!.Lrr)).toEqual(Array.from(js));
      });
});

const saved = process.env["LME4TS_REST"];
afterEach(() => {
  if (saved === undefined) delete process.env["LME4TS_REST"]; else process.env["LME4TS_REST"] = saved;
});

describe("factor with a vector-valued first term (q0 = 2) equals the brute-force deviance", () => {
  const data = slopeData(), theta = [0.9, 0.2, 0.4, 0.7];
  for (const rest of ["dense", "sparse"] as const)
    it(`${rest} rest block, WebAssembly kernels`, () => {
      process.env["LME4TS_REST"] = rest;
      const input = buildInput("y ~ x + (x | a) + (1 | b)", data, {});
      expect(input.terms[0]!.q).toBe(2);
      const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
      const f = allocFactor(cp, input.terms);
      expect(f.mode).toBe(rest);
      if (rest === "dense") expect(f.denseRest?.cliques?.q).toBe(2);
      else expect(f.rest?.chol.cliques).not.toBeNull();
      const want = bruteDeviance(input, theta);
      expect(Math.abs(lmmObjective(f, Float64Array.from(theta), false) / want - 1)).toBeLessThan(1e-10);
    });
});
