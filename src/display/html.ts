/**
 * HTML renderers for notebooks: small, self-contained markup (no scripts, no external CSS) that
 * JupyterLab, classic Notebook, nbconvert and GitHub all show. Numbers are formatted as the text
 * renderers format them (`format.ts`), so text and HTML agree digit for digit.
 */
import type { LmerSummary } from "../results/summary.js";
import { fmtColumn, fmtSig, formatCg } from "./format.js";
// (varcorrText.ts imports htmlTable from here: a cycle of function declarations, used only at call time)
import { varCorrCells } from "./varcorrText.js";
import { requireShape } from "../model/args.js";
import { printCoefmat } from "./coefmatText.js";

/** Escapes &, <, >, " and ' for use in HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** A table: header cells, body rows (strings, escaped here), optional caption and alignment. */
export interface HtmlTableSpec {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly caption?: string;
  /** Per column "l" or "r"; default: first column left, the others right. */
  readonly align?: readonly ("l" | "r")[];
}

/** Renders a table with escaped cells; numbers should be formatted by the caller. */
export function htmlTable(t: HtmlTableSpec): string {
  requireShape("htmlTable", t, "a table spec { header: string[], rows: string[][] }", ["header", "rows"]);
  const al = (j: number) => ((t.align?.[j] ?? (j === 0 ? "l" : "r")) === "l" ? "left" : "right");
  const cell = (tag: string, c: string, j: number) => `<${tag} style="text-align:${al(j)}">${escapeHtml(c)}</${tag}>`;
  const cap = t.caption !== undefined ? `<caption style="text-align:left;font-weight:bold">${escapeHtml(t.caption)}</caption>` : "";
  const head = `<thead><tr>${t.header.map((c, j) => cell("th", c, j)).join("")}</tr></thead>`;
  const body = `<tbody>${t.rows.map((r) => `<tr>${r.map((c, j) => cell("td", c, j)).join("")}</tr>`).join("")}</tbody>`;
  return `<table class="lme4ts">${cap}${head}${body}</table>`;
}

/** Preformatted text (e.g. a text summary) as HTML. */
export function htmlPre(text: string): string {
  return `<pre>${escapeHtml(text)}</pre>`;
}

/**
 * HTML rendering of an LMM summary: title and formula, fit criteria, random effects
 * (variances, sds, correlations: the cells of the text summary, `varCorrCells`), fixed effects
 * with optional df and p-values, and warnings. The fixed-effects correlation block is left to
 * the text rendering.
 */
export function summaryHtml(s: LmerSummary): string {
  requireShape("summaryHtml", s, "a model summary (model.summary())", ["criterion", "varcorr", "fixed"]);
  const c = s.criterion;
  const crit = s.REML && c.REML !== undefined
    ? htmlTable({ header: ["REML criterion"], rows: [[c.REML.toFixed(1)]], align: ["r"] })
    : htmlTable({ header: ["AIC", "BIC", "logLik", "deviance", "df.resid"], rows: [[c.AIC, c.BIC, c.logLik, c.deviance].map((x) => x.toFixed(1)).concat(String(c.dfResid))], align: ["r", "r", "r", "r", "r"] });
  // the same cells as the text summary (lme4's labels Subject, Subject.1 for repeated factors;
  // structured covariances marked as in varcorrText.ts)
  const vc = varCorrCells(s.varcorr, s.sigma, { residual: s.statisticName === "t value" });
  const re = htmlTable({ caption: "Random effects", header: vc.header, rows: vc.rows, align: vc.align });
  const est = fmtColumn(s.fixed.map((f) => f.estimate)), se = fmtColumn(s.fixed.map((f) => f.se));
  const hasDf = s.fixed.some((f) => f.df !== undefined), hasP = s.fixed.some((f) => f.p !== undefined);
  const fe = htmlTable({
    caption: "Fixed effects",
    header: ["", "Estimate", "Std. Error", ...(hasDf ? ["df"] : []), s.statisticName, ...(hasP ? [s.statisticName === "z value" ? "Pr(>|z|)" : "Pr(>|t|)"] : [])],
    rows: s.fixed.map((f, i) => [
      f.name, est[i], se[i], ...(hasDf ? [f.df === undefined ? "" : fmtSig(f.df, 4)] : []), f.statistic.toFixed(2),
      ...(hasP ? [f.p === undefined ? "" : f.p < 2e-16 ? "< 2e-16" : fmtSig(f.p, 3)] : []),
    ]),
  });
  const groups = Object.entries(s.ngrps).map(([g, n]) => `${escapeHtml(g)}, ${n}`).join("; ");
  const notes = s.warnings.map((w) => `<p style="color:#a40">Note: ${escapeHtml(w)}</p>`).join("");
  return (
    `<div class="lme4ts-summary"><p><b>${escapeHtml(s.title)}</b><br>Formula: <code>${escapeHtml(s.formula)}</code></p>` +
    crit + re +
    `<p>Number of obs: ${s.nobs}, groups: ${groups}${s.nDropped > 0 ? ` (${s.nDropped} deleted due to missingness)` : ""}</p>` +
    (s.dispersion ? `<p>Dispersion parameter for ${escapeHtml(s.dispersion.family)} family: ${formatCg(s.dispersion.value, 3).trim()}</p>` : "") +
    fe + (s.extraModels ?? []).map((b) => htmlPre(`${b.title}\n${printCoefmat(b.rows).join("\n")}`)).join("") + notes + `</div>`
  );
}
