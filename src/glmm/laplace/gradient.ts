/**
 * The exact gradient of the Laplace deviance (observed information) in all outer parameters
 * (θ, β, φ), by the implicit-function theorem, as TMB differentiates glmmTMB's objective.
 *
 * With a_i = row i of ZΛ, d1_i, d2_i, d3_i the first three derivatives of ℓ_i = wt_i log f(y_i | η_i, φ)
 * in η, W_i = −d2_i, H = I + Σ W_i a_i a_iᵀ (the Hessian of −h(u) at û, positive definite at the
 * modes) and D = −2 Σ ℓ_i(η̂) + ‖û‖² + log|H|:
 *
 * - the first two terms' derivative is the partial one at fixed û (û maximizes them: envelope);
 * - ∂ log|H| = tr(H⁻¹ ∂H) = Σ_i lev_i ∂W_i (+ 2 Σ_i W_i a_iᵀH⁻¹∂a_i for θ, where Λ moves),
 *   lev_i = a_iᵀ H⁻¹ a_i, ∂W_i = −d3_i ∂η_i − (∂d2_i/∂φ for φ), ∂η = ∂(fixed part) + ∂a·û + ZΛ ∂û
 *   and ∂û = H⁻¹ ∂g, g = Σ d1_i a_i − u the gradient of h at fixed parameters;
 * - every ZΛ ∂û term is collected into one solve: with v = H⁻¹ Σ_i lev_i d3_i a_i,
 *   Σ_i lev_i d3_i (ZΛ∂û)_i = vᵀ ∂g.
 *
 * Hence, with s_i = a_i·v:
 *   ∂D/∂β_j  = Σ_i X_ij (−2 d1_i − lev_i d3_i − s_i d2_i),
 *   ∂D/∂φ_k  = −2 ∂ℓ/∂φ_k − Σ_i (lev_i ∂d2_i/∂φ_k + s_i ∂d1_i/∂φ_k),
 *   ∂D/∂θ_j  = Σ_i [−(2 d1_i + lev_i d3_i)(∂_j a_i·û) + 2 W_i a_iᵀH⁻¹∂_j a_i − d1_i (∂_j a_i·v) − d2_i s_i (∂_j a_i·û)].
 *
 * d3 is a forward difference of the family's analytic d2 (step 1e-6: error ~1e-6 relative in
 * the determinant's part of the gradient, one extra pass over the observations); the φ-derivatives
 * of d1, d2 come from the family's `paramTerms` when it has one (obsFamily: analytic in the
 * zero-inflation predictor, one difference in log φ: at most two passes for all parameters),
 * else from forward differences of `logDensity` (one pass per parameter); ∂Λ/∂θ central differences of the covariance's λ(θ) (exact
 * to rounding for the unstructured and diagonal λ, which are linear). H is formed and factored
 * densely (q × q, Cholesky skipping zeros) and the entries of H⁻¹ at each row's pairs come from
 * the selected inverse on L's pattern, so the cost is O(n (Σq_k)² + q² + Σ_j nnz(L[·, j])²): meant for q up to {@link GRAD_DENSE_MAX}.
 * Not for the expected information (lme4's glmer.nb), whose weights have other derivatives.
 */
import type { LaplaceWork } from "./newton.js";
import { choleskyLogDet } from "./dense.js";

/** Largest q for which fitLaplace uses the gradient (dense q × q matrices: 8 MB each at 1000). */
export const GRAD_DENSE_MAX = 1000;

const H_ETA = 1e-6;
const H_PAR = 1e-6;
const H_THETA = 1e-5;

/** Scratch of {@link laplaceGradient} for one workspace. */
export interface GradScratch {
  readonly width: number;
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly dval: Float64Array;
  readonly H: Float64Array;
  /** Row indices of each column's nonzeros below the diagonal (CSC-like: nzPtr, nzRow). */
  readonly nzPtr: Int32Array;
  nzRow: Int32Array;
  readonly lv: Float64Array;
  readonly Z: Float64Array;
  readonly lev: Float64Array;
  readonly d3: Float64Array;
  readonly s: Float64Array;
  readonly v: Float64Array;
  readonly eta2: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly gp: Float64Array;
  readonly mix: Float64Array;
  readonly sa: Float64Array;
}

