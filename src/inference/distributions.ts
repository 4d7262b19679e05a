/**
 * Distribution functions for multiple comparisons: Student's t quantiles and the studentized range
 * (Tukey's HSD).
 *
 * Studentized range of k means with ν df (R's `ptukey(q, k, ν)`):
 *   P(Q ≤ q) = ∫₀^∞ P(W ≤ q s) f_ν(s) ds,   P(W ≤ w) = k ∫ φ(z) [Φ(z) − Φ(z − w)]^{k−1} dz,
 * with W the range of k standard normals and s = √(χ²_ν/ν), whose density is
 * f_ν(s) = ν^{ν/2} s^{ν−1} e^{−νs²/2} / (Γ(ν/2) 2^{ν/2−1}). Both integrals use composite 16-point
 * Gauss–Legendre rules (inner over z on unit-width panels across [−8.5, 8.5], where φ(z) lives;
 * outer over u = log s across the region where the log-density is within 50 of its maximum), which
 * agree with R's ptukey to ~1e-9 over the ranges used for p-values (tests). ν = ∞ gives the range
 * distribution itself.
 */
import { pnorm, lgamma, qnorm } from "../glmm/family/special.js";
import { ptTwoSided } from "./ddf.js";

// 16-point Gauss–Legendre nodes and weights on [−1, 1] (positive half).
const GL_X = [0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003, 0.8656312023878318, 0.9445750230732326, 0.9894009349916499];
const GL_W = [0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339, 0.0951585116824928, 0.0622535239386479, 0.0271524594117541];

/** ∫_a^b f by composite 16-point Gauss–Legendre on `panels` equal panels. */
function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let s = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h, half = h / 2;
    for (let i = 0; i < 8; i++) s += GL_W[i] * (f(mid - half * GL_X[i]) + f(mid + half * GL_X[i])) * half;
  }
  return s;
}

/** The inner rule's nodes on [−8.5, 8.5] (17 unit panels): z, weight, e^{−z²/2} and Φ(z), made once. */
let rangeNodes: { z: Float64Array; wt: Float64Array; phi: Float64Array; cdf: Float64Array } | null = null;
function innerNodes() {
  if (rangeNodes) return rangeNodes;
  const m = 17 * 16, z = new Float64Array(m), wt = new Float64Array(m), phi = new Float64Array(m), cdf = new Float64Array(m);
  let t = 0;
  for (let p = 0; p < 17; p++)
    for (let i = 0; i < 8; i++)
      for (const sgn of [-1, 1]) {
        z[t] = -8.5 + p + 0.5 + sgn * 0.5 * GL_X[i];
        wt[t] = 0.5 * GL_W[i];
        phi[t] = Math.exp(-0.5 * z[t] * z[t]);
        cdf[t++] = pnorm(z[t - 1]);
      }
  return (rangeNodes = { z, wt, phi, cdf });
}

/**
 * P(W ≤ w) for the range W of k independent standard normals. The integrand carries φ(z), below
 * 1e−16 outside [−8.5, 8.5], so the rule covers that interval only whatever w; e^{−z²/2} and Φ(z)
 * at its nodes are computed once (only Φ(z − w) depends on w).
 */
export function prange(w: number, k: number): number {
  if (!(w > 0)) return 0;
  if (w > 17) return 1; // Φ(z − w) < Φ(−8.5) ≈ 1e−17 at every node: the rule gives 1 up to rounding
  const { z, wt, phi, cdf } = innerNodes();
  // d ≤ Φ(z), so nodes with φ(z)Φ(z)^{k−1} < 1e−25 (the left tail, for k ≥ 3) add nothing.
  let first = 0;
  while (first < z.length && phi[first] * cdf[first] ** (k - 1) < 1e-25) first++;
  let s = 0;
  const m = k - 1;
  for (let t = first; t < z.length; t++) {
    const d = cdf[t] - pnorm(z[t] - w);
    if (d > 0) s += wt[t] * phi[t] * powInt(d, m);
  }
  const v = (k / Math.sqrt(2 * Math.PI)) * s;
  return Math.min(1, Math.max(0, v));
}

/** d^m for an integer m ≥ 0 by repeated squaring (Math.pow is several times slower in this loop). */
function powInt(d: number, m: number): number {
  if (!Number.isInteger(m) || m < 0 || m > 1e6) return d ** m;
  let r = 1, b = d;
  while (m > 0) { if (m & 1) r *= b; b *= b; m >>= 1; }
  return r;
}

/** P(Q > q) for the studentized range of k means with df ν (upper tail; R's ptukey(lower = FALSE)). */
export function ptukeyUpper(q: number, k: number, df: number): number {
  if (!(q > 0)) return 1;
  if (k < 2) return NaN;
  if (!Number.isFinite(df) || df > 1e6) return 1 - prange(q, k);
  const nu = df;
  const logC = (nu / 2) * Math.log(nu) - lgamma(nu / 2) - (nu / 2 - 1) * Math.LN2;
  // density of u = log s: f_ν(e^u) e^u
  const logg = (u: number) => logC + nu * u - (nu * Math.exp(2 * u)) / 2;
  const umax = 0; // the mode of g is at u = 0 for every ν
  const gmax = logg(umax);
  let lo = -1, hi = 1;
  while (logg(lo) > gmax - 50) lo *= 1.5;
  while (logg(hi) > gmax - 50) hi *= 1.5;
  // Nodes where the density is below e^−50 of its maximum contribute < 1e−20: prange is skipped
  // there (for large ν most of the fixed panels lie in that region).
  const f = (u: number) => { const lg = logg(u); return lg < gmax - 50 ? 0 : (1 - prange(q * Math.exp(u), k)) * Math.exp(lg); };
  const panels = Math.max(8, Math.ceil((hi - lo) / 0.5));
  return Math.min(1, Math.max(0, gaussLegendre(f, lo, hi, panels)));
}

/** The upper-tail t quantile: t with P(T_ν > t) = p (0 < p < 1); ν = ∞ gives the normal quantile. */
export function qtUpper(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return NaN;
  if (!Number.isFinite(df) || df > 1e7) return -qnorm(p);
  if (p > 0.5) return -qtUpper(1 - p, df);
  let lo = 0, hi = 1;
  while (ptTwoSided(hi, df) / 2 > p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (ptTwoSided(mid, df) / 2 > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
