/**
 * ANOVA tables of one fitted model: `anova(m, { type, ddf })`.
 *
 * LMMs (lmerTest's `anova.lmerModLmerTest`): for each fixed-effect term t with hypothesis matrix
 * L_t (`hypotheses.ts`), an F test of L_t β = 0:
 * - Satterthwaite (lmerTest's `contestMD`): eigen-decompose L V Lᵀ = P D Pᵀ (V = vcov β̂), keep the
 *   q eigenvalues above √ε·d₁; F = (1/q) Σ_m (P_mᵀ L β̂)² / d_m; each row P_mᵀL has Satterthwaite
 *   df ν_m = 2 d_m² / (g_mᵀ A g_m) with g_m,i = P_mᵀL J_i LᵀP_m (J_i = ∂V/∂varpar_i, A the
 *   asymptotic covariance of varpar); the denominator df is 2E/(E − q), E = Σ ν_m/(ν_m − 2)
 *   (2 when some ν_m ≤ 2; the common value when all are equal). One row: F = t², df = ν.
 * - Kenward–Roger (pbkrtest's KRmodcomp, REML fits only): F scaled by KR's λ with KR's df.
 * - Mean Sq = F_unscaled σ̂², Sum Sq = Mean Sq × NumDF, p = P(F_{NumDF, DenDF} > F).
 * - ddf "lme4": lme4's sequential table: Sum Sq_t = Σ_{j ∈ t} (R_X β̂)_j² with R_Xᵀ R_X = σ̂² V⁻¹,
 *   Mean Sq = Sum Sq / npar, F = Mean Sq / σ̂², no df or p-value.
 * GLMMs (car's `Anova.merMod`): Wald χ² = (Hβ̂)ᵀ (H V Hᵀ)⁻¹ (Hβ̂) on rank(H) df, types 2 (default,
 * as car) and 3 (car's type 3 depends on the contrast coding, as in R: use it with sum-to-zero
 * or orthogonal contrasts, or with care).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { renderable } from "../results/renderable.js";
import { pchisqUpper, pfUpper, quadForm, symEigen } from "./ddf.js";
import { satterthwaiteDf, satterthwaiteSetupOf, type SatterthwaiteSetup } from "./satterthwaite.js";
import { kenwardRogerAdjustmentOf, kenwardRogerFTest, type KenwardRogerAdjustment } from "./kenwardRoger.js";
import { carHypotheses, designTerms, type1Hypotheses, type2Hypotheses, type3Hypotheses } from "./hypotheses.js";
import { cholLower, symInverse, transpose, type Mat } from "./dense.js";
import { anovaBadDdf, anovaBadType, anovaDdfGlmm, anovaLme4Type, anovaUnknownOption, krNeedsREML } from "../messages/inference.js";

/** Denominator-df methods of a single-model LMM anova. */
export type AnovaDdf = "Satterthwaite" | "Kenward-Roger" | "lme4";

/** Options of a single-model anova. */
export interface FTableOptions {
  /** 1, 2 or 3 (also "I", "II", "III"); default 3 for LMMs (lmerTest), 2 for GLMMs (car). */
  readonly type?: 1 | 2 | 3 | "1" | "2" | "3" | "I" | "II" | "III";
  /** LMMs: "Satterthwaite" (default), "Kenward-Roger" or "lme4". */
  readonly ddf?: AnovaDdf;
}

/** One row of an LMM F table (lmerTest's columns). DenDF and p are null for ddf "lme4". */
export interface FTableRow {
  readonly term: string;
  readonly SumSq: number;
  readonly MeanSq: number;
  readonly NumDF: number;
  readonly DenDF: number | null;
  readonly F: number;
  readonly p: number | null;
}

/** An LMM F table. */
export interface FTable {
  readonly kind: "fTable";
  readonly type: 1 | 2 | 3;
  readonly ddf: AnovaDdf;
  /** lmerTest's heading, e.g. "Type III Analysis of Variance Table with Satterthwaite's method". */
  readonly heading: string;
  readonly rows: readonly FTableRow[];
  /** The hypothesis matrix of each term (rows of L, p columns). */
  readonly hypotheses: Readonly<Record<string, Mat>>;
  readonly warnings: readonly string[];
}

/** One row of a GLMM Wald χ² table (car's columns). */
export interface WaldChisqRow {
  readonly term: string;
  readonly Chisq: number;
  readonly Df: number;
  readonly p: number;
}

/** A GLMM Wald χ² table. */
export interface WaldChisqTable {
  readonly kind: "waldChisqTable";
  readonly type: 2 | 3;
  readonly heading: string;
  readonly response: string;
  readonly rows: readonly WaldChisqRow[];
  readonly hypotheses: Readonly<Record<string, Mat>>;
}

const ROMAN = ["", "I", "II", "III"];

