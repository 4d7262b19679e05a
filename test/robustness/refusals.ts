/**
 * Renders the robustness catalogue (every row of every file in rows/) as docs/refusals.md,
 * "What lme4ts refuses, and why": one section per category, one table line per row with the
 * input, the outcome (the error or warning pattern, or an answer checked against lme4) and the
 * row's `why`. refusals.test.ts keeps the committed page equal to this rendering.
 */
import type { CatalogueCategory, CatalogueRow } from "./catalogue.js";

/** Section order and titles; categories not listed here follow in alphabetical order. */
const SECTIONS: readonly [CatalogueCategory, string][] = [
  ["data", "Data"],
  ["formula", "Formulas"],
  ["glmm-response", "GLMM responses and families"],
  ["options", "Options"],
  ["optimizer", "Optimizers"],
  ["prediction", "Prediction"],
  ["inference", "Inference"],
  ["cli", "Command line"],
];

/** A regular expression as readable text: its source without escapes of punctuation. */
function patternText(re: RegExp): string {
  return re.source
    .replace(/\.\*/g, " … ")
    .replace(/\\b/g, "")
    .replace(/\\s/g, " ")
    .replace(/\\d\+?/g, "N")
    .replace(/\\([^\w\s])/g, "$1")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** Markdown table cell: one line, pipes escaped. */
const cell = (s: string) => s.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
/** Inline code that may contain backticks. */
const code = (s: string) => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);

/** The outcome column of a row. */
export function outcomeText(row: CatalogueRow): string {
  const e = row.expect;
  if ("error" in e) return `**refused**: ${code(patternText(e.error))}`;
  if ("warning" in e) return `**warns**: ${code(patternText(e.warning))}${e.check ? "; answer checked" : ""}`;
  return e.check ? "**answers** (checked)" : "**answers**";
}

/** The whole page for `rows` (in the order given within each category). */
export function renderRefusals(rows: readonly CatalogueRow[]): string {
  const order = new Map(SECTIONS);
  const cats = [...new Set(rows.map((r) => r.category))].sort((a, b) => {
    const ia = SECTIONS.findIndex(([c]) => c === a), ib = SECTIONS.findIndex(([c]) => c === b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const out: string[] = [
    "# What lme4ts refuses, and why",
    "",
    "<!-- Generated from test/robustness/rows/*.ts by scripts/refusals-doc.mjs; do not edit by hand. -->",
    "",
    "lme4ts would rather stop with a message that names the culprit than return a number that is silently",
    "wrong. Every line below is a row of the robustness catalogue (`test/robustness/rows/`), run on every",
    "`npm test`: the input a user might try, what lme4ts does (**refused** with an `LmeError` whose message",
    "matches the pattern shown, **warns** with the warning shown, or **answers**, the answer compared with",
    "lme4 1.1-31's from `test/fixtures/catalogue/` where lme4 gives one), and why.",
    "",
    `${rows.length} rows: ${rows.filter((r) => "error" in r.expect).length} refusals, ${rows.filter((r) => "warning" in r.expect).length} warnings, ${rows.filter((r) => "ok" in r.expect).length} answers.`,
  ];
  for (const cat of cats) {
    const these = rows.filter((r) => r.category === cat);
    out.push("", `## ${order.get(cat) ?? cat}`, "", "| input | outcome | why |", "|---|---|---|");
    for (const r of these) out.push(`| ${cell(code(r.input))} | ${cell(outcomeText(r))} | ${cell(r.why)} |`);
  }
  return out.join("\n") + "\n";
}
