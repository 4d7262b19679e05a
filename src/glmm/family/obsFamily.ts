/**
 * Laplace-engine families (protocol in `laplaceTypes.ts`) built from a per-observation
 * log-density (`src/families/`), with glmmTMB's two extra linear predictors:
 *
 * - a dispersion model (`dispformula`): log φᵢ = X_d,i β_d (glmmTMB's `betad`; `~1`, the
 *   default, is one log φ for all observations);
 * - a zero-inflation model (`ziformula`): logit pᵢ = X_zi,i β_zi (glmmTMB's `betazi`; fixed
 *   effects only), pᵢ the probability of a structural zero.
 *
 * The family's parameter vector (`par`, optimized jointly with θ and β by the outer optimizer) is
 * [β_zi, β_d] in that order (glmmTMB's order of `fixef`: cond, zi, disp). Prior weights multiply
 * the log-density, except for a binomial-type family (betabinomial), where, as for lme4's binomial
 * with cbind(), y is the proportion of successes and the weight the number of trials.
 */
import type { LogDensity, ObsLogDensity, ZiLogDensity } from "../../families/types.js";
import { newLogDensity, newZiLogDensity } from "../../families/types.js";
import { zeroInflated, zeroInflatedParts, ziParts, type ZiParts } from "../../families/zeroInflated.js";
import { plogis } from "./special.js";
import type { Family, Link, WarningSink } from "./types.js";
import type { FamilyParam, LaplaceFamily } from "./laplaceTypes.js";
import { truncatedZeros, ziWithoutZeros } from "../../messages/family.js";

/** A fixed-effects design of an extra linear predictor: n × p, column-major, with R's column names. */
export interface DesignBlock {
  readonly X: Float64Array;
  readonly p: number;
  readonly names: readonly string[];
}

/** What a per-observation family contributes to {@link obsLaplaceFamily}. */
export interface ObsFamilySpec {
  /** glmmTMB's name ("beta", "betabinomial", "nbinom2", "nbinom1", "poisson", "gaussian"). */
  readonly name: string;
  readonly link: Link;
  readonly density: ObsLogDensity;
  /** Does the family have a dispersion parameter φ (false: poisson)? */
  readonly hasPhi: boolean;
  /** y is a proportion of `wt` trials (betabinomial): the weight is the size, not a multiplier. */
  readonly trials: boolean;
  /** Validates y (LmeError naming `label` and rows) and returns starting means. */
  initialize(y: Float64Array, wt: Float64Array, label: string): Float64Array;
  /** Starting log φ from y and the starting means. */
  startLogPhi(y: Float64Array, mu: Float64Array, wt: Float64Array): number;
  /** A positive information in η (the GLM working weight μ′²/Var y) for Newton steps where the observed one is not positive. */
  fisher(mu: number, phi: number, size: number): number;
  /** Var(y) of one observation (for a trials family: of the proportion). */
  variance(mu: number, phi: number, size: number): number;
  /** One draw of y (for a trials family: the proportion). */
  draw(mu: number, phi: number, size: number, rng: () => number): number;
  /**
   * Zero-truncated (truncated_poisson, truncated_nbinom2): y = 0 has density 0, so zeros are
   * allowed only with a zero-inflation model (glmmTMB's hurdle: p is then the probability of a zero).
   */
  readonly truncated?: boolean;
  /** The conditional model's mean from the link-scale μ when it is not μ (a truncated family: μ/(1 − f(0))). */
  condMean?(mu: number, phi: number): number;
}

/** The family of {@link obsLaplaceFamily} with access to the extra linear predictors. */
export interface ObsLaplaceFamily extends LaplaceFamily {
  readonly spec: ObsFamilySpec;
  readonly zi: DesignBlock | null;
  readonly disp: DesignBlock | null;
  /** φᵢ = exp(X_d,i β_d) into `out` (1 for a family without φ). */
  phiInto(par: Float64Array, out: Float64Array): Float64Array;
  /** pᵢ = logistic(X_zi,i β_zi) into `out` (0 without zero-inflation): glmmTMB's predict type "zprob". */
  zprobInto(par: Float64Array, out: Float64Array): Float64Array;
}

const ZI_BOUND = 30;
/** Step in ν = log φ of `paramTerms`' forward difference of d2, and the factor e^step on φ. */
const NU_STEP = 1e-6;
const NU_STEP_MULT = Math.exp(NU_STEP);
const DISP_BOUND = 30;

