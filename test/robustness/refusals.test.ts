/// <reference types="vite/client" />
/**
 * docs/refusals.md must equal the rendering of the current catalogue (every file in rows/), so
 * the page cannot drift from the tests. Regenerate with `node scripts/refusals-doc.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CatalogueRow } from "./catalogue.js";
import { renderRefusals } from "./refusals.js";

const modules = import.meta.glob<{ rows: CatalogueRow[] }>("./rows/*.ts", { eager: true });
const rows: CatalogueRow[] = Object.keys(modules).sort().flatMap((k) => modules[k]!.rows);
const page = fileURLToPath(new URL("../../docs/refusals.md", import.meta.url));

describe("docs/refusals.md", () => {
  it("is generated from the catalogue and up to date (node scripts/refusals-doc.mjs)", () => {
    const want = renderRefusals(rows);
    if (process.env.UPDATE_REFUSALS === "1") writeFileSync(page, want);
    expect(readFileSync(page, "utf8")).toBe(want);
  });
  it("lists every row once", () => {
    const want = renderRefusals(rows);
    for (const r of rows) expect(want.split(r.why.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|")).length - 1, r.id).toBeGreaterThanOrEqual(1);
  });
});
