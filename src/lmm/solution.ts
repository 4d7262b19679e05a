/**
 * Solutions from an updated blocked factor: fixed effects β, spherical random effects u,
 * conditional modes b = Λu, the unscaled covariance of β, and the conditional covariances of b.
 *
 * With the full factor L of the augmented system and c the [X y] block's last row, the PLS
 * solution solves Lᵀ[u; β] = c by back substitution: β = R_X⁻¹ c_β, then the rest block, then
 * term 0 level by level. In sparse rest mode (Lrr = Pᵀ L, Lxr's columns permuted) the rest step is
 * Lᵀ (P u_r) = rhs with the sparse factor.
 */
import type { LmmFactor } from "./factor.js";
import { invertLowerInto } from "../linalg/index.js";
import { selectedInverse, selectedEntry, type InPlaceCholesky } from "../sparse/index.js";

export interface PlsSolution {
  readonly beta: Float64Array;
  /** Spherical random effects, lme4's u order (term 0 then the rest). */
  readonly u: Float64Array;
  /** Conditional modes b = Λu per term, level-major (ℓ_k × q_k, row per level). */
  readonly b: Float64Array[];
  /** (R_Xᵀ R_X)⁻¹, p×p column-major: vcov(β) = σ² × this. */
  readonly unscaledVcov: Float64Array;
}

/**
 * β and u only (the PIRLS step), into caller-owned arrays: beta (p), u (ℓ0q0 + m) and scratch
 * ur (m) and rhs (q0). Every element of beta and u is overwritten. Same arithmetic as `plsSolve`.
 */
export function plsSolveInto(f: LmmFactor, beta: Float64Array, u: Float64Array, ur: Float64Array, rhs: Float64Array): void {
  const { cp, L11, Lr1, Lx1, Lrr, Lxr, Lxx } = f;
  const { p, P, q0, l0, units } = cp;
  const m = units.m;
  // β: R_X β = c_β, with Lxx lower: Lxxᵀ[0:p,0:p] β = Lxx[p, 0:p].
  for (let i = p - 1; i >= 0; i--) {
    let s = Lxx[p + i * P];
    for (let k = i + 1; k < p; k++) s -= Lxx[k + i * P] * beta[k];
    beta[i] = s / Lxx[i + i * P];
  }
  // Rest block: Lrrᵀ u_r = c_r − Lxr[0:p,:]ᵀ β.
  if (m > 0) {
    for (let j = 0; j < m; j++) {
      let s = Lxr[p + j * P];
      for (let k = 0; k < p; k++) s -= Lxr[k + j * P] * beta[k];
      ur[j] = s;
    }
    if (f.rest) {
      backSolveInPlace(f.rest.chol, ur);
      const perm = f.rest.perm, base = l0 * q0;
      for (let k = 0; k < m; k++) u[base + perm[k]] = ur[k];
    } else {
      for (let i = m - 1; i >= 0; i--) {
        let s = ur[i];
        for (let k = i + 1; k < m; k++) s -= Lrr[k + i * m] * ur[k];
        ur[i] = s / Lrr[i + i * m];
      }
      u.set(ur, l0 * q0);
    }
  }
  // Term 0, level by level: L11ᵀ u_ℓ = c_ℓ − Lr1_ℓᵀ u_r − Lx1_ℓ[0:p]ᵀ β.
  if (q0 === 1) {
    const r1Ptr = cp.r1Ptr, r1Rows = cp.r1Rows;
    for (let l = 0; l < l0; l++) {
      const xo = l * P;
      let s = Lx1[xo + p];
      for (let k = 0; k < p; k++) s -= Lx1[xo + k] * beta[k];
      if (m > 0) {
        let t = 0;
        for (let g = r1Ptr[l], e = r1Ptr[l + 1]; g < e; g++) t += Lr1[g] * u[l0 + r1Rows[g]];
        s -= t;
      }
      u[l] = s / L11[l];
    }
    return;
  }
  for (let l = 0; l < l0; l++) {
    const xo = l * q0 * P;
    for (let c = 0; c < q0; c++) {
      let s = Lx1[xo + p + c * P];
      for (let k = 0; k < p; k++) s -= Lx1[xo + k + c * P] * beta[k];
      rhs[c] = s;
    }
    if (m > 0) {
      const r0 = cp.r1Ptr[l], nr = cp.r1Ptr[l + 1] - r0, off = r0 * q0;
      for (let c = 0; c < q0; c++) {
        let s = 0;
        for (let a = 0; a < nr; a++) s += Lr1[off + a + c * nr] * u[l0 * q0 + cp.r1Rows[r0 + a]];
        rhs[c] -= s;
      }
    }
    const lo = l * q0 * q0;
    for (let i = q0 - 1; i >= 0; i--) {
      let s = rhs[i];
      for (let k = i + 1; k < q0; k++) s -= L11[lo + k + i * q0] * u[l * q0 + k];
      u[l * q0 + i] = s / L11[lo + i + i * q0];
    }
  }
}

