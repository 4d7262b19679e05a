/**
 * Special functions for the GLM families, written to agree with R's `nmath` library to about
 * 1e-15 relative accuracy: log-gamma, the standard normal / logistic / Cauchy distribution
 * functions, and R's rounding conventions. Written for lme4ts (not translated from R's C code).
 */

/** log(sqrt(2π)). */
export const LN_SQRT_2PI = 0.918938533204672741780329736406;
/** 1/sqrt(2π). */
export const INV_SQRT_2PI = 0.398942280401432677939946059934;
/** Machine epsilon (R's `.Machine$double.eps`, C's DBL_EPSILON). */
export const DBL_EPSILON = Number.EPSILON;
/** Smallest positive normal double (C's DBL_MIN). */
export const DBL_MIN = 2.2250738585072014e-308;

// Coefficients of Stirling's series for log Γ: B_{2k} / (2k (2k-1)), k = 1..8.
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];

/** Stirling's correction log Γ(x) − [(x − ½) log x − x + log √(2π)] for x ≥ 15 (error < 1e-19). */
export function stirlingTail(x: number): number {
  const r = 1 / (x * x);
  let s = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r + STIRLING[k]!;
  return s / x;
}

/**
 * log |Γ(x)| (R's `lgamma`). For x ≥ 15 Stirling's series with 8 correction terms; for
 * 0 < x < 15 the recurrence Γ(x) = Γ(x + k) / (x (x+1) ⋯ (x+k−1)); for x < 0 the reflection
 * formula. Absolute error about 1e-15 (relative error 1e-16 for large x). Returns +Inf at
 * 0, −1, −2, ….
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0) {
    // Γ(x) Γ(1−x) = π / sin(πx)
    const s = Math.abs(Math.sin(Math.PI * (x - 2 * Math.floor(x / 2))));
    return Math.log(Math.PI / s) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x < 1e-300) return -Math.log(x);
  let z = x;
  let prod = 1;
  while (z < 15) {
    prod *= z;
    z += 1;
  }
  const val = (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingTail(z);
  return prod === 1 ? val : val - Math.log(prod);
}

/** log(n!) = lgamma(n + 1). */
export function lfactorial(n: number): number {
  return lgamma(n + 1);
}

/**
 * Round half to even (C's `nearbyint` in the default rounding mode; R's `round(x)` and
 * `R_forceint`). Math.round would round 2.5 up to 3; R gives 2.
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** R's `R_nonint(x)`: is x further than 1e-7·max(1, |x|) from the nearest integer? */
export function isNonInteger(x: number): boolean {
  return Math.abs(x - roundHalfEven(x)) > 1e-7 * Math.max(1, Math.abs(x));
}

// Cody (1969/1993) rational Chebyshev approximations for the normal distribution function, as
// used by R's pnorm: |x| ≤ 0.66291, 0.66291 < |x| ≤ √32, √32 < |x|.
const PA = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const PB = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const PC = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8,
];
const PD = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const PP = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const PQ = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** exp(−x²/2) computed as exp(−xs²/2)·exp(−(x−xs)(x+xs)/2) with xs = x rounded to 1/16 (less cancellation). */
function expHalfSquare(x: number): number {
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-xs * xs * 0.5) * Math.exp(-del * 0.5);
}

/**
 * Standard normal distribution function Φ(x) (R's `pnorm(x)`), or the upper tail 1 − Φ(x) when
 * `upper` is true, computed directly so that tails keep full relative accuracy.
 */
export function pnorm(x: number, upper = false): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let lowerTailOfAbs: number; // Φ(−|x|)
  if (y <= 0.66291) {
    const xsq = y > DBL_EPSILON * 0.5 ? x * x : 0;
    let num = PA[4]! * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + PA[i]!) * xsq;
      den = (den + PB[i]!) * xsq;
    }
    const t = (x * (num + PA[3]!)) / (den + PB[3]!);
    return upper ? 0.5 - t : 0.5 + t;
  } else if (y <= Math.SQRT2 * 4) {
    let num = PC[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + PC[i]!) * y;
      den = (den + PD[i]!) * y;
    }
    lowerTailOfAbs = (expHalfSquare(y) * (num + PC[7]!)) / (den + PD[7]!);
  } else if (y < 38.5) {
    const xsq = 1 / (x * x);
    let num = PP[5]! * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + PP[i]!) * xsq;
      den = (den + PQ[i]!) * xsq;
    }
    const r = (xsq * (num + PP[4]!)) / (den + PQ[4]!);
    lowerTailOfAbs = (expHalfSquare(y) * (INV_SQRT_2PI - r)) / y;
  } else {
    lowerTailOfAbs = 0;
  }
  if (lowerTailOfAbs < DBL_MIN) lowerTailOfAbs = 0;
  // Φ(x) = Φ(−|x|) when x ≤ 0, else 1 − Φ(−|x|)
  const wantSmall = upper ? x > 0 : x <= 0;
  return wantSmall ? lowerTailOfAbs : 1 - lowerTailOfAbs;
}

