// Packed GEMM core with a 4×4 f64x2 SIMD micro-kernel (AssemblyScript → WebAssembly).
//
// Every pointer is a byte address in linear memory; every leading dimension is in elements.
// Matrices are column-major f64. "Packing" copies a column block of an m×k operand into
// micro-panels of 4 rows: panel r holds rows 4r..4r+3 of columns 0..k-1 as k consecutive
// groups of 4 doubles (rows past m are zero), so the micro-kernel reads memory contiguously.

/** Doubles per micro-panel row group. */
export const MR: i32 = 4;
/** Depth of one packed block (columns of the operands processed per pass). */
export const KC: i32 = 256;
/** Doubles of packed A kept hot across column panels (≈ 256 KiB, a share of L2). */
const L2_DOUBLES: i32 = 32768;

/** Rounds m up to a multiple of 4. */
@inline export function roundUp4(m: i32): i32 {
  return (m + 3) & ~3;
}

/**
 * Packs the m×k column-major block at `src` (leading dimension `ld`) into 4-row micro-panels
 * at `dst` (roundUp4(m)·k doubles), zero-padding the last panel.
 */
export function pack(dst: usize, src: usize, ld: i32, m: i32, k: i32): void {
  const ldb = <usize>ld << 3;
  const full = m & ~3;
  for (let i = 0; i < full; i += 4) {
    let s = src + (<usize>i << 3);
    for (let p = 0; p < k; p++) {
      v128.store(dst, v128.load(s));
      v128.store(dst, v128.load(s, 16), 16);
      s += ldb;
      dst += 32;
    }
  }
  const rest = m - full;
  if (rest > 0) {
    let s = src + (<usize>full << 3);
    for (let p = 0; p < k; p++) {
      for (let r = 0; r < 4; r++) {
        store<f64>(dst + (<usize>r << 3), r < rest ? load<f64>(s + (<usize>r << 3)) : 0.0);
      }
      s += ldb;
      dst += 32;
    }
  }
}

/**
 * Copies packed micro-panels (`pack` layout, k columns) back to the m×k column-major block at
 * `dst` (leading dimension `ld`); padding rows are dropped.
 */
export function unpack(dst: usize, src: usize, ld: i32, m: i32, k: i32): void {
  const ldb = <usize>ld << 3;
  const full = m & ~3;
  for (let i = 0; i < full; i += 4) {
    let d = dst + (<usize>i << 3);
    for (let p = 0; p < k; p++) {
      v128.store(d, v128.load(src));
      v128.store(d, v128.load(src, 16), 16);
      d += ldb;
      src += 32;
    }
  }
  const rest = m - full;
  if (rest > 0) {
    let d = dst + (<usize>full << 3);
    for (let p = 0; p < k; p++) {
      for (let r = 0; r < rest; r++) {
        store<f64>(d + (<usize>r << 3), load<f64>(src + (<usize>r << 3)));
      }
      d += ldb;
      src += 32;
    }
  }
}

/**
 * Micro-kernel: the 4×4 tile at `c` (column stride `ldcBytes` bytes) -= Σ_p a_p b_pᵀ, where
 * a_p, b_p are the 4-vectors of packed micro-panels `pa`, `pb` at depth p < kc.
 */
// @ts-ignore: decorator
@inline function kernel4x4(c: usize, ldcBytes: usize, pa: usize, pb: usize, kc: i32): void {
  let c00 = f64x2.splat(0.0), c10 = f64x2.splat(0.0);
  let c01 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c02 = f64x2.splat(0.0), c12 = f64x2.splat(0.0);
  let c03 = f64x2.splat(0.0), c13 = f64x2.splat(0.0);
  for (let p = 0; p < kc; p++) {
    const a0 = v128.load(pa);
    const a1 = v128.load(pa, 16);
    let b = v128.load64_splat(pb);
    c00 = f64x2.add(c00, f64x2.mul(a0, b));
    c10 = f64x2.add(c10, f64x2.mul(a1, b));
    b = v128.load64_splat(pb, 8);
    c01 = f64x2.add(c01, f64x2.mul(a0, b));
    c11 = f64x2.add(c11, f64x2.mul(a1, b));
    b = v128.load64_splat(pb, 16);
    c02 = f64x2.add(c02, f64x2.mul(a0, b));
    c12 = f64x2.add(c12, f64x2.mul(a1, b));
    b = v128.load64_splat(pb, 24);
    c03 = f64x2.add(c03, f64x2.mul(a0, b));
    c13 = f64x2.add(c13, f64x2.mul(a1, b));
    pa += 32;
    pb += 32;
  }
  let q = c;
  v128.store(q, f64x2.sub(v128.load(q), c00));
  v128.store(q, f64x2.sub(v128.load(q, 16), c10), 16);
  q += ldcBytes;
  v128.store(q, f64x2.sub(v128.load(q), c01));
  v128.store(q, f64x2.sub(v128.load(q, 16), c11), 16);
  q += ldcBytes;
  v128.store(q, f64x2.sub(v128.load(q), c02));
  v128.store(q, f64x2.sub(v128.load(q, 16), c12), 16);
  q += ldcBytes;
  v128.store(q, f64x2.sub(v128.load(q), c03));
  v128.store(q, f64x2.sub(v128.load(q, 16), c13), 16);
}

