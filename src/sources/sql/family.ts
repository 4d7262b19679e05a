/**
 * The GLMM family as SQL, in one place: the inverse link μ(η), dμ/dη, the variance V(μ), the
 * deviance residual and the starting predictor g(μ_start), for the families and links whose
 * in-memory forms (glmm/family/links.ts, families.ts, with lme4's clamps) are plain
 * exponentials and logarithms:
 *
 * | family, link | μ(η) | dμ/dη | V(μ) |
 * |---|---|---|---|
 * | binomial, logit | max(ε, min(1−ε, 1/(1 + e^(−η)))) | max(ε, e^(−|η|)/(1 + e^(−|η|))²) | max(ε, μ(1 − μ)) |
 * | poisson, log | max(ε, e^η) | max(ε, e^η) | μ |
 *
 * devResid: binomial 2 wt [y log(y/μ) + (1−y) log((1−y)/(1−μ))] (0 log 0 = 0), Poisson
 * 2 wt [y log(y/μ) − (y − μ)] (2 wt μ at y = 0); μ_start: binomial (wt·y + ½)/(wt + 1), Poisson
 * y + 0.1 (R's family$initialize). Other links (probit's Φ, cloglog's −expm1(−e^η), which the
 * engines have no exact function for) return null: their fits use the cells route.
 */
import type { Family } from "../../glmm/family/types.js";
import { DBL_EPSILON } from "../../glmm/family/special.js";
import type { SqlDialect } from "./dialect.js";

/** SQL builders of a family; arguments are SQL expressions (column references, ideally). */
export interface SqlFamily {
  mu(eta: string): string;
  muEta(eta: string): string;
  variance(mu: string): string;
  devResid(y: string, mu: string, wt: string): string;
  /** g(μ_start) from the response and the prior weight. */
  etaStart(y: string, wt: string): string;
}

/** The SQL of `family` in dialect `d`, or null when it has none (see the module comment). */
export function sqlFamily(family: Family, d: SqlDialect): SqlFamily | null {
  const eps = d.num(DBL_EPSILON), oneMinusEps = d.num(1 - DBL_EPSILON);
  const ln = (x: string) => d.fn("log", [x])!, exp = (x: string) => d.fn("exp", [x])!;
  const max = (a: string, b: string) => d.fn("pmax", [a, b])!, min = (a: string, b: string) => d.fn("pmin", [a, b])!;
  const yLogY = (y: string, mu: string) => `(CASE WHEN ${y} > 0 THEN ${y} * ${ln(`${y} / ${mu}`)} ELSE 0 END)`;
  if (family.name === "binomial" && family.link.name === "logit")
    return {
      mu: (eta) => max(eps, min(oneMinusEps, `1 / (1 + ${exp(`-(${eta})`)})`)),
      muEta: (eta) => {
        const e = exp(`-${d.fn("abs", [eta])!}`);
        return max(eps, `${e} / ((1 + ${e}) * (1 + ${e}))`);
      },
      variance: (mu) => max(eps, `${mu} * (1 - ${mu})`),
      devResid: (y, mu, wt) => `2 * ${wt} * (${yLogY(y, mu)} + ${yLogY(`(1 - ${y})`, `(1 - ${mu})`)})`,
      etaStart: (y, wt) => {
        const m = `((${wt} * ${y} + 0.5) / (${wt} + 1))`;
        return ln(`${m} / (1 - ${m})`);
      },
    };
  if (family.name === "poisson" && family.link.name === "log")
    return {
      mu: (eta) => max(eps, exp(eta)),
      muEta: (eta) => max(eps, exp(eta)),
      variance: (mu) => mu,
      devResid: (y, mu, wt) => `2 * ${wt} * (CASE WHEN ${y} > 0 THEN ${y} * ${ln(`${y} / ${mu}`)} - (${y} - ${mu}) ELSE ${mu} END)`,
      etaStart: (y) => ln(`(${y} + 0.1)`),
    };
  return null;
}
