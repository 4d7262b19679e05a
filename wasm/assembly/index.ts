// Dense kernels for lme4ts: blocked Cholesky and level-3 helpers with f64x2 SIMD.
//
// The JS side (src/linalg/wasm.ts) copies operands into linear memory, calls these exports with
// byte addresses, and copies results back. All matrices are column-major f64 with leading
// dimension = rows. No allocation happens here: scratch space is passed in as `work`
// (workBytes(m, n) bytes, 16-byte aligned).

import { KC, gemmCore, pack, roundUp4, unpack } from "./gemm";

/** First free byte after static data; the JS side places operands from here on. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Scratch bytes sufficient for any exported kernel whose operands have at most m rows and
 * n columns (potrf: m = n; trsm: m×n right-hand side, n×n factor).
 */
export function workBytes(m: i32, n: i32): usize {
  return (<usize>(roundUp4(m) + roundUp4(n)) * <usize>KC + <usize>KC * <usize>KC + <usize>KC + 64) << 3;
}

/**
 * B (m×kb, leading dimension ldb) := B L⁻ᵀ with L kb×kb lower triangular (ldl), kb ≤ KC.
 * Works on 4-row packed micro-panels: each row of B is a forward substitution L xᵀ = bᵀ.
 */
export function trsmPanel(b: usize, ldb: i32, m: i32, kb: i32, l: usize, ldl: i32, work: usize): void {
  if (m <= 0 || kb <= 0) return;
  const lt = work; // Lt[j*kb + p] = L(j, p), p < j
  const invd = lt + (<usize>roundUp4(kb * kb) << 3); // keeps `packed` 32-byte aligned
  const packed = invd + (<usize>roundUp4(kb) << 3);
  for (let j = 0; j < kb; j++) {
    const row = lt + (<usize>(j * kb) << 3);
    for (let p = 0; p < j; p++) {
      store<f64>(row + (<usize>p << 3), load<f64>(l + ((<usize>j + <usize>p * <usize>ldl) << 3)));
    }
    store<f64>(invd + (<usize>j << 3), 1.0 / load<f64>(l + ((<usize>j + <usize>j * <usize>ldl) << 3)));
  }
  pack(packed, b, ldb, m, kb);
  const mp = roundUp4(m) >> 2;
  const panelBytes = <usize>kb << 5;
  for (let ib = 0; ib < mp; ib++) {
    const base = packed + <usize>ib * panelBytes;
    for (let j = 0; j < kb; j++) {
      const xj = base + (<usize>j << 5);
      let x0 = v128.load(xj);
      let x1 = v128.load(xj, 16);
      let y0 = f64x2.splat(0.0);
      let y1 = f64x2.splat(0.0);
      const row = lt + (<usize>(j * kb) << 3);
      let p = 0;
      for (; p + 1 < j; p += 2) {
        const xp = base + (<usize>p << 5);
        const s = v128.load64_splat(row + (<usize>p << 3));
        const t = v128.load64_splat(row + (<usize>p << 3), 8);
        x0 = f64x2.sub(x0, f64x2.mul(s, v128.load(xp)));
        x1 = f64x2.sub(x1, f64x2.mul(s, v128.load(xp, 16)));
        y0 = f64x2.add(y0, f64x2.mul(t, v128.load(xp, 32)));
        y1 = f64x2.add(y1, f64x2.mul(t, v128.load(xp, 48)));
      }
      if (p < j) {
        const xp = base + (<usize>p << 5);
        const s = v128.load64_splat(row + (<usize>p << 3));
        x0 = f64x2.sub(x0, f64x2.mul(s, v128.load(xp)));
        x1 = f64x2.sub(x1, f64x2.mul(s, v128.load(xp, 16)));
      }
      const d = v128.load64_splat(invd + (<usize>j << 3));
      v128.store(xj, f64x2.mul(f64x2.sub(x0, y0), d));
      v128.store(xj, f64x2.mul(f64x2.sub(x1, y1), d), 16);
    }
  }
  unpack(b, packed, ldb, m, kb);
}

/**
 * Unblocked left-looking Cholesky of the n×n lower triangle at `a` (leading dimension lda).
 * Returns 0, or j+1 for the first column j whose pivot is not positive (or is NaN).
 */
export function potf2(a: usize, lda: i32, n: i32): i32 {
  const ldb = <usize>lda << 3;
  for (let j = 0; j < n; j++) {
    const colj = a + <usize>j * ldb;
    let ajj = load<f64>(colj + (<usize>j << 3));
    for (let p = 0; p < j; p++) {
      const t = load<f64>(a + <usize>p * ldb + (<usize>j << 3));
      ajj -= t * t;
    }
    if (!(ajj > 0.0)) return j + 1;
    const d = Math.sqrt(ajj);
    store<f64>(colj + (<usize>j << 3), d);
    const i0 = j + 1;
    const r = n - i0;
    if (r <= 0) continue;
    const pairs = r & ~1;
    const cj = colj + (<usize>i0 << 3);
    for (let p = 0; p < j; p++) {
      const colp = a + <usize>p * ldb;
      const t = load<f64>(colp + (<usize>j << 3));
      const ts = f64x2.splat(t);
      const cp = colp + (<usize>i0 << 3);
      let i = 0;
      for (; i < pairs; i += 2) {
        const q = <usize>i << 3;
        v128.store(cj + q, f64x2.sub(v128.load(cj + q), f64x2.mul(ts, v128.load(cp + q))));
      }
      if (i < r) {
        const q = <usize>i << 3;
        store<f64>(cj + q, load<f64>(cj + q) - t * load<f64>(cp + q));
      }
    }
    const inv = 1.0 / d;
    for (let i = 0; i < r; i++) {
      const q = <usize>i << 3;
      store<f64>(cj + q, load<f64>(cj + q) * inv);
    }
  }
  return 0;
}

