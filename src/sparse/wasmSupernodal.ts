/**
 * The WebAssembly supernodal numeric Cholesky (wasm/assembly/supernodal.ts) driven from JS.
 *
 * One `SupernodalEngine` per symbolic analysis owns a private instance of the kernel module
 * (its own linear memory), into which the symbolic arrays are copied once. L lives there in
 * "block layout": supernode J (columns f..l sharing the row list R_J of m_J rows) is one dense
 * m_J × w_J column-major block; `values` is a Float64Array view of all blocks. Callers assemble
 * the lower triangle of P A Pᵀ into `values` (positions from `position`/`blockIndexOfCsc`), call
 * `factor()`, and read L from the blocks or copy it to the CSC layout of `SymbolicCholesky`.
 * Memory is sized once at creation and never grown, so `values` and `rhs` stay valid.
 */
import { readFileSync } from "node:fs";
import type { SymbolicCholesky } from "./symbolic.js";
import { PAR_BLOCK, ParallelDense, ROOT_UPDATE, denseThreads, sharedKernelInstance } from "../linalg/parallel.js";

interface SnExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  workBytes(m: number, n: number): number;
  snFactor(nSuper: number, snStart: number, rowPtr: number, rows: number, valPtr: number, snOf: number, vals: number,
    rel: number, head: number, next: number, cursor: number, relI: number, wbuf: number, work: number, lastPanel: number): number;
  potrf(a: number, n: number, nb: number, work: number): number;
  snRootUpdate(J: number, snStart: number, rowPtr: number, rows: number, valPtr: number, vals: number, rel: number,
    head: number, next: number, cursor: number, relI: number, wbuf: number, work: number, colLo: number, colHi: number): void;
  snForwardSolve(nSuper: number, snStart: number, rowPtr: number, rows: number, valPtr: number, vals: number,
    x: number, ldx: number, nrhs: number): void;
  snForwardSolveRows(nSuper: number, snStart: number, rowPtr: number, rows: number, valPtr: number, vals: number,
    x: number, nrhs: number): void;
  cliqueSubtract(m: number, q: number, kPtr: number, tStart: number, tEnd: number, sortedP: number, lv: number, spa: number,
    colStart: number, colRowStart: number, colLen: number, colRows: number, vals: number): void;
}

/**
 * A sum of outer products Σ_ℓ x_ℓ x_ℓᵀ (or X_ℓ X_ℓᵀ with q columns) to subtract from the assembled matrix column by column
 * (each x_ℓ's pattern a clique of A). Vectors are stored contiguously, each sorted by permuted
 * index: entry s has permuted row sortedP[s]. For permuted column k, the occurrences t in
 * kPtr[k] .. kPtr[k+1] are the entries s = tStart[t] with sortedP[s] = k, and tEnd[t] ends their vector.
 */
