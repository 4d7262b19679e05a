/**
 * Correctly rounded sums (Ogita–Rump–Oishi Sum2: Knuth's TwoSum for the running sum, the rounding
 * errors added into a second word, rounded once): the exact sum rounded to nearest unless it lies
 * within about n²ε² Σ|x| of a rounding boundary. Used where a parameter learned from the data
 * must not depend on the row order: the same number as a database engine's exact sum
 * (sources/exactsum.ts), so a fit from a database equals the in-memory fit.
 */

/**
 * Running correctly rounded sums over the entries of an array: `hi` holds the running sums (the
 * caller's array, written in place), `lo` the accumulated rounding errors (Knuth's TwoSum per
 * addition); `round()` leaves fl(hi + lo) in `hi`.
 */
export class AccurateSums {
  readonly lo: Float64Array;
  constructor(readonly hi: Float64Array) {
    this.lo = new Float64Array(hi.length);
  }
  /** hi[i] + v, its rounding error added to lo[i]. */
  add(i: number, v: number): void {
    const a = this.hi[i]!, s = a + v, bp = s - a;
    this.lo[i]! += a - (s - bp) + (v - bp);
    this.hi[i] = s;
  }
  /** hi ← fl(hi + lo). */
  round(): void {
    for (let i = 0; i < this.hi.length; i++) this.hi[i] = this.hi[i]! + this.lo[i]!;
  }
}

/** Σ_{i<n} f(i), correctly rounded (see the module comment). */
export function accurateSum(n: number, f: (i: number) => number): number {
  const acc = new AccurateSums(new Float64Array(1));
  for (let i = 0; i < n; i++) acc.add(0, f(i));
  acc.round();
  return acc.hi[0]!;
}
