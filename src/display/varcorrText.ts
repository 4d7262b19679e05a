/**
 * The random-effects variance table (lme4's `print(VarCorr(m))` and the "Random effects:"
 * block of `summary(m)`), following lme4 2.x's printing of structured covariances (the
 * `formatVC` / `format_corr` conventions lme4 2.x shares with glmmTMB through reformulas):
 *
 * - `us` (plain `(x | g)`): the lower triangle of the correlation matrix, row i showing its
 *   correlations with the columns before it (nothing on the first row).
 * - `diag`: no correlations at all (they are zero by construction); a `diag` term therefore
 *   prints like `(x || g)`.
 * - `cs` and `ar1`: the single correlation parameter ρ on the term's first row, tagged with the
 *   structure: `-0.79 (cs)`, `0.880 (ar1)` (for ar1, ρ is the lag-1 correlation; the lag-k one
 *   is ρ^k).
 * - Homogeneous `cs(..., hom = TRUE)` and homogeneous `ar1` (its default) have one variance:
 *   only the term's first row (first column name, the common sd) is shown. Heterogeneous
 *   `ar1(..., hom = FALSE)` and `cs` (its default) show every sd. `diag(..., hom = TRUE)` shows
 *   every (equal) sd, as lme4 2.x does.
 *
 * Whether a term is homogeneous is taken from, in order: a `hom` property on the block, a
 * glmmTMB/lme4-class-style kind (`"homcs"`, `"hetar1"`, `"homdiag"`), the `homs` option, and
 * otherwise (cs/ar1 only) from the numbers: all sds positive and equal to 1e-10 relative. A
 * heterogeneous fit with exactly equal sds would be collapsed too; nothing is lost in that case.
 */
import type { VarCorrBlock } from "../covariance/varcorr.js";
import { fmtColumn, table } from "./format.js";
import { htmlTable } from "./html.js";
import { requireShape } from "../model/args.js";
import { checkOptions, int, type OptionSpec } from "../validate/index.js";

/** The public VarCorr table options: which components, and digits. */
export const VARCORR_OPTIONS: OptionSpec = {
  comp: { want: 'an array of "Variance" / "Std.Dev."', ok: (v) => Array.isArray(v) && v.length > 0 && v.every((c) => c === "Variance" || c === "Std.Dev.") },
  digits: int(1, 22), corrDigits: int(1, 22),
};

/** A VarCorr block, optionally told whether its structure has one common variance. */
export type VarCorrBlockLike = VarCorrBlock & { readonly hom?: boolean };

/** Options of the VarCorr table. */
export interface VarCorrTableOptions {
  /** Columns to show (lme4's `comp`); summary: both, print(VarCorr): "Std.Dev." only. */
  readonly comp?: readonly ("Variance" | "Std.Dev.")[];
  /** Significant digits of variances / sds (summary 4, print(VarCorr) 5). */
  readonly digits?: number;
  /** Decimals of correlations (summary 2, print(VarCorr) 3). */
  readonly corrDigits?: number;
  /** Add the Residual row (LMMs and GLMMs with a scale parameter). */
  readonly residual?: boolean;
  /** Per block: one common variance (overrides the inference described in the module doc). */
  readonly homs?: readonly (boolean | undefined)[];
}

/** The cells of a VarCorr table (header, rows) ready for text or HTML rendering. */
export interface VarCorrCells {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align: readonly ("l" | "r")[];
}

/** The structure of a block without the hom/het prefix ("homcs" → "cs"). */
export function baseKind(kind: string): string {
  return kind.replace(/^(hom|het)/, "");
}

/** Whether a block has one common variance (see the module doc for the order of the evidence). */
export function isHomBlock(b: VarCorrBlockLike, override?: boolean): boolean {
  if (b.hom !== undefined) return b.hom;
  if (/^hom/.test(b.kind)) return true;
  if (/^het/.test(b.kind)) return false;
  if (override !== undefined) return override;
  const k = baseKind(b.kind);
  if ((k !== "cs" && k !== "ar1") || b.sd.length < 2) return false;
  const s0 = b.sd[0];
  return s0 > 0 && Array.from(b.sd).every((s) => Math.abs(s - s0) <= 1e-10 * s0);
}