/** X β for one row i of a design block. */
function rowDot(d: DesignBlock, n: number, i: number, par: Float64Array, off: number): number {
  let s = 0;
  for (let j = 0; j < d.p; j++) s += d.X[i + j * n]! * par[off + j]!;
  return s;
}

/**
 * The Laplace family for `spec` with an optional zero-inflation design `zi` and dispersion design
 * `disp` (n rows each; without `disp` a single log φ, named "log(phi)"). Zero-inflation needs at
 * least one zero in y (else its probability runs to 0: an LmeError says to drop `ziformula`).
 */
export function obsLaplaceFamily(spec: ObsFamilySpec, opts: { zi?: DesignBlock | null; disp?: DesignBlock | null } = {}): ObsLaplaceFamily {
  const zi = opts.zi ?? null;
  const disp = spec.hasPhi ? (opts.disp ?? null) : null;
  const pz = zi ? zi.p : 0;
  const pd = spec.hasPhi ? (disp ? disp.p : 1) : 0;
  const params: FamilyParam[] = [];
  if (zi) for (const nm of zi.names) params.push({ name: `zi~${nm}`, lower: -ZI_BOUND, upper: ZI_BOUND });
  if (spec.hasPhi) {
    if (disp) for (const nm of disp.names) params.push({ name: `disp~${nm}`, lower: -DISP_BOUND, upper: DISP_BOUND });
    else params.push({ name: "log(phi)", lower: -DISP_BOUND, upper: DISP_BOUND });
  }
  const ziDensity = zi ? zeroInflatedParts(spec.density) : null;
  const one: LogDensity = newLogDensity();
  const oneZi: ZiLogDensity = newZiLogDensity();

  const logPhiAt = (par: Float64Array, n: number, i: number) => (!spec.hasPhi ? 0 : disp ? rowDot(disp, n, i, par, pz) : par[pz]!);
  const etaZiAt = (par: Float64Array, n: number, i: number) => (zi ? rowDot(zi, n, i, par, 0) : -Infinity);

  // Per-row quantities that depend on par only (φᵢ = exp(X_d,i β_d); pᵢ, 1 − pᵢ, log pᵢ,
  // log(1 − pᵢ) of ζᵢ = X_zi,i β_zi), computed once per parameter vector and reused by every pass
  // of the inner Newton iteration at that vector (one exponential, or two and a log1p with
  // zero-inflation, fewer per observation and pass).
  const rows = { n: -1, par: new Float64Array(pz + pd).fill(NaN), phi: new Float64Array(0), p: new Float64Array(0), q: new Float64Array(0), lp: new Float64Array(0), lq: new Float64Array(0) };
  const zp: ZiParts = { p: 0, q: 0, lp: 0, lq: 0 };
  const rowsAt = (par: Float64Array, n: number): typeof rows => {
    let same = rows.n === n;
    for (let k = 0; k < par.length && same; k++) same = par[k] === rows.par[k];
    if (same) return rows;
    if (rows.n !== n) {
      rows.phi = new Float64Array(n);
      if (zi) { rows.p = new Float64Array(n); rows.q = new Float64Array(n); rows.lp = new Float64Array(n); rows.lq = new Float64Array(n); }
    }
    for (let i = 0; i < n; i++) {
      rows.phi[i] = spec.hasPhi ? Math.exp(logPhiAt(par, n, i)) : 1;
      if (zi) {
        ziParts(etaZiAt(par, n, i), zp);
        rows.p[i] = zp.p; rows.q[i] = zp.q; rows.lp[i] = zp.lp; rows.lq[i] = zp.lq;
      }
    }
    rows.n = n;
    rows.par.set(par);
    return rows;
  };

  /** Evaluates observation i at the per-row quantities `r` (φᵢ scaled by `phiMult`) into `one` (or `oneZi` with zero-inflation) and returns it; `multOf` gives the weight multiplying it. */
  const evalAt = (y: Float64Array, eta: Float64Array, wt: Float64Array, i: number, r: typeof rows, withNu: boolean, phiMult = 1): LogDensity | ZiLogDensity => {
    const w = wt[i]!;
    const size = spec.trials ? w : 1;
    const yi = spec.trials ? Math.round(y[i]! * w) : y[i]!;
    const phi = r.phi[i]! * phiMult;
    return ziDensity ? ziDensity(yi, eta[i]!, phi, size, r, i, oneZi, withNu) : spec.density(yi, eta[i]!, phi, size, one, withNu);
  };
  const multOf = (wt: Float64Array, i: number) => (spec.trials ? 1 : wt[i]!);

  const fam: ObsLaplaceFamily = {
    name: spec.name,
    link: spec.link,
    params,
    spec,
    zi,
    disp,
    initialize(y, wt, label, _warn?: WarningSink) {
      const mu = spec.initialize(y, wt, label);
      if (spec.truncated && !zi) {
        const rows: number[] = [];
        for (let i = 0; i < y.length; i++) if (wt[i] !== 0 && y[i] === 0) rows.push(i);
        if (rows.length) throw truncatedZeros(spec.name, label, rows);
      }
      if (zi) {
        let zeros = 0;
        for (let i = 0; i < y.length; i++) if (wt[i] !== 0 && y[i] === 0) zeros++;
        if (zeros === 0) throw ziWithoutZeros(spec.name, label);
      }
      return mu;
    },
    startParams(y, mu, wt) {
      const par = new Float64Array(pz + pd);
      if (spec.hasPhi) par[pz] = spec.startLogPhi(y, mu, wt);
      return par;
    },
    logDensity(y, eta, wt, par, d1, d2, fisher, fisherWhereNeeded) {
      let s = 0;
      const n = y.length;
      const r = rowsAt(par, n);
      for (let i = 0; i < n; i++) {
        if (wt[i] === 0) {
          if (d1) d1[i] = 0;
          if (d2) d2[i] = 0;
          if (fisher) fisher[i] = 0;
          continue;
        }
        const d = evalAt(y, eta, wt, i, r, false);
        const mult = multOf(wt, i);
        s += mult * d.value;
        if (d1) d1[i] = mult * d.dEta;
        if (d2) d2[i] = mult * d.dEta2;
        if (fisher && !(fisherWhereNeeded && d2 && d.dEta2 < 0)) {
          const mu = spec.link.linkinv(eta[i]!);
          fisher[i] = mult * (zi ? r.q[i]! : 1) * spec.fisher(mu, r.phi[i]!, spec.trials ? wt[i]! : 1);
        }
      }
      return s;
    },
    gradParams(y, eta, wt, par, out) {
      out.fill(0);
      const n = y.length;
      const r = rowsAt(par, n);
      for (let i = 0; i < n; i++) {
        if (wt[i] === 0) continue;
        const d = evalAt(y, eta, wt, i, r, true);
        const mult = multOf(wt, i);
        if (zi) for (let j = 0; j < pz; j++) out[j] += mult * (d as ZiLogDensity).dZi * zi.X[i + j * n]!;
        if (spec.hasPhi) {
          if (disp) for (let j = 0; j < pd; j++) out[pz + j] += mult * d.dNu * disp.X[i + j * n]!;
          else out[pz] += mult * d.dNu;
        }
      }
    },
    paramTerms(y, eta, wt, par, a, b, gp, mix) {
      gp.fill(0);
      mix.fill(0);
      const n = y.length;
      const r = rowsAt(par, n);
      for (let i = 0; i < n; i++) {
        if (wt[i] === 0) continue;
        const d = evalAt(y, eta, wt, i, r, true);
        const mult = multOf(wt, i);
        if (zi) {
          // ∂d1/∂ζ = ∂²ℓ/∂η∂ζ, ∂d2/∂ζ = ∂³ℓ/∂η²∂ζ: analytic (zeroInflated.ts).
          const z = d as ZiLogDensity;
          const c = mult * z.dZi, m = mult * (a[i]! * z.dEtaZi + b[i]! * z.dEta2Zi);
          for (let j = 0; j < pz; j++) {
            const x = zi.X[i + j * n]!;
            gp[j] += c * x;
            mix[j] += m * x;
          }
        }
        if (spec.hasPhi) {
          // ∂d1/∂ν analytic, ∂d2/∂ν a forward difference in ν = log φ (one more evaluation).
          const dNu = d.dNu, dEtaNu = d.dEtaNu, d2 = d.dEta2;
          const d2h = evalAt(y, eta, wt, i, r, false, NU_STEP_MULT).dEta2;
          const c = mult * dNu, m = mult * (a[i]! * dEtaNu + (b[i]! * (d2h - d2)) / NU_STEP);
          if (disp) {
            for (let j = 0; j < pd; j++) {
              const x = disp.X[i + j * n]!;
              gp[pz + j] += c * x;
              mix[pz + j] += m * x;
            }
          } else {
            gp[pz] += c;
            mix[pz] += m;
          }
        }
      }
    },
    glmView(par, name) {
      const m = zi ? zi.X.length / zi.p : disp ? disp.X.length / disp.p : 1;
      return glmView(spec, fam.phiInto(par, new Float64Array(m)), fam.zprobInto(par, new Float64Array(m)), name ?? spec.name);
    },
    dispersion: (par) => (spec.hasPhi ? Math.exp(par[pz]!) : 1),
    // No "data look poisson" check for these families: a zero-inflated or dispersion-model fit
    // whose dispersion runs to its bound reports it in its estimates (and nbinom2/nbinom1 without
    // those models use nbinom.ts, which has the check). poissonPar is therefore never asked for.
    poissonLimit: () => false,
    poissonPar: () => new Float64Array(pz + pd),
    phiInto(par, out) {
      const n = out.length;
      for (let i = 0; i < n; i++) out[i] = Math.exp(logPhiAt(par, n, i));
      return out;
    },
    zprobInto(par, out) {
      const n = out.length;
      for (let i = 0; i < n; i++) out[i] = zi ? plogis(etaZiAt(par, n, i)) : 0;
      return out;
    },
  };
  return fam;
}

