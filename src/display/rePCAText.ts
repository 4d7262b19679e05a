/**
 * Text and HTML rendering of `rePCA(model)` as R prints `summary(rePCA(m))`: one block per
 * grouping factor (`$Subject`), "Importance of components:", and a matrix with the rows
 * Standard deviation, Proportion of Variance, Cumulative Proportion and one column per
 * component (`[,1]`, `[,2]`, ...). As R's `summary.prcomp`, proportions are rounded to 5
 * decimals and each column is formatted on its own with 4 significant digits (R's print of a
 * numeric matrix). The standard deviations are relative to the residual sd (σ = 1 for GLMMs
 * without a scale), i.e. the singular values of the relative covariance factor T.
 */
import type { RePCA } from "../covariance/rePCA.js";
import { fmtColumn, table } from "./format.js";
import { escapeHtml, htmlTable } from "./html.js";
import { requireShape } from "../model/args.js";

const ROWS = ["Standard deviation", "Proportion of Variance", "Cumulative Proportion"] as const;

/** R's round(x, 5). */
const round5 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e5) / 1e5 : x);

/** The importance matrix of one grouping factor as strings: header row, then the three rows. */
export function rePCACells(pc: RePCA, digits = 4): { header: string[]; rows: string[][] } {
  const m = pc.sdev.length;
  const header = ["", ...Array.from({ length: m }, (_, k) => `[,${k + 1}]`)];
  const cols = Array.from({ length: m }, (_, k) => {
    const v = [pc.sdev[k], round5(pc.proportion[k]), round5(pc.cumulative[k])];
    // R's format of a column without a finite non-zero value prints zeros as "0".
    return v.some((x) => Number.isFinite(x) && x !== 0) ? fmtColumn(v, digits) : v.map((x) => (x === 0 ? "0" : String(x)));
  });
  const rows = ROWS.map((name, r) => [name, ...cols.map((c) => c[r])]);
  return { header, rows };
}

/**
 * `summary(rePCA(m))` as text: for each grouping factor `$group`, "Importance of components:"
 * and the importance matrix, blocks separated by a blank line (R's printing of a list).
 */
export function formatRePCA(pcs: readonly RePCA[], digits = 4): string {
  requireShape("formatRePCA", pcs, "the result of rePCA(model), an array", ["[]"]);
  const out: string[] = [];
  for (const pc of pcs) {
    const { header, rows } = rePCACells(pc, digits);
    out.push(`$${pc.group}`, "Importance of components:", ...table([header, ...rows], ["l", ...header.slice(1).map(() => "r" as const)]), "");
  }
  return out.join("\n");
}

/** The same as HTML: one captioned table per grouping factor, with the column names listed. */
export function rePCAHtml(pcs: readonly RePCA[], digits = 4): string {
  requireShape("rePCAHtml", pcs, "the result of rePCA(model), an array", ["[]"]);
  return pcs
    .map((pc) => {
      const { header, rows } = rePCACells(pc, digits);
      return htmlTable({ caption: `${pc.group}: importance of components`, header, rows }) +
        `<p style="font-size:smaller">Columns of the term(s): ${escapeHtml(pc.names.join(", "))}</p>`;
    })
    .join("");
}
