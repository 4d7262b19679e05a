/**
 * The stepping algorithm of lme4's profile.merMod, shared by LMM and GLMM profiles.
 *
 * For parameter w with estimate x̂_w, ζ(x) = sign(x − x̂_w) √(d(x) − d̂), where d(x) is the
 * deviance minimized over the other parameters with x_w = x, and d̂ the deviance at the optimum.
 * From the optimum and a first point (x̂_w·1.01, or 0.001 when x̂_w = 0; fixed effects of LMMs:
 * x̂_w + δ·se), each direction steps by linear extrapolation of the last two points to a change
 * of δ = cutoff/8 in ζ (a step at most `maxmult` times the last one; never backwards), until
 * |ζ| > cutoff = √χ²_{nptot}(1 − α_max), a bound of the parameter is reached or `maxpts`
 * points are used. Each evaluation starts from the previous point's other parameters.
 * The forward (ζ of x) and backward (x of ζ) splines are built from the points (profileSpline).
 */
import { interpSpline, backSpline, type PolySpline } from "./profileSpline.js";
import { profileLowerDeviance, profileNaN, slightlyLowerDeviance, nonMonotoneProfile } from "../messages/profile.js";

/** One profile point: ζ and all parameters (the model's parameter order) at the constrained optimum. */
export interface ProfileRow {
  readonly zeta: number;
  readonly par: Float64Array;
}

/** The profile of one parameter. */
export interface ParamProfile {
  readonly name: string;
  /** Index of the parameter in the model's parameter vector. */
  readonly index: number;
  /** Points sorted by the parameter's value (the optimum included, ζ = 0). */
  readonly rows: ProfileRow[];
  /** ζ as a function of the parameter (null when fewer than 4 distinct points). */
  readonly forward: PolySpline | null;
  /** The parameter as a function of ζ (null when the profile is not monotone). */
  readonly backward: PolySpline | null;
  readonly warnings: string[];
  /** Deviance evaluations (constrained optimizations' total). */
  readonly feval: number;
}

export interface StepSettings {
  readonly cutoff: number;
  readonly delta: number;
  readonly maxpts: number;
  readonly maxmult: number;
  /** Largest deviance decrease below the optimum treated as rounding (clamped, with a warning). */
  readonly devtol: number;
}

/** lme4's defaults for `nptot` parameters: α_max = 0.01, δ = cutoff/8, 100 points, step ×10 at most. */
export function defaultSteps(nptot: number): StepSettings {
  const cutoff = Math.sqrt(qchisq(0.99, nptot));
  return { cutoff, delta: cutoff / 8, maxpts: 100, maxmult: 10, devtol: 1e-3 };
}

/** What a constrained optimization returns: the minimized deviance and all parameters. */
export interface ConstrainedFit {
  readonly dev: number;
  readonly par: Float64Array;
  readonly feval: number;
}

export interface WalkSpec {
  readonly name: string;
  readonly w: number;
  readonly opt: Float64Array;
  readonly base: number;
  readonly lowcut: number;
  readonly upcut: number;
  /** The first point away from the optimum. */
  readonly first: number;
  readonly steps: StepSettings;
  /** Minimizes over the other parameters with parameter w fixed at x, starting from `prev` (null on failure). */
  readonly fit: (x: number, prev: Float64Array) => ConstrainedFit | null;
}

