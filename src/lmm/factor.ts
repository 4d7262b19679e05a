/**
 * The per-θ blocked Cholesky factor of
 *
 *   [ΛᵀZᵀWZΛ + I   ΛᵀZᵀW[X y]]
 *   [[X y]ᵀWZΛ     [X y]ᵀW[X y]]  =  L Lᵀ,
 *
 * updated in place for each θ from the cross-product blocks (no per-observation work).
 * Block rows: term 0 (block-diagonal L11, one q0×q0 factor per level), the rest of the random
 * effects, and [X y] (dense Lxx, P×P). The rest block is either dense (Lrr, m×m lower, WebAssembly
 * potrf) or sparse (src/lmm/restSparse.ts: AMD-ordered supernodal Cholesky of the Schur complement
 * with a fixed pattern; Lrr = Pᵀ L and Lxr's columns are in the permuted order); `allocFactor`
 * picks the mode. The last diagonal element of Lxx is
 * the square root of the penalized weighted residual sum of squares; its leading p×p block is
 * R_Xᵀ (lme4's RX). This is the mutable numeric workspace; fitted results never hold it.
 */
import type { CrossProducts } from "./crossprod.js";
import type { ReTerm } from "../model/random.js";
import { kernels, type DenseKernels } from "../linalg/index.js";
import type { SymbolicCholesky } from "../sparse/index.js";
import { cliquePanelsJs, densePanels } from "./restCliquePanels.js";
import { lap, stageStart } from "./stages.js";
import { lr1Slope } from "./slope.js";
import { provablyDense } from "./restDensity.js";
import { allocRestSparse, analyseRest, assembleSrr, factorSrr, restCliquesDense, type RestSparse } from "./restSparse.js";
import { allocDenseRest, smallPotrf, tinyKernels, type DenseRest } from "./restDense.js";

/** How the rest block is stored and factorized. */
export type RestMode = "dense" | "sparse";

export interface LmmFactor {
  readonly cp: CrossProducts;
  readonly terms: readonly ReTerm[];
  /** T_k per term (q_k × q_k column-major lower triangular). */
  readonly T: Float64Array[];
  /** Per level of term 0: the q0×q0 Cholesky factor. */
  readonly L11: Float64Array;
  /** L_r1 values (layout of cp.r1Val). */
  readonly Lr1: Float64Array;
  /** L_x1, P × ℓ0q0. */
  readonly Lx1: Float64Array;
  /** Lrr, m × m lower (dense mode; empty in sparse mode). */
  readonly Lrr: Float64Array;
  /** Lxr, P × m (sparse mode: columns in the permuted order rest.perm). */
  readonly Lxr: Float64Array;
  /** Storage mode of the rest block. */
  readonly mode: RestMode;
  /** Sparse-mode workspace (null in dense mode). */
  readonly rest: RestSparse | null;
  /** Dense mode in WebAssembly memory (Lrr and Lxr are its views; null when not available). */
  readonly denseRest: DenseRest | null;
  /** Unit of each rest row; `restScalar`: every rest unit has one row (q_k = 1 for k ≥ 1). */
  readonly rowUnit: Int32Array;
  readonly restScalar: boolean;
  /** Scratch: per rest row the scalar T_k of its term (used when restScalar). */
  readonly rowScale: Float64Array;
  /** Lxx, P × P lower. */
  readonly Lxx: Float64Array;
  readonly kern: DenseKernels;
  /**
   * Dense mode with q0 = 1 where every term-0 level touches every rest row (fully crossed, e.g.
   * VerbAgg's id × item, Penicillin's plate × sample): Lr1 is a dense m × ℓ0 matrix and the
   * Schur complement update is one SYRK (plus one GEMM for Lxr) instead of ℓ0 clique updates.
   */
  readonly denseR1: boolean;
  /** Scratch: each term's θ (setTheta). */
  readonly thetaK: Float64Array[];
}

/** Dense rest blocks from this order on live in WebAssembly memory; smaller ones use the JS kernels. */
export const REST_WASM_MIN = 16;
/** Kernel calls below this many multiply-adds run in plain JS (a WebAssembly call copies its operands). */
const SMALL_WORK = 4096;

/** The kernels for a call of about `work` multiply-adds: plain loops when small. */
function kernFor(f: LmmFactor, work: number): DenseKernels {
  return work < SMALL_WORK ? tinyKernels : f.kern;
}


