/**
 * PIRLS whose row passes run in a database: glm/pirls.ts's iteration (lme4's pwrssUpdate: restart
 * from η₀, step halving, the lagged log-determinant) with the two things that touch the rows —
 * the weighted cross products of [Z X z] at the working weights and working response, and the
 * deviance-residual sum — delegated to `RowPasses` (one aggregation each, in the engine; see
 * glmmPasses.ts). Everything else (the blocked Cholesky, the solve, the optimizer around it) is
 * the in-memory code.
 *
 * A linear predictor is never held per row: it is encoded by its parameters in a Float64Array
 * [kind, β (p), b = Λu (the u layout)], kind 0 the starting predictor g(μ_start) (β, b unused),
 * kind 1 offset + Xβ + Zb. The workspace's `eta` holds the current one, so glmer's snapshots of
 * `work.eta` (the restart predictors of stage 1 and stage 2) are snapshots of the encoding.
 *
 * Results are cached by the predictor's contents (every deviance evaluation restarts from the
 * same η₀), as the in-memory PIRLS caches μ at η₀: the deviance sum there; with β in the system
 * (nAGQ = 0) the cross products there; for u alone (nAGQ = 1, working response z₀ − Xβ) the cross
 * products of [Z X z₀] there, from which each evaluation's first iteration follows without a
 * query (rounding differs from the direct sums only in the last bits).
 *
 * With `RowPasses.devCross` (engines that compute a pass in one scan), the deviance of a full
 * step comes from the scan that also gives the cross products at the new predictor; the next
 * iteration uses them, and they are dropped when the step is halved (halved steps ask for the
 * deviance alone) or PIRLS has converged. The modes u carry over from one θ evaluation to the
 * next (warm start, as in memory and in lme4), so most Laplace-stage PIRLS runs stop after one
 * step.
 */
import type { CrossProducts } from "../lmm/crossprod.js";
import type { ReTerm } from "../model/random.js";
import type { Family } from "../glmm/family/index.js";
import { allocFactor, setTheta, updateFactor, logDetL2, type LmmFactor } from "../lmm/factor.js";
import { plsSolveInto } from "../lmm/solution.js";
import { sumSq, type GlmmWork, type PirlsOptions, type PirlsResult, type RemotePirls } from "../glmm/pirls.js";
import { pirlsFailed } from "../messages/glmm.js";

/** The cross-product values that change with the weights (the pattern stays). */
export const CP_VALUES = ["a11", "r1Val", "ax1", "rrVal", "axr", "axx"] as const;
/** The value arrays of a CrossProducts. */
export type CrossValues = Record<(typeof CP_VALUES)[number], Float64Array>;

/** The row passes of one GLMM (synchronous: in a worker thread they block on the main thread's query). */
export interface RowPasses {
  /** Σ devResid(y, μ(η)) over the rows. */
  dev(eta: Float64Array): number;
  /**
   * Σ W [Z X z] [Z X z]ᵀ at η: W = wt μ′²/V(μ), z = η − base + (y − μ)/μ′, base = offset
   * (withBeta: the p columns of X included) or offset + Xβ (u only: no X columns).
   */
  cross(eta: Float64Array, withBeta: boolean, beta: Float64Array): CrossValues;
  /**
   * Both at one predictor from one scan (engines with a one-scan form, glmmScan.ts): PIRLS asks
   * it for the deviance of a full step, whose cross products the next iteration then uses;
   * they are dropped when the step is halved or PIRLS has converged.
   */
  devCross?(eta: Float64Array, withBeta: boolean, beta: Float64Array): { dev: number; cross: CrossValues };
}

/** Writes the encoding of offset + Xβ + ZΛu (T of factor f) into `out`. */
export function encodePredictor(w: GlmmWork, f: LmmFactor, beta: Float64Array, u: Float64Array, out: Float64Array): void {
  const { terms, pat, p } = w;
  out[0] = 1;
  out.set(beta, 1);
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!, q = t.q, Tk = f.T[k]!;
    const base = 1 + p + (k === 0 ? 0 : pat.l0 * pat.q0 + pat.units.start[pat.units.termBase[k]!]!);
    const ub = base - 1 - p;
    for (let l = 0; l < t.nLevels; l++)
      for (let r = 0; r < q; r++) {
        let br = 0;
        for (let c = 0; c <= r; c++) br += Tk[r + c * q]! * u[ub + l * q + c]!;
        out[base + l * q + r] = br;
      }
  }
}

const same = (a: Float64Array | null, b: Float64Array) => a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

