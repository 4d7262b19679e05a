import { describe, expect, it } from "vitest";
import {
  makeCovariance,
  diagonal,
  compoundSymmetry,
  autoregressive1,
  csCorrCholesky,
  ar1CorrCholesky,
  rePCA,
  type CovarianceStructure,
} from "../../src/covariance/index.js";
import { LmeError } from "../../src/messages/error.js";

/** T Tᵀ (q×q column-major). */
function ttT(T: Float64Array, q: number): Float64Array {
  const s = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let v = 0;
      for (let k = 0; k < q; k++) v += T[i + k * q] * T[j + k * q];
      s[i + j * q] = v;
    }
  return s;
}

const lam = (c: CovarianceStructure, theta: number[]) => {
  const T = new Float64Array(c.q * c.q).fill(NaN);
  c.lambda(theta, T);
  return T;
};

function expectLowerTriangular(T: Float64Array, q: number) {
  for (let j = 0; j < q; j++) for (let i = 0; i < j; i++) expect(T[i + j * q]).toBe(0);
}

function expectSigma(c: CovarianceStructure, theta: number[], want: (i: number, j: number) => number, tol = 1e-13) {
  const T = lam(c, theta);
  expectLowerTriangular(T, c.q);
  const S = ttT(T, c.q);
  for (let i = 0; i < c.q; i++)
    for (let j = 0; j < c.q; j++) expect(Math.abs(S[i + j * c.q] - want(i, j))).toBeLessThan(tol * Math.max(1, Math.abs(want(i, j))));
}

function expectBounds(c: CovarianceStructure) {
  expect(c.lower.length).toBe(c.nTheta);
  expect(c.upper.length).toBe(c.nTheta);
  const t0 = c.initialTheta();
  expect(t0.length).toBe(c.nTheta);
  for (let i = 0; i < c.nTheta; i++) {
    expect(c.lower[i]).toBeLessThanOrEqual(t0[i]);
    expect(t0[i]).toBeLessThanOrEqual(c.upper[i]);
  }
  // The start is T = I.
  const T = lam(c, [...t0]);
  for (let j = 0; j < c.q; j++) for (let i = 0; i < c.q; i++) expect(T[i + j * c.q]).toBe(i === j ? 1 : 0);
  expect(c.thetaNames("g", Array.from({ length: c.q }, (_, i) => `x${i}`)).length).toBe(c.nTheta);
}

const sds = [0.7, 1.9, 0.0, 2.4, 1.1];

describe("diag", () => {
  for (const q of [1, 2, 4]) {
    it(`hom = false, q = ${q}: Σ = diag(s²), q parameters ≥ 0`, () => {
      const c = diagonal(q, false);
      expect(c.kind).toBe("diag");
      expect(c.nTheta).toBe(q);
      expectBounds(c);
      expect([...c.lower]).toEqual(new Array(q).fill(0));
      const th = sds.slice(0, q);
      expectSigma(c, th, (i, j) => (i === j ? th[i] ** 2 : 0));
    });
    it(`hom = true, q = ${q}: Σ = s² I, one parameter`, () => {
      const c = diagonal(q, true);
      expect(c.nTheta).toBe(1);
      expectBounds(c);
      expectSigma(c, [1.3], (i, j) => (i === j ? 1.69 : 0));
    });
  }
  it("isSingular on a zero sd only", () => {
    expect(diagonal(3).isSingular([1, 0.5, 2e-5], 1e-4)).toBe(true);
    expect(diagonal(3).isSingular([1, 0.5, 0.2], 1e-4)).toBe(false);
    expect(diagonal(3, true).isSingular([5e-5], 1e-4)).toBe(true);
  });
  it("names: per column, or one sd", () => {
    expect(diagonal(2).thetaNames("Subject", ["(Intercept)", "Days"])).toEqual(["Subject.(Intercept)", "Subject.Days"]);
    expect(diagonal(2, true).thetaNames("Subject", ["(Intercept)", "Days"])).toEqual(["Subject.sd"]);
  });
});

const csSigma = (s: (i: number) => number, rho: number) => (i: number, j: number) => s(i) * s(j) * (i === j ? 1 : rho);
const ar1Sigma = (s: (i: number) => number, rho: number) => (i: number, j: number) => s(i) * s(j) * rho ** Math.abs(i - j);

