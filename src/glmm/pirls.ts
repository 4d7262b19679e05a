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
import { fusedMuKernel, fusedDevKernel, fusedPassKind, type MuKernel, type DevKernel } from "./family/fused.js";
import { PassRunner, glmmThreads, sharedF64, sharedI32 } from "./threads/runner.js";
import { passArrays, sharedCrossProducts } from "./threads/setup.js";
import type { ReTerm } from "../model/random.js";
import { fillCrossProducts, type CrossPattern, type CrossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor, setTheta, logDetL2, type LmmFactor } from "../lmm/factor.js";
import { plsSolveInto } from "../lmm/solution.js";
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
  /** Fused μ/μ'/V/devResid pass of the family (null: the separate vector forms). */
  readonly kernel: MuKernel | null;
  /** Fused deviance residuals at η (adaptive Gauss–Hermite nodes); null: the vector forms. */
  readonly devKernel: DevKernel | null;
  /** η and devResid scratch of the quadrature nodes. */
  readonly etaQ: Float64Array;
  readonly dresQ: Float64Array;
  /**
   * All terms scalar: per observation i and term k, the index into u of its level (zIdx[iK + k])
   * and z_k,i (zVal[iK + k]); null otherwise.
   */
  readonly zIdx: Int32Array | null;
  readonly zVal: Float64Array | null;
  /** Scratch: Λu (length of u), previous iterate, the solve's buffers. */
  readonly bScr: Float64Array;
  readonly uOld: Float64Array;
  readonly betaOld: Float64Array;
  readonly uNew: Float64Array;
  readonly betaNew: Float64Array;
  readonly ur: Float64Array;
  readonly rhs: Float64Array;
  /**
   * Rows held elsewhere (a database, src/sources/pirls.ts): PIRLS runs there, the per-row arrays
   * are empty and `eta` encodes the linear predictor by its parameters.
   */
  readonly remote?: RemotePirls;
  /**
   * The two-chunk passes (glmm/threads/) for binomial/logit and poisson/log with scalar terms,
   * on one or two threads; null: the one-pass code below.
   */
  readonly passes: PassRunner | null;
  /** μ, μ', V, devResid and their sum at the last restart predictor η₀ (see `restartMu`). */
  readonly start: { eta0: Float64Array | null; readonly mu: Float64Array; readonly muEta: Float64Array; readonly vari: Float64Array; readonly dres: Float64Array; dev: number };
}

/**
 * Allocates the PIRLS workspace of a GLMM: both factors (u only and (u, β)), the per-observation
 * arrays, and for all-scalar terms the flat per-observation indices of the linear predictor.
 */
