import { describe, expect, it } from "vitest";
import {
  cscFromTriplets,
  logDet,
  lsolve,
  ltsolve,
  numericCholesky,
  permuteVector,
  solveInPlace,
  symbolicCholesky,
  tryNumericCholesky,
  type CscMatrix,
} from "../../src/sparse/index.js";
import { LmeError } from "../../src/messages/error.js";
import {
  denseCholesky,
  denseCholSolve,
  denseFillCount,
  denseL,
  denseSymFromUpper,
  maxAbsDiff,
  randomSpd,
  rng,
} from "./helpers.js";

/** Dense P A Pᵀ. */
function permutedDense(A: CscMatrix, perm: Int32Array): Float64Array {
  const n = A.n;
  const D = denseSymFromUpper(A);
  const P = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) P[b * n + a] = D[perm[b]! * n + perm[a]!]!;
  return P;
}

/** Dense L Lᵀ. */
function llt(L: Float64Array, n: number): Float64Array {
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++) s += L[k * n + i]! * L[k * n + j]!;
      R[j * n + i] = s;
    }
  return R;
}

const cases: [string, number, number, number][] = [
  ["tiny", 5, 0.5, 1],
  ["sparse", 60, 0.05, 2],
  ["denser", 50, 0.3, 3],
  ["very sparse", 80, 0.01, 4],
];

