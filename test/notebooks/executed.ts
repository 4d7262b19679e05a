/**
 * Reading an executed notebook written by `npm run notebooks` (out/notebooks/NAME.ipynb), shared by
 * the notebook tests: its code cells, the text of a cell's outputs, table rows, and the clean-run
 * check. `executed` is false (with a warning) when the notebook has not been run.
 */
import { expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";

export interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string }
export interface Cell { cell_type: string; source: string | string[]; outputs?: Output[] }

/** A notebook field that may be a string or an array of lines. */
export const join = (x: unknown): string => (Array.isArray(x) ? x.join("") : String(x ?? ""));

export interface ExecutedNotebook {
  readonly executed: boolean;
  readonly code: Cell[];
  /** Text and text/plain of a cell's outputs. */
  textOf(c: Cell): string;
  /** The first code cell whose source matches `re` (asserting there is one). */
  cell(re: RegExp): Cell;
  /** The output text of the first code cell whose source matches `re` (asserting there is one). */
  cellWith(re: RegExp): string;
  /** The whitespace-separated cells of the text-table row starting with `label`. */
  row(text: string, label: string): string[];
  /** Asserts at least `minCells` code cells and no error or stderr output anywhere. */
  expectCleanRun(minCells: number): void;
  /**
   * Asserts at least `minCells` cells calling vegaLite( and that each displayed a Vega-Lite spec as
   * a JSON object (not a string) together with an SVG rendering.
   */
  expectPlots(minCells: number): void;
}

export function executedNotebook(name: string): ExecutedNotebook {
  const path = new URL(`../../out/notebooks/${name}.ipynb`, import.meta.url);
  const executed = existsSync(path);
  if (!executed) console.warn(`test/notebooks: ${path.pathname} not found; run \`npm run notebooks\` to execute the notebooks. Skipping.`);
  const nb = executed ? (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }) : { cells: [] };
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const cell = (re: RegExp): Cell => {
    const c = code.find((x) => re.test(join(x.source)));
    expect(c, String(re)).toBeDefined();
    return c!;
  };
  const textOf = (c: Cell) => (c.outputs ?? []).map((o) => join(o.text) + join(o.data?.["text/plain"])).join("\n");
  return {
    executed,
    code,
    textOf,
    cell,
    cellWith: (re) => textOf(cell(re)),
    row(text, label) {
      const line = text.split("\n").find((l) => l.trimStart().startsWith(label + " "));
      expect(line, `row ${label}`).toBeDefined();
      return line!.trim().slice(label.length).trim().split(/\s+/);
    },
    expectPlots(minCells) {
      const plotCells = code.filter((c) => /vegaLite\(/.test(join(c.source)));
      expect(plotCells.length).toBeGreaterThanOrEqual(minCells);
      for (const c of plotCells) {
        const vl = (c.outputs ?? []).find((o) => o.data?.["application/vnd.vegalite.v5+json"] !== undefined);
        expect(vl, join(c.source)).toBeDefined();
        const spec = vl!.data!["application/vnd.vegalite.v5+json"] as Record<string, unknown>;
        expect(typeof spec).toBe("object");
        expect(String(spec.$schema)).toMatch(/vega-lite/);
        expect(join(vl!.data!["image/svg+xml"])).toMatch(/^<svg[\s\S]*<\/svg>$/);
      }
    },
    expectCleanRun(minCells) {
      expect(code.length).toBeGreaterThan(minCells);
      for (const c of code) for (const o of c.outputs ?? []) {
        expect(o.output_type, join(c.source)).not.toBe("error");
        if (o.output_type === "stream") expect(o.name, `${join(c.source)}\n${join(o.text)}`).toBe("stdout");
      }
    },
  };
}
