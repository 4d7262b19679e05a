/**
 * BOBYQA's trust-region step (Powell's TRSBOX): approximately minimize the quadratic model
 * Q(xopt + d) subject to |d| ≤ Δ and sl ≤ xopt + d ≤ su.
 *
 * Phase 1 is truncated conjugate gradients on the free variables; a variable that reaches a bound
 * is fixed there and CG restarts (steepest descent) in the remaining ones, the radius left to them
 * being reduced accordingly. If the CG path reaches the trust-region boundary, phase 2 searches on
 * the boundary: d is rotated in the plane of d and the reduced gradient, d(θ) = cos θ d + sin θ s
 * (|s| = |d|, s ⟂ d), with θ chosen by sampling the exact reduction on a grid of tan(θ/2) plus a
 * parabolic refinement, and limited so that no free variable crosses its bound (one that reaches
 * its bound is fixed and the search restarts).
 *
 * Variables fixed on a bound end exactly on it, which is how BOBYQA lands exactly on θ = 0 for a
 * singular fit.
 */
import { type BobyqaModel, hessVec } from "./model.js";

/** Output of {@link trsbox}. */
export interface TrsboxResult {
  /** Squared length of the step. */
  dsq: number;
  /** Least curvature seen by CG along its directions, 0 if the step reached the boundary, −1 if unknown. */
  crvmin: number;
}

/**
 * Compute the step into `d`, the new point xopt + d into `xnew`, and the model gradient at the new
 * point into `gnew`.
 */