/**
 * x := L⁻ᵀ x with the sparse factor read in its own storage (column k: the diagonal, then the rows
 * below it, contiguous; see InPlaceCholesky) — no CSC copy of the factor per solve.
 */
function backSolveInPlace(chol: InPlaceCholesky, x: Float64Array): void {
  const { values, colStart, colRowStart, colRows } = chol;
  for (let k = x.length - 1; k >= 0; k--) {
    const v0 = colStart[k], r0 = colRowStart[k], len = chol.colLen(k);
    let s = x[k];
    for (let t = 1; t < len; t++) s -= values[v0 + t] * x[colRows[r0 + t]];
    x[k] = s / values[v0];
  }
}

/** Back-substitutes β and u from the updated factor. */
export function plsSolve(f: LmmFactor): PlsSolution {
  const { cp, T, terms } = f;
  const { p, q0, l0, units } = cp;
  const m = units.m;
  const beta = new Float64Array(p);
  const u = new Float64Array(l0 * q0 + m);
  plsSolveInto(f, beta, u, new Float64Array(m), new Float64Array(q0));
  // b = Λ u per term.
  const b = terms.map((t, k) => {
    const q = t.q, out = new Float64Array(t.nLevels * q);
    const base = k === 0 ? 0 : l0 * q0 + units.start[units.termBase[k]];
    const Tk = T[k];
    for (let l = 0; l < t.nLevels; l++)
      for (let i = 0; i < q; i++) {
        let s = 0;
        for (let c = 0; c <= i; c++) s += Tk[i + c * q] * u[base + l * q + c];
        out[l * q + i] = s;
      }
    return out;
  });
  return { beta, u, b, unscaledVcov: unscaledVcovOf(f) };
}

/** (R_XᵀR_X)⁻¹ (p×p column-major) from the updated factor: R_Xᵀ is the leading p×p block of Lxx. */
export function unscaledVcovOf(f: LmmFactor): Float64Array {
  const { p, P } = f.cp;
  // (R_Xᵀ R_X)⁻¹ = (Lβ Lβᵀ)⁻¹ = Lβ⁻ᵀ Lβ⁻¹.
  const Linv = new Float64Array(p * p);
  invertLowerInto(f.Lxx, 0, P, p, Linv);
  const unscaledVcov = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += Linv[k + i * p] * Linv[k + j * p];
      unscaledVcov[i + j * p] = unscaledVcov[j + i * p] = s;
    }
  return unscaledVcov;
}

/**
 * Conditional covariances of b given the data (lme4's `condVar`, ignoring the uncertainty in
 * β as lme4 does): for each term and level, σ² T V Tᵀ with V the matching q×q diagonal block of
 * (L_θ L_θᵀ)⁻¹. Returns per term an array (ℓ × q²) of column-major q×q blocks (scale σ² applied).
 * Cost (dense mode): one dense triangular inverse of the rest block plus O(Σ nnz(Lr1) · m).
 * Sparse mode: the selected inverse of the rest Schur complement on the pattern of its factor
 * (`condVarSparse`), no m×m array.
 */
