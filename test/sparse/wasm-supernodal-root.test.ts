/**
 * The dense root block of the WebAssembly supernodal factorization (SupernodalEngine with
 * `rootDenseMin`): the supernodal sweep stops at the last (root) supernode, its pending updates are
 * applied by column ranges (`snRootUpdate`: the worker takes the columns from ≈ 29% on) and the
 * dense blocked Cholesky factorizes it, on one or two threads. Checked on random
 * SPD matrices whose AMD factor ends in a wide dense root: the two-thread factor equals the
 * one-thread factor bit for bit, both equal the plain supernodal kernel's factor and a dense
 * Cholesky to 1e-12, and a non-positive pivot inside the root is reported at the same column.
 */
import { describe, expect, it } from "vitest";
import { symbolicCholesky, relaxSupernodes, SupernodalEngine, wasmSupernodalAvailable, type CscMatrix } from "../../src/sparse/index.js";
import { sharedKernelInstance, PAR_BLOCK, PAR_TAIL } from "../../src/linalg/parallel.js";
import { randomSpd, denseSymFromUpper, denseCholesky } from "./helpers.js";

/** Assembles A (upper triangle stored) into the engine's blocks through `position`. */
function assemble(A: CscMatrix, e: SupernodalEngine, pinv: Int32Array, scaleDiag = 1, bad = -1): void {
  e.values.fill(0);
  for (let c = 0; c < A.n; c++)
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
      const r = A.rowind[p]!;
      if (r > c) continue;
      const a = pinv[r]!, b = pinv[c]!;
      const pos = a >= b ? e.position(a, b) : e.position(b, a);
      e.values[pos]! += r === c ? (a === bad ? -1e6 : A.values[p]! * scaleDiag) : A.values[p]!;
    }
}

/** L in S's CSC layout. */
function factorCsc(e: SupernodalEngine, nnz: number): Float64Array {
  const out = new Float64Array(nnz);
  e.toCsc(out);
  return out;
}

describe.runIf(wasmSupernodalAvailable())("supernodal factorization with a dense root block", () => {
  for (const [n, density, seed] of [[700, 0.2, 11], [520, 0.35, 12]] as const) {
    it(`n = ${n}: 2 threads = 1 thread bit for bit, = plain supernodal and dense Cholesky to 1e-12`, () => {
      const A = randomSpd(n, density, seed);
      const S = relaxSupernodes(symbolicCholesky(A, "amd"));
      const plain = new SupernodalEngine(S, 1, null, { rootDenseMin: Infinity });
      const one = new SupernodalEngine(S, 1, null, { rootDenseMin: 64, threads: 1 });
      const two = new SupernodalEngine(S, 1, null, { rootDenseMin: 64, threads: 2 });
      expect(plain.rootWidth).toBe(0);
      // The root must be wide enough for the worker to take part (beyond the one-thread tail).
      expect(one.rootWidth).toBeGreaterThan(PAR_TAIL + PAR_BLOCK);
      expect(two.rootWidth).toBe(one.rootWidth);
      expect(two.threads).toBe(sharedKernelInstance(0) ? 2 : 1);
      for (const e of [plain, one, two]) { assemble(A, e, S.pinv); expect(e.factor()).toBe(-1); }
      const Lp = factorCsc(plain, S.nnzL), L1 = factorCsc(one, S.nnzL), L2 = factorCsc(two, S.nnzL);
      let diff = 0;
      for (let p = 0; p < S.nnzL; p++) if (L1[p] !== L2[p]) diff++;
      expect(diff).toBe(0);
      let err = 0, scale = 0;
      for (let p = 0; p < S.nnzL; p++) { err = Math.max(err, Math.abs(L1[p]! - Lp[p]!)); scale = Math.max(scale, Math.abs(Lp[p]!)); }
      expect(err / scale).toBeLessThan(1e-12);
      expect(Math.abs(one.logDet() - plain.logDet()) / Math.abs(plain.logDet())).toBeLessThan(1e-13);
      // Dense reference: L of P A Pᵀ.
      const D = denseSymFromUpper(A), PD = new Float64Array(n * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) PD[S.pinv[i]! + S.pinv[j]! * n] = D[i + j * n]!;
      expect(denseCholesky(PD, n)).toBe(-1);
      let derr = 0;
      for (let j = 0; j < n; j++)
        for (let p = S.colptr[j]!; p < S.colptr[j + 1]!; p++) derr = Math.max(derr, Math.abs(L2[p]! - PD[j * n + S.rowind[p]!]!));
      expect(derr / scale).toBeLessThan(1e-12);
    });
  }

  it("a non-positive pivot inside the root is reported at the same permuted column", () => {
    const A = randomSpd(700, 0.2, 11);
    const S = relaxSupernodes(symbolicCholesky(A, "amd"));
    const plain = new SupernodalEngine(S, 1, null, { rootDenseMin: Infinity });
    const two = new SupernodalEngine(S, 1, null, { rootDenseMin: 64, threads: 2 });
    const bad = S.n - Math.floor(two.rootWidth / 2);
    for (const e of [plain, two]) assemble(A, e, S.pinv, 1, bad);
    expect(plain.factor()).toBe(bad);
    expect(two.factor()).toBe(bad);
  });
});
