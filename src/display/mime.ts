/**
 * The display protocol: how lme4ts objects tell a notebook front end how to show themselves.
 *
 * An object is *displayable* when it has a method under `Symbol.for("jupyter.mimebundle")`
 * returning a MIME bundle — a record from MIME type to content, IPython's `_repr_mimebundle_`
 * in JavaScript dress. `text/plain` is always present (the fallback every front end shows);
 * `text/html`, `text/markdown`, `image/svg+xml` (strings) and
 * `application/vnd.vegalite.v5+json` (a JSON *object*, not a string) are optional. The method may
 * return a Promise (plots render their SVG asynchronously with vega).
 *
 * The lme4ts kernel (`kernel/`) shows the last expression of a cell through this protocol and
 * installs a publishing function under `Symbol.for("jupyter.display")` on `globalThis`;
 * `display(x)` uses it when present and otherwise prints the text/plain part, so this module
 * never imports a kernel and works in plain Node. Vega is loaded lazily (only when a plot's
 * bundle is requested), so importing this module costs nothing.
 */
import type { VegaLiteSpec as TopLevelSpec } from "./spec.js";
import { loadSvgRenderer } from "./loadSvg.js";

/** The method key of the display protocol: `Symbol.for("jupyter.mimebundle")`. */
export const MIME_BUNDLE: unique symbol = Symbol.for("jupyter.mimebundle") as never;

/** The global publishing hook installed by the kernel: `Symbol.for("jupyter.display")`. */
export const DISPLAY_HOOK: unique symbol = Symbol.for("jupyter.display") as never;

/** The Vega-Lite MIME type JupyterLab, nbconvert and GitHub understand. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** A MIME bundle: `text/plain` always, richer representations optionally. */
export interface MimeBundle {
  readonly "text/plain": string;
  readonly "text/html"?: string;
  readonly "text/markdown"?: string;
  readonly "image/svg+xml"?: string;
  readonly "application/vnd.vegalite.v5+json"?: TopLevelSpec;
  readonly [mime: string]: unknown;
}

/** An object that knows its MIME bundle. */
export interface Displayable {
  [MIME_BUNDLE](): MimeBundle | Promise<MimeBundle>;
}

/** The kernel's publishing function (see `DISPLAY_HOOK`); accepts a bundle or its promise. */
export type DisplayHook = (bundle: MimeBundle | Promise<MimeBundle>) => void | Promise<void>;

/** True when `x` implements the display protocol. */
export function isDisplayable(x: unknown): x is Displayable {
  return (typeof x === "object" || typeof x === "function") && x !== null && typeof (x as Record<symbol, unknown>)[MIME_BUNDLE] === "function";
}

/**
 * Plain-text form of any value: its own `toString()` when it has one other than Object's,
 * else JSON (typed arrays as arrays), else `String(x)`.
 */
export function plainText(x: unknown): string {
  if (typeof x === "string") return x;
  if (x === null || x === undefined || typeof x !== "object") return String(x);
  if (typeof (x as { toString?: unknown }).toString === "function" && (x as object).toString !== Object.prototype.toString && !Array.isArray(x) && !ArrayBuffer.isView(x))
    return String(x);
  try {
    return JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v), 1) ?? String(x);
  } catch {
    return String(x);
  }
}

/** The MIME bundle of `x`: its own when displayable, else `{ "text/plain": plainText(x) }`. */
export function mimeBundleOf(x: unknown): MimeBundle | Promise<MimeBundle> {
  return isDisplayable(x) ? x[MIME_BUNDLE]() : { "text/plain": plainText(x) };
}

/** Representations added by `rich`; functions are called when the bundle is requested. */
export interface RichParts {
  readonly html?: string | (() => string);
  readonly markdown?: string | (() => string);
  readonly svg?: string | (() => string);
}

/**
 * Wraps a value with a `toString()` (e.g. a fitted model or a summary) into a displayable
 * whose text/plain is `String(x)` and whose HTML/Markdown/SVG come from `parts`. The wrapper
 * forwards `toString()` so it still prints as text outside a notebook.
 */
export function rich(x: { toString(): string }, parts: RichParts = {}): Displayable & { toString(): string } {
  const get = (v: string | (() => string) | undefined) => (typeof v === "function" ? v() : v);
  return {
    toString: () => String(x),
    [MIME_BUNDLE]: () => {
      const b: Record<string, unknown> = { "text/plain": String(x) };
      const html = get(parts.html), md = get(parts.markdown), svg = get(parts.svg);
      if (html !== undefined) b["text/html"] = html;
      if (md !== undefined) b["text/markdown"] = md;
      if (svg !== undefined) b["image/svg+xml"] = svg;
      return b as MimeBundle;
    },
  };
}

/** A Vega-Lite chart as a displayable value; see `vegaLite`. */
export interface VegaLiteChart extends Displayable {
  readonly spec: TopLevelSpec;
  /** The SVG rendering made with vega in Node. */
  toSVG(): Promise<string>;
  toString(): string;
}

function describeSpec(spec: TopLevelSpec): string {
  const s = spec as { title?: unknown; description?: string };
  const title = typeof s.title === "string" ? s.title : s.description ?? "chart";
  return `<Vega-Lite chart: ${title}>`;
}

/**
 * Wraps a Vega-Lite spec into a displayable chart whose bundle carries the spec as a JSON
 * object under `application/vnd.vegalite.v5+json` and an SVG rendering under `image/svg+xml`
 * (rendered with vega in Node, so nbconvert HTML and GitHub show the plot too), with a short
 * text/plain fallback. The SVG is rendered once, on first request.
 */
export function vegaLite(spec: TopLevelSpec): VegaLiteChart {
  let svg: Promise<string> | undefined;
  const toSVG = () => (svg ??= loadSvgRenderer().then((m) => m.vegaLiteToSvg(spec)));
  return {
    spec,
    toSVG,
    toString: () => describeSpec(spec),
    [MIME_BUNDLE]: async () => ({
      "text/plain": describeSpec(spec),
      [VEGALITE_MIME]: spec,
      "image/svg+xml": await toSVG(),
    }),
  };
}

/**
 * Shows values in the notebook now (IPython's `display`): each value's MIME bundle is published
 * through the kernel's hook, in order. Outside the kernel, prints each text/plain part with
 * `console.log`. The promise resolves when everything has been published; the kernel also waits
 * for it before ending the cell, so awaiting is optional.
 */
export function display(...xs: unknown[]): Promise<void> {
  const hook = (globalThis as Record<symbol, unknown>)[DISPLAY_HOOK] as DisplayHook | undefined;
  let chain: Promise<void> = Promise.resolve();
  for (const x of xs) {
    const b = mimeBundleOf(x);
    if (hook) {
      const sent = hook(b); // called now, in order: the kernel keeps the order of its queue
      chain = chain.then(() => sent);
    } else chain = chain.then(() => b).then((r) => console.log(r["text/plain"]));
  }
  return chain;
}
