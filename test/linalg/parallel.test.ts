/**
 * The two-thread dense Cholesky (src/linalg/parallel.ts: a worker thread on shared WebAssembly
 * memory) gives the one-thread kernel's factor to the last bit (same blocking, same per-tile
 * order), and a plain Cholesky's to 1e-12 relative; a non-positive pivot is reported as k+1;
 * the LMM factor's deviance is the same with one and two threads (1e-12: the one-thread path
 * blocks differently below PAR_MIN).
 */
import { describe, expect, it } from "vitest";
import { PAR_BLOCK, ParallelDense, sharedKernelInstance } from "../../src/linalg/parallel.js";
import { naivePotrf } from "./helpers.js";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { lcg } from "../lmm/brute.js";

function spd(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) a[i + j * n] = a[j + i * n] = r() + (i === j ? n / 4 : 0);
  return a;
}

describe("two-thread dense Cholesky", () => {
  const ex = sharedKernelInstance(0);
  it("the shared-memory kernels are built", () => expect(ex).not.toBeNull());
  for (const n of [450, 531])
    it(`n = ${n}: equal to the one-thread factor bit for bit, to a plain Cholesky at 1e-12`, () => {
      const a = spd(n, n), bytes = n * n * 8, work = ex!.workBytes(n, n);
      const base = Math.ceil(ex!.heapBase() / 64) * 64;
      const need = base + 2 * bytes + 2 * work + 256;
      const have = ex!.memory.buffer.byteLength;
      if (need > have) ex!.memory.grow(Math.ceil((need - have) / 65536));
      const a1 = base, a2 = a1 + bytes, w0 = Math.ceil((a2 + bytes) / 64) * 64, w1 = Math.ceil((w0 + work) / 64) * 64;
      const buf = ex!.memory.buffer;
      new Float64Array(buf, a1, n * n).set(a);
      new Float64Array(buf, a2, n * n).set(a);
      const par = new ParallelDense(ex!);
      expect(par.potrf(a1, n, w0, w1)).toBe(0);
      expect(ex!.potrf(a2, n, PAR_BLOCK, w0)).toBe(0);
      const two = new Float64Array(ex!.memory.buffer, a1, n * n), one = new Float64Array(ex!.memory.buffer, a2, n * n);
      const want = a.slice();
      expect(naivePotrf(want, n)).toBe(0);
      let diff = 0, err = 0, scale = 0;
      for (let j = 0; j < n; j++)
        for (let i = j; i < n; i++) {
          const k = i + j * n;
          if (two[k] !== one[k]) diff++;
          err = Math.max(err, Math.abs(two[k]! - want[k]!));
          scale = Math.max(scale, Math.abs(want[k]!));
        }
      expect(diff).toBe(0);
      expect(err / scale).toBeLessThan(1e-12);
      // Not positive definite at column 200: reported as 201 by both.
      const b = a.slice();
      b[200 + 200 * n] = -1e6;
      new Float64Array(ex!.memory.buffer, a1, n * n).set(b);
      new Float64Array(ex!.memory.buffer, a2, n * n).set(b);
      expect(par.potrf(a1, n, w0, w1)).toBe(201);
      expect(ex!.potrf(a2, n, PAR_BLOCK, w0)).toBe(201);
    });
});

describe("the LMM factor with a two-thread rest block", () => {
  it("gives the one-thread deviance (dense rest block of order 450, `(x | a) + (1 | b)`)", () => {
    const r = lcg(3), n = 3000;
    const data = { y: [] as number[], x: [] as number[], a: [] as string[], b: [] as string[] };
    for (let i = 0; i < n; i++) {
      const ai = i < 600 ? i : Math.floor(r() * 600), bi = i < 450 ? i : Math.floor(r() * 450), x = r() * 2 - 1;
      data.a.push(`a${String(ai).padStart(3, "0")}`); data.b.push(`b${String(bi).padStart(3, "0")}`); data.x.push(x);
      data.y.push(1 + 0.3 * x + Math.sin(ai) + Math.cos(bi) * 0.5 + r());
    }
    const saved = { t: process.env["LME4TS_THREADS"], r: process.env["LME4TS_REST"] };
    process.env["LME4TS_REST"] = "dense";
    const dev: number[] = [];
    try {
      for (const t of ["1", "2"]) {
        process.env["LME4TS_THREADS"] = t;
        const input = buildInput("y ~ x + (x | a) + (1 | b)", data, {});
        const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
        const f = allocFactor(cp, input.terms);
        expect(cp.units.m).toBe(450);
        expect(f.denseRest?.threads).toBe(Number(t));
        dev.push(lmmObjective(f, Float64Array.from([0.8, 0.1, 0.3, 0.6]), false));
      }
    } finally {
      for (const [k, v] of [["LME4TS_THREADS", saved.t], ["LME4TS_REST", saved.r]] as const)
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    expect(Number.isFinite(dev[0])).toBe(true);
    expect(Math.abs(dev[1]! / dev[0]! - 1)).toBeLessThan(1e-12);
  }, 30000);
});
