/**
 * The GLMM response: y as the family expects it, plus the number of trials and prior weights.
 * Binomial responses may be 0/1 numbers, a two-level factor (first level = failure, as R),
 * `cbind(successes, failures)` (y = s/(s+f), weights = s+f), or proportions with
 * weights = number of trials.
 */
import type { Frame } from "../data/types.js";
import type { Expr } from "../formula/types.js";
import { evaluateColumn, evaluateNumeric, deparse } from "../formula/index.js";
import type { Family } from "./family/index.js";
import { LmeError } from "../messages/error.js";
import { binomialFactorLevels, cbindNegative, cbindArity, cbindNotBinomial, cbindNonFinite, glmmResponseNonFinite } from "../messages/glmm.js";

export interface GlmmResponse {
  /** Response on the family's scale (proportions for binomial). */
  readonly y: Float64Array;
  /** Prior weights (times trials for a cbind response). */
  readonly weights: Float64Array;
  /**
   * R's `n` for family$aic: the trials for a cbind() response (as R's binomial initialize),
   * else ones (trials given as weights are folded into weights, as R's glm does).
   */
  readonly n: Float64Array;
  readonly label: string;
}

/**
 * Evaluates the response of a GLMM formula on the model frame. `rowText(i)` names model-frame
 * row i in errors (default "row i+1"; glmer names the input row and, for a CSV, its line).
 */
export function glmmResponse(
  expr: Expr,
  frame: Frame,
  family: Family,
  prior: Float64Array | null,
  rowText: (i: number) => string = (i) => `row ${i + 1}`,
): GlmmResponse {
  const nobs = frame.nrow;
  const label = deparse(expr);
  const weights = prior ? Float64Array.from(prior) : new Float64Array(nobs).fill(1);
  const ones = new Float64Array(nobs).fill(1);
  if (expr.type === "call" && expr.fn === "cbind") {
    if (family.name !== "binomial" && family.name !== "betabinomial") throw cbindNotBinomial(family.name);
    if (expr.args.length !== 2) throw cbindArity(label);
    const s = evaluateNumeric(expr.args[0], frame), f = evaluateNumeric(expr.args[1], frame);
    const y = new Float64Array(nobs), trials = new Float64Array(nobs);
    for (let i = 0; i < nobs; i++) {
      if (!Number.isFinite(s[i]) || !Number.isFinite(f[i])) throw cbindNonFinite(label, rowText(i));
      if (s[i] < 0 || f[i] < 0) throw cbindNegative(label, rowText(i));
      const t = s[i] + f[i];
      y[i] = t > 0 ? s[i] / t : 0;
      weights[i] *= t;
      trials[i] = t;
    }
    // R's binomial()$initialize: n = the trials, so that aic's log-likelihood is
    // Σ prior_i log dbinom(s_i; t_i, μ_i) also when prior weights are not 1.
    return { y, weights, n: trials, label };
  }
  const col = evaluateColumn(expr, frame, label);
  if (col.kind === "factor") {
    if (family.name !== "binomial") throw new LmeError("family", `the response '${label}' is a factor; the ${family.name} family needs a numeric response`);
    if (col.levels.length > 2) throw binomialFactorLevels(label, col.levels);
    const y = new Float64Array(nobs);
    for (let i = 0; i < nobs; i++) y[i] = col.codes[i] > 0 ? 1 : 0;
    return { y, weights, n: ones, label };
  }
  const y = evaluateNumeric(expr, frame);
  for (let i = 0; i < nobs; i++) if (weights[i] !== 0 && !Number.isFinite(y[i])) throw glmmResponseNonFinite(label, family.name, rowText(i));
  return { y, weights, n: ones, label };
}
