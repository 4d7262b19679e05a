/**
 * Laplace / adaptive Gauss–Hermite integrand diagnostics (the lme4 GLMM paper, §"Decomposing the
 * deviance for simple models" and Figures 1–3; lme4's vignettes/glmer.Rnw `zeta()`).
 *
 * For a GLMM with a single scalar random-effects term the likelihood factors over the levels j
 * of its grouping factor: L(β, θ | y) = Π_j ∫ f_j(y, u) du with the univariate unscaled
 * conditional density
 *
 *   f_j(y, u) = exp(−D_j(u)/2) / √(2π),   D_j(u) = Σ_{i ∈ level j} d(y_i, μ_i(u)) + u²,
 *
 * d the family's unit deviance (prior weights included) and η_i(u) = offset_i + x_iβ + λ z_i u.
 * At the conditional mode ũ_j (D_j′ = 0) with L_jj² = 1 + λ² Σ_i w_i z_i² (w_i the IRLS weights
 * wt_i μ′(η_i)²/V(μ_i): the diagonal of lme4's sparse Cholesky factor L), the change of variable
 * u_j(z) = ũ_j + z / L_jj gives
 *
 *   density_j(z) = f_j(y, u_j(z)) / (f̃_j √(2π)) = φ(0) exp(−(D_j(u_j(z)) − D_j(ũ_j))/2)
 *   t_j(z)       = density_j(z) / φ(z)
 *
 * (the paper's "normalized unscaled conditional density" and its ratio to the standard normal
 * density). The Laplace approximation takes t_j ≡ 1; k-point adaptive Gauss–Hermite quadrature
 * (glmer's nAGQ = k, src/glmm/deviance.ts) integrates exactly the polynomial of degree 2k − 1 that
 * matches t_j and t_j′ at the k nodes of `ghRule(k)` (the paper's "AGQ(k)" curve, column `agq`), so
 * ∫ t_j φ dz ≈ Σ_k w_k t_j(z_k), and
 *
 *   AGQ(K) deviance = Laplace deviance − 2 Σ_j log Σ_k w_k t_j(z_k)
 *
 * at the same (θ, β): `logIntegral` is each level's log Σ_k w_k t_j(z_k) with K = `nAGQ`.
 *
 * Evaluated at the fit's (θ̂, β̂). The mode is polished by Fisher scoring from the fit's
 * conditional modes (PIRLS stops at its tolerance), and L_jj is evaluated at the polished mode.
 * Caveats: L_jj uses the expected (Fisher) information, as lme4's factor does; for a
 * non-canonical link it differs from the curvature of D_j at the mode, so t(z) is then not flat
 * to second order at z = 0. Families with a dispersion parameter are refused (lme4's penalized deviance leaves the
 * dispersion out, so exp(−D_j/2) is not their conditional density); the grid is on the z scale of
 * each level, so panels of different levels cover different ranges of u.
 */
import type { GlmerMod } from "../results/glmerMod.js";
import type { Family } from "../glmm/family/index.js";
import { ghRule, GH_MAX_ORDER } from "../glmm/ghq.js";
import { termFactors } from "../results/common.js";
import { renderable } from "../results/renderable.js";
import { requireFittedModel } from "../model/args.js";
import { checkOptions, int, numbers, strings } from "../validate/index.js";
import { cdBadZ, cdModeFailed, cdNeedsScalar, cdNotGlmm, cdScaleFamily, cdUnknownLevel } from "../messages/diagnostics.js";
import { hermiteInterpolant } from "./hermite.js";

/** Options of `conditionalDensities`. */
export interface ConditionalDensityOptions {
  /** The z grid (default: 301 points from −3 to 3, as the paper's `zeta()`). */
  readonly z?: ArrayLike<number>;
  /** Levels of the grouping factor to evaluate, by name (default: all, in the factor's order). */
  readonly levels?: readonly string[];
  /** Order k of the AGQ(k) approximation of t(z) in column `agq` (default 3, the paper's; 0: none). */
  readonly agq?: number;
  /** Order of the Gauss–Hermite rule of each level's `logIntegral` (default 25, glmer's maximum nAGQ). */
  readonly nAGQ?: number;
}

