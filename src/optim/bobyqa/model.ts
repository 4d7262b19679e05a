/**
 * BOBYQA's interpolation model (Powell 2009, "The BOBYQA algorithm for bound constrained
 * optimization without derivatives", sections 2–4), in the variables relative to `xbase`.
 *
 * The quadratic model is Q(xopt + d) = fval[kopt] + goptᵀd + ½ dᵀ∇²Q d with
 * ∇²Q = HQ + Σ_k pq_k y_k y_kᵀ (y_k = xpt row k). It interpolates f at the npt = 2n+1 points
 * and each update changes ∇²Q by the least Frobenius norm.
 *
 * `hmat` is H = W⁻¹ of the interpolation system
 *   W = [A 1 Y; 1ᵀ 0 0; Yᵀ 0 0],  A_jk = ½ (y_jᵀ y_k)²,
 * with the row and column of the constant term deleted (Powell shows they are never needed):
 * an explicit symmetric (npt+n)×(npt+n) matrix, row-major. Its leading npt×npt block Ω gives the
 * Lagrange functions' Hessians Σ_j Ω_jk y_j y_jᵀ; rows npt.. give their gradients at xbase.
 * Powell keeps Ω in factored form ZZᵀ; we keep it explicit, and recompute H from the points
 * (an equilibrated Gauss–Jordan inverse of W) whenever xbase moves, which also keeps rounding
 * errors from accumulating.
 */

export interface BobyqaModel {
  n: number;
  npt: number;
  /** Origin of the local coordinates (in the scaled problem variables). */
  xbase: Float64Array;
  /** Interpolation points relative to xbase, npt rows of n (row-major). */
  xpt: Float64Array;
  fval: Float64Array;
  kopt: number;
  /** Copy of xpt row kopt. */
  xopt: Float64Array;
  /** Model gradient at xopt. */
  gopt: Float64Array;
  /** Explicit part of the model Hessian, n×n symmetric. */
  hq: Float64Array;
  /** Implicit Hessian coefficients. */
  pq: Float64Array;
  /** H = W⁻¹ without the constant row/column, (npt+n)² row-major. */
  hmat: Float64Array;
  /** Bounds relative to xbase (sl ≤ 0 ≤ su at xbase's feasible start). */
  sl: Float64Array;
  su: Float64Array;
}

/** Row k of xpt dotted with v. */
export function ptDot(m: BobyqaModel, k: number, v: Float64Array): number {
  const n = m.n;
  let s = 0;
  for (let i = 0; i < n; i++) s += m.xpt[k * n + i] * v[i];
  return s;
}

/** out = ∇²Q v. */
export function hessVec(m: BobyqaModel, v: Float64Array, out: Float64Array): void {
  const { n, npt, hq, pq, xpt } = m;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += hq[i * n + j] * v[j];
    out[i] = s;
  }
  for (let k = 0; k < npt; k++) {
    if (pq[k] === 0) continue;
    const t = pq[k] * ptDot(m, k, v);
    for (let i = 0; i < n; i++) out[i] += t * xpt[k * n + i];
  }
}

/** Diagonal element j of ∇²Q. */
export function hessDiag(m: BobyqaModel, j: number): number {
  const { n, npt } = m;
  let s = m.hq[j * n + j];
  for (let k = 0; k < npt; k++) s += m.pq[k] * m.xpt[k * n + j] ** 2;
  return s;
}

/** Predicted change Q(xopt + d) − Q(xopt). */
export function modelChange(m: BobyqaModel, d: Float64Array, work: Float64Array): number {
  hessVec(m, d, work);
  let s = 0;
  for (let i = 0; i < m.n; i++) s += d[i] * (m.gopt[i] + 0.5 * work[i]);
  return s;
}

/**
 * Recompute H = W⁻¹ (constant row/column removed) from the current points. The points are scaled
 * by 1/r (r = largest |y_k|) before inverting, which equilibrates W; the inverse is scaled back.
 * Returns false if W is numerically singular (points badly placed).
 */
