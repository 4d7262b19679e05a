/**
 * Blocked pure-JavaScript dense kernels (the fallback when WebAssembly is unavailable).
 *
 * Same algorithm as wasm/assembly/: operands of the level-3 updates are packed into 4-row
 * micro-panels and multiplied by a 4×4 register-blocked micro-kernel; the Cholesky is
 * right-looking with block size NB (diagonal block: unblocked left-looking; panel: forward
 * substitution on packed rows; trailing matrix: packed SYRK). Scratch space is one
 * module-level Float64Array that grows as needed (not re-entrant, which is fine: JS is
 * single-threaded and the kernels never call back out).
 */
import type { DenseKernels } from "./types.js";
import { checkDim, checkLength } from "./check.js";

/** Depth of one packed block. */
const KC = 256;
/** Doubles of packed A kept hot across column panels (≈ 256 KiB). */
const L2_DOUBLES = 32768;
/** Cholesky block size (columns per panel). */
const NB = 64;
/** Column block size of the stand-alone triangular solve. */
const TRSM_NB = 128;

const roundUp4 = (m: number): number => (m + 3) & ~3;

let scratch = new Float64Array(0);
/** Scratch doubles sufficient for operands with at most m rows and n columns. */
function work(m: number, n: number): Float64Array {
  const len = (roundUp4(m) + roundUp4(n)) * KC + KC * KC + KC + 64;
  if (scratch.length < len) scratch = new Float64Array(len);
  return scratch;
}
const tile = new Float64Array(16);

/** Packs the m×k block src[so + i + p·ld] into 4-row micro-panels at dst[d0…] (zero padded). */
function pack(dst: Float64Array, d0: number, src: Float64Array, so: number, ld: number, m: number, k: number): void {
  let d = d0;
  for (let i = 0; i < m; i += 4) {
    const r = Math.min(4, m - i);
    let s = so + i;
    for (let p = 0; p < k; p++, s += ld, d += 4) {
      if (r === 4) {
        dst[d] = src[s]!;
        dst[d + 1] = src[s + 1]!;
        dst[d + 2] = src[s + 2]!;
        dst[d + 3] = src[s + 3]!;
      } else {
        for (let q = 0; q < 4; q++) dst[d + q] = q < r ? src[s + q]! : 0;
      }
    }
  }
}

/** Inverse of pack: writes the packed micro-panels at src[s0…] back to dst[do + i + p·ld]. */
function unpack(dst: Float64Array, d0: number, ld: number, src: Float64Array, s0: number, m: number, k: number): void {
  let s = s0;
  for (let i = 0; i < m; i += 4) {
    const r = Math.min(4, m - i);
    let d = d0 + i;
    for (let p = 0; p < k; p++, d += ld, s += 4) {
      for (let q = 0; q < r; q++) dst[d + q] = src[s + q]!;
    }
  }
}

/** 4×4 tile c[co + i + j·ldc] -= Σ_p w[pa+4p+i] · w[pb+4p+j], p < kc. */
function kernel4x4(c: Float64Array, co: number, ldc: number, w: Float64Array, pa: number, pb: number, kc: number): void {
  let c00 = 0, c10 = 0, c20 = 0, c30 = 0, c01 = 0, c11 = 0, c21 = 0, c31 = 0;
  let c02 = 0, c12 = 0, c22 = 0, c32 = 0, c03 = 0, c13 = 0, c23 = 0, c33 = 0;
  for (let p = 0; p < kc; p++, pa += 4, pb += 4) {
    const a0 = w[pa]!, a1 = w[pa + 1]!, a2 = w[pa + 2]!, a3 = w[pa + 3]!;
    let b = w[pb]!;
    c00 += a0 * b; c10 += a1 * b; c20 += a2 * b; c30 += a3 * b;
    b = w[pb + 1]!;
    c01 += a0 * b; c11 += a1 * b; c21 += a2 * b; c31 += a3 * b;
    b = w[pb + 2]!;
    c02 += a0 * b; c12 += a1 * b; c22 += a2 * b; c32 += a3 * b;
    b = w[pb + 3]!;
    c03 += a0 * b; c13 += a1 * b; c23 += a2 * b; c33 += a3 * b;
  }
  let q = co;
  c[q] -= c00; c[q + 1] -= c10; c[q + 2] -= c20; c[q + 3] -= c30;
  q += ldc;
  c[q] -= c01; c[q + 1] -= c11; c[q + 2] -= c21; c[q + 3] -= c31;
  q += ldc;
  c[q] -= c02; c[q + 1] -= c12; c[q + 2] -= c22; c[q + 3] -= c32;
  q += ldc;
  c[q] -= c03; c[q + 1] -= c13; c[q + 2] -= c23; c[q + 3] -= c33;
}

