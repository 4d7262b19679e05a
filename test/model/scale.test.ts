import { describe, expect, it } from "vitest";
import { checkScale } from "../../src/model/scale.js";
import { lmeErrorOf } from "../helpers.js";

describe("checkScale: columns whose squares overflow or underflow", () => {
  const col = (scale: number) => Float64Array.from([1, 2, 3, 4], (v) => v * scale);
  it("passes ordinary, large-but-safe, small-but-safe and zero columns", () => {
    for (const s of [1, 1e100, 1e-100, 0]) expect(() => checkScale(col(s), 4, ["x"], "the column")).not.toThrow();
  });
  it("names the column and the direction of the rescaling", () => {
    const big = lmeErrorOf(() => checkScale(col(1e200), 4, ["x"], "the fixed-effects column"));
    expect(big.code).toBe("data");
    expect(big.message).toMatch(/the fixed-effects column 'x' is on an extreme scale \(largest absolute value 4\.00e\+200\).*overflow.*divide by 1e201/);
    const small = lmeErrorOf(() => checkScale(col(1e-200), 4, ["x"], "the response"));
    expect(small.message).toMatch(/underflow.*multiply by 1e199/);
  });
  it("checks every column of a column-major matrix", () => {
    const X = new Float64Array([1, 1, 1, 1, ...col(1e300)]);
    expect(lmeErrorOf(() => checkScale(X, 4, ["(Intercept)", "Days"], "the fixed-effects column")).message).toMatch(/'Days'/);
  });
});
