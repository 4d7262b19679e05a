/** Helpers shared by tests in several folders. */
import { LmeError } from "../src/messages/error.js";

/** mulberry32: a small seeded generator of uniforms in [0, 1) (one copy, shared with bench/fuzz.mjs). */
export { mulberry32 } from "../bench/fuzz-gen.mjs";

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

/** The error fn throws when it is not an LmeError; null when fn returns or throws an LmeError (fuzz tests). */
export function nonLmeError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e instanceof LmeError ? null : e;
  }
  return null;
}
