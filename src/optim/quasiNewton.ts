/**
 * A bound-constrained BFGS quasi-Newton method with an exact (caller-supplied) gradient, for
 * small problems (a dense n × n inverse-Hessian approximation), in the role of nlminb (PORT), which
 * glmmTMB runs over TMB's gradient:
 *
 * - variables at a bound whose gradient pushes outwards are held fixed for the iteration; the
 *   direction is −B⁻¹g on the free variables (B⁻¹'s free block);
 * - a backtracking Armijo search along the projected path P(x + αd) from α = 1 (the first step
 *   limited to a move of `maxStep` in every coordinate), the next α from the quadratic through
 *   f(x), f′(x; d) and the rejected trial, kept within [α/10, α/2];
 * - B⁻¹ starts diagonal: the caller's `diag0` where it is finite, else 1, the latter entries
 *   rescaled to sᵀy/yᵀy before the first update; the BFGS update of B⁻¹ when sᵀy > 0;
 * - stop when the predicted decrease −gᵀd/2 of a full step falls below `ftol`·max(1, |f|), when
 *   the largest free gradient component is below `gtol`, after two successive iterations that
 *   lowered f by less than `ftolRel`·max(1, |f|), when no trial lowers f (at the optimum to the
 *   gradient's accuracy), or when the budget is spent.
 *
 * `grad(x, out)` is called only right after `f(x)` at the same x (a caller may keep state from
 * the evaluation of f, as the Laplace engine keeps the conditional modes).
 */
import type { OptimResult } from "./types.js";

/** Options of {@link quasiNewton}. */
export interface QuasiNewtonOptions {
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  /** Evaluation budget of f (default 2000). */
  readonly maxfun?: number;
  /** Relative predicted-decrease tolerance (default 1e-12). */
  readonly ftol?: number;
  /** Stop after two successive actual reductions below this × max(1, |f|) (default 1e-11). */
  readonly ftolRel?: number;
  /** Absolute gradient tolerance (default 1e-8). */
  readonly gtol?: number;
  /** Largest coordinate move of the first step (default 1). */
  readonly maxStep?: number;
  /**
   * A diagonal start for the inverse-Hessian approximation (e.g. 1 / a cheap curvature estimate
   * per coordinate; finite entries > 0, kept as given); NaN entries (and all without it): 1,
   * rescaled to sᵀy/yᵀy at the first update.
   */
  readonly diag0?: ArrayLike<number>;
}

/** Result of {@link quasiNewton}: an `OptimResult` plus the number of gradients. */
export interface QuasiNewtonResult extends Omit<OptimResult, "optimizer"> {
  readonly geval: number;
  /** The gradient at x (as last computed). */
  readonly gradient: Float64Array;
}

/**
 * Minimizes f within [lower, upper] from x0 (clamped into the box). `grad` returns false when it
 * cannot give a gradient at x: the method then stops with code 2 at the best point so far.
 */
