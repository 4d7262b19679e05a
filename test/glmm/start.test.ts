/**
 * glmer's start values and nAGQ0initStep (lme4's `start = list(theta, fixef)` and
 * glmerControl(nAGQ0initStep)): restarting from a fit's own estimates reproduces it (logLik to
 * 1e-5, β to 1e-3 SE) with fewer evaluations; bad start values are rejected naming the culprit.
 * Also: nAGQ > 1 with a dispersion family warns that the quadrature is approximate there.
 */
import { describe, expect, it } from "vitest";
import { glmer } from "../../src/glmm/glmer.js";
import { refData } from "../lmm/reference.js";

const cbpp = refData("cbpp");
const F = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

describe("glmer start values", () => {
  const m = glmer(F, cbpp, { family: "binomial" });

  it("a single stage from the fit's own (θ, β) reproduces the fit with fewer evaluations", () => {
    const r = glmer(F, cbpp, { family: "binomial", start: { theta: m.theta, fixef: m.beta }, nAGQ0initStep: false });
    // PIRLS restarts from another fixed predictor here, which moves the objective at the 1e-6
    // level (its log-determinant comes from the factor one iteration behind, as in lme4)
    expect(Math.abs(r.logLik() - m.logLik())).toBeLessThan(1e-5);
    const se = m.se();
    for (const [k, v] of Object.entries(m.fixef())) expect(Math.abs(r.fixef()[k]! - v)).toBeLessThan(1e-3 * se[k]!);
    expect(r.optinfo.feval).toBeLessThan(m.optinfo.feval);
  });

  it("start.theta alone starts the first stage and reaches the same optimum", () => {
    const r = glmer(F, cbpp, { family: "binomial", start: { theta: [0.2] } });
    expect(Math.abs(r.logLik() - m.logLik())).toBeLessThan(1e-5);
    expect(r.optinfo.initial.length).toBe(1);
  });

  it("nAGQ0initStep = false without fixef starts β from PIRLS at the starting θ", () => {
    const r = glmer(F, cbpp, { family: "binomial", nAGQ0initStep: false });
    // restarting every evaluation from the predictor at θ = 1, far from θ̂ ≈ 0.64, shifts the
    // objective by a few 1e-4 (the lagged log-determinant; lme4's refit behaves the same way)
    expect(Math.abs(r.logLik() - m.logLik())).toBeLessThan(1e-3);
    for (const [k, v] of Object.entries(m.fixef())) expect(Math.abs(r.fixef()[k]! - v)).toBeLessThan(2e-2 * m.se()[k]!);
  });

  it("rejects bad start values, naming what is wrong", () => {
    expect(() => glmer(F, cbpp, { family: "binomial", start: { theta: [0.5, 0.1] } })).toThrow(/start\.theta has 2 values but the model has 1 θ parameters \(herd\.\(Intercept\)\)/);
    expect(() => glmer(F, cbpp, { family: "binomial", start: { theta: [-1] } })).toThrow(/start\.theta value 1 .* = -1 is outside its bounds \[0, Infinity\]/);
    expect(() => glmer(F, cbpp, { family: "binomial", start: { fixef: [0, 1] } })).toThrow(/start\.fixef has 2 values but the model has 4 fixed effects \(\(Intercept\), period2, period3, period4\)/);
    expect(() => glmer(F, cbpp, { family: "binomial", start: { fixef: [0, NaN, 0, 0] } })).toThrow(/start\.fixef value 2 \(period2\) is NaN/);
    expect(() => glmer(F, cbpp, { family: "binomial", nAGQ: 0, start: { fixef: [0, 0, 0, 0] } })).toThrow(/start\.fixef cannot be combined with nAGQ = 0/);
    expect(() => glmer(F, cbpp, { family: "binomial", nAGQ: 0, nAGQ0initStep: false })).toThrow(/nAGQ0initStep = false/);
  });
});

describe("adaptive Gauss–Hermite with a dispersion family", () => {
  it("warns that the quadrature is exact only without a dispersion parameter", () => {
    const cake = refData("cake");
    const m = glmer("angle ~ recipe + temperature + (1 | replicate)", cake, { family: "Gamma", link: "log", nAGQ: 5 });
    expect(m.warnings.some((w) => /nAGQ = 5 with the Gamma family/.test(w))).toBe(true);
    const b = glmer(F, cbpp, { family: "binomial", nAGQ: 5 });
    expect(b.warnings.some((w) => /nAGQ = 5 with/.test(w))).toBe(false);
  });
});
