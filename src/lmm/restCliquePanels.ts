/**
 * The term-0 Schur complement update of a dense rest block, C −= Σ_ℓ X_ℓ X_ℓᵀ (X_ℓ: the rows of
 * L_r1 of term-0 level ℓ, q0 columns), organized by column panels of C.
 *
 * Cost: Σ_ℓ nr_ℓ(nr_ℓ+1)/2 · q0 multiply-adds (nr_ℓ: rest rows level ℓ touches) whatever the
 * order. The order decides the memory traffic: level by level, each update strides over the
 * whole m×m block (a cache miss per entry once m² doubles exceed the cache); column by column
 * (the sparse mode's sweep), each level's suffix is re-read for each of its nr_ℓ columns —
 * Σ_ℓ nr_ℓ²/2 row reads (1.2 GB per evaluation on 1M rows, `(x | a) + (1 | b)`, 10K × 1K). By
 * panels of B columns (m·B doubles ≈ half of a 1 MB L2), a level is read once per panel it
 * touches (≤ ⌈m/B⌉ times) and every write lands in the cache-resident panel.
 */
import type { CrossProducts } from "./crossprod.js";
import { restCliquesDense, type RestCliques } from "./restSparse.js";

/** Bytes of C one panel should span (m · B · 8); half of a typical 1 MB per-core L2. */
export const PANEL_BYTES = 512 * 1024;

/** The segments of every panel: level ℓ's rows inside panel J, and the end of level ℓ's rows. */
export interface CliquePanels {
  readonly m: number;
  readonly q: number;
  /** Panel width (columns of C). */
  readonly width: number;
  readonly nPanel: number;
  /** Segments of panel J: panPtr[J] .. panPtr[J+1]. */
  readonly panPtr: Int32Array;
  readonly segStart: Int32Array;
  readonly segEnd: Int32Array;
  readonly segLevelEnd: Int32Array;
  /** Rest row of each sorted position (the cliques' sortedP in identity order). */
  readonly rows: Int32Array;
}

/** Panel width for an m×m block: PANEL_BYTES / (8m) columns, at least 8. */
export function panelWidth(m: number): number {
  return Math.max(8, Math.floor(PANEL_BYTES / (8 * Math.max(m, 1))));
}

/**
 * Cuts each level's sorted rows (dense-mode cliques: identity order, `levelPtr` the r1Ptr of the
 * cross products) at the panel boundaries. O(nnz(r1) + ℓ0) time.
 */
export function buildCliquePanels(cl: RestCliques, levelPtr: Int32Array, m: number, width = panelWidth(m)): CliquePanels {
  const rows = cl.sortedP, l0 = levelPtr.length - 1;
  const nPanel = Math.max(1, Math.ceil(m / width));
  const panPtr = new Int32Array(nPanel + 1);
  const each = (fn: (J: number, s0: number, s1: number, e: number) => void) => {
    for (let l = 0; l < l0; l++) {
      const e = levelPtr[l + 1]!;
      let s = levelPtr[l]!;
      while (s < e) {
        const J = Math.floor(rows[s]! / width), lim = (J + 1) * width;
        let t = s + 1;
        while (t < e && rows[t]! < lim) t++;
        fn(J, s, t, e);
        s = t;
      }
    }
  };
  each((J) => { panPtr[J + 1]!++; });
  for (let J = 0; J < nPanel; J++) panPtr[J + 1]! += panPtr[J]!;
  const nSeg = panPtr[nPanel]!, next = panPtr.slice(0, nPanel);
  const segStart = new Int32Array(nSeg), segEnd = new Int32Array(nSeg), segLevelEnd = new Int32Array(nSeg);
  each((J, s0, s1, e) => { const g = next[J]!++; segStart[g] = s0; segEnd[g] = s1; segLevelEnd[g] = e; });
  return { m, q: cl.q, width, nPanel, panPtr, segStart, segEnd, segLevelEnd, rows };
}

/**
 * Plain version of the WebAssembly `cliquePanels`: C (m×m column-major, lower) −= Σ_ℓ X_ℓ X_ℓᵀ
 * with lv the packed clique values (row-major, q per sorted position).
 */
export function cliquePanelsJs(pn: CliquePanels, lv: Float64Array, c: Float64Array): void {
  const { m, q, nPanel, panPtr, segStart, segEnd, segLevelEnd, rows } = pn;
  for (let J = 0; J < nPanel; J++)
    for (let g = panPtr[J]!; g < panPtr[J + 1]!; g++) {
      const e = segLevelEnd[g]!;
      for (let b = segStart[g]!; b < segEnd[g]!; b++) {
        const col = rows[b]! * m;
        if (q === 1) {
          const xb = lv[b]!;
          for (let a = b; a < e; a++) c[col + rows[a]!]! -= xb * lv[a]!;
          continue;
        }
        for (let a = b; a < e; a++) {
          let s = 0;
          for (let k = 0; k < q; k++) s += lv[a * q + k]! * lv[b * q + k]!;
          c[col + rows[a]!]! -= s;
        }
      }
    }
}

const cache = new WeakMap<Int32Array, CliquePanels>();

/** The panels of a dense rest block's term-0 cliques (cached per cross-product pattern). */
export function densePanels(cp: CrossProducts): CliquePanels {
  let p = cache.get(cp.r1Ptr);
  if (!p) {
    p = buildCliquePanels(restCliquesDense(cp), cp.r1Ptr, cp.units.m);
    cache.set(cp.r1Ptr, p);
  }
  return p;
}
