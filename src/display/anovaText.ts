/**
 * Text and HTML renderers of the likelihood-ratio (`anova`) and single-term deletion (`drop1`)
 * tables, laid out as R prints them: columns formatted with 5 significant digits on a common
 * number of decimals, p-values with 4 significant digits (scientific below 1e-4, "< 2.2e-16"
 * below machine precision), significance stars and their legend.
 */
import type { AnovaTable } from "../inference/anova.js";
import type { Drop1Table } from "../inference/drop1.js";
import { fmtColumn, table } from "./format.js";
import { htmlTable, htmlPre, escapeHtml } from "./html.js";
import { requireShape } from "../model/args.js";

/** R's format.pval(p, digits = 4) for one value. */
export function formatPValue(p: number | null): string {
  if (p === null || Number.isNaN(p)) return "";
  if (p < 2.220446e-16) return "< 2.2e-16";
  if (p < 1e-4) {
    const [m, e] = p.toExponential(3).split("e");
    const ex = Number(e);
    return `${m}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  return String(Number(p.toPrecision(4)));
}

/** R's significance stars. */
export function signifStars(p: number | null): string {
  if (p === null || Number.isNaN(p)) return "";
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : " ";
}

const LEGEND = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";

/** A column of optional numbers, formatted together; nulls become empty cells. */
function optColumn(xs: readonly (number | null)[], digits = 5): string[] {
  const present = xs.filter((x): x is number => x !== null);
  const f = fmtColumn(present, digits);
  let k = 0;
  return xs.map((x) => (x === null ? "" : f[k++]));
}

/** Integer-valued column (npar, Df). */
const intColumn = (xs: readonly (number | null)[]) => xs.map((x) => (x === null ? "" : String(x)));

function anovaCells(t: AnovaTable): { header: string[]; rows: string[][] } {
  const r = t.rows;
  const cols = [
    intColumn(r.map((x) => x.npar)),
    optColumn(r.map((x) => x.AIC)),
    optColumn(r.map((x) => x.BIC)),
    optColumn(r.map((x) => x.logLik)),
    optColumn(r.map((x) => x.deviance)),
    optColumn(r.map((x) => x.Chisq)),
    intColumn(r.map((x) => x.Df)),
    r.map((x) => formatPValue(x.p)),
    r.map((x) => signifStars(x.p)),
  ];
  return {
    header: ["", "npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)", ""],
    rows: r.map((x, i) => [x.name, ...cols.map((c) => c[i])]),
  };
}

/** The anova table as R prints it (notes, the models' formulas, the table, the legend). */
export function formatAnova(t: AnovaTable): string {
  requireShape("formatAnova", t, "an anova table (the result of anova())", ["rows"]);
  const { header, rows } = anovaCells(t);
  const out = [...t.notes, "Models:", ...t.rows.map((r) => `${r.name}: ${r.formula}`)];
  out.push(...table([header, ...rows], ["l", "r", "r", "r", "r", "r", "r", "r", "r", "l"]));
  if (t.rows.some((r) => r.p !== null)) out.push("---", LEGEND);
  return out.join("\n");
}

/** HTML version of `formatAnova`. */
export function anovaHtml(t: AnovaTable): string {
  requireShape("anovaHtml", t, "an anova table (the result of anova())", ["rows"]);
  const { header, rows } = anovaCells(t);
  const models = t.rows.map((r) => `${r.name}: ${r.formula}`).join("\n");
  const notes = t.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join("");
  return `<div class="lme4ts-anova">${notes}${htmlPre(`Models:\n${models}`)}${htmlTable({ header, rows, caption: "Likelihood-ratio tests", align: ["l", "r", "r", "r", "r", "r", "r", "r", "r", "l"] })}</div>`;
}

function drop1Cells(t: Drop1Table): { header: string[]; rows: string[][] } {
  const r = t.rows;
  const cols = [
    intColumn(r.map((x) => x.npar)),
    optColumn(r.map((x) => x.AIC)),
    optColumn(r.map((x) => x.LRT)),
    r.map((x) => formatPValue(x.p)),
    r.map((x) => signifStars(x.p)),
  ];
  return { header: ["", "npar", "AIC", "LRT", "Pr(Chi)", ""], rows: r.map((x, i) => [x.term, ...cols.map((c) => c[i])]) };
}

/** The drop1 table as R prints it. */
export function formatDrop1(t: Drop1Table): string {
  requireShape("formatDrop1", t, "a drop1 table (the result of drop1())", ["rows"]);
  const { header, rows } = drop1Cells(t);
  const out = [...t.notes, "Single term deletions", "", "Model:", t.formula];
  out.push(...table([header, ...rows], ["l", "r", "r", "r", "r", "l"]));
  if (t.rows.some((r) => r.p !== null)) out.push("---", LEGEND);
  return out.join("\n");
}

/** HTML version of `formatDrop1`. */
export function drop1Html(t: Drop1Table): string {
  const { header, rows } = drop1Cells(t);
  const notes = t.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join("");
  return `<div class="lme4ts-drop1">${notes}${htmlTable({ header, rows, caption: `Single term deletions: ${t.formula}`, align: ["l", "r", "r", "r", "r", "l"] })}</div>`;
}
