/**
 * The standard-deviation / correlation scale of the variance parameters (lme4's `Cv_to_Sv` /
 * `Sv_to_Cv` and `tnames(oldNames = FALSE)`), the scale of profiles, intervals and bootstrap
 * statistics.
 *
 * Per term with relative factor T (Σ = s² T Tᵀ; s = σ for LMMs, 1 for GLMMs):
 * - `us` (plain `(x | g)`): the lower triangle of [sd on the diagonal, correlations below],
 *   column by column (θ's order): `sd_(Intercept)|Subject`, `cor_Days.(Intercept)|Subject`,
 *   `sd_Days|Subject`. Back to θ: T = chol(D R D / s²) (a zero pivot gives a zero column, so
 *   boundary values are allowed; an indefinite R gives no θ).
 * - `diag`: the sds (`sd_x|g`; homogeneous: one `sd|g`), θ = sd / s.
 * - `cs`, `ar1`: the sds and the correlation parameter ρ (`rho_cs|g`, `rho_ar1|g`), θ = (sd/s, ρ).
 * For LMMs `sigma` (σ) follows the variance parameters; for GLMMs with a scale parameter
 * (Gamma, ...) `sigma` is appended but the sds are not scaled by it (lme4's convention).
 */
import type { ReTerm } from "../model/random.js";

export interface SdCorLayout {
  /** Names of the variance parameters (+ "sigma" when `useSc`). */
  readonly names: readonly string[];
  /** Bounds on the sd/cor scale: sds [0, ∞), correlations [−1, 1] (cs: its PSD range), σ [0, ∞). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Number of θ parameters. */
  readonly nTheta: number;
  /** σ is the last parameter and scales the sds (LMMs). */
  readonly useSc: boolean;
  /** sd/cor (+ σ if useSc) from θ and σ. */
  fromTheta(theta: ArrayLike<number>, sigma: number): Float64Array;
  /** θ from sd/cor (+ σ last if useSc); false when the parameters give no valid θ. */
  toTheta(pars: ArrayLike<number>, out: Float64Array): boolean;
}

interface TermMap {
  readonly names: string[];
  readonly lower: number[];
  readonly upper: number[];
  from(theta: ArrayLike<number>, off: number, s: number, out: Float64Array): void;
  to(pars: ArrayLike<number>, off: number, s: number, out: Float64Array): boolean;
}

function usMap(t: ReTerm): TermMap {
  const q = t.q, names: string[] = [], lower: number[] = [], upper: number[] = [];
  for (let j = 0; j < q; j++)
    for (let i = j; i < q; i++) {
      names.push(i === j ? `sd_${t.names[i]}|${t.group}` : `cor_${t.names[i]}.${t.names[j]}|${t.group}`);
      lower.push(i === j ? 0 : -1);
      upper.push(i === j ? Infinity : 1);
    }
  const T = new Float64Array(q * q), S = new Float64Array(q * q), sd = new Float64Array(q);
  return {
    names, lower, upper,
    from(theta, off, s, out) {
      t.cov.lambda(Array.prototype.slice.call(theta, off, off + t.cov.nTheta), T);
      for (let i = 0; i < q; i++) {
        let v = 0;
        for (let k = 0; k <= i; k++) v += T[i + k * q] ** 2;
        sd[i] = Math.sqrt(v) * s;
      }
      let m = off;
      for (let j = 0; j < q; j++)
        for (let i = j; i < q; i++) {
          if (i === j) out[m++] = sd[i];
          else {
            let c = 0;
            for (let k = 0; k <= j; k++) c += T[i + k * q] * T[j + k * q];
            const d = (sd[i] * sd[j]) / (s * s);
            out[m++] = d > 0 ? c / d : 0;
          }
        }
    },
    to(pars, off, s, out) {
      // Σ/s² column-major, then a PSD-tolerant Cholesky.
      const p = new Float64Array(q * q);
      let m = off;
      for (let j = 0; j < q; j++) for (let i = j; i < q; i++) p[i + j * q] = pars[m++];
      for (let i = 0; i < q; i++) sd[i] = p[i + i * q] / s;
      for (let j = 0; j < q; j++)
        for (let i = j; i < q; i++) S[i + j * q] = i === j ? sd[i] * sd[i] : p[i + j * q] * sd[i] * sd[j];
      const tol = 1e-12;
      for (let j = 0; j < q; j++) {
        let d = S[j + j * q];
        for (let k = 0; k < j; k++) d -= S[j + k * q] ** 2;
        const scale = Math.max(sd[j] * sd[j], 1e-300);
        if (d < -tol * scale) return false;
        if (d <= tol * scale) {
          // Zero pivot: the column is zero if the rest of it is (semidefinite), else indefinite.
          for (let i = j; i < q; i++) {
            let v = S[i + j * q];
            for (let k = 0; k < j; k++) v -= S[i + k * q] * S[j + k * q];
            if (i > j && Math.abs(v) > 1e-8 * Math.sqrt(scale * Math.max(sd[i] * sd[i], 1e-300))) return false;
            S[i + j * q] = 0;
          }
          continue;
        }
        const ljj = Math.sqrt(d);
        S[j + j * q] = ljj;
        for (let i = j + 1; i < q; i++) {
          let v = S[i + j * q];
          for (let k = 0; k < j; k++) v -= S[i + k * q] * S[j + k * q];
          S[i + j * q] = v / ljj;
        }
      }
      m = off;
      for (let j = 0; j < q; j++) for (let i = j; i < q; i++) out[m++] = S[i + j * q];
      return true;
    },
  };
}