/** Rest blocks up to this order may be dense (m² doubles); larger ones are always sparse. */
export const REST_DENSE_MAX = 8000;
/** Rest blocks below this order are always dense (their dense factorization costs < ~0.2 Mflop). */
export const REST_SPARSE_SMALL = 100;
/** Rest blocks from REST_SPARSE_SMALL up to this order are sparse only when nearly free of fill (see chooseRestMode). */
export const REST_SPARSE_MIN = 300;
/** Below REST_SPARSE_MIN: sparse when its factorization needs at most this fraction of the dense flops. */
const REST_FLOP_RATIO_SMALL = 0.05;
/**
 * From REST_SPARSE_MIN on: dense without the symbolic analysis when the sparse flops provably
 * exceed this fraction of the dense ones. A heuristic, not a bound on the cost model: the sparse
 * mode could then save at most 30% of the factorization, which does not repay the analysis over a
 * fit (issue 17's design (a), m = 1000, bound 0.75: analysis ≈ 0.7 s, ≤ 5 ms a factorization).
 */
const REST_DENSE_SHORTCUT = 0.7;
/**
 * Cost model of the sparse rest factorization, in units of one multiply-add of the dense blocked
 * Cholesky (≈ 10⁻¹⁰ CPU s here): a multiply-add of the supernodal sweep outside a dense root costs
 * SPARSE_SWEEP_COST, and every element of an update block added into its ancestors through the
 * row map (Σ_K b_K(b_K+1)/2, b_K the rows of supernode K below its diagonal block) costs
 * SPARSE_SCATTER_COST — memory-bound when the ancestor is a large root block. Fitted to the
 * factorization's CPU time (bench/rest-structure.mjs, plain engine, loaded machine): design (c)
 * at 200K rows (m = 6300, root 3566: 7.6·10⁹ root + 5.6·10⁸ other multiply-adds, 6.8·10⁷ scattered
 * elements, 1.22 s), (b) at 200K rows (m = 2000, 81 ms) and InstEval (m = 1142, 10 ms); the
 * scatter constant comes out between 16 (InstEval, small root in cache) and 56 ((c)).
 */
export const SPARSE_SWEEP_COST = 1.5;
/** See SPARSE_SWEEP_COST. */
export const SPARSE_SCATTER_COST = 40;

/**
 * Estimated cost of the two modes for a rest block of order m with symbolic analysis S, in
 * dense-kernel multiply-adds: dense m³/6; sparse root + (S.flops − root) · SPARSE_SWEEP_COST +
 * scatter · SPARSE_SCATTER_COST, with root the multiply-adds of the trailing supernode's own
 * Cholesky when it is a dense root block (its rows are its columns) and scatter the update-block
 * elements Σ_K b_K(b_K+1)/2. Both modes share the per-θ scatter of A_rr and of the term-0 cliques,
 * left out. Caveat: one machine's constants (x86-64, WebAssembly SIMD); they move the decision only
 * near the break-even, where the two modes cost about the same. Issue 17's (c) at 1M rows: sparse
 * ≈ 0.5 of dense (measured 2.0 s against 4.1 s CPU); InstEval ≈ 0.55 (17.5 against 35.6 ms per
 * evaluation).
 */
export function restModeCosts(S: SymbolicCholesky, m: number): { dense: number; sparse: number; root: number; scatter: number } {
  const ns = S.nSuper;
  let root = 0, scatter = 0;
  for (let J = 0; J < ns; J++) {
    const f = S.snStart[J]!, w = S.snStart[J + 1]! - f, b = S.colptr[f + 1]! - S.colptr[f]! - w;
    scatter += (b * (b + 1)) / 2;
    if (J === ns - 1 && b === 0)
      for (let c = f; c < f + w; c++) { const cc = S.colptr[c + 1]! - S.colptr[c]!; root += ((cc - 1) * (cc + 2)) / 2; }
  }
  return { dense: (m * m * m) / 6, sparse: root + (S.flops - root) * SPARSE_SWEEP_COST + scatter * SPARSE_SCATTER_COST, root, scatter };
}