describe("numericCholesky", () => {
  for (const [name, n, dens, seed] of cases) {
    for (const order of ["natural", "amd", "random"] as const) {
      it(`${name} (n=${n}), ${order} order, both kernels: L Lᵀ = P A Pᵀ, pattern = dense symbolic fill, solve and logDet match dense`, () => {
        const A = randomSpd(n, dens, seed);
        let perm: Int32Array | "natural" | "amd" = order === "random" ? new Int32Array(n) : order;
        if (order === "random") {
          const u = rng(seed + 100);
          const p = Array.from({ length: n }, (_, k) => k);
          for (let k = n - 1; k > 0; k--) {
            const r = Math.floor(u() * (k + 1));
            [p[k], p[r]] = [p[r]!, p[k]!];
          }
          perm = Int32Array.from(p);
        }
        const S = symbolicCholesky(A, perm);
        expect(S.nnzL).toBe(denseFillCount(A, S.perm));
        const L = numericCholesky(A, S);
        const Lup = numericCholesky(A, S, undefined, "up-looking");
        expect(maxAbsDiff(L.values, Lup.values)).toBeLessThan(1e-12);
        const Ld = denseL(n, S.colptr, S.rowind, L.values);
        const PAP = permutedDense(A, S.perm);
        const scale = Math.max(...PAP.map(Math.abs));
        expect(maxAbsDiff(llt(Ld, n), PAP) / scale).toBeLessThan(1e-13);

        // solve against the dense reference factor of the unpermuted A
        const D = denseSymFromUpper(A);
        expect(denseCholesky(D, n)).toBe(-1);
        const b = Float64Array.from({ length: n }, (_, k) => Math.cos(k + seed));
        const xRef = denseCholSolve(D, n, b);
        const x = Float64Array.from(b);
        solveInPlace(L, x);
        expect(maxAbsDiff(x, xRef)).toBeLessThan(1e-11);

        let ld = 0;
        for (let j = 0; j < n; j++) ld += 2 * Math.log(D[j * n + j]!);
        expect(logDet(L)).toBeCloseTo(ld, 9);
      });
    }
  }

  it("reuses storage on refactorization and the new factor is right", () => {
    const A = randomSpd(70, 0.06, 21);
    const S = symbolicCholesky(A);
    const L1 = numericCholesky(A, S);
    const vals = L1.values;
    const A2: CscMatrix = { ...A, values: A.values.map((v, p) => v * (1 + 0.1 * Math.sin(p))) };
    // keep it PD: bump the diagonal
    for (let c = 0; c < A2.n; c++) for (let p = A2.colptr[c]!; p < A2.colptr[c + 1]!; p++) if (A2.rowind[p] === c) A2.values[p]! += 2;
    const L2 = numericCholesky(A2, S, L1);
    expect(L2).toBe(L1);
    expect(L2.values).toBe(vals);
    const fresh = numericCholesky(A2, S);
    expect(maxAbsDiff(L2.values, fresh.values)).toBe(0);
    const L3 = numericCholesky(A2, S, L2, "up-looking");
    expect(L3.values).toBe(vals);
    expect(maxAbsDiff(L3.values, fresh.values)).toBeLessThan(1e-13);
    const b = Float64Array.from({ length: 70 }, (_, k) => k % 3);
    const D = denseSymFromUpper(A2);
    denseCholesky(D, 70);
    const x = Float64Array.from(b);
    solveInPlace(L2, x);
    expect(maxAbsDiff(x, denseCholSolve(D, 70, b))).toBeLessThan(1e-11);
  });

  it("reads only the upper triangle: a full symmetric matrix gives the same factor", () => {
    const U = randomSpd(40, 0.1, 5);
    const F = randomSpd(40, 0.1, 5, true);
    const SU = symbolicCholesky(U);
    const SF = symbolicCholesky(F);
    expect(Array.from(SF.perm)).toEqual(Array.from(SU.perm));
    expect(maxAbsDiff(numericCholesky(F, SF).values, numericCholesky(U, SU).values)).toBeLessThan(1e-14);
  });

  it("lsolve / ltsolve solve with L and Lᵀ on the permuted system (with an offset)", () => {
    const n = 30;
    const A = randomSpd(n, 0.15, 8);
    const S = symbolicCholesky(A);
    const L = numericCholesky(A, S);
    const Ld = denseL(n, S.colptr, S.rowind, L.values);
    const b = Float64Array.from({ length: n }, (_, k) => 1 + k);
    const buf = new Float64Array(2 * n);
    buf.set(b, n);
    lsolve(L, buf, n);
    // L x = b
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += Ld[k * n + i]! * buf[n + k]!;
      expect(s).toBeCloseTo(b[i]!, 10);
    }
    const y = Float64Array.from(b);
    ltsolve(L, y);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = i; k < n; k++) s += Ld[i * n + k]! * y[k]!;
      expect(s).toBeCloseTo(b[i]!, 10);
    }
    // permuteVector + lsolve + ltsolve = solveInPlace
    const z = new Float64Array(n);
    permuteVector(S.perm, b, z);
    lsolve(L, z);
    ltsolve(L, z);
    const x = Float64Array.from(b);
    solveInPlace(L, x);
    for (let k = 0; k < n; k++) expect(x[S.perm[k]!]).toBe(z[k]);
  });

  it("names the original column when A is not positive definite, and recovers afterwards", () => {
    // 4×4: columns 0, 1 fine; [2,3] block [[1, 2], [2, 1]] is indefinite → fails at column 3
    const A = cscFromTriplets(4, 4, [0, 1, 2, 2, 3], [0, 1, 2, 3, 3], [4, 4, 1, 2, 1]);
    const S = symbolicCholesky(A, Int32Array.from([3, 0, 1, 2])); // elimination order 3, 0, 1, 2
    let err: unknown;
    try {
      numericCholesky(A, S);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LmeError);
    expect((err as LmeError).code).toBe("numeric");
    expect((err as LmeError).message).toMatch(/column 2 \(elimination step 4 of 4/);
    expect(() => numericCholesky(A, S, undefined, "up-looking")).toThrow(/column 2 \(elimination step 4/);
    const B = cscFromTriplets(4, 4, [0, 1, 2, 2, 3], [0, 1, 2, 3, 3], [4, 4, 3, 1, 2]);
    for (const method of ["supernodal", "up-looking"] as const) {
      const out = { S, values: new Float64Array(S.nnzL) };
      expect(tryNumericCholesky(A, S, out, method)).toBe(3);
      // the workspaces are clean: a PD matrix with the same pattern now factors correctly
      expect(tryNumericCholesky(B, S, out, method)).toBe(-1);
      const x = Float64Array.from([4, 8, 4, 3]);
      solveInPlace(out, x);
      expect(maxAbsDiff(x, [1, 2, 1, 1])).toBeLessThan(1e-14);
    }
  });

  it("handles 0×0 and 1×1 matrices", () => {
    const E = cscFromTriplets(0, 0, [], [], []);
    const SE = symbolicCholesky(E);
    const LE = numericCholesky(E, SE);
    expect(LE.values.length).toBe(0);
    expect(logDet(LE)).toBe(0);
    const one = cscFromTriplets(1, 1, [0], [0], [4]);
    const L1 = numericCholesky(one, symbolicCholesky(one));
    expect(Array.from(L1.values)).toEqual([2]);
    const x = Float64Array.from([8]);
    solveInPlace(L1, x);
    expect(x[0]).toBe(2);
    expect(() => numericCholesky(cscFromTriplets(1, 1, [0], [0], [-1]), symbolicCholesky(one))).toThrow(/column 0/);
  });

  it("rejects a matrix whose pattern does not match the analysis", () => {
    const A = randomSpd(10, 0.3, 1);
    const S = symbolicCholesky(A);
    expect(() => numericCholesky(randomSpd(10, 0.3, 2), S)).toThrow(/pattern differs/);
  });
});

