/** Text rendering of an LMM/GLMM summary in the layout lme4 users know. */
import type { LmerSummary } from "../results/summary.js";
import { fmtColumn, fmtSig, formatCg, table } from "./format.js";
import { varCorrLines, type VarCorrBlockLike } from "./varcorrText.js";
import { requireShape } from "../model/args.js";
import { printCoefmat } from "./coefmatText.js";

/**
 * Random-effects table lines of the summary (Groups, Name, Variance, Std.Dev., Corr), in lme4
 * 2.x's layout: sds with 4 significant digits, correlations with 2 decimals; structured terms
 * marked as lme4 2.x prints them (`-0.79 (cs)`, `0.88 (ar1)` on the term's first row, no
 * correlations for `diag`, one row for homogeneous cs/ar1); see `varCorrCells` in
 * varcorrText.ts for the rules and how homogeneity is decided (`homs` gives it per block).
 */
export function formatVarCorr(s: { readonly varcorr: readonly VarCorrBlockLike[]; readonly sigma: number }, residual = true, homs?: readonly (boolean | undefined)[]): string[] {
  requireShape("formatVarCorr", s, "a model summary (model.summary())", ["varcorr"]);
  return varCorrLines(s.varcorr, s.sigma, { residual, homs });
}

/** Renders the whole summary. */
export function formatSummary(s: LmerSummary): string {
  requireShape("formatSummary", s, "a model summary (model.summary())", ["criterion", "varcorr", "fixed"]);
  const out: string[] = [s.title, `Formula: ${s.formula}`, ""];
  const c = s.criterion;
  if (s.REML && c.REML !== undefined) out.push(`REML criterion at convergence: ${c.REML.toFixed(1)}`);
  else {
    const cells = [c.AIC, c.BIC, c.logLik, c.deviance].map((x) => x.toFixed(1));
    out.push(...table([["AIC", "BIC", "logLik", "deviance", "df.resid"], [...cells, String(c.dfResid)]], ["r", "r", "r", "r", "r"]));
  }
  out.push("", "Scaled residuals: ");
  out.push(...table([["Min", "1Q", "Median", "3Q", "Max"], fmtColumn([...s.scaledResiduals])], ["r", "r", "r", "r", "r"]));
  out.push("", "Random effects:", ...formatVarCorr(s, s.statisticName === "t value"));
  out.push(`Number of obs: ${s.nobs}, groups:  ${Object.entries(s.ngrps).map(([g, n]) => `${g}, ${n}`).join("; ")}`);
  if (s.nDropped > 0) out.push(`(${s.nDropped} observation${s.nDropped === 1 ? "" : "s"} deleted due to missingness)`);
  if (s.dispersion) out.push("", `Dispersion parameter for ${s.dispersion.family} family (): ${formatCg(s.dispersion.value, 3)}`);
  out.push("", "Fixed effects:");
  const est = fmtColumn(s.fixed.map((f) => f.estimate)), se = fmtColumn(s.fixed.map((f) => f.se));
  const hasP = s.fixed.some((f) => f.p !== undefined);
  const head = ["", "Estimate", "Std. Error", ...(s.fixed.some((f) => f.df !== undefined) ? ["df"] : []), s.statisticName, ...(hasP ? [s.statisticName === "z value" ? "Pr(>|z|)" : "Pr(>|t|)"] : [])];
  const rows = s.fixed.map((f, i) => [
    f.name, est[i], se[i], ...(f.df !== undefined ? [fmtSig(f.df, 4)] : []), f.statistic.toFixed(2),
    ...(hasP ? [f.p === undefined ? "" : f.p < 2e-16 ? "< 2e-16" : fmtSig(f.p, 3)] : []),
  ]);
  out.push(...table([head, ...rows], ["l", ...head.slice(1).map(() => "r" as const)]));
  for (const b of s.extraModels ?? []) out.push("", b.title, ...printCoefmat(b.rows));
  if (s.fixed.length > 1) {
    out.push("", "Correlation of Fixed Effects:");
    const abbrev = s.fixed.map((f) => abbreviate(f.name));
    const crow = s.fixed.slice(1).map((f, i) => [abbrev[i + 1], ...s.correlation[i + 1].slice(0, i + 1).map((x) => x.toFixed(3))]);
    out.push(...table([["", ...abbrev.slice(0, -1)], ...crow], ["l", ...abbrev.slice(0, -1).map(() => "r" as const)]));
  }
  if (s.warnings.length) out.push("", ...s.warnings.map((w) => `Note: ${w}`));
  return out.join("\n");
}

/** R's abbreviate(minlength = 6)-like short names for the correlation block. */
function abbreviate(name: string): string {
  if (name.length <= 6) return name;
  const clean = name.replace(/[()]/g, "");
  if (clean.length <= 6) return clean;
  const chars = clean.split("");
  // drop lower-case vowels from the end until short enough (keep the first character)
  for (let i = chars.length - 1; i > 0 && chars.length > 6; i--) if (/[aeiou]/.test(chars[i])) chars.splice(i, 1);
  for (let i = chars.length - 1; i > 0 && chars.length > 6; i--) if (/[a-z]/.test(chars[i])) chars.splice(i, 1);
  return chars.join("").slice(0, Math.max(6, 0));
}
