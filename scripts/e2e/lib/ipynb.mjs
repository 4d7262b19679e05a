/**
 * Notebooks for the end-to-end harness: writing nbformat 4 files from cell sources, and reading
 * back what an executed notebook holds (per code cell: its outputs' MIME types and errors).
 */
import { readFileSync, writeFileSync } from "node:fs";

export const VEGALITE = "application/vnd.vegalite.v5+json";

/**
 * Writes a notebook of code cells (strings) and markdown cells ({ md: string }) for the kernel
 * spec `kernel` ({ name, display_name, language }).
 */
export function writeNotebook(file, cells, kernel) {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: kernel,
      language_info: { name: kernel.language ?? "typescript" },
    },
    cells: cells.map((c, i) =>
      typeof c === "string"
        ? { id: `c${i}`, cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: c }
        : { id: `c${i}`, cell_type: "markdown", metadata: {}, source: c.md },
    ),
  };
  writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
}

const text = (v) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));

/**
 * The code cells of an executed notebook: `{ index, source, executionCount, outputs }` where each
 * output is `{ type, mimes, data, ename, evalue, traceback, text }` (data values as strings,
 * except JSON MIME types, which stay objects).
 */
export function codeCells(file) {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c, index) => ({
      index,
      source: text(c.source),
      executionCount: c.execution_count,
      outputs: (c.outputs ?? []).map((o) => ({
        type: o.output_type,
        mimes: Object.keys(o.data ?? {}),
        data: Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, k.endsWith("json") ? v : text(v)])),
        ename: o.ename,
        evalue: o.evalue,
        traceback: (o.traceback ?? []).join("\n"),
        text: o.output_type === "stream" ? text(o.text) : "",
      })),
    }));
}

/** All MIME types of a cell's display outputs. */
export const mimesOf = (cell) => new Set(cell.outputs.flatMap((o) => o.mimes));

/** The first value of MIME type `mime` among a cell's outputs, or undefined. */
export const dataOf = (cell, mime) => cell.outputs.find((o) => o.mimes.includes(mime))?.data[mime];

/**
 * True when a cell carries an image: image/png or image/svg+xml, or HTML or Markdown with an
 * `<img>` whose source is a data URI of an image (the form that survives nbconvert's HTML
 * sanitiser; whether it does is check 4's business).
 */
export function hasImage(cell) {
  const m = mimesOf(cell);
  if (m.has("image/png") || m.has("image/svg+xml")) return true;
  return cell.outputs.some((o) => ["text/html", "text/markdown"].some((t) => /<img\b[^>]*\bsrc=["']?data:image\/(png|svg\+xml)/i.test(o.data[t] ?? "")));
}

/** A one-line description of a cell's outputs, for failure messages. */
export function describe(cell) {
  const outs = cell.outputs.map((o) => (o.type === "error" ? `error(${o.ename}: ${(o.evalue ?? "").slice(0, 80)})` : o.type === "stream" ? `stream(${JSON.stringify(o.text.slice(0, 80))})` : `${o.type}[${o.mimes.join(", ")}]`));
  return `cell ${cell.index + 1} \`${cell.source.split("\n").pop().slice(0, 60)}\`: ${outs.length ? outs.join("; ") : "no output"}`;
}

/** The error outputs of a notebook's cells, one line each (for diagnostics). */
export function errorsOf(cells) {
  return cells.flatMap((c) => c.outputs.filter((o) => o.type === "error").map((o) => `cell ${c.index + 1}: ${o.ename}: ${o.evalue}`));
}