export function allocGlmm(family: Family, terms: readonly ReTerm[], pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, wt: Float64Array, nTrials: Float64Array, offset: Float64Array | null): GlmmWork {
  const n = y.length;
  const empty = new Float64Array(0);
  const ones = new Float64Array(n).fill(1);
  const scalar = terms.every((t) => t.q === 1);
  const fk = scalar ? fusedPassKind(family, y) : null;
  // Arrays the pass worker reads or writes live in shared memory (ordinary memory otherwise).
  const arr = fk ? sharedF64 : (len: number) => new Float64Array(len);
  let cpU = fillCrossProducts(pat, empty, 0, ones, null);
  let cpUB = fillCrossProducts(pat, X, p, ones, null);
  if (fk) { cpU = sharedCrossProducts(cpU); cpUB = sharedCrossProducts(cpUB); }
  const nu = pat.l0 * pat.q0 + pat.units.m;
  const K = terms.length;
  let zIdx: Int32Array | null = null, zVal: Float64Array | null = null;
  if (scalar) {
    zIdx = fk ? sharedI32(n * K) : new Int32Array(n * K); zVal = arr(n * K);
    terms.forEach((t, k) => {
      const base = k === 0 ? 0 : pat.l0 * pat.q0 + pat.units.start[pat.units.termBase[k]];
      for (let i = 0; i < n; i++) { zIdx![i * K + k] = base + t.codes[i]; zVal![i * K + k] = t.z[i]; }
    });
  }
  const st = {
    eta: arr(n), etaOff: arr(n), mu: arr(n), muEta: arr(n), vari: arr(n), dres: arr(n), sw: arr(n), zw: arr(n), b: arr(nu), beta: arr(p),
  };
  const passes = fk ? new PassRunner(passArrays(fk.kind, fk.h, pat, X, p, y, wt, offset, zIdx!, zVal!, st, cpU, cpUB), glmmThreads(n)) : null;
  return {
    family, terms, pat, X, p, y, wt, nTrials, offset, n,
    kernel: fusedMuKernel(family, y), devKernel: fusedDevKernel(family, y), zIdx, zVal, passes,
    etaQ: new Float64Array(n), dresQ: new Float64Array(n),
    bScr: st.b, uOld: new Float64Array(nu), betaOld: new Float64Array(p), uNew: new Float64Array(nu),
    betaNew: new Float64Array(p), ur: new Float64Array(pat.units.m), rhs: new Float64Array(pat.q0),
    start: { eta0: null, mu: new Float64Array(n), muEta: new Float64Array(n), vari: new Float64Array(n), dres: new Float64Array(n), dev: NaN },
    cpU, cpUB, fU: allocFactor(cpU, terms), fUB: allocFactor(cpUB, terms),
    u: new Float64Array(nu), beta: st.beta,
    eta: st.eta, mu: st.mu, muEta: st.muEta, vari: st.vari, dres: st.dres,
    sw: st.sw, zw: st.zw, etaOff: st.etaOff, empty,
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
  // Two columns per sweep: the same sums, column by column (X is finite, so a zero β_j adds ±0).
  let j = 0;
  for (; j + 1 < p; j += 2) {
    const b0 = beta[j], b1 = beta[j + 1], c0 = j * n, c1 = c0 + n;
    for (let i = 0; i < n; i++) etaOff[i] = etaOff[i] + X[c0 + i] * b0 + X[c1 + i] * b1;
  }
  if (j < p) {
    const b0 = beta[j], c0 = j * n;
    for (let i = 0; i < n; i++) etaOff[i] += X[c0 + i] * b0;
  }
}

/** Sets μ, μ'(η), V(μ) from η and returns Σ devResid. */
export function updateMu(w: GlmmWork): number {
  const { family, eta, mu, muEta, vari, y, wt, dres, n } = w;
  if (w.kernel) return w.kernel(eta, wt, mu, muEta, vari, dres);
  family.link.linkinvInto(eta, mu);
  family.link.muEtaInto(eta, muEta);
  family.varianceInto(mu, vari);
  family.devResidsInto(y, mu, wt, dres);
  let s = 0;
  for (let i = 0; i < n; i++) s += dres[i];
  return s;
}

/**
 * η := η₀ and updateMu, served from a cache: every deviance evaluation of a fit restarts from the
 * same η₀ (a fixed array), so μ, μ', V and the deviance residuals there are computed once. The
 * cache is keyed by η₀'s contents (a copy is kept and compared), so a caller reusing one array
 * with new values still gets fresh numbers.
 */
function restartMu(w: GlmmWork, eta0: Float64Array): number {
  const c = w.start, n = w.n;
  w.eta.set(eta0);
  let hit = c.eta0 !== null;
  if (hit) {
    const e = c.eta0!;
    for (let i = 0; i < n; i++) if (e[i] !== eta0[i]) { hit = false; break; }
  }
  if (hit) {
    w.mu.set(c.mu); w.muEta.set(c.muEta); w.vari.set(c.vari); w.dres.set(c.dres);
    return c.dev;
  }
  const dev = updateMu(w);
  if (!c.eta0) c.eta0 = new Float64Array(n);
  c.eta0.set(eta0); c.mu.set(w.mu); c.muEta.set(w.muEta); c.vari.set(w.vari); c.dres.set(w.dres); c.dev = dev;
  return dev;
}

/** ‖u‖². */
export function sumSq(u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * u[i];
  return s;
}

/** η = w.etaOff + ZΛu into w.eta (T set on factor f; fixedPart filled w.etaOff). */
export function etaFrom(w: GlmmWork, f: LmmFactor, u: Float64Array): void {
  const { zIdx, zVal } = w;
  if (!zIdx || !zVal) return etaFromVector(w, f, u);
  // Scalar terms: b = Λu per block, then η_i = η_off,i + Σ_k z_k,i b[idx] (addZLambdaU's order).
  const { n, eta, etaOff, bScr: b } = w;
  const K = w.terms.length;
  scalarLambdaU(w, f, u);
  if (K === 1) {
    for (let i = 0; i < n; i++) eta[i] = etaOff[i] + zVal[i] * b[zIdx[i]];
  } else if (K === 2) {
    for (let i = 0; i < n; i++) eta[i] = etaOff[i] + zVal[2 * i] * b[zIdx[2 * i]] + zVal[2 * i + 1] * b[zIdx[2 * i + 1]];
  } else {
    for (let i = 0; i < n; i++) {
      let e = etaOff[i];
      for (let k = 0; k < K; k++) e += zVal[i * K + k] * b[zIdx[i * K + k]];
      eta[i] = e;
    }
  }
}

/** Scalar terms: b = Λu into w.bScr (T set on factor f). */
function scalarLambdaU(w: GlmmWork, f: LmmFactor, u: Float64Array): void {
  const { bScr: b, pat } = w, T = f.T;
  const l0 = pat.l0, t0 = T[0][0];
  for (let j = 0; j < l0; j++) b[j] = t0 * u[j];
  const units = pat.units;
  for (let un = 0; un < units.count; un++) { const r = units.start[un]; b[l0 + r] = T[units.term[un]][0] * u[l0 + r]; }
}

/**
 * The new predictor and its μ, μ', V and deviance residuals; returns Σ devResid. `fixed`: β
 * moved, so η_off = offset + Xβ is formed first.
 */
function predict(w: GlmmWork, f: LmmFactor, fixed: boolean): number {
  const r = w.passes;
  if (!r) {
    if (fixed) fixedPart(w, w.beta);
    etaFrom(w, f, w.u);
    return updateMu(w);
  }
  scalarLambdaU(w, f, w.u);
  r.mu(fixed);
  // The calling thread finishes the observations of the exact path (lme4's clamps) and adds the
  // chunks' sums in order; a chunk with such observations is summed again from its residuals.
  const a = r.a, { link } = w.family;
  let dev = 0;
  for (let c = 0; c < 2; c++) {
    const i0 = c ? a.cut : 0, i1 = c ? a.n : a.cut, ns = a.nSlow[c];
    let s = a.sums[c];
    if (ns > 0) {
      for (let t = i0; t < i0 + ns; t++) {
        const i = a.slow[t], x = a.eta[i], m = link.linkinv(x);
        a.mu[i] = m; a.muEta[i] = link.muEta(x); a.vari[i] = w.family.variance(m);
        a.dres[i] = w.family.devResid(a.y[i], m, a.wt[i]);
      }
      s = 0;
      for (let i = i0; i < i1; i++) s += a.dres[i];
    }
    dev = c === 0 ? s : dev + s;
  }
  return dev;
}

/** Working weights and response and the cross products for the PLS step (one pass per thread when fused). */
function refill(w: GlmmWork, withBeta: boolean, X: Float64Array, p: number, cp: CrossProducts, sp: PirlsStageProfile | null, t: number): number {
  if (w.passes) {
    w.passes.fill(withBeta ? 1 : 0, withBeta);
    return tick(sp, "fill", t);
  }
  workingSystem(w, withBeta);
  t = tick(sp, "working", t);
  fillCrossProducts(w.pat, X, p, w.zw, w.sw, cp, false);
  return tick(sp, "fill", t);
}

/**
 * η for vector-valued terms: b = Λu per level first, then η_i = η_off,i + Σ_k Σ_r z_k,r,i b_k,ℓ,r
 * in addZLambdaU's order (terms, then rows of each term's block).
 */
function etaFromVector(w: GlmmWork, f: LmmFactor, u: Float64Array): void {
  const { terms, n, pat, eta, bScr: b } = w;
  eta.set(w.etaOff);
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k], q = t.q, Tk = f.T[k], codes = t.codes, z = t.z;
    const base = k === 0 ? 0 : pat.l0 * pat.q0 + pat.units.start[pat.units.termBase[k]];
    for (let l = 0; l < t.nLevels; l++) {
      const off = base + l * q;
      for (let r = 0; r < q; r++) {
        let br = 0;
        for (let c = 0; c <= r; c++) br += Tk[r + c * q] * u[off + c];
        b[off + r] = br;
      }
    }
    if (q === 1) for (let i = 0; i < n; i++) eta[i] += z[i] * b[base + codes[i]];
    else if (q === 2) {
      for (let i = 0; i < n; i++) {
        const o = base + 2 * codes[i];
        eta[i] = eta[i] + z[i] * b[o] + z[i + n] * b[o + 1];
      }
    } else for (let i = 0; i < n; i++) {
      const o = base + q * codes[i];
      let e = eta[i];
      for (let r = 0; r < q; r++) e += z[i + r * n] * b[o + r];
      eta[i] = e;
    }
  }
}

