/** GLMM bad input: a clear error naming the culprit, and separation reported plainly. */
import { describe, expect, it } from "vitest";
import { glmer } from "../../src/glmm/glmer.js";

function data(n = 60) {
  const x: number[] = [], g: string[] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push((i % 10) / 10);
    g.push(`g${i % 6}`);
    y.push((i * 7) % 3 === 0 ? 1 : 0);
  }
  return { x, g, y };
}

describe("glmer bad input", () => {
  it("binomial response outside [0, 1] names the rows", () => {
    const d = data();
    d.y[4] = 2;
    expect(() => glmer("y ~ x + (1 | g)", d, { family: "binomial" })).toThrow(/row[s]? .*5/);
  });
  it("a factor response with more than two levels", () => {
    const d = data();
    const f = d.y.map((v, i) => (i % 3 === 0 ? "a" : i % 3 === 1 ? "b" : "c"));
    expect(() => glmer("f ~ x + (1 | g)", { ...d, f }, { family: "binomial" })).toThrow(/'f' is a factor with 3 levels/);
  });
  it("negative counts for poisson name the rows", () => {
    const d = data();
    const c = d.y.map((v) => v * 3);
    c[2] = -1;
    expect(() => glmer("c ~ x + (1 | g)", { ...d, c }, { family: "poisson" })).toThrow(/row[s]? .*3/);
  });
  it("non-positive values for Gamma", () => {
    const d = data();
    const z = d.x.map((v) => v + 1);
    z[0] = 0;
    expect(() => glmer("z ~ x + (1 | g)", { ...d, z }, { family: "Gamma" })).toThrow(/Gamma|positive/);
  });
  it("cbind with negative entries", () => {
    const d = data();
    const s = d.y.map(() => 2), f = d.y.map(() => 3);
    f[7] = -1;
    expect(() => glmer("cbind(s, f) ~ x + (1 | g)", { ...d, s, f }, { family: "binomial" })).toThrow(/negative counts in row 8/);
  });
  it("negative weights", () => {
    const d = data();
    const w = d.y.map(() => 1);
    w[1] = -2;
    expect(() => glmer("y ~ x + (1 | g)", { ...d, w }, { family: "binomial", weights: "w" })).toThrow(/weights 'w'.*row 2/);
  });
  it("complete separation is reported, not silent", () => {
    const d = data();
    const y = d.x.map((v, i) => (i >= 30 ? 1 : 0));
    const x = d.x.map((_, i) => i / 10);
    const m = glmer("y ~ x + (1 | g)", { ...d, x, y }, { family: "binomial" });
    expect(m.warnings.join("\n")).toMatch(/fitted probabilities numerically 0 or 1.*separation/);
  });
  it("nAGQ out of range", () => {
    expect(() => glmer("y ~ x + (1 | g)", data(), { family: "binomial", nAGQ: 30 })).toThrow(/nAGQ/);
  });
});