function parseType(t: unknown, glmm: boolean): 1 | 2 | 3 {
  if (t === undefined) return glmm ? 2 : 3;
  const map: Record<string, 1 | 2 | 3> = { "1": 1, "2": 2, "3": 3, I: 1, II: 2, III: 3 };
  const v = typeof t === "number" || typeof t === "string" ? map[String(t)] : undefined;
  if (v === undefined || (glmm && v === 1)) throw anovaBadType(t, glmm);
  return v;
}

const rowOf = (L: Mat, beta: Float64Array) => L.map((r) => r.reduce((s, v, j) => s + v * beta[j], 0));
const asCM = (A: Mat) => {
  const k = A.length, out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i + j * k] = A[i][j];
  return out;
};

/** lmerTest's `get_Fstat_ddf`. */
export function fStatDdf(nu: readonly number[], tol = 1e-8): number {
  if (nu.length === 1) return nu[0];
  if (nu.every((v, i) => i === 0 || Math.abs(v - nu[i - 1]) < tol)) return nu.reduce((a, b) => a + b, 0) / nu.length;
  if (nu.some((v) => v <= 2)) return 2;
  const E = nu.reduce((s, v) => s + v / (v - 2), 0);
  return (2 * E) / (E - nu.length);
}

/** Satterthwaite's multi-df F test of Lβ = 0 (lmerTest's contestMD): { F, ndf, ddf }. */
function satterthwaiteF(m: LmerMod, L: Mat, s: SatterthwaiteSetup): { F: number; ndf: number; ddf: number } {
  const p = m.beta.length, beta = m.beta, V = s.vcovBeta;
  const test1 = (c: ArrayLike<number>) => {
    let est = 0;
    for (let j = 0; j < p; j++) est += c[j] * beta[j];
    return { F: est ** 2 / quadForm(c, V, p), ndf: 1, ddf: satterthwaiteDf(s, c) };
  };
  if (L.length === 1) return test1(L[0]);
  const k = L.length;
  // L V (k×p, row a at a·p), then L V Lᵀ (k×k column-major).
  const LV = new Float64Array(k * p);
  for (let a = 0; a < k; a++) {
    const row = L[a];
    for (let i = 0; i < p; i++) {
      const l = row[i];
      if (l !== 0) for (let j = 0; j < p; j++) LV[a * p + j] += l * V[i + j * p];
    }
  }
  const VL = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      const row = L[b];
      let v = 0;
      for (let j = 0; j < p; j++) v += LV[a * p + j] * row[j];
      VL[a + b * k] = v;
    }
  const { values, vectors } = symEigen(VL, k);
  const tol = Math.max(Math.sqrt(Number.EPSILON) * values[0], 0);
  let q = 0;
  while (q < k && values[q] > tol) q++;
  if (q === 0) return { F: NaN, ndf: 0, ddf: NaN };
  const PtL: Float64Array[] = [];
  for (let mIdx = 0; mIdx < q; mIdx++) {
    const c = new Float64Array(p);
    for (let a = 0; a < k; a++) {
      const w = vectors[a + mIdx * k], row = L[a];
      if (w !== 0) for (let j = 0; j < p; j++) c[j] += w * row[j];
    }
    PtL.push(c);
  }
  if (q === 1) return test1(PtL[0]);
  let F = 0;
  for (let i = 0; i < q; i++) {
    let lb = 0;
    for (let j = 0; j < p; j++) lb += PtL[i][j] * beta[j];
    F += (lb * lb) / values[i];
  }
  F /= q;
  const nu = PtL.map((c, i) => {
    const g = s.jacobian.map((J) => quadForm(c, J, p));
    return (2 * values[i] ** 2) / quadForm(g, s.vcovVarpar, g.length);
  });
  return { F, ndf: q, ddf: fStatDdf(nu) };
}

/** lme4's sequential anova table (type 1, no df). */
function lme4Table(m: LmerMod | GlmerMod): FTableRow[] {
  const d = designTerms(m);
  const p = d.p, V = m.vcov().matrix, s2 = m.sigma ** 2;
  // R_X: upper Cholesky factor of σ² V⁻¹ (= X'V_y⁻¹X up to σ²), R_Xᵀ R_X.
  const A = symInverse(V).map((r) => r.map((v) => v * s2));
  const R = transpose(cholLower(A));
  const rb = R.map((r) => r.reduce((acc, v, j) => acc + v * m.beta[j], 0));
  return d.termLabels.map((term, t) => {
    const cols = d.assign.map((a, j) => (a === t + 1 ? j : -1)).filter((j) => j >= 0);
    const ss = cols.reduce((acc, j) => acc + rb[j] ** 2, 0);
    const ms = ss / cols.length;
    return { term, SumSq: ss, MeanSq: ms, NumDF: cols.length, DenDF: null, F: ms / s2, p: null };
  });
}

