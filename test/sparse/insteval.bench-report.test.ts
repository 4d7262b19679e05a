/**
 * Measurement (not a timing assertion): the instructor block of InstEval after eliminating the
 * student block, A = D + Σ_s v_s v_sᵀ (v_s = counts of ratings by student s per instructor,
 * D = 1 + row sums), factorized sparse (natural / AMD) and dense. Logs the numbers; asserts only
 * correctness. Repetitions: LME4TS_BENCH_REPS (default 3; the report used 20). "supernodal" runs
 * the WebAssembly kernel when wasm/build/kernels.wasm is built, "supernodal-js" the JS kernel.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  cscFromTriplets,
  logDet,
  numericCholesky,
  solveInPlace,
  symbolicCholesky,
  symUpperMatVec,
  amdOrder,
  relaxSupernodes,
  type CscMatrix,
  type CholeskyMethod,
} from "../../src/sparse/index.js";
import { denseCholesky, denseSymFromUpper } from "./helpers.js";

const CSV = "/work/shared/datasets/InstEval.csv";

function buildInstructorBlock(): { A: CscMatrix; Zsd: CscMatrix; nStudents: number; nObs: number } {
  const lines = readFileSync(CSV, "utf8").trim().split("\n");
  const header = lines[0]!.split(",").map((h) => h.replace(/"/g, ""));
  const si = header.indexOf("s");
  const di = header.indexOf("d");
  const sCode = new Map<string, number>();
  const dCode = new Map<string, number>();
  const S: number[] = [];
  const Dv: number[] = [];
  for (let r = 1; r < lines.length; r++) {
    const f = lines[r]!.split(",");
    const s = f[si]!.replace(/"/g, "");
    const d = f[di]!.replace(/"/g, "");
    if (!sCode.has(s)) sCode.set(s, sCode.size);
    if (!dCode.has(d)) dCode.set(d, dCode.size);
    S.push(sCode.get(s)!);
    Dv.push(dCode.get(d)!);
  }
  const nS = sCode.size;
  const nD = dCode.size;
  // Z_sᵀ Z_d as a students × instructors count matrix, then Σ_s v_s v_sᵀ (upper triangle).
  const Zsd = cscFromTriplets(nD, nS, Dv, S, new Float64Array(S.length).fill(1)); // column s = v_s
  const I: number[] = [];
  const J: number[] = [];
  const X: number[] = [];
  const rowSum = new Float64Array(nD);
  for (let s = 0; s < nS; s++) {
    for (let p = Zsd.colptr[s]!; p < Zsd.colptr[s + 1]!; p++) {
      for (let q = Zsd.colptr[s]!; q <= p; q++) {
        const a = Zsd.rowind[q]!;
        const b = Zsd.rowind[p]!; // a ≤ b
        const v = Zsd.values[q]! * Zsd.values[p]!;
        I.push(a);
        J.push(b);
        X.push(v);
        rowSum[a]! += v;
        if (a !== b) rowSum[b]! += v;
      }
    }
  }
  for (let d = 0; d < nD; d++) {
    I.push(d);
    J.push(d);
    X.push(1 + rowSum[d]!);
  }
  return { A: cscFromTriplets(nD, nD, I, J, X), Zsd, nStudents: nS, nObs: S.length };
}

/** The whole (nS+nD)² matrix ZᵀZ + I for Z = [Z_s Z_d] (students first), upper triangle. */
function buildFullZtZ(Zsd: CscMatrix): CscMatrix {
  const nD = Zsd.m;
  const nS = Zsd.n;
  const I: number[] = [];
  const J: number[] = [];
  const X: number[] = [];
  const dDiag = new Float64Array(nD).fill(1);
  for (let s = 0; s < nS; s++) {
    let cnt = 0;
    for (let p = Zsd.colptr[s]!; p < Zsd.colptr[s + 1]!; p++) {
      const d = Zsd.rowind[p]!;
      const v = Zsd.values[p]!;
      cnt += v;
      dDiag[d]! += v;
      I.push(s);
      J.push(nS + d);
      X.push(v);
    }
    I.push(s);
    J.push(s);
    X.push(1 + cnt);
  }
  for (let d = 0; d < nD; d++) {
    I.push(nS + d);
    J.push(nS + d);
    X.push(dDiag[d]!);
  }
  return cscFromTriplets(nS + nD, nS + nD, I, J, X);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe("InstEval instructor block (measurement report)", () => {
  it("factorizes sparse (natural, AMD) and dense; logs sizes and median times", () => {
    const reps = Number(process.env.LME4TS_BENCH_REPS ?? 3);
    const t0 = performance.now();
    const { A, Zsd, nStudents, nObs } = buildInstructorBlock();
    const tBuild = performance.now() - t0;
    const n = A.n;
    expect(nObs).toBe(73421);
    expect(nStudents).toBe(2972);
    expect(n).toBe(1128);
    let offDiagUpper = 0;
    for (let c = 0; c < n; c++) for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) if (A.rowind[p] !== c) offDiagUpper++;
    const nnzFull = n + 2 * offDiagUpper;

    const t1 = performance.now();
    const Snat = symbolicCholesky(A, "natural");
    const tSymNat = performance.now() - t1;
    const t2 = performance.now();
    const Samd = symbolicCholesky(A, "amd");
    const tSymAmd = performance.now() - t2;
    const t3 = performance.now();
    const SamdND = symbolicCholesky(A, amdOrder(A, { dense: Infinity }));
    const tSymAmdND = performance.now() - t3;
    let nDense = 0;
    const degree = new Int32Array(n);
    for (let c = 0; c < n; c++)
      for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
        if (A.rowind[p] === c) continue;
        degree[c]!++;
        degree[A.rowind[p]!]!++;
      }
    for (let c = 0; c < n; c++) if (degree[c]! > 10 * Math.sqrt(n)) nDense++;

    const timeNumeric = (S: typeof Samd, method: CholeskyMethod): { med: number; min: number; L: ReturnType<typeof numericCholesky> } => {
      let L = numericCholesky(A, S, undefined, method); // warm-up + allocation
      const ts: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t = performance.now();
        L = numericCholesky(A, S, L, method);
        ts.push(performance.now() - t);
      }
      return { med: median(ts), min: Math.min(...ts), L };
    };
    const nat = timeNumeric(Snat, "supernodal");
    const amd = timeNumeric(Samd, "supernodal");
    const amdND = timeNumeric(SamdND, "supernodal");
    const natUp = timeNumeric(Snat, "up-looking");
    const amdJs = timeNumeric(Samd, "supernodal-js");
    const Srelax = relaxSupernodes(Samd);
    const amdRelax = timeNumeric(Srelax, "supernodal");
    const amdUp = timeNumeric(Samd, "up-looking");

    // The whole students+instructors system ZᵀZ + I factorized directly (lme4/CHOLMOD style).
    const M = buildFullZtZ(Zsd);
    const t4 = performance.now();
    const SM = symbolicCholesky(M, "amd");
    const tSymM = performance.now() - t4;
    const SMnat = symbolicCholesky(M, "natural");
    const timeM = (S: typeof SM) => {
      let L = numericCholesky(M, S);
      const ts: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t = performance.now();
        L = numericCholesky(M, S, L);
        ts.push(performance.now() - t);
      }
      const xTrue = Float64Array.from({ length: M.n }, (_, k) => Math.cos(k));
      const b = new Float64Array(M.n);
      symUpperMatVec(M, xTrue, b);
      solveInPlace(L, b);
      let err = 0;
      for (let k = 0; k < M.n; k++) err = Math.max(err, Math.abs(b[k]! - xTrue[k]!));
      expect(err).toBeLessThan(1e-9);
      return { med: median(ts), min: Math.min(...ts) };
    };
    const SMnd = symbolicCholesky(M, amdOrder(M, { dense: Infinity }));
    // students first (diagonal block), then the instructors in the AMD order of their Schur complement
    const blockPerm = new Int32Array(M.n);
    for (let s = 0; s < nStudents; s++) blockPerm[s] = s;
    for (let k = 0; k < n; k++) blockPerm[nStudents + k] = nStudents + Samd.perm[k]!;
    const SMblk = symbolicCholesky(M, blockPerm);
    const mAmd = timeM(SM);
    const mNat = timeM(SMnat);
    const mNd = timeM(SMnd);
    const mBlk = timeM(SMblk);

    const Dsrc = denseSymFromUpper(A);
    const D = new Float64Array(n * n);
    const dts: number[] = [];
    for (let r = 0; r < reps; r++) {
      D.set(Dsrc);
      const t = performance.now();
      expect(denseCholesky(D, n)).toBe(-1);
      dts.push(performance.now() - t);
    }
    let ldDense = 0;
    for (let j = 0; j < n; j++) ldDense += 2 * Math.log(D[j * n + j]!);

    // correctness: both factors solve A x = b and agree on log det with the dense factor
    for (const L of [nat.L, amd.L, amdND.L, natUp.L, amdUp.L, amdJs.L, amdRelax.L]) {
      expect(Math.abs(logDet(L) - ldDense) / Math.abs(ldDense)).toBeLessThan(1e-12);
      const xTrue = Float64Array.from({ length: n }, (_, k) => Math.sin(k));
      const b = new Float64Array(n);
      symUpperMatVec(A, xTrue, b);
      solveInPlace(L, b);
      let err = 0;
      for (let k = 0; k < n; k++) err = Math.max(err, Math.abs(b[k]! - xTrue[k]!));
      expect(err).toBeLessThan(1e-9);
    }
    expect(Samd.nnzL).toBeLessThanOrEqual(Snat.nnzL);

    const full = (n * (n + 1)) / 2;
    const f = (x: number) => x.toFixed(1);
    const tm = (r: { med: number; min: number }) => `median ${f(r.med)} ms (min ${f(r.min)})`;
    console.log(
      [
        `InstEval instructor block: n = ${n}, students = ${nStudents}, observations = ${nObs}, build ${f(tBuild)} ms`,
        `  nnz(A) full = ${nnzFull} (${((100 * nnzFull) / (n * n)).toFixed(1)}% of n²), upper incl. diag = ${A.colptr[n]}`,
        `  natural: nnz(L) = ${Snat.nnzL} (${((100 * Snat.nnzL) / full).toFixed(1)}% of dense lower), flops ${(Snat.flops / 1e6).toFixed(1)}M, symbolic ${f(tSymNat)} ms; numeric supernodal ${tm(nat)}, up-looking ${tm(natUp)}`,
        `  AMD:     nnz(L) = ${Samd.nnzL} (${((100 * Samd.nnzL) / full).toFixed(1)}% of dense lower), flops ${(Samd.flops / 1e6).toFixed(1)}M, AMD+postorder+symbolic ${f(tSymAmd)} ms (${Samd.nSuper} supernodes); numeric supernodal ${tm(amd)}, up-looking ${tm(amdUp)}`,
        `  AMD, JS supernodal kernel: ${tm(amdJs)}; AMD + relaxed supernodes (${Srelax.nSuper} supernodes, nnz(L) = ${Srelax.nnzL}, flops ${(Srelax.flops / 1e6).toFixed(1)}M): numeric ${tm(amdRelax)}`,
        `  AMD, no dense-node removal: nnz(L) = ${SamdND.nnzL} (${((100 * SamdND.nnzL) / full).toFixed(1)}%), flops ${(SamdND.flops / 1e6).toFixed(1)}M, AMD+symbolic ${f(tSymAmdND)} ms; numeric supernodal ${tm(amdND)} (${nDense} nodes above the dense limit)`,
        `  dense column Cholesky (n³/6 = ${((n * n * n) / 6 / 1e6).toFixed(1)}M mult-adds): median ${f(median(dts))} ms (min ${f(Math.min(...dts))})`,
        `  whole ZᵀZ + I (students first, n = ${M.n}, nnz upper = ${M.colptr[M.n]}): natural nnz(L) = ${SMnat.nnzL}, flops ${(SMnat.flops / 1e6).toFixed(1)}M, supernodal ${tm(mNat)}; AMD nnz(L) = ${SM.nnzL}, flops ${(SM.flops / 1e6).toFixed(1)}M, AMD+symbolic ${f(tSymM)} ms, supernodal ${tm(mAmd)}`,
        `    AMD without dense-node removal: nnz(L) = ${SMnd.nnzL}, flops ${(SMnd.flops / 1e6).toFixed(1)}M, supernodal ${tm(mNd)}`,
        `    students first + AMD of the instructor block: nnz(L) = ${SMblk.nnzL}, flops ${(SMblk.flops / 1e6).toFixed(1)}M, supernodal ${tm(mBlk)}`,
        `  repetitions: ${reps} each`,
      ].join("\n"),
    );
  }, 600_000);
});
