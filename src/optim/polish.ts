/**
 * The optimum check that makes a derivative-free optimizer's stopping rule independent of the
 * scale of the parameters: after the optimizer stops, the finite-difference gradient g and
 * Hessian H of the objective on the interior parameters (those not on a bound) predict how much
 * a Newton step would still gain, the Newton decrement ½ gᵀH⁻¹g. When that exceeds `tol`
 * (objective units: a deviance, so tol = 1e-6 is 5e-7 in log-likelihood), BOBYQA is restarted
 * from the current point with per-coordinate steps of the size of the Newton step — so a
 * parameter whose scale is far below the optimizer's absolute x-tolerance (a slope on minutes
 * instead of days: θ ≈ 1e-4) is still optimized — and the check repeats, at most `maxRestarts`
 * times, keeping a restart only when it lowers the objective.
 *
 * With `newton` (lmer's use), a Newton step x + H⁻¹·(−g) on the interior parameters is tried
 * first: when it stays inside the bounds and lowers the objective it is taken (1 evaluation), and
 * the derivatives at the new point are updated by differences of the gradient and the diagonal only
 * (2k evaluations instead of 2k²; the off-diagonal curvature is kept from the previous point, which
 * lies within one small Newton step). A Newton step that fails falls back to the BOBYQA restart.
 *
 * Caveats: where H is not positive definite on the interior parameters (a flat or non-convex
 * direction, typical next to a boundary) its diagonal |H_jj| stands in for H in the decrement and
 * the step. The derivatives cost 1 + 2k + 2k(k−1) evaluations for k parameters (lme4's
 * convergence check spends the same; the result carries them so that check can reuse them).
 */
import { deriv12 } from "./deriv12.js";
import { bobyqa } from "./bobyqa/index.js";
import type { Objective } from "./types.js";
import { jsKernels, trsvLower, trsvLowerTrans } from "../linalg/index.js";

/** Gradient and Hessian (column-major n × n) at x, as {@link deriv12} returns them. */
export interface Derivatives {
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
}

/** The polished optimum: x, f(x), the restarts' optimizer evaluations (derivative evaluations not counted, as lme4 counts), restarts done, and the derivatives at x. */
export interface PolishResult {
  readonly x: Float64Array;
  readonly fx: number;
  readonly feval: number;
  readonly restarts: number;
  /** Newton steps taken (option `newton`). */
  readonly newtonSteps: number;
  /** Newton decrement ½ gᵀH⁻¹g at x (0 when no parameter is interior). */
  readonly decrement: number;
  /** Derivatives at the returned x (undefined when no parameter is interior). */
  readonly derivs?: Derivatives;
}

/** Options of {@link polishOptimum}. */
export interface PolishOptions {
  /** Largest acceptable Newton decrement, objective units (default 1e-6). */
  readonly tol?: number;
  /** Most restarts (default 3). */
  readonly maxRestarts?: number;
  /** Distance from a bound below which a parameter counts as on it (default 1e-4, lme4's check). */
  readonly boundaryTol?: number;
  /** Try a Newton step before each restart (see the module comment; default false). */
  readonly newton?: boolean;
  /** Smallest decrement for which a Newton step is tried (default `tol`; a step is cheap, a restart is not). */
  readonly newtonTol?: number;
  /** Most Newton steps taken (default 4). */
  readonly maxNewton?: number;
  /** Evaluation budget of each restart (default 10000). */
  readonly maxfun?: number;
  /** The derivatives at x (default {@link deriv12} within the bounds). */
  readonly derivatives?: (f: Objective, x: Float64Array, fx: number) => Derivatives;
}

