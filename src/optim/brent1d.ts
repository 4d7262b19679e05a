/**
 * Bounded minimization in one variable — BOBYQA's stand-in for n = 1 (Powell's code needs n ≥ 2).
 *
 * 1. Search: a bracket is found by stepping from x0 by h (toward whichever side decreases f) and
 *    expanding by the golden ratio, clamped to the bounds; a bound reached on the way is evaluated
 *    exactly. Inside a bracket Brent's method (golden section with parabolic interpolation) runs
 *    until the bracket is narrower than about 2·(√ε|x| + tol/3).
 * 2. Verification of a bound: when the best point is a bound, it is returned only if f does not
 *    decrease inward: f is probed at bound ± δ_k, δ_k = δ₀·4^k from δ₀ = max(1e-4·h, tol/4) up to
 *    min(h, hi − lo) (about 8 evaluations for lme4's θ). The first probe below f(bound) − noise
 *    (noise = 1e-12·max(1, |f(bound)|), rounding of the objective) starts a new bracket from the
 *    bound inward (golden-ratio expansion, then Brent), whose minimum is interior.
 *
 * Why 2 matters: a profiled mixed-model objective of a scalar θ is a function of θ², so its slope
 * at θ = 0 is zero and the sign of the curvature decides whether θ = 0 is a minimum. A variance
 * that is small but not zero (group sd ~0.02–0.05 σ) puts the optimum at θ ≈ 0.03, inside the
 * first search step: the search reaches θ = 0 from θ ≈ 0.3 and sees f rise between, and without
 * the small inward probes would call the fit singular with a worse objective.
 *
 * The returned point (kept by the evaluator) is the best point evaluated: an interior point where
 * the bracket has shrunk to tol, or a bound verified to resolution δ₀ as above.
 * Caveat: f is assumed unimodal near the answer; a second basin farther from the bound than h is
 * not searched for.
 */
import { optimStatus } from "../messages/optim.js";

/** Evaluate at x; null when the budget is exhausted. */
export type Eval1 = (x: number) => number | null;

/** How the 1-D search ended (the evaluator keeps the best point). */
export interface Status1 {
  code: number;
  message: string;
}

const GOLD = 0.5 * (3 - Math.sqrt(5)); // 0.381966…
const GROW = 0.5 * (1 + Math.sqrt(5)); // 1.618…
/** Smallest inward probe from a bound, relative to the initial step h. */
const PROBE_REL = 1e-4;
/** Growth factor of successive inward probes. */
const PROBE_GROW = 4;
/** A probe counts as a decrease when below f(bound) by more than this × max(1, |f(bound)|). */
const NOISE_REL = 1e-12;
/** Most bound verifications (each that finds a decrease strictly lowers the best value). */
const MAX_ROUNDS = 4;
const BUDGET: Status1 = { code: 1, message: "" };

/** Minimize f on [lo, hi] from x0 with initial step h > 0 and absolute tolerance tol > 0. */
export function minimize1d(f: Eval1, x0: number, lo: number, hi: number, h: number, tol: number): Status1 {
  let bestX = NaN;
  let bestF = Infinity;
  const ft: Eval1 = (x) => {
    const v = f(x);
    if (v !== null && (v < bestF || Number.isNaN(bestX))) {
      bestF = v;
      bestX = x;
    }
    return v;
  };
  let st = search(ft, x0, lo, hi, h, tol);
  for (let round = 0; round < MAX_ROUNDS && st.code === 0 && (bestX === lo || bestX === hi); round++) {
    const v = verifyBound(ft, bestX, bestF, lo, hi, h, tol);
    if (v === null) return BUDGET;
    st = v;
  }
  return st;
}

/**
 * Probe inward from `bound` (value fb) at geometric steps; if f decreases, bracket and localize the
 * interior minimum, else report the bound as the minimum. null when the budget ran out.
 */
function verifyBound(f: Eval1, bound: number, fb: number, lo: number, hi: number, h: number, tol: number): Status1 | null {
  const dir = bound === lo ? 1 : -1;
  const limit = Math.min(h, hi - lo);
  const d0 = Math.min(limit, Math.max(PROBE_REL * h, tol / 4));
  const noise = NOISE_REL * Math.max(1, Math.abs(fb));
  for (let d = d0; ; d = Math.min(limit, PROBE_GROW * d)) {
    const p = d === hi - lo ? (dir > 0 ? hi : lo) : bound + dir * d;
    const fp = f(p);
    if (fp === null) return null;
    if (fp < fb - noise) return expand(f, bound, p, fp, dir, lo, hi, tol);
    if (d >= limit) return { code: 0, message: optimStatus.brentBound(bound, d0, limit) };
  }
}

/** The bracketing search of step 1 (see the module comment). */
function search(f: Eval1, x0: number, lo: number, hi: number, h: number, tol: number): Status1 {
  const clamp = (x: number) => Math.min(hi, Math.max(lo, x));
  const f0 = f(x0);
  if (f0 === null) return BUDGET;
  // First step: forward if possible, else backward.
  const dir = x0 < hi ? 1 : -1;
  const x1 = clamp(x0 + dir * h);
  const f1 = f(x1);
  if (f1 === null) return BUDGET;
  if (f1 < f0) return expand(f, x0, x1, f1, dir, lo, hi, tol);
  const x2 = clamp(x0 - dir * h);
  // x0 on a bound and the step inward is worse: bracket [x0, x1] with x0 best.
  if (x2 === x0) return brent(f, Math.min(x0, x1), Math.max(x0, x1), x0, f0, tol);
  const f2 = f(x2);
  if (f2 === null) return BUDGET;
  if (f2 < f0) return expand(f, x0, x2, f2, -dir, lo, hi, tol);
  return brent(f, Math.min(x1, x2), Math.max(x1, x2), x0, f0, tol);
}

/**
 * From a to b (f(b) = fb below f(a)) keep stepping in direction dir, growing by the golden ratio,
 * until f rises (then Brent on the bracket) or a bound is reached (returned as converged: the
 * caller verifies it).
 */
function expand(f: Eval1, a: number, b: number, fb: number, dir: number, lo: number, hi: number, tol: number): Status1 {
  for (;;) {
    if (b === (dir > 0 ? hi : lo)) return { code: 0, message: optimStatus.brent(tol) };
    const c = Math.min(hi, Math.max(lo, b + GROW * (b - a)));
    const fc = f(c);
    if (fc === null) return BUDGET;
    if (fc >= fb) return brent(f, Math.min(a, c), Math.max(a, c), b, fb, tol);
    a = b;
    b = c;
    fb = fc;
  }
}

/** Brent's localizer on [a, b] from interior point x (value fx). */
function brent(f: Eval1, a: number, b: number, x: number, fx: number, tol: number): Status1 {
  const eps = Math.sqrt(Number.EPSILON);
  let w = x;
  let v = x;
  let fw = fx;
  let fv = fx;
  let e = 0; // distance moved on the step before last
  let dstep = 0;
  for (;;) {
    const mid = 0.5 * (a + b);
    const tol1 = eps * Math.abs(x) + tol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - mid) <= tol2 - 0.5 * (b - a)) return { code: 0, message: optimStatus.brent(tol) };
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      // Parabola through (v, fv), (w, fw), (x, fx).
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = dstep;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
        dstep = p / q;
        const u = x + dstep;
        if (u - a < tol2 || b - u < tol2) dstep = x < mid ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = (x < mid ? b : a) - x;
      dstep = GOLD * e;
    }
    const u = Math.abs(dstep) >= tol1 ? x + dstep : x + (dstep > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu === null) return BUDGET;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
}
