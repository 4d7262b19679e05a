#!/usr/bin/env node
// Renders the executed notebooks' HTML (out/notebooks/*.html, written by `npm run notebooks`) to
// PNG with headless Chromium, to look at them as a reader would:
//   <out>/<name>-page-<k>.png   the whole page, in slices of --slice pixels (default 2400)
//   <out>/<name>-plot-<k>.png   each SVG plot output, cropped to the plot
//   <out>/<name>-html-<k>.png   with --html: each rich HTML output (tables), cropped to its content
//
//   node scripts/screenshots.mjs                  # every notebook, into out/screenshots/
//   node scripts/screenshots.mjs cbpp             # notebooks whose name contains "cbpp"
//   node scripts/screenshots.mjs --out docs/screenshots --width 1100 --scale 1.5 --plots-only
//   node scripts/screenshots.mjs --html-dir /tmp/html   # HTML from elsewhere
//   node scripts/screenshots.mjs cbpp --html --plots-only   # plots and HTML outputs, no pages
//
// Plots are found as the SVG outputs (inline <svg> or <img> of an SVG) of nbconvert's lab and
// classic templates, and as the <img> SVG data URIs that lme4ts plots carry in their text/markdown
// (or text/html) alternative, which nbconvert's default export shows. Note: nbconvert 6.5.x (Debian 12) passes inline SVG outputs through its HTML
// sanitizer, which strips every SVG element and leaves blank plots; nbconvert >= 7.7 embeds them
// as base64 images instead.
//
// Chromium (Debian: `apt-get install -y chromium`; or set CHROMIUM=/path/to/chrome) is driven
// through the DevTools protocol over a pipe (scripts/e2e/lib/chromium.mjs), so no npm package is
// needed. It runs with a fresh empty profile and no network services.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { findChromium, launchChromium } from "./e2e/lib/chromium.mjs";

const root = resolve(new URL("..", import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const outDir = resolve(root, opt("out", "out/screenshots"));
const width = Number(opt("width", "1100"));
const scale = Number(opt("scale", "1"));
const slice = Number(opt("slice", "2400"));
const plotsOnly = flag("plots-only");
const pagesOnly = flag("pages-only");
const htmlOutputs = flag("html");

const htmlDir = resolve(root, opt("html-dir", "out/notebooks"));
const filter = args[0] ?? "";
const pages = existsSync(htmlDir) ? readdirSync(htmlDir).filter((f) => f.endsWith(".html") && f.includes(filter)).sort() : [];
if (pages.length === 0) {
  console.error(`No notebook HTML in ${htmlDir}${filter ? ` matching "${filter}"` : ""}; run \`npm run notebooks\` first.`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

if (!findChromium()) {
  console.error("Chromium not found. Install it (Debian/Ubuntu as root: apt-get install -y chromium) or set CHROMIUM=/path/to/chrome.");
  process.exit(1);
}
const browser = await launchChromium();
async function shoot(page, clip, file) {
  writeFileSync(file, await page.screenshot({ clip }));
}

const written = [];
try {
  const s = await browser.newPage({ width, height: 900, scale });
  for (const page of pages) {
    const name = basename(page, ".html");
    await s.navigate(pathToFileURL(join(htmlDir, page)).href);
    await new Promise((r) => setTimeout(r, 500)); // MathJax/fonts settle
    const { height, plots, htmls, stripped } = await s.eval(`(() => {
        const r = (e) => { const b = e.getBoundingClientRect(); return { x: b.left + scrollX, y: b.top + scrollY, width: b.width, height: b.height }; };
        const svgs = [...document.querySelectorAll(".jp-RenderedSVG > svg, .jp-RenderedSVG > img, .output_svg svg, .output_svg img, .jp-OutputArea-output img[src^='data:image/svg+xml'], .output_markdown img[src^='data:image/svg+xml'], .output_html img[src^='data:image/svg+xml']")]
          .filter((e, i, a) => a.indexOf(e) === i);
        const stripped = svgs.filter((e) => e.tagName.toLowerCase() === "svg" && e.childElementCount === 0).length;
        // rich HTML outputs, cropped to their content (the output box spans the page width)
        const content = (e) => {
          const boxes = [...e.querySelectorAll("table, p, pre, caption")].map((c) => c.getBoundingClientRect()).filter((b) => b.width > 0);
          if (boxes.length === 0) return r(e);
          const x0 = Math.min(...boxes.map((b) => b.left)), y0 = Math.min(...boxes.map((b) => b.top));
          const x1 = Math.max(...boxes.map((b) => b.right)), y1 = Math.max(...boxes.map((b) => b.bottom));
          return { x: x0 + scrollX, y: y0 + scrollY, width: x1 - x0, height: y1 - y0 };
        };
        const htmls = [...document.querySelectorAll(".jp-OutputArea-output.jp-RenderedHTMLCommon, .output_html")].filter((e) => e.querySelector("table"));
        return { height: document.documentElement.scrollHeight, plots: svgs.map(r), htmls: htmls.map(content), stripped };
      })()`);
    if (stripped > 0)
      console.warn(`${name}: ${stripped} SVG plot(s) have no drawing elements: this nbconvert sanitised the SVG outputs away (nbconvert 6.5.x); the plots in the .ipynb are intact. Convert with a template that embeds SVG as <img> (nbconvert >= 7.7 does) and pass --html-dir.`);
    if (!plotsOnly)
      for (let y = 0, k = 1; y < height; y += slice, k++) {
        const file = join(outDir, `${name}-page-${k}.png`);
        await shoot(s, { x: 0, y, width, height: Math.min(slice, height - y) }, file);
        written.push(file);
      }
    if (!pagesOnly)
      for (const [k, b] of plots.entries()) {
        const pad = 6, file = join(outDir, `${name}-plot-${k + 1}.png`);
        await shoot(s, { x: Math.max(0, b.x - pad), y: Math.max(0, b.y - pad), width: b.width + 2 * pad, height: b.height + 2 * pad }, file);
        written.push(file);
      }
    if (htmlOutputs)
      for (const [k, b] of htmls.entries()) {
        const pad = 8, file = join(outDir, `${name}-html-${k + 1}.png`);
        await shoot(s, { x: Math.max(0, b.x - pad), y: Math.max(0, b.y - pad), width: b.width + 2 * pad, height: b.height + 2 * pad }, file);
        written.push(file);
      }
    console.log(`${name}: page ${height}px, ${plots.length} plots${htmlOutputs ? `, ${htmls.length} HTML outputs` : ""}`);
  }
} finally {
  await browser.close();
}
console.log(`wrote ${written.length} PNG files to ${outDir}`);