function setValues(cp: CrossProducts, v: CrossValues): void {
  for (const k of CP_VALUES) cp[k].set(v[k]);
}

/** The RemotePirls of `passes` (aicConst: −2 × the saturated log-likelihood, from the engine). */
export function remotePirls(passes: RowPasses, aicConst: number): RemotePirls {
  const devCache = { eta: null as Float64Array | null, dev: NaN };
  const cpCache = { eta: null as Float64Array | null, v: null as CrossValues | null };
  const devAt = (eta: Float64Array) => {
    if (same(devCache.eta, eta)) return devCache.dev;
    const dev = passes.dev(eta);
    devCache.eta = Float64Array.from(eta); devCache.dev = dev;
    return dev;
  };
  // the cross products computed with the deviance of the last full step (devCross)
  const ahead = { eta: null as Float64Array | null, withBeta: false, beta: null as Float64Array | null, v: null as CrossValues | null };
  const devStep = (w: GlmmWork, withBeta: boolean) => {
    if (!passes.devCross || same(devCache.eta, w.eta)) return devAt(w.eta);
    const r = passes.devCross(w.eta, withBeta, w.beta);
    devCache.eta = Float64Array.from(w.eta); devCache.dev = r.dev;
    ahead.eta = devCache.eta; ahead.withBeta = withBeta; ahead.beta = Float64Array.from(w.beta); ahead.v = r.cross;
    return r.dev;
  };
  const crossAt = (w: GlmmWork, withBeta: boolean, cp: CrossProducts) => {
    // with β in the system the working response does not depend on the current β: cacheable
    if (withBeta && same(cpCache.eta, w.eta)) return setValues(cp, cpCache.v!);
    if (ahead.v && ahead.withBeta === withBeta && same(ahead.eta, w.eta) && (withBeta || same(ahead.beta, w.beta))) {
      setValues(cp, ahead.v);
      if (withBeta) { cpCache.eta = ahead.eta; cpCache.v = ahead.v; }
      return;
    }
    const v = passes.cross(w.eta, withBeta, w.beta);
    setValues(cp, v);
    if (withBeta) { cpCache.eta = Float64Array.from(w.eta); cpCache.v = v; }
  };
  // u only, at the restart predictor η₀: the working response is z₀ − Xβ with z₀ that of η₀, so
  // the cross products follow from those of [Z X z₀] at η₀ (one pass, then none per evaluation)
  const lin = { eta: null as Float64Array | null, v: null as CrossValues | null };
  const crossRestart = (w: GlmmWork, cp: CrossProducts) => {
    if (!same(lin.eta, w.eta)) { lin.v = passes.cross(w.eta, true, w.beta); lin.eta = Float64Array.from(w.eta); }
    const v = lin.v!, p = w.p, P = p + 1, beta = w.beta;
    cp.a11.set(v.a11); cp.r1Val.set(v.r1Val); cp.rrVal.set(v.rrVal);
    const row = (src: Float64Array, dst: Float64Array) => {
      for (let c = 0; c < dst.length; c++) {
        let z = src[c * P + p]!;
        for (let j = 0; j < p; j++) z -= beta[j]! * src[c * P + j]!;
        dst[c] = z;
      }
    };
    row(v.ax1, cp.ax1); row(v.axr, cp.axr);
    let xx = v.axx[p + p * P]!;
    for (let j = 0; j < p; j++) {
      xx -= 2 * beta[j]! * v.axx[j + p * P]!;
      for (let k = 0; k < p; k++) xx += beta[j]! * beta[k]! * v.axx[j + k * P]!;
    }
    cp.axx[0] = xx;
  };
  const lastTheta = { fU: null as Float64Array | null, fUB: null as Float64Array | null };
  const run = (w: GlmmWork, theta: ArrayLike<number>, withBeta: boolean, opts: PirlsOptions): PirlsResult => {
    lastTheta[withBeta ? "fUB" : "fU"] = Float64Array.from(theta);
    const tol = opts.tol ?? 1e-7, maxit = opts.maxit ?? 100;
    const f = withBeta ? w.fUB : w.fU, cp = withBeta ? w.cpUB : w.cpU;
    setTheta(f, theta);
    let dev: number;
    if (opts.eta0) { w.eta.set(opts.eta0); dev = devAt(w.eta); }
    else { encodePredictor(w, f, w.beta, w.u, w.eta); dev = devAt(w.eta); }
    let oldpdev = Infinity, it = 0, converged = false;
    const { uOld, betaOld } = w;
    // a full step: deviance and (one-scan engines) the next iteration's cross products; a halved one: deviance only
    const step = (full: boolean) => { encodePredictor(w, f, w.beta, w.u, w.eta); dev = full ? devStep(w, withBeta) : devAt(w.eta); return dev + sumSq(w.u); };
    for (; it < maxit; it++) {
      uOld.set(w.u); betaOld.set(w.beta);
      if (it === 0 && opts.eta0 && !withBeta) crossRestart(w, cp);
      else crossAt(w, withBeta, cp);
      updateFactor(f, theta);
      plsSolveInto(f, withBeta ? w.betaNew : w.empty, w.uNew, w.ur, w.rhs);
      w.u.set(w.uNew);
      if (withBeta) w.beta.set(w.betaNew);
      let pdev = step(true);
      if (Math.abs((oldpdev - pdev) / pdev) < tol) { converged = true; it++; break; }
      if (!(pdev <= oldpdev)) {
        for (let k = 0; k < 10 && !(pdev <= oldpdev); k++) {
          for (let i = 0; i < w.u.length; i++) w.u[i] = (uOld[i]! + w.u[i]!) / 2;
          if (withBeta) for (let j = 0; j < w.p; j++) w.beta[j] = (betaOld[j]! + w.beta[j]!) / 2;
          pdev = step(false);
        }
        if (!(pdev - oldpdev <= tol)) throw pirlsFailed(it + 1);
      }
      oldpdev = pdev;
    }
    if (opts.exact) {
      crossAt(w, withBeta, cp);
      updateFactor(f, theta);
    }
    return { devResid: dev, sqrU: sumSq(w.u), ldL2: logDetL2(f), iterations: it, converged };
  };
  return { run, aicConst, lastTheta };
}

