/**
 * Bounded Nelder–Mead as lme4's `Nelder_Mead` (its C++ class derived from NLopt 2.2.4's nldrmd):
 * reflection α = 1, expansion γ = 2, contraction β = ½, shrink δ = ½; every trial point is
 * "pinned" to the box (clamped, Richardson & Kuester 1973); the run stops when every vertex lies
 * within xt_i of the centroid in every coordinate (lme4's only effective test: its FtolAbs control
 * never reaches the C++ code), or when a pinned trial point coincides with the centroid or the
 * vertex it replaces (the simplex collapsed on a bound).
 *
 * Kept from lme4 on purpose: the initial simplex x0 + xst_i e_i with its rules near bounds, the
 * expansion point being accepted when it beats the worst vertex (not the reflected point), inside
 * contraction when the reflected point is no better than the worst vertex, outside otherwise.
 * Differences: after a shrink the best vertex is not re-evaluated; the budget is exactly maxfun
 * evaluations; variables with lower = upper are held fixed; an optional `ftolAbs` stops when the
 * simplex values span less than it; with one free variable a converged run is finished by the
 * one-dimensional search of src/optim/brent1d.ts from the best point (see `finish`).
 */
import { optimBadArgument, optimStatus } from "../messages/optim.js";
import { startSession } from "./common.js";
import { minimize1d } from "./brent1d.js";
import type { BoundedOptions, Objective, OptimResult } from "./types.js";
import { checkOptimArgs } from "./common.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-13 * (Math.abs(a) + Math.abs(b));

/**
 * Minimize f on lower ≤ x ≤ upper by lme4's bounded Nelder–Mead. Options: `rhobeg` = xst for all
 * coordinates (default 0.02) or `steps` per coordinate; `xtolAbs` = xt (default 5e-4·|xst|);
 * `maxfun` (default 10000); `ftolAbs` (default off). Result: best point ever evaluated; code 0
 * converged, 1 maxfun reached (lme4 warns "failure to converge in … evaluations").
 */
