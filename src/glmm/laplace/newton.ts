/**
 * The inner step of the general Laplace engine: for fixed θ, the family's parameters φ and β
 * (or with β estimated alongside u), the conditional modes û maximizing
 *
 *   h(u) = Σᵢ ℓᵢ(ηᵢ) − ‖u‖²/2,   η = offset + Xβ + ZΛ_θ u,   ℓᵢ = wtᵢ log f(yᵢ | ηᵢ, φ),
 *
 * by Newton's method. With W = diag(wᵢ) the information in η, the Newton step is the penalized
 * weighted least-squares problem min ‖W^½(z − ZΛu)‖² + ‖u‖² with working response
 * zᵢ = ηᵢ − (offset + Xβ)ᵢ + ℓ′ᵢ/wᵢ: PIRLS's system, solved with the LMM's blocked Cholesky factor
 * of Λᵀ Zᵀ W Z Λ + I (the same cross-product pattern, orderings and factor). The weights are the
 * observed information −ℓ″ᵢ (exact Newton; where it is not positive, the family's expected
 * information) or, with information "expected", the expected information (Fisher scoring, lme4's
 * PIRLS). A step that lowers h is halved up to 20 times.
 *
 * The Laplace deviance is −2 Σ ℓᵢ(û) + ‖û‖² + log|L|², L the factor at û with the weights of the
 * chosen information (observed: exactly the Hessian of −2h, glmmTMB's approximation; expected:
 * lme4's, which for a non-canonical link such as the negative binomial's log differs by O(1/n_j)).
 */
import type { GlmmWork } from "../pirls.js";
import { etaFrom, fixedPart } from "../pirls.js";
import type { LaplaceFamily, Information } from "../family/laplaceTypes.js";
import { fillCrossProducts } from "../../lmm/crossprod.js";
import { logDetL2, setTheta, updateFactor, type LmmFactor } from "../../lmm/factor.js";
import { plsSolveInto } from "../../lmm/solution.js";
import { choleskyLogDet, denseGradient, denseHessian } from "./dense.js";
import { denseTooLarge } from "../../messages/family.js";

/** The PIRLS workspace plus the family's derivative arrays and the information used. */
export interface LaplaceWork {
  readonly w: GlmmWork;
  readonly fam: LaplaceFamily;
  readonly info: Information;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly fisher: Float64Array;
  /** Dense Newton system (q × q) and gradient, allocated when a weight is first not positive. */
  dense: { readonly H: Float64Array; readonly g: Float64Array; readonly W: Float64Array } | null;
}

/** A workspace for `fam` on the PIRLS workspace `w` (whose arrays it reuses). */
export function laplaceWork(w: GlmmWork, fam: LaplaceFamily, info: Information): LaplaceWork {
  return { w, fam, info, d1: new Float64Array(w.n), d2: new Float64Array(w.n), fisher: new Float64Array(w.n), dense: null };
}

/**
 * Running totals of the inner step (calls of {@link newtonModes}, their Newton iterations and
 * wall-clock ms) for profiling (`bench/families-profile.mjs`); reset by the caller. Counting
 * costs two additions per call.
 */
export const newtonStats = { calls: 0, iterations: 0, ms: 0 };

/** Outcome of the inner Newton iteration. */
export interface NewtonResult {
  /** Σ wtᵢ log f(yᵢ | η̂ᵢ, φ). */
  readonly logLik: number;
  readonly sqrU: number;
  /** log|L|² at û with the weights of the chosen information. */
  readonly ldL2: number;
  readonly iterations: number;
}

function sumSq(u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * u[i];
  return s;
}

/**
 * Newton weights (√w into sw) and working response (zw) at the current η; returns false when an
 * observed weight is not positive (replaced there by the expected information).
 */
