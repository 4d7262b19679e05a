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
 * Every displayable lme4ts object also answers Deno's protocol: Deno's Jupyter kernel shows a
 * value `x` for which `x[Symbol.for("Jupyter.display")]` is a function by awaiting
 * `x[Symbol.for("Jupyter.display")]()` and publishing the MIME bundle it returns (Deno's
 * `ext/jupyter` `format`; the key differs from ours by its capital J). `withDisplay` installs
 * both keys at once, as non-enumerable properties, so the data of a result (its enumerable
 * fields, `JSON.stringify`, `toEqual`) is unchanged.
 *
 * The lme4ts kernel (`kernel/`) shows the last expression of a cell through this protocol and
 * installs a publishing function under `Symbol.for("jupyter.display")` on `globalThis`;
 * `display(x)` uses it when present, else Deno's `Deno.jupyter.display`, else stock tslab's
 * display-data writer, and otherwise prints the text/plain part, so this module never imports
 * a kernel and works in plain Node. Vega is loaded lazily (only when a plot's bundle is
 * requested), so importing this module costs nothing.
 */
import type { VegaLiteSpec as TopLevelSpec } from "./spec.js";
import { LmeError } from "../messages/error.js";

/** The method key of the display protocol: `Symbol.for("jupyter.mimebundle")`. */
export const MIME_BUNDLE: unique symbol = Symbol.for("jupyter.mimebundle") as never;

/** Deno's display method key: `Symbol.for("Jupyter.display")` (capital J; see the module doc). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** The global publishing hook installed by the lme4ts kernel: `Symbol.for("jupyter.display")`. */
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

/** A bundle maker, called with the displayed object as `this`. */
export type BundleFn<T> = (this: T) => MimeBundle | Promise<MimeBundle>;

/** Deno's half of the protocol: `Symbol.for("Jupyter.display")` returning the same bundle. */
function denoDisplay(this: Displayable): MimeBundle | Promise<MimeBundle> {
  return this[MIME_BUNDLE]();
}

/**
 * Makes `target` displayable in place — the one way lme4ts objects get both display keys:
 * `Symbol.for("jupyter.mimebundle")` (ours; `bundle`, or the method `target` already has, e.g.
 * a class's) and Deno's `Symbol.for("Jupyter.display")` (delegating to ours). Both are defined
 * non-enumerable, so enumerable data, `JSON.stringify` and deep equality are unchanged. Pass a
 * class's `prototype` to cover all its instances. Returns `target`.
 */
export function withDisplay<T extends object>(target: T, bundle?: BundleFn<T>): T & Displayable {
  if ((typeof target !== "object" && typeof target !== "function") || target === null) throw new LmeError("usage", "withDisplay: the target must be an object or a class's prototype");
  const own = bundle ?? (target as Partial<Displayable>)[MIME_BUNDLE];
  if (typeof own !== "function") throw new LmeError("usage", "withDisplay: no bundle function given and the target has no Symbol.for(\"jupyter.mimebundle\") method");
  if (bundle) Object.defineProperty(target, MIME_BUNDLE, { value: bundle, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(target, JUPYTER_DISPLAY, { value: denoDisplay, enumerable: false, configurable: true, writable: true });
  return target as T & Displayable;
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
  return withDisplay({ toString: () => String(x) }, () => {
    const b: Record<string, unknown> = { "text/plain": String(x) };
    const html = get(parts.html), md = get(parts.markdown), svg = get(parts.svg);
    if (html !== undefined) b["text/html"] = html;
    if (md !== undefined) b["text/markdown"] = md;
    if (svg !== undefined) b["image/svg+xml"] = svg;
    return b as MimeBundle;
  });
}


/** One display_data message as Jupyter kernels send it (what stock tslab's writer takes). */
interface DisplayData {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}
type DisplayWriter = (msg: DisplayData, update: boolean) => void;

/**
 * Stock tslab's display-data writer of the running cell, or undefined outside tslab. tslab
 * marks its cells' global `__tslab__`; its module `dist/jupyter.js` holds the writer as
 * `lastWriteDisplayData` (what `tslab.display.html()` calls). It is looked up in Node's
 * CommonJS module cache, because `tslab.display.*` publishes one MIME type per message and a
 * bundle must go out as one message; when it is not found there, `require("tslab").display.raw`
 * is used once per MIME type (richest first: html, markdown, svg, text).
 */
export function tslabWriter(): DisplayWriter | undefined {
  const g = globalThis as { __tslab__?: { require?: (id: string) => unknown } };
  if (!g.__tslab__) return undefined;
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const cache = (getBuiltin?.("module") as { _cache?: Record<string, { exports?: { lastWriteDisplayData?: unknown } } | undefined> } | undefined)?._cache ?? {};
  for (const [file, mod] of Object.entries(cache)) {
    const w = mod?.exports?.lastWriteDisplayData;
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file) && typeof w === "function") return (msg, update) => (w as DisplayWriter)(msg, update);
  }
  let pub: { display?: { raw?: (type: string, content: unknown) => void } } | undefined;
  try {
    pub = g.__tslab__.require?.("tslab") as typeof pub;
  } catch {
    return undefined;
  }
  const raw = pub?.display?.raw;
  if (typeof raw !== "function") return undefined;
  return (msg) => {
    const type = ["text/html", "text/markdown", "image/svg+xml", "text/plain"].find((t) => typeof msg.data[t] === "string") ?? "text/plain";
    raw.call(pub!.display, type, msg.data[type] ?? "");
  };
}

