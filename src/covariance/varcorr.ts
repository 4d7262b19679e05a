/**
 * VarCorr: standard deviations and correlations of one term, Σ = σ² T Tᵀ.
 */
export interface VarCorrBlock {
  /** Grouping factor name ("Subject"). */
  readonly group: string;
  /** Column names of the term ("(Intercept)", "Days"). */
  readonly names: readonly string[];
  /** Standard deviations, sqrt(diag Σ). */
  readonly sd: Float64Array;
  /** Correlation matrix (q×q, row-major nested arrays), null for q = 1. Undefined entries (a zero sd) are NaN. */
  readonly corr: number[][] | null;
  /** Covariance matrix Σ (q×q column-major). */
  readonly cov: Float64Array;
  /** Structure kind (for lme4 2.x-style printing). */
  readonly kind: string;
  /** One common variance (lme4 2.x's `hom`), for structured terms. */
  readonly hom?: boolean;
}

/** Computes Σ = scale² T Tᵀ and its sds/correlations from a q×q lower factor T (column-major). */
export function varCorrOf(group: string, names: readonly string[], T: Float64Array, q: number, scale: number, kind: string): VarCorrBlock {
  const cov = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += T[i + k * q] * T[j + k * q];
      cov[i + j * q] = cov[j + i * q] = s * scale * scale;
    }
  const sd = new Float64Array(q);
  for (let i = 0; i < q; i++) sd[i] = Math.sqrt(cov[i + i * q]);
  let corr: number[][] | null = null;
  if (q > 1) {
    corr = [];
    for (let i = 0; i < q; i++) {
      const row: number[] = [];
      for (let j = 0; j < q; j++) row.push(i === j ? 1 : cov[i + j * q] / (sd[i] * sd[j]));
      corr.push(row);
    }
  }
  return { group, names, sd, corr, cov, kind };
}
