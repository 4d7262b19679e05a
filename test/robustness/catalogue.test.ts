/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { LmeError } from "../../src/messages/index.js";
import type { CatalogueRow } from "./catalogue.js";

const modules = import.meta.glob<{ rows: CatalogueRow[] }>("./rows/*.ts", { eager: true });
const all: CatalogueRow[] = Object.values(modules).flatMap((m) => m.rows);

/** Warnings a result carries (models and results expose `warnings: string[]`). */
function warningsOf(r: any): string[] {
  if (r && Array.isArray(r.warnings)) return r.warnings.map(String);
  return [];
}

describe("robustness catalogue", () => {
  it("row ids are unique", () => {
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  for (const row of all) {
    it(`[${row.category}] ${row.id}: ${row.input}`, async () => {
      const e = row.expect;
      if ("error" in e) {
        let thrown: unknown = undefined;
        try {
          await row.run();
        } catch (err) {
          thrown = err;
        }
        expect(thrown, "expected an LmeError").toBeInstanceOf(LmeError);
        expect((thrown as Error).message).toMatch(e.error);
        return;
      }
      const result = await row.run();
      if ("warning" in e) {
        const ws = warningsOf(result);
        expect(ws.some((w) => e.warning.test(w)), `warnings: ${JSON.stringify(ws)}`).toBe(true);
      }
      e.check?.(result);
    });
  }
});