/**
 * The rest-block mode for these cross products: LME4TS_REST=dense|sparse forces it (tests);
 * otherwise dense when m < REST_SPARSE_SMALL, sparse when m > REST_DENSE_MAX (memory), for
 * m < REST_SPARSE_MIN sparse only when the AMD-ordered symbolic factorization needs ≤ 5% of the
 * dense multiply-adds (e.g. nearly nested factors, whose Schur complement is nearly diagonal:
 * grouseticks' BROOD within LOCATION, m = 181), and from REST_SPARSE_MIN on the cheaper of the
 * two by the cost estimate `restModeCosts` (issue 17's (b) and (c), InstEval: sparse).
 * Before the analysis, the pattern of Srr alone bounds the sparse flops from below
 * (src/lmm/restDensity.ts): when that bound already exceeds the small blocks' threshold, or
 * REST_DENSE_SHORTCUT of the dense flops for larger ones, the answer is "dense" without the
 * analysis's cost (the sparse estimate is at least the flops: it could save at most 30% there).
 */
export function chooseRestMode(cp: CrossProducts): RestMode {
  const m = cp.units.m;
  if (cp.K < 2 || m === 0) return "dense";
  const env = typeof process !== "undefined" ? process.env["LME4TS_REST"] : undefined;
  if (env === "dense" || env === "sparse") return env;
  if (m < REST_SPARSE_SMALL) return "dense";
  if (m > REST_DENSE_MAX) return "sparse";
  const dense = (m * m * m) / 6;
  // A nearly dense Schur pattern proves "dense" without the O(Σ nr²) analysis (restDensity.ts).
  if (provablyDense(cp, (m < REST_SPARSE_MIN ? REST_FLOP_RATIO_SMALL : REST_DENSE_SHORTCUT) * dense)) return "dense";
  const S = analyseRest(cp);
  if (m < REST_SPARSE_MIN) return S.flops <= REST_FLOP_RATIO_SMALL * dense ? "sparse" : "dense";
  const c = restModeCosts(S, m);
  return c.sparse <= c.dense ? "sparse" : "dense";
}

/**
 * Allocates the workspace for a model: the rest block dense (m² doubles, in WebAssembly memory
 * when the kernels are available) or sparse (`chooseRestMode`).
 */
export function allocFactor(cp: CrossProducts, terms: readonly ReTerm[]): LmmFactor {
  const m = cp.units.m;
  const mode = chooseRestMode(cp);
  const kern = kernels();
  const denseR1 = mode === "dense" && cp.K > 1 && m > 0 && isDenseR1(cp);
  const denseRest = mode === "dense" && cp.K > 1 && m >= REST_WASM_MIN && kern.name === "wasm"
    ? allocDenseRest(cp, !denseR1 ? restCliquesDense(cp) : null, denseR1 ? cp.l0 : 0) : null;
  return {
    mode,
    denseR1,
    thetaK: terms.map((t) => new Float64Array(t.cov.nTheta)),
    rest: mode === "sparse" ? allocRestSparse(cp) : null,
    denseRest,
    rowUnit: rowUnits(cp),
    restScalar: terms.every((t, k) => k === 0 || t.q === 1),
    rowScale: new Float64Array(m),
    cp,
    terms,
    T: terms.map((t) => new Float64Array(t.q * t.q)),
    L11: new Float64Array(cp.a11.length),
    Lr1: new Float64Array(cp.r1Val.length),
    Lx1: new Float64Array(cp.ax1.length),
    Lrr: denseRest ? denseRest.Lrr : new Float64Array(mode === "dense" ? m * m : 0),
    Lxr: denseRest ? denseRest.Lxr : new Float64Array(cp.P * m),
    Lxx: new Float64Array(cp.P * cp.P),
    kern,
  };
}

/** q0 = 1 and every term-0 level's r1 rows are exactly 0 … m−1 (Lr1 is a dense m × ℓ0 matrix). */
function isDenseR1(cp: CrossProducts): boolean {
  const { q0, l0, r1Ptr, r1Rows } = cp;
  const m = cp.units.m;
  if (q0 !== 1) return false;
  for (let l = 0; l < l0; l++) {
    if (r1Ptr[l + 1] - r1Ptr[l] !== m) return false;
    for (let a = 0; a < m; a++) if (r1Rows[r1Ptr[l] + a] !== a) return false;
  }
  return true;
}

/** The unit of each rest row. */
function rowUnits(cp: CrossProducts): Int32Array {
  const { units } = cp;
  const out = new Int32Array(units.m);
  for (let u = 0; u < units.count; u++) out.fill(u, units.start[u], units.start[u] + units.size[u]);
  return out;
}

