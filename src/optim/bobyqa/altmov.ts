/**
 * BOBYQA's geometry step (Powell's ALTMOV): a new position for interpolation point `knew`, within
 * distance `adelt` of xopt and inside the bounds, that makes |L_knew| large (L_knew the Lagrange
 * function of that point), so that the denominator of the update stays well away from zero.
 *
 * Two candidates are formed:
 *  1. along each line through xopt and another interpolation point, the best point of L_knew,
 *     a quadratic in the line parameter, scored by an estimate of the update denominator
 *     L² (L² + ½ Ω_kk (α(1−α)|y_k − xopt|²)²);
 *  2. a Cauchy-type step along ∓∇L_knew(xopt) projected on the bounds (variables that would cross
 *     a bound are fixed there and the rest rescaled to the radius), tried with both signs, using
 *     the curvature of L_knew along the step.
 * The caller uses candidate 2 (`xalt`) if its |L|² (`cauchy`) beats the true denominator of 1.
 */
import { type BobyqaModel, ptDot } from "./model.js";

/** Output of {@link altmov}. */
export interface AltmovResult {
  /** Squared |L_knew| at xalt (0 when no Cauchy step exists). */
  cauchy: number;
}

/** Write candidate 1 into `xnew` and candidate 2 into `xalt` (both relative to xbase). */
export function altmov(m: BobyqaModel, knew: number, adelt: number, xnew: Float64Array, xalt: Float64Array): AltmovResult {
  const { n, npt, xpt, xopt, sl, su, hmat, kopt } = m;
  const mdim = npt + n;
  const hcol = new Float64Array(npt);
  for (let k = 0; k < npt; k++) hcol[k] = hmat[k * mdim + knew];
  const ha = 0.5 * hcol[knew];
  // Gradient of L_knew at xopt.
  const glag = new Float64Array(n);
  for (let i = 0; i < n; i++) glag[i] = hmat[knew * mdim + npt + i];
  for (let k = 0; k < npt; k++) {
    const t = hcol[k] * ptDot(m, k, xopt);
    for (let i = 0; i < n; i++) glag[i] += t * xpt[k * n + i];
  }

  // Candidate 1: line searches through xopt and each other point.
  let presav = 0;
  let ksav = -1;
  let stpsav = 0;
  let ibdsav = 0;
  for (let k = 0; k < npt; k++) {
    if (k === kopt) continue;
    let dderiv = 0;
    let distsq = 0;
    for (let i = 0; i < n; i++) {
      const t = xpt[k * n + i] - xopt[i];
      dderiv += glag[i] * t;
      distsq += t * t;
    }
    let subd = adelt / Math.sqrt(distsq);
    let slbd = -subd;
    let ilbd = 0;
    let iubd = 0;
    const sumin = Math.min(1, subd);
    for (let i = 0; i < n; i++) {
      const t = xpt[k * n + i] - xopt[i];
      if (t > 0) {
        if (slbd * t < sl[i] - xopt[i]) {
          slbd = (sl[i] - xopt[i]) / t;
          ilbd = -(i + 1);
        }
        if (subd * t > su[i] - xopt[i]) {
          subd = Math.max(sumin, (su[i] - xopt[i]) / t);
          iubd = i + 1;
        }
      } else if (t < 0) {
        if (slbd * t > su[i] - xopt[i]) {
          slbd = (su[i] - xopt[i]) / t;
          ilbd = i + 1;
        }
        if (subd * t < sl[i] - xopt[i]) {
          subd = Math.max(sumin, (sl[i] - xopt[i]) / t);
          iubd = -(i + 1);
        }
      }
    }
    let step: number;
    let vlag: number;
    let isbd: number;
    if (k === knew) {
      // L(α) = α (dderiv − α (dderiv − 1)).
      const diff = dderiv - 1;
      step = slbd;
      vlag = slbd * (dderiv - slbd * diff);
      isbd = ilbd;
      const tu = subd * (dderiv - subd * diff);
      if (Math.abs(tu) > Math.abs(vlag)) {
        step = subd;
        vlag = tu;
        isbd = iubd;
      }
      const tempd = 0.5 * dderiv;
      const tempa = tempd - diff * slbd;
      const tempb = tempd - diff * subd;
      if (tempa * tempb < 0) {
        const tm = (tempd * tempd) / diff;
        if (Math.abs(tm) > Math.abs(vlag)) {
          step = tempd / diff;
          vlag = tm;
          isbd = 0;
        }
      }
    } else {
      // L(α) = dderiv α (1 − α).
      step = slbd;
      vlag = slbd * (1 - slbd);
      isbd = ilbd;
      const tu = subd * (1 - subd);
      if (Math.abs(tu) > Math.abs(vlag)) {
        step = subd;
        vlag = tu;
        isbd = iubd;
      }
      if (subd > 0.5 && Math.abs(vlag) < 0.25) {
        step = 0.5;
        vlag = 0.25;
        isbd = 0;
      }
      vlag *= dderiv;
    }
    const t = step * (1 - step) * distsq;
    const predsq = vlag * vlag * (vlag * vlag + ha * t * t);
    if (predsq > presav) {
      presav = predsq;
      ksav = k;
      stpsav = step;
      ibdsav = isbd;
    }
  }
  if (ksav < 0) {
    // Degenerate: fall back to the point itself moved toward xopt.
    ksav = knew;
    stpsav = 0.5;
    ibdsav = 0;
  }
  for (let i = 0; i < n; i++) {
    const v = xopt[i] + stpsav * (xpt[ksav * n + i] - xopt[i]);
    xnew[i] = Math.max(sl[i], Math.min(su[i], v));
  }
  if (ibdsav < 0) xnew[-ibdsav - 1] = sl[-ibdsav - 1];
  if (ibdsav > 0) xnew[ibdsav - 1] = su[ibdsav - 1];

  // Candidate 2: Cauchy-type steps along ∓glag within the bounds.
  const bigstp = 2 * adelt;
  const w = new Float64Array(n);
  const xsave = new Float64Array(n);
  let csave = 0;
  let cauchy = 0;
  for (let iflag = 0; iflag < 2; iflag++) {
    let wfixsq = 0;
    let ggfree = 0;
    for (let i = 0; i < n; i++) {
      w[i] = 0;
      const tempa = Math.min(xopt[i] - sl[i], glag[i]);
      const tempb = Math.max(xopt[i] - su[i], glag[i]);
      if (tempa > 0 || tempb < 0) {
        w[i] = bigstp;
        ggfree += glag[i] * glag[i];
      }
    }
    if (ggfree === 0) return { cauchy: 0 };
    let step = 0;
    for (;;) {
      const room = adelt * adelt - wfixsq;
      if (!(room > 0)) break;
      const wsqsav = wfixsq;
      step = Math.sqrt(room / ggfree);
      ggfree = 0;
      for (let i = 0; i < n; i++) {
        if (w[i] !== bigstp) continue;
        const t = xopt[i] - step * glag[i];
        if (t <= sl[i]) {
          w[i] = sl[i] - xopt[i];
          wfixsq += w[i] * w[i];
        } else if (t >= su[i]) {
          w[i] = su[i] - xopt[i];
          wfixsq += w[i] * w[i];
        } else ggfree += glag[i] * glag[i];
      }
      if (!(wfixsq > wsqsav && ggfree > 0)) break;
    }
    let gw = 0;
    for (let i = 0; i < n; i++) {
      if (w[i] === bigstp) {
        w[i] = -step * glag[i];
        xalt[i] = Math.max(sl[i], Math.min(su[i], xopt[i] + w[i]));
      } else if (w[i] === 0) xalt[i] = xopt[i];
      else xalt[i] = glag[i] > 0 ? sl[i] : su[i];
      gw += glag[i] * w[i];
    }
    let curv = 0;
    for (let k = 0; k < npt; k++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += xpt[k * n + j] * w[j];
      curv += hcol[k] * t * t;
    }
    if (iflag === 1) curv = -curv;
    if (curv > -gw && curv < -gw * (1 + Math.SQRT2)) {
      const scale = -gw / curv;
      for (let i = 0; i < n; i++) xalt[i] = Math.max(sl[i], Math.min(su[i], xopt[i] + scale * w[i]));
      cauchy = (0.5 * gw * scale) ** 2;
    } else cauchy = (gw + 0.5 * curv) ** 2;
    if (iflag === 0) {
      for (let i = 0; i < n; i++) glag[i] = -glag[i];
      xsave.set(xalt);
      csave = cauchy;
    }
  }
  if (csave > cauchy) {
    xalt.set(xsave);
    cauchy = csave;
  }
  return { cauchy };
}
