import { it } from "vitest";
import { readFileSync } from "node:fs";
import { cscFromTriplets, symbolicCholesky } from "../../src/sparse/index.js";
it("scratch", () => {
  const lines = readFileSync("/work/shared/datasets/InstEval.csv", "utf8").trim().split("\n").slice(1);
  const sm = new Map<string, number>(), dm = new Map<string, number>();
  const S: number[] = [], D: number[] = [];
  for (const l of lines) { const f = l.split(","); if (!sm.has(f[0]!)) sm.set(f[0]!, sm.size); if (!dm.has(f[1]!)) dm.set(f[1]!, dm.size); S.push(sm.get(f[0]!)!); D.push(dm.get(f[1]!)!); }
  const Z = cscFromTriplets(dm.size, sm.size, D, S, new Float64Array(S.length).fill(1));
  const I: number[] = [], J: number[] = [], X: number[] = [];
  for (let s = 0; s < sm.size; s++) for (let p = Z.colptr[s]!; p < Z.colptr[s + 1]!; p++) for (let q = Z.colptr[s]!; q <= p; q++) { I.push(Z.rowind[q]!); J.push(Z.rowind[p]!); X.push(1); }
  for (let d = 0; d < dm.size; d++) { I.push(d); J.push(d); X.push(1e4); }
  const A = cscFromTriplets(dm.size, dm.size, I, J, X);
  const Sy = symbolicCholesky(A, "amd");
  const n = Sy.n; const cc = (j: number) => Sy.colptr[j + 1]! - Sy.colptr[j]!;
  const sizes: number[] = []; let start = 0;
  for (let j = 1; j <= n; j++) if (j === n || !(Sy.parent[j - 1] === j && cc(j) === cc(j - 1) - 1)) { sizes.push(j - start); start = j; }
  sizes.sort((a, b) => b - a);
  console.log("supernodes", sizes.length, "largest", sizes.slice(0, 15), "singletons", sizes.filter((x) => x === 1).length);
  // flops in columns belonging to supernodes of size >= 8
  let big = 0, tot = 0; start = 0;
  for (let j = 1; j <= n; j++) if (j === n || !(Sy.parent[j - 1] === j && cc(j) === cc(j - 1) - 1)) { for (let c = start; c < j; c++) { const f = cc(c) ** 2 / 2; tot += f; if (j - start >= 8) big += f; } start = j; }
  console.log("flop share in supernodes >= 8 cols", big / tot, "last col count", cc(0), cc(n-500));
});