// The fitted model is immutable, so what an F table needs of it is computed once per model:
// Satterthwaite's set-up (Hessian and Jacobian, lmerTest computes it at fit time) and the
// Kenward–Roger adjustment (cached in satterthwaite.ts and kenwardRoger.ts, shared with emmeans
// and summaryWithDdf), and here the hypothesis matrices of each type.
const hypCache = new WeakMap<object, Map<number, Map<string, Mat>>>();

function hypothesesOf(m: LmerMod, type: 1 | 2 | 3): Map<string, Mat> {
  let byType = hypCache.get(m);
  if (!byType) hypCache.set(m, (byType = new Map()));
  let H = byType.get(type);
  if (!H) {
    const d = designTerms(m);
    H = type === 1 ? type1Hypotheses(d) : type === 2 ? type2Hypotheses(d) : type3Hypotheses(d);
    byType.set(type, H);
  }
  return H;
}

/** An LMM's F table (see the module comment). */
export function lmmFTable(m: LmerMod, opts: FTableOptions = {}): FTable {
  const type = parseType(opts.type, false);
  const ddf = opts.ddf ?? "Satterthwaite";
  if (ddf !== "Satterthwaite" && ddf !== "Kenward-Roger" && ddf !== "lme4") throw anovaBadDdf(ddf);
  if (ddf === "lme4") {
    if (opts.type !== undefined && type !== 1) throw anovaLme4Type(type);
    return renderable("fTable", { kind: "fTable" as const, type: 1 as const, ddf, heading: "Analysis of Variance Table", rows: lme4Table(m), hypotheses: {}, warnings: [] });
  }
  const H = hypothesesOf(m, type);
  const s2 = m.sigma ** 2;
  const warnings: string[] = [];
  let sat: SatterthwaiteSetup | undefined;
  let kr: KenwardRogerAdjustment | undefined;
  if (ddf === "Kenward-Roger") {
    if (!m.REML) throw krNeedsREML();
    kr = kenwardRogerAdjustmentOf(m);
    warnings.push(...kr.warnings);
  } else {
    sat = satterthwaiteSetupOf(m);
    warnings.push(...sat.warnings);
  }
  const rows: FTableRow[] = [...H].map(([term, L]) => {
    if (L.length === 0) return { term, SumSq: NaN, MeanSq: NaN, NumDF: NaN, DenDF: NaN, F: NaN, p: NaN };
    let Fu: number, F: number, ndf: number, den: number;
    if (kr) {
      const t = kenwardRogerFTest(m, L, kr);
      F = t.F;
      Fu = t.F / t.scaling;
      ndf = t.ndf;
      den = t.ddf;
    } else {
      const t = satterthwaiteF(m, L, sat!);
      F = Fu = t.F;
      ndf = t.ndf;
      den = t.ddf;
    }
    const ms = Fu * s2;
    return { term, SumSq: ms * ndf, MeanSq: ms, NumDF: ndf, DenDF: den, F, p: pfUpper(F, ndf, den) };
  });
  const heading = `Type ${ROMAN[type]} Analysis of Variance Table with ${ddf === "Satterthwaite" ? "Satterthwaite's" : "Kenward-Roger's"} method`;
  return renderable("fTable", { kind: "fTable" as const, type, ddf, heading, rows, hypotheses: Object.fromEntries(H), warnings });
}

/** A GLMM's Wald χ² table (car::Anova; see the module comment). */
export function glmmWaldTable(m: GlmerMod, opts: FTableOptions = {}): WaldChisqTable {
  if (opts.ddf !== undefined) throw anovaDdfGlmm(String(opts.ddf));
  const type = parseType(opts.type, true) as 2 | 3;
  const d = designTerms(m);
  const V = m.vcov().matrix;
  const H = carHypotheses(d, type, V);
  const rows = [...H].map(([term, L]) => {
    const k = L.length;
    if (k === 0) return { term, Chisq: NaN, Df: 0, p: NaN };
    const lb = rowOf(L, m.beta);
    const LVL: Mat = L.map((a) => L.map((b) => a.reduce((acc, ai, i) => acc + ai * b.reduce((t, bj, j) => t + V[i][j] * bj, 0), 0)));
    const chisq = quadForm(lb, asCM(symInverse(LVL)), k);
    return { term, Chisq: chisq, Df: k, p: pchisqUpper(chisq, k) };
  });
  const heading = `Analysis of Deviance Table (Type ${ROMAN[type]} Wald chisquare tests)`;
  return renderable("waldChisqTable", { kind: "waldChisqTable" as const, type, heading, response: m.input.formula.responseLabel ?? "", rows, hypotheses: Object.fromEntries(H) });
}

/** Checks a single-model anova's options object. */
export function checkFTableOptions(o: object): FTableOptions {
  for (const k of Object.keys(o)) if (k !== "type" && k !== "ddf") throw anovaUnknownOption(k);
  return o as FTableOptions;
}
