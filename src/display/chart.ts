/**
 * Vega-Lite charts as displayable values. A chart *is* its Vega-Lite spec — its enumerable
 * fields are the spec's, so `JSON.stringify(chart)`, vega-embed and deep equality see the
 * spec — with non-enumerable methods added: `toSpec()` (the bare spec as a plain object; the
 * name Deno and vega-lite-api use), `toSVG()`, `toString()` and both display keys (see
 * `withDisplay`). Every `plots.*` builder returns one, so a builder call as the last
 * expression of a cell shows the chart.
 *
 * The MIME bundle carries, besides text/plain:
 * - `application/vnd.vegalite.v5+json`: the spec (JSON object) — the interactive view of
 *   JupyterLab 4, VS Code and nteract (tooltips, selections);
 * - `image/svg+xml`: the chart rendered by vega in Node, with `<title>`/`<desc>` and an ARIA
 *   label on the root element and the axis and legend text kept as `<text>`;
 * - `text/markdown`: an `<img>` whose `src` is that SVG as a base64 data URI and whose `alt` is
 *   the title and description. nbconvert ≥ 6.5's default HTML export passes inline SVG through
 *   `clean_html` (bleach), which strips SVG elements and leaves a blank plot, but ranks
 *   text/markdown above image/svg+xml and copies the `<img>` through, so exported HTML, the
 *   classic Notebook and GitHub show the plot. The fallback is Markdown rather than HTML on
 *   purpose: JupyterLab ranks text/html (50) above its Vega-Lite renderer (57), so an HTML
 *   fallback would replace the interactive chart there, while Markdown (60) ranks below it.
 *   Set `chartDisplay.fallback = "html"` to put the `<img>` under text/html instead.
 */
import type { VegaLiteSpec as TopLevelSpec } from "./spec.js";
import { VEGALITE_MIME, withDisplay, type Displayable, type MimeBundle } from "./mime.js";
import { loadSvgRenderer } from "./loadSvg.js";

/** The methods a chart adds (non-enumerably) to its spec. */
export interface ChartMethods extends Displayable {
  /** The bare Vega-Lite spec: a plain object with the chart's enumerable fields. */
  toSpec(): TopLevelSpec;
  /** The SVG rendering made with vega in Node (cached; accessible title and description). */
  toSVG(): Promise<string>;
  /** `<Vega-Lite chart: title>`. */
  toString(): string;
}

/** A Vega-Lite spec that displays itself as a chart; see the module doc. */
export interface VegaLiteChart extends TopLevelSpec, ChartMethods {}

/** Where plots put their static `<img>` fallback; see the module doc. */
export const chartDisplay: { fallback: "markdown" | "html" } = { fallback: "markdown" };

/** The spec's title as text ("" when none). */
function titleOf(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.join(" ");
  const text = (t as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text : Array.isArray(text) ? text.join(" ") : "";
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The chart's text alternative: its title, then its description when it has one. */
export function chartAlt(spec: TopLevelSpec): string {
  const title = titleOf(spec), desc = (spec as { description?: unknown }).description;
  const parts = [title || "Vega-Lite chart", typeof desc === "string" && desc !== title ? desc : ""].filter((x) => x !== "");
  return parts.join(": ");
}

/**
 * Adds accessible text to vega's SVG: `role="img"` and `aria-label` on the root `<svg>` (when
 * vega did not set them) and `<title>`/`<desc>` as its first children.
 */
export function accessibleSvg(svg: string, spec: TopLevelSpec): string {
  const m = /^<svg\b[^>]*>/.exec(svg);
  if (!m) return svg;
  let open = m[0];
  const alt = chartAlt(spec), title = titleOf(spec) || "Vega-Lite chart";
  const desc = (spec as { description?: unknown }).description;
  if (!/\brole=/.test(open)) open = open.replace(/>$/, ` role="img">`);
  if (!/\baria-label=/.test(open)) open = open.replace(/>$/, ` aria-label="${esc(alt)}">`);
  const head = `<title>${esc(title)}</title>` + (typeof desc === "string" ? `<desc>${esc(desc)}</desc>` : "");
  return open + head + svg.slice(m[0].length);
}

/**
 * The Vega-Lite MIME type matching the spec's `$schema`: `application/vnd.vegalite.v4+json` for
 * a v4 schema, else v5 (our builders' version and JupyterLab 4's; a spec without `$schema` or
 * with a newer one is offered as v5, which the v5 renderers read).
 */
export function vegaLiteMime(spec: TopLevelSpec): string {
  const m = /vega-lite\/v(\d+)/.exec(String((spec as { $schema?: unknown }).$schema ?? ""));
  return m && m[1] === "4" ? "application/vnd.vegalite.v4+json" : VEGALITE_MIME;
}

/** The `<img>` fallback: the SVG as a base64 data URI, with the chart's text as `alt`. */
export function svgImgTag(svg: string, spec: TopLevelSpec): string {
  const w = /^<svg\b[^>]*\bwidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1];
  const size = w ? ` width="${w}"` : "";
  return `<img src="data:image/svg+xml;base64,${base64(svg)}" alt="${esc(chartAlt(spec))}"${size}>`;
}

/** Base64 of the UTF-8 bytes of `s`, with `btoa` (Node and Deno alike; no Buffer). */
function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * Makes a Vega-Lite spec a displayable chart. Builders pass a spec they just made (it becomes
 * the chart, no copy); a chart passed again is returned as it is; any other spec is copied
 * first, so the caller's object is not modified. The SVG is rendered once, on first request.
 */
export function vegaLite(spec: TopLevelSpec): VegaLiteChart {
  if (typeof (spec as Partial<ChartMethods>).toSVG === "function" && typeof (spec as Partial<ChartMethods>).toSpec === "function") return spec as VegaLiteChart;
  return asChart({ ...spec } as TopLevelSpec);
}

/** Turns `spec` itself into a chart (in place); for builders that own the object. */
export function asChart(spec: TopLevelSpec): VegaLiteChart {
  let svg: Promise<string> | undefined;
  const toSpec = () => ({ ...spec }) as TopLevelSpec;
  const methods: Pick<ChartMethods, "toSpec" | "toSVG" | "toString"> = {
    toSpec,
    toSVG: () => (svg ??= loadSvgRenderer().then((m) => m.vegaLiteToSvg(toSpec())).then((s) => accessibleSvg(s, spec))),
    toString: () => `<Vega-Lite chart: ${titleOf(spec) || (spec as { description?: string }).description || "chart"}>`,
  };
  for (const [k, v] of Object.entries(methods)) Object.defineProperty(spec, k, { value: v, enumerable: false, configurable: true, writable: true });
  return withDisplay(spec as TopLevelSpec & ChartMethods, async function bundle(this: VegaLiteChart): Promise<MimeBundle> {
    const s = await this.toSVG();
    const img = svgImgTag(s, spec);
    return {
      "text/plain": this.toString(),
      [vegaLiteMime(spec)]: this.toSpec(),
      "image/svg+xml": s,
      [chartDisplay.fallback === "html" ? "text/html" : "text/markdown"]: img,
    };
  }) as VegaLiteChart;
}
