/**
 * Results that know how to show themselves without importing a renderer.
 *
 * Computations (results/, inference/, performance/, tidy/) return plain data tagged with a
 * `kind`; renderers in display/ register text and HTML functions for that kind
 * (`registerRenderer`). `renderable(kind, data)` adds non-enumerable display methods to the data
 * that look the renderer up when called: `toString()` (text), the notebook protocol
 * `Symbol.for("jupyter.mimebundle")` (text/plain + text/html) and Deno's
 * `Symbol.for("Jupyter.display")`. The data stay plain (JSON.stringify, spreading and
 * `Object.keys` see only the data), and a computation never depends on display/: the direction of
 * imports is display → results, never the reverse.
 *
 * Caveat: renderers register when display/ is loaded (the package entry point loads it); a
 * result used through a deep import without display/ falls back to JSON text.
 */

/** Renderers of one kind of result. */
export interface Renderer<T> {
  /** Plain text (R's layout where R prints one). */
  text(x: T): string;
  /** An HTML fragment (a table), optional. */
  html?(x: T): string;
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

function fallbackText(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2);
}

/** The MIME bundle of a renderable value: text/plain always, text/html when a renderer has one. */
export function bundleOf<T>(kind: string, x: T): Record<string, string> {
  const r = rendererOf<T>(kind);
  const text = r ? r.text(x) : fallbackText(x);
  return r?.html ? { "text/plain": text, "text/html": r.html(x) } : { "text/plain": text };
}

/**
 * Tags `data` with its kind and adds non-enumerable display methods (see the module comment).
 * Returns the same object, so arrays stay arrays and records stay records.
 */
export function renderable<T extends object>(kind: string, data: T): T {
  const hidden = (value: unknown) => ({ value, enumerable: false, configurable: true, writable: true });
  Object.defineProperties(data, {
    toString: hidden(function (this: T) {
      return rendererOf<T>(kind)?.text(this) ?? fallbackText(this);
    }),
    [MIME]: hidden(function (this: T) {
      return bundleOf(kind, this);
    }),
    [DENO]: hidden(function (this: T) {
      return bundleOf(kind, this);
    }),
    [Symbol.for("nodejs.util.inspect.custom")]: hidden(function (this: T) {
      return rendererOf<T>(kind)?.text(this) ?? fallbackText(this);
    }),
  });
  return data;
}