/** Scratch for `lw` with np family parameters and nth θ's. */
export function gradScratch(lw: LaplaceWork, nth: number, np: number): GradScratch {
  const w = lw.w, n = w.n, q = w.u.length;
  let width = 0;
  for (const t of w.terms) width += t.q;
  const nn = () => new Float64Array(n);
  return {
    width, idx: new Int32Array(n * width), val: new Float64Array(n * width), dval: new Float64Array(Math.max(1, nth) * n * width),
    H: new Float64Array(q * q), Z: new Float64Array(q * q), nzPtr: new Int32Array(q + 1), nzRow: new Int32Array(Math.max(16, 4 * q)), lv: new Float64Array(q),
    lev: nn(), d3: nn(), s: nn(), v: new Float64Array(q), eta2: nn(), a: nn(), b: nn(),
    gp: new Float64Array(Math.max(1, np)), mix: new Float64Array(Math.max(1, np)), sa: new Float64Array(n * width),
  };
}

/** Rows of ZΛ (positions and values, `width` per row) and of ∂(ZΛ)/∂θ_j, T set from θ. */
function fillRows(lw: LaplaceWork, theta: ArrayLike<number>, gs: GradScratch): void {
  const w = lw.w, { terms, n, pat } = w, f = w.fU, W = gs.width;
  let col = 0, thOff = 0;
  const nth = theta.length;
  gs.dval.fill(0);
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!, qk = t.q, Tk = f.T[k]!, nt = t.cov.nTheta;
    const base = k === 0 ? 0 : pat.l0 * pat.q0 + pat.units.start[pat.units.termBase[k]!]!;
    for (let i = 0; i < n; i++) {
      const lev0 = base + t.codes[i]! * qk;
      for (let c = 0; c < qk; c++) {
        let s = 0;
        for (let r = c; r < qk; r++) s += t.z[i + r * n]! * Tk[r + c * qk]!;
        gs.idx[i * W + col + c] = lev0 + c;
        gs.val[i * W + col + c] = s;
      }
    }
    // ∂T_k/∂θ_j by central differences of λ (exact to rounding when λ is linear in θ).
    const th = new Float64Array(nt), Tp = new Float64Array(qk * qk), Tm = new Float64Array(qk * qk);
    for (let j = 0; j < nt; j++) {
      for (let a = 0; a < nt; a++) th[a] = theta[thOff + a]!;
      const h = H_THETA * Math.max(1, Math.abs(th[j]!));
      th[j] = theta[thOff + j]! + h; t.cov.lambda(th, Tp);
      th[j] = theta[thOff + j]! - h; t.cov.lambda(th, Tm);
      const dv = gs.dval.subarray((thOff + j) * n * W, (thOff + j + 1) * n * W);
      for (let i = 0; i < n; i++)
        for (let c = 0; c < qk; c++) {
          let s = 0;
          for (let r = c; r < qk; r++) s += t.z[i + r * n]! * (Tp[r + c * qk]! - Tm[r + c * qk]!) / (2 * h);
          dv[i * W + col + c] = s;
        }
    }
    col += qk;
    thOff += nt;
  }
  if (thOff !== nth) throw new Error(`laplaceGradient: θ has ${nth} values, the terms ${thOff}`);
}

/** Forward substitution L x = x in place (L lower, column-major, q × q), from the first nonzero. */
function forward(L: Float64Array, q: number, x: Float64Array, from = 0): void {
  for (let j = from; j < q; j++) {
    const xj = x[j]!;
    if (xj === 0) continue;
    const cj = j * q, v = xj / L[cj + j]!;
    x[j] = v;
    for (let i = j + 1; i < q; i++) x[i] -= L[cj + i]! * v;
  }
}

