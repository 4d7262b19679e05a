/**
 * Dense mode of the LMM rest block kept in WebAssembly memory: Lrr (m×m) and Lxr (P×m) are views
 * of a private kernel instance's linear memory, so the per-θ Cholesky (potrf), the triangular
 * solve for Lxr and the term-0 clique subtraction run in place — no m² copies in and out per
 * evaluation (the shared kernels of src/linalg copy their operands). Memory is sized once.
 * Also here: unblocked kernels for tiny blocks (`tinyKernels`, `smallPotrf`), used below a few
 * thousand multiply-adds where a kernel call's copies cost more than the arithmetic.
 */
import type { CrossProducts } from "./crossprod.js";
import { kernelInstance } from "../sparse/index.js";
import { WASM_POTRF_BLOCK } from "../linalg/index.js";
import type { RestCliques } from "./restSparse.js";
import { densePanels } from "./restCliquePanels.js";
import { PAR_BLOCK, PAR_MIN, ParallelDense, denseThreads, sharedKernelInstance } from "../linalg/parallel.js";
import type { DenseKernels } from "../linalg/index.js";

interface DenseExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  workBytes(m: number, n: number): number;
  potrf(a: number, n: number, nb: number, work: number): number;
  trsmRightLowerTrans(b: number, m: number, n: number, l: number, work: number): void;
  syrkLowerMinus(c: number, n: number, a: number, k: number, work: number): void;
  gemmNTMinus(c: number, m: number, n: number, a: number, b: number, k: number, work: number): void;
  cliquePanels(m: number, q: number, nPanel: number, panPtr: number, segStart: number, segEnd: number, segLevelEnd: number,
    rows: number, lv: number, c: number): void;
}

/** In-place dense rest workspace (see the module comment). */
export interface DenseRest {
  readonly Lrr: Float64Array;
  readonly Lxr: Float64Array;
  /** Clique values (sorted order of `cliques`, q0 per row, row-major) for `subtractCliques`; null without cliques. */
  readonly cliqueValues: Float64Array | null;
  readonly cliques: RestCliques | null;
  /** Lrr (lower) −= Σ_ℓ X_ℓ X_ℓᵀ from `cliqueValues` (X_ℓ: level ℓ's rows of L_r1, q0 columns). */
  subtractCliques(): void;
  /** Threads of the Cholesky (2 for blocks of order ≥ PAR_MIN on a multi-core machine: linalg/parallel.ts). */
  readonly threads: number;
  /** In-place Cholesky of Lrr's lower triangle: 0 or the failing order k+1 (as DenseKernels.potrf). */
  potrf(): number;
  /** Lxr := Lxr Lrr⁻ᵀ. */
  trsm(): void;
  /**
   * Dense term-0 block (every term-0 level touches every rest row, q0 = 1; `r1Levels` > 0 at
   * allocation): Lrr (lower) −= R Rᵀ with R = Lr1 as m × ℓ0 (copied in), then Lxr −= X Rᵀ with
   * X = Lx1 (P × ℓ0, copied in) — one SYRK and one GEMM instead of ℓ0 clique updates.
   */
  denseR1Update(Lr1: Float64Array, Lx1: Float64Array): void;
}

const MAX_BYTES = 2 ** 32 - 65536;
const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * Allocates the in-place dense workspace, or null when the kernel module is unavailable or the
 * block does not fit in WebAssembly memory (the caller then uses plain arrays and the shared kernels).
 */
