/**
 * Test helpers: a small random `(x | a) + (1 | b)` data set (40 × 30 levels) and the brute-force
 * ML deviance of a dense Cholesky of [ZΛ X y]ᵀ[ZΛ X y] + diag(I_q, 0) — the plain reference for
 * the blocked factor's kernels.
 */
import type { buildInput } from "../../src/model/lmmInput.js";

/** Linear congruential uniform(0, 1) stream. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** n rows, a with 40 levels (slope on x), b with 30 skewed levels. */
export function slopeData(n = 600): { y: number[]; x: number[]; a: string[]; b: string[] } {
  const r = lcg(7);
  const a: string[] = [], b: string[] = [], x: number[] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const ai = i < 40 ? i : Math.floor(r() * 40), bi = i < 30 ? i : Math.floor(r() * r() * 30);
    const xi = r() * 2 - 1;
    a.push(`a${String(ai).padStart(2, "0")}`); b.push(`b${String(bi).padStart(2, "0")}`); x.push(xi);
    y.push(1 + 0.3 * xi + Math.sin(ai) * 0.5 + Math.cos(ai) * 0.2 * xi + Math.sin(3 * bi) * 0.4 + (r() - 0.5));
  }
  return { y, x, a, b };
}

/** Brute-force ML deviance: dense Cholesky of [ZΛ X y]ᵀ[ZΛ X y] + diag(I_q, 0). */
export function bruteDeviance(input: ReturnType<typeof buildInput>, theta: number[]): number {
  const n = input.y.length, p = input.p, terms = input.terms;
  const cols: Float64Array[] = [];
  let off = 0;
  for (const t of terms) {
    const T = new Float64Array(t.q * t.q);
    t.cov.lambda(Float64Array.from(theta.slice(off, off + t.cov.nTheta)), T);
    off += t.cov.nTheta;
    for (let l = 0; l < t.nLevels; l++)
      for (let j = 0; j < t.q; j++) {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          if (t.codes[i] !== l) continue;
          let s = 0;
          for (let r = j; r < t.q; r++) s += t.z[i + r * n]! * T[r + j * t.q]!;
          col[i] = s;
        }
        cols.push(col);
      }
  }
  const q = cols.length;
  for (let j = 0; j < p; j++) cols.push(input.X.slice(j * n, (j + 1) * n));
  cols.push(input.y);
  const N = cols.length, A = new Float64Array(N * N);
  for (let a = 0; a < N; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += cols[a]![i]! * cols[b]![i]!;
      A[a + b * N] = s + (a === b && a < q ? 1 : 0);
    }
  let ld = 0;
  for (let j = 0; j < N; j++) {
    let d = A[j + j * N]!;
    for (let k = 0; k < j; k++) d -= A[j + k * N]! ** 2;
    const l = Math.sqrt(d);
    A[j + j * N] = l;
    if (j < q) ld += 2 * Math.log(l);
    for (let i = j + 1; i < N; i++) {
      let s = A[i + j * N]!;
      for (let k = 0; k < j; k++) s -= A[i + k * N]! * A[j + k * N]!;
      A[i + j * N] = s / l;
    }
  }
  const r2 = A[N * N - 1]! ** 2;
  return ld + n * (1 + Math.log((2 * Math.PI * r2) / n));
}

