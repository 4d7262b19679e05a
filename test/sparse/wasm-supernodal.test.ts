/**
 * The WebAssembly supernodal kernel, relaxed supernodes, the assemble-in-place workspaces and
 * selected inversion, checked against the JS kernel and dense references on random SPD matrices
 * (sizes chosen so that wide supernodes, the GEMM paths and the scalar paths all occur).
 */
import { describe, expect, it } from "vitest";
import {
  symbolicCholesky,
  numericCholesky,
  tryNumericCholesky,
  relaxSupernodes,
  inPlaceCholesky,
  selectedInverse,
  selectedInverseColumns,
  selectedEntry,
  logDet,
  wasmSupernodalAvailable,
  SupernodalEngine,
  type CscMatrix,
  type InPlaceCholesky,
} from "../../src/sparse/index.js";
import { randomSpd, denseSymFromUpper, denseCholesky } from "./helpers.js";

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return num / den;
}

/** Dense inverse of an SPD matrix via its Cholesky factor (column-major n×n). */
function denseInverse(A: CscMatrix): Float64Array {
  const n = A.n, L = denseSymFromUpper(A);
  expect(denseCholesky(L, n)).toBe(-1);
  const X = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = new Float64Array(n); x[c] = 1;
    for (let j = 0; j < n; j++) { x[j]! /= L[j * n + j]!; for (let i = j + 1; i < n; i++) x[i]! -= L[j * n + i]! * x[j]!; }
    for (let j = n - 1; j >= 0; j--) { let s = x[j]!; for (let i = j + 1; i < n; i++) s -= L[j * n + i]! * x[i]!; x[j] = s / L[j * n + j]!; }
    X.set(x, c * n);
  }
  return X;
}

/** Assembles A (upper triangle stored) into an in-place workspace through `position`. */
function assemble(A: CscMatrix, w: InPlaceCholesky): void {
  const pinv = w.S.pinv;
  w.values.fill(0);
  for (let c = 0; c < A.n; c++)
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
      const r = A.rowind[p]!;
      if (r > c) continue;
      const a = pinv[r]!, b = pinv[c]!;
      const pos = a >= b ? w.position(a, b) : w.position(b, a);
      expect(pos).toBeGreaterThanOrEqual(0);
      w.values[pos]! += A.values[p]!;
    }
}

const sizes: [number, number, number][] = [[80, 0.08, 1], [300, 0.03, 2], [600, 0.02, 3], [200, 0.3, 4]];

describe("WebAssembly supernodal Cholesky", () => {
  it("is available in this build (wasm/build/kernels.wasm exports the sparse kernels)", () => {
    expect(wasmSupernodalAvailable()).toBe(true);
  });

  for (const [n, d, seed] of sizes) {
    it(`n = ${n}, density ${d}: wasm equals the JS kernel, exact and relaxed supernodes`, () => {
      const A = randomSpd(n, d, seed);
      const S = symbolicCholesky(A, "amd");
      const R = relaxSupernodes(S);
      expect(R.nnzL).toBeGreaterThanOrEqual(S.nnzL);
      expect(R.nSuper).toBeLessThanOrEqual(S.nSuper);
      const ref = numericCholesky(A, S, undefined, "supernodal-js");
      for (const T of [S, R]) {
        const js = numericCholesky(A, T, undefined, "supernodal-js");
        const wa = numericCholesky(A, T, undefined, "supernodal");
        expect(maxRelDiff(wa.values, js.values)).toBeLessThan(1e-12);
        expect(Math.abs(logDet(wa) - logDet(ref))).toBeLessThan(1e-9 * Math.abs(logDet(ref)));
      }
    });
  }

  it("reports the failing column of a matrix that is not positive definite", () => {
    const A = randomSpd(200, 0.05, 7);
    const S = symbolicCholesky(A, "amd");
    const k = 150;
    const col = S.perm[k]!;
    for (let p = A.colptr[col]!; p < A.colptr[col + 1]!; p++) if (A.rowind[p] === col) A.values[p] = -1;
    const out = { S, values: new Float64Array(S.nnzL) };
    const js = tryNumericCholesky(A, S, { S, values: new Float64Array(S.nnzL) }, "supernodal-js");
    expect(js).toBeGreaterThanOrEqual(0);
    expect(tryNumericCholesky(A, S, out, "supernodal")).toBe(js);
  });
});