export interface CliqueStructure {
  /** Values per clique row (the term-0 block's columns q0; 1 when absent). */
  readonly q?: number;
  readonly kPtr: Int32Array;
  readonly tStart: Int32Array;
  readonly tEnd: Int32Array;
  readonly sortedP: Int32Array;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null when wasm/build/kernels.wasm is missing or unusable. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const env = typeof process !== "undefined" ? process.env["LME4TS_KERNELS"] : undefined;
    if (env === "js") return (compiled = null);
    const bytes = readFileSync(new URL("../../wasm/build/kernels.wasm", import.meta.url));
    const mod = new WebAssembly.Module(bytes);
    const names = WebAssembly.Module.exports(mod).map((e) => e.name);
    compiled = ["snFactor", "snForwardSolve", "snForwardSolveRows", "cliqueSubtract"].every((x) => names.includes(x)) ? mod : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * A fresh instance of the kernel module (its own linear memory), or null when unavailable. Used
 * by workspaces that keep their operands in WebAssembly memory across calls.
 */
export function kernelInstance(): WebAssembly.Instance | null {
  const mod = kernelModule();
  if (!mod) return null;
  return new WebAssembly.Instance(mod, { env: { abort: () => { throw new Error("lme4ts wasm kernels: abort"); } } });
}

/** Whether the WebAssembly supernodal kernel is available (built, SIMD-capable runtime, not LME4TS_KERNELS=js). */
export function wasmSupernodalAvailable(): boolean {
  return kernelModule() !== null;
}

const MAX_BYTES = 2 ** 32 - 65536;
const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * A last supernode that is a dense root block (its rows are its own columns) of at least this
 * width is factorized by the dense blocked Cholesky (block PAR_BLOCK; on two threads when
 * `denseThreads` says so) after the supernodal sweep has applied every update to it. The LMM rest
 * block of crossed designs ends in such a block (design (c) of issue 17 at 1M rows: a 4342-wide
 * root holding 93% of the multiply-adds), so this is where a second core pays.
 */
export const ROOT_DENSE_MIN = 2000;
/** Columns per GEMM call of the root updates (wasm/assembly/supernodal.ts ROOT_CHUNK; sizes their scratch). */
const ROOT_CHUNK = 256;
/**
 * The root's columns [0, c) go to the calling thread and [c, w) to the worker, c = w (1 − 1/√2):
 * with updates spread evenly over the root's lower triangle, its first 29% of columns hold half
 * of its elements.
 */
const ROOT_SPLIT = 1 - Math.SQRT1_2;

/** Options of `SupernodalEngine` (tests: small roots, forced thread counts). */
export interface SupernodalOptions {
  /** Minimum width of a dense root block for the dense path (default ROOT_DENSE_MIN; Infinity: never). */
  readonly rootDenseMin?: number;
  /** Threads of the dense root Cholesky: 1 or 2 (default `denseThreads(width)`). */
  readonly threads?: number;
}

/**
 * A supernodal factorization workspace in WebAssembly memory for one `SymbolicCholesky`.
 *
 * Fields: `values` (the blocks, f64 view), `valPtr[J]` (first double of block J), `rowPtr`/`rows`
 * (R_J of each supernode), `rhs` (a column-major n × maxRhs scratch for multi-RHS solves).
 * `position(i, j)` gives the index in `values` of L[i, j] (permuted indices, i ≥ j, inside the
 * pattern). Not safe to share between interleaved factorizations.
 */
export class SupernodalEngine {
  readonly S: SymbolicCholesky;
  readonly nSuper: number;
  readonly rowPtr: Int32Array;
  readonly rows: Int32Array;
  readonly valPtr: Int32Array;
  readonly values: Float64Array;
  readonly rhs: Float64Array;
  readonly maxRhs: number;
  private readonly ex: SnExports;
  /** Values of the clique vectors, row-major with q per entry (entry s ↔ CliqueStructure.sortedP[s]); empty without cliques. */
  readonly cliqueValues: Float64Array;
  private readonly addr: Record<"work1" | "relI1" | "wbuf1" | "wbuf0" | "snStart" | "rowPtr" | "rows" | "valPtr" | "snOf" | "vals" | "rel" | "head" | "next" | "cursor" | "relI" | "wbuf" | "work" | "rhs"
    | "kPtr" | "tStart" | "tEnd" | "sortedP" | "lv" | "spa" | "colStart" | "colRowStart" | "colLen", number>;

  /** Width of the dense root block factorized by the dense Cholesky (0: none, the supernodal kernel does all). */
  readonly rootWidth: number;
  /** Threads of the dense root Cholesky (1 without a dense root). */
  readonly threads: number;
  private readonly par: ParallelDense | null;

