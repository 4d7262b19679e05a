/** Text rendering of an LMM/GLMM summary in the layout lme4 users know. */
import type { LmerSummary } from "../results/summary.js";
import { fmtColumn, fmtSig, table } from "./format.js";

/** Random-effects table lines (Groups, Name, Variance, Std.Dev., Corr). */
export function formatVarCorr(s: Pick<LmerSummary, "varcorr" | "sigma">, residual = true): string[] {
  const rows: string[][] = [["Groups", "Name", "Variance", "Std.Dev.", "Corr"]];
  const vars: number[] = [], sds: number[] = [];
  for (const b of s.varcorr) b.sd.forEach((sd) => { vars.push(sd * sd); sds.push(sd); });
  if (residual) { vars.push(s.sigma ** 2); sds.push(s.sigma); }
  const fv = fmtColumn(vars), fs = fmtColumn(sds);
  let idx = 0;
  const seen = new Map<string, number>();
  for (const b of s.varcorr) {
    // lme4 prints repeated grouping factors (e.g. from `||`) as Subject, Subject.1, ...
    const k = seen.get(b.group) ?? 0;
    seen.set(b.group, k + 1);
    const label = k === 0 ? b.group : `${b.group}.${k}`;
    b.names.forEach((nm, i) => {
      const corr = b.corr && i > 0 ? b.corr[i].slice(0, i).map((c) => (Number.isFinite(c) ? c.toFixed(2) : "NaN").padStart(5)).join(" ") : "";
      rows.push([i === 0 ? label : "", nm, fv[idx], fs[idx], corr + (b.kind !== "us" && i === 1 && b.corr ? ` (${b.kind})` : "")]);
      idx++;
    });
  }
  if (residual) rows.push(["Residual", "", fv[idx], fs[idx], ""]);
  return table(rows, ["l", "l", "r", "r", "l"]).map((l) => " " + l);
}

/** Renders the whole summary. */
export function formatSummary(s: LmerSummary): string {
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
  out.push("", "Fixed effects:");
  const est = fmtColumn(s.fixed.map((f) => f.estimate)), se = fmtColumn(s.fixed.map((f) => f.se));
  const hasP = s.fixed.some((f) => f.p !== undefined);
  const head = ["", "Estimate", "Std. Error", ...(s.fixed.some((f) => f.df !== undefined) ? ["df"] : []), s.statisticName, ...(hasP ? [s.statisticName === "z value" ? "Pr(>|z|)" : "Pr(>|t|)"] : [])];
  const rows = s.fixed.map((f, i) => [
    f.name, est[i], se[i], ...(f.df !== undefined ? [fmtSig(f.df, 4)] : []), f.statistic.toFixed(2),
    ...(hasP ? [f.p === undefined ? "" : f.p < 2e-16 ? "< 2e-16" : fmtSig(f.p, 3)] : []),
  ]);
  out.push(...table([head, ...rows], ["l", ...head.slice(1).map(() => "r" as const)]));
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
