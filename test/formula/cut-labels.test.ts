/**
 * cut()'s interval labels against R 4.2.2 (test/fixtures/terms/cut-labels.json, written by
 * scripts/terms-refs.R): right-closed, left-closed and include.lowest, with break points that need
 * scientific notation, more than 3 digits to tell apart, or are infinite (stored as ±1e308 in JSON).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateColumn, parseFormula } from "../../src/formula/index.js";
import { toFrame } from "../../src/index.js";

interface Case { breaks: number[]; right: string[]; left: string[]; lowest: string[] }
const cases = JSON.parse(readFileSync(new URL("../fixtures/terms/cut-labels.json", import.meta.url), "utf8")) as Case[];

function levels(breaks: number[], opts: string): readonly string[] {
  const b = breaks.map((v) => (v >= 1e308 ? Infinity : v <= -1e308 ? -Infinity : v));
  const text = b.map((v) => (v === Infinity ? "Inf" : v === -Infinity ? "-Inf" : String(v))).join(", ");
  const f = parseFormula(`y ~ cut(x, c(${text})${opts}) + (1 | g)`);
  // one x inside every interval (and the end points, for include.lowest)
  const fin = (v: number, w: number) => (Number.isFinite(v) ? v : w + Math.sign(v));
  const xs = b.slice(1).map((hi, i) => {
    const lo = b[i]!;
    return (fin(lo, hi) + fin(hi, lo)) / 2;
  });
  const col = evaluateColumn(f.fixed.terms[0]!.vars[0]!.expr, toFrame({ x: xs }));
  if (col.kind !== "factor") throw new Error("cut() must give a factor");
  return col.levels;
}

describe("cut() labels = R's", () => {
  for (const c of cases) {
    it(`breaks ${c.breaks.join(", ")}`, () => {
      expect(levels(c.breaks, "")).toEqual(c.right);
      expect(levels(c.breaks, ", right = FALSE")).toEqual(c.left);
      expect(levels(c.breaks, ", include.lowest = TRUE")).toEqual(c.lowest);
    });
  }
});
