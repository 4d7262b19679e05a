/**
 * Fused per-observation kernels of the two canonical GLMM families, the hot loops of PIRLS and of
 * adaptive Gauss–Hermite quadrature.
 *
 * binomial / logit, with e = e^(−|η|) and softplus(η) = log(1 + e^η) = max(η, 0) + log1p(e):
 *   μ = 1/(1 + e) (η ≥ 0) or e/(1 + e) (η < 0),   μ'(η) = e/(1 + e)²,   V = μ(1 − μ),
 *   devResid = 2 wt [softplus(η) − yη + h],   h = y log y + (1 − y) log(1 − y)
 * (the same as 2 wt [y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))], one exponential and one log1p
 * per observation instead of two exponentials and a log).
 * poisson / log, with μ = e^η:
 *   μ' = V = μ,   devResid = 2 wt [c − yη + μ],   c = y log y − y
 * (the same as 2 wt [y log(y/μ) − (y − μ)], no log per observation).
 *
 * Exponentials and logs come from `fastmath` (within 4 ulp of Math.*), formed in two passes over
 * the observations (exponentials, then logs) so that consecutive observations overlap in the CPU
 * instead of waiting on one long dependency chain. Observations where lme4's clamps bite
 * (|η| > 30 for logit: μ within 1e−13 of 0 or 1; η outside [−36, 38] for log) are recomputed with
 * the family's exact scalar functions, so the clamps (μ ∈ [ε, 1 − ε], μ' ≥ ε, μ ≥ ε) act exactly
 * as in lme4. The results agree with the family's separate vector forms to rounding
 * (test/glmm/fused.test.ts).
 */
import { expSmall, log1pUnit, EXP_SMALL_MAX } from "./fastmath.js";
import type { Family } from "./types.js";

/**
 * Sets μ = g⁻¹(η), dμ/dη, V(μ) and the deviance residuals and returns Σ devResid (a sequential
 * sum). The response is bound when the kernel is made.
 */
export type MuKernel = (eta: Float64Array, wt: Float64Array, mu: Float64Array, muEta: Float64Array, vari: Float64Array, dres: Float64Array) => number;

/** dres_i = devResid(y_i, g⁻¹(η_i), wt_i). */
export type DevKernel = (eta: Float64Array, wt: Float64Array, dres: Float64Array) => void;

type FusedKind = "binomial-logit" | "poisson-log";

/** Families made by this package's constructors with a built-in link that has fused kernels. */
const fusedKind = new WeakMap<Family, FusedKind>();

/** Marks `family` (made by a family constructor with its canonical built-in link) as fused. */
export function markFused(family: Family, kind: FusedKind): void {
  fusedKind.set(family, kind);
}

/**
 * The two-chunk PIRLS passes (glmm/threads/passes.ts) of `family`: 0 for binomial/logit, 1 for
 * poisson/log (fused families only), with the per-observation constant of the deviance
 * residual (binomial: y log y + (1 − y) log(1 − y); poisson: y log y − y); null otherwise.
 */
export function fusedPassKind(family: Family, y: Float64Array): { kind: number; h: Float64Array } | null {
  const kind = fusedKind.get(family);
  if (!kind) return null;
  return kind === "binomial-logit" ? { kind: 0, h: binomialH(y) } : { kind: 1, h: poissonC(y) };
}

/** |η| beyond which logit observations take the exact path (μ within ~1e−13 of 0 or 1). */
export const LOGIT_FAST_MAX = 30;
/** log-link observations with η in [LOG_FAST_MIN, EXP_SMALL_MAX] take the fast path (μ ≥ ε). */
export const LOG_FAST_MIN = -36;

/** y log y + (1 − y) log(1 − y) per observation (0 for y ∈ {0, 1}; 0 outside [0, 1], where wt = 0). */
function binomialH(y: Float64Array): Float64Array {
  const h = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v > 0 && v < 1) h[i] = v * Math.log(v) + (1 - v) * Math.log(1 - v);
  }
  return h;
}

/** y log y − y per observation (0 for y = 0). */
function poissonC(y: Float64Array): Float64Array {
  const c = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v > 0) c[i] = v * Math.log(v) - v;
  }
  return c;
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** Growable index list of the observations that take the exact path. */
class SlowList {
  idx = new Int32Array(16);
  n = 0;
  push(i: number): void {
    if (this.n === this.idx.length) {
      const b = new Int32Array(2 * this.n);
      b.set(this.idx);
      this.idx = b;
    }
    this.idx[this.n++] = i;
  }
}

/** The logit exponential pass: e = e^(−|η|) into `ex` for the fast observations, the others listed in `slow` (e = 0 there). */
function logitExpPass(eta: Float64Array, ex: Float64Array, slow: SlowList): void {
  slow.n = 0;
  for (let i = 0; i < eta.length; i++) {
    const x = eta[i]!, a = x < 0 ? -x : x;
    if (a > LOGIT_FAST_MAX) {
      slow.push(i);
      ex[i] = 0;
      continue;
    }
    ex[i] = expSmall(-a);
  }
}