/** Sets T_k from θ (terms' parameters concatenated in term order). */
export function setTheta(f: LmmFactor, theta: ArrayLike<number>): void {
  let off = 0;
  const terms = f.terms;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k], nt = t.cov.nTheta;
    const sub = f.thetaK[k];
    for (let i = 0; i < nt; i++) sub[i] = theta[off + i];
    t.cov.lambda(sub, f.T[k]);
    off += nt;
  }
}

/** In place: q×q lower Cholesky of a small block (column-major); returns false if not PD. */
function smallChol(a: Float64Array, off: number, q: number): boolean {
  for (let j = 0; j < q; j++) {
    let d = a[off + j + j * q];
    for (let k = 0; k < j; k++) d -= a[off + j + k * q] ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[off + j + j * q] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = a[off + i + j * q];
      for (let k = 0; k < j; k++) s -= a[off + i + k * q] * a[off + j + k * q];
      a[off + i + j * q] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[off + i + j * q] = 0;
  }
  return true;
}

/** B (rows × q, leading dim ld, at offset off) := B L⁻ᵀ for a small q×q lower L at lOff. */
function smallTrsmRT(b: Float64Array, off: number, rows: number, ld: number, l: Float64Array, lOff: number, q: number): void {
  for (let j = 0; j < q; j++) {
    const ljj = l[lOff + j + j * q];
    for (let r = 0; r < rows; r++) {
      let s = b[off + r + j * ld];
      for (let k = 0; k < j; k++) s -= b[off + r + k * ld] * l[lOff + j + k * q];
      b[off + r + j * ld] = s / ljj;
    }
  }
}

/**
 * Updates the factor for θ. Returns false when a block is not positive definite (only possible
 * for the [X y] block, e.g. a rank-deficient X or a perfect fit).
 */