  /**
   * Lays out S's supernodes in a fresh module instance (over shared memory when the dense root
   * block is factorized on two threads); throws if the module is unavailable or memory too small.
   */
  constructor(S: SymbolicCholesky, maxRhs = 1, cliques: CliqueStructure | null = null, opts: SupernodalOptions = {}) {
    const mod = kernelModule();
    if (!mod) throw new Error("lme4ts: WebAssembly supernodal kernel unavailable");
    const { n, nSuper, snStart, colptr, rowind } = S;
    const rootF = nSuper > 0 ? snStart[nSuper - 1]! : 0, rootW = n - rootF;
    const rootDense = nSuper > 0 && colptr[rootF + 1]! - colptr[rootF]! === rootW && rootW >= (opts.rootDenseMin ?? ROOT_DENSE_MIN);
    const shared = rootDense && (opts.threads ?? denseThreads(rootW)) > 1 ? sharedKernelInstance(0) : null;
    this.ex = (shared ?? new WebAssembly.Instance(mod, { env: { abort: () => { throw new Error("lme4ts wasm kernels: abort"); } } }).exports) as unknown as SnExports;
    this.par = shared ? new ParallelDense(shared) : null;
    this.rootWidth = rootDense ? rootW : 0;
    this.threads = shared ? 2 : 1;
    this.S = S;
    this.maxRhs = maxRhs;
    this.nSuper = nSuper;
    const rowPtr = new Int32Array(nSuper + 1), valPtr = new Int32Array(nSuper + 1);
    let maxM = 1, maxW = 1, maxUpd = 1;
    for (let J = 0; J < nSuper; J++) {
      const f = snStart[J]!, w = snStart[J + 1]! - f, m = colptr[f + 1]! - colptr[f]!;
      rowPtr[J + 1] = rowPtr[J]! + m;
      valPtr[J + 1] = valPtr[J]! + m * w;
      maxM = Math.max(maxM, m);
      // The sweep's update blocks land in supernodes other than a dense root (whose updates use
      // the chunked scratch of snRootUpdate): their columns are bounded by the other widths.
      if (!(rootDense && J === nSuper - 1)) maxW = Math.max(maxW, w);
    }
    for (let J = 0; J < nSuper; J++) {
      const f = snStart[J]!, w = snStart[J + 1]! - f, m = colptr[f + 1]! - colptr[f]!;
      // An update from J has at most (m - w) rows and min(m - w, maxW) columns (maxW: widths of its targets).
      maxUpd = Math.max(maxUpd, (m - w) * Math.min(m - w, maxW));
    }
    const rows = new Int32Array(rowPtr[nSuper]!);
    for (let J = 0; J < nSuper; J++) {
      const f = snStart[J]!;
      rows.set(rowind.subarray(colptr[f]!, colptr[f + 1]!), rowPtr[J]!);
    }
    const nVals = valPtr[nSuper]!;
    const sizes: [keyof SupernodalEngine["addr"], number][] = [
      ["snStart", 4 * (nSuper + 1)], ["rowPtr", 4 * (nSuper + 1)], ["rows", 4 * rows.length], ["valPtr", 4 * (nSuper + 1)],
      ["snOf", 4 * n], ["rel", 4 * n], ["head", 4 * nSuper], ["next", 4 * nSuper], ["cursor", 4 * nSuper], ["relI", 4 * maxM],
      ["vals", 8 * nVals], ["wbuf", 8 * maxUpd], ["work", this.ex.workBytes(maxM, maxM)], ["rhs", 8 * n * maxRhs],
      ["work1", rootDense ? this.ex.workBytes(rootW, rootW) : 0],
      ["relI1", rootDense ? 4 * rootW : 0], ["wbuf1", rootDense ? 8 * rootW * ROOT_CHUNK : 0], ["wbuf0", rootDense ? 8 * rootW * ROOT_CHUNK : 0],
    ];
    const nc = cliques ? cliques.sortedP.length : 0;
    if (cliques)
      sizes.push(["kPtr", 4 * (n + 1)], ["tStart", 4 * nc], ["tEnd", 4 * nc], ["sortedP", 4 * nc], ["lv", 8 * nc * (cliques.q ?? 1)], ["spa", 8 * n],
        ["colStart", 4 * n], ["colRowStart", 4 * n], ["colLen", 4 * n]);
    const addr = {} as SupernodalEngine["addr"];
    let p = align64(this.ex.heapBase());
    for (const [k, s] of sizes) { addr[k] = p; p = align64(p + s); }
    if (p > MAX_BYTES) throw new Error("lme4ts: sparse factor too large for WebAssembly memory");
    const have = this.ex.memory.buffer.byteLength;
    if (p > have) this.ex.memory.grow(Math.ceil((p - have) / 65536));
    this.addr = addr;
    const buf = this.ex.memory.buffer;
    new Int32Array(buf, addr.snStart, nSuper + 1).set(snStart.subarray(0, nSuper + 1));
    new Int32Array(buf, addr.rowPtr, nSuper + 1).set(rowPtr);
    new Int32Array(buf, addr.rows, rows.length).set(rows);
    new Int32Array(buf, addr.valPtr, nSuper + 1).set(valPtr);
    new Int32Array(buf, addr.snOf, n).set(S.snOf);
    this.values = new Float64Array(buf, addr.vals, nVals);
    this.rhs = new Float64Array(buf, addr.rhs, n * maxRhs);
    this.rowPtr = rowPtr;
    this.rows = rows;
    this.valPtr = valPtr;
    this.cliqueQ = cliques?.q ?? 1;
    this.cliqueValues = new Float64Array(cliques ? buf : new ArrayBuffer(0), cliques ? addr.lv : 0, nc * this.cliqueQ);
    if (cliques) {
      new Int32Array(buf, addr.kPtr, n + 1).set(cliques.kPtr);
      new Int32Array(buf, addr.tStart, nc).set(cliques.tStart);
      new Int32Array(buf, addr.tEnd, nc).set(cliques.tEnd);
      new Int32Array(buf, addr.sortedP, nc).set(cliques.sortedP);
      const cs = new Int32Array(buf, addr.colStart, n), cr = new Int32Array(buf, addr.colRowStart, n), cl = new Int32Array(buf, addr.colLen, n);
      for (let J = 0; J < nSuper; J++) {
        const f = snStart[J]!, l = snStart[J + 1]!, m = rowPtr[J + 1]! - rowPtr[J]!;
        for (let c = f; c < l; c++) {
          cs[c] = valPtr[J]! + (c - f) * m + (c - f);
          cr[c] = rowPtr[J]! + (c - f);
          cl[c] = m - (c - f);
        }
      }
    }
    this.hasCliques = cliques !== null;
  }

