import { createRequire } from "node:module";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DISPLAY_HOOK, JUPYTER_DISPLAY, MIME_BUNDLE, display, rich, tslabWriter, withDisplay, type MimeBundle } from "../../src/display/mime.js";
import { asChart } from "../../src/display/chart.js";

const g = globalThis as Record<string | symbol, unknown>;
const moduleCache = (createRequire(import.meta.url)("module") as { _cache: Record<string, unknown> })._cache;
const FAKE_JUPYTER = "/fake/node_modules/tslab/dist/jupyter.js";

afterEach(() => {
  delete g[DISPLAY_HOOK];
  delete g.Deno;
  delete g.__tslab__;
  delete moduleCache[FAKE_JUPYTER];
  vi.restoreAllMocks();
});

/** A chart whose SVG rendering is replaced by a fixed string (no vega needed). */
function fakeChart() {
  const c = asChart({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "t", data: { values: [] }, mark: "point" });
  Object.defineProperty(c, "toSVG", { value: async () => '<svg width="10"></svg>' });
  return c;
}

describe("withDisplay", () => {
  it("adds both keys, non-enumerable, so the data are unchanged", async () => {
    const data = [{ a: 1 }, { a: 2 }];
    const before = JSON.stringify(data);
    const d = withDisplay(data, () => ({ "text/plain": "two rows" }));
    expect(d).toBe(data);
    expect(JSON.stringify(d)).toBe(before);
    expect(d).toEqual([{ a: 1 }, { a: 2 }]);
    expect(Object.getOwnPropertySymbols(d).map((s) => Object.getOwnPropertyDescriptor(d, s)!.enumerable)).toEqual([false, false]);
    expect(d[MIME_BUNDLE]()).toEqual({ "text/plain": "two rows" });
    expect(await (d as unknown as Record<symbol, () => MimeBundle>)[JUPYTER_DISPLAY]()).toEqual({ "text/plain": "two rows" });
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
  });

  it("on a prototype, Deno's key delegates to the class's own method", () => {
    class T {
      constructor(readonly x: number) {}
      [MIME_BUNDLE]() {
        return { "text/plain": `T(${this.x})` };
      }
    }
    withDisplay(T.prototype);
    expect((new T(3) as unknown as Record<symbol, () => MimeBundle>)[JUPYTER_DISPLAY]()).toEqual({ "text/plain": "T(3)" });
    expect(() => withDisplay({})).toThrow(/no bundle function/);
  });
});

describe("display(): kernel hook, Deno, stock tslab, plain Node", () => {
  it("Deno: hands each value to Deno.jupyter.display, in order, which calls Symbol.for('Jupyter.display')", async () => {
    const shown: unknown[] = [];
    g.Deno = {
      jupyter: {
        display: async (x: Record<symbol, () => unknown>) => {
          shown.push(typeof x[JUPYTER_DISPLAY] === "function" ? await x[JUPYTER_DISPLAY]() : x);
        },
      },
    };
    await display(rich("a", { html: "<b>a</b>" }), fakeChart(), 7);
    expect(shown[0]).toEqual({ "text/plain": "a", "text/html": "<b>a</b>" });
    expect((shown[1] as MimeBundle)["image/svg+xml"]).toBe('<svg width="10"></svg>');
    expect(shown[2]).toBe(7);
  });

  it("stock tslab: one display_data per value through tslab's writer (found in the module cache)", async () => {
    const sent: { data: Record<string, unknown>; update: boolean }[] = [];
    g.__tslab__ = { require: () => ({}) };
    moduleCache[FAKE_JUPYTER] = { exports: { lastWriteDisplayData: (m: { data: Record<string, unknown> }, update: boolean) => sent.push({ data: m.data, update }) } };
    expect(tslabWriter()).toBeTypeOf("function");
    const p = display(rich("model", { html: "<table/>" }), fakeChart());
    expect(sent).toHaveLength(1); // a ready bundle goes out at once, inside the cell
    await p;
    expect(sent[0]).toEqual({ data: { "text/plain": "model", "text/html": "<table/>" }, update: false });
    expect(Object.keys(sent[1].data).sort()).toEqual(["application/vnd.vegalite.v5+json", "image/svg+xml", "text/markdown", "text/plain"]);
    expect(inspect(p)).toBe(""); // as a cell's last expression tslab prints nothing, not "Promise { <pending> }"
  });

  it("stock tslab without the module: tslab.display.raw with the richest text type", async () => {
    const raw: [string, unknown][] = [];
    g.__tslab__ = { require: (id: string) => (id === "tslab" ? { display: { raw: (t: string, c: unknown) => raw.push([t, c]) } } : undefined) };
    await display(rich("model", { html: "<table/>" }), 3);
    expect(raw).toEqual([["text/html", "<table/>"], ["text/plain", "3"]]);
  });

  it("the lme4ts kernel's hook wins over Deno and tslab", async () => {
    const hooked: string[] = [];
    g[DISPLAY_HOOK] = (b: MimeBundle | Promise<MimeBundle>) => Promise.resolve(b).then((x) => void hooked.push(x["text/plain"]));
    g.Deno = { jupyter: { display: () => Promise.reject(new Error("not Deno")) } };
    g.__tslab__ = { require: () => ({}) };
    await display(rich("x"));
    expect(hooked).toEqual(["x"]);
  });

  it("Deno outside `deno jupyter` (Deno.jupyter throws when read): prints text/plain", async () => {
    g.Deno = Object.defineProperty({}, "jupyter", { get: () => { throw new Error("Deno.jupyter is only available in `deno jupyter` subcommand"); } });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await display(rich("plain"));
    expect(log).toHaveBeenCalledWith("plain");
  });

  it("plain Node: prints text/plain, in order, also after a plot", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await display(fakeChart(), rich("after"));
    expect(log.mock.calls).toEqual([["<Vega-Lite chart: t>"], ["after"]]);
    expect(tslabWriter()).toBeUndefined();
  });
});