export function updateFactor(f: LmmFactor, theta: ArrayLike<number>): boolean {
  let t0 = stageStart();
  setTheta(f, theta);
  const { cp, T, L11, Lr1, Lx1, Lrr, Lxr, Lxx } = f;
  const { q0, l0, P, units } = cp;
  const m = units.m;
  const T0 = T[0];
  const qq = q0 * q0;
  if (q0 === 1) {
    // Scalar term 0: L11_ℓ = √(t0 a11_ℓ t0 + 1), Lx1_ℓ = A_x1,ℓ t0 / L11_ℓ.
    const t0 = T0[0], a11 = cp.a11, ax1 = cp.ax1;
    for (let l = 0; l < l0; l++) {
      const d = t0 * a11[l] * t0 + 1;
      if (!(d > 0)) return false;
      const ljj = Math.sqrt(d);
      L11[l] = ljj;
      const off = l * P;
      for (let j = 0; j < P; j++) Lx1[off + j] = (ax1[off + j] * t0) / ljj;
    }
  } else {
    const tmp = new Float64Array(Math.max(qq, 1));
    // L11: chol(T0ᵀ A11 T0 + I) per level.
    for (let l = 0; l < l0; l++) {
      const off = l * qq;
      congruence(cp.a11, off, T0, q0, tmp);
      for (let i = 0; i < qq; i++) L11[off + i] = tmp[i];
      for (let i = 0; i < q0; i++) L11[off + i + i * q0] += 1;
      if (!smallChol(L11, off, q0)) return false;
    }
    // Lx1 = A_x1 T0 L11⁻ᵀ (per level: P × q0 block).
    for (let l = 0; l < l0; l++) {
      const off = l * q0 * P;
      rightMulLower(cp.ax1, Lx1, off, P, P, T0, q0);
      smallTrsmRT(Lx1, off, P, P, L11, l * qq, q0);
    }
  }
  // Lxx starts at A_xx.
  Lxx.set(cp.axx);
  t0 = lap("L11", t0);
  if (cp.K > 1) {
    // Lr1 = Λ_rᵀ A_r1 T0 L11⁻ᵀ per level.
    if (q0 === 1 && f.restScalar) {
      const { rowScale, rowUnit } = f, rows = cp.r1Rows, r1Val = cp.r1Val, t0 = T0[0];
      for (let i = 0; i < m; i++) rowScale[i] = T[units.term[rowUnit[i]]][0];
      for (let l = 0; l < l0; l++) {
        const s = t0 / L11[l];
        for (let g = cp.r1Ptr[l]; g < cp.r1Ptr[l + 1]; g++) Lr1[g] = r1Val[g] * rowScale[rows[g]] * s;
      }
    } else if (q0 === 2 && f.restScalar) lr1Slope(f);
    else for (let l = 0; l < l0; l++) {
      const r0 = cp.r1Ptr[l], nr = cp.r1Ptr[l + 1] - r0, off = r0 * q0;
      rightMulLower(cp.r1Val, Lr1, off, nr, nr, T0, q0);
      leftMulRestT(f, Lr1, off, nr, q0, cp.r1Rows, r0);
      smallTrsmRT(Lr1, off, nr, nr, L11, l * qq, q0);
    }
    t0 = lap("Lr1", t0);
    // Srr = Λ_rᵀ A_rr Λ_r + I − Σ_ℓ Lr1_ℓ Lr1_ℓᵀ (lower triangle).
    if (f.rest) assembleSrr(f.rest, cp, T, Lr1);
    else {
      Lrr.fill(0);
      scatterRestPairs(f);
      for (let i = 0; i < m; i++) Lrr[i + i * m] += 1;
      t0 = lap("Arr", t0);
      const dr = f.denseRest;
      if (f.denseR1) {
        // Sxr = A_xr Λ_r first; the SYRK/GEMM pair then subtracts both term-0 contributions.
        restRightMul(f, cp.axr, Lxr);
        if (dr) dr.denseR1Update(Lr1, Lx1);
        else {
          kernFor(f, (m * m * l0) / 2).syrkLowerMinus(Lrr, m, Lr1, l0);
          kernFor(f, P * m * l0).gemmNTMinus(Lxr, P, m, Lx1, Lr1, l0);
        }
      } else if (dr && dr.cliques && dr.cliqueValues) {
        const x = dr.cliqueValues, pk = dr.cliques.packIdx;
        for (let s = 0; s < pk.length; s++) x[s] = Lr1[pk[s]];
        dr.subtractCliques();
      } else subtractCliques(f);
    }
    // Sxr = A_xr Λ_r − Σ_ℓ Lx1_ℓ Lr1_ℓᵀ (the dense-r1 case did this above).
    t0 = lap("schur", t0);
    if (!f.denseR1) subtractX1R1(f);
    t0 = lap("Sxr", t0);
  }
  // Sxx −= Σ_ℓ Lx1_ℓ Lx1_ℓᵀ  (= Lx1 Lx1ᵀ).
  syrkSmall(f, Lxx, P, Lx1, l0 * q0);
  if (cp.K > 1) {
    if (f.rest) {
      if (!factorSrr(f.rest, Lxr, P)) return false;
    } else if (f.denseRest) {
      if (f.denseRest.potrf() !== 0) return false;
      t0 = lap("chol", t0);
      f.denseRest.trsm();
    } else {
      if (kernFor(f, (m * m * m) / 6).potrf(Lrr, m) !== 0) return false;
      t0 = lap("chol", t0);
      kernFor(f, (P * m * m) / 2).trsmRightLowerTrans(Lxr, P, m, Lrr);
    }
    t0 = lap(f.rest ? "chol" : "solve", t0);
    syrkSmall(f, Lxx, P, Lxr, m);
  }
  const info = P <= SMALL_P ? smallPotrf(Lxx, P) : f.kern.potrf(Lxx, P);
  // A failure at the last position (y row) means a perfect fit: pwrss = 0.
  if (info !== 0 && info !== P) return false;
  if (info === P) Lxx[P * P - 1] = 0;
  lap("Lxx", t0);
  return true;
}

