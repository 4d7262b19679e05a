/** The objective memo of src/optim/memo.ts: repeated points answered without an evaluation. */
import { describe, expect, it } from "vitest";
import { memoObjective } from "../../src/optim/memo.js";

describe("memoObjective", () => {
  it("evaluates each recent point once, exactly matched, and forgets the oldest beyond its size", () => {
    let n = 0;
    const g = memoObjective((x) => { n++; return x[0] * 2 + x[1]; }, 2);
    expect(g(Float64Array.of(1, 2))).toBe(4);
    expect(g(Float64Array.of(1, 2))).toBe(4);
    expect(n).toBe(1);
    expect(g(Float64Array.of(1, 2 + 1e-15))).toBeCloseTo(4, 12); // a different point
    expect(n).toBe(2);
    g(Float64Array.of(3, 3)); // evicts (1, 2)
    g(Float64Array.of(1, 2));
    expect(n).toBe(4);
    expect(g.calls).toBe(4);
  });
});
