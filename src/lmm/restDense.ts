/**
 * Dense mode of the LMM rest block kept in WebAssembly memory: Lrr (m×m) and Lxr (P×m) are views
 * of a private kernel instance's linear memory, so the per-θ Cholesky (potrf), the triangular
 * solve for Lxr and the term-0 clique subtraction run in place — no m² copies in and out per
 * evaluation (the shared kernels of src/linalg copy their operands). Memory is sized once.
 */
import type { CrossProducts } from "./crossprod.js";
import { kernelInstance } from "../sparse/index.js";
import { WASM_POTRF_BLOCK } from "../linalg/index.js";
import type { RestCliques } from "./restSparse.js";

interface DenseExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  workBytes(m: number, n: number): number;
  potrf(a: number, n: number, nb: number, work: number): number;
  trsmRightLowerTrans(b: number, m: number, n: number, l: number, work: number): void;
  cliqueSubtract(m: number, kPtr: number, tStart: number, tEnd: number, sortedP: number, lv: number, spa: number,
    colStart: number, colRowStart: number, colLen: number, colRows: number, vals: number): void;
}

/** In-place dense rest workspace (see the module comment). */
export interface DenseRest {
  readonly Lrr: Float64Array;
  readonly Lxr: Float64Array;
  /** Clique vectors (sorted order of `cliques`) for `subtractCliques`; null without q0 = 1 cliques. */
  readonly cliqueValues: Float64Array | null;
  readonly cliques: RestCliques | null;
  /** Lrr (lower) −= Σ_ℓ x_ℓ x_ℓᵀ from `cliqueValues`. */
  subtractCliques(): void;
  /** In-place Cholesky of Lrr's lower triangle: 0 or the failing order k+1 (as DenseKernels.potrf). */
  potrf(): number;
  /** Lxr := Lxr Lrr⁻ᵀ. */
  trsm(): void;
}

const MAX_BYTES = 2 ** 32 - 65536;
const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * Allocates the in-place dense workspace, or null when the kernel module is unavailable or the
 * block does not fit in WebAssembly memory (the caller then uses plain arrays and the shared kernels).
 */
export function allocDenseRest(cp: CrossProducts, cliques: RestCliques | null): DenseRest | null {
  const inst = kernelInstance();
  if (!inst) return null;
  const ex = inst.exports as unknown as DenseExports;
  const m = cp.units.m, P = cp.P, nc = cliques ? cliques.sortedP.length : 0;
  const sizes: [string, number][] = [["Lrr", 8 * m * m], ["Lxr", 8 * P * m], ["work", ex.workBytes(Math.max(m, P), m)]];
  if (cliques)
    sizes.push(["kPtr", 4 * (m + 1)], ["tStart", 4 * nc], ["tEnd", 4 * nc], ["sortedP", 4 * nc], ["lv", 8 * nc], ["spa", 8 * m],
      ["colStart", 4 * m], ["colRowStart", 4 * m], ["colLen", 4 * m], ["rows", 4 * m]);
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
  const A = a as Record<string, number> & { Lrr: number; Lxr: number; work: number };
  let cliqueValues: Float64Array | null = null;
  if (cliques) {
    new Int32Array(buf, a["kPtr"], m + 1).set(cliques.kPtr);
    new Int32Array(buf, a["tStart"], nc).set(cliques.tStart);
    new Int32Array(buf, a["tEnd"], nc).set(cliques.tEnd);
    new Int32Array(buf, a["sortedP"], nc).set(cliques.sortedP);
    const cs = new Int32Array(buf, a["colStart"], m), cr = new Int32Array(buf, a["colRowStart"], m);
    const cl = new Int32Array(buf, a["colLen"], m), rows = new Int32Array(buf, a["rows"], m);
    for (let k = 0; k < m; k++) { cs[k] = k * m + k; cr[k] = k; cl[k] = m - k; rows[k] = k; }
    cliqueValues = new Float64Array(buf, a["lv"], nc);
  }
  return {
    Lrr: new Float64Array(buf, A.Lrr, m * m),
    Lxr: new Float64Array(buf, A.Lxr, P * m),
    cliqueValues,
    cliques,
    subtractCliques() {
      if (!cliques) throw new Error("lme4ts: dense rest workspace made without cliques");
      ex.cliqueSubtract(m, a["kPtr"]!, a["tStart"]!, a["tEnd"]!, a["sortedP"]!, a["lv"]!, a["spa"]!, a["colStart"]!, a["colRowStart"]!, a["colLen"]!, a["rows"]!, A.Lrr);
    },
    potrf: () => ex.potrf(A.Lrr, m, WASM_POTRF_BLOCK, A.work),
    trsm: () => ex.trsmRightLowerTrans(A.Lxr, P, m, A.Lrr, A.work),
  };
}
