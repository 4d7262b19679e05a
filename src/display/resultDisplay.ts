/**
 * The ranef() tables (one per grouping factor, at most `RANEF_ROWS_SHOWN` levels each), used by
 * the "ranef" renderer of register.ts.
 */
import { richTable, tableOf, type RichTable } from "./richTables.js";
import { fmtColumn } from "./format.js";
import type { RanefGroupData } from "./vegalite/ranef.js";

/** What `ranefTables` needs of a `ranef()` group (the shape the caterpillar plot takes). */
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

