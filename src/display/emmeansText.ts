/**
 * Renderers of marginal means and their contrasts: emmeans' printed layout in text (the table,
 * then its notes), an HTML table in notebooks. Registered by kind with results/renderable.ts.
 */
import { registerRenderer } from "../results/renderable.js";
import type { EmmGrid } from "../emmeans/emmeans.js";
import type { ContrastTable } from "../emmeans/contrast.js";
import { recordsHtml, recordsText } from "./recordsText.js";
import { escapeHtml } from "./html.js";

const rename = (r: Readonly<Record<string, string | number>>) => {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r)) out[k === "p" ? "p.value" : k] = v;
  return out;
};
const notesHtml = (notes: readonly string[]) => notes.map((n) => `<p style="margin:0.2em 0;color:#555">${escapeHtml(n)}</p>`).join("");

registerRenderer<EmmGrid>("emmGrid", {
  text: (e) => [recordsText(e.rows), "", ...e.notes, `Confidence level used: ${e.level}`].join("\n"),
  html: (e) => recordsHtml(e.rows, `Estimated marginal means of ${e.specs.join(", ")}${e.by.length ? ` by ${e.by.join(", ")}` : ""}`) + notesHtml([...e.notes, `Confidence level used: ${e.level}`]),
});
registerRenderer<ContrastTable>("emmContrast", {
  text: (c) => [recordsText(c.rows.map(rename)), "", ...c.notes].join("\n"),
  html: (c) => recordsHtml(c.rows.map(rename), `Contrasts (${c.method})`) + notesHtml(c.notes),
});