/** The fixed pattern of the cross products (what the engine's GROUP BY found), without the terms. */
export type CrossShape = Omit<CrossProducts, "terms" | "p" | "P" | "logDetW" | "obsR1" | "obsRR" | (typeof CP_VALUES)[number]>;

/** The pattern part of cross products `cp` (structured-cloneable: typed arrays and numbers). */
export function crossShape(cp: CrossProducts): CrossShape {
  const { n, K, q0, l0, units, r1Ptr, r1Rows, pairU, pairV, pairOff } = cp;
  return { n, K, q0, l0, units, r1Ptr, r1Rows, pairU, pairV, pairOff };
}

/** Zeroed cross products of pattern `s` with p fixed columns (P = p + 1 with the response). */
export function crossFromShape(s: CrossShape, terms: readonly ReTerm[], p: number): CrossProducts {
  const P = p + 1, m = s.units.m;
  return {
    ...s, terms, p, P, logDetW: 0, obsR1: new Int32Array(0), obsRR: new Int32Array(0),
    a11: new Float64Array(s.l0 * s.q0 * s.q0), r1Val: new Float64Array(s.r1Ptr[s.l0]! * s.q0), ax1: new Float64Array(P * s.l0 * s.q0),
    rrVal: new Float64Array(s.pairOff[s.pairU.length]!), axr: new Float64Array(P * m), axx: new Float64Array(P * P),
  };
}

/**
 * A PIRLS workspace whose rows are in the engine: both factors over cross products of pattern
 * `s`, empty per-row arrays, `eta` the predictor encoding (kind 0: the starting predictor).
 */
export function remoteWork(family: Family, terms: readonly ReTerm[], s: CrossShape, p: number, nobs: number, remote: RemotePirls): GlmmWork {
  const cpU = crossFromShape(s, terms, 0), cpUB = crossFromShape(s, terms, p);
  const nu = s.l0 * s.q0 + s.units.m, e = new Float64Array(0);
  return {
    family, terms, pat: cpU, X: e, p, y: e, wt: e, nTrials: e, offset: null, n: nobs, remote, passes: null,
    cpU, cpUB, fU: allocFactor(cpU, terms), fUB: allocFactor(cpUB, terms),
    u: new Float64Array(nu), beta: new Float64Array(p), eta: new Float64Array(1 + p + nu),
    mu: e, muEta: e, vari: e, sw: e, zw: e, dres: e, etaOff: e, empty: e, kernel: null, devKernel: null, etaQ: e, dresQ: e,
    zIdx: null, zVal: null, bScr: new Float64Array(nu), uOld: new Float64Array(nu), betaOld: new Float64Array(p), uNew: new Float64Array(nu),
    betaNew: new Float64Array(p), ur: new Float64Array(s.units.m), rhs: new Float64Array(s.q0),
    start: { eta0: null, mu: e, muEta: e, vari: e, dres: e, dev: NaN },
  };
}
