// Left-looking supernodal sparse Cholesky on a dense-block layout (AssemblyScript → WebAssembly).
//
// Supernode J owns columns f..l (w = l - f + 1) of L, which share the sorted row list R_J
// (m_J rows, the first w of them are f..l). Its values are one dense m_J × w column-major block
// (leading dimension m_J) at `vals + valPtr[J]` doubles; the strict upper triangle of the w×w
// diagonal part is unused (and may hold garbage afterwards). Integer arrays are i32, addresses
// are byte addresses. The JS side (src/sparse/wasmSupernodal.ts) lays everything out once.
//
// For each J in order: every earlier supernode K whose rows meet [f, l] (kept in link lists by
// K's next unprocessed row) contributes L[R_K(≥a), K] · L[R_K(a..b), K]ᵀ, subtracted from J
// through the relative row map rel[row] = position in R_J. Wide K use the packed SIMD GEMM
// (directly into J when the rows land contiguously, else through a scratch block and a
// scatter); narrow K use scalar loops. Then J's panel is factorized by blocked right-looking
// Cholesky (potf2 + packed triangular solve + GEMM/SYRK on the trailing columns).

import { gemmCore } from "./gemm";
import { potf2, trsmPanel } from "./index";

const NB: i32 = 64;
/** Columns per GEMM call of snRootUpdate (bounds its wbuf to len × ROOT_CHUNK doubles). */
export const ROOT_CHUNK: i32 = 256;

