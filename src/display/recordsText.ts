/**
 * Renderers of record tables (arrays of records with the same keys) and single records: the
 * `tidy`, `glance`, `r2` and `icc` results. Registered with results/renderable.ts by kind, so the
 * computations never import this module. Numbers are shown with 4 significant digits per column
 * (R's `format`; columns of whole numbers as integers), p-values as R's format.pval, missing
 * values (null, NaN) as NA.
 */
import { registerRenderer } from "../results/renderable.js";
import type { TidyRow } from "../tidy/tidy.js";
import type { GlanceRow } from "../tidy/glance.js";
import type { R2Result } from "../performance/r2.js";
import type { IccResult } from "../performance/icc.js";
import type { PredictionFrame } from "../effects/predictionFrame.js";
import type { SmoothEstimates } from "../effects/smooth.js";
import { fmtColumn, fmtSig, table } from "./format.js";
import { escapeHtml, htmlTable } from "./html.js";
import { requireShape } from "../model/args.js";

type Rec = Readonly<Record<string, unknown>>;

/** Formats one column of a record table: numbers per column, strings as they are, null as NA. */
function column(rows: readonly Rec[], key: string): string[] {
  const vals = rows.map((r) => r[key]);
  if (vals.every((v) => v === null || v === undefined || typeof v === "number")) {
    const nums = vals.map((v) => (typeof v === "number" ? v : NaN));
    const isP = key === "p.value" || key === "p";
    const integers = nums.every((x) => !Number.isFinite(x) || (Number.isInteger(x) && Math.abs(x) < 1e15));
    const cells = isP ? nums.map((x) => (Number.isFinite(x) ? (x < 2.2e-16 ? "<2e-16" : fmtSig(x, 3)) : "NaN"))
      : integers ? nums.map((x) => (Number.isFinite(x) ? String(x) : "NaN")) : fmtColumn(nums, 4);
    return cells.map((c, i) => (vals[i] === null || vals[i] === undefined || Number.isNaN(nums[i]) ? "NA" : c));
  }
  return vals.map((v) => (v === null || v === undefined ? "NA" : String(v)));
}

/** The union of keys in first-seen order. */
function keysOf(rows: readonly Rec[]): string[] {
  const ks: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!ks.includes(k)) ks.push(k);
  return ks;
}

/** Text of a record table: a header line and aligned columns (strings left, numbers right). */
export function recordsText(rows: readonly Rec[], caption?: string): string {
  requireShape("recordsText", rows, "an array of records", ["[]"]);
  const keys = keysOf(rows);
  const cols = keys.map((k) => column(rows, k));
  const align = keys.map((k) => (rows.some((r) => typeof r[k] === "string") ? "l" : "r") as "l" | "r");
  const body = rows.map((_, i) => cols.map((c) => c[i]));
  const lines = table([keys, ...body], align);
  return (caption ? [caption, ...lines] : lines).join("\n");
}

/** HTML of a record table. */
export function recordsHtml(rows: readonly Rec[], caption?: string): string {
  requireShape("recordsHtml", rows, "an array of records", ["[]"]);
  const keys = keysOf(rows);
  const cols = keys.map((k) => column(rows, k));
  const align = keys.map((k) => (rows.some((r) => typeof r[k] === "string") ? "l" : "r") as "l" | "r");
  return htmlTable({ header: keys, rows: rows.map((_, i) => cols.map((c) => c[i])), caption, align });
}

const notesText = (notes: readonly string[]) => notes.map((n) => `Note: ${n}`).join("\n");
const notesHtml = (notes: readonly string[]) => notes.map((n) => `<p style="color:#a40;margin:0.2em 0">Note: ${escapeHtml(n)}</p>`).join("");

function r2Rows(x: R2Result): Rec[] {
  return [{ "Conditional R2": x.conditional, "Marginal R2": x.marginal }];
}
function iccRows(x: IccResult): Rec[] {
  return [{ "Adjusted ICC": x.adjusted, "Unadjusted ICC": x.unadjusted }];
}

registerRenderer<TidyRow[]>("tidy", {
  text: (x) => recordsText(x as unknown as Rec[]),
  html: (x) => recordsHtml(x as unknown as Rec[]),
});
registerRenderer<GlanceRow>("glance", {
  text: (x) => recordsText([x as unknown as Rec]),
  html: (x) => recordsHtml([x as unknown as Rec]),
});
registerRenderer<R2Result>("r2", {
  text: (x) => [recordsText(r2Rows(x), "R2 for Mixed Models (Nakagawa)"), notesText(x.notes)].filter(Boolean).join("\n"),
  html: (x) => recordsHtml(r2Rows(x), "R² for mixed models (Nakagawa)") + notesHtml(x.notes),
});
registerRenderer<IccResult>("icc", {
  text: (x) => [recordsText(iccRows(x), "Intraclass Correlation Coefficient"), notesText(x.notes)].filter(Boolean).join("\n"),
  html: (x) => recordsHtml(iccRows(x), "Intraclass correlation coefficient") + notesHtml(x.notes),
});

registerRenderer<PredictionFrame>("predictionFrame", {
  text: (x) => recordsText(x.rows as unknown as Rec[], `Predicted values of ${x.response} (${Math.round(x.level * 100)}% intervals)`),
  html: (x) => recordsHtml(x.rows as unknown as Rec[], `Predicted values of ${x.response} (${Math.round(x.level * 100)}% intervals)`),
});

const smoothCaption = (x: SmoothEstimates) =>
  `Estimated smooth ${x.term}${x.type === "response" ? " (response scale)" : ""} with ${Math.round(x.level * 100)}% Bayesian intervals; smoothing variance ${Number(x.smoothVariance.toPrecision(4))}`;
const smoothRows = (x: SmoothEstimates) => x.rows.map((r) => ({ [x.variable]: r.x, fit: r.fit, se: r.se, lower: r.lower, upper: r.upper })) as unknown as Rec[];
registerRenderer<SmoothEstimates>("smoothEstimates", {
  text: (x) => recordsText(smoothRows(x), smoothCaption(x)),
  html: (x) => recordsHtml(smoothRows(x), smoothCaption(x)),
});
