/**
 * A bound-constrained limited-memory quasi-Newton method with finite-difference gradients, in
 * the spirit of L-BFGS-B (R's `optim(method = "L-BFGS-B")`, which lme4's allFit reaches through
 * optimx). This is a projected L-BFGS, not Byrd–Lu–Nocedal's generalized-Cauchy-point algorithm:
 *
 * - the gradient is a central difference, h_i = 1e-6·max(1, |x_i|), one-sided at a bound;
 * - variables at a bound with the gradient pushing outwards are held fixed for the iteration;
 *   the two-loop recursion (memory m = 5 pairs) gives the direction on the free variables;
 * - a backtracking Armijo search along the projected path P(x + α d) (α = 1, halved);
 * - stop when the projected gradient's largest component is below `pgtol` (default 1e-6),
 *   or the relative reduction (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) is below
 *   factr·ε (R's default factr = 1e7, i.e. ≈ 2.2e-9), or the evaluation budget is spent.
 *
 * Each gradient costs 2n evaluations; feval counts them all. Caveat: finite differences limit the
 * accuracy of the optimum to about √ε relative in the gradient, so convergence on flat objectives
 * (as mixed-model criteria near a boundary) is looser than BOBYQA's.
 */
import type { BoundedOptions, Objective, OptimResult } from "./types.js";
import { checkOptimArgs } from "./common.js";

/** Options of {@link lbfgsb}: bounds and budget as the other optimizers, plus R's factr and pgtol. */
export interface LbfgsbOptions extends Pick<BoundedOptions, "lower" | "upper" | "maxfun"> {
  /** R's factr: relative-reduction tolerance in units of machine ε (default 1e7). */
  factr?: number;
  /** Projected-gradient tolerance (default 1e-6). */
  pgtol?: number;
  /** Memory: number of (s, y) pairs kept (default 5, as R). */
  m?: number;
}

/** Minimizes `f` within [lower, upper] from x0 (clamped into the box). */
export function lbfgsb(f: Objective, x0: ArrayLike<number>, opts: LbfgsbOptions = {}): OptimResult {
  checkOptimArgs("lbfgsb", f, x0);
  const n = x0.length;
  const lo = Float64Array.from({ length: n }, (_, i) => opts.lower?.[i] ?? -Infinity);
  const up = Float64Array.from({ length: n }, (_, i) => opts.upper?.[i] ?? Infinity);
  const maxfun = opts.maxfun ?? 10000, factr = opts.factr ?? 1e7, pgtol = opts.pgtol ?? 1e-6, mem = opts.m ?? 5;
  let feval = 0;
  const F = (x: Float64Array): number => {
    feval++;
    const v = f(Float64Array.from(x));
    return Number.isFinite(v) ? v : Infinity;
  };
  const clamp = (x: Float64Array) => { for (let i = 0; i < n; i++) x[i] = Math.min(up[i], Math.max(lo[i], x[i])); return x; };
  const grad = (x: Float64Array, fx: number): Float64Array => {
    const g = new Float64Array(n), xt = Float64Array.from(x);
    for (let i = 0; i < n; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(x[i]));
      const hp = Math.min(h, up[i] - x[i]), hm = Math.min(h, x[i] - lo[i]);
      xt[i] = x[i] + hp; const fp = hp > 0 ? F(xt) : fx;
      xt[i] = x[i] - hm; const fm = hm > 0 ? F(xt) : fx;
      xt[i] = x[i];
      g[i] = hp + hm > 0 ? (fp - fm) / (hp + hm) : 0;
    }
    return g;
  };
  let x = clamp(Float64Array.from(x0)), fx = F(x);
  if (!Number.isFinite(fx)) return { x, fval: fx, feval, converged: false, code: 2, message: "L-BFGS-B: the objective is not finite at the start", optimizer: "L-BFGS-B" };
  let g = grad(x, fx);
  const S: Float64Array[] = [], Y: Float64Array[] = [];
  const free = new Uint8Array(n);
  for (;;) {
    let pg = 0;
    for (let i = 0; i < n; i++) {
      const atLo = x[i] <= lo[i] && g[i] > 0, atUp = x[i] >= up[i] && g[i] < 0;
      free[i] = atLo || atUp ? 0 : 1;
      if (free[i]) pg = Math.max(pg, Math.abs(g[i]));
    }
    if (pg <= pgtol) return done(0, "L-BFGS-B: projected gradient below pgtol");
    if (feval >= maxfun) return done(1, "L-BFGS-B: evaluation budget reached");
    // Two-loop recursion on the free variables.
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    const k = S.length, alpha = new Float64Array(k);
    const dot = (a: Float64Array, b: Float64Array) => { let s = 0; for (let i = 0; i < n; i++) if (free[i]) s += a[i] * b[i]; return s; };
    for (let j = k - 1; j >= 0; j--) {
      const sy = dot(S[j], Y[j]);
      if (!(sy > 0)) continue;
      alpha[j] = dot(S[j], d) / sy;
      for (let i = 0; i < n; i++) if (free[i]) d[i] -= alpha[j] * Y[j][i];
    }
    if (k > 0) {
      const sy = dot(S[k - 1], Y[k - 1]), yy = dot(Y[k - 1], Y[k - 1]);
      const gamma = sy > 0 && yy > 0 ? sy / yy : 1;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const sy = dot(S[j], Y[j]);
      if (!(sy > 0)) continue;
      const beta = dot(Y[j], d) / sy;
      for (let i = 0; i < n; i++) if (free[i]) d[i] += (alpha[j] - beta) * S[j][i];
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += d[i] * g[i];
    if (!(slope < 0)) {
      S.length = 0; Y.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    }
    // First step: scale to a unit move when there is no curvature information yet.
    let step = 1;
    if (S.length === 0) { let dn = 0; for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i])); if (dn > 0) step = Math.min(1, 1 / dn); }
    let xn = x, fn = fx, accepted = false;
    for (let t = 0; t < 40 && feval < maxfun; t++, step /= 2) {
      const cand = new Float64Array(n);
      for (let i = 0; i < n; i++) cand[i] = x[i] + step * d[i];
      clamp(cand);
      let dec = 0;
      for (let i = 0; i < n; i++) dec += g[i] * (cand[i] - x[i]);
      const fc = F(cand);
      if (fc <= fx + 1e-4 * dec && fc < Infinity) { xn = cand; fn = fc; accepted = true; break; }
    }
    if (!accepted) return done(0, "L-BFGS-B: no decrease along the projected direction (at the optimum to finite-difference accuracy)");
    const gn = grad(xn, fn);
    const s = new Float64Array(n), y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) { s[i] = xn[i] - x[i]; y[i] = gn[i] - g[i]; sy += s[i] * y[i]; }
    if (sy > 1e-12) { S.push(s); Y.push(y); if (S.length > mem) { S.shift(); Y.shift(); } }
    const rel = (fx - fn) / Math.max(Math.abs(fx), Math.abs(fn), 1);
    x = xn; g = gn;
    const fOld = fx;
    fx = fn;
    if (rel <= factr * Number.EPSILON && fOld - fn >= 0) return done(0, "L-BFGS-B: relative reduction of f below factr·ε");
  }
  function done(code: number, message: string): OptimResult {
    return { x, fval: fx, feval, converged: code === 0, code, message, optimizer: "L-BFGS-B" };
  }
}