/** A bundle as plain JSON data: strings for text types, JSON copies for `…json` types. */
export function jsonBundle(b: MimeBundle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = k.endsWith("json") ? JSON.parse(JSON.stringify(v)) : typeof v === "string" ? v : String(v);
  }
  return out;
}

/**
 * Deno's `Deno.jupyter.display` when running in Deno's Jupyter kernel. Outside `deno jupyter`,
 * reading `Deno.jupyter` throws ("only available in `deno jupyter` subcommand"): undefined then.
 */
function denoDisplayFn(): ((x: unknown, o?: { raw?: boolean }) => Promise<void>) | undefined {
  try {
    const d = (globalThis as { Deno?: { jupyter?: { display?: unknown } } }).Deno?.jupyter?.display;
    return typeof d === "function" ? (d as (x: unknown, o?: { raw?: boolean }) => Promise<void>) : undefined;
  } catch {
    return undefined;
  }
}

/** Makes a promise print as nothing (tslab `console.log`s a cell's last expression). */
function quiet(p: Promise<void>): Promise<void> {
  Object.defineProperty(p, Symbol.for("nodejs.util.inspect.custom"), { value: () => "", enumerable: false });
  return p;
}

/**
 * Shows values in the notebook now (IPython's `display`), in order, through the first of:
 * the lme4ts kernel's hook; Deno's `Deno.jupyter.display` (which calls each value's
 * `Symbol.for("Jupyter.display")`); stock tslab's display-data writer (see `tslabWriter`; a
 * ready bundle is written at once, a plot's after its SVG is rendered — `await display(chart)`
 * in stock tslab so the cell waits for it); else `console.log` of each text/plain part. The
 * promise resolves when everything has been published; the lme4ts kernel also waits for it
 * before ending the cell. As a cell's last expression the promise prints as nothing.
 */
export function display(...xs: unknown[]): Promise<void> {
  const hook = (globalThis as Record<symbol, unknown>)[DISPLAY_HOOK] as DisplayHook | undefined;
  let chain: Promise<void> = Promise.resolve();
  if (hook) {
    for (const x of xs) {
      const sent = hook(mimeBundleOf(x)); // called now, in order: the kernel keeps the order of its queue
      chain = chain.then(() => sent);
    }
    return quiet(chain);
  }
  const deno = denoDisplayFn();
  if (deno) {
    for (const x of xs) chain = chain.then(() => deno(x));
    return quiet(chain);
  }
  const write = tslabWriter();
  let queued = false; // a promised bundle is waiting: later ones wait their turn
  for (const x of xs) {
    const b = mimeBundleOf(x);
    const out = write
      ? (r: MimeBundle) => write({ data: jsonBundle(r), metadata: {}, transient: {} }, false)
      : (r: MimeBundle) => console.log(r["text/plain"]);
    if (!queued && !(b instanceof Promise)) out(b); // now, keeping its place among other output
    else (queued = true), (chain = chain.then(() => b).then(out));
  }
  return quiet(chain);
}