function working(lw: LaplaceWork, withBeta: boolean): boolean {
  const { w, d1, d2, fisher, info } = lw;
  const { n, sw, zw, eta, etaOff, offset } = w;
  let allPositive = true;
  for (let i = 0; i < n; i++) {
    let wi = info === "expected" ? fisher[i] : -d2[i];
    if (!(wi > 0)) {
      if (w.wt[i] !== 0) allPositive = false;
      wi = fisher[i] > 0 ? fisher[i] : 1e-10;
    }
    sw[i] = Math.sqrt(wi);
    const base = withBeta ? (offset ? offset[i] : 0) : etaOff[i];
    zw[i] = eta[i] - base + d1[i] / wi;
  }
  return allPositive;
}

/** Largest number of random effects for the dense signed system (a q × q matrix: 50 MB at 2500). */
const DENSE_MAX = 2500;

/** The dense scratch of `lw` for q = length of u, with W = −d2 (observed information). */
function denseAt(lw: LaplaceWork, f: LmmFactor): { H: Float64Array; g: Float64Array } {
  const q = lw.w.u.length;
  if (q > DENSE_MAX) throw denseTooLarge(lw.fam.name, q, DENSE_MAX);
  if (!lw.dense) lw.dense = { H: new Float64Array(q * q), g: new Float64Array(q), W: new Float64Array(lw.w.n) };
  const { H, g, W } = lw.dense;
  for (let i = 0; i < W.length; i++) W[i] = -lw.d2[i];
  denseHessian(lw.w, f, W, H, q);
  denseGradient(lw.w, f, lw.d1, lw.w.u, g);
  return { H, g };
}

/**
 * Runs the Newton iteration at θ and `par` from the workspace's current u (and β), leaving û (and
 * β̂ when `withBeta`), η̂ and the factor at û in the workspace. Returns null when it fails (a
 * non-finite log-density, no descent after halving, or a non-positive observed information at
 * the modes, where the Laplace approximation is not defined).
 */
export function newtonModes(lw: LaplaceWork, theta: ArrayLike<number>, par: Float64Array, withBeta: boolean, maxit = 60): NewtonResult | null {
  const t0 = performance.now();
  const r = newtonModesRun(lw, theta, par, withBeta, maxit);
  newtonStats.calls++;
  newtonStats.ms += performance.now() - t0;
  if (r) newtonStats.iterations += r.iterations;
  return r;
}

