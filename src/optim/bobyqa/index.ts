/**
 * BOBYQA entry point: argument checks, fixed variables, variable scaling, and the n = 1 case.
 */
import { optimMaxfunTooSmall, optimStatus } from "../../messages/optim.js";
import { minimize1d } from "../brent1d.js";
import { startSession } from "../common.js";
import type { BoundedOptions, Objective, OptimResult } from "../types.js";
import { bobyqaCore } from "./driver.js";
import { checkOptimArgs } from "../common.js";

/**
 * NLopt's default initial step for a derivative-free method (nlopt_set_default_initial_step):
 * a quarter of a finite box, at most ¾ of the room to a finite bound, else |x|, else 1.
 * For lme4's θ = 1 with bound 0 this is 0.75; for θ = 0 without bounds it is 1.
 */
export function defaultStep(x: number, lo: number, hi: number): number {
  let step = Infinity;
  if (Number.isFinite(lo) && Number.isFinite(hi) && hi > lo) step = Math.min(step, 0.25 * (hi - lo));
  if (Number.isFinite(hi) && hi - x < step && hi > x) step = 0.75 * (hi - x);
  if (Number.isFinite(lo) && x - lo < step && x > lo) step = 0.75 * (x - lo);
  if (!Number.isFinite(step)) {
    if (Number.isFinite(hi) && Math.abs(hi - x) < Math.abs(step)) step = 1.1 * (hi - x);
    if (Number.isFinite(lo) && Math.abs(x - lo) < Math.abs(step)) step = 1.1 * (x - lo);
  }
  if (!Number.isFinite(step) || Math.abs(step) < 1e-300) step = x;
  if (!Number.isFinite(step) || step === 0) step = 1;
  return Math.abs(step);
}

/**
 * Minimize f subject to lower ≤ x ≤ upper by Powell's BOBYQA (quadratic models interpolating
 * npt = 2n+1 points, trust region inside the box, least-Frobenius-norm model updates) — the
 * algorithm behind lme4's default nloptwrap optimizer and minqa::bobyqa.
 *
 * Scaling and radii:
 * - `steps` given: variables are scaled by |steps_i|, the initial radius is 1 in scaled units.
 * - else `rhobeg` given: no scaling, radius rhobeg (as minqa).
 * - else: scaled by NLopt's default steps (`defaultStep`) with radius 1 (as nloptwrap).
 * The radius is cut to half the narrowest box width if needed. `rhoend` (x units; with scaling,
 * taken for the largest scale) defaults to 1e-6 × the initial radius; `xtolAbs` raises it to
 * xtolAbs / scale_i at most, as NLopt does. `ftolAbs` stops at the first improving step that
 * improves by less (NLopt's ftol_abs). lme4's lmer uses nloptwrap with ftol_abs = xtol_abs = 1e-8
 * and NLopt's default xtol_rel = 1e-4 (final radius 1e-4 scaled); our default final radius is
 * tighter, so our optimum is at least as accurate.
 *
 * Differences from Powell's code: the start point is never moved away from a bound (the initial
 * steps go into the feasible side instead), the inverse interpolation matrix is kept explicit and
 * recomputed when the base point moves, and RESCUE is replaced by rebuilding the model around the
 * best point. Variables with lower = upper are held fixed. n = 1 (after fixing) uses a bracketing
 * Brent search (`minimize1d`). Non-finite objective values are treated as a large finite
 * value (see Evaluator). The objective is evaluated at points inside the bounds only; points on
 * a bound get the bound's exact value.
 *
 * Result: the best point evaluated; code 0 converged, 1 maxfun reached, 2 rounding breakdown.
 */
export function bobyqa(f: Objective, x0: ArrayLike<number>, opts: BoundedOptions = {}): OptimResult {
  checkOptimArgs("bobyqa", f, x0);
  const { P, maxfun, ev, free, result } = startSession("bobyqa", "bobyqa", f, x0, opts);
  const { lower, upper } = P;
  const nfree = free.length;
  if (nfree === 0) {
    ev.eval(P.x0);
    return result(0, optimStatus.fixed());
  }
  const needed = nfree === 1 ? 3 : 2 * nfree + 2;
  if (maxfun < needed) throw optimMaxfunTooSmall("bobyqa", maxfun, needed);

  // Scales.
  const scale = new Float64Array(nfree);
  let rhobeg: number;
  if (opts.steps !== undefined) {
    free.forEach((fi, j) => (scale[j] = Math.abs(opts.steps![fi])));
    rhobeg = 1;
  } else if (opts.rhobeg !== undefined) {
    scale.fill(1);
    rhobeg = opts.rhobeg;
  } else {
    free.forEach((fi, j) => (scale[j] = defaultStep(P.x0[fi], lower[fi], upper[fi])));
    rhobeg = 1;
  }
  const zl = new Float64Array(nfree);
  const zu = new Float64Array(nfree);
  const z0 = new Float64Array(nfree);
  let minWidth = Infinity;
  free.forEach((fi, j) => {
    zl[j] = lower[fi] / scale[j];
    zu[j] = upper[fi] / scale[j];
    z0[j] = Math.min(zu[j], Math.max(zl[j], P.x0[fi] / scale[j]));
    if (P.x0[fi] === lower[fi]) z0[j] = zl[j];
    if (P.x0[fi] === upper[fi]) z0[j] = zu[j];
    minWidth = Math.min(minWidth, zu[j] - zl[j]);
  });
  rhobeg = Math.min(rhobeg, 0.5 * minWidth);
  let maxScale = 0;
  for (let j = 0; j < nfree; j++) maxScale = Math.max(maxScale, scale[j]);
  let rhoend = opts.rhoend !== undefined ? opts.rhoend / maxScale : 1e-6 * rhobeg;
  if (opts.xtolAbs !== undefined && opts.xtolAbs > 0)
    for (let j = 0; j < nfree; j++) rhoend = Math.max(rhoend, opts.xtolAbs / scale[j]);
  rhoend = Math.min(rhoend, rhobeg);

  // Map scaled free variables to a full x; a coordinate on its bound gets the bound exactly.
  const x = Float64Array.from(P.x0);
  const setFree = (j: number, z: number, atLo: boolean, atHi: boolean) => {
    const fi = free[j];
    if (atLo) x[fi] = lower[fi];
    else if (atHi) x[fi] = upper[fi];
    else x[fi] = Math.min(upper[fi], Math.max(lower[fi], Math.min(zu[j], Math.max(zl[j], z)) * scale[j]));
  };
  let status: { code: number; message: string };
  if (nfree === 1) {
    const eval1 = (z: number): number | null => {
      if (ev.nf >= maxfun) return null;
      setFree(0, z, z === zl[0], z === zu[0]);
      return ev.eval(x);
    };
    status = minimize1d(eval1, z0[0], zl[0], zu[0], rhobeg, rhoend);
  } else {
    const evalRel = (xbase: Float64Array, y: Float64Array, sl: Float64Array, su: Float64Array): number | null => {
      if (ev.nf >= maxfun) return null;
      for (let j = 0; j < nfree; j++) setFree(j, xbase[j] + y[j], y[j] === sl[j], y[j] === su[j]);
      return ev.eval(x);
    };
    status = bobyqaCore(z0, zl, zu, evalRel, { rhobeg, rhoend, ftolAbs: opts.ftolAbs ?? 0 });
  }
  return result(status.code, status.message);
}