export function quasiNewton(
  f: (x: Float64Array) => number,
  grad: (x: Float64Array, out: Float64Array) => boolean,
  x0: ArrayLike<number>,
  opts: QuasiNewtonOptions,
): QuasiNewtonResult {
  const n = x0.length;
  const lo = Float64Array.from(opts.lower), up = Float64Array.from(opts.upper);
  const maxfun = opts.maxfun ?? 2000, ftol = opts.ftol ?? 1e-12, ftolRel = opts.ftolRel ?? 1e-11, gtol = opts.gtol ?? 1e-8, maxStep = opts.maxStep ?? 1;
  let feval = 0, geval = 0;
  const F = (x: Float64Array): number => {
    feval++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const G = (x: Float64Array, out: Float64Array): boolean => {
    geval++;
    return grad(x, out);
  };
  const clamp = (x: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = Math.min(up[i]!, Math.max(lo[i]!, x[i]!));
    return x;
  };
  let x = clamp(Float64Array.from(x0));
  let fx = F(x);
  let g = new Float64Array(n);
  const done = (code: number, message: string): QuasiNewtonResult => ({ x, fval: fx, feval, geval, converged: code === 0, code, message, gradient: g });
  if (!Number.isFinite(fx)) return done(2, "quasi-Newton: the objective is not finite at the start");
  if (!G(x, g)) return done(2, "quasi-Newton: no gradient at the start");
  const B = new Float64Array(n * n);
  const diag0 = opts.diag0;
  const resetB = (scale: number) => {
    B.fill(0);
    for (let i = 0; i < n; i++) B[i + i * n] = diag0 && Number.isFinite(diag0[i]) ? diag0[i]! : scale;
  };
  resetB(1);
  // No BFGS update yet: the first step is limited to maxStep, and B's entries without a finite
  // diag0 are rescaled to sᵀy/yᵀy at the first update.
  let updated = false;
  const free = new Uint8Array(n), d = new Float64Array(n), s = new Float64Array(n), y = new Float64Array(n), By = new Float64Array(n);
  let gn = new Float64Array(n);
  let smallSteps = 0;
  for (;;) {
    let pg = 0;
    for (let i = 0; i < n; i++) {
      const out = (x[i]! <= lo[i]! && g[i]! > 0) || (x[i]! >= up[i]! && g[i]! < 0);
      free[i] = out ? 0 : 1;
      if (!out) pg = Math.max(pg, Math.abs(g[i]!));
    }
    if (pg <= gtol) return done(0, "quasi-Newton: gradient below gtol");
    if (feval >= maxfun) return done(1, "quasi-Newton: evaluation budget reached");
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      if (free[i]) for (let k = 0; k < n; k++) if (free[k]) t -= B[i + k * n]! * g[k]!;
      d[i] = t;
      slope += t * g[i]!;
    }
    if (!(slope < 0)) {
      resetB(1);
      updated = false;
      slope = 0;
      for (let i = 0; i < n; i++) { d[i] = free[i] ? -B[i + i * n]! * g[i]! : 0; slope += d[i]! * g[i]!; }
    }
    if (-slope / 2 <= ftol * Math.max(1, Math.abs(fx))) return done(0, "quasi-Newton: predicted decrease below ftol");
    let alpha = 1;
    if (!updated) {
      let dn = 0;
      for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i]!));
      if (dn > maxStep) alpha = maxStep / dn;
    }
    let accepted = false;
    const cand = new Float64Array(n);
    let fc = Infinity;
    for (let t = 0; t < 40 && feval < maxfun; t++) {
      for (let i = 0; i < n; i++) cand[i] = x[i]! + alpha * d[i]!;
      clamp(cand);
      let dec = 0;
      for (let i = 0; i < n; i++) dec += g[i]! * (cand[i]! - x[i]!);
      fc = F(cand);
      if (fc <= fx + 1e-4 * dec) { accepted = true; break; }
      // Quadratic model along the path: f(α) ≈ fx + α·slope + c α², c from the trial.
      const next = Number.isFinite(fc) ? (-slope * alpha * alpha) / (2 * (fc - fx - slope * alpha)) : alpha / 10;
      alpha = Math.min(alpha / 2, Math.max(alpha / 10, next));
    }
    if (!accepted) return done(0, "quasi-Newton: no decrease along the search direction (at the optimum to the gradient's accuracy)");
    if (!G(cand, gn)) { x = cand; fx = fc; return done(2, "quasi-Newton: no gradient at the new point"); }
    let sy = 0, yy = 0;
    for (let i = 0; i < n; i++) { s[i] = cand[i]! - x[i]!; y[i] = gn[i]! - g[i]!; sy += s[i]! * y[i]!; yy += y[i]! * y[i]!; }
    if (sy > 1e-12 * Math.sqrt(yy) * Math.hypot(...s)) {
      if (!updated) { resetB(sy / yy); updated = true; }
      // B⁻¹ ← (I − ρsyᵀ) B⁻¹ (I − ρysᵀ) + ρssᵀ, ρ = 1/sᵀy.
      let yBy = 0;
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += B[i + k * n]! * y[k]!;
        By[i] = t;
        yBy += y[i]! * t;
      }
      const rho = 1 / sy, c1 = (1 + rho * yBy) * rho;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) B[i + j * n] += c1 * s[i]! * s[j]! - rho * (By[i]! * s[j]! + s[i]! * By[j]!);
    }
    const reduction = fx - fc;
    x = cand;
    fx = fc;
    // Two successive reductions below 1e-11 relative: a flat direction (e.g. a zero-inflation
    // logit running to its bound) crawled along, or the optimum to the gradient's accuracy.
    smallSteps = reduction <= ftolRel * Math.max(1, Math.abs(fx)) ? smallSteps + 1 : 0;
    if (smallSteps >= 2) { const t2 = g; g = gn; gn = t2; return done(0, "quasi-Newton: two successive reductions below ftolRel"); }
    const tmp = g;
    g = gn;
    gn = tmp;
  }
}