/**
 * C (m×n, leading dimension ldc) -= A Bᵀ with A m×k (lda), B n×k (ldb).
 * With `lower` set (syrk: A and B are the same matrix, m = n) only tiles on or below the
 * diagonal are updated; diagonal tiles are updated whole, so entries just above the diagonal
 * (within 4×4 diagonal tiles) receive garbage: callers must only read the lower triangle.
 * `work` needs gemmWorkBytes(m, n) bytes, 16-byte aligned.
 */
export function gemmCore(
  c: usize, ldc: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, k: i32,
  lower: bool, work: usize,
): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const mp = roundUp4(m) >> 2;
  const np = roundUp4(n) >> 2;
  const pa = work;
  const pb = lower ? pa : pa + (<usize>(mp * 4 * KC) << 3);
  const tile = pb + (<usize>(np * 4 * KC) << 3);
  const ldcBytes = <usize>ldc << 3;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    pack(pa, a + (<usize>k0 * <usize>lda << 3), lda, m, kc);
    if (!lower) pack(pb, b + (<usize>k0 * <usize>ldb << 3), ldb, n, kc);
    const panelBytes = <usize>kc << 5;
    // rows in chunks of mcPanels micro-panels (~256 KiB of packed A, kept in L2 across jb)
    const mcPanels = max(4, (L2_DOUBLES / kc) >> 2);
    for (let ic = 0; ic < mp; ic += mcPanels) {
     const icEnd = min(mp, ic + mcPanels);
     const jbEnd = lower ? icEnd : np;
     for (let jb = 0; jb < jbEnd; jb++) {
      const j0 = jb << 2;
      const nj = min(4, n - j0);
      const bPanel = pb + <usize>jb * panelBytes;
      for (let ib = lower ? max(jb, ic) : ic; ib < icEnd; ib++) {
        const i0 = ib << 2;
        const mi = min(4, m - i0);
        const aPanel = pa + <usize>ib * panelBytes;
        const cTile = c + ((<usize>i0 + <usize>j0 * <usize>ldc) << 3);
        if (mi == 4 && nj == 4) {
          kernel4x4(cTile, ldcBytes, aPanel, bPanel, kc);
        } else {
          for (let jj = 0; jj < 4; jj++) {
            for (let ii = 0; ii < 4; ii++) {
              const v = ii < mi && jj < nj ? load<f64>(cTile + ((<usize>ii + <usize>jj * <usize>ldc) << 3)) : 0.0;
              store<f64>(tile + (<usize>(ii + 4 * jj) << 3), v);
            }
          }
          kernel4x4(tile, 32, aPanel, bPanel, kc);
          for (let jj = 0; jj < nj; jj++) {
            for (let ii = 0; ii < mi; ii++) {
              store<f64>(cTile + ((<usize>ii + <usize>jj * <usize>ldc) << 3), load<f64>(tile + (<usize>(ii + 4 * jj) << 3)));
            }
          }
        }
      }
     }
    }
  }
}

/** Bytes of scratch memory gemmCore needs for an m×n update (both packed panels plus a tile). */
export function gemmWorkBytes(m: i32, n: i32): usize {
  return (<usize>(roundUp4(m) + roundUp4(n)) * <usize>KC + 16) << 3;
}
