import type { CovarianceStructure } from "./types.js";

/**
 * Unstructured covariance (plain `(x | g)`): θ holds the lower triangle of T column by column,
 * T = [θ1 0; θ2 θ3] for q = 2, with lower bound 0 on the diagonal elements (lme4's `Lind`
 * order). q(q+1)/2 parameters. Σ/σ² = T Tᵀ is any positive semi-definite matrix.
 */
export function unstructured(q: number): CovarianceStructure {
  const nTheta = (q * (q + 1)) / 2;
  const lower = new Float64Array(nTheta).fill(-Infinity);
  const upper = new Float64Array(nTheta).fill(Infinity);
  const diagIdx: number[] = [];
  let k = 0;
  for (let j = 0; j < q; j++) {
    for (let i = j; i < q; i++, k++) if (i === j) { lower[k] = 0; diagIdx.push(k); }
  }
  return {
    kind: "us",
    q,
    nTheta,
    lower,
    upper,
    initialTheta() {
      const t = new Float64Array(nTheta);
      for (const d of diagIdx) t[d] = 1;
      return t;
    },
    lambda(theta, out) {
      out.fill(0, 0, q * q);
      let m = 0;
      for (let j = 0; j < q; j++) for (let i = j; i < q; i++) out[i + j * q] = theta[m++];
    },
    thetaNames(group, names) {
      const r: string[] = [];
      for (let j = 0; j < q; j++)
        for (let i = j; i < q; i++) r.push(i === j ? `${group}.${names[i]}` : `${group}.${names[i]}.${names[j]}`);
      return r;
    },
    isSingular(theta, tol) {
      return diagIdx.some((d) => theta[d] < tol);
    },
  };
}