/** diag, cs, ar1: sds (θ/s) and, for cs/ar1 with q > 1, ρ unchanged. */
function sdRhoMap(t: ReTerm): TermMap {
  const nt = t.cov.nTheta, kind = t.cov.kind;
  const hasRho = (kind === "cs" || kind === "ar1") && t.q > 1;
  const nSd = hasRho ? nt - 1 : nt;
  const names: string[] = [], lower: number[] = [], upper: number[] = [];
  for (let i = 0; i < nSd; i++) {
    names.push(nSd === 1 && t.q > 1 ? `sd|${t.group}` : `sd_${t.names[i]}|${t.group}`);
    lower.push(0); upper.push(Infinity);
  }
  if (hasRho) { names.push(`rho_${kind}|${t.group}`); lower.push(t.cov.lower[nSd]); upper.push(t.cov.upper[nSd]); }
  return {
    names, lower, upper,
    from(theta, off, s, out) {
      for (let i = 0; i < nSd; i++) out[off + i] = theta[off + i] * s;
      if (hasRho) out[off + nSd] = theta[off + nSd];
    },
    to(pars, off, s, out) {
      for (let i = 0; i < nSd; i++) out[off + i] = pars[off + i] / s;
      if (hasRho) out[off + nSd] = pars[off + nSd];
      return true;
    },
  };
}

/**
 * The sd/cor layout of a model's terms. `useSc`: σ is a parameter that scales the sds (LMMs);
 * `appendSigma`: σ is appended without scaling (GLMMs with a dispersion parameter).
 */
export function sdcorLayout(terms: readonly ReTerm[], useSc: boolean, appendSigma = false): SdCorLayout {
  const maps = terms.map((t) => (t.cov.kind === "us" ? usMap(t) : sdRhoMap(t)));
  const names = maps.flatMap((m) => m.names), lower = maps.flatMap((m) => m.lower), upper = maps.flatMap((m) => m.upper);
  const nTheta = names.length;
  const withSigma = useSc || appendSigma;
  if (withSigma) { names.push("sigma"); lower.push(0); upper.push(Infinity); }
  const offs: number[] = [];
  let o = 0;
  for (const t of terms) { offs.push(o); o += t.cov.nTheta; }
  return {
    names, lower: Float64Array.from(lower), upper: Float64Array.from(upper), nTheta, useSc,
    fromTheta(theta, sigma) {
      const out = new Float64Array(names.length);
      const s = useSc ? sigma : 1;
      maps.forEach((m, k) => m.from(theta, offs[k], s, out));
      if (withSigma) out[nTheta] = sigma;
      return out;
    },
    toTheta(pars, out) {
      const s = useSc ? pars[nTheta] : 1;
      if (useSc && !(s > 0)) return false;
      return maps.every((m, k) => m.to(pars, offs[k], s, out));
    },
  };
}
