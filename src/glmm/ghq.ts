/**
 * Gauss–Hermite quadrature for the standard normal density (lme4's `GHrule`): nodes z and
 * weights w with Σ w f(z) ≈ ∫ f(z) φ(z) dz, exact for polynomials of degree ≤ 2k − 1.
 *
 * Golub–Welsch: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix of the
 * probabilists' Hermite polynomials (zero diagonal, off-diagonal √1, √2, …, √(k−1)), found by an
 * implicit QL iteration. Each node is then polished by Newton's method on the orthonormal
 * Hermite polynomial p_k, and the weight is the Christoffel number w = 1/Σ_{j<k} p_j(z)², which
 * keeps full relative accuracy even for the tiny weights of the outer nodes (the classical
 * eigenvector formula only has absolute accuracy ~1e-16). Rules are made symmetric (z = 0 exactly
 * at the centre of odd rules) and normalised to Σ w = 1.
 */
import { ghqOrder } from "../messages/family.js";
import { LmeError } from "../messages/error.js";

/** A Gauss–Hermite rule: nodes z (ascending), weights w, and ldnorm = log φ(z). */
export interface GHRule {
  readonly z: Float64Array;
  readonly w: Float64Array;
  readonly ldnorm: Float64Array;
}

/** Largest order accepted (lme4 1.1-31's `GHrule` accepts 1–100). */
export const GH_MAX_ORDER = 100;

const LN_SQRT_2PI = 0.918938533204672741780329736406;

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal `diag` (length k) and
 * off-diagonal `off` (length k − 1), by the implicit QL method with Wilkinson-type shifts,
 * together with the first component of each normalised eigenvector. Returned in ascending
 * order. Inputs are not modified. Throws LmeError("numeric") if an eigenvalue needs more than
 * 60 iterations (does not happen for Jacobi matrices).
 */
export function symTridiagEigen(diag: Float64Array, off: Float64Array): { values: Float64Array; firstRow: Float64Array } {
  const n = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(n); // e[i] couples i and i+1; e[n-1] = 0
  for (let i = 0; i < n - 1; i++) e[i] = off[i]!;
  const z = new Float64Array(n); // first row of the eigenvector matrix, starts as e_1
  if (n > 0) z[0] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      // find a negligible off-diagonal element at or after l
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new LmeError("numeric", "tridiagonal eigenvalue iteration did not converge (Gauss–Hermite rule)");
      // shift from the leading 2×2 block
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: split the matrix here and restart
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // apply the plane rotation to columns i, i+1 of the (first row of the) eigenvector matrix
        const zf = z[i + 1]!;
        z[i + 1] = s * z[i]! + c * zf;
        z[i] = c * z[i]! - s * zf;
      }
      if (deflated) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  return {
    values: Float64Array.from(order, (i) => d[i]!),
    firstRow: Float64Array.from(order, (i) => z[i]!),
  };
}

/** Orthonormal probabilists' Hermite polynomials at x: returns [p_k(x), p_k'(x), Σ_{j<k} p_j(x)²]. */
function hermiteOrthonormal(k: number, x: number): [number, number, number] {
  let pPrev = 0;
  let p = 1; // p_0
  let dPrev = 0;
  let dp = 0;
  let sumSq = 0;
  for (let j = 0; j < k; j++) {
    sumSq += p * p;
    // √(j+1) p_{j+1} = x p_j − √j p_{j−1}
    const a = Math.sqrt(j + 1);
    const b = Math.sqrt(j);
    const pNext = (x * p - b * pPrev) / a;
    const dNext = (p + x * dp - b * dPrev) / a;
    pPrev = p;
    p = pNext;
    dPrev = dp;
    dp = dNext;
  }
  return [p, dp, sumSq];
}

function computeRule(k: number): GHRule {
  const diag = new Float64Array(k);
  const off = new Float64Array(Math.max(0, k - 1));
  for (let i = 0; i < k - 1; i++) off[i] = Math.sqrt(i + 1);
  const { values } = symTridiagEigen(diag, off);
  const z = Float64Array.from(values);
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let x = z[i]!;
    for (let it = 0; it < 3; it++) {
      const [pk, dpk] = hermiteOrthonormal(k, x);
      if (dpk === 0) break;
      const step = pk / dpk;
      x -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    z[i] = x;
    w[i] = 1 / hermiteOrthonormal(k, x)[2];
  }
  // symmetrise: z(k−1−i) = −z(i), equal weights, exact 0 in the middle of odd rules
  for (let i = 0; i < Math.floor(k / 2); i++) {
    const j = k - 1 - i;
    const zz = (z[j]! - z[i]!) / 2;
    const ww = (w[i]! + w[j]!) / 2;
    z[i] = -zz;
    z[j] = zz;
    w[i] = ww;
    w[j] = ww;
  }
  if (k % 2 === 1) z[(k - 1) / 2] = 0;
  let sw = 0;
  for (let i = 0; i < k; i++) sw += w[i]!;
  for (let i = 0; i < k; i++) w[i] = w[i]! / sw;
  const ldnorm = Float64Array.from(z, (v) => -0.5 * v * v - LN_SQRT_2PI);
  return { z, w, ldnorm };
}

const cache = new Map<number, GHRule>();

/**
 * The k-point Gauss–Hermite rule for ∫ f(z) φ(z) dz, k = 1 … 100 (lme4's `GHrule(k)`; glmer's
 * nAGQ). Rules are computed once and cached; each call returns fresh copies of the arrays.
 * Throws LmeError("usage") for k outside 1 … 100 or not an integer.
 */
export function ghRule(k: number): GHRule {
  if (!Number.isInteger(k) || k < 1 || k > GH_MAX_ORDER) throw ghqOrder(k, GH_MAX_ORDER);
  let rule = cache.get(k);
  if (!rule) {
    rule = computeRule(k);
    cache.set(k, rule);
  }
  return { z: Float64Array.from(rule.z), w: Float64Array.from(rule.w), ldnorm: Float64Array.from(rule.ldnorm) };
}