/** Lxr = A_xr Λ_r − Σ_ℓ Lx1_ℓ Lr1_ℓᵀ (level by level; q0 = 2 unrolled). */
function subtractX1R1(f: LmmFactor): void {
  const { cp, Lr1, Lx1, Lxr } = f;
  const { q0, l0, P } = cp;
  restRightMul(f, cp.axr, Lxr);
  if (q0 === 1) {
    const rows = cp.r1Rows;
    for (let l = 0; l < l0; l++) {
      const xo = l * P;
      for (let g = cp.r1Ptr[l]; g < cp.r1Ptr[l + 1]; g++) {
        const lr = Lr1[g], ro = rows[g] * P;
        for (let j = 0; j < P; j++) Lxr[ro + j] -= Lx1[xo + j] * lr;
      }
    }
  } else if (q0 === 2 && P === 3) {
    // One covariate plus intercept (y ~ x + (x | g) + …): Lx1's six values of the level in locals.
    const rows = cp.r1Rows;
    for (let l = 0; l < l0; l++) {
      const r0 = cp.r1Ptr[l], nr = cp.r1Ptr[l + 1] - r0, off = r0 * 2, xo = l * 6;
      const u0 = Lx1[xo], u1 = Lx1[xo + 1], u2 = Lx1[xo + 2], v0 = Lx1[xo + 3], v1 = Lx1[xo + 4], v2 = Lx1[xo + 5];
      for (let a = 0; a < nr; a++) {
        const x0 = Lr1[off + a], x1 = Lr1[off + a + nr], ro = rows[r0 + a] * 3;
        Lxr[ro] -= u0 * x0 + v0 * x1;
        Lxr[ro + 1] -= u1 * x0 + v1 * x1;
        Lxr[ro + 2] -= u2 * x0 + v2 * x1;
      }
    }
  } else if (q0 === 2) {
    const rows = cp.r1Rows;
    for (let l = 0; l < l0; l++) {
      const r0 = cp.r1Ptr[l], nr = cp.r1Ptr[l + 1] - r0, off = r0 * 2, xo = l * 2 * P;
      for (let a = 0; a < nr; a++) {
        const x0 = Lr1[off + a], x1 = Lr1[off + a + nr], ro = rows[r0 + a] * P;
        for (let j = 0; j < P; j++) Lxr[ro + j] -= Lx1[xo + j] * x0 + Lx1[xo + j + P] * x1;
      }
    }
  } else for (let l = 0; l < l0; l++) {
    const r0 = cp.r1Ptr[l], nr = cp.r1Ptr[l + 1] - r0, off = r0 * q0, rows = cp.r1Rows;
    for (let a = 0; a < nr; a++) {
      const ra = rows[r0 + a];
      const xo = l * q0 * P;
      for (let j = 0; j < P; j++) {
        let s = 0;
        for (let c = 0; c < q0; c++) s += Lx1[xo + j + c * P] * Lr1[off + a + c * nr];
        Lxr[j + ra * P] -= s;
      }
    }
  }
}

/** [X y] blocks up to this order are handled in plain JS (a WebAssembly call copies its operands). */
const SMALL_P = 8;

/** C (n×n lower) −= A Aᵀ, A n×k: a dot product for n = 1, else the dense kernels (JS when small). */
function syrkSmall(f: LmmFactor, c: Float64Array, n: number, a: Float64Array, k: number): void {
  if (n !== 1) return kernFor(f, (n * n * k) / 2).syrkLowerMinus(c, n, a, k);
  let s = 0;
  for (let i = 0; i < k; i++) s += a[i] * a[i];
  c[0] -= s;
}


/**
 * Dense mode without the WebAssembly workspace: Lrr (lower) −= Σ_ℓ Lr1_ℓ Lr1_ℓᵀ by column
 * panels (restCliquePanels.ts): O(Σ_ℓ nr_ℓ² q0 / 2) multiply-adds with cache-resident writes,
 * where a level-by-level update would stride through the whole m × m block.
 */
function subtractCliques(f: LmmFactor): void {
  const { cp, Lr1, Lrr } = f;
  const { packIdx } = restCliquesDense(cp);
  const lv = new Float64Array(packIdx.length);
  for (let i = 0; i < packIdx.length; i++) lv[i] = Lr1[packIdx[i]];
  cliquePanelsJs(densePanels(cp), lv, Lrr);
}

/** out = Tᵀ A T for a q×q block A at aOff (full symmetric storage), T lower. */
function congruence(a: Float64Array, aOff: number, T: Float64Array, q: number, out: Float64Array): void {
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let r = i; r < q; r++) for (let c = j; c < q; c++) s += T[r + i * q] * a[aOff + r + c * q] * T[c + j * q];
      out[i + j * q] = s;
    }
}

