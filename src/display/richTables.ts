/**
 * Rich (notebook) display of result objects that are plain data or classes without a display
 * method of their own: VarCorr tables, summaries computed with options (`summary({ ddf })`),
 * confidence-interval tables, interval comparisons, bootstrap summaries, allFit results and
 * ad-hoc tables. Each wrapper returns a `RichTable`: an object with a `toString()` (the text
 * rendering, R's layout) and a `Symbol.for("jupyter.mimebundle")` method (text/plain, text/html
 * and text/markdown), so it renders richly as the last expression of a notebook cell and still
 * prints as text in plain Node. The wrapped objects are not modified (compute once, render
 * many: the numbers come from the wrapped result; VarCorr, summary and interval tables are
 * rendered when asked for, the others when the wrapper is made).
 *
 * Numbers in the HTML are formatted as in the text renderers (`fmtColumn`, 5 significant
 * digits for intervals), so the two agree digit for digit; NaN limits show as R's NA.
 */
import type { ConfintTable } from "../inference/profileTypes.js";
import type { LmerSummary } from "../results/summary.js";
import { MIME_BUNDLE, withDisplay, type MimeBundle } from "./mime.js";
import { escapeHtml, htmlTable, summaryHtml } from "./html.js";
import { fmtColumn, table as padTable } from "./format.js";
import { formatConfint, allFitRows, allFitNotes, type AllFitLike } from "./confintText.js";
import { formatSummary } from "./summaryText.js";
import { requireShape } from "../model/args.js";
import { formatVarCorrTable, varCorrTableHtml, VARCORR_OPTIONS, type VarCorrModel } from "./varcorrText.js";
import { checkOptions, int, str, strings } from "../validate/index.js";

/** Significant digits of a table. */
const DIGITS = int(1, 22);

/** A displayable table: text via `toString()`, text/plain + text/html + text/markdown in notebooks. */
export interface RichTable {
  toString(): string;
  [MIME_BUNDLE](): MimeBundle;
  /** The HTML rendering alone. */
  html(): string;
}

/**
 * Builds a RichTable from lazily computed text and HTML (and optional Markdown); displayable in
 * our kernel and Deno's (`withDisplay`).
 */
export function richTable(text: () => string, html: () => string, markdown?: () => string): RichTable {
  return withDisplay({ toString: text, html }, () => ({ "text/plain": text(), "text/html": html(), ...(markdown ? { "text/markdown": markdown() } : {}) })) as RichTable; // synchronous bundle
}

/** R's percent labels of interval limits: "2.5 %", "97.5 %". */
function pct(p: number): string {
  return `${Number((100 * p).toPrecision(3))} %`;
}

const na = (s: string) => (s === "NaN" ? "NA" : s);

/** Notes (warnings) under an HTML table. */
function htmlNotes(notes: readonly string[]): string {
  return notes.map((w) => `<p style="color:#a40;margin:0.2em 0">Note: ${escapeHtml(w)}</p>`).join("");
}

/** Escapes | and newlines for a Markdown table cell. */
const mdCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A GitHub-flavoured Markdown table (first column left-aligned, the others right). */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ("l" | "r")[]): string {
  const al = (j: number) => ((align?.[j] ?? (j === 0 ? "l" : "r")) === "l" ? ":---" : "---:");
  const line = (r: readonly string[]) => `| ${r.map(mdCell).join(" | ")} |`;
  return [line(header), `|${header.map((_, j) => ` ${al(j)} `).join("|")}|`, ...rows.map(line)].join("\n");
}

/** Options of `tableOf`. */
export interface TableOptions {
  readonly caption?: string;
  /** Per column "l" or "r"; default: first column left, the others right. */
  readonly align?: readonly ("l" | "r")[];
  /** Notes printed under the table. */
  readonly notes?: readonly string[];
}

/**
 * An ad-hoc table of preformatted cells as a RichTable: aligned text (caption on the first
 * line, columns padded), an HTML table and a Markdown table. Cells are shown as given.
 */