/** Back substitution Lᵀ x = x in place. */
function backward(L: Float64Array, q: number, x: Float64Array): void {
  for (let i = q - 1; i >= 0; i--) {
    let s = x[i]!;
    const ci = i * q;
    for (let k = i + 1; k < q; k++) s -= L[ci + k]! * x[k]!;
    x[i] = s / L[ci + i]!;
  }
}

/**
 * Z = H⁻¹ = L⁻ᵀL⁻¹ on the lower pattern of L (dense column-major storage, L from `choleskyLogDet`),
 * by Takahashi's recurrences from the last column: with s the rows below j where L[·, j] ≠ 0 and
 * l = L[s, j] / L[j, j], Z[s, j] = −Z[s, s] l and Z[j, j] = 1/L[j, j]² − lᵀ Z[s, j]. Z[s, s] lies in
 * the pattern (s is a clique of the filled graph). Cost Σ_j |s_j|² (the block-diagonal columns of
 * a nested or crossed design cost O(1) each). Entries off the pattern are 0.
 */
function selectedInverse(L: Float64Array, q: number, gs: GradScratch): void {
  const { Z, nzPtr, lv } = gs;
  Z.fill(0);
  let nnz = 0;
  for (let j = 0; j < q; j++) for (let i = j + 1, c = j * q; i < q; i++) if (L[c + i] !== 0) nnz++;
  if (gs.nzRow.length < nnz) gs.nzRow = new Int32Array(nnz);
  const nzRow = gs.nzRow;
  nnz = 0;
  for (let j = 0; j < q; j++) {
    nzPtr[j] = nnz;
    for (let i = j + 1, c = j * q; i < q; i++) if (L[c + i] !== 0) nzRow[nnz++] = i;
  }
  nzPtr[q] = nnz;
  for (let j = q - 1; j >= 0; j--) {
    const c = j * q, d = L[c + j]!, p0 = nzPtr[j]!, ns = nzPtr[j + 1]! - p0;
    for (let t = 0; t < ns; t++) lv[t] = L[c + nzRow[p0 + t]!]! / d;
    let zjj = 1 / (d * d);
    for (let t = 0; t < ns; t++) {
      const st = nzRow[p0 + t]!;
      let z = 0;
      for (let u = 0; u < ns; u++) {
        const su = nzRow[p0 + u]!;
        z -= (st > su ? Z[st + su * q]! : Z[su + st * q]!) * lv[u]!;
      }
      Z[c + st] = z;
      zjj -= lv[t]! * z;
    }
    Z[c + j] = zjj;
  }
}

/**
 * The gradient of the Laplace deviance at the workspace's current state into `out` (θ, β, par):
 * the caller's last `laplaceDeviance(lw, theta, beta, par)` must have succeeded at exactly this
 * point (û, η̂, d1, d2 are read from the workspace). Returns false when H is not positive
 * definite (no gradient: the caller falls back to a derivative-free step).
 */