/**
 * The logit μ pass from e (after `logitExpPass`): μ, μ', V. Slow observations get values from
 * e = 0 here; the caller's exact path overwrites them.
 */
function logitMuPass(eta: Float64Array, ex: Float64Array, mu: Float64Array, muEta: Float64Array, vari: Float64Array): void {
  for (let i = 0; i < eta.length; i++) {
    const e = ex[i]!, inv = 1 / (1 + e);
    const m = eta[i]! >= 0 ? inv : e * inv;
    mu[i] = m;
    muEta[i] = e * inv * inv;
    vari[i] = m * (1 - m);
  }
}


/** The logit deviance pass: dres = 2 wt [log1p(e) + max(η, 0) − yη + h]. */
function logitDevPass(eta: Float64Array, ex: Float64Array, y: Float64Array, h: Float64Array, wt: Float64Array, dres: Float64Array): void {
  for (let i = 0; i < eta.length; i++) {
    const x = eta[i]!;
    dres[i] = 2 * wt[i]! * (log1pUnit(ex[i]!) + (x > 0 ? x : 0) - y[i]! * x + h[i]!);
  }
}

/** The exact path for the listed observations: the family's scalar functions (lme4's clamps). */
function exactAt(fam: Family, slow: SlowList, eta: Float64Array, y: Float64Array, wt: Float64Array, mu: Float64Array, muEta: Float64Array | null, vari: Float64Array | null, dres: Float64Array): void {
  const { link } = fam;
  for (let t = 0; t < slow.n; t++) {
    const i = slow.idx[t]!, x = eta[i]!;
    const m = link.linkinv(x);
    mu[i] = m;
    if (muEta) muEta[i] = link.muEta(x);
    if (vari) vari[i] = fam.variance(m);
    dres[i] = fam.devResid(y[i]!, m, wt[i]!);
  }
}

/** The log-link pass: μ = μ' = V = e^η and dres = 2 wt [c − yη + μ] for the fast observations. */
function logPass(eta: Float64Array, y: Float64Array, c: Float64Array, wt: Float64Array, mu: Float64Array, muEta: Float64Array | null, vari: Float64Array | null, dres: Float64Array, slow: SlowList): void {
  slow.n = 0;
  for (let i = 0; i < eta.length; i++) {
    const x = eta[i]!;
    if (!(x >= LOG_FAST_MIN && x <= EXP_SMALL_MAX)) {
      slow.push(i);
      continue;
    }
    const m = expSmall(x);
    mu[i] = m;
    if (muEta) muEta[i] = m;
    if (vari) vari[i] = m;
    dres[i] = 2 * wt[i]! * (c[i]! - y[i]! * x + m);
  }
}

/**
 * The fused μ kernel of `family` for response y (binomial with the logit link and poisson with
 * the log link, as made by `binomial()`/`poisson()`/`makeFamily`), or null for any other family
 * or a custom link (callers then use the separate vector forms). y is captured: do not mutate it.
 */
export function fusedMuKernel(family: Family, y: Float64Array): MuKernel | null {
  const kind = fusedKind.get(family);
  if (!kind) return null;
  const slow = new SlowList();
  if (kind === "binomial-logit") {
    const h = binomialH(y), ex = new Float64Array(y.length);
    return (eta, wt, mu, muEta, vari, dres) => {
      logitExpPass(eta, ex, slow);
      logitMuPass(eta, ex, mu, muEta, vari);
      logitDevPass(eta, ex, y, h, wt, dres);
      exactAt(family, slow, eta, y, wt, mu, muEta, vari, dres);
      return sum(dres);
    };
  }
  const c = poissonC(y);
  return (eta, wt, mu, muEta, vari, dres) => {
    logPass(eta, y, c, wt, mu, muEta, vari, dres, slow);
    exactAt(family, slow, eta, y, wt, mu, muEta, vari, dres);
    return sum(dres);
  };
}

/** The fused deviance-residual kernel (same families as `fusedMuKernel`, y captured), or null. */
export function fusedDevKernel(family: Family, y: Float64Array): DevKernel | null {
  const kind = fusedKind.get(family);
  if (!kind) return null;
  const slow = new SlowList(), mu = new Float64Array(y.length);
  if (kind === "binomial-logit") {
    const h = binomialH(y), ex = new Float64Array(y.length);
    return (eta, wt, dres) => {
      logitExpPass(eta, ex, slow);
      logitDevPass(eta, ex, y, h, wt, dres);
      exactAt(family, slow, eta, y, wt, mu, null, null, dres);
    };
  }
  const c = poissonC(y);
  return (eta, wt, dres) => {
    logPass(eta, y, c, wt, mu, null, null, dres, slow);
    exactAt(family, slow, eta, y, wt, mu, null, null, dres);
  };
}
