/**
 * Without WebAssembly (LME4TS_KERNELS=js: JS dense kernels and the JS supernodal kernel) the
 * sparse rest mode still equals the dense mode (objective, β, u, condVar to 1e-9 relative).
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor, updateFactor } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { plsSolve, condVar } from "../../src/lmm/solution.js";
import { refData } from "./reference.js";

const savedK = process.env["LME4TS_KERNELS"], savedR = process.env["LME4TS_REST"];
process.env["LME4TS_KERNELS"] = "js";
afterAll(() => {
  if (savedK === undefined) delete process.env["LME4TS_KERNELS"]; else process.env["LME4TS_KERNELS"] = savedK;
  if (savedR === undefined) delete process.env["LME4TS_REST"]; else process.env["LME4TS_REST"] = savedR;
});

const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return num / den;
};

describe("sparse rest mode with the JS kernels", () => {
  it("grouseticks, vector rest term", () => {
    const input = buildInput("log(TICKS + 1) ~ YEAR + cHEIGHT + (1 | INDEX) + (1 + cHEIGHT | LOCATION) + (1 | BROOD)", refData("grouseticks"), { checkLevels: false });
    const cp = crossProducts(input.X, input.p, input.y, input.weights, input.terms);
    process.env["LME4TS_REST"] = "dense";
    const fd = allocFactor(cp, input.terms);
    process.env["LME4TS_REST"] = "sparse";
    const fs = allocFactor(cp, input.terms);
    expect(fs.mode).toBe("sparse");
    expect(fs.rest!.chol.kind).toBe("js");
    expect(fd.kern.name).toBe("js");
    const theta = Float64Array.from([0.5, 0.6, 0.1, 0.3, 0.4]);
    const od = lmmObjective(fd, theta, true), os = lmmObjective(fs, theta, true);
    expect(Math.abs(os - od) / Math.abs(od)).toBeLessThan(1e-9);
    updateFactor(fd, theta); updateFactor(fs, theta);
    const sd = plsSolve(fd), ss = plsSolve(fs);
    expect(rel(ss.beta, sd.beta)).toBeLessThan(1e-9);
    expect(rel(ss.u, sd.u)).toBeLessThan(1e-9);
    const cd = condVar(fd, 2), cs = condVar(fs, 2);
    cd.forEach((v, k) => expect(rel(cs[k]!, v)).toBeLessThan(1e-9));
  });
});
