/**
 * Inlinable exponential and log1p for the GLMM hot loops (the per-observation μ and deviance
 * passes of PIRLS and adaptive Gauss–Hermite quadrature). V8's Math.exp / Math.log are calls into
 * C++ (about 12 and 9 ns here); these are plain arithmetic that TurboFan inlines (about 4 ns).
 *
 * Accuracy (tested in test/glmm/fastmath.test.ts): within 4 ulp of Math.exp / Math.log1p over
 * their domains. Domains are narrow on purpose: callers use them only where the argument is known
 * to be in range and fall back to Math.* elsewhere.
 */

/** TWO_J64[j] = 2^(j/64), j = 0..63. */
const TWO_J64 = new Float64Array(64);
/** TWO_INT[m + 64] = 2^m, m = −64..63. */
const TWO_INT = new Float64Array(128);
for (let j = 0; j < 64; j++) TWO_J64[j] = Math.pow(2, j / 64);
for (let m = -64; m < 64; m++) TWO_INT[m + 64] = Math.pow(2, m);

const INV_STEP = 64 / Math.LN2;
/**
 * ln2/64 split for Cody–Waite reduction (ln 2 = LN2_HI + LN2_LO with LN2_HI's low 32 bits zero, the
 * classic split): k·STEP_HI is exact for the |k| < 2^12 of the domain, and STEP_LO carries the
 * digits a plain double ln 2 loses (without it the error grows to ~15 ulp at |x| = 38).
 */
const STEP_HI = 6.93147180369123816490e-1 / 64;
const STEP_LO = 1.90821492927058770002e-10 / 64;

/** Largest |x| of `expSmall` (e^38 ≈ 3.2e16). */
export const EXP_SMALL_MAX = 38;

/**
 * e^x for |x| ≤ EXP_SMALL_MAX: x = k·ln2/64 + r with |r| ≤ ln2/128, k = 64m + j (0 ≤ j < 64),
 * e^x = 2^m · 2^(j/64) · e^r, e^r by its Taylor polynomial of degree 6 (truncation < 3e−20
 * relative). Outside the domain the result is meaningless (NaN or wrong).
 */
export function expSmall(x: number): number {
  // floor(t + 0.5) rather than Math.round: the same k here, and about twice as fast in V8
  const k = Math.floor(x * INV_STEP + 0.5);
  const r = x - k * STEP_HI - k * STEP_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const ki = k | 0;
  return p * TWO_J64[ki & 63]! * TWO_INT[(ki >> 6) + 64]!;
}

const SQRT2_M1 = Math.SQRT2 - 1;

/**
 * log(1 + e) for 0 ≤ e ≤ 1 (log1p on the unit interval): with f = e (e ≤ √2 − 1) or
 * f = (e − 1)/2 and ln 2 added (e > √2 − 1), log(1 + f) = 2 atanh(s), s = f/(2 + f), |s| ≤ 0.1716,
 * by the series 2s Σ s^(2i)/(2i + 1), i ≤ 9 (truncation < 3e−17 relative).
 */
export function log1pUnit(e: number): number {
  const hi = e > SQRT2_M1;
  const f = hi ? (e - 1) * 0.5 : e;
  const s = f / (2 + f), z = s * s;
  const q =
    1 + z * (1 / 3 + z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15 + z * (1 / 17 + z * (1 / 19)))))))));
  return (hi ? Math.LN2 : 0) + 2 * s * q;
}

