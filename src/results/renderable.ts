/**
 * Results that know how to show themselves without importing a renderer.
 *
 * Computations (results/, inference/, performance/, tidy/, emmeans/, effects/) return plain data
 * or class instances tagged with a `kind`; renderers in display/ register, per kind, a text
 * function and optionally an HTML function or a whole MIME-bundle function
 * (`registerRenderer`). `renderable(kind, data, context?)` adds non-enumerable display methods to
 * the data, and `renderableClass(kind, prototype)` to every instance of a class: `toString()`
 * (text; classes define their own `toString` as `textOf(kind, this)`), the notebook protocol
 * `Symbol.for("jupyter.mimebundle")` and Deno's `Symbol.for("Jupyter.display")`, all looking the
 * renderer up when called. The data stay plain (JSON.stringify, spreading, `Object.keys` and deep
 * equality see only the data), and a computation never depends on display/: imports go display →
 * results, never the reverse. `context` is what a renderer needs beyond the data (VarCorr's
 * table needs its model), kept in a hidden property.
 *
 * Caveat: renderers register when display/register.ts is loaded (the package entry point and the
 * test set-up load it); a result used without it falls back to JSON text.
 */

/** A MIME bundle: text/plain always, richer representations optionally. */
export type Bundle = { readonly "text/plain": string } & { readonly [mime: string]: unknown };

/** Renderers of one kind of result; `ctx` is the context given to `renderable`. */
export interface Renderer<T> {
  /** Plain text (R's layout where R prints one). */
  text(x: T, ctx?: unknown): string;
  /** An HTML fragment (a table), optional. */
  html?(x: T, ctx?: unknown): string;
  /** The whole bundle (overrides text + html), optional; may be a Promise. */
  bundle?(x: T, ctx?: unknown): Bundle | Promise<Bundle>;
}

const registry = new Map<string, Renderer<never>>();

/** Registers (or replaces) the renderers of a kind. */
export function registerRenderer<T>(kind: string, r: Renderer<T>): void {
  registry.set(kind, r as Renderer<never>);
}

/** The renderers registered for a kind, if any. */
export function rendererOf<T>(kind: string): Renderer<T> | undefined {
  return registry.get(kind) as Renderer<T> | undefined;
}

const MIME = Symbol.for("jupyter.mimebundle");
const DENO = Symbol.for("Jupyter.display");
const CONTEXT = Symbol.for("lme4ts.renderContext");
const KIND = Symbol.for("lme4ts.renderKind");

function fallbackText(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2) ?? String(x);
}

const ctxOf = (x: unknown) => (x as Record<symbol, unknown>)[CONTEXT];

/** The text of a value of `kind` (its renderer's, else JSON). */
export function textOf<T>(kind: string, x: T): string {
  const r = rendererOf<T>(kind);
  return r ? r.text(x, ctxOf(x)) : fallbackText(x);
}

/** The MIME bundle of a value of `kind`: the renderer's bundle, else text/plain (+ text/html). */
export function bundleOf<T>(kind: string, x: T): Bundle | Promise<Bundle> {
  const r = rendererOf<T>(kind);
  if (r?.bundle) return r.bundle(x, ctxOf(x));
  const text = r ? r.text(x, ctxOf(x)) : fallbackText(x);
  return r?.html ? { "text/plain": text, "text/html": r.html(x, ctxOf(x)) } : { "text/plain": text };
}

const hidden = (value: unknown) => ({ value, enumerable: false, configurable: true, writable: true });

/** The display methods of a kind, as property descriptors. */
function methods(kind: string, withText: boolean): PropertyDescriptorMap {
  return {
    [KIND]: hidden(kind),
    ...(withText ? { toString: hidden(function (this: unknown) { return textOf(kind, this); }) } : {}),
    [MIME]: hidden(function (this: unknown) { return bundleOf(kind, this); }),
    [DENO]: hidden(function (this: unknown) { return bundleOf(kind, this); }),
    [Symbol.for("nodejs.util.inspect.custom")]: hidden(function (this: unknown) { return textOf(kind, this); }),
  };
}

/**
 * Tags `data` with its kind (and the renderer's `context`, if any) and adds non-enumerable display
 * methods (see the module comment). Returns the same object, so arrays stay arrays.
 */
export function renderable<T extends object>(kind: string, data: T, context?: unknown): T {
  Object.defineProperties(data, methods(kind, true));
  if (context !== undefined) Object.defineProperty(data, CONTEXT, hidden(context));
  return data;
}

/** Gives every instance of a class the display methods of `kind` (the class keeps its own toString). */
export function renderableClass(kind: string, prototype: object): void {
  Object.defineProperties(prototype, methods(kind, false));
}
