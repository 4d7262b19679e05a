/**
 * Bounded minimization in one variable — BOBYQA's stand-in for n = 1 (Powell's code needs n ≥ 2).
 *
 * A bracket is found by stepping from x0 by h (toward whichever side decreases f) and expanding
 * by the golden ratio, clamped to the bounds; a bound reached on the way is evaluated exactly, so a
 * minimum on the bound (a singular fit, θ = 0) is returned exactly. Inside the bracket Brent's
 * method (golden section with parabolic interpolation) runs until the bracket is narrower than
 * about 2·(√ε|x| + tol/3). The best point evaluated is the answer.
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

/** Minimize f on [lo, hi] from x0 with initial step h > 0 and absolute tolerance tol > 0. */
export function minimize1d(f: Eval1, x0: number, lo: number, hi: number, h: number, tol: number): Status1 {
  const budget = (): Status1 => ({ code: 1, message: "" });
  const clamp = (x: number) => Math.min(hi, Math.max(lo, x));
  const f0 = f(x0);
  if (f0 === null) return budget();
  // First step: forward if possible, else backward.
  let dir = x0 < hi ? 1 : -1;
  const x1 = clamp(x0 + dir * h);
  const f1 = f(x1);
  if (f1 === null) return budget();
  let a = x0;
  let b: number;
  let fb: number;
  if (f1 < f0) {
    b = x1;
    fb = f1;
  } else {
    const x2 = clamp(x0 - dir * h);
    if (x2 === x0) {
      // x0 on a bound and the step inward is worse: bracket [x0, x1] with x0 best.
      return brent(f, Math.min(x0, x1), Math.max(x0, x1), x0, f0, tol);
    }
    const f2 = f(x2);
    if (f2 === null) return budget();
    if (f2 < f0) {
      dir = -dir;
      b = x2;
      fb = f2;
    } else {
      return brent(f, Math.min(x1, x2), Math.max(x1, x2), x0, f0, tol);
    }
  }
  // Expand in direction dir until f rises or a bound is reached.
  for (;;) {
    if (b === (dir > 0 ? hi : lo)) {
      // Minimum at the bound or between a and the bound.
      const lo2 = Math.min(a, b);
      const hi2 = Math.max(a, b);
      const xin = b + (a - b) * GOLD;
      const fin = f(xin);
      if (fin === null) return budget();
      if (fin < fb) return brent(f, lo2, hi2, xin, fin, tol);
      return { code: 0, message: optimStatus.brent(tol) };
    }
    const c = clamp(b + GROW * (b - a));
    const fc = f(c);
    if (fc === null) return budget();
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
    if (fu === null) return { code: 1, message: "" };
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
