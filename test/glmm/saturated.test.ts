import { describe, expect, it } from "vitest";
import { datasets, glmer } from "../../src/index.js";

/** cbpp with the successes shifted by `shift` (non-integer counts when shift is fractional). */
function cbppShifted(shift: number) {
  const f = datasets.cbpp();
  const cols: Record<string, unknown[]> = {};
  for (const n of f.names) {
    const c = f.columns.get(n)!;
    cols[n] = c.kind === "numeric" ? Array.from(c.values) : Array.from(c.codes, (k) => c.levels[k]);
  }
  cols.inc = (cols.incidence as number[]).map((v) => v + shift);
  return cols;
}

describe("GLMM deviance: the saturated-likelihood constant", () => {
  it("with non-integer binomial counts the deviance does not depend on earlier evaluations", () => {
    const m = glmer("cbind(inc, size - incidence) ~ period + (1 | herd)", cbppShifted(0.5), { family: "binomial" });
    const x = Float64Array.from([...m.theta, ...Object.values(m.fixef())]);
    const other = Float64Array.from([1, -1, -0.5, -0.5, -0.5]);
    const fresh = m.devianceFunction()(x);
    const df = m.devianceFunction();
    df(other);
    expect(df(x)).toBeCloseTo(fresh, 8);
    expect(-2 * m.logLik()).toBeCloseTo(fresh, 6);
  });
});
