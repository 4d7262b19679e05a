/**
 * Rich display of the results the model methods return (VarCorr, summary, ranef, confint,
 * allFit, bootstrap and profile results), attached to the result itself: each function here
 * gives its argument both display keys (`withDisplay`: non-enumerable, so the returned data —
 * fields, array elements, `JSON.stringify`, deep equality — is exactly what it was) and returns
 * it. A notebook then shows `fm.VarCorr()` or `fm.summary()` as a table instead of an object dump.
 * The tables are the ones of `richTables.ts`, rendered when displayed, not when attached.
 */
import type { ConfintTable } from "../inference/profileTypes.js";
import type { LmerSummary } from "../results/summary.js";
import { MIME_BUNDLE, withDisplay } from "./mime.js";
import { richAllFit, richBoot, richConfint, richSummary, richTable, richVarCorr, tableOf, type AllFitLike, type BootLike, type RichTable } from "./richTables.js";
import type { VarCorrModel } from "./varcorrText.js";
import { fmtColumn } from "./format.js";
import type { RanefGroupData } from "./vegalite/ranef.js";

/** Gives `target` the display of the table `make()` builds (when displayed). Returns `target`. */
export function withTable<T extends object>(target: T, make: () => RichTable): T {
  return withDisplay(target, () => make()[MIME_BUNDLE]());
}

/** `VarCorr()`'s blocks, displayed as lme4's variance-component table of `model`. */
export function displayVarCorr<T extends object>(blocks: T, model: VarCorrModel): T {
  return withTable(blocks, () => richVarCorr(model));
}

/** A summary, displayed as lme4's summary (text) and HTML tables. */
export function displaySummary(s: LmerSummary): LmerSummary {
  return withTable(s, () => richSummary(s));
}

/** A confint table, displayed as R prints it, with an HTML and a Markdown table. */
export function displayConfint(ci: ConfintTable): ConfintTable {
  return withTable(ci, () => richConfint(ci));
}

/** An allFit result, displayed as the optimizer comparison table. */
export function displayAllFit<T extends AllFitLike>(r: T): T {
  return withTable(r, () => richAllFit(r));
}

/** A bootstrap result's class prototype: instances display as boot's summary table. */
export function displayBootClass(proto: BootLike): void {
  withDisplay(proto, function (this: BootLike) {
    return richBoot(this)[MIME_BUNDLE]();
  });
}

/** What `displayProfileClass` needs of a profile. */
export interface ProfileLike {
  readonly params: readonly unknown[];
  confint(): ConfintTable;
}

/** A profile class's prototype: instances display as their 95% profile intervals. */
export function displayProfileClass(proto: ProfileLike): void {
  withDisplay(proto, function (this: ProfileLike) {
    return richConfint(this.confint(), { caption: `Profile of ${this.params.length} parameters: 95% confidence intervals` })[MIME_BUNDLE]();
  });
}

/** What `displayRanef` needs of a `ranef()` group (the shape the caterpillar plot takes). */
export type RanefLike = RanefGroupData;

/** Rows shown per grouping factor in a ranef table (the data keep all levels). */
export const RANEF_ROWS_SHOWN = 30;

/**
 * One table per grouping factor: the conditional modes per level (5 significant digits per
 * column), followed by the conditional sds when present; at most `RANEF_ROWS_SHOWN` levels, with
 * a note of how many were left out.
 */
export function ranefTables(groups: readonly RanefLike[]): RichTable {
  const tables = groups.map((g) => {
    const shown = g.levels.slice(0, RANEF_ROWS_SHOWN);
    const cols = g.names.map((_, j) => fmtColumn(shown.map((_, l) => g.values[l][j]), 5));
    const sds = g.condsd ? g.names.map((_, j) => fmtColumn(shown.map((_, l) => g.condsd![l][j]), 5)) : [];
    const header = [g.group, ...g.names, ...(g.condsd ? g.names.map((n) => `cond. sd ${n}`) : [])];
    const rows = shown.map((lv, l) => [lv, ...cols.map((c) => c[l]), ...sds.map((c) => c[l])]);
    const left = g.levels.length - shown.length;
    const notes = left > 0 ? [`${left} more levels of ${g.group} not shown (${g.levels.length} in all)`] : [];
    return tableOf(header, rows, { caption: `$${g.group} (conditional modes${g.condsd ? " and conditional sds" : ""})`, notes });
  });
  return richTable(() => tables.map(String).join("\n\n"), () => tables.map((t) => t.html()).join("\n"));
}

/** `ranef()`'s groups, displayed as one table per grouping factor. */
export function displayRanef<T extends readonly RanefLike[]>(groups: T): T {
  return withTable(groups, () => ranefTables(groups));
}