export function rebuildInverse(m: BobyqaModel): boolean {
  const { n, npt, xpt } = m;
  const size = npt + 1 + n;
  let r = 0;
  for (let k = 0; k < npt; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xpt[k * n + i] ** 2;
    r = Math.max(r, Math.sqrt(s));
  }
  if (!(r > 0)) return false;
  const y = new Float64Array(npt * n);
  for (let t = 0; t < npt * n; t++) y[t] = xpt[t] / r;
  // Augmented [W | I], row-major, size × 2size.
  const w2 = 2 * size;
  const a = new Float64Array(size * w2);
  for (let j = 0; j < npt; j++) {
    for (let k = 0; k < npt; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[j * n + i] * y[k * n + i];
      a[j * w2 + k] = 0.5 * s * s;
    }
    a[j * w2 + npt] = 1;
    a[npt * w2 + j] = 1;
    for (let i = 0; i < n; i++) {
      a[j * w2 + npt + 1 + i] = y[j * n + i];
      a[(npt + 1 + i) * w2 + j] = y[j * n + i];
    }
  }
  for (let i = 0; i < size; i++) a[i * w2 + size + i] = 1;
  // Gauss–Jordan with partial pivoting.
  for (let c = 0; c < size; c++) {
    let p = c;
    let best = Math.abs(a[c * w2 + c]);
    for (let i = c + 1; i < size; i++) {
      const v = Math.abs(a[i * w2 + c]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 1e-13)) return false;
    if (p !== c) {
      for (let j = 0; j < w2; j++) {
        const t = a[c * w2 + j];
        a[c * w2 + j] = a[p * w2 + j];
        a[p * w2 + j] = t;
      }
    }
    const inv = 1 / a[c * w2 + c];
    for (let j = 0; j < w2; j++) a[c * w2 + j] *= inv;
    for (let i = 0; i < size; i++) {
      if (i === c) continue;
      const f = a[i * w2 + c];
      if (f === 0) continue;
      for (let j = 0; j < w2; j++) a[i * w2 + j] -= f * a[c * w2 + j];
    }
  }
  // H_orig = D⁻¹ H_scaled D⁻¹ with D = r² (points), r⁻² (constant), r⁻¹ (linear).
  const mdim = npt + n;
  const full = (i: number) => (i < npt ? i : i + 1);
  const dinv = (i: number) => (i < npt ? 1 / (r * r) : r);
  for (let i = 0; i < mdim; i++) {
    for (let j = 0; j < mdim; j++) {
      const v = a[full(i) * w2 + size + full(j)];
      m.hmat[i * mdim + j] = v * dinv(i) * dinv(j);
    }
  }
  // Symmetrize.
  for (let i = 0; i < mdim; i++)
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (m.hmat[i * mdim + j] + m.hmat[j * mdim + i]);
      m.hmat[i * mdim + j] = v;
      m.hmat[j * mdim + i] = v;
    }
  return true;
}

/**
 * For the trial point xopt + d: vlag = H w (the Lagrange functions' values at the point in its
 * first npt entries) and β = ½|y|⁴ − wᵀHw, computed through w − w(xopt) as Powell does so that
 * the constant row of H is never needed.
 */
export function vlagBeta(m: BobyqaModel, d: Float64Array, vlag: Float64Array, wv: Float64Array): number {
  const { n, npt, xopt, hmat } = m;
  const mdim = npt + n;
  for (let k = 0; k < npt; k++) {
    const a = ptDot(m, k, xopt);
    const b = ptDot(m, k, d);
    wv[k] = b * (0.5 * b + a);
  }
  for (let i = 0; i < n; i++) wv[npt + i] = d[i];
  let vhv = 0;
  for (let i = 0; i < mdim; i++) {
    let s = 0;
    for (let j = 0; j < mdim; j++) s += hmat[i * mdim + j] * wv[j];
    vlag[i] = s;
    vhv += s * wv[i];
  }
  vlag[m.kopt] += 1;
  let dx = 0;
  let dsq = 0;
  let xoptsq = 0;
  for (let i = 0; i < n; i++) {
    dx += d[i] * xopt[i];
    dsq += d[i] * d[i];
    xoptsq += xopt[i] * xopt[i];
  }
  return dx * dx + dsq * (xoptsq + 2 * dx + 0.5 * dsq) - vhv;
}

/** σ = α β + τ² of replacing point knew (α = Ω_kk, τ = vlag_k). */
export function denominator(m: BobyqaModel, vlag: Float64Array, beta: number, k: number): number {
  const mdim = m.npt + m.n;
  return m.hmat[k * mdim + k] * beta + vlag[k] * vlag[k];
}