  private readonly hasCliques: boolean;
  private readonly cliqueQ: number;

  /** values −= lower triangle of Σ_ℓ x_ℓ x_ℓᵀ with x from `cliqueValues` (see CliqueStructure). */
  cliqueSubtract(): void {
    if (!this.hasCliques) throw new Error("lme4ts: engine created without cliques");
    const a = this.addr;
    this.ex.cliqueSubtract(this.S.n, this.cliqueQ, a.kPtr, a.tStart, a.tEnd, a.sortedP, a.lv, a.spa, a.colStart, a.colRowStart, a.colLen, a.rows, a.vals);
  }

  /** Index in `values` of L[i, j] for permuted indices i ≥ j, or -1 when (i, j) is outside the pattern. */
  position(i: number, j: number): number {
    const S = this.S, J = S.snOf[j]!, f = S.snStart[J]!;
    const r0 = this.rowPtr[J]!, m = this.rowPtr[J + 1]! - r0;
    let lo = j - f, hi = m - 1;
    const rows = this.rows;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[r0 + mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    if (rows[r0 + lo] !== i) return -1;
    return this.valPtr[J]! + (j - f) * m + lo;
  }

  /** For each position p of S's CSC layout of L, the index of the same entry in `values`. */
  blockIndexOfCsc(): Int32Array {
    const S = this.S, out = new Int32Array(S.nnzL);
    for (let J = 0; J < this.nSuper; J++) {
      const f = S.snStart[J]!, l = S.snStart[J + 1]!, m = this.rowPtr[J + 1]! - this.rowPtr[J]!;
      for (let c = f; c < l; c++) {
        const len = S.colptr[c + 1]! - S.colptr[c]!, base = this.valPtr[J]! + (c - f) * m + (c - f);
        for (let t = 0; t < len; t++) out[S.colptr[c]! + t] = base + t;
      }
    }
    return out;
  }

  /**
   * Factorizes the assembled `values` in place; -1 on success, else the failing permuted column.
   * With a dense root block (`rootWidth` > 0) the supernodal sweep stops before the root's own
   * panel, which the dense blocked Cholesky then factorizes (two threads: the same factor to the
   * last bit as one, src/linalg/parallel.ts).
   */
  factor(): number {
    const a = this.addr, w = this.rootWidth;
    const info = this.ex.snFactor(this.nSuper, a.snStart, a.rowPtr, a.rows, a.valPtr, a.snOf, a.vals, a.rel, a.head, a.next, a.cursor, a.relI, a.wbuf, a.work, w > 0 ? 0 : 1);
    if (info >= 0 || w === 0) return info;
    // The updates into the root, its columns split in two ranges (both on this thread without a worker).
    const J = this.nSuper - 1, c = Math.round(w * ROOT_SPLIT);
    const args = [J, a.snStart, a.rowPtr, a.rows, a.valPtr, a.vals, a.rel, a.head, a.next, a.cursor];
    const own = () => this.ex.snRootUpdate(J, a.snStart, a.rowPtr, a.rows, a.valPtr, a.vals, a.rel, a.head, a.next, a.cursor, a.relI, a.wbuf0, a.work, 0, c);
    if (this.par) this.par.alongside(ROOT_UPDATE, [...args, a.relI1, a.wbuf1, a.work1, c, w], own);
    else {
      own();
      this.ex.snRootUpdate(J, a.snStart, a.rowPtr, a.rows, a.valPtr, a.vals, a.rel, a.head, a.next, a.cursor, a.relI1, a.wbuf1, a.work1, c, w);
    }
    const root = a.vals + 8 * this.valPtr[J]!;
    const r = this.par ? this.par.potrf(root, w, a.work, a.work1) : this.ex.potrf(root, w, PAR_BLOCK, a.work);
    return r === 0 ? -1 : this.S.n - w + r - 1;
  }

  /** rhs[:, 0:nrhs] := L⁻¹ rhs[:, 0:nrhs] (permuted order, leading dimension n). */
  forwardSolve(nrhs: number): void {
    if (nrhs > this.maxRhs) throw new Error(`lme4ts: forwardSolve with ${nrhs} > ${this.maxRhs} right-hand sides`);
    const a = this.addr;
    this.ex.snForwardSolve(this.nSuper, a.snStart, a.rowPtr, a.rows, a.valPtr, a.vals, a.rhs, this.S.n, nrhs);
  }

  /** Row-major variant: rhs holds n rows of nrhs values (row i at i·nrhs); rhs := L⁻¹ rhs. */
  forwardSolveRows(nrhs: number): void {
    if (nrhs > this.maxRhs) throw new Error(`lme4ts: forwardSolveRows with ${nrhs} > ${this.maxRhs} right-hand sides`);
    const a = this.addr;
    this.ex.snForwardSolveRows(this.nSuper, a.snStart, a.rowPtr, a.rows, a.valPtr, a.vals, a.rhs, nrhs);
  }

  /** Copies L from the blocks into `out` in S's CSC layout (length S.nnzL). */
  toCsc(out: Float64Array): void {
    const S = this.S, v = this.values;
    for (let J = 0; J < this.nSuper; J++) {
      const f = S.snStart[J]!, l = S.snStart[J + 1]!, m = this.rowPtr[J + 1]! - this.rowPtr[J]!;
      for (let c = f; c < l; c++) {
        const p0 = S.colptr[c]!, len = S.colptr[c + 1]! - p0, base = this.valPtr[J]! + (c - f) * m + (c - f);
        out.set(v.subarray(base, base + len), p0);
      }
    }
  }

  /** log det(L Lᵀ) = 2 Σ log L[j, j] read from the blocks. */
  logDet(): number {
    const S = this.S, v = this.values;
    let s = 0;
    for (let J = 0; J < this.nSuper; J++) {
      const f = S.snStart[J]!, l = S.snStart[J + 1]!, m = this.rowPtr[J + 1]! - this.rowPtr[J]!, b = this.valPtr[J]!;
      for (let c = 0; c < l - f; c++) s += Math.log(v[b + c * m + c]!);
    }
    return 2 * s;
  }
}

const engines = new WeakMap<SymbolicCholesky, { engine: SupernodalEngine; cPosBlk: Int32Array; cscBlk: Int32Array }>();

/** The engine cached for S (created on first use), with the block index of every entry of C = P A Pᵀ. */
export function engineFor(S: SymbolicCholesky): { engine: SupernodalEngine; cPosBlk: Int32Array; cscBlk: Int32Array } {
  let e = engines.get(S);
  if (!e) {
    const engine = new SupernodalEngine(S);
    const cscBlk = engine.blockIndexOfCsc();
    const cPosBlk = new Int32Array(S.cPos.length);
    for (let q = 0; q < cPosBlk.length; q++) cPosBlk[q] = cscBlk[S.cPos[q]!]!;
    e = { engine, cPosBlk, cscBlk };
    engines.set(S, e);
  }
  return e;
}

/**
 * The WebAssembly counterpart of `trySupernodalCholesky` (same contract): assembles P A Pᵀ into
 * the engine's blocks, factorizes there and copies L to `outValues` (S's CSC layout).
 * Returns -1 or the failing elimination step.
 */
export function tryWasmSupernodal(Av: Float64Array, S: SymbolicCholesky, outValues: Float64Array): number {
  const { engine, cPosBlk } = engineFor(S);
  const v = engine.values, cMap = S.cMap;
  v.fill(0);
  for (let q = 0; q < cPosBlk.length; q++) v[cPosBlk[q]!]! += Av[cMap[q]!]!;
  const info = engine.factor();
  engine.toCsc(outValues);
  return info;
}