/**
 * Standard normal density φ(x) = exp(−x²/2)/√(2π) (R's `dnorm(x)`); for |x| ≥ 5 the square is
 * split to keep relative accuracy, as R does.
 */
export function dnorm(x: number): number {
  const y = Math.abs(x);
  if (y < 5) return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  if (y > 38.6) return 0;
  const y1 = Math.round(y * 65536) / 65536;
  const y2 = y - y1;
  return INV_SQRT_2PI * (Math.exp(-0.5 * y1 * y1) * Math.exp((-0.5 * y2 - y1) * y2));
}

/**
 * Standard normal quantile Φ⁻¹(p) (R's `qnorm(p)`). A starting value from Abramowitz & Stegun
 * 26.2.23 (error < 4.5e-4) is refined by Halley steps on Φ(x) − p using the accurate `pnorm`
 * (the tail is solved in the small tail probability, so relative accuracy holds down to
 * p = DBL_MIN). Returns ∓Inf at 0 and 1, NaN outside [0, 1].
 */
export function qnorm(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lowerHalf = p < 0.5;
  const q = lowerHalf ? p : 1 - p; // tail probability, x = −|x| side
  // For p > 0.5 use the complement exactly when it is representable; 1 − p is exact for p ≥ 0.5.
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let it = 0; it < 6; it++) {
    const d = dnorm(x);
    if (d === 0) break;
    const e = (pnorm(x) - q) / d;
    const step = e / (1 + (x * e) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
  }
  return lowerHalf ? x : -x;
}

/** Logistic distribution function 1/(1 + e^(−x)) (R's `plogis(x)`). */
export function plogis(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Logistic density e^(−|x|)/(1 + e^(−|x|))² (R's `dlogis(x)`). */
export function dlogis(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const f = 1 + e;
  return e / (f * f);
}

/** Logistic quantile log(p/(1 − p)) (R's `qlogis(p)`); ∓Inf at 0 and 1, NaN outside [0, 1]. */
export function qlogis(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  return Math.log(p / (1 - p));
}

/** Standard Cauchy distribution function (R's `pcauchy(x)`), accurate in both tails. */
export function pcauchy(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) > 1) {
    const y = Math.atan(1 / x) / Math.PI;
    return x > 0 ? 1 - y : -y;
  }
  return 0.5 + Math.atan(x) / Math.PI;
}

/** Standard Cauchy density 1/(π(1 + x²)) (R's `dcauchy(x)`). */
export function dcauchy(x: number): number {
  return 1 / (Math.PI * (1 + x * x));
}

/** Standard Cauchy quantile (R's `qcauchy(p)`): −1/tan(πp) for p < ½, symmetric above. */
export function qcauchy(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return 1 / Math.tan(Math.PI * (1 - p));
  return -1 / Math.tan(Math.PI * p);
}

/**
 * ψ(x) = d log Γ(x) / dx for x > 0 (R's `digamma`): the recurrence ψ(x) = ψ(x + 1) − 1/x up to
 * x ≥ 10, then the asymptotic series log x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (6 terms); absolute error
 * below 1e-15. NaN for x ≤ 0 (not needed by the families here).
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let acc = 0;
  while (x < 10) { acc -= 1 / x; x += 1; }
  const r = 1 / (x * x);
  const tail = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760))))));
  return acc + Math.log(x) - 0.5 / x - tail;
}

/**
 * ψ′(x) (R's `trigamma`) for x > 0: the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 10, then
 * 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹ (6 terms); relative error below 1e-15. NaN for x ≤ 0.
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return 0;
  let acc = 0;
  while (x < 10) { acc += 1 / (x * x); x += 1; }
  const r = 1 / (x * x);
  const tail = (1 / x) * r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730))))));
  return acc + 1 / x + r / 2 + tail;
}