/** R's `format(round(x, d), nsmall = d)` for one correlation (no "-0.00"). */
export function fmtCorr(x: number, d: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : String(x);
  const s = x.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** lme4's labels of repeated grouping factors: Subject, Subject.1, ... */
function groupLabels(blocks: readonly VarCorrBlock[]): string[] {
  const seen = new Map<string, number>();
  return blocks.map((b) => {
    const k = seen.get(b.group) ?? 0;
    seen.set(b.group, k + 1);
    return k === 0 ? b.group : `${b.group}.${k}`;
  });
}

/**
 * The cells of the table: Groups, Name, the `comp` columns, Corr (only when some term shows a
 * correlation). Variances and sds are formatted as one column each (R's `format` on the whole
 * vector); `us` correlations are padded to a common width per term so they line up.
 */
export function varCorrCells(blocks: readonly VarCorrBlockLike[], sigma: number, opts: VarCorrTableOptions = {}): VarCorrCells {
  const comp = opts.comp ?? ["Variance", "Std.Dev."];
  const digits = opts.digits ?? 4, cd = opts.corrDigits ?? 2;
  const labels = groupLabels(blocks);
  interface Line { group: string; name: string; sd: number; corr: string }
  const lines: Line[] = [];
  blocks.forEach((b, k) => {
    const kind = baseKind(b.kind);
    const hom = isHomBlock(b, opts.homs?.[k]);
    const shown = (kind === "cs" || kind === "ar1") && hom ? 1 : b.names.length;
    const corr: string[] = new Array(shown).fill("");
    if (b.corr && b.names.length > 1) {
      if (kind === "cs" || kind === "ar1") corr[0] = `${fmtCorr(b.corr[1][0], cd)} (${kind})`;
      else if (kind === "us") {
        const cells = b.corr.map((row, i) => row.slice(0, i).map((c) => fmtCorr(c, cd)));
        const w = Math.max(0, ...cells.flat().map((c) => c.length));
        cells.forEach((row, i) => (corr[i] = row.map((c) => c.padStart(w)).join(" ")));
      }
    }
    for (let i = 0; i < shown; i++) lines.push({ group: i === 0 ? labels[k] : "", name: b.names[i], sd: b.sd[i], corr: corr[i] });
  });
  if (opts.residual) lines.push({ group: "Residual", name: "", sd: sigma, corr: "" });
  const cols: string[][] = comp.map((c) => fmtColumn(lines.map((l) => (c === "Variance" ? l.sd * l.sd : l.sd)), digits));
  const hasCorr = lines.some((l) => l.corr !== "");
  const header = ["Groups", "Name", ...comp, ...(hasCorr ? ["Corr"] : [])];
  const rows = lines.map((l, i) => [l.group, l.name, ...cols.map((c) => c[i]), ...(hasCorr ? [l.corr] : [])]);
  const align = ["l", "l", ...comp.map(() => "r"), ...(hasCorr ? ["l"] : [])] as ("l" | "r")[];
  return { header, rows, align };
}

/** Text lines of the table, each indented by one space as lme4 prints it. */
export function varCorrLines(blocks: readonly VarCorrBlockLike[], sigma: number, opts: VarCorrTableOptions = {}): string[] {
  const c = varCorrCells(blocks, sigma, opts);
  return table([c.header, ...c.rows], c.align).map((l) => " " + l);
}

/** What `formatVarCorrTable` needs of a fitted model (`LmerMod` and `GlmerMod` satisfy it). */
export interface VarCorrModel {
  VarCorr(): readonly VarCorrBlock[];
  readonly sigma: number;
  readonly input: { readonly terms: readonly { readonly spec: { readonly structure: { readonly hom: boolean } } }[] };
  /** "lmerMod" or "glmerMod". */
  readonly kind: string;
  readonly family?: { readonly hasScale: boolean };
}

function modelBlocks(model: VarCorrModel): { blocks: VarCorrBlockLike[]; residual: boolean } {
  const blocks = model.VarCorr().map((b, k) => ({ ...b, hom: model.input.terms[k]?.spec.structure.hom }));
  const residual = model.kind === "lmerMod" || model.family?.hasScale === true;
  return { blocks, residual };
}

/**
 * lme4's `print(VarCorr(model))`: sds with 5 significant digits and correlations with 3
 * decimals by default (`comp: ["Variance", "Std.Dev."]` adds variances), the Residual row for
 * models with a scale parameter; structured terms marked as described in the module doc,
 * homogeneity read from the model's term specifications.
 */
export function formatVarCorrTable(model: VarCorrModel, opts: Omit<VarCorrTableOptions, "residual" | "homs"> = {}): string {
  requireShape("formatVarCorrTable", model, "a model fitted by lmer() or glmer()", ["VarCorr", "input"]);
  checkOptions("formatVarCorrTable", opts, VARCORR_OPTIONS);
  const { blocks, residual } = modelBlocks(model);
  return varCorrLines(blocks, model.sigma, { comp: ["Std.Dev."], digits: 5, corrDigits: 3, ...opts, residual }).join("\n");
}

/** The same table as HTML (cells formatted exactly as in `formatVarCorrTable`). */
export function varCorrTableHtml(model: VarCorrModel, opts: Omit<VarCorrTableOptions, "residual" | "homs"> = {}): string {
  requireShape("varCorrTableHtml", model, "a model fitted by lmer() or glmer()", ["VarCorr", "input"]);
  checkOptions("varCorrTableHtml", opts, VARCORR_OPTIONS);
  const { blocks, residual } = modelBlocks(model);
  const c = varCorrCells(blocks, model.sigma, { comp: ["Std.Dev."], digits: 5, corrDigits: 3, ...opts, residual });
  return htmlTable({ caption: "Random effects", header: c.header, rows: c.rows, align: c.align });
}
