/**
 * Text renderers for inference results: confidence-interval tables (as R prints confint),
 * the bootstrap summary, and allFit's per-optimizer comparison (as the lme4 paper's summary).
 */
import type { ConfintTable } from "../inference/profileTypes.js";
import type { BootMer } from "../inference/bootstrap.js";
import { fmtColumn, table } from "./format.js";
import { requireShape } from "../model/args.js";

/** R's percent labels: "2.5 %", "97.5 %". */
function pct(p: number): string {
  return `${Number((100 * p).toPrecision(3))} %`;
}

/** NaN prints as NA (R's missing value). */
const na = (s: string) => (s === "NaN" ? "NA" : s);

/** A confint table as R prints it (one row per parameter, the two limits as columns). */
export function formatConfint(ci: ConfintTable, digits = 5): string {
  requireShape("formatConfint", ci, "a confint table (the result of confint())", ["names", "lower", "upper"]);
  const a = (1 - ci.level) / 2;
  const lo = fmtColumn([...ci.lower], digits).map(na), hi = fmtColumn([...ci.upper], digits).map(na);
  const rows = [["", pct(a), pct(1 - a)], ...ci.names.map((n, i) => [n, lo[i], hi[i]])];
  const lines = table(rows, ["l", "r", "r"]);
  if (ci.warnings.length) lines.push("", ...ci.warnings.map((w) => `Warning: ${w}`));
  return lines.join("\n");
}

/** The bootstrap's original values, bias and standard errors (as boot's print). */
export function formatBoot(b: BootMer, digits = 5): string {
  requireShape("formatBoot", b, "the result of bootMer()", ["summary"]);
  const s = b.summary();
  const head = `PARAMETRIC BOOTSTRAP: ${b.nsim} replicates (seed ${b.seed}), ${b.failures.length} failed`;
  const o = fmtColumn(s.map((r) => r.original), digits), bi = fmtColumn(s.map((r) => r.bias), digits), se = fmtColumn(s.map((r) => r.stdError), digits);
  const rows = [["", "original", "bias", "std. error"], ...s.map((r, i) => [r.name, o[i], bi[i], se[i]])];
  return [head, "", ...table(rows, ["l", "r", "r", "r"])].join("\n");
}

/** What the allFit renderers read (allFit's result, structurally). */
export interface AllFitLike {
  readonly formula: string;
  readonly entries: readonly {
    readonly optimizer: string; readonly ok: boolean; readonly logLik: number; readonly feval: number; readonly timeMs: number;
    readonly fixef: Readonly<Record<string, number>>; readonly sdcor: Readonly<Record<string, number>>; readonly theta: ArrayLike<number>;
    readonly warnings: readonly string[]; readonly error?: string | null;
  }[];
  readonly spread: { readonly logLik: number };
}

/**
 * allFit's comparison as rows of cells (no header): status, logLik, evaluations, time, fixed
 * effects, sd/cor parameters and θ, one column per optimizer, numbers with `digits` significant
 * digits per row. Shared by the text and rich renderers.
 */
export function allFitRows(r: AllFitLike, digits: number): string[][] {
  const es = r.entries;
  const row = (label: string, vals: number[]) => [label, ...fmtColumn(vals, digits).map(na)];
  const rows: string[][] = [["status", ...es.map((e) => (e.ok ? (e.warnings.length ? "warnings" : "OK") : "failed"))]];
  rows.push(row("logLik", es.map((e) => e.logLik)));
  rows.push(["evaluations", ...es.map((e) => String(e.feval))]);
  rows.push(["time (ms)", ...es.map((e) => e.timeMs.toFixed(1))]);
  const first = es.find((e) => e.ok);
  if (first) {
    for (const k of Object.keys(first.fixef)) rows.push(row(k, es.map((e) => e.fixef[k] ?? NaN)));
    for (const k of Object.keys(first.sdcor)) rows.push(row(k, es.map((e) => e.sdcor[k] ?? NaN)));
    Array.from(first.theta).forEach((_, i) => rows.push(row(`theta[${i + 1}]`, es.map((e) => e.theta[i] ?? NaN))));
  }
  return rows;
}

/** allFit's notes: each optimizer's error and warnings, prefixed by its name. */
export function allFitNotes(r: AllFitLike): string[] {
  const notes: string[] = [];
  for (const e of r.entries) {
    if (e.error) notes.push(`${e.optimizer}: failed: ${e.error}`);
    for (const w of e.warnings) notes.push(`${e.optimizer}: ${w}`);
  }
  return notes;
}

/** allFit's comparison: one column per optimizer, rows for status, logLik, fixed effects, sd/cor, θ. */
export function formatAllFit(r: AllFitLike, digits = 6): string {
  requireShape("formatAllFit", r, "the result of allFit()", ["entries"]);
  const es = r.entries;
  const rows = [["", ...es.map((e) => e.optimizer)], ...allFitRows(r, digits)];
  const lines = [`allFit: ${r.formula}`, "", ...table(rows, ["l", ...es.map(() => "r" as const)])];
  lines.push("", `max spread: logLik ${r.spread.logLik.toExponential(2)}`, ...allFitNotes(r));
  return lines.join("\n");
}