/** One grid point of one level. */
export interface ConditionalDensityRow {
  readonly level: string;
  readonly z: number;
  /** u_j(z) = ũ_j + z / L_jj (spherical scale; the random effect is b = λu). */
  readonly u: number;
  /** φ(0) exp(−(D_j(u_j(z)) − D_j(ũ_j))/2): the normalized unscaled conditional density. */
  readonly density: number;
  /** φ(z), the standard normal density (what the Laplace approximation assumes). */
  readonly normal: number;
  /** t_j(z) = density / φ(z). */
  readonly t: number;
  /** The AGQ(k) approximation of t_j(z) (k = `agq`), or null when agq = 0. */
  readonly agq: number | null;
}

/** Per-level summary. */
export interface ConditionalDensityLevel {
  readonly level: string;
  /** Conditional mode ũ_j (spherical scale). */
  readonly mode: number;
  /** L_jj: the conditional density's curvature at the mode (its Laplace standard deviation is 1/L_jj). */
  readonly scale: number;
  /** Smallest and largest t_j(z) on the grid. */
  readonly tMin: number;
  readonly tMax: number;
  /** log Σ_k w_k t_j(z_k) with the `nAGQ`-point rule: this level's AGQ − Laplace log-likelihood difference. */
  readonly logIntegral: number;
}

/** The result of `conditionalDensities`: one row per level and grid point, and a per-level summary. */
export interface ConditionalDensities {
  readonly kind: "conditionalDensities";
  /** The grouping factor. */
  readonly group: string;
  /** Order of the AGQ approximation in `rows[].agq` (0: none). */
  readonly agq: number;
  /** Order of the rule behind `levels[].logIntegral`. */
  readonly nAGQ: number;
  readonly z: readonly number[];
  readonly levels: readonly ConditionalDensityLevel[];
  readonly rows: readonly ConditionalDensityRow[];
}

const PHI0 = 1 / Math.sqrt(2 * Math.PI);
const OPTIONS = { z: numbers, levels: strings, agq: int(0, GH_MAX_ORDER), nAGQ: int(1, GH_MAX_ORDER) };

/** The default grid: 301 points from −3 to 3 (lme4's `zeta(m, zmin = -3, zmax = 3, npts = 301)`). */
function defaultGrid(): number[] {
  return Array.from({ length: 301 }, (_, i) => -3 + (6 * i) / 300);
}

/** D_j(u), D_j′(u) and the Fisher information Σ w_i c_i² of one level's observations. */
interface LevelEval { dev: number; grad: number; info: number }

/** One level's data: observation indices, fixed part of η, and c_i = λ z_i. */
interface LevelData { obs: Int32Array; eta0: Float64Array; c: Float64Array }

function evalLevel(f: Family, y: Float64Array, wt: Float64Array, d: LevelData, u: number, needDeriv: boolean): LevelEval {
  let dev = u * u, grad = 2 * u, info = 0;
  const link = f.link;
  for (let k = 0; k < d.obs.length; k++) {
    const i = d.obs[k], eta = d.eta0[k] + d.c[k] * u, mu = link.linkinv(eta);
    dev += f.devResid(y[i], mu, wt[i]);
    if (!needDeriv) continue;
    const me = link.muEta(eta), v = f.variance(mu);
    // ∂d/∂η = −2 wt (y − μ) μ′/V for every exponential-family unit deviance
    grad += (-2 * wt[i] * (y[i] - mu) * me * d.c[k]) / v;
    info += (wt[i] * me * me * d.c[k] * d.c[k]) / v;
  }
  return { dev, grad, info };
}

/** Fisher scoring from the fit's mode (step-halving when D increases). */
function polishMode(f: Family, y: Float64Array, wt: Float64Array, d: LevelData, u0: number, group: string, level: string): { mode: number; at: LevelEval } {
  let u = u0, at = evalLevel(f, y, wt, d, u, true);
  if (!Number.isFinite(at.dev)) throw cdModeFailed(group, level);
  for (let it = 0; it < 50; it++) {
    let step = at.grad / (2 * (1 + at.info));
    let next = evalLevel(f, y, wt, d, u - step, true);
    for (let h = 0; h < 20 && !(next.dev <= at.dev); h++) {
      step /= 2;
      next = evalLevel(f, y, wt, d, u - step, true);
    }
    if (!(next.dev <= at.dev)) break; // no descent left: at the mode to rounding
    u -= step;
    at = next;
    if (Math.abs(step) <= 1e-13 * (1 + Math.abs(u))) break;
  }
  return { mode: u, at };
}

