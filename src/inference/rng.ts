/**
 * Seeded random numbers for simulation and the parametric bootstrap: the 32-bit Mersenne
 * Twister (`mt19937.ts`; 53-bit uniforms from two 32-bit draws), standard
 * normals by inversion (Φ⁻¹(U), the same variate generator the GLMM families use).
 *
 * Streams: replicate i of a run with seed s draws from its own generator, initialized with the
 * seed array [s, i + 1] (MT19937's init_by_array), so a replicate's values depend only on
 * (s, i): not on how many replicates run, in which order, or on how many worker threads. The
 * streams do not reproduce R's `set.seed` streams.
 */
import { mt19937 } from "./mt19937.js";
import { rnorm } from "../glmm/family/index.js";
import { badSeed } from "../messages/profile.js";

/** A seeded generator: uniforms on [0, 1) and standard normals. */
export interface Rng {
  /** Uniform on [0, 1) with 53-bit resolution. */
  readonly uniform: () => number;
  /** Standard normal N(0, 1). */
  readonly normal: () => number;
}

/** Checks a user seed: a whole number in [0, 2³² − 1]. */
export function checkSeed(seed: number): number {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw badSeed(seed);
  return seed;
}

/** A fresh seed when the user gave none (reported back so the run can be repeated). */
export function randomSeed(): number {
  const c = (globalThis as { crypto?: { getRandomValues(a: Uint32Array): Uint32Array } }).crypto;
  if (c) return c.getRandomValues(new Uint32Array(1))[0];
  return Math.floor(Date.now() % 0xffffffff);
}

/** The generator of replicate `index` (0-based) of a run with `seed`. */
export function replicateRng(seed: number, index: number): Rng {
  const uniform = mt19937([checkSeed(seed), (index + 1) >>> 0]).res53;
  return { uniform, normal: () => rnorm(uniform) };
}