export function laplaceGradient(lw: LaplaceWork, theta: ArrayLike<number>, par: Float64Array, gs: GradScratch, out: Float64Array): boolean {
  const w = lw.w, fam = lw.fam, n = w.n, q = w.u.length, p = w.p, nth = theta.length, np = par.length, W = gs.width;
  const { d1, d2 } = lw;
  const { idx, val, dval, H, lev, d3, s, v, eta2, a, b, gp, sa } = gs;
  const u = w.u;
  fillRows(lw, theta, gs);
  // H = I + Σ W_i a_i a_iᵀ, W = −d2 (observed information), factored in place.
  H.fill(0);
  for (let j = 0; j < q; j++) H[j + j * q] = 1;
  for (let i = 0; i < n; i++) {
    const wi = -d2[i]!;
    if (wi === 0) continue;
    const o = i * W;
    for (let x = 0; x < W; x++) {
      const cx = idx[o + x]! * q, vx = wi * val[o + x]!;
      for (let y = 0; y < W; y++) H[idx[o + y]! + cx] += vx * val[o + y]!;
    }
  }
  if (choleskyLogDet(H, q) === null) return false;
  // H⁻¹ on the pattern of L (which holds every pair of a row's positions): Takahashi's recurrences.
  selectedInverse(H, q, gs);
  const Z = gs.Z;
  const zAt = (r: number, t: number): number => (r < t ? Z[t + r * q]! : Z[r + t * q]!);
  // Leverages and, for θ, S a per row (S = H⁻¹ at the row's positions).
  for (let i = 0; i < n; i++) {
    const o = i * W;
    let l = 0;
    for (let x = 0; x < W; x++) {
      let t = 0;
      for (let y = 0; y < W; y++) t += zAt(idx[o + x]!, idx[o + y]!) * val[o + y]!;
      sa[o + x] = t;
      l += t * val[o + x]!;
    }
    lev[i] = l;
  }
  // d3 = ∂d2/∂η by a forward difference of the family's d2 (d2 at η̂ is the workspace's).
  for (let i = 0; i < n; i++) eta2[i] = w.eta[i]! + H_ETA;
  fam.logDensity(w.y, eta2, w.wt, par, a, b);
  for (let i = 0; i < n; i++) d3[i] = (b[i]! - d2[i]!) / H_ETA;
  // v = H⁻¹ Σ lev_i d3_i a_i, s_i = a_i·v.
  v.fill(0);
  for (let i = 0; i < n; i++) {
    const m = lev[i]! * d3[i]!, o = i * W;
    if (m !== 0) for (let x = 0; x < W; x++) v[idx[o + x]!] += m * val[o + x]!;
  }
  forward(H, q, v);
  backward(H, q, v);
  for (let i = 0; i < n; i++) {
    const o = i * W;
    let t = 0;
    for (let x = 0; x < W; x++) t += val[o + x]! * v[idx[o + x]!]!;
    s[i] = t;
  }
  // θ.
  for (let j = 0; j < nth; j++) {
    const dv = dval.subarray(j * n * W, (j + 1) * n * W);
    let g = 0;
    for (let i = 0; i < n; i++) {
      const o = i * W;
      let du = 0, dvv = 0, dSa = 0;
      for (let x = 0; x < W; x++) {
        const dx = dv[o + x]!;
        if (dx === 0) continue;
        const ix = idx[o + x]!;
        du += dx * u[ix]!;
        dvv += dx * v[ix]!;
        dSa += dx * sa[o + x]!;
      }
      g += -(2 * d1[i]! + lev[i]! * d3[i]!) * du - 2 * d2[i]! * dSa - d1[i]! * dvv - d2[i]! * s[i]! * du;
    }
    out[j] = g;
  }
  // β.
  const X = w.X;
  for (let j = 0; j < p; j++) {
    let g = 0;
    const cj = j * n;
    for (let i = 0; i < n; i++) g += X[cj + i]! * (-2 * d1[i]! - lev[i]! * d3[i]! - s[i]! * d2[i]!);
    out[nth + j] = g;
  }
  // Family parameters.
  if (np > 0 && fam.paramTerms) {
    // The family's own pass: ∂ℓ/∂φ and Σ_i (s_i ∂d1_i/∂φ_k + lev_i ∂d2_i/∂φ_k) together.
    fam.paramTerms(w.y, w.eta, w.wt, par, s, lev, gp, gs.mix);
    for (let k = 0; k < np; k++) out[nth + p + k] = -2 * gp[k]! - gs.mix[k]!;
  } else if (np > 0) {
    fam.gradParams(w.y, w.eta, w.wt, par, gp);
    const pp = Float64Array.from(par);
    for (let k = 0; k < np; k++) {
      const h = H_PAR * Math.max(1, Math.abs(par[k]!));
      pp[k] = par[k]! + h;
      fam.logDensity(w.y, w.eta, w.wt, pp, a, b);
      pp[k] = par[k]!;
      let g = -2 * gp[k]!;
      for (let i = 0; i < n; i++) g -= (lev[i]! * (b[i]! - d2[i]!) + s[i]! * (a[i]! - d1[i]!)) / h;
      out[nth + p + k] = g;
    }
  }
  return true;
}