/** Profiles one parameter (both directions) and builds its splines. */
export function walkProfile(s: WalkSpec): ParamProfile {
  const { w, opt, base, steps } = s;
  const pw = opt[w];
  const warnings: string[] = [];
  let feval = 0;
  let minDiff = 0;
  const zeta = (x: number, prev: ProfileRow): ProfileRow => {
    const r = s.fit(x, prev.par);
    if (!r || !Number.isFinite(r.dev)) {
      if (!warnings.includes(profileNaN(s.name))) warnings.push(profileNaN(s.name));
      const par = Float64Array.from(prev.par);
      par[w] = x;
      return { zeta: NaN, par };
    }
    feval += r.feval;
    let d = r.dev - base;
    if (d < -steps.devtol) throw profileLowerDeviance(s.name, base, r.dev);
    if (d < 0) { minDiff = Math.min(minDiff, d); d = 0; }
    return { zeta: Math.sign(x - pw) * Math.sqrt(d), par: r.par };
  };
  const nextpar = (a: ProfileRow, b: ProfileRow): number => {
    const num = b.par[w] - a.par[w], denom = b.zeta - a.zeta;
    let step: number;
    if (!Number.isFinite(denom) || denom === 0) step = 1e-6;
    else {
      step = (steps.delta * num) / denom;
      if (step < 0) step = 1e-6;
      else if (Math.abs(step) > steps.maxmult * Math.abs(num)) step = steps.maxmult * Math.abs(num);
    }
    return Math.min(s.upcut, Math.max(s.lowcut, b.par[w] + Math.sign(num) * step));
  };
  const fill = (rows: ProfileRow[]): ProfileRow[] => {
    for (;;) {
      const cur = rows[rows.length - 1];
      const x = cur.par[w], z = Math.abs(cur.zeta);
      if (!(rows.length < steps.maxpts && x > s.lowcut && x < s.upcut && (Number.isNaN(z) || z <= steps.cutoff))) return rows;
      rows.push(zeta(nextpar(rows[rows.length - 2], cur), cur));
    }
  };
  const optRow: ProfileRow = { zeta: 0, par: opt };
  const shifted = zeta(s.first, optRow);
  const up = fill([optRow, shifted]);
  const down = pw > s.lowcut ? fill([shifted, optRow]) : [];
  if (minDiff < -1e-6) warnings.push(slightlyLowerDeviance(s.name, minDiff));
  const all = [optRow, shifted, ...up.slice(2), ...down.slice(2)].sort((a, b) => a.par[w] - b.par[w]);
  const rows: ProfileRow[] = [];
  for (const r of all) if (rows.length === 0 || r.par[w] !== rows[rows.length - 1].par[w]) rows.push(r);
  return { name: s.name, index: w, rows, ...splinesOf(rows, w, s.name, warnings), warnings, feval };
}

/** Forward and backward splines of ζ on parameter w (points with NaN ζ left out). */
export function splinesOf(rows: readonly ProfileRow[], w: number, name: string, warnings: string[]) {
  const ok = rows.filter((r) => Number.isFinite(r.zeta));
  const forward = interpSpline(ok.map((r) => r.par[w]), ok.map((r) => r.zeta));
  const backward = forward ? backSpline(forward) : null;
  if (!backward && !warnings.includes(nonMonotoneProfile(name))) warnings.push(nonMonotoneProfile(name));
  return { forward, backward };
}

// ---- χ² quantile (for the cutoff) -----------------------------------------------------------

/** Regularized lower incomplete gamma P(a, x) (series / continued fraction). */
function pgammaLower(a: number, x: number): number {
  if (x <= 0) return 0;
  const lga = lgammaPos(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lga);
  }
  let b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c; if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lga) * h;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
function lgammaPos(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaPos(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The p-quantile of χ² with k degrees of freedom (bisection on P(k/2, x/2)). */
export function qchisq(p: number, k: number): number {
  let lo = 0, hi = Math.max(1, k);
  while (pgammaLower(k / 2, hi / 2) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (pgammaLower(k / 2, mid / 2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Initial BOBYQA steps for a constrained optimization that starts next to its solution (the
 * previous profile point): a fraction of each |x_i| (at least an absolute floor), so the trust
 * region starts small instead of at NLopt's default steps: max(0.05 |x_i|, 0.01). This halves the
 * evaluations of lme4's settings with the same intervals (to ~1e-6 relative on sleepstudy).
 */
export function localSteps(x0: ArrayLike<number>): { steps: Float64Array } {
  const rel = 0.05, abs = 0.01;
  const steps = new Float64Array(x0.length);
  for (let i = 0; i < x0.length; i++) steps[i] = Math.max(Math.abs(x0[i]) * rel, abs);
  return { steps };
}
