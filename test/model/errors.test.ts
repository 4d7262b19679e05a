/** Bad input: each gets a clear error naming the culprit, and no partial result. */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { LmeError } from "../../src/messages/error.js";

const sleep = () => {
  const Reaction: number[] = [], Days: number[] = [], Subject: string[] = [];
  for (let s = 0; s < 6; s++) for (let d = 0; d < 5; d++) {
    Days.push(d); Subject.push(`S${s}`); Reaction.push(250 + 10 * d + 7 * Math.sin(3 * s + d) + 15 * Math.cos(s));
  }
  return { Reaction, Days, Subject };
};

function err(fn: () => unknown): LmeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LmeError);
    return e as LmeError;
  }
  throw new Error("expected an error");
}

describe("lmer bad input", () => {
  it("missing column names it", () => {
    expect(err(() => lmer("Reaction ~ Dayz + (1 | Subject)", sleep())).message).toMatch(/Dayz/);
  });
  it("non-numeric response", () => {
    const d = { ...sleep(), R: sleep().Subject };
    expect(err(() => lmer("R ~ Days + (1 | Subject)", d)).message).toMatch(/'R' is not numeric/);
  });
  it("grouping factor with as many levels as observations", () => {
    const d = sleep();
    const id = d.Days.map((_, i) => `o${i}`);
    expect(err(() => lmer("Reaction ~ Days + (1 | id)", { ...d, id })).message).toMatch(/'id' \(30\) must be < number of observations \(30\)/);
  });
  it("grouping factor with one level", () => {
    const d = sleep();
    expect(err(() => lmer("Reaction ~ Days + (1 | g)", { ...d, g: d.Days.map(() => "a") })).message).toMatch(/'g' has only one level/);
  });
  it("no data left after removing missing values", () => {
    const d = sleep();
    expect(err(() => lmer("Reaction ~ x + (1 | Subject)", { ...d, x: d.Days.map(() => null) })).message).toMatch(/no data left/);
  });
  it("dropped rows are counted and reported", () => {
    const d = sleep();
    const Reaction: (number | null)[] = [...d.Reaction];
    Reaction[3] = null; Reaction[7] = null;
    const m = lmer("Reaction ~ Days + (1 | Subject)", { ...d, Reaction });
    expect(m.nobs).toBe(28);
    expect(m.nDropped).toBe(2);
    expect(m.toString()).toMatch(/2 observations deleted due to missingness/);
  });
  it("formula without random effects points to regression", () => {
    expect(err(() => lmer("Reaction ~ Days", sleep())).message).toMatch(/no random-effects terms.*regression/s);
  });
  it("unknown function", () => {
    expect(err(() => lmer("Reaction ~ foo(Days) + (1 | Subject)", sleep())).message).toMatch(/foo/);
  });
  it("non-finite values name the row", () => {
    const d = sleep();
    const Days = [...d.Days];
    Days[4] = Infinity;
    expect(err(() => lmer("Reaction ~ Days + (1 | Subject)", { ...d, Days })).message).toMatch(/row 5/);
  });
  it("negative or non-finite weights", () => {
    const d = sleep();
    const w = d.Days.map(() => 1);
    w[2] = -1;
    expect(err(() => lmer("Reaction ~ Days + (1 | Subject)", { ...d, w }, { weights: "w" })).message).toMatch(/weights 'w'.*row 3/);
  });
  it("empty formula", () => {
    expect(err(() => lmer("  ", sleep())).message).toMatch(/empty/);
  });
  it("parse errors point with a caret", () => {
    expect(err(() => lmer("Reaction ~ Days + ) + (1 | Subject)", sleep())).message).toMatch(/\^/);
  });
  it("prior weights change the fit as lme4's weights", () => {
    const d = sleep();
    const m1 = lmer("Reaction ~ Days + (1 | Subject)", d);
    const m2 = lmer("Reaction ~ Days + (1 | Subject)", d, { weights: d.Days.map(() => 2) });
    // Var(ε_i) = σ²/w_i: doubling all weights doubles σ², leaves β and the random-effect
    // variances unchanged, and shifts the criterion by −n log 2 (lme4's ldW term) plus n log 2 from σ².
    expect(Math.abs(m2.beta[1] - m1.beta[1])).toBeLessThan(1e-6);
    expect(Math.abs(m2.sigma ** 2 - 2 * m1.sigma ** 2)).toBeLessThan(1e-5 * m1.sigma ** 2);
    expect(Math.abs(m2.VarCorr()[0].sd[0] - m1.VarCorr()[0].sd[0])).toBeLessThan(1e-4 * m1.VarCorr()[0].sd[0]);
    expect(Math.abs(m2.logLik() - m1.logLik())).toBeLessThan(1e-6);
  });
});