export function condVar(f: LmmFactor, sigma2: number): Float64Array[] {
  if (f.rest) return condVarSparse(f, sigma2);
  const { cp, L11, Lr1, Lrr, T, terms, kern } = f;
  const { q0, l0, units } = cp;
  const m = units.m;
  // Rest block inverse: Li = Lrr⁻¹ (we form Lrr⁻ᵀ = I Lrr⁻ᵀ, stored transposed: LiT[j + i m] = Li[i, j]... keep as Lrr⁻ᵀ).
  let LinvT: Float64Array | null = null;
  if (m > 0) {
    LinvT = new Float64Array(m * m);
    for (let i = 0; i < m; i++) LinvT[i + i * m] = 1;
    kern.trsmRightLowerTrans(LinvT, m, m, Lrr); // = Lrr⁻ᵀ (upper triangular): Li[i, j] = LinvT[j + i*m]
  }
  const out = terms.map((t) => new Float64Array(t.nLevels * t.q * t.q));
  const V = (q: number) => new Float64Array(q * q);
  const scaleOut = (k: number, l: number, v: Float64Array) => {
    const q = terms[k].q, Tk = T[k], o = out[k];
    for (let i = 0; i < q; i++)
      for (let j = 0; j < q; j++) {
        let s = 0;
        for (let a = 0; a <= i; a++) for (let c = 0; c <= j; c++) s += Tk[i + a * q] * v[a + c * q] * Tk[j + c * q];
        o[l * q * q + i + j * q] = s * sigma2;
      }
  };
  // Term 0: x0 = L11_ℓ⁻¹ (q0×q0 lower inverse); xr = −Li Lr1_ℓ x0.
  const x0 = V(q0);
  const xr = m > 0 ? new Float64Array(m * q0) : null;
  for (let l = 0; l < l0; l++) {
    const lo = l * q0 * q0;
    invertLowerInto(L11, lo, q0, q0, x0);
    const v = V(q0);
    for (let i = 0; i < q0; i++) for (let j = 0; j < q0; j++) {
      let s = 0;
      for (let k = 0; k < q0; k++) s += x0[k + i * q0] * x0[k + j * q0];
      v[i + j * q0] = s;
    }
    if (m > 0 && xr && LinvT) {
      const r0 = cp.r1Ptr[l], nr = cp.r1Ptr[l + 1] - r0, off = r0 * q0;
      // w = Lr1_ℓ x0 (nr × q0), then xr = Li[:, rows] w  (m × q0); Li lower, so rows ≥ min(rows) only.
      const w = new Float64Array(nr * q0);
      for (let a = 0; a < nr; a++) for (let j = 0; j < q0; j++) {
        let s = 0;
        for (let c = 0; c < q0; c++) s += Lr1[off + a + c * nr] * x0[c + j * q0];
        w[a + j * nr] = s;
      }
      xr.fill(0);
      for (let a = 0; a < nr; a++) {
        const col = cp.r1Rows[r0 + a];
        for (let i = col; i < m; i++) {
          const li = LinvT[col + i * m];
          if (li === 0) continue;
          for (let j = 0; j < q0; j++) xr[i + j * m] += li * w[a + j * nr];
        }
      }
      for (let i = 0; i < q0; i++) for (let j = 0; j < q0; j++) {
        let s = 0;
        for (let r = 0; r < m; r++) s += xr[r + i * m] * xr[r + j * m];
        v[i + j * q0] += s;
      }
    }
    scaleOut(0, l, v);
  }
  // Rest units: V = Li[:, R]ᵀ Li[:, R].
  if (m > 0 && LinvT) {
    for (let u = 0; u < units.count; u++) {
      const k = units.term[u], q = units.size[u], s0 = units.start[u];
      const v = V(q);
      for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) {
        let s = 0;
        for (let r = Math.max(s0 + i, s0 + j); r < m; r++) s += LinvT[s0 + i + r * m] * LinvT[s0 + j + r * m];
        v[i + j * q] = s;
      }
      scaleOut(k, u - units.termBase[k], v);
    }
  }
  return out;
}

/** σ² T V Tᵀ for a q×q block V of term k, written to out[k] at level l. */
function scaleBlock(out: Float64Array[], T: Float64Array[], q: number, k: number, l: number, v: Float64Array, sigma2: number): void {
  const Tk = T[k], o = out[k];
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let a = 0; a <= i; a++) for (let c = 0; c <= j; c++) s += Tk[i + a * q] * v[a + c * q] * Tk[j + c * q];
      o[l * q * q + i + j * q] = s * sigma2;
    }
}