/** Per-stage counters of PIRLS: calls, iterations, halvings and milliseconds by step. */
export interface PirlsStageProfile {
  calls: number;
  iterations: number;
  halvings: number;
  /**
   * Milliseconds: η = Xβ + ZΛu with μ/μ'/V/deviance residuals ("mu"), working weights and response
   * ("working"; inside "fill" for the two-chunk passes), cross products, factorization, solve.
   */
  readonly ms: { mu: number; working: number; fill: number; factor: number; solve: number };
}

/**
 * Development counters for profiling (bench/glmm-profile.mjs): off unless `enabled` is set;
 * index 0 is stage 1 (β in PIRLS, nAGQ = 0), index 1 PIRLS for u at fixed β (Laplace, AGQ).
 * The timer calls cost nothing measurable next to an O(n) pass; disabled, one branch per step.
 */
export const pirlsProfile: { enabled: boolean; readonly stages: [PirlsStageProfile, PirlsStageProfile]; reset(): void } = {
  enabled: false,
  stages: [newStageProfile(), newStageProfile()],
  reset() {
    this.stages[0] = newStageProfile();
    this.stages[1] = newStageProfile();
  },
};

function newStageProfile(): PirlsStageProfile {
  return { calls: 0, iterations: 0, halvings: 0, ms: { mu: 0, working: 0, fill: 0, factor: 0, solve: 0 } };
}

