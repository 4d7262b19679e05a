/** formatCg against R 4.2.2's formatC(x, digits = d) (values printed by R, listed here). */
import { describe, expect, it } from "vitest";
import { formatCg } from "../../src/display/format.js";

describe("formatCg is R's formatC(x, digits)", () => {
  it("digits 2, 3 and 5", () => {
    const R: [number, number, string][] = [
      [7.8, 2, "7.8"], [1, 2, "  1"], [0.05, 2, "0.05"], [123456, 2, "1.2e+05"],
      [7.8, 3, " 7.8"], [1, 3, "   1"], [0.05, 3, "0.05"], [123456, 3, "1.23e+05"],
      [3.28, 3, "3.28"], [84.87, 3, "84.9"], [100, 3, " 100"], [1234.5, 3, "1.23e+03"], [0.000123, 3, "0.000123"], [12, 3, "  12"], [2.5e7, 3, "2.5e+07"],
      [7.8, 5, "   7.8"], [1, 5, "     1"], [0.05, 5, "  0.05"], [123456, 5, "1.2346e+05"],
    ];
    for (const [x, d, want] of R) expect(formatCg(x, d)).toBe(want);
  });
});
