/**
 * `ranova(m)`: likelihood-ratio tests of the random-effect terms, as lmerTest's `ranova`
 * (single term deletions). For each random-effects term `(e | g)`:
 * - with `reduceTerms` (default, lmerTest's `reduce.terms = TRUE`) and slopes in e, each slope is
 *   removed in turn ("x in (e | g)", the term keeps its other columns);
 * - otherwise (intercept-only terms, or `reduceTerms: false`) the whole term is removed.
 * The reduced models are refitted on the model's own frame with the same criterion (REML fits are
 * compared by their REML log-likelihoods, as lmerTest does), and each row reports
 * LRT = 2 (ℓ_full − ℓ_reduced) on Δnpar df with p = P(χ²_Df > LRT). A model without any random
 * term left is a linear model: for LMMs its (REML or ML) log-likelihood is R's `logLik(lm(...),
 * REML = m.REML)` (as lmerTest), for GLMMs the row is omitted.
 * Caveat (as lmerTest): p-values of variance parameters on the boundary are conservative.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { MerMod as MerModel } from "../results/update.js";
import type { ParsedFormula, RandomTermSpec } from "../formula/types.js";
import { renderable } from "../results/renderable.js";
import { lmer } from "../lmm/lmer.js";
import { refitOptimizer } from "../optim/names.js";
import { glmer } from "../glmm/glmer.js";
import { pchisqUpper } from "./ddf.js";
import { cholLower, cholSolve } from "./dense.js";
import { randomParts } from "./drop1.js";
import { deparseFormula, deparseRandomTerm } from "./simplify.js";
import { ranovaUnknownOption } from "../messages/inference.js";
import { requireFittedModel } from "../model/args.js";


/** One row of the ranova table ("<none>" first). */
export interface RanovaRow {
  readonly term: string;
  readonly npar: number;
  readonly logLik: number;
  readonly AIC: number;
  readonly LRT: number | null;
  readonly Df: number | null;
  readonly p: number | null;
}

/** The ranova table and the reduced fits. */
export interface RanovaTable {
  readonly kind: "ranovaTable";
  readonly formula: string;
  readonly rows: readonly RanovaRow[];
  readonly models: readonly MerModel[];
}

/** Refit with another random part on the model's frame, offsets and weights (same REML/ML). */
function refitRandom(m: MerModel, random: readonly RandomTermSpec[]): MerModel {
  const f = m.input.formula;
  const g: ParsedFormula = { ...f, source: deparseFormula(f, random), random, offsets: [], rhs: undefined };
  const common = { weights: m.input.weights ?? null, offset: m.input.offset ?? null, optimizer: refitOptimizer(m.optinfo.optimizer) };
  if (m.kind === "lmerMod") return lmer(g, m.input.mf.frame, { ...common, REML: m.REML, checkLevels: false });
  // A Laplace-engine fit (nbinom2, beta, ziformula, …) refits with its own options (family by name, extra formulas).
  if (m.laplace) return glmer(g, m.input.mf.frame, { ...m.options, ...common });
  return glmer(g, m.input.mf.frame, { ...common, family: m.family, nAGQ: m.nAGQ });
}

/**
 * The log-likelihood of the linear model without random effects (R's logLik.lm, REML as the
 * model): with W the prior weights, RSS the weighted residual sum of squares of y − offset on X,
 * N = n − p (REML) or n (ML):
 *   ℓ = ½ (Σ log wᵢ − N (log 2π + 1 − log N + log RSS)) − [REML] ½ log det(XᵀWX).
 */
function lmLogLik(m: LmerMod): { logLik: number; npar: number } {
  const { X, p, weights, offset } = m.input;
  const n = m.nobs, y = m.y;
  const w = (i: number) => (weights ? weights[i] : 1);
  const XtX: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const Xty = new Array<number>(p).fill(0);
  for (let a = 0; a < p; a++) {
    for (let i = 0; i < n; i++) Xty[a] += X[i + a * n] * w(i) * (y[i] - (offset ? offset[i] : 0));
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[i + a * n] * w(i) * X[i + b * n];
      XtX[a][b] = XtX[b][a] = s;
    }
  }
  const beta = cholSolve(XtX, Xty.map((v) => [v])).map((r) => r[0]);
  let rss = 0, sumLogW = 0;
  for (let i = 0; i < n; i++) {
    let fit = offset ? offset[i] : 0;
    for (let a = 0; a < p; a++) fit += X[i + a * n] * beta[a];
    rss += w(i) * (y[i] - fit) ** 2;
    sumLogW += Math.log(w(i));
  }
  const N = m.REML ? n - p : n;
  let ll = 0.5 * (sumLogW - N * (Math.log(2 * Math.PI) + 1 - Math.log(N) + Math.log(rss)));
  if (m.REML) {
    // ½ log det(XᵀWX) from its Cholesky factor's diagonal
    const L = cholLower(XtX).map((r, i) => r[i]);
    ll -= L.reduce((s, d) => s + Math.log(d), 0);
  }
  return { logLik: ll, npar: p + 1 };
}


/** lmerTest's ranova (see the module comment). */
export function ranova(m: MerModel, opts: { reduceTerms?: boolean } = {}): RanovaTable {
  requireFittedModel("ranova", m);
  for (const key of Object.keys(opts ?? {})) if (key !== "reduceTerms") throw ranovaUnknownOption(key);
  const reduce = opts.reduceTerms ?? true;
  const f = m.input.formula;
  const written: string[] = [];
  if (f.rhs) randomParts(f.rhs, written);
  const labels = f.random.map((spec, i) => (written.length === f.random.length ? written[i] : deparseRandomTerm(spec)));
  const ll0 = m.logLik();
  const rows: RanovaRow[] = [{ term: "<none>", npar: m.df, logLik: ll0, AIC: m.AIC(), LRT: null, Df: null, p: null }];
  const models: MerModel[] = [];
  f.random.forEach((spec, i) => {
    const variants: { label: string; random: RandomTermSpec[] }[] = [];
    if (reduce && spec.lhs.terms.length > 0 && spec.lhs.intercept) {
      for (const t of spec.lhs.terms)
        variants.push({ label: `${t.label} in ${labels[i]}`, random: f.random.map((s, j) => (j === i ? { ...s, lhs: { ...s.lhs, terms: s.lhs.terms.filter((x) => x !== t) } } : s)) });
    } else variants.push({ label: labels[i], random: f.random.filter((_, j) => j !== i) });
    for (const v of variants) {
      if (v.random.length === 0) {
        if (m.kind !== "lmerMod") continue;
        const lm = lmLogLik(m);
        const Df = m.df - lm.npar, LRT = 2 * (ll0 - lm.logLik);
        rows.push({ term: v.label, npar: lm.npar, logLik: lm.logLik, AIC: -2 * lm.logLik + 2 * lm.npar, LRT, Df, p: Df > 0 ? pchisqUpper(Math.max(LRT, 0), Df) : null });
        continue;
      }
      const r = refitRandom(m, v.random);
      models.push(r);
      const ll = r.logLik(), Df = m.df - r.df, LRT = 2 * (ll0 - ll);
      rows.push({ term: v.label, npar: r.df, logLik: ll, AIC: r.AIC(), LRT, Df, p: Df > 0 ? pchisqUpper(Math.max(LRT, 0), Df) : null });
    }
  });
  return renderable("ranovaTable", { kind: "ranovaTable" as const, formula: f.source, rows, models });
}
