/**
 * Checks the executed sleepstudy notebook written by `npm run notebooks` (out/notebooks/): key
 * numbers match lme4 and every plot cell produced both a Vega-Lite object and an SVG. Skipped,
 * with a message, when the notebook has not been executed.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";

const path = new URL("../../out/notebooks/sleepstudy.ipynb", import.meta.url);
const executed = existsSync(path);
if (!executed) console.warn(`test/notebooks: ${path.pathname} not found; run \`npm run notebooks\` to execute the notebooks. Skipping.`);

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string }
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[] }
const join = (x: unknown) => (Array.isArray(x) ? x.join("") : String(x ?? ""));

describe.skipIf(!executed)("executed sleepstudy notebook", () => {
  const nb = executed ? (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }) : { cells: [] };
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const allText = code.flatMap((c) => c.outputs ?? []).map((o) => join(o.text) + join(o.data?.["text/plain"]) + join(o.data?.["text/html"])).join("\n");

  it("ran every code cell without errors or stderr", () => {
    expect(code.length).toBeGreaterThan(10);
    for (const c of code) for (const o of c.outputs ?? []) {
      expect(o.output_type, join(c.source)).not.toBe("error");
      if (o.output_type === "stream") expect(o.name, `${join(c.source)}\n${join(o.text)}`).toBe("stdout");
    }
  });

  it("shows lme4's fixed effects, REML criterion and LRT", () => {
    expect(allText).toContain("251.405"); // lme4: 251.405105
    expect(allText).toContain("10.467"); // lme4: 10.467286
    expect(allText).toContain("1743.6"); // REML criterion at convergence
    expect(allText).toMatch(/0\.0639/); // anova(fm1ML, fm2ML) Chisq
    expect(allText).toMatch(/0\.800/); // its p-value
  });

  it("renders the summary as HTML", () => {
    const html = code.flatMap((c) => c.outputs ?? []).map((o) => join(o.data?.["text/html"])).join("");
    expect(html).toContain("Fixed effects");
    expect(html).toContain("251.41");
  });

  it("every plot cell has a Vega-Lite object and an SVG", () => {
    const plotCells = code.filter((c) => /vegaLite\(/.test(join(c.source)));
    expect(plotCells.length).toBeGreaterThanOrEqual(8);
    for (const c of plotCells) {
      const outs = (c.outputs ?? []).filter((o) => o.output_type === "display_data" || o.output_type === "execute_result");
      const vl = outs.find((o) => o.data?.["application/vnd.vegalite.v5+json"] !== undefined);
      expect(vl, join(c.source)).toBeDefined();
      const spec = vl!.data!["application/vnd.vegalite.v5+json"] as Record<string, unknown>;
      expect(typeof spec).toBe("object"); // a JSON object, not a string
      expect(String(spec.$schema)).toMatch(/vega-lite/);
      expect(join(vl!.data!["image/svg+xml"])).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
  });
});