/**
 * The distribution at `par` as a GLM `Family` (mean, variance, simulation, −2 log f as the unit
 * "deviance", glmmTMB's `deviance()` being −2 logLik). `phi` and `pz` hold φᵢ and pᵢ per
 * observation: the vector methods (`varianceInto`, `devResidsInto`, `aic`, `simulate`) use them
 * when given one value per observation; the scalar `variance(μ)` and `devResid` cannot know the
 * observation and use the first one's φ and p, exact only without dispersion and zero-inflation
 * models (the fitted model's Pearson residuals go through `varianceInto`). With
 * zero-inflation the mean is (1 − p)m and the variance (1 − p)(V + pm²), m the conditional model's
 * mean (μ, or μ/(1 − f(0)) for a truncated family: `condMean`) and V its variance.
 */
export function glmView(spec: ObsFamilySpec, phi: Float64Array, pz: Float64Array, name: string): Family {
  const n = phi.length;
  const at = (arr: Float64Array, i: number, len: number) => arr[len === n ? i : 0]!;
  const ll = (y: number, mu: number, wt: number, ph: number, p: number) => {
    const size = spec.trials ? wt : 1;
    const yy = spec.trials ? Math.round(y * wt) : y;
    const eta = spec.link.linkfun(mu);
    let v: number;
    if (p > 0) v = zeroInflated(spec.density)(yy, eta, Math.log(p / (1 - p)), ph, size, newZiLogDensity()).value;
    else v = spec.density(yy, eta, ph, size, newLogDensity()).value;
    return spec.trials ? v : wt * v;
  };
  const variance = (mu: number, ph: number, p: number) => {
    const m = spec.condMean ? spec.condMean(mu, ph) : mu;
    return (1 - p) * (spec.variance(mu, ph, 1) + p * m * m);
  };
  return {
    name,
    link: spec.link,
    hasScale: false,
    variance: (mu) => variance(mu, phi[0]!, pz[0]!),
    varianceInto(mu, out) {
      for (let i = 0; i < mu.length; i++) out[i] = variance(mu[i]!, at(phi, i, mu.length), at(pz, i, mu.length));
    },
    validmu: (mu) => Number.isFinite(mu) && spec.link.valideta(spec.link.linkfun(mu)),
    devResid: (y, mu, wt) => -2 * ll(y, mu, wt, phi[0]!, pz[0]!),
    devResidsInto(y, mu, wt, out) {
      for (let i = 0; i < y.length; i++) out[i] = -2 * ll(y[i]!, mu[i]!, wt[i]!, at(phi, i, y.length), at(pz, i, y.length));
    },
    aic(y, _n, mu, wt) {
      let s = 0;
      for (let i = 0; i < y.length; i++) if (wt[i] !== 0) s += ll(y[i]!, mu[i]!, wt[i]!, at(phi, i, y.length), at(pz, i, y.length));
      return -2 * s;
    },
    initialize: (y, wt) => spec.initialize(y, wt, "the response"),
    simulate(mu, wt, _scale, rng) {
      return mu.map((m, i) => (rng() < at(pz, i, mu.length) ? 0 : spec.draw(m, at(phi, i, mu.length), spec.trials ? wt[i]! : 1, rng)));
    },
  };
}