export function trsbox(m: BobyqaModel, delta: number, d: Float64Array, xnew: Float64Array, gnew: Float64Array): TrsboxResult {
  const { n, xopt, gopt, sl, su } = m;
  const xbdi = new Int8Array(n);
  const s = new Float64Array(n);
  const hs = new Float64Array(n);
  const hred = new Float64Array(n);
  let nact = 0;
  for (let i = 0; i < n; i++) {
    if (xopt[i] <= sl[i] && gopt[i] >= 0) xbdi[i] = -1;
    else if (xopt[i] >= su[i] && gopt[i] <= 0) xbdi[i] = 1;
    if (xbdi[i] !== 0) nact++;
    d[i] = 0;
    gnew[i] = gopt[i];
  }
  let delsq = delta * delta;
  let qred = 0;
  let crvmin = -1;
  let beta = 0;
  let iterc = 0;
  let itermax = 0;
  let gredsq = 0;
  let ggsav = 0;
  let boundary = false;

  // Phase 1: truncated conjugate gradients.
  for (;;) {
    let stepsq = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xbdi[i] !== 0 ? 0 : beta === 0 ? -gnew[i] : beta * s[i] - gnew[i];
      stepsq += s[i] * s[i];
    }
    if (stepsq === 0) break;
    if (beta === 0) {
      gredsq = stepsq;
      itermax = iterc + n - nact;
    }
    if (gredsq * delsq <= 1e-4 * qred * qred) break;
    hessVec(m, s, hs);
    let resid = delsq;
    let ds = 0;
    let shs = 0;
    for (let i = 0; i < n; i++) {
      if (xbdi[i] !== 0) continue;
      resid -= d[i] * d[i];
      ds += s[i] * d[i];
      shs += s[i] * hs[i];
    }
    if (resid <= 0) {
      boundary = true;
      break;
    }
    const root = Math.sqrt(stepsq * resid + ds * ds);
    const blen = ds < 0 ? (root - ds) / stepsq : resid / (root + ds);
    let stplen = shs > 0 ? Math.min(blen, gredsq / shs) : blen;
    let iact = -1;
    for (let i = 0; i < n; i++) {
      if (s[i] === 0) continue;
      const xsum = xopt[i] + d[i];
      const t = s[i] > 0 ? (su[i] - xsum) / s[i] : (sl[i] - xsum) / s[i];
      if (t < stplen) {
        stplen = t;
        iact = i;
      }
    }
    let sdec = 0;
    if (stplen > 0) {
      iterc++;
      const curv = shs / stepsq;
      if (iact === -1 && curv > 0) crvmin = crvmin === -1 ? curv : Math.min(crvmin, curv);
      ggsav = gredsq;
      gredsq = 0;
      for (let i = 0; i < n; i++) {
        gnew[i] += stplen * hs[i];
        if (xbdi[i] === 0) gredsq += gnew[i] * gnew[i];
        d[i] += stplen * s[i];
      }
      sdec = Math.max(stplen * (ggsav - 0.5 * stplen * shs), 0);
      qred += sdec;
    }
    if (iact >= 0) {
      nact++;
      xbdi[iact] = s[iact] < 0 ? -1 : 1;
      delsq -= d[iact] * d[iact];
      if (delsq <= 0) {
        boundary = true;
        break;
      }
      beta = 0;
      continue;
    }
    if (stplen < blen) {
      if (iterc === itermax || sdec <= 0.01 * qred) break;
      beta = gredsq / ggsav;
      continue;
    }
    boundary = true;
    break;
  }

  // Phase 2: rotations on the trust-region boundary.
  if (boundary) {
    crvmin = 0;
    let dredsq = 0;
    let dredg = 0;
    let restart = true;
    outer: for (;;) {
      if (restart) {
        if (nact >= n - 1) break;
        dredsq = 0;
        dredg = 0;
        gredsq = 0;
        for (let i = 0; i < n; i++) {
          if (xbdi[i] === 0) {
            dredsq += d[i] * d[i];
            dredg += d[i] * gnew[i];
            gredsq += gnew[i] * gnew[i];
            s[i] = d[i];
          } else s[i] = 0;
        }
        hessVec(m, s, hred);
        restart = false;
      }
      let temp = gredsq * dredsq - dredg * dredg;
      if (temp <= 1e-4 * qred * qred) break;
      temp = Math.sqrt(temp);
      for (let i = 0; i < n; i++) s[i] = xbdi[i] === 0 ? (dredg * d[i] - dredsq * gnew[i]) / temp : 0;
      const sredg = -temp;
      let angbd = 1;
      let iact = -1;
      let xsav = 0;
      for (let i = 0; i < n; i++) {
        if (xbdi[i] !== 0) continue;
        const tempa = xopt[i] + d[i] - sl[i];
        const tempb = su[i] - xopt[i] - d[i];
        if (tempa <= 0 || tempb <= 0) {
          nact++;
          xbdi[i] = tempa <= 0 ? -1 : 1;
          restart = true;
          continue outer;
        }
        const ssq = d[i] * d[i] + s[i] * s[i];
        let t = ssq - (xopt[i] - sl[i]) ** 2;
        if (t > 0) {
          t = Math.sqrt(t) - s[i];
          if (angbd * t > tempa) {
            angbd = tempa / t;
            iact = i;
            xsav = -1;
          }
        }
        t = ssq - (su[i] - xopt[i]) ** 2;
        if (t > 0) {
          t = Math.sqrt(t) + s[i];
          if (angbd * t > tempb) {
            angbd = tempb / t;
            iact = i;
            xsav = 1;
          }
        }
      }
      hessVec(m, s, hs);
      let shs = 0;
      let dhs = 0;
      let dhd = 0;
      for (let i = 0; i < n; i++) {
        if (xbdi[i] !== 0) continue;
        shs += s[i] * hs[i];
        dhs += d[i] * hs[i];
        dhd += d[i] * hred[i];
      }
      // Reduction of Q as a function of t = tan(θ/2), sampled on (0, angbd].
      const reduction = (t: number) => {
        const sth = (2 * t) / (1 + t * t);
        return sth * (t * dredg - sredg - 0.5 * sth * (shs + t * (t * dhd - 2 * dhs)));
      };
      const iu = Math.floor(17 * angbd + 3.1);
      let redmax = 0;
      let isav = -1;
      let rdprev = 0;
      let rdnext = 0;
      let redsav = 0;
      for (let i = 1; i <= iu; i++) {
        const rednew = reduction((angbd * i) / iu);
        if (rednew > redmax) {
          redmax = rednew;
          isav = i;
          rdprev = redsav;
        } else if (i === isav + 1) rdnext = rednew;
        redsav = rednew;
      }
      if (isav < 0) break;
      let angt = angbd;
      if (isav < iu) {
        const den = 2 * redmax - rdprev - rdnext;
        const frac = den !== 0 ? (rdnext - rdprev) / den : 0;
        angt = (angbd * (isav + 0.5 * frac)) / iu;
      }
      const cth = (1 - angt * angt) / (1 + angt * angt);
      const sth = (2 * angt) / (1 + angt * angt);
      const sdec = reduction(angt);
      if (!(sdec > 0)) break;
      dredg = 0;
      gredsq = 0;
      for (let i = 0; i < n; i++) {
        gnew[i] += (cth - 1) * hred[i] + sth * hs[i];
        if (xbdi[i] === 0) {
          d[i] = cth * d[i] + sth * s[i];
          dredg += d[i] * gnew[i];
          gredsq += gnew[i] * gnew[i];
        }
        hred[i] = cth * hred[i] + sth * hs[i];
      }
      qred += sdec;
      if (iact >= 0 && isav === iu) {
        nact++;
        xbdi[iact] = xsav;
        restart = true;
        continue;
      }
      if (sdec <= 0.01 * qred) break;
    }
  }

  let dsq = 0;
  for (let i = 0; i < n; i++) {
    let v = Math.max(Math.min(xopt[i] + d[i], su[i]), sl[i]);
    if (xbdi[i] === -1) v = sl[i];
    else if (xbdi[i] === 1) v = su[i];
    xnew[i] = v;
    d[i] = v - xopt[i];
    dsq += d[i] * d[i];
  }
  return { dsq, crvmin };
}