/**
 * Powell's rank-two update of H when point knew is replaced by the point whose vlag/β were
 * computed:  H⁺ = H + σ⁻¹[α u uᵀ − β h hᵀ − τ (h uᵀ + u hᵀ)],  u = H w − e_t, h = H e_t.
 */
export function updateInverse(m: BobyqaModel, vlag: Float64Array, beta: number, knew: number): void {
  const mdim = m.npt + m.n;
  const H = m.hmat;
  const h = new Float64Array(mdim);
  for (let i = 0; i < mdim; i++) h[i] = H[i * mdim + knew];
  const alpha = h[knew];
  const tau = vlag[knew];
  const sigma = alpha * beta + tau * tau;
  const u = Float64Array.from(vlag);
  u[knew] -= 1;
  for (let i = 0; i < mdim; i++) {
    const ai = (alpha * u[i] - tau * h[i]) / sigma;
    const bi = (-beta * h[i] - tau * u[i]) / sigma;
    for (let j = 0; j < mdim; j++) H[i * mdim + j] += ai * u[j] + bi * h[j];
  }
}

/**
 * Move xbase to xbase + xopt. The model is unchanged as a function; HQ absorbs the change of the
 * pq terms' representation (HQ += v sᵀ + s vᵀ + (Σpq) s sᵀ with v = Σ pq_k y'_k), and H is rebuilt.
 * `xnew` (if given) is shifted as well. Returns false if H could not be rebuilt.
 */
export function shiftBase(m: BobyqaModel, xnew?: Float64Array): boolean {
  const { n, npt, xpt, xopt, pq, hq } = m;
  const s = Float64Array.from(xopt);
  for (let k = 0; k < npt; k++) for (let i = 0; i < n; i++) xpt[k * n + i] -= s[i];
  const v = new Float64Array(n);
  let sumpq = 0;
  for (let k = 0; k < npt; k++) {
    sumpq += pq[k];
    for (let i = 0; i < n; i++) v[i] += pq[k] * xpt[k * n + i];
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) hq[i * n + j] += v[i] * s[j] + s[i] * v[j] + sumpq * s[i] * s[j];
  for (let i = 0; i < n; i++) {
    m.xbase[i] += s[i];
    m.sl[i] -= s[i];
    m.su[i] -= s[i];
    if (xnew) xnew[i] -= s[i];
    xopt[i] = 0;
  }
  // Keep exact zeros of the best point (bounds hit exactly stay exact).
  for (let i = 0; i < n; i++) xpt[m.kopt * n + i] = 0;
  return rebuildInverse(m);
}

/**
 * Replace point knew by xnew (value f) and update the model by the least-Frobenius-norm change
 * that makes it interpolate f there (`diff` = f − Q(xnew)). H must already be updated.
 * If `improved` (f below the old best value), xopt/gopt/kopt move to it (`d` = xnew − xopt).
 */
export function replacePoint(
  m: BobyqaModel,
  knew: number,
  xnew: Float64Array,
  f: number,
  diff: number,
  d: Float64Array,
  work: Float64Array,
  improved: boolean,
): void {
  const { n, npt, xpt, pq, hq, hmat, gopt, xopt } = m;
  const mdim = npt + n;
  const pqold = pq[knew];
  pq[knew] = 0;
  if (pqold !== 0)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) hq[i * n + j] += pqold * xpt[knew * n + i] * xpt[knew * n + j];
  for (let k = 0; k < npt; k++) pq[k] += diff * hmat[k * mdim + knew];
  m.fval[knew] = f;
  for (let i = 0; i < n; i++) xpt[knew * n + i] = xnew[i];
  // Gradient of the Lagrange function knew at xopt: bmat row + Σ Ω_k,knew (y_k·xopt) y_k.
  for (let i = 0; i < n; i++) work[i] = hmat[knew * mdim + npt + i];
  for (let k = 0; k < npt; k++) {
    const t = hmat[k * mdim + knew] * ptDot(m, k, xopt);
    for (let i = 0; i < n; i++) work[i] += t * xpt[k * n + i];
  }
  for (let i = 0; i < n; i++) gopt[i] += diff * work[i];
  if (improved) {
    hessVec(m, d, work);
    for (let i = 0; i < n; i++) gopt[i] += work[i];
    m.kopt = knew;
    for (let i = 0; i < n; i++) xopt[i] = xnew[i];
  }
}
