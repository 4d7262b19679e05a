/**
 * The set-up fill of the cross products with correctly rounded sums: every block entry is
 * accumulated as a double-double (Knuth's TwoSum for the running sum, the rounding errors added
 * into a second word: Ogita–Rump–Oishi's Sum2) and rounded once at the end, so the result is the
 * exact sum of the per-row products rounded to nearest unless the exact sum lies within about
 * n²ε² Σ|x| of a rounding boundary. The point is reproducibility: the same numbers whatever the
 * order of the rows — a database engine's exact sums (sources/exactsum.ts) give the same doubles,
 * so a fit from a database and in memory follow the same optimizer path.
 *
 * Used once per model (lmer's set-up, profiles, Satterthwaite); PIRLS and the bootstrap refill
 * with the plain sums of crossprod.ts (about 4 times cheaper per entry). The per-row products are
 * the ones crossprod.ts forms: (a·√w)·(b·√w).
 */
import type { CrossPattern, CrossProducts } from "./crossprod.js";
import { AccurateSums as Acc } from "../data/sum.js";

const nPairs = (K: number) => ((K - 1) * K) / 2;

/**
 * Fills `cp`'s blocks (zeroed here) for design X (n×p column-major), response y and square-root
 * weights sw (null: unit weights), all of them correctly rounded sums; the lower triangle of axx
 * only (the caller mirrors it). Returns Σ log w_i as Σ 2·log sw_i, summed the same way (0 for
 * unit weights).
 */
export function accurateFill(pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, sw: Float64Array | null, cp: CrossProducts): number {
  const { n, K, q0, units, terms } = pat;
  const P = p + 1, t0 = terms[0]!, np = nPairs(K), qq0 = q0 * q0;
  for (const b of [cp.a11, cp.r1Val, cp.ax1, cp.rrVal, cp.axr, cp.axx]) b.fill(0);
  const a11 = new Acc(cp.a11), r1 = new Acc(cp.r1Val), ax1 = new Acc(cp.ax1), rr = new Acc(cp.rrVal), axr = new Acc(cp.axr), axx = new Acc(cp.axx);
  const xy = new Float64Array(P), z0 = new Float64Array(q0), zk = terms.map((t) => new Float64Array(t.q));
  const logW = new Acc(new Float64Array(1));
  for (let i = 0; i < n; i++) {
    const s = sw ? sw[i]! : 1;
    if (s === 0) continue;
    if (sw) logW.add(0, 2 * Math.log(s));
    for (let j = 0; j < p; j++) xy[j] = X[i + j * n]! * s;
    xy[p] = y[i]! * s;
    for (let c = 0; c < q0; c++) z0[c] = t0.z[i + c * n]! * s;
    const l = t0.codes[i]!;
    for (let a = 0; a < q0; a++) for (let b = 0; b < q0; b++) a11.add(l * qq0 + a + b * q0, z0[a]! * z0[b]!);
    for (let c = 0; c < q0; c++) {
      const col = (l * q0 + c) * P;
      for (let j = 0; j < P; j++) ax1.add(col + j, xy[j]! * z0[c]!);
    }
    for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) axx.add(a + b * P, xy[a]! * xy[b]!);
    if (K === 1) continue;
    const nr = pat.r1Ptr[l + 1]! - pat.r1Ptr[l]!, base = pat.r1Ptr[l]! * q0;
    let pi = 0;
    for (let k = 1; k < K; k++) {
      const tk = terms[k]!, qk = tk.q, zr = zk[k]!;
      for (let c = 0; c < qk; c++) zr[c] = tk.z[i + c * n]! * s;
      const r0 = units.start[units.termBase[k]! + tk.codes[i]!]!;
      for (let c = 0; c < qk; c++) {
        const col = (r0 + c) * P;
        for (let j = 0; j < P; j++) axr.add(col + j, xy[j]! * zr[c]!);
      }
      const a0 = pat.obsR1[i * (K - 1) + k - 1]!;
      for (let a = 0; a < qk; a++) for (let b = 0; b < q0; b++) r1.add(base + a0 + a + b * nr, zr[a]! * z0[b]!);
      for (let k2 = 1; k2 <= k; k2++) {
        const q2 = terms[k2]!.q, z2 = zk[k2]!;
        const off = pat.pairOff[pat.obsRR[i * np + pi++]!]!;
        for (let a = 0; a < qk; a++) for (let b = 0; b < q2; b++) rr.add(off + a + b * qk, zr[a]! * z2[b]!);
      }
    }
  }
  for (const acc of [a11, r1, ax1, rr, axr, axx, logW]) acc.round();
  return logW.hi[0]!;
}