// @ts-ignore: decorator
@inline function li(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function si(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
// @ts-ignore: decorator
@inline function fa(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/**
 * The scalar update of a narrow supernode K into J: for the columns j in [j0, j1) of K's pending
 * rows and every row i ≥ j, L_J[rel(i), rel(j)] −= Σ_k src[i, k] src[j, k] (k < wK; src column
 * stride ldK bytes, J's column stride ldJ bytes, relI the rows' positions in J).
 */
@inline function subtractDots(vJ: usize, ldJ: usize, relI: usize, src: usize, ldK: usize, wK: i32, len: i32, j0: i32, j1: i32): void {
  for (let j = j0; j < j1; j++) {
    const col = vJ + <usize>li(relI, j) * ldJ;
    for (let i = j; i < len; i++) {
      let s = 0.0;
      let pi = fa(src, i);
      let pj = fa(src, j);
      for (let k = 0; k < wK; k++) {
        s += load<f64>(pi) * load<f64>(pj);
        pi += ldK;
        pj += ldK;
      }
      const p = fa(col, li(relI, i));
      store<f64>(p, load<f64>(p) - s);
    }
  }
}

/**
 * In place: Cholesky of the m×w panel at a (ld m, m ≥ w): its leading w×w block becomes L_JJ,
 * the rows below become L_BJ L_JJ⁻ᵀ. Returns 0 or (local column)+1 of a non-positive pivot.
 */
function panelChol(a: usize, m: i32, w: i32, work: usize): i32 {
  const ldb = <usize>m << 3;
  for (let k0 = 0; k0 < w; k0 += NB) {
    const kb = min(NB, w - k0);
    const diag = a + (<usize>k0 << 3) + <usize>k0 * ldb;
    const info = potf2(diag, m, kb);
    if (info != 0) return k0 + info;
    const below = m - k0 - kb;
    if (below <= 0) continue;
    const panel = diag + (<usize>kb << 3);
    trsmPanel(panel, m, below, kb, diag, m, work);
    const n2 = w - k0 - kb;
    if (n2 <= 0) continue;
    const trail = panel + <usize>kb * ldb;
    gemmCore(trail, m, n2, n2, panel, m, panel, m, kb, true, work);
    if (below > n2) gemmCore(trail + (<usize>n2 << 3), m, below - n2, n2, panel + (<usize>n2 << 3), m, panel, m, kb, false, work);
  }
  return 0;
}

/**
 * Numeric factorization in place on `vals` (assembled lower triangle of P A Pᵀ in block layout).
 * Returns -1, or the (permuted) column whose pivot is not positive. Scratch: rel (n i32), head,
 * next, cursor (nSuper i32 each), relI (max m_J i32), wbuf (max update block doubles), work
 * (workBytes(maxM, maxM) bytes, 16-byte aligned). With `lastPanel` = 0 the last supernode
 * receives all its updates but its own panel is left unfactorized (the caller factorizes it, e.g.
 * by the dense Cholesky on two threads when it is a large dense root block).
 */
export function snFactor(
  nSuper: i32, snStart: usize, rowPtr: usize, rows: usize, valPtr: usize, snOf: usize, vals: usize,
  rel: usize, head: usize, next: usize, cursor: usize, relI: usize, wbuf: usize, work: usize, lastPanel: i32,
): i32 {
  for (let J = 0; J < nSuper; J++) si(head, J, -1);
  for (let J = 0; J < nSuper; J++) {
    const f = li(snStart, J);
    const l = li(snStart, J + 1) - 1;
    const wJ = l - f + 1;
    const rJ = rows + (<usize>li(rowPtr, J) << 2);
    const mJ = li(rowPtr, J + 1) - li(rowPtr, J);
    const vJ = vals + (<usize>li(valPtr, J) << 3);
    const ldJ = <usize>mJ << 3;
    for (let t = 0; t < mJ; t++) si(rel, li(rJ, t), t);
    // The root left to the caller: its updates (snRootUpdate, by column ranges) and its Cholesky.
    if (J == nSuper - 1 && lastPanel == 0) break;
    let K = li(head, J);
    si(head, J, -1);
    while (K != -1) {
      const nextK = li(next, K);
      const fK = li(snStart, K);
      const wK = li(snStart, K + 1) - fK;
      const rK = rows + (<usize>li(rowPtr, K) << 2);
      const mK = li(rowPtr, K + 1) - li(rowPtr, K);
      const vK = vals + (<usize>li(valPtr, K) << 3);
      const ldK = <usize>mK << 3;
      const a = li(cursor, K);
      let b = a;
      while (b < mK && li(rK, b) <= l) b++;
      const len = mK - a;
      const nb = b - a;
      for (let i = 0; i < len; i++) si(relI, i, li(rel, li(rK, a + i)));
      const src = fa(vK, a);
      if (wK >= 4 && nb >= 4) {
        const r0 = li(relI, 0);
        if (li(relI, len - 1) - r0 == len - 1) {
          // Rows land contiguously in J: update J's block directly (target column = r0).
          const c = vJ + (<usize>r0 << 3) + <usize>r0 * ldJ;
          gemmCore(c, mJ, nb, nb, src, mK, src, mK, wK, true, work);
          if (len > nb) gemmCore(c + (<usize>nb << 3), mJ, len - nb, nb, fa(src, nb), mK, src, mK, wK, false, work);
        } else {
          memory.fill(wbuf, 0, (<usize>len * <usize>nb) << 3);
          gemmCore(wbuf, len, nb, nb, src, mK, src, mK, wK, true, work);
          if (len > nb) gemmCore(fa(wbuf, nb), len, len - nb, nb, fa(src, nb), mK, src, mK, wK, false, work);
          for (let j = 0; j < nb; j++) {
            const col = vJ + <usize>li(relI, j) * ldJ;
            const wc = wbuf + ((<usize>j * <usize>len) << 3);
            for (let i = j; i < len; i++) {
              const p = fa(col, li(relI, i));
              store<f64>(p, load<f64>(p) + load<f64>(fa(wc, i)));
            }
          }
        }
      } else if (wK == 1) {
        for (let j = 0; j < nb; j++) {
          const col = vJ + <usize>li(relI, j) * ldJ;
          const s = load<f64>(fa(src, j));
          if (s == 0.0) continue;
          for (let i = j; i < len; i++) {
            const p = fa(col, li(relI, i));
            store<f64>(p, load<f64>(p) - load<f64>(fa(src, i)) * s);
          }
        }
      } else {
        subtractDots(vJ, ldJ, relI, src, ldK, wK, len, 0, nb);
      }
      si(cursor, K, b);
      if (b < mK) {
        const J2 = li(snOf, li(rK, b));
        si(next, K, li(head, J2));
        si(head, J2, K);
      }
      K = nextK;
    }
    const info = panelChol(vJ, mJ, wJ, work);
    if (info != 0) return f + info - 1;
    if (wJ < mJ) {
      si(cursor, J, wJ);
      const J2 = li(snOf, li(rJ, wJ));
      si(next, J, li(head, J2));
      si(head, J2, J);
    }
  }
  return -1;
}

/**
 * After `snFactor(..., lastPanel = 0)`: applies to the root supernode J (the last; rows = columns
 * f..n−1, so rel[row] = row − f) every pending update L[R_K(≥a), K] L[R_K(≥a), K]ᵀ of the supernodes K
 * on J's link list (read only: head, next and cursor are left as they are), restricted to the root's
 * columns [colLo, colHi). Each root element receives its updates in list order whatever the column
 * ranges, so two threads with disjoint ranges (each with its own relI, wbuf of len × CHUNK doubles
 * and work) give the factor of one thread calling the same ranges in turn, to the last bit. Wide K
 * update through the packed GEMM in chunks of CHUNK columns (direct when the rows are contiguous
 * in J, else through wbuf and a scatter), narrow K through scalar loops.
 */
export function snRootUpdate(
  J: i32, snStart: usize, rowPtr: usize, rows: usize, valPtr: usize, vals: usize, rel: usize,
  head: usize, next: usize, cursor: usize, relI: usize, wbuf: usize, work: usize, colLo: i32, colHi: i32,
): void {
  const mJ = li(rowPtr, J + 1) - li(rowPtr, J);
  const vJ = vals + (<usize>li(valPtr, J) << 3);
  const ldJ = <usize>mJ << 3;
  let K = li(head, J);
  while (K != -1) {
    const fK = li(snStart, K);
    const wK = li(snStart, K + 1) - fK;
    const rK = rows + (<usize>li(rowPtr, K) << 2);
    const mK = li(rowPtr, K + 1) - li(rowPtr, K);
    const vK = vals + (<usize>li(valPtr, K) << 3);
    const ldK = <usize>mK << 3;
    const a = li(cursor, K);
    const len = mK - a;
    for (let i = 0; i < len; i++) si(relI, i, li(rel, li(rK, a + i)));
    let j0 = 0;
    while (j0 < len && li(relI, j0) < colLo) j0++;
    let j1 = j0;
    while (j1 < len && li(relI, j1) < colHi) j1++;
    const src = fa(vK, a);
    if (wK >= 4) {
      const contiguous = li(relI, len - 1) - li(relI, 0) == len - 1;
      for (let c0 = j0; c0 < j1; c0 += ROOT_CHUNK) {
        const nc = min(ROOT_CHUNK, j1 - c0);
        const rowsBelow = len - c0;
        if (contiguous) {
          const r0 = li(relI, c0);
          const c = vJ + (<usize>r0 << 3) + <usize>r0 * ldJ;
          gemmCore(c, mJ, nc, nc, fa(src, c0), mK, fa(src, c0), mK, wK, true, work);
          if (rowsBelow > nc) gemmCore(c + (<usize>nc << 3), mJ, rowsBelow - nc, nc, fa(src, c0 + nc), mK, fa(src, c0), mK, wK, false, work);
        } else {
          memory.fill(wbuf, 0, (<usize>rowsBelow * <usize>nc) << 3);
          gemmCore(wbuf, rowsBelow, nc, nc, fa(src, c0), mK, fa(src, c0), mK, wK, true, work);
          if (rowsBelow > nc) gemmCore(fa(wbuf, nc), rowsBelow, rowsBelow - nc, nc, fa(src, c0 + nc), mK, fa(src, c0), mK, wK, false, work);
          for (let j = 0; j < nc; j++) {
            const col = vJ + <usize>li(relI, c0 + j) * ldJ;
            const wc = wbuf + ((<usize>j * <usize>rowsBelow) << 3);
            for (let i = j; i < rowsBelow; i++) {
              const p = fa(col, li(relI, c0 + i));
              store<f64>(p, load<f64>(p) + load<f64>(fa(wc, i)));
            }
          }
        }
      }
    } else {
      subtractDots(vJ, ldJ, relI, src, ldK, wK, len, j0, j1);
    }
    K = li(next, K);
  }
}

/**
 * X := L⁻¹ X for nrhs right-hand sides stored column-major at x (leading dimension ldx, rows in
 * the permuted order), with L in block layout. Column-oriented supernodal forward substitution.
 */
export function snForwardSolve(
  nSuper: i32, snStart: usize, rowPtr: usize, rows: usize, valPtr: usize, vals: usize,
  x: usize, ldx: i32, nrhs: i32,
): void {
  for (let J = 0; J < nSuper; J++) {
    const f = li(snStart, J);
    const wJ = li(snStart, J + 1) - f;
    const rJ = rows + (<usize>li(rowPtr, J) << 2);
    const mJ = li(rowPtr, J + 1) - li(rowPtr, J);
    const vJ = vals + (<usize>li(valPtr, J) << 3);
    for (let r = 0; r < nrhs; r++) {
      const xr = x + ((<usize>r * <usize>ldx) << 3);
      for (let j = 0; j < wJ; j++) {
        const col = vJ + ((<usize>j * <usize>mJ) << 3);
        const px = fa(xr, f + j);
        const xj = load<f64>(px) / load<f64>(fa(col, j));
        store<f64>(px, xj);
        if (xj == 0.0) continue;
        for (let i = j + 1; i < wJ; i++) {
          const p = fa(xr, f + i);
          store<f64>(p, load<f64>(p) - load<f64>(fa(col, i)) * xj);
        }
        for (let i = wJ; i < mJ; i++) {
          const p = fa(xr, li(rJ, i));
          store<f64>(p, load<f64>(p) - load<f64>(fa(col, i)) * xj);
        }
      }
    }
  }
}

/**
 * vals −= lower triangle of P (Σ_ℓ X_ℓ X_ℓᵀ) Pᵀ by columns of the factor, for term-0 blocks X_ℓ
 * with q columns (see src/lmm/restSparse.ts `subtractCliques`); lv holds the blocks' rows
 * row-major (row s at lv + s·q doubles). For permuted column k, occurrences t in kPtr[k] ..
 * kPtr[k+1] add ⟨lv[tStart[t], :], lv[s, :]⟩ at spa[sortedP[s]] for s in tStart[t] .. tEnd[t];
 * then column k's slots (colStart[k] + i for its colLen[k] rows colRows[colRowStart[k] + i]) get
 * spa subtracted and spa is cleared. spa (m doubles) must be zero on entry. q = 2 (a random
 * slope) takes one f64x2 product per pair.
 */
export function cliqueSubtract(
  m: i32, q: i32, kPtr: usize, tStart: usize, tEnd: usize, sortedP: usize, lv: usize, spa: usize,
  colStart: usize, colRowStart: usize, colLen: usize, colRows: usize, vals: usize,
): void {
  const rb = <usize>q << 3;
  for (let k = 0; k < m; k++) {
    const t1 = li(kPtr, k + 1);
    let t = li(kPtr, k);
    if (t == t1) continue;
    for (; t < t1; t++) {
      const sa = li(tStart, t);
      const e = li(tEnd, t);
      if (q == 1) {
        const xa = load<f64>(fa(lv, sa));
        for (let s = sa; s < e; s++) {
          const p = fa(spa, li(sortedP, s));
          store<f64>(p, load<f64>(p) + xa * load<f64>(fa(lv, s)));
        }
      } else if (q == 2) {
        const xa = v128.load(lv + <usize>sa * 16);
        for (let s = sa; s < e; s++) {
          const pr = f64x2.mul(xa, v128.load(lv + <usize>s * 16));
          const p = fa(spa, li(sortedP, s));
          store<f64>(p, load<f64>(p) + (f64x2.extract_lane(pr, 0) + f64x2.extract_lane(pr, 1)));
        }
      } else {
        const ra = lv + <usize>sa * rb;
        for (let s = sa; s < e; s++) {
          const rs = lv + <usize>s * rb;
          let acc = 0.0;
          for (let c = 0; c < q; c++) acc += load<f64>(fa(ra, c)) * load<f64>(fa(rs, c));
          const p = fa(spa, li(sortedP, s));
          store<f64>(p, load<f64>(p) + acc);
        }
      }
    }
    const cs = fa(vals, li(colStart, k));
    const rr = colRows + (<usize>li(colRowStart, k) << 2);
    const len = li(colLen, k);
    for (let i = 0; i < len; i++) {
      const p = fa(spa, li(rr, i));
      const d = fa(cs, i);
      store<f64>(d, load<f64>(d) - load<f64>(p));
      store<f64>(p, 0.0);
    }
  }
}

/**
 * X := L⁻¹ X for nrhs right-hand sides stored row-major at x (row i at x + i·nrhs doubles, rows in
 * the permuted order), with L in block layout. Each entry of L is loaded once and applied to all
 * right-hand sides (pairs with f64x2).
 */
export function snForwardSolveRows(
  nSuper: i32, snStart: usize, rowPtr: usize, rows: usize, valPtr: usize, vals: usize,
  x: usize, nrhs: i32,
): void {
  const rb = <usize>nrhs << 3;
  const pairs = nrhs & ~1;
  for (let J = 0; J < nSuper; J++) {
    const f = li(snStart, J);
    const wJ = li(snStart, J + 1) - f;
    const rJ = rows + (<usize>li(rowPtr, J) << 2);
    const mJ = li(rowPtr, J + 1) - li(rowPtr, J);
    const vJ = vals + (<usize>li(valPtr, J) << 3);
    for (let j = 0; j < wJ; j++) {
      const col = vJ + ((<usize>j * <usize>mJ) << 3);
      const xj = x + <usize>(f + j) * rb;
      const d = 1.0 / load<f64>(fa(col, j));
      for (let r = 0; r < nrhs; r++) store<f64>(fa(xj, r), load<f64>(fa(xj, r)) * d);
      for (let i = j + 1; i < mJ; i++) {
        const row = i < wJ ? f + i : li(rJ, i);
        const xi = x + <usize>row * rb;
        const lv = load<f64>(fa(col, i));
        const ls = f64x2.splat(lv);
        let r = 0;
        for (; r < pairs; r += 2) {
          const q = <usize>r << 3;
          v128.store(xi + q, f64x2.sub(v128.load(xi + q), f64x2.mul(ls, v128.load(xj + q))));
        }
        if (r < nrhs) store<f64>(fa(xi, r), load<f64>(fa(xi, r)) - lv * load<f64>(fa(xj, r)));
      }
    }
  }
}

/** C entry at p −= ⟨xb, xa⟩ for q = 2 (lane 0 product plus lane 1 product, in that order). */
@inline function cliqueEntry(p: usize, xb: v128, xa: v128): void {
  const pr = f64x2.mul(xb, xa);
  store<f64>(p, load<f64>(p) - (f64x2.extract_lane(pr, 0) + f64x2.extract_lane(pr, 1)));
}

/**
 * Dense rest block C (m×m, column-major, lower) −= Σ_ℓ X_ℓ X_ℓᵀ by column panels (see
 * src/lmm/restCliquePanels.ts): X_ℓ's rows are row-major at lv (q values per row, rows sorted
 * within each level, row s is rest row rows[s]). Segment g of panel J (panPtr[J] .. panPtr[J+1])
 * holds a level's rows s in segStart[g] .. segEnd[g] (those in panel J's columns) and the level's
 * end segLevelEnd[g]: for each such b and every a in b .. segLevelEnd[g],
 * C[rows[a], rows[b]] −= ⟨lv[a, :], lv[b, :]⟩. All writes of a panel stay in its columns (cache
 * resident) and each level is read once per panel it touches, not once per column.
 */
export function cliquePanels(
  m: i32, q: i32, nPanel: i32, panPtr: usize, segStart: usize, segEnd: usize, segLevelEnd: usize,
  rows: usize, lv: usize, c: usize,
): void {
  const rb = <usize>q << 3;
  const ld = <usize>m << 3;
  for (let J = 0; J < nPanel; J++) {
    const g1 = li(panPtr, J + 1);
    for (let g = li(panPtr, J); g < g1; g++) {
      const s1 = li(segEnd, g);
      const e = li(segLevelEnd, g);
      for (let b = li(segStart, g); b < s1; b++) {
        const col = c + <usize>li(rows, b) * ld;
        if (q == 1) {
          const xb = load<f64>(fa(lv, b));
          for (let a = b; a < e; a++) {
            const p = fa(col, li(rows, a));
            store<f64>(p, load<f64>(p) - xb * load<f64>(fa(lv, a)));
          }
        } else if (q == 2) {
          if (b + 3 < s1) {
            // Four columns b … b+3 of the same level at once: each row a ≥ b+3 is loaded once for
            // all four (the same product and sum per entry as one column at a time: the same bits).
            const c0 = col, c1 = c + <usize>li(rows, b + 1) * ld, c2 = c + <usize>li(rows, b + 2) * ld, c3 = c + <usize>li(rows, b + 3) * ld;
            const x0 = v128.load(lv + <usize>b * 16), x1 = v128.load(lv + <usize>(b + 1) * 16);
            const x2 = v128.load(lv + <usize>(b + 2) * 16), x3 = v128.load(lv + <usize>(b + 3) * 16);
            // The triangle rows b … b+2 (column k takes rows a ≥ b+k).
            for (let a = b; a < b + 3; a++) {
              const xa = v128.load(lv + <usize>a * 16), r = li(rows, a);
              cliqueEntry(fa(c0, r), x0, xa);
              if (a >= b + 1) cliqueEntry(fa(c1, r), x1, xa);
              if (a >= b + 2) cliqueEntry(fa(c2, r), x2, xa);
            }
            for (let a = b + 3; a < e; a++) {
              const xa = v128.load(lv + <usize>a * 16);
              const u0 = f64x2.mul(x0, xa), u1 = f64x2.mul(x1, xa), u2 = f64x2.mul(x2, xa), u3 = f64x2.mul(x3, xa);
              const s01 = f64x2.add(v128.shuffle<f64>(u0, u1, 0, 2), v128.shuffle<f64>(u0, u1, 1, 3));
              const s23 = f64x2.add(v128.shuffle<f64>(u2, u3, 0, 2), v128.shuffle<f64>(u2, u3, 1, 3));
              const r = li(rows, a);
              const p0 = fa(c0, r), p1 = fa(c1, r), p2 = fa(c2, r), p3 = fa(c3, r);
              store<f64>(p0, load<f64>(p0) - f64x2.extract_lane(s01, 0));
              store<f64>(p1, load<f64>(p1) - f64x2.extract_lane(s01, 1));
              store<f64>(p2, load<f64>(p2) - f64x2.extract_lane(s23, 0));
              store<f64>(p3, load<f64>(p3) - f64x2.extract_lane(s23, 1));
            }
            b += 3;
          } else {
            const xb = v128.load(lv + <usize>b * 16);
            for (let a = b; a < e; a++) cliqueEntry(fa(col, li(rows, a)), xb, v128.load(lv + <usize>a * 16));
          }
        } else {
          const xb = lv + <usize>b * rb;
          for (let a = b; a < e; a++) {
            const xa = lv + <usize>a * rb;
            let acc = 0.0;
            for (let k = 0; k < q; k++) acc += load<f64>(fa(xa, k)) * load<f64>(fa(xb, k));
            const p = fa(col, li(rows, a));
            store<f64>(p, load<f64>(p) - acc);
          }
        }
      }
    }
  }
}