export function allocDenseRest(cp: CrossProducts, cliques: RestCliques | null, r1Levels = 0): DenseRest | null {
  const m = cp.units.m, P = cp.P, nc = cliques ? cliques.sortedP.length : 0;
  const shared = denseThreads(m) > 1 ? sharedKernelInstance(0) : null;
  const inst = shared ? null : kernelInstance();
  if (!inst && !shared) return null;
  const ex = (shared ?? inst!.exports) as unknown as DenseExports;
  const pn = cliques ? densePanels(cp) : null, ns = pn ? pn.segStart.length : 0;
  const sizes: [string, number][] = [["Lrr", 8 * m * m], ["Lxr", 8 * P * m], ["work", ex.workBytes(Math.max(m, P), m)],
    ["r1", 8 * m * r1Levels], ["x1", 8 * P * r1Levels], ["work1", shared ? ex.workBytes(m, m) : 0]];
  if (pn)
    sizes.push(["panPtr", 4 * (pn.nPanel + 1)], ["segStart", 4 * ns], ["segEnd", 4 * ns], ["segLevelEnd", 4 * ns],
      ["rows", 4 * nc], ["lv", 8 * nc * pn.q]);
  const a: Record<string, number> = {};
  let p = align64(ex.heapBase());
  for (const [k, s] of sizes) { a[k] = p; p = align64(p + s); }
  if (p > MAX_BYTES) return null;
  const have = ex.memory.buffer.byteLength;
  try {
    if (p > have) ex.memory.grow(Math.ceil((p - have) / 65536));
  } catch {
    return null;
  }
  const buf = ex.memory.buffer;
  const r1 = new Float64Array(buf, a["r1"]!, m * r1Levels), x1 = new Float64Array(buf, a["x1"]!, P * r1Levels);
  const A = a as Record<string, number> & { Lrr: number; Lxr: number; work: number };
  let cliqueValues: Float64Array | null = null;
  if (pn) {
    new Int32Array(buf, a["panPtr"], pn.nPanel + 1).set(pn.panPtr);
    new Int32Array(buf, a["segStart"], ns).set(pn.segStart);
    new Int32Array(buf, a["segEnd"], ns).set(pn.segEnd);
    new Int32Array(buf, a["segLevelEnd"], ns).set(pn.segLevelEnd);
    new Int32Array(buf, a["rows"], nc).set(pn.rows);
    cliqueValues = new Float64Array(buf, a["lv"], nc * pn.q);
  }
  const par = shared ? new ParallelDense(shared) : null;
  return {
    threads: par ? 2 : 1,
    Lrr: new Float64Array(buf, A.Lrr, m * m),
    Lxr: new Float64Array(buf, A.Lxr, P * m),
    cliqueValues,
    cliques,
    subtractCliques() {
      if (!pn) throw new Error("lme4ts: dense rest workspace made without cliques");
      ex.cliquePanels(m, pn.q, pn.nPanel, a["panPtr"]!, a["segStart"]!, a["segEnd"]!, a["segLevelEnd"]!, a["rows"]!, a["lv"]!, A.Lrr);
    },
    // From PAR_MIN on, one thread uses the two-thread blocking too: the factor does not depend on the threads.
    potrf: () => (par ? par.potrf(A.Lrr, m, A.work, a["work1"]!) : ex.potrf(A.Lrr, m, m >= PAR_MIN ? PAR_BLOCK : WASM_POTRF_BLOCK, A.work)),
    trsm: () => ex.trsmRightLowerTrans(A.Lxr, P, m, A.Lrr, A.work),
    denseR1Update(Lr1, Lx1) {
      if (!r1Levels) throw new Error("lme4ts: dense rest workspace made without a dense term-0 block");
      r1.set(Lr1.subarray(0, m * r1Levels));
      x1.set(Lx1.subarray(0, P * r1Levels));
      ex.syrkLowerMinus(A.Lrr, m, a["r1"]!, r1Levels, A.work);
      ex.gemmNTMinus(A.Lxr, P, m, a["x1"]!, a["r1"]!, r1Levels, A.work);
    },
  };
}

/** In-place lower Cholesky of a small n×n block: 0, or j + 1 when the j-th pivot is not positive. */
export function smallPotrf(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    let d = a[j + j * n];
    for (let k = 0; k < j; k++) d -= a[j + k * n] * a[j + k * n];
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    a[j + j * n] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i + j * n];
      for (let k = 0; k < j; k++) s -= a[i + k * n] * a[j + k * n];
      a[i + j * n] = s / ljj;
    }
  }
  return 0;
}

/**
 * Unblocked dense kernels for tiny operands (no packing, no copies), same contracts as
 * DenseKernels: C −= A Aᵀ (lower), C −= A Bᵀ, B := B L⁻ᵀ, and Cholesky (smallPotrf).
 */
export const tinyKernels: DenseKernels = {
  name: "js",
  potrf: (a, n) => smallPotrf(a, n),
  syrkLowerMinus(c, n, a, k) {
    for (let j = 0; j < n; j++)
      for (let i = j; i < n; i++) {
        let s = 0;
        for (let l = 0; l < k; l++) s += a[i + l * n] * a[j + l * n];
        c[i + j * n] -= s;
      }
  },
  gemmNTMinus(c, m, n, a, b, k) {
    for (let j = 0; j < n; j++)
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let l = 0; l < k; l++) s += a[i + l * m] * b[j + l * n];
        c[i + j * m] -= s;
      }
  },
  trsmRightLowerTrans(b, m, n, l) {
    for (let j = 0; j < n; j++) {
      const d = l[j + j * n];
      for (let r = 0; r < m; r++) {
        let s = b[r + j * m];
        for (let k = 0; k < j; k++) s -= b[r + k * m] * l[j + k * n];
        b[r + j * m] = s / d;
      }
    }
  },
};
