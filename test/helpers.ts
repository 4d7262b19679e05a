/** Helpers shared by tests in several folders. */
import { LmeError } from "../src/messages/error.js";

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The LmeError that fn throws; fails the test if it returns, rethrows any other error. */
export function lmeErrorOf(fn: () => unknown): LmeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LmeError) return e;
    throw e;
  }
  throw new Error("expected an LmeError");
}
