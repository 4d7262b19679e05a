/** The distribution tails, Richardson differences and symmetric eigen-solver of src/inference/ddf.ts. */
import { describe, expect, it } from "vitest";
import { pchisqUpper, ptTwoSided, pfUpper, gammaQ, hessianRichardson, jacobianRichardson, symEigen, pseudoInverseSym } from "../../src/inference/index.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("tail probabilities", () => {
  it("χ² with 2 df is exponential; other df against closed forms", () => {
    for (const x of [0.1, 1, 5, 42.1392985420161, 200]) expect(rel(pchisqUpper(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-12);
    // df = 4: Q = e^{-x/2}(1 + x/2)
    for (const x of [0.5, 3, 30]) expect(rel(pchisqUpper(x, 4), Math.exp(-x / 2) * (1 + x / 2))).toBeLessThan(1e-12);
    expect(pchisqUpper(0, 3)).toBe(1);
    expect(Number.isNaN(pchisqUpper(1, 0))).toBe(true);
    expect(rel(gammaQ(0.5, 2), 0.04550026389635842)).toBeLessThan(1e-12); // erfc(√2)
  });
  it("t two-sided p against df = 1 (Cauchy) and df = 2 closed forms, tiny tails too", () => {
    for (const t of [0.3, 1, 4, 100]) expect(rel(ptTwoSided(t, 1), 1 - (2 / Math.PI) * Math.atan(t))).toBeLessThan(1e-10);
    // 1 − t/√(2+t²) written without cancellation
    for (const t of [0.3, 2, 50, 1e4]) expect(rel(ptTwoSided(-t, 2), 2 / (Math.sqrt(2 + t * t) * (Math.sqrt(2 + t * t) + t)))).toBeLessThan(1e-10);
    expect(rel(ptTwoSided(1.959963984540054, Infinity), 0.05)).toBeLessThan(1e-12);
    expect(rel(ptTwoSided(36.83803, 17), 1.1710e-17)).toBeLessThan(1e-3); // R: 2*pt(-36.83803, 17)
  });
  it("F upper tail with 2 numerator df: (1 + 2f/d₂)^(−d₂/2)", () => {
    for (const [f, d2] of [[0.5, 3], [3, 10.5], [20, 40]]) expect(rel(pfUpper(f, 2, d2), (1 + (2 * f) / d2) ** (-d2 / 2))).toBeLessThan(1e-10);
  });
});

describe("Richardson differences and eigen-decomposition", () => {
  it("differentiates exactly enough", () => {
    const f = (x: Float64Array) => Math.exp(x[0]) * Math.sin(x[1]) + x[0] * x[0] * x[1];
    const x = [0.3, 1.2];
    const H = hessianRichardson(f, x);
    const e = Math.exp(0.3), s = Math.sin(1.2), c = Math.cos(1.2);
    const want = [e * s + 2 * 1.2, e * c + 2 * 0.3, e * c + 2 * 0.3, -e * s];
    want.forEach((w, i) => expect(Math.abs(H[i] - w)).toBeLessThan(1e-6));
    const J = jacobianRichardson((y) => Float64Array.of(y[0] * y[1], Math.log(y[1])), x);
    expect(Math.abs(J[0][0] - 1.2)).toBeLessThan(1e-9);
    expect(Math.abs(J[1][0] - 0.3)).toBeLessThan(1e-9);
    expect(Math.abs(J[1][1] - 1 / 1.2)).toBeLessThan(1e-9);
  });
  it("decomposes and pseudo-inverts symmetric matrices", () => {
    const A = Float64Array.of(4, 1, 0, 1, 3, 0, 0, 0, -2);
    const { values, vectors } = symEigen(A, 3);
    expect(values[0]).toBeCloseTo((7 + Math.sqrt(5)) / 2, 12);
    expect(values[2]).toBeCloseTo(-2, 12);
    // A v = λ v for the first eigenvector
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += A[i + j * 3] * vectors[j];
      expect(s).toBeCloseTo(values[0] * vectors[i], 10);
    }
    const { inverse } = pseudoInverseSym(A, 3);
    expect(inverse[8]).toBe(0); // the negative direction is dropped
    expect(inverse[0]).toBeCloseTo(3 / 11, 12);
  });
});