/**
 * c[co…] (m×n, ldc) -= A Bᵀ, A = a[ao…] m×k (lda), B = b[bo…] n×k (ldb). With `lower`
 * (SYRK, A = B, m = n) only the lower triangle of C is read or written.
 */
function gemmCore(
  c: Float64Array, co: number, ldc: number, m: number, n: number,
  a: Float64Array, ao: number, lda: number, b: Float64Array, bo: number, ldb: number, k: number,
  lower: boolean, w: Float64Array,
): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const pa = 0;
  const pb = lower ? 0 : roundUp4(m) * KC;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = Math.min(KC, k - k0);
    pack(w, pa, a, ao + k0 * lda, lda, m, kc);
    if (!lower) pack(w, pb, b, bo + k0 * ldb, ldb, n, kc);
    const panel = 4 * kc;
    // rows in chunks of mc (~256 KiB of packed A, kept in L2 across the column panels)
    const mc = Math.max(16, Math.floor(L2_DOUBLES / kc) & ~3);
    for (let ic = 0; ic < m; ic += mc) {
     const icEnd = Math.min(m, ic + mc);
     const jEnd = lower ? icEnd : n;
     for (let j0 = 0; j0 < jEnd; j0 += 4) {
      const nj = Math.min(4, n - j0);
      const bPanel = pb + (j0 >> 2) * panel;
      for (let i0 = lower ? Math.max(j0, ic) : ic; i0 < icEnd; i0 += 4) {
        const mi = Math.min(4, m - i0);
        const aPanel = pa + (i0 >> 2) * panel;
        const ct = co + i0 + j0 * ldc;
        const diag = lower && i0 === j0;
        if (mi === 4 && nj === 4 && !diag) {
          kernel4x4(c, ct, ldc, w, aPanel, bPanel, kc);
          continue;
        }
        tile.fill(0);
        kernel4x4(tile, 0, 4, w, aPanel, bPanel, kc);
        for (let jj = 0; jj < nj; jj++) {
          for (let ii = diag ? jj : 0; ii < mi; ii++) c[ct + ii + jj * ldc] += tile[ii + 4 * jj]!;
        }
      }
     }
    }
  }
}

/**
 * b[bo…] (m×kb, ldb) := B L⁻ᵀ with L = l[lo…] kb×kb lower triangular (ldl), kb ≤ KC:
 * forward substitution on packed 4-row micro-panels with a transposed copy of L.
 */
function trsmPanel(
  b: Float64Array, bo: number, ldb: number, m: number, kb: number,
  l: Float64Array, lo: number, ldl: number, w: Float64Array,
): void {
  if (m <= 0 || kb <= 0) return;
  const lt = 0;
  const invd = roundUp4(kb * kb);
  const packed = invd + roundUp4(kb);
  for (let j = 0; j < kb; j++) {
    for (let p = 0; p < j; p++) w[lt + j * kb + p] = l[lo + j + p * ldl]!;
    w[invd + j] = 1 / l[lo + j + j * ldl]!;
  }
  pack(w, packed, b, bo, ldb, m, kb);
  const panel = 4 * kb;
  for (let base = packed, end = packed + (roundUp4(m) >> 2) * panel; base < end; base += panel) {
    for (let j = 0; j < kb; j++) {
      const xj = base + 4 * j;
      let x0 = w[xj]!, x1 = w[xj + 1]!, x2 = w[xj + 2]!, x3 = w[xj + 3]!;
      const row = lt + j * kb;
      for (let p = 0, xp = base; p < j; p++, xp += 4) {
        const s = w[row + p]!;
        x0 -= s * w[xp]!;
        x1 -= s * w[xp + 1]!;
        x2 -= s * w[xp + 2]!;
        x3 -= s * w[xp + 3]!;
      }
      const d = w[invd + j]!;
      w[xj] = x0 * d;
      w[xj + 1] = x1 * d;
      w[xj + 2] = x2 * d;
      w[xj + 3] = x3 * d;
    }
  }
  unpack(b, bo, ldb, w, packed, m, kb);
}

