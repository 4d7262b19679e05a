/**
 * Plot regions of a rendered notebook page and whether they are blank: locate the drawing
 * elements (img, svg, canvas) in the outputs of given code cells, screenshot each region, and
 * count its ink with Chromium's own PNG decoder (see `launchChromium().ink`).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A page expression returning, for each code-cell index in `indices`, `{ cell, box, why }`:
 * `box` is the page rectangle of the largest drawing element (img, svg or canvas not nested in
 * another svg) in that cell's output elements, or null with `why` saying what was found.
 */
export function plotRegionsScript(cellSelector, outputSelector, indices) {
  return `(() => {
    const cells = [...document.querySelectorAll(${JSON.stringify(cellSelector)})];
    return ${JSON.stringify(indices)}.map((i) => {
      const cell = cells[i];
      if (!cell) return { cell: i, box: null, why: "code cell " + (i + 1) + " not found in the page (" + cells.length + " code cells)" };
      const outs = [...cell.querySelectorAll(${JSON.stringify(outputSelector)})];
      const els = outs.flatMap((o) => [...o.querySelectorAll("img, svg, canvas")]).filter((e) => !e.parentElement.closest("svg"));
      const rects = els.map((e) => ({ e, b: e.getBoundingClientRect() }));
      const sized = rects.filter(({ b }) => b.width >= 40 && b.height >= 40).sort((p, q) => q.b.width * q.b.height - p.b.width * p.b.height);
      if (sized.length === 0) {
        const kinds = rects.map(({ e, b }) => e.tagName.toLowerCase() + " " + Math.round(b.width) + "x" + Math.round(b.height) + (e.tagName.toLowerCase() === "svg" ? " with " + e.childElementCount + " children" : "")).join(", ");
        return { cell: i, box: null, why: outs.length + " output element(s); drawing elements: " + (kinds || "none") };
      }
      const b = sized[0].b;
      return { cell: i, tag: sized[0].e.tagName.toLowerCase(), box: { x: b.left + scrollX, y: b.top + scrollY, width: b.width, height: b.height }, why: "" };
    });
  })()`;
}

/**
 * Screenshots each region with a box into `<dir>/<prefix>-<cell>.png` and measures its ink.
 * A region is non-blank when at least 1% of its pixels are inked, some are dark (text, axes)
 * and it has at least 4 colours. Resolves to the regions with `nonBlank` and a `summary`.
 */
export async function inkOfRegions(browser, page, regions, dir, prefix) {
  const out = [];
  for (const r of regions) {
    if (!r.box) {
      out.push({ ...r, nonBlank: false, summary: r.why });
      continue;
    }
    const png = await page.screenshot({ clip: r.box });
    writeFileSync(join(dir, `${prefix}-cell${r.cell + 1}.png`), png);
    const ink = await browser.ink(png);
    const nonBlank = ink.fraction >= 0.01 && ink.dark > 0 && ink.colors >= 4;
    out.push({ ...r, ink, nonBlank, summary: `${r.tag} ${Math.round(r.box.width)}x${Math.round(r.box.height)}, ${(100 * ink.fraction).toFixed(1)}% inked, ${(100 * ink.dark).toFixed(2)}% dark, ${ink.colors} colours` });
  }
  return out;
}