describe("cs", () => {
  for (const q of [2, 3, 5]) {
    const lo = -1 / (q - 1);
    it(`hom = false, q = ${q}: Σ = S R S with R_ij = ρ, over the PSD range`, () => {
      const c = compoundSymmetry(q, false);
      expect(c.kind).toBe("cs");
      expect(c.nTheta).toBe(q + 1);
      expectBounds(c);
      expect(c.lower[q]).toBeCloseTo(lo, 15);
      expect(c.upper[q]).toBe(1);
      for (let i = 0; i < q; i++) expect([c.lower[i], c.upper[i]]).toEqual([0, Infinity]);
      for (const rho of [lo, lo / 2, 0, 0.35, 0.999, 1]) {
        const th = [...sds.slice(0, q), rho];
        expectSigma(c, th, csSigma((i) => sds[i], rho), 1e-12);
      }
    });
    it(`hom = true, q = ${q}: Σ = s² R, two parameters`, () => {
      const c = compoundSymmetry(q, true);
      expect(c.nTheta).toBe(2);
      expectBounds(c);
      for (const rho of [lo, -0.1, 0.6, 1]) expectSigma(c, [1.7, rho], csSigma(() => 1.7, rho), 1e-12);
    });
    it(`q = ${q}: isSingular at ρ = 1, at ρ = −1/(q−1), and at a zero sd`, () => {
      const c = compoundSymmetry(q, false);
      const s = sds.slice(0, q).map((v) => v + 0.5);
      expect(c.isSingular([...s, 0.3], 1e-4)).toBe(false);
      expect(c.isSingular([...s, 1 - 1e-6], 1e-4)).toBe(true);
      expect(c.isSingular([...s, lo + 1e-6], 1e-4)).toBe(true);
      expect(c.isSingular([...s.slice(0, q - 1), 0, 0.3], 1e-4)).toBe(true);
    });
  }
  it("closed-form Cholesky of R matches a numeric Cholesky", () => {
    const q = 6, rho = 0.41;
    const L = new Float64Array(q * q);
    csCorrCholesky(rho, q, L);
    // Numeric Cholesky of R.
    const R = new Float64Array(q * q);
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) R[i + j * q] = i === j ? 1 : rho;
    for (let j = 0; j < q; j++) {
      let d = R[j + j * q];
      for (let k = 0; k < j; k++) d -= R[j + k * q] ** 2;
      R[j + j * q] = Math.sqrt(d);
      for (let i = j + 1; i < q; i++) {
        let s = R[i + j * q];
        for (let k = 0; k < j; k++) s -= R[i + k * q] * R[j + k * q];
        R[i + j * q] = s / R[j + j * q];
      }
    }
    for (let j = 0; j < q; j++) for (let i = j; i < q; i++) expect(L[i + j * q]).toBeCloseTo(R[i + j * q], 14);
  });
  it("q = 1 has no correlation parameter", () => {
    const c = compoundSymmetry(1, false);
    expect(c.nTheta).toBe(1);
    expectSigma(c, [2], () => 4);
  });
  it("clamps ρ outside its bounds to a PSD Σ", () => {
    const c = compoundSymmetry(3, true);
    expectSigma(c, [1, 1.2], csSigma(() => 1, 1), 1e-12);
    expectSigma(c, [1, -0.9], csSigma(() => 1, -0.5), 1e-12);
  });
  it("names", () => {
    expect(compoundSymmetry(2).thetaNames("district", ["(Intercept)", "urbanY"])).toEqual([
      "district.(Intercept)",
      "district.urbanY",
      "district.rho",
    ]);
    expect(compoundSymmetry(3, true).thetaNames("g", ["a", "b", "c"])).toEqual(["g.sd", "g.rho"]);
  });
});

