/**
 * Penalized iteratively reweighted least squares (the GLMM paper's §2.1): for fixed θ (and β,
 * or with β estimated alongside u for nAGQ = 0), find the conditional modes u that minimize the
 * penalized deviance  Σ devResid(y, μ(η)) + ‖u‖²,  η = offset + Xβ + ZΛu.
 *
 * Each iteration forms the working weights w_i = wt_i μ'(η_i)² / V(μ_i) and working response,
 * refills the cross products (one pass over the data, pattern fixed) and solves the PLS system
 * with the LMM's blocked Cholesky factor. A step that increases the penalized deviance is halved
 * (up to 10 times) before giving up with a clear error.
 */
import type { Family } from "./family/index.js";
import type { ReTerm } from "../model/random.js";
import { fillCrossProducts, type CrossPattern, type CrossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor, setTheta, logDetL2, type LmmFactor } from "../lmm/factor.js";
import { plsSolve } from "../lmm/solution.js";
import { pirlsFailed } from "../messages/glmm.js";

/** The immutable data of a GLMM and its mutable PIRLS workspace. */
export interface GlmmWork {
  readonly family: Family;
  readonly terms: readonly ReTerm[];
  readonly pat: CrossPattern;
  readonly X: Float64Array;
  readonly p: number;
  readonly y: Float64Array;
  readonly wt: Float64Array;
  readonly nTrials: Float64Array;
  readonly offset: Float64Array | null;
  readonly n: number;
  /** Factor for u only (p = 0) and for (u, β) (nAGQ = 0). */
  readonly fU: LmmFactor;
  readonly fUB: LmmFactor;
  readonly cpU: CrossProducts;
  readonly cpUB: CrossProducts;
  // mutable state
  u: Float64Array;
  readonly beta: Float64Array;
  readonly eta: Float64Array;
  readonly mu: Float64Array;
  readonly muEta: Float64Array;
  readonly vari: Float64Array;
  readonly sw: Float64Array;
  readonly zw: Float64Array;
  readonly dres: Float64Array;
  readonly etaOff: Float64Array;
  readonly empty: Float64Array;
}

export function allocGlmm(family: Family, terms: readonly ReTerm[], pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, wt: Float64Array, nTrials: Float64Array, offset: Float64Array | null): GlmmWork {
  const n = y.length;
  const empty = new Float64Array(0);
  const ones = new Float64Array(n).fill(1);
  const cpU = fillCrossProducts(pat, empty, 0, ones, null);
  const cpUB = fillCrossProducts(pat, X, p, ones, null);
  let nu = pat.l0 * pat.q0 + pat.units.m;
  return {
    family, terms, pat, X, p, y, wt, nTrials, offset, n,
    cpU, cpUB, fU: allocFactor(cpU, terms), fUB: allocFactor(cpUB, terms),
    u: new Float64Array(nu), beta: new Float64Array(p),
    eta: new Float64Array(n), mu: new Float64Array(n), muEta: new Float64Array(n), vari: new Float64Array(n),
    sw: new Float64Array(n), zw: new Float64Array(n), dres: new Float64Array(n), etaOff: new Float64Array(n), empty,
  };
}

/** b = Λu contribution: out_i = Σ_k z_k,i · (T_k u_k)[level]. T from the factor (set by updateFactor/setTheta). */
export function addZLambdaU(w: GlmmWork, T: readonly Float64Array[], u: Float64Array, out: Float64Array): void {
  const { terms, n, pat } = w;
  let base = 0;
  terms.forEach((t, k) => {
    const q = t.q, Tk = T[k];
    if (k > 0) base = pat.l0 * pat.q0 + pat.units.start[pat.units.termBase[k]];
    for (let i = 0; i < n; i++) {
      const off = base + t.codes[i] * q;
      for (let r = 0; r < q; r++) {
        let br = 0;
        for (let c = 0; c <= r; c++) br += Tk[r + c * q] * u[off + c];
        out[i] += t.z[i + r * n] * br;
      }
    }
  });
}

/** η = offset + Xβ (without random effects) into w.etaOff. */
export function fixedPart(w: GlmmWork, beta: Float64Array): void {
  const { n, p, X, offset, etaOff } = w;
  if (offset) etaOff.set(offset); else etaOff.fill(0);
  for (let j = 0; j < p; j++) {
    const bj = beta[j];
    if (bj !== 0) for (let i = 0; i < n; i++) etaOff[i] += X[i + j * n] * bj;
  }
}

/** Sets μ, μ'(η), V(μ) from η and returns Σ devResid. */
export function updateMu(w: GlmmWork): number {
  const { family, eta, mu, muEta, vari, y, wt, dres, n } = w;
  family.link.linkinvInto(eta, mu);
  family.link.muEtaInto(eta, muEta);
  family.varianceInto(mu, vari);
  family.devResidsInto(y, mu, wt, dres);
  let s = 0;
  for (let i = 0; i < n; i++) s += dres[i];
  return s;
}

