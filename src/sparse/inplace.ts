/**
 * A sparse Cholesky workspace that callers assemble into directly (no CscMatrix of A per
 * evaluation): the WebAssembly supernodal engine when available, else the JS supernodal kernel on
 * S's CSC layout. Used by the LMM rest block (src/lmm/restSparse.ts).
 */
import type { SymbolicCholesky } from "./symbolic.js";
import type { NumericCholesky } from "./numeric.js";
import { supernodalFactorInPlace } from "./supernodal.js";
import { lsolve } from "./solve.js";
import { SupernodalEngine, wasmSupernodalAvailable, type CliqueStructure } from "./wasmSupernodal.js";

/**
 * Assemble-and-factor protocol for P A Pᵀ = L Lᵀ with a fixed symbolic analysis S.
 * Per evaluation: zero `values`, add the lower triangle of P A Pᵀ at `position(i, j)` (permuted
 * i ≥ j), call `factor()` (-1 on success, else the failing permuted column), then use `logDet`,
 * `forwardSolve` on `rhs` (n × maxRhs column-major, permuted order) or `csc()` (L in S's CSC
 * layout, for the solves of src/sparse/solve.ts; copied from `values` when the layouts differ).
 * Column k of L occupies the contiguous slots colStart[k] .. colStart[k] + colLen(k) − 1 (diagonal
 * first), holding the rows colRows[colRowStart[k] + t] (increasing).
 */
export interface InPlaceCholesky {
  readonly S: SymbolicCholesky;
  readonly kind: "wasm" | "js";
  readonly values: Float64Array;
  readonly rhs: Float64Array;
  readonly colStart: Int32Array;
  readonly colRowStart: Int32Array;
  readonly colRows: Int32Array;
  colLen(k: number): number;
  position(i: number, j: number): number;
  factor(): number;
  logDet(): number;
  forwardSolve(nrhs: number): void;
  /** Same as forwardSolve with `rhs` read as n rows of nrhs values (row-major, row i at i·nrhs). */
  forwardSolveRows(nrhs: number): void;
  csc(): NumericCholesky;
  /**
   * Present when made with a CliqueStructure and running in WebAssembly: `values` receives the
   * clique vectors, `subtract()` does values −= lower triangle of Σ_ℓ x_ℓ x_ℓᵀ.
   */
  readonly cliques: { readonly values: Float64Array; subtract(): void } | null;
  /** Width of the trailing dense root block factorized by the dense Cholesky (0: none; see SupernodalEngine). */
  readonly rootWidth: number;
  /** Threads of that dense root Cholesky (1 or 2). */
  readonly threads: number;
}

class JsInPlace implements InPlaceCholesky {
  readonly kind = "js" as const;
  readonly cliques = null;
  readonly rootWidth = 0;
  readonly threads = 1;
  readonly values: Float64Array;
  readonly rhs: Float64Array;
  readonly colStart: Int32Array;
  readonly colRowStart: Int32Array;
  readonly colRows: Int32Array;
  constructor(readonly S: SymbolicCholesky, readonly maxRhs: number) {
    this.values = new Float64Array(S.nnzL);
    this.rhs = new Float64Array(S.n * maxRhs);
    this.colStart = S.colptr;
    this.colRowStart = S.colptr;
    this.colRows = S.rowind;
  }
  colLen(k: number): number {
    return this.S.colptr[k + 1]! - this.S.colptr[k]!;
  }
  position(i: number, j: number): number {
    const { colptr, rowind } = this.S;
    let lo = colptr[j]!, hi = colptr[j + 1]! - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rowind[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return rowind[lo] === i ? lo : -1;
  }
  factor(): number {
    return supernodalFactorInPlace(this.S, this.values);
  }
  logDet(): number {
    const { n, colptr } = this.S;
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.log(this.values[colptr[j]!]!);
    return 2 * s;
  }
  forwardSolve(nrhs: number): void {
    const L = { S: this.S, values: this.values };
    for (let r = 0; r < nrhs; r++) lsolve(L, this.rhs, r * this.S.n);
  }
  forwardSolveRows(nrhs: number): void {
    const { n, colptr, rowind } = this.S;
    const Lx = this.values, x = this.rhs;
    for (let j = 0; j < n; j++) {
      const pj = colptr[j]!, xj = j * nrhs, d = 1 / Lx[pj]!;
      for (let r = 0; r < nrhs; r++) x[xj + r]! *= d;
      for (let p = pj + 1; p < colptr[j + 1]!; p++) {
        const l = Lx[p]!, xi = rowind[p]! * nrhs;
        for (let r = 0; r < nrhs; r++) x[xi + r]! -= l * x[xj + r]!;
      }
    }
  }
  csc(): NumericCholesky {
    return { S: this.S, values: this.values };
  }
}

class WasmInPlace implements InPlaceCholesky {
  readonly kind = "wasm" as const;
  private readonly engine: SupernodalEngine;
  private cscValues: Float64Array | null = null;
  readonly colStart: Int32Array;
  readonly colRowStart: Int32Array;
  readonly colRows: Int32Array;
  readonly cliques: { readonly values: Float64Array; subtract(): void } | null;
  constructor(readonly S: SymbolicCholesky, maxRhs: number, cliques: CliqueStructure | null) {
    const e = (this.engine = new SupernodalEngine(S, maxRhs, cliques));
    this.cliques = cliques ? { values: e.cliqueValues, subtract: () => e.cliqueSubtract() } : null;
    this.colStart = new Int32Array(S.n);
    this.colRowStart = new Int32Array(S.n);
    this.colRows = e.rows;
    for (let J = 0; J < e.nSuper; J++) {
      const f = S.snStart[J]!, l = S.snStart[J + 1]!, m = e.rowPtr[J + 1]! - e.rowPtr[J]!;
      for (let c = f; c < l; c++) {
        this.colStart[c] = e.valPtr[J]! + (c - f) * m + (c - f);
        this.colRowStart[c] = e.rowPtr[J]! + (c - f);
      }
    }
  }
  colLen(k: number): number {
    return this.S.colptr[k + 1]! - this.S.colptr[k]!;
  }
  get rootWidth(): number { return this.engine.rootWidth; }
  get threads(): number { return this.engine.threads; }
  get values(): Float64Array { return this.engine.values; }
  get rhs(): Float64Array { return this.engine.rhs; }
  position(i: number, j: number): number { return this.engine.position(i, j); }
  factor(): number { return this.engine.factor(); }
  logDet(): number { return this.engine.logDet(); }
  forwardSolve(nrhs: number): void { this.engine.forwardSolve(nrhs); }
  forwardSolveRows(nrhs: number): void { this.engine.forwardSolveRows(nrhs); }
  csc(): NumericCholesky {
    this.cscValues ??= new Float64Array(this.S.nnzL);
    this.engine.toCsc(this.cscValues);
    return { S: this.S, values: this.cscValues };
  }
}

/**
 * An assemble-in-place Cholesky for S with room for `maxRhs` right-hand sides (and the optional
 * clique structure, used in WebAssembly only): WebAssembly when
 * the kernel module is available (and `kind` is not "js"), else JS. The wasm engine's memory is
 * sized once here.
 */
export function inPlaceCholesky(S: SymbolicCholesky, maxRhs = 1, kind: "auto" | "js" = "auto", cliques: CliqueStructure | null = null): InPlaceCholesky {
  if (kind === "auto" && wasmSupernodalAvailable()) {
    try {
      return new WasmInPlace(S, maxRhs, cliques);
    } catch {
      // memory limit: fall through to JS
    }
  }
  return new JsInPlace(S, maxRhs);
}
