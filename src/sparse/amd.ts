/**
 * Fill-reducing ordering: approximate minimum degree on the quotient graph (after Amestoy, Davis &
 * Duff's AMD, written from the published description; no supervariables / mass elimination).
 */
import type { CscMatrix } from "./csc.js";
import { sparseNotSquare } from "../messages/sparse.js";

/**
 * The adjacency structure of the graph of a symmetric pattern (A + Aᵀ without the diagonal), as
 * per-node neighbour lists. Accepts the upper triangle, the lower triangle or the full pattern.
 */
function symmetricAdjacency(A: CscMatrix): number[][] {
  const n = A.n;
  const adj: number[][] = Array.from({ length: n }, () => []);
  const seen = new Int32Array(n).fill(-1);
  // Two passes over the columns: the entries (r, c) and their mirrors (c, r); `seen` dedupes per node.
  const T: number[][] = Array.from({ length: n }, () => []);
  for (let c = 0; c < n; c++) {
    for (let p = A.colptr[c]!; p < A.colptr[c + 1]!; p++) {
      const r = A.rowind[p]!;
      if (r !== c) T[r]!.push(c);
    }
  }
  for (let v = 0; v < n; v++) {
    const out = adj[v]!;
    for (let p = A.colptr[v]!; p < A.colptr[v + 1]!; p++) {
      const r = A.rowind[p]!;
      if (r !== v && seen[r] !== v) {
        seen[r] = v;
        out.push(r);
      }
    }
    for (const r of T[v]!) {
      if (seen[r] !== v) {
        seen[r] = v;
        out.push(r);
      }
    }
  }
  return adj;
}

const VARIABLE = 0;
const ELEMENT = 1;
const DENSE = 2;
const ABSORBED = 3;

/**
 * A fill-reducing symmetric ordering of the n×n pattern of A (upper triangle, lower triangle or full
 * pattern; values and the diagonal are ignored). Returns `perm` with "new index k = old index
 * perm[k]", i.e. the factorized matrix is P A Pᵀ with (P A Pᵀ)[k, l] = A[perm[k], perm[l]].
 *
 * Method: greedy minimum degree on the quotient graph. Eliminating pivot p turns p into an element
 * whose variable set is L_p = (Adj(p) ∪ ⋃_{e ∈ E_p} L_e) \ {p}; the elements in E_p are absorbed.
 * The degree of each i ∈ L_p is bounded by AMD's approximate external degree
 *   d_i ≈ |A_i \ L_p| + |L_p \ {i}| + Σ_{e ∈ E_i \ {p}} |L_e \ L_p|,
 * elements with L_e ⊆ L_p are absorbed aggressively. As in AMD, nodes with more than
 * max(16, 10√n) neighbours are "dense": removed first and ordered last.
 *
 * `options.dense` overrides the dense limit (Infinity turns dense-node removal off).
 *
 * Caveats: no supervariable detection, mass elimination or post-ordering, so the ordering can be a
 * bit worse than SuiteSparse AMD and the run time grows faster on very large, dense-ish graphs
 * (the ordering is computed once per pattern, so this is not on a hot path). Ties are broken
 * deterministically (the result depends only on the pattern).
 */
