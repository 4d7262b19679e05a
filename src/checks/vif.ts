/**
 * Variance inflation factors of the fixed effects, as performance::check_collinearity computes
 * them for mixed models (performance 0.10.2, `.check_collinearity`).
 *
 * From the covariance of the fixed-effect estimates V = vcov(β̂) without the intercept row and
 * column, its correlation R = cov2cor(V) and, for each model term t with columns S_t (R's
 * `assign`), the generalized VIF of Fox & Monette (1992):
 *
 *   GVIF_t = det R[S_t, S_t] · det R[−S_t, −S_t] / det R,
 *
 * the ordinary VIF 1/(1 − R²_t) for a one-column term. For a mixed model this is the collinearity
 * of the *estimates* (through the fitted covariance), not of the columns of X as in car::vif for
 * an lm. `seFactor` = √GVIF is how much wider the term's confidence intervals are than without
 * collinearity. The interval is performance's: with r = 1 − 1/GVIF, logit(r) ± z_{0.975}·se/(r(1 − r)),
 * se = √((1 − r²)² (n − p − 1)² / ((n² − 1)(n + 3))) (n observations, p fixed effects), mapped back
 * to 1/(1 − r).
 *
 * Caveats (as performance): fewer than 2 terms besides the intercept gives no VIFs (null); a model
 * without an intercept keeps all columns (a note says VIFs may not be sensible); interactions and
 * polynomial terms inflate VIFs by construction (a note when some VIF exceeds 10).
 */
import { qlogis, plogis, qnorm } from "../glmm/family/special.js";
import { requireFittedModel } from "../model/args.js";
import { kernels, logDetChol } from "../linalg/index.js";
import { terms } from "../results/getME.js";
import type { MerMod } from "../results/update.js";
import { renderable } from "../results/renderable.js";
import { vifFewTerms, vifInteractions, vifNoIntercept } from "../messages/checks.js";

/** One term's variance inflation. */
export interface VifRow {
  /** The term label (R's `attr(terms, "term.labels")`). */
  readonly term: string;
  /** Number of columns of X the term has. */
  readonly df: number;
  /** Generalized VIF (the ordinary VIF for a one-column term). */
  readonly vif: number;
  /** performance's 95% interval of the VIF. */
  readonly ciLow: number;
  readonly ciHigh: number;
  /** √VIF: the inflation of the standard errors. */
  readonly seFactor: number;
  /** 1/VIF. */
  readonly tolerance: number;
  /** performance's grouping: "low" (< 5), "moderate" (5–10), "high" (≥ 10). */
  readonly level: "low" | "moderate" | "high";
}

/** The VIF table (kind "collinearity"); `rows` is empty when the model has fewer than 2 terms. */
export interface Collinearity {
  readonly kind: "collinearity";
  readonly rows: readonly VifRow[];
  /** Why there are no rows, or what to keep in mind (performance's warnings). */
  readonly notes: readonly string[];
}

/** log det of a symmetric positive definite matrix (row-major nested arrays) by Cholesky; NaN if not PD. */
function logDet(a: readonly (readonly number[])[]): number {
  const n = a.length, m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i + j * n] = a[i][j];
  return kernels().potrf(m, n) === 0 ? logDetChol(m, n) : NaN;
}

const sub = (R: readonly (readonly number[])[], idx: readonly number[]) => idx.map((i) => idx.map((j) => R[i][j]));

/** performance's interval of a VIF (see the module doc). */
function vifInterval(vif: number, n: number, p: number): [number, number] {
  const r = 1 - 1 / vif, z = qnorm(0.975);
  const se = Math.sqrt(((1 - r * r) ** 2 * (n - p - 1) ** 2) / ((n * n - 1) * (n + 3)));
  const seLog = se / (r * (1 - r)), l = qlogis(r);
  const lo = plogis(l - z * seLog), hi = plogis(l + z * seLog);
  return [1 / (1 - lo), 1 / (1 - hi)];
}

/**
 * performance::check_collinearity for a fitted LMM or GLMM: one generalized VIF per fixed-effect
 * term (see the module doc).
 */
export function checkCollinearity(m: MerMod): Collinearity {
  requireFittedModel("checkCollinearity", m);
  const t = terms(m), V = m.vcov().matrix, notes: string[] = [];
  let cols = Array.from(t.assign.keys());
  if (t.intercept) cols = cols.filter((j) => t.assign[j] !== 0);
  else notes.push(vifNoIntercept);
  const labels = t.termLabels;
  if (labels.length < 2) return renderable("collinearity", { kind: "collinearity" as const, rows: [], notes: [vifFewTerms(labels.length)] });
  const R = cols.map((i) => cols.map((j) => V[i][j] / Math.sqrt(V[i][i] * V[j][j])));
  const ldR = logDet(R), n = m.nobs, p = m.beta.length;
  const rows: VifRow[] = [];
  labels.forEach((term, k) => {
    const inT = cols.map((j, pos) => (t.assign[j] === k + 1 ? pos : -1)).filter((pos) => pos >= 0);
    if (inT.length === 0) return;
    const rest = cols.map((_, pos) => pos).filter((pos) => !inT.includes(pos));
    const vif = Math.exp(logDet(sub(R, inT)) + (rest.length ? logDet(sub(R, rest)) : 0) - ldR);
    const [ciLow, ciHigh] = vifInterval(vif, n, p);
    rows.push({ term, df: inT.length, vif, ciLow, ciHigh, seFactor: Math.sqrt(vif), tolerance: 1 / vif, level: vif >= 10 ? "high" : vif >= 5 ? "moderate" : "low" });
  });
  if (labels.some((l) => l.includes(":")) && rows.some((r) => r.vif > 10)) notes.push(vifInteractions);
  return renderable("collinearity", { kind: "collinearity" as const, rows, notes });
}
