/**
 * Designs of glmmTMB's ziformula / dispformula (model/extraDesign.ts) on Salamanders: R's
 * model.matrix names and treatment coding, the model frame's rows, and refusals.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/data/index.js";
import { buildInput } from "../../src/model/lmmInput.js";
import { extraDesign, extraVariables, parseExtraFormula } from "../../src/model/extraDesign.js";
import { lmeErrorOf } from "../helpers.js";

const sal = readCsv(fileURLToPath(new URL("../fixtures/families2/salamanders.csv", import.meta.url)));

describe("extra designs", () => {
  it("~ mined: intercept and minedno (levels yes, no), rows of the conditional model", () => {
    const f = parseExtraFormula("ziformula", "~ mined")!;
    const input = buildInput("count ~ spp + (1 | site)", sal, { extraVariables: extraVariables(f), numericResponse: true });
    const d = extraDesign("ziformula", f, input.mf.frame, (i) => input.mf.rowText(input.mf.rows[i]!));
    expect(d.names).toEqual(["(Intercept)", "minedno"]);
    const n = input.mf.frame.nrow;
    expect(n).toBe(644);
    const mined = sal.columns.get("mined")!;
    if (mined.kind !== "factor") throw new Error("mined is a factor");
    for (let i = 0; i < n; i++) {
      expect(d.X[i]).toBe(1);
      expect(d.X[n + i]).toBe(mined.levels[mined.codes[i]!] === "no" ? 1 : 0);
    }
  });
  it("~ 0 is no zero-inflation; ~ 1 an intercept", () => {
    expect(parseExtraFormula("ziformula", "~0")).toBeNull();
    const f = parseExtraFormula("dispformula", "~ 1")!;
    const d = extraDesign("dispformula", f, sal, (i) => `row ${i + 1}`);
    expect(d.names).toEqual(["(Intercept)"]);
  });
  it("refuses two-sided formulas, random effects, offsets, non-strings and ~ 0 dispersion", () => {
    expect(lmeErrorOf(() => parseExtraFormula("ziformula", "y ~ mined")).message).toContain("one-sided");
    expect(lmeErrorOf(() => parseExtraFormula("ziformula", "~ mined + (1 | site)")).message).toContain("random-effects term");
    expect(lmeErrorOf(() => parseExtraFormula("dispformula", "~ offset(cover)")).message).toContain("offset");
    expect(lmeErrorOf(() => parseExtraFormula("dispformula", 42)).message).toContain("one-sided formula");
    expect(lmeErrorOf(() => parseExtraFormula("dispformula", "~ 0")).message).toContain("at least an intercept");
  });
  it("a rank-deficient design names the dependent column", () => {
    const f = parseExtraFormula("dispformula", "~ cover + I(2 * cover)")!;
    expect(lmeErrorOf(() => extraDesign("dispformula", f, sal, (i) => `row ${i + 1}`)).message).toMatch(/rank deficient.*I\(2 \* cover\)/);
  });
});