/** Newton decrement and step on the interior coordinates `free` (see the module comment). */
export function newtonStep(d: Derivatives, free: readonly number[], n: number): { decrement: number; step: Float64Array } {
  const k = free.length;
  const g = Float64Array.from(free, (i) => d.gradient[i]);
  const L = new Float64Array(k * k);
  free.forEach((fi, a) => free.forEach((fj, b) => (L[a + b * k] = d.hessian[fi + fj * n])));
  const step = new Float64Array(n);
  if (jsKernels.potrf(L, k) === 0) {
    const z = g.slice(); // L z = g, then Lᵀ w = z: w = H⁻¹g, and zᵀz = gᵀH⁻¹g
    trsvLower(L, k, z);
    let dec = 0;
    for (let i = 0; i < k; i++) dec += z[i] * z[i];
    trsvLowerTrans(L, k, z);
    free.forEach((fi, a) => (step[fi] = -z[a]));
    return { decrement: 0.5 * dec, step };
  }
  let dec = 0;
  free.forEach((fi, a) => {
    const h = Math.max(Math.abs(d.hessian[fi + fi * n]), 1e-12);
    dec += (g[a] * g[a]) / h;
    step[fi] = -g[a] / h;
  });
  return { decrement: 0.5 * dec, step };
}

/** Interior coordinates of x: farther than `tol` from both bounds. */
export function interiorCoordinates(x: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, tol: number): number[] {
  const free: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] - lower[i] > tol && upper[i] - x[i] > tol) free.push(i);
  return free;
}

/**
 * Checks the optimum x (with f(x) = fx) by its Newton decrement and restarts BOBYQA while the
 * decrement exceeds `tol` (see the module comment). Returns the best point found.
 */
export function polishOptimum(f: Objective, x0: ArrayLike<number>, fx0: number, lower: ArrayLike<number>, upper: ArrayLike<number>, opts: PolishOptions = {}): PolishResult {
  const tol = opts.tol ?? 1e-6, maxRestarts = opts.maxRestarts ?? 3, btol = opts.boundaryTol ?? 1e-4;
  const maxNewton = opts.newton ? opts.maxNewton ?? 4 : 0, newtonTol = Math.min(opts.newtonTol ?? tol, tol);
  const n = x0.length;
  let x = Float64Array.from(x0), fx = fx0, feval = 0, restarts = 0, newtonSteps = 0;
  let mixed: Float64Array | undefined; // the off-diagonal curvature kept after a Newton step
  for (;;) {
    const free = interiorCoordinates(x, lower, upper, btol);
    if (free.length === 0) return { x, fx, feval, restarts, newtonSteps, decrement: 0 };
    const derivs = mixed ? deriv12(f, x, { lower, upper, fx, mixed })
      : opts.derivatives ? opts.derivatives(f, x, fx) : deriv12(f, x, { lower, upper, fx });
    mixed = undefined;
    const { decrement, step } = newtonStep(derivs, free, n);
    if (!(decrement > newtonTol)) return { x, fx, feval, restarts, newtonSteps, decrement, derivs };
    if (newtonSteps < maxNewton) {
      const xn = Float64Array.from(x, (v, i) => v + step[i]);
      if (xn.every((v, i) => v >= lower[i] && v <= upper[i])) {
        const fn = f(xn);
        feval++;
        if (fn < fx) {
          newtonSteps++;
          x = xn; fx = fn; mixed = derivs.hessian;
          continue;
        }
      }
    }
    if (!(decrement > tol) || restarts >= maxRestarts) return { x, fx, feval, restarts, newtonSteps, decrement, derivs };
    const steps = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const floor = 1e-6 * Math.max(1, Math.abs(x[i]));
      const room = Math.max(upper[i] - x[i], x[i] - lower[i]);
      steps[i] = Math.min(Math.max(2 * Math.abs(step[i]), floor), Number.isFinite(room) && room > 0 ? room : Infinity);
    }
    restarts++;
    const res = bobyqa(f, x, { lower, upper, steps, maxfun: opts.maxfun ?? 10000, ftolAbs: 0 });
    feval += res.feval;
    if (!(res.fval < fx)) return { x, fx, feval, restarts, newtonSteps, decrement, derivs };
    x = Float64Array.from(res.x);
    fx = res.fval;
  }
}