function sumSq(u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * u[i];
  return s;
}

/** η from the fixed part and u (T set on factor f). */
function etaFrom(w: GlmmWork, f: LmmFactor, u: Float64Array): void {
  w.eta.set(w.etaOff);
  addZLambdaU(w, f.T, u, w.eta);
}

/** Working weights and response for the PLS step; `withBeta` puts Xβ into the response. */
function workingSystem(w: GlmmWork, withBeta: boolean): void {
  const { n, sw, zw, eta, mu, muEta, vari, y, wt, etaOff, offset } = w;
  for (let i = 0; i < n; i++) {
    const me = muEta[i];
    sw[i] = Math.sqrt((wt[i] * me * me) / vari[i]);
    // working response: η − (part not in the PLS system) + (y − μ)/μ'(η)
    const base = withBeta ? (offset ? offset[i] : 0) : etaOff[i];
    zw[i] = eta[i] - base + (y[i] - mu[i]) / me;
  }
}

export interface PirlsResult {
  /** Σ devResid at the modes. */
  readonly devResid: number;
  /** ‖u‖². */
  readonly sqrU: number;
  /** log|L|² of the last factorization (lme4: at the weights of the iterate before the last). */
  readonly ldL2: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface PirlsOptions {
  /** Relative change of the penalized deviance that ends the iterations (lme4's tolPwrss, 1e-7). */
  readonly tol?: number;
  readonly maxit?: number;
  /**
   * Linearization start: the full linear predictor η₀ to restart from (lme4 restarts every
   * deviance evaluation from a fixed η₀: the initial η for stage 1, the stage-1 η for stage 2).
   * Without it, PIRLS starts from the current u (and β).
   */
  readonly eta0?: Float64Array;
  /**
   * true: log|L|² from the factor at the final weights (the exact Laplace approximation at the
   * modes); false (default, lme4's behaviour): from the last factorization, whose weights are
   * those of the iterate before the last.
   */
  readonly exact?: boolean;
}

/**
 * Runs PIRLS at θ. With `withBeta` false, β = w.beta is fixed (nAGQ ≥ 1); with true, β is
 * estimated alongside u and written to w.beta (nAGQ = 0). Follows lme4's pwrssUpdate: each
 * iteration forms weights at the current μ, factors, solves, and updates μ; convergence when
 * |Δ pdev| / pdev < tol; a step that increases pdev is halved up to 10 times.
 */
export function pirls(w: GlmmWork, theta: ArrayLike<number>, withBeta: boolean, opts: PirlsOptions = {}): PirlsResult {
  const tol = opts.tol ?? 1e-7, maxit = opts.maxit ?? 100;
  const f = withBeta ? w.fUB : w.fU;
  const cp = withBeta ? w.cpUB : w.cpU;
  const X = withBeta ? w.X : w.empty, p = withBeta ? w.p : 0;
  setTheta(f, theta); // T for the linear predictor
  fixedPart(w, w.beta);
  if (opts.eta0) w.eta.set(opts.eta0);
  else etaFrom(w, f, w.u);
  let dev = updateMu(w);
  let oldpdev = Infinity;
  let it = 0, converged = false;
  const uOld = new Float64Array(w.u.length), betaOld = new Float64Array(w.p);
  for (; it < maxit; it++) {
    uOld.set(w.u); betaOld.set(w.beta);
    workingSystem(w, withBeta);
    fillCrossProducts(w.pat, X, p, w.zw, w.sw, cp);
    updateFactor(f, theta);
    const sol = plsSolve(f);
    w.u.set(sol.u);
    if (withBeta) {
      w.beta.set(sol.beta);
      fixedPart(w, w.beta);
    }
    etaFrom(w, f, w.u);
    dev = updateMu(w);
    let pdev = dev + sumSq(w.u);
    if (Math.abs((oldpdev - pdev) / pdev) < tol) { converged = true; it++; break; }
    if (!(pdev <= oldpdev)) {
      for (let k = 0; k < 10 && !(pdev <= oldpdev); k++) {
        for (let i = 0; i < w.u.length; i++) w.u[i] = (uOld[i] + w.u[i]) / 2;
        if (withBeta) {
          for (let j = 0; j < w.p; j++) w.beta[j] = (betaOld[j] + w.beta[j]) / 2;
          fixedPart(w, w.beta);
        }
        etaFrom(w, f, w.u);
        dev = updateMu(w);
        pdev = dev + sumSq(w.u);
      }
      if (!(pdev - oldpdev <= tol)) throw pirlsFailed(it + 1);
    }
    oldpdev = pdev;
  }
  if (opts.exact) {
    workingSystem(w, withBeta);
    fillCrossProducts(w.pat, X, p, w.zw, w.sw, cp);
    updateFactor(f, theta);
  }
  return { devResid: dev, sqrU: sumSq(w.u), ldL2: logDetL2(f), iterations: it, converged };
}
