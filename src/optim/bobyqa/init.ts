/**
 * The first quadratic model of BOBYQA (Powell's PRELIM for npt = 2n+1): f at xbase and at
 * xbase + a_i e_i, xbase + b_i e_i for every coordinate i. Along each coordinate the three values
 * fix a parabola, which gives the model's gradient and diagonal Hessian; the off-diagonal Hessian
 * starts at zero.
 *
 * Unlike Powell's code we never move the start point: the steps are chosen from the room to the
 * bounds — ±ρ when there is room on both sides, otherwise ρ and 2ρ (or ρ and the room left) into
 * the feasible side. The same routine restarts the model around the best point when the
 * interpolation system breaks down (our substitute for Powell's RESCUE).
 */
import { type BobyqaModel, rebuildInverse } from "./model.js";

/** Steps (a, b) for one coordinate; a ≠ b, both nonzero, both inside [lo, hi] − x. */
export function coordinateSteps(roomLo: number, roomHi: number, rho: number): [number, number] {
  if (roomLo >= rho && roomHi >= rho) return [rho, -rho];
  if (roomLo < rho && roomHi >= roomLo) {
    const far = Math.min(2 * rho, roomHi);
    return far >= 1.5 * rho ? [rho, far] : [Math.min(rho, roomHi), -roomLo];
  }
  const far = Math.min(2 * rho, roomLo);
  return far >= 1.5 * rho ? [-rho, -far] : [-Math.min(rho, roomLo), roomHi];
}

/**
 * Evaluate the 2n+1 starting points around `xbase` (in the scaled variables) and build the model.
 * `evalAt(y, sl, su)` evaluates f at xbase + y (a coordinate equal to sl/su is exactly on its
 * bound) and may return null when the budget is exhausted (then
 * null is returned). `f0`, if given, is f(xbase) already known (not re-evaluated).
 */
export function initialModel(
  xbase: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  rho: number,
  evalAt: (y: Float64Array, sl: Float64Array, su: Float64Array) => number | null,
  f0?: number,
): BobyqaModel | null {
  const n = xbase.length;
  const npt = 2 * n + 1;
  const m: BobyqaModel = {
    n,
    npt,
    xbase: Float64Array.from(xbase),
    xpt: new Float64Array(npt * n),
    fval: new Float64Array(npt),
    kopt: 0,
    xopt: new Float64Array(n),
    gopt: new Float64Array(n),
    hq: new Float64Array(n * n),
    pq: new Float64Array(npt),
    hmat: new Float64Array((npt + n) * (npt + n)),
    sl: new Float64Array(n),
    su: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    m.sl[i] = lower[i] - xbase[i];
    m.su[i] = upper[i] - xbase[i];
  }
  const y = new Float64Array(n);
  if (f0 === undefined) {
    const v = evalAt(y, m.sl, m.su);
    if (v === null) return null;
    f0 = v;
  }
  m.fval[0] = f0;
  const steps: [number, number][] = [];
  for (let i = 0; i < n; i++) steps.push(coordinateSteps(-m.sl[i], m.su[i], rho));
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      const k = 1 + i + pass * n;
      const step = steps[i][pass];
      y.fill(0);
      y[i] = step;
      const v = evalAt(y, m.sl, m.su);
      if (v === null) return null;
      m.fval[k] = v;
      m.xpt[k * n + i] = step;
    }
  }
  // Parabola along each coordinate through (0, f0), (a, fa), (b, fb).
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b] = steps[i];
    const A = (m.fval[1 + i] - f0) / a;
    const B = (m.fval[1 + n + i] - f0) / b;
    g[i] = (b * A - a * B) / (b - a);
    m.hq[i * n + i] = (2 * (A - B)) / (a - b);
  }
  let kopt = 0;
  for (let k = 1; k < npt; k++) if (m.fval[k] < m.fval[kopt]) kopt = k;
  m.kopt = kopt;
  for (let i = 0; i < n; i++) m.xopt[i] = m.xpt[kopt * n + i];
  for (let i = 0; i < n; i++) m.gopt[i] = g[i] + m.hq[i * n + i] * m.xopt[i];
  if (!rebuildInverse(m)) return null;
  return m;
}
