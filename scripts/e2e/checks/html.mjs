/**
 * Check 4: the executed notebook of check 1, converted with `jupyter nbconvert --to html` (the
 * default template, no options: Debian's nbconvert 6.5 passes inline SVG through a sanitiser
 * that strips it), rendered in headless Chromium. For each plot cell, the drawing elements of its
 * output (img, svg, canvas) must have a size, and the screenshot of that region must have ink
 * (non-white pixels, several colours). Screenshots go to the artifacts folder.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../lib/chromium.mjs";
import { VEGALITE } from "../lib/ipynb.mjs";
import { toHtml } from "../lib/jupyter.mjs";
import { executedKernelNotebook, PLOT_CELL } from "./kernel.mjs";
import { inkOfRegions, plotRegionsScript } from "../lib/regions.mjs";

export const title = "default nbconvert HTML shows non-blank plots in headless Chromium";

export async function run(ctx, t) {
  const { executed, cells } = await executedKernelNotebook(ctx);
  const html = await toHtml(ctx, executed);
  // the plot cell, and any other cell with a plot-like output
  const plotCells = [...new Set([PLOT_CELL, ...cells.filter((c) => c.outputs.some((o) => o.mimes.includes(VEGALITE) || o.mimes.some((m) => m.startsWith("image/")))).map((c) => c.index)])];
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ width: 1100, height: 900 });
    await page.navigate(pathToFileURL(html).href);
    await page.eval("document.fonts.ready.then(() => new Promise((r) => setTimeout(r, 300)))");
    // nbconvert's lab template: one .jp-CodeCell per code cell, in order
    const regions = await page.eval(plotRegionsScript(".jp-Cell.jp-CodeCell", ".jp-OutputArea-output", plotCells));
    const fullHeight = await page.eval("document.documentElement.scrollHeight");
    writeFileSync(join(ctx.artifacts, "nbconvert-html-page.png"), await page.screenshot({ clip: { x: 0, y: 0, width: 1100, height: Math.min(fullHeight, 12000) } }));
    for (const r of await inkOfRegions(browser, page, regions, ctx.artifacts, "nbconvert-html-plot")) {
      t.ok(r.box, `cell ${r.cell + 1}: the plot output has a drawing element of nonzero size`, r.why);
      if (r.box) t.ok(r.nonBlank, `cell ${r.cell + 1}: the plot region is not blank (${r.summary})`, r.summary);
    }
  } finally {
    await browser.close();
  }
}
