/**
 * The BOBYQA iteration (Powell's BOBYQB) on the scaled, free variables: alternate trust-region
 * steps (TRSBOX) and geometry steps (ALTMOV), replace one interpolation point per evaluation by
 * the least-Frobenius-norm model update, and lower the resolution ρ from rhobeg to rhoend when
 * the model can no longer make progress at the current ρ.
 */
import { optimStatus } from "../../messages/optim.js";
import { altmov } from "./altmov.js";
import { initialModel } from "./init.js";
import {
  type BobyqaModel,
  denominator,
  hessDiag,
  modelChange,
  ptDot,
  replacePoint,
  shiftBase,
  updateInverse,
  vlagBeta,
} from "./model.js";
import { trsbox } from "./trsbox.js";

/** Evaluates f at xbase + y (coordinates equal to sl/su exactly on the bound); null = budget exhausted. */
export type RelEval = (xbase: Float64Array, y: Float64Array, sl: Float64Array, su: Float64Array) => number | null;

/** Settings of one BOBYQA run in scaled variables. */
export interface CoreSettings {
  rhobeg: number;
  rhoend: number;
  ftolAbs: number;
}

/** How the run ended: 0 converged, 1 budget, 2 breakdown. */
export interface CoreStatus {
  code: number;
  message: string;
}