describe("ar1", () => {
  for (const q of [2, 3, 6]) {
    it(`hom = true (default), q = ${q}: Σ = s² ρ^|i−j|`, () => {
      const c = autoregressive1(q);
      expect(c.kind).toBe("ar1");
      expect(c.nTheta).toBe(2);
      expectBounds(c);
      expect([c.lower[1], c.upper[1]]).toEqual([-1, 1]);
      for (const rho of [-1, -0.73, 0, 0.588, 0.9999, 1]) expectSigma(c, [1.88, rho], ar1Sigma(() => 1.88, rho), 1e-12);
    });
    it(`hom = false, q = ${q}: Σ = S R S`, () => {
      const c = autoregressive1(q, false);
      expect(c.nTheta).toBe(q + 1);
      expectBounds(c);
      const s = [0.4, 1.2, 2.2, 0, 0.9, 3.1];
      for (const rho of [-1, -0.2, 0.5, 1]) expectSigma(c, [...s.slice(0, q), rho], ar1Sigma((i) => s[i], rho), 1e-12);
    });
  }
  it("isSingular at |ρ| = 1 and at a zero sd", () => {
    const c = autoregressive1(4);
    expect(c.isSingular([1.2, 0.5], 1e-4)).toBe(false);
    expect(c.isSingular([1.2, -0.99995], 1e-4)).toBe(true);
    expect(c.isSingular([1.2, 0.99995], 1e-4)).toBe(true);
    expect(c.isSingular([5e-5, 0.5], 1e-4)).toBe(true);
  });
  it("ρ = ±1 gives a rank-one T with only column 0", () => {
    const L = new Float64Array(9);
    ar1CorrCholesky(-1, 3, L);
    expect([...L].map((v) => v + 0)).toEqual([1, -1, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe("makeCovariance", () => {
  it("dispatches on kind and hom", () => {
    expect(makeCovariance({ kind: "us", hom: false }, 2).nTheta).toBe(3);
    expect(makeCovariance({ kind: "diag", hom: false }, 3).nTheta).toBe(3);
    expect(makeCovariance({ kind: "diag", hom: true }, 3).nTheta).toBe(1);
    expect(makeCovariance({ kind: "cs", hom: false }, 3).nTheta).toBe(4);
    expect(makeCovariance({ kind: "cs", hom: true }, 3).nTheta).toBe(2);
    expect(makeCovariance({ kind: "ar1", hom: true }, 6).nTheta).toBe(2);
    expect(makeCovariance({ kind: "ar1", hom: false }, 6).nTheta).toBe(7);
    expect(makeCovariance({ kind: "ar1", hom: true }, 6).kind).toBe("ar1");
  });
  it("rejects an unknown kind and an empty term with an LmeError", () => {
    expect(() => makeCovariance({ kind: "toep" as "us", hom: false }, 2)).toThrow(LmeError);
    expect(() => makeCovariance({ kind: "toep" as "us", hom: false }, 2)).toThrow(/toep/);
    expect(() => diagonal(0)).toThrow(/at least one column/);
  });
});

describe("rePCA", () => {
  const term = (group: string, cov: CovarianceStructure, names: string[]) => ({ group, q: cov.q, names, cov });
  it("sdev are the singular values of T; proportions sum to 1", () => {
    const cov = makeCovariance({ kind: "us", hom: false }, 2);
    // T = [3 0; 4 0]: rank one, singular values 5 and 0.
    const [pc] = rePCA({ input: { terms: [term("g", cov, ["(Intercept)", "x"])] }, theta: [3, 4, 0] });
    expect(pc.group).toBe("g");
    expect(pc.sdev[0]).toBeCloseTo(5, 13);
    expect(pc.sdev[1]).toBeCloseTo(0, 13);
    expect([...pc.proportion]).toEqual([1, 0]);
    expect(pc.cumulative[1]).toBeCloseTo(1, 14);
    // The first rotation column is the direction of T's range, ±(3, 4)/5.
    expect(Math.abs(pc.rotation[0])).toBeCloseTo(0.6, 13);
    expect(Math.abs(pc.rotation[1])).toBeCloseTo(0.8, 13);
  });
  it("matches the eigenvalues of T Tᵀ for a cs term and combines terms of one grouping factor", () => {
    const q = 4, rho = 0.3, s = 1.5;
    const cs = compoundSymmetry(q, true);
    const d = diagonal(1);
    const pcs = rePCA({
      input: { terms: [term("g", cs, ["a", "b", "c", "d"]), term("h", d, ["(Intercept)"]), term("g", d, ["(Intercept)"])] },
      theta: [s, rho, 0.5, 2.5],
    });
    expect(pcs.map((p) => p.group)).toEqual(["g", "h"]);
    const g = pcs[0];
    expect(g.names).toEqual(["a", "b", "c", "d", "(Intercept)"]);
    // Eigenvalues of s² R: s²(1 + (q−1)ρ) once, s²(1 − ρ) (q−1 times); plus 2.5² from the second g term.
    const want = [2.5, s * Math.sqrt(1 + (q - 1) * rho), s * Math.sqrt(1 - rho), s * Math.sqrt(1 - rho), s * Math.sqrt(1 - rho)];
    want.forEach((w, k) => expect(g.sdev[k]).toBeCloseTo(w, 12));
    const tot = want.reduce((a, v) => a + v * v, 0);
    expect(g.proportion[0]).toBeCloseTo(6.25 / tot, 13);
    expect(pcs[1].sdev[0]).toBeCloseTo(0.5, 14);
    expect(pcs[1].proportion[0]).toBe(1);
  });
  it("rejects a θ of the wrong length", () => {
    expect(() => rePCA({ input: { terms: [term("g", diagonal(2), ["a", "b"])] }, theta: [1] })).toThrow(/theta has 1 values/);
  });
});
