/**
 * Correctly rounded sums (Ogita–Rump–Oishi Sum2: Knuth's TwoSum for the running sum, the rounding
 * errors added into a second word, rounded once): the exact sum rounded to nearest unless it lies
 * within about n²ε² Σ|x| of a rounding boundary. Used where a parameter learned from the data
 * must not depend on the row order: the same number as a database engine's exact sum
 * (sources/exactsum.ts), so a fit from a database equals the in-memory fit.
 */

/** Σ_{i<n} f(i), correctly rounded (see the module comment). */
export function accurateSum(n: number, f: (i: number) => number): number {
  let hi = 0, lo = 0;
  for (let i = 0; i < n; i++) {
    const v = f(i), s = hi + v, bp = s - hi;
    lo += hi - (s - bp) + (v - bp);
    hi = s;
  }
  return hi + lo;
}
