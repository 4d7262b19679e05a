/**
 * A memo of an objective's most recent values: the same θ evaluated again (the optimizer's best
 * point re-evaluated to settle the state, the boundary snap's final value, the derivative
 * stencil's centre) is answered from the memo instead of another pass over the model.
 */
import type { Objective } from "./types.js";

/** An objective that remembers its last `size` (default 8) points and values; `calls` counts real evaluations. */
export interface MemoObjective extends Objective {
  readonly calls: number;
}

/**
 * Wraps `f` (a pure function of x as far as its value goes) in a memo of the last `size`
 * points, matched exactly (bit for bit). Caveat: any state `f` leaves behind (a factor
 * workspace) is that of the last real evaluation, not of a remembered point.
 */
export function memoObjective(f: Objective, size = 8): MemoObjective {
  const xs: Float64Array[] = [], vs: number[] = [];
  let calls = 0;
  const g = ((x: Float64Array): number => {
    for (let k = xs.length - 1; k >= 0; k--) if (same(xs[k]!, x)) return vs[k]!;
    calls++;
    const v = f(x);
    xs.push(Float64Array.from(x)); vs.push(v);
    if (xs.length > size) { xs.shift(); vs.shift(); }
    return v;
  }) as MemoObjective;
  Object.defineProperty(g, "calls", { get: () => calls });
  return g;
}

function same(a: Float64Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