describe("supernodal kernel", () => {
  /** Dense bs×bs diagonal blocks, each coupled to a random subset of a dense border (natural order: border last). */
  function blockArrow(nBlocks: number, bs: number, border: number, seed: number): CscMatrix {
    const u = rng(seed);
    const n = nBlocks * bs + border;
    const I: number[] = [];
    const J: number[] = [];
    const X: number[] = [];
    const rowAbs = new Float64Array(n);
    const add = (a: number, b: number) => {
      const v = u() - 0.5;
      I.push(Math.min(a, b));
      J.push(Math.max(a, b));
      X.push(v);
      rowAbs[a]! += Math.abs(v);
      rowAbs[b]! += Math.abs(v);
    };
    const b0 = nBlocks * bs;
    for (let blk = 0; blk < nBlocks; blk++) {
      const links = Array.from({ length: border }, () => u() < 0.5); // one border subset per block
      for (let a = 0; a < bs; a++) {
        for (let b = a + 1; b < bs; b++) add(blk * bs + a, blk * bs + b);
        for (let c = 0; c < border; c++) if (links[c]) add(blk * bs + a, b0 + c);
      }
    }
    for (let a = 0; a < border; a++) for (let b = a + 1; b < border; b++) add(b0 + a, b0 + b);
    for (let i = 0; i < n; i++) {
      I.push(i);
      J.push(i);
      X.push(1 + rowAbs[i]!);
    }
    return cscFromTriplets(n, n, I, J, X);
  }

  for (const order of ["natural", "amd"] as const) {
    it(`finds wide supernodes with shared row structure and matches the dense factor (${order})`, () => {
      const A = blockArrow(7, 6, 9, 31);
      const n = A.n;
      const S = symbolicCholesky(A, order);
      let widest = 0;
      for (let s = 0; s < S.nSuper; s++) {
        const f = S.snStart[s]!;
        const l = S.snStart[s + 1]! - 1;
        widest = Math.max(widest, l - f + 1);
        for (let c = f; c <= l; c++) {
          expect(S.snOf[c]).toBe(s);
          const len = S.colptr[c + 1]! - S.colptr[c]!;
          expect(len).toBe(S.colptr[f + 1]! - S.colptr[f]! - (c - f));
          for (let t = 0; t < len; t++) expect(S.rowind[S.colptr[c]! + t]).toBe(S.rowind[S.colptr[f]! + (c - f) + t]);
        }
      }
      expect(widest).toBeGreaterThanOrEqual(6);
      expect(S.nSuper).toBeLessThan(n / 3);
      const L = numericCholesky(A, S);
      const Ld = denseL(n, S.colptr, S.rowind, L.values);
      const PAP = permutedDense(A, S.perm);
      expect(maxAbsDiff(llt(Ld, n), PAP)).toBeLessThan(1e-12 * Math.max(...PAP.map(Math.abs)));
      expect(maxAbsDiff(L.values, numericCholesky(A, S, undefined, "up-looking").values)).toBeLessThan(1e-12);
    });
  }
});