function newtonModesRun(lw: LaplaceWork, theta: ArrayLike<number>, par: Float64Array, withBeta: boolean, maxit: number): NewtonResult | null {
  const { w, fam, d1, d2, fisher } = lw;
  const f = withBeta ? w.fUB : w.fU, cp = withBeta ? w.cpUB : w.cpU;
  const X = withBeta ? w.X : w.empty, p = withBeta ? w.p : 0;
  setTheta(f, theta);
  fixedPart(w, w.beta);
  etaFrom(w, f, w.u);
  let ll = fam.logDensity(w.y, w.eta, w.wt, par, d1, d2, fisher, lw.info === "observed");
  if (!Number.isFinite(ll)) return null;
  let obj = -2 * ll + sumSq(w.u);
  const { uOld, betaOld } = w;
  let it = 0;
  for (; it < maxit; it++) {
    uOld.set(w.u); betaOld.set(w.beta);
    // Exact Newton: the blocked factor when every observed weight is positive, else (u only) the
    // dense signed system while it is positive definite; otherwise the expected information
    // stands in for the non-positive weights.
    let dense = false;
    if (!working(lw, withBeta) && !withBeta && lw.info === "observed") {
      const { H, g } = denseAt(lw, f);
      if (choleskyLogDet(H, w.u.length, g) !== null) {
        for (let j = 0; j < w.u.length; j++) w.u[j] += g[j];
        dense = true;
      }
    }
    if (!dense) {
      fillCrossProducts(w.pat, X, p, w.zw, w.sw, cp, false);
      updateFactor(f, theta);
      plsSolveInto(f, withBeta ? w.betaNew : w.empty, w.uNew, w.ur, w.rhs);
      w.u.set(w.uNew);
    }
    if (withBeta) { w.beta.set(w.betaNew); fixedPart(w, w.beta); }
    etaFrom(w, f, w.u);
    ll = fam.logDensity(w.y, w.eta, w.wt, par, d1, d2, fisher, lw.info === "observed");
    let next = -2 * ll + sumSq(w.u);
    let halvings = 0;
    for (; halvings < 20 && !(next <= obj + 1e-12 * Math.abs(obj)); halvings++) {
      for (let i = 0; i < w.u.length; i++) w.u[i] = (uOld[i] + w.u[i]) / 2;
      if (withBeta) { for (let j = 0; j < w.p; j++) w.beta[j] = (betaOld[j] + w.beta[j]) / 2; fixedPart(w, w.beta); }
      etaFrom(w, f, w.u);
      ll = fam.logDensity(w.y, w.eta, w.wt, par, d1, d2, fisher, lw.info === "observed");
      next = -2 * ll + sumSq(w.u);
    }
    if (!(next <= obj + 1e-12 * Math.abs(obj))) return null;
    let step = 0;
    for (let i = 0; i < w.u.length; i++) step = Math.max(step, Math.abs(w.u[i] - uOld[i]));
    if (withBeta) for (let j = 0; j < w.p; j++) step = Math.max(step, Math.abs(w.beta[j] - betaOld[j]));
    const change = obj - next;
    obj = next;
    // A full Newton step this small leaves an error of its square: converged.
    if (halvings === 0 && (step < 1e-7 || change < 1e-13 * (1 + Math.abs(obj)))) { it++; break; }
  }
  // The factor at the modes, with the information of the approximation (the blocked factor also
  // when some observed weight is not positive: conditional variances then use the expected
  // information there, the determinant comes from the dense signed system).
  const positive = working(lw, withBeta);
  fillCrossProducts(w.pat, X, p, w.zw, w.sw, cp, false);
  updateFactor(f, theta);
  let ldL2 = logDetL2(f);
  if (!positive && lw.info === "observed") {
    if (withBeta) return null;
    const ld = choleskyLogDet(denseAt(lw, f).H, w.u.length);
    if (ld === null) return null;
    ldL2 = ld;
  }
  return { logLik: ll, sqrU: sumSq(w.u), ldL2, iterations: it };
}

/**
 * The Laplace deviance −2 log L(θ, β, φ) ≈ −2 Σ ℓᵢ(û) + ‖û‖² + log|L|² (β fixed at `beta`),
 * warm-started from the previous modes; Infinity where the inner step fails from there and from
 * u = 0.
 */
export function laplaceDeviance(lw: LaplaceWork, theta: ArrayLike<number>, beta: ArrayLike<number>, par: Float64Array): number {
  const w = lw.w;
  for (let j = 0; j < w.p; j++) w.beta[j] = beta[j];
  let r = newtonModes(lw, theta, par, false);
  if (!r) {
    w.u.fill(0);
    r = newtonModes(lw, theta, par, false);
  }
  if (!r) { w.u.fill(0); return Infinity; }
  const d = -2 * r.logLik + r.sqrU + r.ldL2;
  return Number.isFinite(d) ? d : Infinity;
}

/**
 * The first stage's objective of (θ, φ): β estimated with u in the Newton iteration (as glmer's
 * nAGQ = 0), −2 Σ ℓᵢ + ‖û‖² + log|L_u|², warm-started; Infinity where the inner step fails.
 */
export function jointDeviance(lw: LaplaceWork, theta: ArrayLike<number>, par: Float64Array): number {
  const w = lw.w;
  let r = newtonModes(lw, theta, par, true);
  if (!r) {
    w.u.fill(0); w.beta.fill(0);
    r = newtonModes(lw, theta, par, true);
  }
  if (!r) { w.u.fill(0); w.beta.fill(0); return Infinity; }
  const d = -2 * r.logLik + r.sqrU + r.ldL2;
  return Number.isFinite(d) ? d : Infinity;
}