export function amdOrder(A: CscMatrix, options: { dense?: number } = {}): Int32Array {
  if (A.m !== A.n) throw sparseNotSquare("amdOrder", A.m, A.n);
  const n = A.n;
  const perm = new Int32Array(n);
  if (n === 0) return perm;
  const adjVar = symmetricAdjacency(A);
  const adjElt: number[][] = Array.from({ length: n }, () => []);
  const eltVars: number[][] = Array.from({ length: n }, () => []);
  const status = new Uint8Array(n);
  const deg = new Int32Array(n);

  // Dense nodes: removed from the graph, ordered last (by increasing degree).
  const denseLimit = options.dense ?? Math.max(16, Math.floor(10 * Math.sqrt(n)));
  const dense: number[] = [];
  const fullDeg = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    fullDeg[v] = adjVar[v]!.length;
    if (fullDeg[v]! > denseLimit) {
      status[v] = DENSE;
      dense.push(v);
    }
  }
  if (dense.length > 0) {
    for (let v = 0; v < n; v++) if (status[v] === VARIABLE) adjVar[v] = adjVar[v]!.filter((u) => status[u] !== DENSE);
  }

  // Degree buckets: doubly linked lists head[d] → next → ...
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const insert = (v: number, d: number): void => {
    deg[v] = d;
    const h = head[d]!;
    next[v] = h;
    prev[v] = -1;
    if (h >= 0) prev[h] = v;
    head[d] = v;
  };
  const remove = (v: number): void => {
    const d = deg[v]!;
    if (prev[v]! >= 0) next[prev[v]!] = next[v]!;
    else head[d] = next[v]!;
    if (next[v]! >= 0) prev[next[v]!] = prev[v]!;
  };
  let nLive = 0;
  for (let v = 0; v < n; v++) {
    if (status[v] === VARIABLE) {
      insert(v, adjVar[v]!.length);
      nLive++;
    }
  }

  const mark = new Int32Array(n).fill(-1); // mark[v] === k ⇔ v ∈ L_p of step k (or v = p)
  const wTag = new Int32Array(n).fill(-1); // wTag[e] === k ⇔ wCount[e] is valid for step k
  const wCount = new Int32Array(n); // |L_e \ L_p|
  let minDeg = 0;
  let k = 0;
  while (nLive > 0) {
    while (head[minDeg]! < 0) minDeg++;
    const p = head[minDeg]!;
    remove(p);
    nLive--;
    perm[k] = p;

    // L_p: the variables adjacent to p directly or through its elements; absorb those elements.
    mark[p] = k;
    const Lp: number[] = [];
    for (const v of adjVar[p]!) {
      if (status[v] === VARIABLE && mark[v] !== k) {
        mark[v] = k;
        Lp.push(v);
      }
    }
    for (const e of adjElt[p]!) {
      if (status[e] !== ELEMENT) continue;
      for (const v of eltVars[e]!) {
        if (status[v] === VARIABLE && mark[v] !== k) {
          mark[v] = k;
          Lp.push(v);
        }
      }
      status[e] = ABSORBED;
      eltVars[e] = [];
    }
    status[p] = ELEMENT;
    eltVars[p] = Lp;
    adjVar[p] = [];
    adjElt[p] = [];

    // |L_e \ L_p| for every element e seen from L_p.
    for (const i of Lp) {
      for (const e of adjElt[i]!) {
        if (status[e] !== ELEMENT) continue;
        if (wTag[e] !== k) {
          wTag[e] = k;
          wCount[e] = eltVars[e]!.length;
        }
        wCount[e]!--;
      }
    }

    // Update the neighbours: prune their lists, add element p, recompute approximate degrees.
    const lpOthers = Lp.length - 1;
    for (const i of Lp) {
      remove(i);
      const oldE = adjElt[i]!;
      const newE: number[] = [p];
      let degE = 0;
      for (const e of oldE) {
        if (status[e] !== ELEMENT) continue;
        const we = wCount[e]!;
        if (we <= 0) {
          status[e] = ABSORBED; // L_e ⊆ L_p: aggressive absorption
          eltVars[e] = [];
          continue;
        }
        degE += we;
        newE.push(e);
      }
      adjElt[i] = newE;
      const oldV = adjVar[i]!;
      const newV: number[] = [];
      for (const v of oldV) if (status[v] === VARIABLE && mark[v] !== k) newV.push(v);
      adjVar[i] = newV;
      let d = newV.length + lpOthers + degE;
      const cap = nLive - 1;
      if (d > cap) d = cap;
      const bound = deg[i]! + lpOthers;
      if (d > bound) d = bound;
      insert(i, d);
      if (d < minDeg) minDeg = d;
    }
    k++;
  }
  dense.sort((a, b) => fullDeg[a]! - fullDeg[b]! || a - b);
  for (const v of dense) perm[k++] = v;
  return perm;
}