/**
 * The normalized unscaled conditional densities of a GLMM's random effects and their ratios t(z)
 * to the standard normal density, per level on a z grid (see the module comment for the
 * definitions). `gm` must be a glmer fit with one scalar random-effects term and a family without
 * a dispersion parameter. Throws LmeError otherwise, or for unknown level names and non-finite z.
 */
export function conditionalDensities(gm: GlmerMod, opts: ConditionalDensityOptions = {}): ConditionalDensities {
  requireFittedModel("conditionalDensities", gm);
  if (gm.kind !== "glmerMod") throw cdNotGlmm();
  checkOptions("conditionalDensities", opts, OPTIONS);
  const terms = gm.input.terms;
  if (terms.length !== 1 || terms[0].q !== 1) throw cdNeedsScalar(terms.map((t) => `(${t.names.join(" + ")} | ${t.group})`));
  if (gm.family.hasScale) throw cdScaleFamily(gm.family.name);
  const term = terms[0], f = gm.family;
  const zGrid = opts.z === undefined ? defaultGrid() : Array.from(opts.z);
  for (const v of zGrid) if (!Number.isFinite(v)) throw cdBadZ(v);
  const agqOrder = opts.agq ?? 3, nAGQ = opts.nAGQ ?? 25;
  const wanted = opts.levels === undefined ? term.levels.map((_, j) => j) : opts.levels.map((l) => {
    const j = term.levels.indexOf(l);
    if (j < 0) throw cdUnknownLevel(term.group, l, term.levels.slice(0, 5));
    return j;
  });

  // η without the random effect, and c_i = λ z_i, gathered by level
  const { X, p, offset } = gm.input, n = gm.nobs, beta = gm.beta;
  const lambda = termFactors(terms, gm.theta)[0][0];
  const byLevel: number[][] = Array.from({ length: term.nLevels }, () => []);
  for (let i = 0; i < n; i++) byLevel[term.codes[i]].push(i);
  const levelData = (j: number): LevelData => {
    const obs = Int32Array.from(byLevel[j]), eta0 = new Float64Array(obs.length), c = new Float64Array(obs.length);
    obs.forEach((i, k) => {
      let e = offset ? offset[i] : 0;
      for (let r = 0; r < p; r++) e += X[i + r * n] * beta[r];
      eta0[k] = e;
      c[k] = lambda * term.z[i];
    });
    return { obs, eta0, c };
  };

  const y = gm.y, wt = gm.priorWeights;
  const rule = ghRule(nAGQ), agqRule = agqOrder > 0 ? ghRule(agqOrder) : null;
  const rows: ConditionalDensityRow[] = [], levels: ConditionalDensityLevel[] = [];
  for (const j of wanted) {
    const name = term.levels[j], d = levelData(j);
    const { mode, at } = polishMode(f, y, wt, d, gm.u[j], term.group, name);
    const L = Math.sqrt(1 + at.info), d0 = at.dev;
    const logT = (z: number) => -(evalLevel(f, y, wt, d, mode + z / L, false).dev - d0) / 2 + (z * z) / 2;
    let sum = 0;
    for (let k = 0; k < rule.z.length; k++) sum += rule.w[k] * Math.exp(logT(rule.z[k]));
    let interp: ((x: number) => number) | null = null;
    if (agqRule) {
      const tv = Array.from(agqRule.z, (z) => Math.exp(logT(z)));
      const dv = Array.from(agqRule.z, (z, k) => tv[k] * (z - evalLevel(f, y, wt, d, mode + z / L, true).grad / (2 * L)));
      interp = hermiteInterpolant(Array.from(agqRule.z), tv, dv);
    }
    let tMin = Infinity, tMax = -Infinity;
    for (const z of zGrid) {
      const t = Math.exp(logT(z)), normal = PHI0 * Math.exp((-z * z) / 2);
      tMin = Math.min(tMin, t);
      tMax = Math.max(tMax, t);
      rows.push({ level: name, z, u: mode + z / L, density: t * normal, normal, t, agq: interp ? interp(z) : null });
    }
    levels.push({ level: name, mode, scale: L, tMin, tMax, logIntegral: Math.log(sum) });
  }
  return renderable("conditionalDensities", { kind: "conditionalDensities" as const, group: term.group, agq: agqOrder, nAGQ, z: zGrid, levels, rows });
}