/** Unblocked left-looking Cholesky of the n×n lower triangle at a[ao…] (lda); 0 or j+1. */
function potf2(a: Float64Array, ao: number, lda: number, n: number): number {
  for (let j = 0; j < n; j++) {
    const cj = ao + j * lda;
    let ajj = a[cj + j]!;
    for (let p = 0; p < j; p++) {
      const t = a[ao + p * lda + j]!;
      ajj -= t * t;
    }
    if (!(ajj > 0)) return j + 1;
    const d = Math.sqrt(ajj);
    a[cj + j] = d;
    for (let p = 0; p < j; p++) {
      const cp = ao + p * lda;
      const t = a[cp + j]!;
      if (t === 0) continue;
      for (let i = j + 1; i < n; i++) a[cj + i] -= t * a[cp + i]!;
    }
    const inv = 1 / d;
    for (let i = j + 1; i < n; i++) a[cj + i] *= inv;
  }
  return 0;
}

function potrf(a: Float64Array, n: number): number {
  checkDim("potrf", "n", n);
  checkLength("potrf", "a", a, n, n);
  const w = work(n, n);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0);
    const diag = k0 + k0 * n;
    const info = potf2(a, diag, n, kb);
    if (info !== 0) return k0 + info;
    const m = n - k0 - kb;
    if (m > 0) {
      trsmPanel(a, diag + kb, n, m, kb, a, diag, n, w);
      gemmCore(a, diag + kb + kb * n, n, m, m, a, diag + kb, n, a, diag + kb, n, kb, true, w);
    }
  }
  return 0;
}

function syrkLowerMinus(c: Float64Array, n: number, a: Float64Array, k: number): void {
  checkDim("syrkLowerMinus", "n", n);
  checkDim("syrkLowerMinus", "k", k);
  checkLength("syrkLowerMinus", "c", c, n, n);
  checkLength("syrkLowerMinus", "a", a, n, k);
  gemmCore(c, 0, n, n, n, a, 0, n, a, 0, n, k, true, work(n, n));
}

function gemmNTMinus(c: Float64Array, m: number, n: number, a: Float64Array, b: Float64Array, k: number): void {
  checkDim("gemmNTMinus", "m", m);
  checkDim("gemmNTMinus", "n", n);
  checkDim("gemmNTMinus", "k", k);
  checkLength("gemmNTMinus", "c", c, m, n);
  checkLength("gemmNTMinus", "a", a, m, k);
  checkLength("gemmNTMinus", "b", b, n, k);
  gemmCore(c, 0, m, m, n, a, 0, m, b, 0, n, k, false, work(m, n));
}

function trsmRightLowerTrans(b: Float64Array, m: number, n: number, l: Float64Array): void {
  checkDim("trsmRightLowerTrans", "m", m);
  checkDim("trsmRightLowerTrans", "n", n);
  checkLength("trsmRightLowerTrans", "b", b, m, n);
  checkLength("trsmRightLowerTrans", "l", l, n, n);
  const w = work(m, n);
  for (let j0 = 0; j0 < n; j0 += TRSM_NB) {
    const jb = Math.min(TRSM_NB, n - j0);
    trsmPanel(b, j0 * m, m, m, jb, l, j0 + j0 * n, n, w);
    const rest = n - j0 - jb;
    if (rest > 0) gemmCore(b, (j0 + jb) * m, m, m, rest, b, j0 * m, m, l, j0 + jb + j0 * n, n, jb, false, w);
  }
}

/** Blocked pure-JS dense kernels (≈ 1–2 GFLOP/s for potrf on large n; see bench/linalg.mjs). */
export const jsKernels: DenseKernels = {
  name: "js",
  potrf,
  syrkLowerMinus,
  gemmNTMinus,
  trsmRightLowerTrans,
};