export function tableOf(header: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions = {}): RichTable {
  requireShape("tableOf", header, "a header (an array of strings) and rows", ["[]"]);
  requireShape("tableOf", rows, "a header and rows (an array of arrays of strings)", ["[]"]);
  checkOptions("tableOf", opts, { caption: str, align: { want: 'an array of "l" / "r"', ok: (v) => Array.isArray(v) && v.every((a) => a === "l" || a === "r") }, notes: strings });
  const align = header.map((_, j) => opts.align?.[j] ?? (j === 0 ? "l" : "r"));
  const notes = opts.notes ?? [];
  const text = () => {
    const lines = padTable([header, ...rows], align);
    return [...(opts.caption ? [opts.caption] : []), ...lines, ...(notes.length ? ["", ...notes.map((n) => `Note: ${n}`)] : [])].join("\n");
  };
  const html = () => htmlTable({ header, rows, caption: opts.caption, align }) + htmlNotes(notes);
  const md = () => (opts.caption ? `**${mdCell(opts.caption)}**\n\n` : "") + markdownTable(header, rows, align);
  return richTable(text, html, md);
}

/**
 * The random-effects variance table of a fitted model (lme4's `print(VarCorr(m))`: standard
 * deviations with 5 significant digits, correlations with 3 decimals, the Residual row for
 * models with a scale parameter); `comp: ["Variance", "Std.Dev."]` adds the variances. Text and
 * HTML come from `varcorrText.ts`, so structured covariances are marked the same way.
 */
export function richVarCorr(model: VarCorrModel, opts: { comp?: readonly ("Variance" | "Std.Dev.")[] } = {}): RichTable {
  checkOptions("richVarCorr", opts, VARCORR_OPTIONS);
  const text = () => formatVarCorrTable(model, opts);
  const html = () => varCorrTableHtml(model, opts);
  return richTable(text, html);
}

/**
 * A model summary (e.g. `fm.summary({ ddf: "Satterthwaite" })`, whose fixed-effects table has
 * df and p-value columns) as text (lme4's / lmerTest's layout) and HTML.
 */
export function richSummary(s: LmerSummary): RichTable {
  return richTable(() => formatSummary(s), () => summaryHtml(s));
}

/** Rows of a confint table as formatted cells (5 significant digits by default, NaN → NA). */
function confintCells(ci: ConfintTable, digits: number): string[][] {
  const lo = fmtColumn([...ci.lower], digits).map(na), hi = fmtColumn([...ci.upper], digits).map(na);
  return ci.names.map((n, i) => [n, lo[i], hi[i]]);
}

const METHOD_LABEL: Record<ConfintTable["method"], string> = { profile: "Profile", Wald: "Wald", boot: "Parametric bootstrap" };

/**
 * A `confint` result as R prints it (one row per parameter, the limits as columns headed by
 * their percentages) and as an HTML table captioned with the method and level; warnings are
 * shown as notes.
 */
export function richConfint(ci: ConfintTable, opts: { digits?: number; caption?: string } = {}): RichTable {
  requireShape("richConfint", ci, "a confint table (the result of confint())", ["names", "lower", "upper"]);
  checkOptions("richConfint", opts, { digits: DIGITS, caption: str });
  const digits = opts.digits ?? 5;
  const a = (1 - ci.level) / 2;
  const caption = opts.caption ?? `${METHOD_LABEL[ci.method]} ${Number((100 * ci.level).toPrecision(3))}% confidence intervals`;
  const header = ["", pct(a), pct(1 - a)];
  return richTable(
    () => `${caption}\n${formatConfint(ci, digits)}`,
    () => htmlTable({ caption, header, rows: confintCells(ci, digits) }) + htmlNotes(ci.warnings),
    () => `**${mdCell(caption)}**\n\n${markdownTable(header, confintCells(ci, digits))}`,
  );
}

/**
 * Several interval tables side by side (e.g. Wald, profile and bootstrap, the GLMM paper's
 * Figures 9 and 12): one row per parameter (the union of the tables' names, in first-seen
 * order), two columns (lower, upper) per table, labelled with the tables' keys. A parameter
 * missing from a table, or with a NaN limit (no Wald interval for a variance parameter), shows
 * "—". The limits of each row are formatted together with `digits` significant digits (default
 * 5), so the methods can be compared digit by digit. Warnings of the
 * tables are shown as notes, prefixed with their key.
 */