/** Adds the time since `t` to step `k` of stage profile `sp` (when profiling) and returns now. */
function tick(sp: PirlsStageProfile | null, k: keyof PirlsStageProfile["ms"], t: number): number {
  if (!sp) return 0;
  const now = performance.now();
  sp.ms[k] += now - t;
  return now;
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

/** PIRLS of a workspace whose rows are elsewhere: replaces `pirls`, and gives aic − Σ devResid. */
export interface RemotePirls {
  run(w: GlmmWork, theta: ArrayLike<number>, withBeta: boolean, opts: PirlsOptions): PirlsResult;
  /** −2 × the saturated log-likelihood: aic = Σ devResid + aicConst (binomial, Poisson). */
  readonly aicConst: number;
  /** θ of the last factorization of each factor (fU: u only, fUB: with β), null before the first. */
  readonly lastTheta?: { fU: Float64Array | null; fUB: Float64Array | null };
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
  if (w.remote) return w.remote.run(w, theta, withBeta, opts);
  const tol = opts.tol ?? 1e-7, maxit = opts.maxit ?? 100;
  const f = withBeta ? w.fUB : w.fU;
  const cp = withBeta ? w.cpUB : w.cpU;
  const X = withBeta ? w.X : w.empty, p = withBeta ? w.p : 0;
  const sp = pirlsProfile.enabled ? pirlsProfile.stages[withBeta ? 0 : 1] : null;
  if (sp) sp.calls++;
  let t = sp ? performance.now() : 0;
  setTheta(f, theta); // T for the linear predictor
  fixedPart(w, w.beta);
  let dev: number;
  if (opts.eta0) dev = restartMu(w, opts.eta0);
  else dev = predict(w, f, false);
  t = tick(sp, "mu", t);
  let oldpdev = Infinity;
  let it = 0, converged = false;
  const { uOld, betaOld } = w;
  for (; it < maxit; it++) {
    if (sp) sp.iterations++;
    uOld.set(w.u); betaOld.set(w.beta);
    t = refill(w, withBeta, X, p, cp, sp, t);
    updateFactor(f, theta);
    t = tick(sp, "factor", t);
    plsSolveInto(f, withBeta ? w.betaNew : w.empty, w.uNew, w.ur, w.rhs);
    t = tick(sp, "solve", t);
    w.u.set(w.uNew);
    if (withBeta) w.beta.set(w.betaNew);
    dev = predict(w, f, withBeta);
    t = tick(sp, "mu", t);
    let pdev = dev + sumSq(w.u);
    if (Math.abs((oldpdev - pdev) / pdev) < tol) { converged = true; it++; break; }
    if (!(pdev <= oldpdev)) {
      for (let k = 0; k < 10 && !(pdev <= oldpdev); k++) {
        if (sp) sp.halvings++;
        for (let i = 0; i < w.u.length; i++) w.u[i] = (uOld[i] + w.u[i]) / 2;
        if (withBeta) for (let j = 0; j < w.p; j++) w.beta[j] = (betaOld[j] + w.beta[j]) / 2;
        dev = predict(w, f, withBeta);
        t = tick(sp, "mu", t);
        pdev = dev + sumSq(w.u);
      }
      if (!(pdev - oldpdev <= tol)) throw pirlsFailed(it + 1);
    }
    oldpdev = pdev;
  }
  if (opts.exact) {
    refill(w, withBeta, X, p, cp, null, 0);
    updateFactor(f, theta);
  }
  return { devResid: dev, sqrU: sumSq(w.u), ldL2: logDetL2(f), iterations: it, converged };
}