describe("assemble-in-place workspaces", () => {
  for (const kind of ["auto", "js"] as const) {
    it(`${kind}: factor, logDet, multi-RHS forward solve and csc() agree with the reference`, () => {
      const A = randomSpd(400, 0.02, 11);
      const S = relaxSupernodes(symbolicCholesky(A, "amd"));
      const w = inPlaceCholesky(S, 3, kind);
      expect(w.kind).toBe(kind === "js" ? "js" : "wasm");
      assemble(A, w);
      expect(w.factor()).toBe(-1);
      const ref = numericCholesky(A, S, undefined, "supernodal-js");
      expect(Math.abs(w.logDet() - logDet(ref))).toBeLessThan(1e-10 * Math.abs(logDet(ref)));
      expect(maxRelDiff(w.csc().values, ref.values)).toBeLessThan(1e-12);
      // column access: the slots of column k hold L[k.., k]
      const csc = w.csc();
      for (const k of [0, 57, 399]) {
        const len = w.colLen(k);
        expect(len).toBe(S.colptr[k + 1]! - S.colptr[k]!);
        for (let t = 0; t < len; t++) {
          expect(w.colRows[w.colRowStart[k]! + t]).toBe(S.rowind[S.colptr[k]! + t]);
          expect(w.values[w.colStart[k]! + t]).toBe(csc.values[S.colptr[k]! + t]);
        }
      }
      // L X = B for three right-hand sides: check L (L⁻¹ B) = B.
      const n = S.n, B = Float64Array.from({ length: 3 * n }, (_, i) => Math.cos(i));
      w.rhs.set(B);
      w.forwardSolve(3);
      const X = w.rhs.slice(0, 3 * n);
      for (let r = 0; r < 3; r++) {
        const y = new Float64Array(n);
        for (let j = 0; j < n; j++) for (let p = S.colptr[j]!; p < S.colptr[j + 1]!; p++) y[S.rowind[p]!]! += csc.values[p]! * X[r * n + j]!;
        expect(maxRelDiff(y, B.subarray(r * n, (r + 1) * n))).toBeLessThan(1e-12);
      }
      // Row-major variant (3 values per row) gives the same solutions.
      for (let i = 0; i < n; i++) for (let r = 0; r < 3; r++) w.rhs[i * 3 + r] = B[r * n + i]!;
      w.forwardSolveRows(3);
      const Xr = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) for (let r = 0; r < 3; r++) Xr[r * n + i] = w.rhs[i * 3 + r]!;
      expect(maxRelDiff(Xr, X)).toBeLessThan(1e-12);
    });
  }

  it("engine.position finds every pattern entry and rejects others", () => {
    const A = randomSpd(150, 0.05, 5);
    const S = symbolicCholesky(A, "amd");
    const e = new SupernodalEngine(S);
    const seen = new Set<number>();
    for (let j = 0; j < S.n; j++)
      for (let p = S.colptr[j]!; p < S.colptr[j + 1]!; p++) {
        const pos = e.position(S.rowind[p]!, j);
        expect(pos).toBeGreaterThanOrEqual(0);
        seen.add(pos);
      }
    expect(seen.size).toBe(S.nnzL);
    let outside = 0;
    for (let j = 0; j < S.n && outside < 5; j++) {
      const rows = new Set(S.rowind.subarray(S.colptr[j]!, S.colptr[j + 1]!));
      for (let i = j + 1; i < S.n; i++) if (!rows.has(i)) { expect(e.position(i, j)).toBe(-1); outside++; break; }
    }
    expect(outside).toBeGreaterThan(0);
  });
});

describe("selected inversion", () => {
  for (const relax of [false, true]) {
    it(`Z on the pattern of L equals the dense inverse (${relax ? "relaxed" : "exact"} supernodes)`, () => {
      const A = randomSpd(250, 0.03, 9);
      const S0 = symbolicCholesky(A, "amd");
      const S = relax ? relaxSupernodes(S0) : S0;
      const L = numericCholesky(A, S);
      const Z = selectedInverse(L);
      expect(maxRelDiff(selectedInverseColumns(L), Z)).toBeLessThan(1e-10);
      const Ainv = denseInverse(A);
      const n = A.n;
      let maxErr = 0, maxAbs = 0;
      for (let j = 0; j < n; j++)
        for (let p = S.colptr[j]!; p < S.colptr[j + 1]!; p++) {
          const i = S.rowind[p]!;
          const want = Ainv[S.perm[i]! + S.perm[j]! * n]!;
          maxErr = Math.max(maxErr, Math.abs(Z[p]! - want));
          maxAbs = Math.max(maxAbs, Math.abs(want));
          expect(selectedEntry(L, Z, j, i)).toBe(Z[p]);
        }
      expect(maxErr / maxAbs).toBeLessThan(1e-10);
    });
  }
});