/** dst block (rows × q, ld) = src block × T (T q×q lower), same offset in both. */
function rightMulLower(src: Float64Array, dst: Float64Array, off: number, rows: number, ld: number, T: Float64Array, q: number): void {
  for (let j = 0; j < q; j++)
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = j; c < q; c++) s += src[off + r + c * ld] * T[c + j * q];
      dst[off + r + j * ld] = s;
    }
}

/**
 * In place on a block whose rows are rest rows (`rows[r0..]`, whole units): B := Λ_rᵀ B, i.e.
 * for each unit's q_k rows, B_u := T_kᵀ B_u.
 */
function leftMulRestT(f: LmmFactor, B: Float64Array, off: number, nr: number, ncol: number, rows: Int32Array, r0: number): void {
  const units = f.cp.units;
  let a = 0;
  let buf: Float64Array | null = null;
  while (a < nr) {
    const row = rows[r0 + a];
    const u = f.rowUnit[row];
    const k = units.term[u], q = units.size[u], T = f.T[k];
    if (q === 1) {
      const t = T[0];
      for (let c = 0; c < ncol; c++) B[off + a + c * nr] *= t;
    } else {
      const tmp = buf && buf.length >= q ? buf : (buf = new Float64Array(q));
      for (let c = 0; c < ncol; c++) {
        for (let i = 0; i < q; i++) {
          let s = 0;
          for (let r = i; r < q; r++) s += T[r + i * q] * B[off + a + r + c * nr];
          tmp[i] = s;
        }
        for (let i = 0; i < q; i++) B[off + a + i + c * nr] = tmp[i];
      }
    }
    a += q;
  }
}

/** Lrr (lower) += Λ_rᵀ A_rr Λ_r from the unit-pair blocks. */
function scatterRestPairs(f: LmmFactor): void {
  const { cp, T, Lrr } = f;
  const { units, pairU, pairV, pairOff, rrVal } = cp;
  const m = units.m;
  for (let idx = 0; idx < pairU.length; idx++) {
    const u = pairU[idx], v = pairV[idx];
    const qu = units.size[u], qv = units.size[v], su = units.start[u], sv = units.start[v];
    const Tu = T[units.term[u]], Tv = T[units.term[v]], off = pairOff[idx];
    if (qu === 1 && qv === 1) {
      Lrr[su + sv * m] += Tu[0] * rrVal[off] * Tv[0];
      continue;
    }
    for (let i = 0; i < qu; i++)
      for (let j = 0; j < qv; j++) {
        if (u === v && j > i) continue;
        let s = 0;
        for (let r = i; r < qu; r++) for (let c = j; c < qv; c++) s += Tu[r + i * qu] * rrVal[off + r + c * qu] * Tv[c + j * qv];
        Lrr[su + i + (sv + j) * m] += s;
      }
  }
}

/** out (P × m) = A (P × m) Λ_r, unit by unit. */
function restRightMul(f: LmmFactor, A: Float64Array, out: Float64Array): void {
  const { units, P } = f.cp;
  for (let u = 0; u < units.count; u++) {
    const q = units.size[u], s = units.start[u], T = f.T[units.term[u]];
    for (let j = 0; j < q; j++)
      for (let r = 0; r < P; r++) {
        let acc = 0;
        for (let c = j; c < q; c++) acc += A[r + (s + c) * P] * T[c + j * q];
        out[r + (s + j) * P] = acc;
      }
  }
}

/** log det(L_θ)² = 2 Σ log diag of L11 and of the rest factor (lme4's ldL2). */
export function logDetL2(f: LmmFactor): number {
  const { q0, l0, units } = f.cp;
  let s = 0;
  for (let l = 0; l < l0; l++) for (let i = 0; i < q0; i++) s += Math.log(f.L11[l * q0 * q0 + i + i * q0]);
  if (f.rest) return 2 * s + f.rest.chol.logDet();
  const m = units.m;
  for (let i = 0; i < m; i++) s += Math.log(f.Lrr[i + i * m]);
  return 2 * s;
}

/** log det(R_X)² = 2 Σ log diag of the leading p×p block of Lxx (lme4's ldRX2). */
export function logDetRX2(f: LmmFactor): number {
  const { p, P } = f.cp;
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(f.Lxx[i + i * P]);
  return 2 * s;
}

/** Penalized weighted residual sum of squares (lme4's pwrss). */
export function pwrss(f: LmmFactor): number {
  const P = f.cp.P;
  return f.Lxx[P * P - 1] ** 2;
}
