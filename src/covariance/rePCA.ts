/**
 * rePCA: principal components of the random-effects relative covariance, per grouping factor
 * (lme4's `rePCA`). Used to judge whether a random-effects structure is over-parameterized:
 * components with (near) zero standard deviation are directions the data do not support.
 */
import type { CovarianceStructure } from "./types.js";
import { thetaLengthMismatch } from "../messages/covariance.js";
import { requireShape } from "../model/args.js";

/** The parts of a random-effects term rePCA needs (a `ReTerm` satisfies it). */
export interface RePCATerm {
  readonly group: string;
  readonly q: number;
  readonly names: readonly string[];
  readonly cov: CovarianceStructure;
}

/** Anything with the model's terms and its concatenated θ (a fitted `LmerMod` satisfies it). */
export interface RePCAModel {
  readonly input: { readonly terms: readonly RePCATerm[] };
  readonly theta: ArrayLike<number>;
}

/** One grouping factor's components (lme4: one `prcomp` object per grouping factor). */
export interface RePCA {
  /** Grouping factor name; terms with the same name are combined (block diagonal T). */
  readonly group: string;
  /** Column names of the combined terms, in term order. */
  readonly names: readonly string[];
  /** Standard deviations of the components relative to σ: singular values of T, decreasing. */
  readonly sdev: Float64Array;
  /** Proportion of variance sdev_k² / Σ sdev² (NaN when all are zero). Unrounded; R rounds to 5 digits in print. */
  readonly proportion: Float64Array;
  /** Cumulative proportion. */
  readonly cumulative: Float64Array;
  /** Left singular vectors of T (m×m column-major, column k belongs to sdev[k]); signs are arbitrary. */
  readonly rotation: Float64Array;
}

/**
 * For each grouping factor (in order of first appearance among the terms), the singular value
 * decomposition T = U D Vᵀ of its relative covariance factor (the block-diagonal combination of
 * the T of all its terms): `sdev` = diag(D), so Σ/σ² = T Tᵀ = U D² Uᵀ and sdev² are the
 * eigenvalues of the relative covariance. `summary(rePCA(m))` in R shows sdev, proportion and
 * cumulative. The SVD is one-sided Jacobi on Tᵀ (accurate for tiny singular values).
 */
export function rePCA(model: RePCAModel): RePCA[] {
  requireShape("rePCA", model, "a model fitted by lmer() or glmer()", ["input", "theta"]);
  const terms = model.input.terms;
  const want = terms.reduce((s, t) => s + t.cov.nTheta, 0);
  if (model.theta.length !== want) throw thetaLengthMismatch(model.theta.length, want);
  const Ts: Float64Array[] = [];
  let off = 0;
  for (const t of terms) {
    const th = new Float64Array(t.cov.nTheta);
    for (let i = 0; i < th.length; i++) th[i] = model.theta[off + i];
    off += th.length;
    const T = new Float64Array(t.q * t.q);
    t.cov.lambda(th, T);
    Ts.push(T);
  }
  const groups = [...new Set(terms.map((t) => t.group))];
  return groups.map((g) => {
    const idx = terms.map((t, k) => (t.group === g ? k : -1)).filter((k) => k >= 0);
    const m = idx.reduce((s, k) => s + terms[k].q, 0);
    // A = Tᵀ of the block-diagonal T.
    const A = new Float64Array(m * m);
    const names: string[] = [];
    let o = 0;
    for (const k of idx) {
      const q = terms[k].q, T = Ts[k];
      for (let j = 0; j < q; j++) for (let i = 0; i < q; i++) A[o + j + (o + i) * m] = T[i + j * q];
      names.push(...terms[k].names);
      o += q;
    }
    const { sv, V } = jacobiSvd(A, m);
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => sv[b] - sv[a]);
    const sdev = Float64Array.from(order, (i) => sv[i]);
    const rotation = new Float64Array(m * m);
    order.forEach((src, k) => rotation.set(V.subarray(src * m, src * m + m), k * m));
    const total = sdev.reduce((s, v) => s + v * v, 0);
    const proportion = Float64Array.from(sdev, (v) => (v * v) / total);
    const cumulative = new Float64Array(m);
    let c = 0;
    for (let k = 0; k < m; k++) cumulative[k] = c += proportion[k];
    return { group: g, names, sdev, proportion, cumulative, rotation };
  });
}

/**
 * One-sided (Hestenes) Jacobi SVD of a square m×m matrix A (column-major, overwritten):
 * right rotations V orthogonalize the columns, A V = U D; returns the column norms D and V.
 */
function jacobiSvd(A: Float64Array, m: number): { sv: Float64Array; V: Float64Array } {
  const V = new Float64Array(m * m);
  for (let i = 0; i < m; i++) V[i + i * m] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < m - 1; p++)
      for (let r = p + 1; r < m; r++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = A[i + p * m], y = A[i + r * m];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (const M of [A, V])
          for (let i = 0; i < m; i++) {
            const x = M[i + p * m], y = M[i + r * m];
            M[i + p * m] = c * x - s * y;
            M[i + r * m] = s * x + c * y;
          }
      }
    if (!rotated) break;
  }
  const sv = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i + j * m] ** 2;
    sv[j] = Math.sqrt(s);
  }
  return { sv, V };
}