/**
 * In-place right-looking blocked Cholesky A = L Lᵀ of the n×n lower triangle at `a`
 * (block size nb ≤ KC). Returns 0 or k+1 when the leading minor of order k+1 is not positive
 * definite. Entries just above the diagonal inside 4×4 diagonal tiles are overwritten with
 * garbage (the JS caller copies back only the lower triangle).
 */
export function potrf(a: usize, n: i32, nb: i32, work: usize): i32 {
  if (nb < 4) nb = 4;
  if (nb > KC) nb = KC;
  const ldb = <usize>n << 3;
  for (let k0 = 0; k0 < n; k0 += nb) {
    const kb = min(nb, n - k0);
    const diag = a + (<usize>k0 << 3) + <usize>k0 * ldb;
    const info = potf2(diag, n, kb);
    if (info != 0) return k0 + info;
    const m = n - k0 - kb;
    if (m > 0) {
      const panel = diag + (<usize>kb << 3);
      trsmPanel(panel, n, m, kb, diag, n, work);
      const trail = panel + <usize>kb * ldb;
      gemmCore(trail, n, m, m, panel, n, panel, n, kb, true, work);
    }
  }
  return 0;
}

/** C (n×n lower triangle) -= A Aᵀ with A n×k; see gemmCore for the diagonal-tile caveat. */
export function syrkLowerMinus(c: usize, n: i32, a: usize, k: i32, work: usize): void {
  gemmCore(c, n, n, n, a, n, a, n, k, true, work);
}

/** C (m×n) -= A Bᵀ with A m×k, B n×k. */
export function gemmNTMinus(c: usize, m: i32, n: i32, a: usize, b: usize, k: i32, work: usize): void {
  gemmCore(c, m, m, n, a, m, b, n, k, false, work);
}

/** B (m×n) := B L⁻ᵀ with L n×n lower triangular: blocked forward substitution + GEMM updates. */
export function trsmRightLowerTrans(b: usize, m: i32, n: i32, l: usize, work: usize): void {
  const nb = 128;
  for (let j0 = 0; j0 < n; j0 += nb) {
    const jb = min(nb, n - j0);
    const bj = b + (<usize>j0 * <usize>m << 3);
    trsmPanel(bj, m, m, jb, l + ((<usize>j0 + <usize>j0 * <usize>n) << 3), n, work);
    const rest = n - j0 - jb;
    if (rest > 0) {
      const cRest = b + (<usize>(j0 + jb) * <usize>m << 3);
      const lRest = l + ((<usize>(j0 + jb) + <usize>j0 * <usize>n) << 3);
      gemmCore(cRest, m, m, rest, bj, m, lRest, n, jb, false, work);
    }
  }
}

/**
 * C (m×n, leading dimension ldc) −= A Bᵀ (A m×k with lda, B n×k with ldb); `lower`: only tiles on
 * or below the diagonal (A = B, m = n; see gemmCore). The building block of the two-thread
 * Cholesky's trailing update (src/linalg/parallel.ts), which splits C into row ranges.
 */
export function gemmMinus(c: usize, ldc: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, k: i32, lower: bool, work: usize): void {
  gemmCore(c, ldc, m, n, a, lda, b, ldb, k, lower, work);
}

/**
 * A peak-speed probe: `iters` rounds of 6 independent f64x2 multiply chains and 6 independent
 * f64x2 add chains (24 flops per round, no memory traffic): enough independent operations to
 * cover a 3-cycle latency on two multiply and two add pipes, and few enough vectors (14) for the
 * 16 SIMD registers of x86-64. bench/dense-parallel.mjs divides its flops by the time for the
 * machine's WebAssembly SIMD peak (WebAssembly SIMD has no fused multiply-add). Returns a sum so
 * the loop is not optimized away.
 */
export function peakLoop(iters: i32): f64 {
  const m = f64x2.splat(0.999999);
  const d = f64x2.splat(1e-9);
  let a0 = f64x2.splat(1.0), a1 = f64x2.splat(1.1), a2 = f64x2.splat(1.2), a3 = f64x2.splat(1.3);
  let a4 = f64x2.splat(1.4), a5 = f64x2.splat(1.5);
  let b0 = f64x2.splat(1.0), b1 = f64x2.splat(1.1), b2 = f64x2.splat(1.2), b3 = f64x2.splat(1.3);
  let b4 = f64x2.splat(1.4), b5 = f64x2.splat(1.5);
  for (let i = 0; i < iters; i++) {
    a0 = f64x2.mul(a0, m); b0 = f64x2.add(b0, d); a1 = f64x2.mul(a1, m); b1 = f64x2.add(b1, d);
    a2 = f64x2.mul(a2, m); b2 = f64x2.add(b2, d); a3 = f64x2.mul(a3, m); b3 = f64x2.add(b3, d);
    a4 = f64x2.mul(a4, m); b4 = f64x2.add(b4, d); a5 = f64x2.mul(a5, m); b5 = f64x2.add(b5, d);
  }
  const a = f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(a4, a5));
  const b = f64x2.add(f64x2.add(f64x2.add(b0, b1), f64x2.add(b2, b3)), f64x2.add(b4, b5));
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

export { snFactor, snRootUpdate, snForwardSolve, snForwardSolveRows, cliqueSubtract, cliquePanels } from "./supernodal";
