/**
 * printCoefmat (display/coefmatText.ts) against glmmTMB 1.1.5's printed summaries
 * (test/fixtures/families2/*.json summaryText): the conditional, zero-inflation and dispersion
 * blocks, character for character, from the fixtures' estimates and standard errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatPval, formatRVector, printCoefmat, type CoefRow } from "../../src/display/coefmatText.js";
import { pnorm } from "../../src/glmm/family/index.js";

type Fix = { fit: { fixef: Record<string, Record<string, number> | null>; se: Record<string, Record<string, number> | null>; summaryText: string[] } };
const load = (id: string) => JSON.parse(readFileSync(new URL(`../fixtures/families2/${id}.json`, import.meta.url), "utf8")) as Fix;

/** The lines of glmmTMB's block after `title` up to the next blank line (legend included). */
function block(text: string[], title: string): string[] {
  const i = text.indexOf(title);
  if (i < 0) return [];
  const out: string[] = [];
  for (let k = i + 1; k < text.length && text[k] !== ""; k++) out.push(text[k]!);
  return out;
}

function rows(f: Fix, part: string): CoefRow[] {
  const est = f.fit.fixef[part]!;
  const se = Object.values(f.fit.se[part]!);
  return Object.entries(est).map(([name, e], i) => {
    const z = e / se[i]!;
    return { name, estimate: e, se: se[i]!, z, p: 2 * pnorm(-Math.abs(z)) };
  });
}

const IDS = ["beta", "beta_disp", "betabinomial", "zip_1", "zip_mined", "zinb2_1", "zinb2_mined", "zinb1_mined", "nb2_disp", "gaussian_disp"];

describe("printCoefmat reproduces glmmTMB's coefficient blocks", () => {
  for (const id of IDS) {
    it(id, () => {
      const f = load(id);
      const text = f.fit.summaryText;
      // the second "Conditional model:" heading is the fixed-effects block (the first is the random effects')
      const cond = text.lastIndexOf("Conditional model:");
      expect(printCoefmat(rows(f, "cond"))).toEqual(block(text.slice(cond), "Conditional model:"));
      if (f.fit.fixef.zi) expect(printCoefmat(rows(f, "zi"))).toEqual(block(text, "Zero-inflation model:"));
      if (f.fit.se.disp) expect(printCoefmat(rows(f, "disp"))).toEqual(block(text, "Dispersion model:"));
    });
  }
});

describe("R's format and format.pval", () => {
  it("format(x, digits = 4) and format.pval(digits = 3) on values printed by R 4.2.2", () => {
    expect(formatRVector([0.5, 10, 123.456], 4)).toEqual(["  0.5", " 10.0", "123.5"]);
    expect(formatRVector([1.49e-6, 1.85e-5], 3)).toEqual(["1.49e-06", "1.85e-05"]);
    expect(formatPval([0.886, 0.248, 1e-20, 0.000948, 1.49e-6], 3)).toEqual(["0.886000", "0.248000", "< 2e-16", "0.000948", "1.49e-06"]);
  });
});
