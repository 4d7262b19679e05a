/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto & Nishimura 1998, the reference `mt19937ar.c`
 * of 2002): `init_genrand`, `init_by_array`, `genrand_int32` and `genrand_res53` (a uniform on
 * [0, 1) with 53-bit resolution from two 32-bit draws: (a >>> 5) · 2²⁶ + (b >>> 6), over 2⁵³).
 * Bit-for-bit the generator lme4ts used from @stdlib/random-base-mt19937 (same seeding, same
 * res53; an array seed of length 1 is taken as the integer seed, as stdlib does), written out
 * here so that fitting needs no run-time dependency. The tests compare it with the reference
 * output of mt19937ar.c and with stdlib's stream (a dev dependency).
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** A seeded MT19937 stream. */
export interface Mt19937 {
  /** The next 32-bit unsigned integer (`genrand_int32`). */
  readonly int32: () => number;
  /** The next uniform on [0, 1) with 53-bit resolution (`genrand_res53`). */
  readonly res53: () => number;
}

function initGenrand(mt: Uint32Array, s: number): void {
  mt[0] = s >>> 0;
  for (let i = 1; i < N; i++) {
    const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = (Math.imul(p, 1812433253) + i) >>> 0;
  }
}

function initByArray(mt: Uint32Array, key: readonly number[]): void {
  initGenrand(mt, 19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k > 0; k--) {
    const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(p, 1664525)) + (key[j] >>> 0) + j) >>> 0;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1];
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(p, 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1];
      i = 1;
    }
  }
  mt[0] = 0x80000000; // MSB is 1: a non-zero initial state
}

function twist(mt: Uint32Array): void {
  let y: number;
  let kk = 0;
  for (; kk < N - M; kk++) {
    y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
    mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; kk < N - 1; kk++) {
    y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
    mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
  mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}

/**
 * An MT19937 stream seeded with a 32-bit integer (`init_genrand`) or an array of 32-bit
 * integers (`init_by_array`; a one-element array counts as its integer, as in stdlib).
 * Seeds are taken modulo 2³² (`>>> 0`); callers validate them.
 */
export function mt19937(seed: number | readonly number[]): Mt19937 {
  const mt = new Uint32Array(N);
  if (typeof seed === "number") initGenrand(mt, seed);
  else if (seed.length === 1) initGenrand(mt, seed[0]);
  else initByArray(mt, seed);
  let mti = N;
  const int32 = (): number => {
    if (mti >= N) {
      twist(mt);
      mti = 0;
    }
    let y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  const res53 = (): number => {
    const a = int32() >>> 5;
    const b = int32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };
  return { int32, res53 };
}
