/**
 * Check 1: lme4ts's own kernel, installed from the packed tarball with `npx lme4ts kernel install
 * --prefix DIR`, executes a notebook written outside the repository (in the user's fresh
 * project) with `jupyter nbconvert --execute --allow-errors`. The executed notebook must have:
 * the model as HTML, `summary()` and `VarCorr()` as HTML tables, the plot builder's result as
 * Vega-Lite v5 plus an image that survives export, an `error` output (ename, evalue, a traceback
 * without dist/ internals) for the failing cell, output from the cell after it, and an
 * execution count on every code cell.
 */
import { join } from "node:path";
import { codeCells, dataOf, describe, hasImage, mimesOf, VEGALITE, writeNotebook } from "../lib/ipynb.mjs";
import { executeNotebook } from "../lib/jupyter.mjs";

/** The cells of the notebook, by role (each role's source is one code cell). */
export const KERNEL_CELLS = {
  imports: 'import { lmer, datasets, plots } from "lme4ts";',
  model: 'const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());\nfm1',
  summary: "fm1.summary()",
  varcorr: "fm1.VarCorr()",
  plot: "const re = fm1.ranef({ condVar: true });\nplots.caterpillar(re[0])",
  failing: '// a formula naming a column the data do not have: must show as an error output\nlmer("Reaction ~ Days + (Days | NoSuchColumn)", datasets.sleepstudy())',
  after: "fm1.fixef()",
};
const ROLES = Object.keys(KERNEL_CELLS);
/** Index (among code cells) of the plot cell. */
export const PLOT_CELL = ROLES.indexOf("plot");

const memo = new Map();
/**
 * Writes the notebook into the user's project and executes it through the lme4ts kernel
 * (memoised: check 4 converts the same executed notebook). Resolves to { executed, cells, spec }.
 */
export function executedKernelNotebook(ctx) {
  if (!memo.has(ctx)) {
    memo.set(ctx, (async () => {
      await ctx.debian();
      const kernel = await ctx.lme4tsKernel();
      const nb = join(ctx.app, "e2e-lme4ts.ipynb");
      writeNotebook(nb, [
        { md: "# lme4ts end-to-end check\nA sleepstudy fit, its summary, a plot and a failing cell, run through the lme4ts kernel." },
        ...ROLES.map((r) => KERNEL_CELLS[r]),
      ], { name: kernel.name, display_name: kernel.spec.display_name, language: "typescript" });
      const executed = await executeNotebook(ctx, nb, kernel.name);
      return { executed, cells: codeCells(executed), spec: kernel.spec };
    })());
  }
  return memo.get(ctx);
}

/** Requirements on the executed notebook's cells (shared with the notebook-UI check's wording). */
export async function run(ctx, t) {
  const { cells, spec } = await executedKernelNotebook(ctx);
  const cell = Object.fromEntries(ROLES.map((r, i) => [r, cells[i]]));
  const installed = join(ctx.app, "node_modules", "lme4ts");
  t.ok(spec.argv.some((a) => a.startsWith(installed)), "the spec runs the kernel of the package installed from the tarball", `argv ${JSON.stringify(spec.argv)}`);
  t.ok(spec.display_name === "TypeScript (lme4ts)", 'kernel spec "lme4ts" has display name "TypeScript (lme4ts)"', `display_name is ${JSON.stringify(spec.display_name)}`);
  const html = (c) => dataOf(c, "text/html") ?? "";
  t.ok(/<table/i.test(html(cell.model)), "the model is shown as an HTML table", describe(cell.model));
  t.ok(/<table/i.test(html(cell.summary)), "summary() is shown as an HTML table", describe(cell.summary));
  t.ok(/<table/i.test(html(cell.varcorr)), "VarCorr() is shown as an HTML table", describe(cell.varcorr));
  const vl = dataOf(cell.plot, VEGALITE);
  t.ok(vl && typeof vl === "object" && /vega-lite\/v5/.test(String(vl.$schema ?? "")), `the plot builder's result is ${VEGALITE} with a v5 $schema`, vl ? `$schema ${vl.$schema}` : describe(cell.plot));
  t.ok(hasImage(cell.plot), "the plot also carries an image (image/png, image/svg+xml or an <img> data URI)", describe(cell.plot));
  const err = cell.failing.outputs.find((o) => o.type === "error");
  t.ok(err && err.ename && /NoSuchColumn/.test(err.evalue ?? ""), "the failing cell has an `error` output with ename and an evalue naming the culprit", describe(cell.failing));
  t.ok(err && !/[\\/]dist[\\/]/.test(err.traceback), "its traceback shows no dist/ internals", err ? `traceback: ${err.traceback.split("\n").filter((l) => /dist[\\/]/.test(l)).slice(0, 2).join(" | ")}` : "no error output");
  t.ok(mimesOf(cell.after).size > 0 || cell.after.outputs.some((o) => o.type === "stream" && o.text.trim()), "the cell after the failing one ran and has output", describe(cell.after));
  const noCount = cells.filter((c) => !Number.isInteger(c.executionCount));
  t.ok(noCount.length === 0, "every executed code cell has an execution_count", `${noCount.length} of ${cells.length} code cells have none`);
}

export const title = "lme4ts kernel from the tarball runs an outside notebook (nbconvert --execute)";
