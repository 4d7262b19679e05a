/**
 * Elimination tree of a symmetric matrix.
 */
import type { CscMatrix } from "./csc.js";
import { sparseNotSquare } from "../messages/sparse.js";

/**
 * The elimination tree of the symmetric n×n matrix whose upper triangle is stored in A (entries with
 * row > column are ignored). `parent[j]` is the parent of node j — the row index of the first
 * off-diagonal nonzero of column j of the Cholesky factor L — or -1 for a root.
 *
 * Method (Liu): for each column k and each i < k with A[i, k] ≠ 0, climb from i to the root of its
 * current subtree (with path compression through an `ancestor` array) and make k that root's parent.
 * Cost nearly O(nnz(A)).
 */
export function etree(A: CscMatrix): Int32Array {
  if (A.m !== A.n) throw sparseNotSquare("etree", A.m, A.n);
  const n = A.n;
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let p = A.colptr[k]!; p < A.colptr[k + 1]!; p++) {
      let i = A.rowind[p]!;
      while (i !== -1 && i < k) {
        const next = ancestor[i]!;
        ancestor[i] = k; // path compression
        if (next === -1) {
          parent[i] = k;
          break;
        }
        i = next;
      }
    }
  }
  return parent;
}

/**
 * A postorder of the forest `parent` (children before parents, each subtree contiguous; children
 * visited in increasing index order). Returns `post` with post[k] = the k-th node. Relabelling a
 * matrix by a postorder of its etree leaves the fill of L unchanged but makes subtrees contiguous.
 */
export function postorder(parent: Int32Array): Int32Array {
  const n = parent.length;
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  for (let j = n - 1; j >= 0; j--) {
    const p = parent[j]!;
    if (p === -1) continue;
    next[j] = head[p]!;
    head[p] = j;
  }
  const post = new Int32Array(n);
  const stack = new Int32Array(n);
  let k = 0;
  for (let root = 0; root < n; root++) {
    if (parent[root] !== -1) continue;
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const v = stack[top]!;
      const c = head[v]!;
      if (c === -1) {
        top--;
        post[k++] = v;
      } else {
        head[v] = next[c]!;
        stack[++top] = c;
      }
    }
  }
  return post;
}
