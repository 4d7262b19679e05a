/**
 * Measurement (not a timing assertion): the instructor block of InstEval after eliminating the
 * student block, A = D + Σ_s v_s v_sᵀ (v_s = counts of ratings by student s per instructor,
 * D = 1 + row sums), factorized sparse (natural / AMD) and dense. Logs the numbers; asserts only
 * correctness. Repetitions: LME4TS_BENCH_REPS (default 3 sparse, 1 dense; the report used 20).
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
  type CscMatrix,
} from "../../src/sparse/index.js";
import { denseCholesky, denseSymFromUpper } from "./helpers.js";

const CSV = "/work/shared/datasets/InstEval.csv";

function buildInstructorBlock(): { A: CscMatrix; nStudents: number; nObs: number } {
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
  return { A: cscFromTriplets(nD, nD, I, J, X), nStudents: nS, nObs: S.length };
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
    const { A, nStudents, nObs } = buildInstructorBlock();
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

    const timeNumeric = (S: typeof Samd): { med: number; L: ReturnType<typeof numericCholesky> } => {
      let L = numericCholesky(A, S); // warm-up + allocation
      const ts: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t = performance.now();
        L = numericCholesky(A, S, L);
        ts.push(performance.now() - t);
      }
      return { med: median(ts), L };
    };
    const nat = timeNumeric(Snat);
    const amd = timeNumeric(Samd);
    const amdND = timeNumeric(SamdND);

    const Dsrc = denseSymFromUpper(A);
    const D = new Float64Array(n * n);
    const dts: number[] = [];
    for (let r = 0; r < Math.max(1, Math.ceil(reps / 4)); r++) {
      D.set(Dsrc);
      const t = performance.now();
      expect(denseCholesky(D, n)).toBe(-1);
      dts.push(performance.now() - t);
    }
    let ldDense = 0;
    for (let j = 0; j < n; j++) ldDense += 2 * Math.log(D[j * n + j]!);

    // correctness: both factors solve A x = b and agree on log det with the dense factor
    for (const L of [nat.L, amd.L, amdND.L]) {
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
    console.log(
      [
        `InstEval instructor block: n = ${n}, students = ${nStudents}, observations = ${nObs}, build ${f(tBuild)} ms`,
        `  nnz(A) full = ${nnzFull} (${((100 * nnzFull) / (n * n)).toFixed(1)}% of n²), upper incl. diag = ${A.colptr[n]}`,
        `  natural: nnz(L) = ${Snat.nnzL} (${((100 * Snat.nnzL) / full).toFixed(1)}% of dense lower), flops ${(Snat.flops / 1e6).toFixed(1)}M, symbolic ${f(tSymNat)} ms, numeric median ${f(nat.med)} ms`,
        `  AMD:     nnz(L) = ${Samd.nnzL} (${((100 * Samd.nnzL) / full).toFixed(1)}% of dense lower), flops ${(Samd.flops / 1e6).toFixed(1)}M, symbolic+AMD ${f(tSymAmd)} ms, numeric median ${f(amd.med)} ms`,
        `  AMD, no dense-node removal: nnz(L) = ${SamdND.nnzL} (${((100 * SamdND.nnzL) / full).toFixed(1)}%), flops ${(SamdND.flops / 1e6).toFixed(1)}M, AMD+symbolic ${f(tSymAmdND)} ms, numeric median ${f(amdND.med)} ms (${nDense} nodes above the dense limit)`,
        `  dense column Cholesky (n³/6 = ${((n * n * n) / 6 / 1e6).toFixed(1)}M mult-adds): median ${f(median(dts))} ms over ${dts.length}`,
        `  repetitions: ${reps} sparse`,
      ].join("\n"),
    );
  }, 600_000);
});
