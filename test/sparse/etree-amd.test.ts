import { describe, expect, it } from "vitest";
import { amdOrder, cscFromTriplets, etree, postorder, symbolicCholesky, type CscMatrix } from "../../src/sparse/index.js";
import { denseFillCount, randomSpd } from "./helpers.js";

/** Symmetric pattern (upper triangle + unit diagonal) from an edge list. */
function fromEdges(n: number, edges: [number, number][]): CscMatrix {
  const I: number[] = [];
  const J: number[] = [];
  for (const [a, b] of edges) {
    I.push(Math.min(a, b));
    J.push(Math.max(a, b));
  }
  for (let i = 0; i < n; i++) {
    I.push(i);
    J.push(i);
  }
  return cscFromTriplets(n, n, I, J, new Float64Array(I.length).fill(1));
}

function isPermutation(p: Int32Array, n: number): boolean {
  const seen = new Uint8Array(n);
  for (const v of p) {
    if (v < 0 || v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return p.length === n;
}

describe("etree", () => {
  it("matches a hand-computed tree", () => {
    const A = fromEdges(6, [
      [0, 2],
      [1, 2],
      [2, 4],
      [3, 4],
      [4, 5],
      [0, 5],
    ]);
    expect(Array.from(etree(A))).toEqual([2, 2, 4, 4, 5, -1]);
  });

  it("gives a forest for a block-diagonal pattern", () => {
    const A = fromEdges(5, [
      [0, 1],
      [3, 4],
    ]);
    expect(Array.from(etree(A))).toEqual([1, -1, -1, 4, -1]);
  });

  it("parent[j] is the first off-diagonal row of column j of L (random matrices)", () => {
    for (const seed of [1, 2, 3]) {
      const A = randomSpd(40, 0.08, seed);
      const S = symbolicCholesky(A, "natural");
      const parent = etree(A);
      for (let j = 0; j < 40; j++) {
        const p = S.colptr[j]! + 1 < S.colptr[j + 1]! ? S.rowind[S.colptr[j]! + 1]! : -1;
        expect(parent[j]).toBe(p);
      }
    }
  });
});

describe("postorder", () => {
  it("puts children before parents with contiguous subtrees", () => {
    // tree: 5 ← {1, 4}, 1 ← {0, 3}, 4 ← {2}; plus a lone root 6
    const parent = Int32Array.from([1, 5, 4, 1, 5, -1, -1]);
    expect(Array.from(postorder(parent))).toEqual([0, 3, 1, 2, 4, 5, 6]);
  });
  it("is a permutation consistent with the etree of random matrices", () => {
    const A = randomSpd(50, 0.05, 9);
    const parent = etree(A);
    const post = postorder(parent);
    const where = new Int32Array(50).fill(-1);
    post.forEach((v, k) => (where[v] = k));
    expect(where.every((k) => k >= 0)).toBe(true);
    for (let j = 0; j < 50; j++) if (parent[j]! >= 0) expect(where[parent[j]!]!).toBeGreaterThan(where[j]!);
  });
});

describe("amdOrder", () => {
  it("orders the hub of a wrong-way arrow last: natural order fills completely, AMD not at all", () => {
    const n = 30;
    const edges: [number, number][] = [];
    for (let i = 1; i < n; i++) edges.push([0, i]); // dense first row/column
    const A = fromEdges(n, edges);
    const nat = symbolicCholesky(A, "natural");
    expect(nat.nnzL).toBe((n * (n + 1)) / 2);
    const p = amdOrder(A);
    expect(isPermutation(p, n)).toBe(true);
    expect(Array.from(p.subarray(n - 2))).toContain(0); // the last two tie at degree 1
    const amd = symbolicCholesky(A, p);
    expect(amd.nnzL).toBe(n + (n - 1)); // = nnz of the lower triangle of A: no fill
  });

  it("reduces fill on a 2-D grid and its fill count matches dense symbolic elimination", () => {
    const g = 15;
    const n = g * g;
    const edges: [number, number][] = [];
    for (let r = 0; r < g; r++) {
      for (let c = 0; c < g; c++) {
        const v = r * g + c;
        if (c + 1 < g) edges.push([v, v + 1]);
        if (r + 1 < g) edges.push([v, v + g]);
      }
    }
    const A = fromEdges(n, edges);
    const nat = symbolicCholesky(A, "natural");
    const amd = symbolicCholesky(A, "amd");
    expect(isPermutation(amd.perm, n)).toBe(true);
    expect(amd.nnzL).toBeLessThan(0.75 * nat.nnzL);
    expect(amd.nnzL).toBe(denseFillCount(A, amd.perm));
    expect(nat.nnzL).toBe(denseFillCount(A, nat.perm));
  });

  it("accepts upper-only and full patterns alike, and handles dense rows and empty matrices", () => {
    const A = randomSpd(60, 0.05, 11);
    const F = randomSpd(60, 0.05, 11, true);
    expect(Array.from(amdOrder(A))).toEqual(Array.from(amdOrder(F)));
    // a hub connected to all 399 others exceeds the dense limit max(16, 10·√400) = 200
    const n = 400;
    const edges: [number, number][] = [];
    for (let i = 1; i < n; i++) edges.push([0, i]);
    for (let i = 1; i + 1 < n; i++) edges.push([i, i + 1]);
    const p = amdOrder(fromEdges(n, edges));
    expect(isPermutation(p, n)).toBe(true);
    expect(p[n - 1]).toBe(0);
    expect(amdOrder(cscFromTriplets(0, 0, [], [], [])).length).toBe(0);
  });
});
