import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRLogical, parseRNumber } from "../../src/data/rnumber.js";

interface Cell {
  cell: string;
  kind: "numeric" | "logical" | "character";
  value?: string;
}
// R 4.2.2's type.convert(cell, as.is = TRUE) on hand-picked and random cells
// (scripts/csv-type-convert-refs.R)
const fixture = JSON.parse(readFileSync(new URL("../fixtures/csv/type-convert.json", import.meta.url), "utf8")) as { cells: Cell[] };

const isBlank = (s: string) => /^[ \t\n\v\f\r]*$/.test(s);

describe("parseRNumber agrees with R's type.convert cell by cell", () => {
  it(`classifies and reads all ${fixture.cells.length} cells as R does (values exactly equal)`, () => {
    const bad: string[] = [];
    for (const c of fixture.cells) {
      const x = parseRNumber(c.cell);
      if (c.kind === "numeric") {
        const want = c.value === "NA" || c.value === "NaN" ? NaN : c.value === "Inf" ? Infinity : c.value === "-Inf" ? -Infinity : Number(c.value);
        if (x === null || !Object.is(x === 0 ? 0 : x, want === 0 ? 0 : want)) bad.push(`${JSON.stringify(c.cell)}: R ${c.value}, ours ${x}`);
      } else if (c.kind === "logical") {
        // blank and NA cells are logical NA alone, missing (NaN) for us; T/F/TRUE/FALSE are logical
        const ok = isBlank(c.cell) || c.cell === "NA" ? Number.isNaN(x) : x === null && parseRLogical(c.cell) === (c.value === "TRUE");
        if (!ok) bad.push(`${JSON.stringify(c.cell)}: R logical ${c.value}, ours ${x}`);
      } else if (x !== null || parseRLogical(c.cell) !== null) bad.push(`${JSON.stringify(c.cell)}: R character, ours ${x}`);
    }
    expect(bad).toEqual([]);
  });

  it("covers the cells the issue names: NaN, nan, Inf, -Inf, blank", () => {
    expect(Number.isNaN(parseRNumber("NaN"))).toBe(true);
    expect(Number.isNaN(parseRNumber("nan"))).toBe(true);
    expect(Number.isNaN(parseRNumber(""))).toBe(true);
    expect(parseRNumber("Inf")).toBe(Infinity);
    expect(parseRNumber("-Inf")).toBe(-Infinity);
    expect(parseRNumber("NAN")).toBeNull(); // R reads "NA" then an "N": not a number
    expect(parseRNumber("two")).toBeNull();
  });
});
