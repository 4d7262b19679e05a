/**
 * GLMM objectives on the full log-likelihood scale (constants included, for every nAGQ):
 *
 *   Laplace (nAGQ = 1, and nAGQ = 0 with β from PIRLS):
 *     −2 ℓ ≈ aic(y, n, μ̂, wt) + ‖û‖² + log|L_θ|²                      (the paper's eq. 23)
 *   Adaptive Gauss–Hermite (nAGQ = K > 1, one scalar term, levels j):
 *     −2 ℓ ≈ Σ_j [ 2 log L_jj + d_j(û_j) + û_j² − 2 log Σ_k w_k exp(−(d_j(u_jk) + u_jk² − z_k² − d_j(û_j) − û_j²)/2) ]
 *            + (aic − Σ devResid),     u_jk = û_j + z_k / L_jj,
 *   where d_j is the deviance-residual sum of level j's observations and (aic − Σ devResid) is
 *   the constant that puts it on the full scale (lme4 1.1-31 itself reports nAGQ > 1 relative to
 *   the saturated model; see ../shared/reference/cbpp_agq.json).
 */
import { pirls, type GlmmWork, type PirlsResult } from "./pirls.js";
import { ghRule } from "./ghq.js";

/**
 * aic (−2 log p(y | μ)) at the current μ. For the binomial family with whole numbers of trials
 * and successes, and for the Poisson family, aic − Σ devResid is −2 × the saturated
 * log-likelihood, a constant: it is computed once per workspace and reused (the deviance then
 * costs nothing beyond the deviance residuals). It is not constant for non-integer binomial
 * counts (aic rounds m·y, as lme4's binomialDist::aic, devResid does not) nor for families we
 * cannot inspect (user-supplied Family objects): there aic is evaluated every time, otherwise the
 * objective would depend on the μ of the first evaluation.
 */
const saturated = new WeakMap<GlmmWork, number | null>();
function aicNow(w: GlmmWork, devResid: number): number {
  if (w.remote) return devResid + w.remote.aicConst;
  if (w.family.hasScale) return w.family.aic(w.y, w.nTrials, w.mu, w.wt, devResid);
  let c = saturated.get(w);
  if (c === undefined) {
    c = saturatedIsConstant(w) ? w.family.aic(w.y, w.nTrials, w.mu, w.wt, devResid) - devResid : null;
    saturated.set(w, c);
  }
  return c === null ? w.family.aic(w.y, w.nTrials, w.mu, w.wt, devResid) : devResid + c;
}

/**
 * Is aic − Σ devResid independent of μ? Poisson: yes (non-integer counts make aic +Inf
 * throughout). Binomial: when every m and m·y are whole numbers, m = the trials if any exceeds 1,
 * else the prior weights (R's binomial()$aic). Other families without a scale: not assumed.
 */
function saturatedIsConstant(w: GlmmWork): boolean {
  const name = w.family.name;
  if (name === "poisson") return true;
  if (name !== "binomial") return false;
  const n = w.nTrials, y = w.y, wt = w.wt;
  let anyN = false;
  for (let i = 0; i < n.length; i++) if (n[i]! > 1) anyN = true;
  const m = anyN ? n : wt;
  for (let i = 0; i < y.length; i++) {
    if (wt[i] === 0) continue;
    if (!Number.isInteger(m[i]!) || !Number.isInteger(m[i]! * y[i]!)) return false;
  }
  return true;
}

/** nAGQ = 0 objective of θ: β and u by PIRLS (restarted from η₀), then the Laplace formula. */
export function devianceAGQ0(w: GlmmWork, theta: ArrayLike<number>, eta0: Float64Array): number {
  let r: PirlsResult;
  try {
    r = pirls(w, theta, true, { eta0 });
  } catch {
    return Infinity;
  }
  const d = aicNow(w, r.devResid) + r.sqrU + r.ldL2;
  return Number.isFinite(d) ? d : Infinity;
}

/** nAGQ ≥ 1 objective of (θ, β): u by PIRLS at fixed β (restarted from η₀), then Laplace or AGQ. */
export function devianceAGQ(w: GlmmWork, theta: ArrayLike<number>, beta: ArrayLike<number>, nAGQ: number, eta0: Float64Array): number {
  for (let j = 0; j < w.p; j++) w.beta[j] = beta[j];
  let r: PirlsResult;
  try {
    r = pirls(w, theta, false, { eta0 });
  } catch {
    return Infinity;
  }
  const aic = aicNow(w, r.devResid);
  if (nAGQ <= 1) {
    const d = aic + r.sqrU + r.ldL2;
    return Number.isFinite(d) ? d : Infinity;
  }
  const d = agqDeviance(w, nAGQ, r) + (aic - r.devResid);
  return Number.isFinite(d) ? d : Infinity;
}

/** The AGQ sum for a single scalar term at the PIRLS modes (devResid scale). */
function agqDeviance(w: GlmmWork, nAGQ: number, r: PirlsResult): number {
  const t = w.terms[0], L = w.fU.L11, lam = w.fU.T[0][0];
  const l0 = t.nLevels, n = w.n, codes = t.codes;
  const { z, w: wts } = ghRule(nAGQ);
  const dHat = new Float64Array(l0);
  for (let i = 0; i < n; i++) dHat[codes[i]] += w.dres[i];
  const etaHat = w.eta;
  const sums = new Float64Array(l0);
  const dj = new Float64Array(l0), step = new Float64Array(l0);
  const eta = w.etaQ, dres = w.dresQ, zl = new Float64Array(n);
  for (let i = 0; i < n; i++) zl[i] = t.z[i] * lam;
  const kern = w.devKernel;
  const mu = kern ? null : new Float64Array(n);
  for (let k = 0; k < z.length; k++) {
    const zk = z[k];
    if (zk === 0) {
      // the middle node of an odd rule sits at the modes: d_j(û_j) = dHat_j, the exponent is 0
      for (let j = 0; j < l0; j++) sums[j] += wts[k];
      continue;
    }
    for (let j = 0; j < l0; j++) step[j] = zk / L[j];
    for (let i = 0; i < n; i++) eta[i] = etaHat[i] + zl[i] * step[codes[i]];
    if (kern) kern(eta, w.wt, dres);
    else {
      w.family.link.linkinvInto(eta, mu!);
      w.family.devResidsInto(w.y, mu!, w.wt, dres);
    }
    dj.fill(0);
    for (let i = 0; i < n; i++) dj[codes[i]] += dres[i];
    for (let j = 0; j < l0; j++) {
      const uh = w.u[j], uk = uh + step[j];
      sums[j] += wts[k] * Math.exp(-(dj[j] + uk * uk - zk * zk - dHat[j] - uh * uh) / 2);
    }
  }
  let dev = 0;
  for (let j = 0; j < l0; j++) dev += 2 * Math.log(L[j]) + dHat[j] + w.u[j] ** 2 - 2 * Math.log(sums[j]);
  void r;
  return dev;
}