/**
 * Sparse-mode `condVar`. With Z = Srr⁻¹ known on the pattern of the rest factor (selected
 * inversion), the rest units' blocks are Z[R, R] and term 0's level ℓ gets
 * L11_ℓ⁻ᵀ L11_ℓ⁻¹ + wᵀ Z[rows_ℓ, rows_ℓ] w with w = Lr1_ℓ L11_ℓ⁻¹ (its rows form a clique of Srr,
 * so every needed entry of Z is in the pattern). The quadratic forms are accumulated in one sweep
 * over the factor's columns (each column of Z scattered once into a dense vector), with the
 * levels' rows in permuted order as in the assembly (restSparse.ts).
 */
function condVarSparse(f: LmmFactor, sigma2: number): Float64Array[] {
  const { cp, L11, Lr1, T, terms } = f;
  const rest = f.rest!;
  const { q0, l0, units, r1Ptr } = cp;
  const m = units.m, qq = q0 * q0;
  const L = rest.chol.csc();
  const Z = selectedInverse(L);
  const { colptr, rowind } = L.S;
  const pinv = rest.pinv;
  const out = terms.map((t) => new Float64Array(t.nLevels * t.q * t.q));
  // Per level: x0 = L11_ℓ⁻¹, V0_ℓ = x0ᵀ x0, and w = Lr1_ℓ x0 in sorted row order (wS[s q0 + j]).
  const V0 = new Float64Array(l0 * qq);
  const { sortedG, sortedP, kPtr, tStart, tEnd } = rest;
  const nnz1 = r1Ptr[l0];
  const wS = new Float64Array(nnz1 * q0), lev = new Int32Array(nnz1);
  const x0 = new Float64Array(qq);
  for (let l = 0; l < l0; l++) {
    const lo = l * qq;
    invertLowerInto(L11, lo, q0, q0, x0);
    for (let i = 0; i < q0; i++) for (let j = 0; j < q0; j++) {
      let s = 0;
      for (let k = 0; k < q0; k++) s += x0[k + i * q0] * x0[k + j * q0];
      V0[lo + i + j * q0] = s;
    }
    const g0 = r1Ptr[l], nr = r1Ptr[l + 1] - g0, off = g0 * q0;
    for (let s = g0; s < g0 + nr; s++) {
      const a = sortedG[s] - g0;
      lev[s] = l;
      for (let j = 0; j < q0; j++) {
        let acc = 0;
        for (let c = 0; c < q0; c++) acc += Lr1[off + a + c * nr] * x0[c + j * q0];
        wS[s * q0 + j] = acc;
      }
    }
  }
  const zc = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const p0 = colptr[k], p1 = colptr[k + 1];
    for (let p = p0; p < p1; p++) zc[rowind[p]] = Z[p];
    for (let t = kPtr[k]; t < kPtr[k + 1]; t++) {
      const sa = tStart[t], e = tEnd[t], vo = lev[sa] * qq;
      if (q0 === 1) {
        const wa = wS[sa];
        let acc = zc[sortedP[sa]] * wa;
        for (let s = sa + 1; s < e; s++) acc += 2 * zc[sortedP[s]] * wS[s];
        V0[vo] += wa * acc;
        continue;
      }
      for (let s = sa; s < e; s++) {
        const z = zc[sortedP[s]];
        for (let i = 0; i < q0; i++) for (let j = 0; j < q0; j++) {
          const x = wS[sa * q0 + i] * wS[s * q0 + j];
          V0[vo + i + j * q0] += s === sa ? z * x : z * (x + wS[s * q0 + i] * wS[sa * q0 + j]);
        }
      }
    }
    for (let p = p0; p < p1; p++) zc[rowind[p]] = 0;
  }
  for (let l = 0; l < l0; l++) scaleBlock(out, T, q0, 0, l, V0.subarray(l * qq, (l + 1) * qq), sigma2);
  for (let u = 0; u < units.count; u++) {
    const k = units.term[u], q = units.size[u], s0 = units.start[u];
    const vu = new Float64Array(q * q);
    if (q === 1) vu[0] = Z[colptr[pinv[s0]]];
    else for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) vu[i + j * q] = selectedEntry(L, Z, pinv[s0 + i], pinv[s0 + j]);
    scaleBlock(out, T, q, k, u - units.termBase[k], vu, sigma2);
  }
  return out;
}