export function compareConfint(tables: Readonly<Record<string, ConfintTable>>, opts: { digits?: number; caption?: string } = {}): RichTable & { readonly rows: IntervalRow[] } {
  requireShape("compareConfint", tables, "an object of confint tables, e.g. { Wald: ci1, profile: ci2 }", []);
  for (const t of Object.values(tables)) requireShape("compareConfint", t, "an object of confint tables, e.g. { Wald: ci1, profile: ci2 }", ["names", "lower", "upper"]);
  checkOptions("compareConfint", opts, { digits: DIGITS, caption: str });
  const digits = opts.digits ?? 5;
  const keys = Object.keys(tables);
  const names: string[] = [];
  for (const k of keys) for (const n of tables[k].names) if (!names.includes(n)) names.push(n);
  const level = keys.length ? tables[keys[0]].level : 0.95;
  const a = (1 - level) / 2;
  const header = ["", ...keys.flatMap((k) => [`${k} ${pct(a)}`, `${k} ${pct(1 - a)}`])];
  const limits = names.map((n) =>
    keys.flatMap((k) => {
      const t = tables[k], i = t.names.indexOf(n);
      return i < 0 ? [NaN, NaN] : [t.lower[i], t.upper[i]];
    }),
  );
  const rows = names.map((n, i) => [n, ...fmtColumn(limits[i], digits).map((s) => (s === "NaN" ? "—" : s))]);
  const notes = keys.flatMap((k) => tables[k].warnings.map((w) => `${k}: ${w}`));
  const caption = opts.caption ?? `${Number((100 * level).toPrecision(3))}% intervals: ${keys.join(", ")}`;
  const t = tableOf(header, rows, { caption, notes });
  const tidy: IntervalRow[] = keys.flatMap((k) =>
    tables[k].names.map((n, i) => ({ parameter: n, method: k, lower: tables[k].lower[i], upper: tables[k].upper[i] })),
  );
  return Object.assign(t, { rows: tidy });
}

/** One interval of `compareConfint`'s tidy rows (for plotting). */
export interface IntervalRow {
  readonly parameter: string;
  readonly method: string;
  readonly lower: number;
  readonly upper: number;
}

/** What `richBoot` needs of a bootstrap result (`BootMer` satisfies it). */
export interface BootLike {
  readonly nsim: number;
  readonly seed: number;
  readonly failures: readonly unknown[];
  summary(): { name: string; original: number; bias: number; stdError: number }[];
}

/**
 * A parametric-bootstrap result (`bootMer`) as boot's print shows it: the statistic on the
 * fitted model (original), bias (mean of the replicates − original) and standard error (sd of
 * the replicates), with the number of replicates, the seed and the failed refits. Failed
 * replicates are left out of the summaries.
 */
export function richBoot(b: BootLike, opts: { digits?: number } = {}): RichTable {
  requireShape("richBoot", b, "the result of bootMer()", ["summary"]);
  checkOptions("richBoot", opts, { digits: DIGITS });
  const digits = opts.digits ?? 5;
  const caption = `Parametric bootstrap: ${b.nsim} replicates (seed ${b.seed}), ${b.failures.length} failed`;
  const s = b.summary();
  const o = fmtColumn(s.map((r) => r.original), digits), bi = fmtColumn(s.map((r) => r.bias), digits), se = fmtColumn(s.map((r) => r.stdError), digits);
  return tableOf(["", "original", "bias", "std. error"], s.map((r, i) => [r.name, o[i], bi[i], se[i]]), { caption });
}

/** What `richAllFit` needs of an allFit result (`AllFitResult` satisfies it). */
export type { AllFitLike } from "./confintText.js";

/**
 * allFit's comparison (the model refitted with every optimizer): one column per optimizer, rows
 * for the status, log-likelihood, evaluations, time, fixed effects, sd/cor parameters and θ,
 * numbers with `digits` significant digits per row; the largest log-likelihood difference and
 * each optimizer's warnings or error as notes.
 */
export function richAllFit(r: AllFitLike, opts: { digits?: number } = {}): RichTable {
  requireShape("richAllFit", r, "the result of allFit()", ["entries"]);
  checkOptions("richAllFit", opts, { digits: DIGITS });
  const notes = [`max spread of logLik: ${r.spread.logLik.toExponential(2)}`, ...allFitNotes(r)];
  return tableOf(["", ...r.entries.map((e) => e.optimizer)], allFitRows(r, opts.digits ?? 6), { caption: `allFit: ${r.formula}`, notes });
}
