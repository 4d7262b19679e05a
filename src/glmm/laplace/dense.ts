/**
 * The Newton system over u with signed observation weights, densely: H = Λᵀ Zᵀ W Z Λ + I with
 * W = diag(−∂²ℓᵢ/∂ηᵢ²), which the blocked factor cannot hold when some weight is negative (its
 * cross products are of √W-scaled rows). Distributions whose log-density is not concave in η
 * (nbinom1 at large y/μ, beta) have such observations; the Laplace approximation only needs H
 * positive definite at the modes. Cost O(n (Σq)² + q³) with q = length of u: used only when a
 * weight is not positive.
 */
import type { GlmmWork } from "../pirls.js";
import type { LmmFactor } from "../../lmm/factor.js";

/** Scratch of one row of ZΛ: its nonzero positions in u and values. */
interface RowScratch { readonly idx: Int32Array; readonly val: Float64Array }

function rowScratch(w: GlmmWork): RowScratch {
  let width = 0;
  for (const t of w.terms) width += t.q;
  return { idx: new Int32Array(width), val: new Float64Array(width) };
}

/** Row i of ZΛ (T set on f) into r: returns the number of nonzeros (Σ q_k). */
function rowOfZLambda(w: GlmmWork, f: LmmFactor, i: number, r: RowScratch): number {
  const { terms, n, pat } = w;
  let m = 0;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!, qk = t.q, Tk = f.T[k]!;
    const base = (k === 0 ? 0 : pat.l0 * pat.q0 + pat.units.start[pat.units.termBase[k]!]!) + t.codes[i]! * qk;
    for (let c = 0; c < qk; c++) {
      let a = 0;
      for (let rr = c; rr < qk; rr++) a += t.z[i + rr * n]! * Tk[rr + c * qk]!;
      r.idx[m] = base + c; r.val[m] = a; m++;
    }
  }
  return m;
}

/** H = Σᵢ Wᵢ aᵢ aᵢᵀ + I (q × q, column-major, full) with aᵢ = row i of ZΛ (T set on f). */
export function denseHessian(w: GlmmWork, f: LmmFactor, W: Float64Array, H: Float64Array, q: number): void {
  H.fill(0);
  for (let j = 0; j < q; j++) H[j + j * q] = 1;
  const row = rowScratch(w), { idx, val } = row;
  for (let i = 0; i < w.n; i++) {
    const wi = W[i]!;
    if (wi === 0) continue;
    const m = rowOfZLambda(w, f, i, row);
    for (let s = 0; s < m; s++) {
      const cs = idx[s]! * q, vs = wi * val[s]!;
      for (let r = 0; r < m; r++) H[idx[r]! + cs] += vs * val[r]!;
    }
  }
}

/** The gradient of h(u) = Σ ℓᵢ − ‖u‖²/2 in u, Σᵢ d1ᵢ aᵢ − u, into g. */
export function denseGradient(w: GlmmWork, f: LmmFactor, d1: Float64Array, u: Float64Array, g: Float64Array): void {
  const row = rowScratch(w);
  for (let j = 0; j < g.length; j++) g[j] = -u[j]!;
  for (let i = 0; i < w.n; i++) {
    const di = d1[i]!;
    if (di === 0) continue;
    const m = rowOfZLambda(w, f, i, row);
    for (let s = 0; s < m; s++) g[row.idx[s]!] += di * row.val[s]!;
  }
}

/**
 * In-place Cholesky of the q × q matrix H (lower triangle used); returns log det H, or null when
 * H is not positive definite. With `rhs`, solves H x = rhs in place afterwards.
 */
export function choleskyLogDet(H: Float64Array, q: number, rhs?: Float64Array): number | null {
  // Left-looking by columns, contiguous inner loops; columns k with L[j, k] = 0 are skipped, so
  // the block-diagonal part of a nested or crossed design (its first term's levels) costs O(q).
  let ld = 0;
  for (let j = 0; j < q; j++) {
    const cj = j * q;
    for (let k = 0; k < j; k++) {
      const c = H[j + k * q]!;
      if (c === 0) continue;
      const ck = k * q;
      for (let i = j; i < q; i++) H[cj + i] -= c * H[ck + i]!;
    }
    const d = H[cj + j]!;
    if (!(d > 0)) return null;
    const l = Math.sqrt(d);
    ld += 2 * Math.log(l);
    H[cj + j] = l;
    for (let i = j + 1; i < q; i++) H[cj + i] /= l;
  }
  if (rhs) {
    // L x = rhs by columns (contiguous), then Lᵀ x = x by rows of Lᵀ (columns of L, contiguous).
    for (let j = 0; j < q; j++) {
      const xj = (rhs[j] = rhs[j]! / H[j + j * q]!);
      if (xj !== 0) for (let i = j + 1, c = j * q; i < q; i++) rhs[i] -= H[c + i]! * xj;
    }
    for (let i = q - 1; i >= 0; i--) { let s = rhs[i]!; for (let k = i + 1; k < q; k++) s -= H[k + i * q]! * rhs[k]!; rhs[i] = s / H[i + i * q]!; }
  }
  return ld;
}