export function nelderMead(f: Objective, x0: ArrayLike<number>, opts: BoundedOptions = {}): OptimResult {
  checkOptimArgs("nelderMead", f, x0);
  const { P, maxfun, ev, free, result } = startSession("nelderMead", "nelder_mead", f, x0, opts);
  const { lower: lAll, upper: uAll } = P;
  const n = free.length;
  const full = Float64Array.from(P.x0);
  if (n === 0) {
    ev.eval(full);
    return result(0, optimStatus.fixed());
  }
  if (maxfun < n + 2) throw optimBadArgument("nelderMead", `maxfun = ${maxfun} is too small; the simplex alone needs ${n + 1} evaluations`);
  const lb = new Float64Array(n);
  const ub = new Float64Array(n);
  const x = new Float64Array(n);
  const xst = new Float64Array(n);
  const xt = new Float64Array(n);
  free.forEach((fi, j) => {
    lb[j] = lAll[fi];
    ub[j] = uAll[fi];
    x[j] = P.x0[fi];
    xst[j] = opts.steps !== undefined ? opts.steps[fi] : opts.rhobeg ?? 0.02;
    xt[j] = opts.xtolAbs !== undefined ? opts.xtolAbs : Math.abs(xst[j]) * 5e-4;
  });
  const ftol = opts.ftolAbs ?? 0;
  const budgetLeft = () => ev.nf < maxfun;
  // One free parameter: a 1-D simplex can stop short of the minimum — collapsed onto a bound with
  // the minimum just inside, or collapsed after a pinned reflection with the minimum farther on
  // (in lmer fits with a small group variance; lme4's Nelder_Mead found those minima). So a
  // converged 1-D run is finished by the one-dimensional search BOBYQA uses for n = 1 from the
  // best point (step xst, tolerance xt), which also verifies a bound before returning it.
  const finish = (code: number, message: string): OptimResult => {
    if (code !== 0 || n !== 1) return result(code, message);
    const i = free[0];
    const xb = Float64Array.from(ev.bestX);
    const eval1 = (z: number): number | null => {
      if (!budgetLeft()) return null;
      xb[i] = z;
      return ev.eval(xb);
    };
    const st = minimize1d(eval1, ev.bestX[i], lAll[i], uAll[i], Math.abs(xst[0]), xt[0]);
    return result(st.code, st.message);
  };

  // Initial simplex: columns 0..n (vertex j is pts[j]).
  const pts: Float64Array[] = [];
  for (let j = 0; j <= n; j++) pts.push(Float64Array.from(x));
  for (let i = 0; i < n; i++) {
    const p = pts[i + 1];
    const step = Math.abs(xst[i]);
    p[i] += xst[i];
    if (p[i] > ub[i]) p[i] = ub[i] - x[i] > 0.1 * step ? ub[i] : x[i] - step;
    if (p[i] < lb[i]) {
      if (x[i] - lb[i] > 0.1 * step) p[i] = lb[i];
      else {
        p[i] = x[i] + step;
        if (p[i] > ub[i]) p[i] = 0.5 * ((ub[i] - x[i] > x[i] - lb[i] ? ub[i] : lb[i]) + x[i]);
      }
    }
    if (close(p[i], x[i]))
      throw optimBadArgument("nelderMead", `cannot generate a feasible simplex: parameter ${free[i] + 1} cannot move from ${x[i]} inside its bounds; widen them or change the start`);
  }
  const evalPt = (p: Float64Array): number => {
    free.forEach((fi, j) => (full[fi] = p[j]));
    return ev.eval(full);
  };
  const vals = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) {
    if (!budgetLeft()) return finish(1, "");
    vals[j] = evalPt(pts[j]);
  }

  const c = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  /** xnew = c + scale (c − xold), pinned to the box; false if it coincides with c or xold. */
  const reflect = (xnew: Float64Array, cc: Float64Array, scale: number, xold: Float64Array): boolean => {
    let eqc = true;
    let eqold = true;
    for (let i = 0; i < n; i++) {
      const v = Math.min(Math.max(cc[i] + scale * (cc[i] - xold[i]), lb[i]), ub[i]);
      eqc = eqc && close(v, cc[i]);
      eqold = eqold && close(v, xold[i]);
      xnew[i] = v;
    }
    return !(eqc || eqold);
  };

  for (;;) {
    let il = 0;
    let ih = 0;
    for (let j = 1; j <= n; j++) {
      if (vals[j] < vals[il]) il = j;
      if (vals[j] > vals[ih]) ih = j;
    }
    const fl = vals[il];
    const fh = vals[ih];
    c.fill(0);
    for (let j = 0; j <= n; j++) if (j !== ih) for (let i = 0; i < n; i++) c[i] += pts[j][i];
    for (let i = 0; i < n; i++) c[i] /= n;
    let xconv = true;
    for (let i = 0; i < n && xconv; i++) {
      let dev = 0;
      for (let j = 0; j <= n; j++) dev = Math.max(dev, Math.abs(pts[j][i] - c[i]));
      if (!(dev < xt[i] || dev === 0)) xconv = false;
    }
    if (xconv) return finish(0, optimStatus.xtol(opts.xtolAbs ?? xt[0]));
    if (ftol > 0 && fh - fl < ftol) return finish(0, optimStatus.ftolSimplex(ftol));
    if (!reflect(xr, c, 1, pts[ih])) return finish(0, optimStatus.collapsed());
    if (!budgetLeft()) return finish(1, "");
    const fr = evalPt(xr);
    if (fr < fl) {
      if (!reflect(xe, c, 2, pts[ih])) return finish(0, optimStatus.collapsed());
      if (!budgetLeft()) return finish(1, "");
      const fe = evalPt(xe);
      if (fe < vals[ih]) {
        pts[ih].set(xe);
        vals[ih] = fe;
      } else {
        pts[ih].set(xr);
        vals[ih] = fr;
      }
      continue;
    }
    if (fr < fh) {
      pts[ih].set(xr);
      vals[ih] = fr;
      continue;
    }
    // Contract: inside if the reflected point is no better than the worst vertex.
    if (!reflect(xe, c, fh <= fr ? -0.5 : 0.5, pts[ih])) return finish(0, optimStatus.collapsed());
    if (!budgetLeft()) return finish(1, "");
    const fc = evalPt(xe);
    if (fc < fr && fc < fh) {
      pts[ih].set(xe);
      vals[ih] = fc;
      continue;
    }
    // Shrink toward the best vertex.
    for (let j = 0; j <= n; j++) {
      if (j === il) continue;
      if (!reflect(xe, pts[il], -0.5, pts[j])) return finish(0, optimStatus.collapsed());
      pts[j].set(xe);
    }
    for (let j = 0; j <= n; j++) {
      if (j === il) continue;
      if (!budgetLeft()) return finish(1, "");
      vals[j] = evalPt(pts[j]);
    }
  }
}