/** Run BOBYQA from z0 inside [zl, zu]; the best point is tracked by the evaluator behind `evalRel`. */
export function bobyqaCore(z0: Float64Array, zl: Float64Array, zu: Float64Array, evalRel: RelEval, set: CoreSettings): CoreStatus {
  const n = z0.length;
  const npt = 2 * n + 1;
  const mdim = npt + n;
  const rhoend = set.rhoend;
  let rho = set.rhobeg;
  let delta = rho;
  const at = (xbase: Float64Array) => (y: Float64Array, sl: Float64Array, su: Float64Array) => evalRel(xbase, y, sl, su);
  const maxfunStop = (): CoreStatus => ({ code: 1, message: "" });

  const first = initialModel(z0, zl, zu, rho, at(Float64Array.from(z0)));
  if (first === null) return maxfunStop();
  let m: BobyqaModel = first;
  let nf = npt;

  const d = new Float64Array(n);
  const xnew = new Float64Array(n);
  const xalt = new Float64Array(n);
  const gnew = new Float64Array(n);
  const work = new Float64Array(n);
  const vlag = new Float64Array(mdim);
  const wv = new Float64Array(mdim);

  let ntrits = 0;
  let nresc = nf;
  let nfsav = nf;
  let diffa = 0;
  let diffb = 0;
  let diffc = 0;
  let ratio = 1;
  let itest = 0;
  let dnorm = 0;
  let dsq = 0;
  let crvmin = -1;
  let knew = -1;
  let cauchy = 0;
  let distsq = 0;
  let beta = 0;
  let denom = 0;
  let vquad = 0;

  const xoptsq = () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += m.xopt[i] * m.xopt[i];
    return s;
  };

  /** Substitute for Powell's RESCUE: a fresh initial model around the best point with step ρ. */
  const restart = (): boolean | null => {
    const xb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xb[i] = m.xbase[i] + m.xopt[i];
      if (m.xopt[i] === m.sl[i]) xb[i] = zl[i];
      else if (m.xopt[i] === m.su[i]) xb[i] = zu[i];
      else xb[i] = Math.min(zu[i], Math.max(zl[i], xb[i]));
    }
    const fb = m.fval[m.kopt];
    const mm = initialModel(xb, zl, zu, rho, at(xb), fb);
    if (mm === null) return null;
    m = mm;
    nf += npt - 1;
    nresc = nf;
    nfsav = nf;
    ntrits = 0;
    diffa = diffb = diffc = 0;
    itest = 0;
    delta = Math.max(delta, rho);
    return true;
  };

  type State = "tr" | "step" | "vlag" | "eval" | "geometry" | "reduce";
  let state: State = "tr";
  for (;;) {
    switch (state) {
      case "tr": {
        const r = trsbox(m, delta, d, xnew, gnew);
        dsq = r.dsq;
        crvmin = r.crvmin;
        dnorm = Math.min(delta, Math.sqrt(dsq));
        if (dnorm < 0.5 * rho) {
          ntrits = -1;
          distsq = (10 * rho) ** 2;
          if (nf <= nfsav + 2) {
            state = "geometry";
            break;
          }
          const errbig = Math.max(diffa, diffb, diffc);
          const frhosq = 0.125 * rho * rho;
          if (crvmin > 0 && errbig > frhosq * crvmin) {
            state = "geometry";
            break;
          }
          const bdtol = errbig / rho;
          let accurate = true;
          for (let j = 0; j < n && accurate; j++) {
            let bdtest = bdtol;
            if (xnew[j] === m.sl[j]) bdtest = gnew[j];
            if (xnew[j] === m.su[j]) bdtest = -gnew[j];
            if (bdtest < bdtol) {
              bdtest += 0.5 * hessDiag(m, j) * rho;
              if (bdtest < bdtol) accurate = false;
            }
          }
          state = accurate ? "reduce" : "geometry";
          break;
        }
        ntrits++;
        state = "step";
        break;
      }
      case "step": {
        if (dsq <= 1e-3 * xoptsq()) {
          if (!shiftBase(m, ntrits > 0 ? xnew : undefined)) {
            const ok = restart();
            if (ok === null) return maxfunStop();
            state = "tr";
            break;
          }
        }
        if (ntrits === 0) {
          const adelt = Math.sqrt(dsq);
          cauchy = altmov(m, knew, adelt, xnew, xalt).cauchy;
          for (let i = 0; i < n; i++) d[i] = xnew[i] - m.xopt[i];
        }
        state = "vlag";
        break;
      }
      case "vlag": {
        beta = vlagBeta(m, d, vlag, wv);
        if (ntrits === 0) {
          denom = denominator(m, vlag, beta, knew);
          if (denom < cauchy && cauchy > 0) {
            xnew.set(xalt);
            for (let i = 0; i < n; i++) d[i] = xnew[i] - m.xopt[i];
            cauchy = 0;
            break; // recompute vlag/β for the Cauchy point
          }
          if (!(denom > 0.5 * vlag[knew] * vlag[knew])) {
            if (nf > nresc) {
              const ok = restart();
              if (ok === null) return maxfunStop();
              state = "tr";
              break;
            }
            return { code: 2, message: optimStatus.cancellation() };
          }
        } else {
          const delsq = delta * delta;
          let scaden = 0;
          let biglsq = 0;
          knew = -1;
          for (let k = 0; k < npt; k++) {
            if (k === m.kopt) continue;
            const den = denominator(m, vlag, beta, k);
            let dist = 0;
            for (let i = 0; i < n; i++) dist += (m.xpt[k * n + i] - m.xopt[i]) ** 2;
            const t = Math.max(1, (dist / delsq) ** 2);
            if (t * den > scaden) {
              scaden = t * den;
              knew = k;
              denom = den;
            }
            biglsq = Math.max(biglsq, t * vlag[k] * vlag[k]);
          }
          if (knew < 0 || !(scaden > 0.5 * biglsq)) {
            if (nf > nresc) {
              const ok = restart();
              if (ok === null) return maxfunStop();
              state = "tr";
              break;
            }
            return { code: 2, message: optimStatus.cancellation() };
          }
        }
        state = "eval";
        break;
      }
      case "eval": {
        const fv = evalRel(m.xbase, xnew, m.sl, m.su);
        if (fv === null) return maxfunStop();
        nf++;
        if (ntrits === -1) return { code: 0, message: optimStatus.rhoend(rho) };
        const fopt = m.fval[m.kopt];
        vquad = modelChange(m, d, work);
        const diff = fv - fopt - vquad;
        diffc = diffb;
        diffb = diffa;
        diffa = Math.abs(diff);
        if (dnorm > rho) nfsav = nf;
        if (ntrits > 0) {
          if (!(vquad < 0)) return { code: 2, message: optimStatus.noDecrease() };
          ratio = (fv - fopt) / vquad;
          if (ratio <= 0.1) delta = Math.min(0.5 * delta, dnorm);
          else if (ratio <= 0.7) delta = Math.max(0.5 * delta, dnorm);
          else delta = Math.max(0.5 * delta, 2 * dnorm);
          if (delta <= 1.5 * rho) delta = rho;
          if (fv < fopt) {
            // The new point will be the best: prefer replacing a point far from it.
            const ksav = knew;
            const densav = denom;
            const delsq = delta * delta;
            let scaden = 0;
            let biglsq = 0;
            knew = -1;
            for (let k = 0; k < npt; k++) {
              const den = denominator(m, vlag, beta, k);
              let dist = 0;
              for (let i = 0; i < n; i++) dist += (m.xpt[k * n + i] - xnew[i]) ** 2;
              const t = Math.max(1, (dist / delsq) ** 2);
              if (t * den > scaden) {
                scaden = t * den;
                knew = k;
                denom = den;
              }
              biglsq = Math.max(biglsq, t * vlag[k] * vlag[k]);
            }
            if (knew < 0 || scaden <= 0.5 * biglsq) {
              knew = ksav;
              denom = densav;
            }
          }
        }
        const improved = fv < fopt;
        updateInverse(m, vlag, beta, knew);
        replacePoint(m, knew, xnew, fv, diff, d, work, improved);
        if (improved && set.ftolAbs > 0 && fopt - fv < set.ftolAbs) return { code: 0, message: optimStatus.ftol(set.ftolAbs) };
        if (ntrits > 0) {
          // Compare with the least-Frobenius-norm interpolant; switch to it after 3 poor gradients.
          const fo = m.fval[m.kopt];
          const dv = new Float64Array(npt);
          for (let k = 0; k < npt; k++) dv[k] = m.fval[k] - fo;
          const om = new Float64Array(npt);
          for (let k = 0; k < npt; k++) {
            let s = 0;
            for (let j = 0; j < npt; j++) s += m.hmat[k * mdim + j] * dv[j];
            om[k] = s;
          }
          const gi = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let k = 0; k < npt; k++) s += m.hmat[k * mdim + npt + i] * dv[k];
            gi[i] = s;
          }
          for (let k = 0; k < npt; k++) {
            const t = om[k] * ptDot(m, k, m.xopt);
            for (let i = 0; i < n; i++) gi[i] += t * m.xpt[k * n + i];
          }
          let gqsq = 0;
          let gisq = 0;
          for (let i = 0; i < n; i++) {
            if (m.xopt[i] === m.sl[i]) {
              gqsq += Math.min(0, m.gopt[i]) ** 2;
              gisq += Math.min(0, gi[i]) ** 2;
            } else if (m.xopt[i] === m.su[i]) {
              gqsq += Math.max(0, m.gopt[i]) ** 2;
              gisq += Math.max(0, gi[i]) ** 2;
            } else {
              gqsq += m.gopt[i] ** 2;
              gisq += gi[i] ** 2;
            }
          }
          itest++;
          if (gqsq < 10 * gisq) itest = 0;
          if (itest >= 3) {
            m.gopt.set(gi);
            m.hq.fill(0);
            m.pq.set(om);
            itest = 0;
          }
        }
        if (ntrits === 0) {
          state = "tr";
          break;
        }
        if (fv <= fopt + 0.1 * vquad) {
          state = "tr";
          break;
        }
        distsq = Math.max((2 * delta) ** 2, (10 * rho) ** 2);
        state = "geometry";
        break;
      }
      case "geometry": {
        knew = -1;
        for (let k = 0; k < npt; k++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += (m.xpt[k * n + i] - m.xopt[i]) ** 2;
          if (s > distsq) {
            knew = k;
            distsq = s;
          }
        }
        if (knew >= 0) {
          const dist = Math.sqrt(distsq);
          if (ntrits === -1) {
            delta = Math.min(0.1 * delta, 0.5 * dist);
            if (delta <= 1.5 * rho) delta = rho;
          }
          ntrits = 0;
          const adelt = Math.max(Math.min(0.1 * dist, delta), rho);
          dsq = adelt * adelt;
          state = "step";
          break;
        }
        if (ntrits === -1) state = "reduce";
        else if (ratio > 0 || Math.max(delta, dnorm) > rho) state = "tr";
        else state = "reduce";
        break;
      }
      case "reduce": {
        if (rho > rhoend) {
          delta = 0.5 * rho;
          const r = rho / rhoend;
          if (r <= 16) rho = rhoend;
          else if (r <= 250) rho = Math.sqrt(r) * rhoend;
          else rho = 0.1 * rho;
          delta = Math.max(delta, rho);
          ntrits = 0;
          nfsav = nf;
          state = "tr";
          break;
        }
        if (ntrits === -1 && dsq > 0) {
          state = "eval"; // the short step has not been tried: try it before returning
          break;
        }
        return { code: 0, message: optimStatus.rhoend(rho) };
      }
    }
  }
}
