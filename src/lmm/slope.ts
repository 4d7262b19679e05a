/**
 * The per-θ L_r1 update of the blocked factor for a random-slope first term (q0 = 2) with
 * scalar rest terms, fused per row (see src/lmm/factor.ts).
 */
import type { LmmFactor } from "./factor.js";

/**
 * L_r1 for q0 = 2 (a random slope) and scalar rest terms, fused per row: (v T0) scaled by the
 * row's T_k, then the 2×2 solve with L11_ℓ — the operations of the general path
 * (rightMulLower, leftMulRestT, smallTrsmRT) in the same order, without their per-level calls.
 */
export function lr1Slope(f: LmmFactor): void {
  const { cp, T, L11, Lr1, rowScale, rowUnit } = f;
  const { units, r1Ptr, r1Rows: rows, r1Val: v, l0 } = cp;
  const T0 = T[0], t00 = T0[0], t10 = T0[1], t11 = T0[3];
  for (let i = 0; i < units.m; i++) rowScale[i] = T[units.term[rowUnit[i]]][0];
  for (let l = 0; l < l0; l++) {
    const r0 = r1Ptr[l], nr = r1Ptr[l + 1] - r0, off = r0 * 2, lo = l * 4;
    const d0 = L11[lo], c10 = L11[lo + 1], d1 = L11[lo + 3];
    for (let a = 0; a < nr; a++) {
      const i0 = off + a, i1 = i0 + nr, rs = rowScale[rows[r0 + a]];
      const v0 = v[i0], v1 = v[i1];
      const x0 = ((v0 * t00 + v1 * t10) * rs) / d0;
      Lr1[i0] = x0;
      Lr1[i1] = (v1 * t11 * rs - x0 * c10) / d1;
    }
  }
}

