import { describe, it, expect } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { datasets } from "../../src/datasets/index.js";
import { profile, profileSync, parameterNames } from "../../src/inference/profile.js";
import { interpSpline, backSpline, evalSpline } from "../../src/inference/profileSpline.js";
import { qchisq } from "../../src/inference/profileCore.js";
import { loadRef } from "../lmm/reference.js";

/** Relative difference, against the magnitude of the reference (absolute below 1). */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

function expectIntervals(names: readonly string[], lower: ArrayLike<number>, upper: ArrayLike<number>, ref: Record<string, [number, number]>, tol = 1e-3) {
  for (const [name, [lo, hi]] of Object.entries(ref)) {
    const i = names.indexOf(name);
    expect(i, name).toBeGreaterThanOrEqual(0);
    expect(rel(lower[i], lo), `${name} lower ${lower[i]} vs ${lo}`).toBeLessThan(tol);
    expect(rel(upper[i], hi), `${name} upper ${upper[i]} vs ${hi}`).toBeLessThan(tol);
  }
}

const sleep = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
const cbpp = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });

describe("profile intervals against lme4", () => {
  it("sleepstudy (REML fit, profiled on ML as lme4): reference extra.confint_profile within 1e-3", () => {
    const ref = loadRef("sleepstudy_reml").extra.confint_profile;
    const before = Float64Array.from(sleep.theta);
    const pr = profileSync(sleep);
    const ci = pr.confint();
    expect(ci.names).toEqual(ref.names);
    for (let i = 0; i < ref.names.length; i++) {
      expect(Math.abs(ci.lower[i] - ref.lower[i]) / Math.abs(ref.lower[i]), `${ref.names[i]} lower`).toBeLessThan(1e-3);
      expect(Math.abs(ci.upper[i] - ref.upper[i]) / Math.abs(ref.upper[i]), `${ref.names[i]} upper`).toBeLessThan(1e-3);
    }
    expect(sleep.theta).toEqual(before); // the fitted model is untouched
    expect(ci.warnings).toEqual([]);
  });

  it("cbpp binomial GLMM: reference extra.confint_profile within 1e-3", () => {
    const ref = loadRef("cbpp_binomial").extra.confint_profile;
    const ci = profileSync(cbpp).confint();
    expect(ci.names).toEqual(["sd_(Intercept)|herd", "(Intercept)", "period2", "period3", "period4"]);
    for (let i = 0; i < ref.names.length; i++) {
      expect(Math.abs(ci.lower[i] - ref.lower[i]) / Math.abs(ref.lower[i]), `${ci.names[i]} lower`).toBeLessThan(1e-3);
      expect(Math.abs(ci.upper[i] - ref.upper[i]) / Math.abs(ref.upper[i]), `${ci.names[i]} upper`).toBeLessThan(1e-3);
    }
  });

  it("Dyestuff, singular Dyestuff2 (lower sd limit 0), crossed Penicillin and (Days || Subject): lme4 1.1-31 values", () => {
    // Expected values: R 4.2, lme4 1.1-31, confint(m, oldNames = FALSE).
    const dy = lmer("Yield ~ 1 + (1|Batch)", datasets.Dyestuff());
    const c1 = profileSync(dy).confint();
    expectIntervals(c1.names, c1.lower, c1.upper, {
      "sd_(Intercept)|Batch": [12.19853521, 84.06304671], sigma: [38.22998488, 67.65769624], "(Intercept)": [1486.4515, 1568.548494],
    });
    const dy2 = lmer("Yield ~ 1 + (1|Batch)", datasets.Dyestuff2());
    const c2 = profileSync(dy2).confint();
    expect(c2.lower[0]).toBe(0);
    expectIntervals(c2.names, c2.lower, c2.upper, {
      "sd_(Intercept)|Batch": [0, 2.084043489], sigma: [2.89283102, 4.815832552], "(Intercept)": [4.312100217, 7.019092347],
    });
    const pen = lmer("diameter ~ 1 + (1|plate) + (1|sample)", datasets.Penicillin());
    const c3 = profileSync(pen).confint();
    expectIntervals(c3.names, c3.lower, c3.upper, {
      "sd_(Intercept)|plate": [0.6335659669, 1.182103991], "sd_(Intercept)|sample": [1.095789188, 3.556291637],
      sigma: [0.4858454002, 0.6294534785], "(Intercept)": [21.26662738, 24.67781762],
    });
    const unc = lmer("Reaction ~ Days + (Days || Subject)", datasets.sleepstudy());
    const c4 = profileSync(unc).confint();
    expect(c4.lower.length).toBe(5);
    expect(c4.names).toEqual(["sd_(Intercept)|Subject", "sd_Days|Subject", "sigma", "(Intercept)", "Days"]);
    for (const [i, lo, hi] of [[0, 15.25864668, 37.7864709], [1, 3.964073856, 8.769159162], [2, 22.88055465, 28.78759759], [3, 237.572148, 265.2380618], [4, 7.334066829, 13.60050511]] as const) {
      expect(rel(c4.lower[i], lo), c4.names[i]).toBeLessThan(1e-3);
      expect(rel(c4.upper[i], hi), c4.names[i]).toBeLessThan(1e-3);
    }
  });
});

describe("profile object", () => {
  const pr = profileSync(sleep, { which: ["Days", "sigma"] });

  it("profiles only the parameters asked for, and zeta/valueAt invert each other", () => {
    expect(pr.params.map((p) => p.name)).toEqual(["sigma", "Days"]);
    expect(pr.zeta("Days", pr.estimates[5])).toBeCloseTo(0, 6);
    for (const z of [-2, -1, 0.5, 1.96]) expect(pr.zeta("Days", pr.valueAt("Days", z))).toBeCloseTo(z, 3);
    // ζ is increasing and spans ±cutoff.
    const zs = pr.params[1].rows.map((r) => r.zeta);
    for (let i = 1; i < zs.length; i++) expect(zs[i]).toBeGreaterThan(zs[i - 1]);
    expect(zs[0]).toBeLessThan(-Math.sqrt(qchisq(0.99, 6)));
    expect(zs[zs.length - 1]).toBeGreaterThan(Math.sqrt(qchisq(0.99, 6)));
    expect(pr.table().length).toBe(pr.params[0].rows.length + pr.params[1].rows.length);
  });

  it("a 90% interval lies inside the 95% one; unknown names are errors naming the choices", () => {
    const c90 = pr.confint({ level: 0.9 }), c95 = pr.confint();
    expect(c90.lower[1]).toBeGreaterThan(c95.lower[1]);
    expect(c90.upper[1]).toBeLessThan(c95.upper[1]);
    expect(() => profileSync(sleep, { which: "Dayz" })).toThrow(/unknown parameter 'Dayz'.*'Days'/);
    expect(() => pr.confint({ level: 1.5 })).toThrow(/level/);
    expect(parameterNames(sleep)).toEqual(["sd_(Intercept)|Subject", "cor_Days.(Intercept)|Subject", "sd_Days|Subject", "sigma", "(Intercept)", "Days"]);
  });

  it("worker threads give exactly the in-thread result, with progress, and abort rejects", async () => {
    const steps: string[] = [];
    const pw = await profile(cbpp, { which: ["period2", "sd_(Intercept)|herd"], workers: 2, onProgress: (p) => steps.push(`${p.done}/${p.total}`) });
    const ps = profileSync(cbpp, { which: ["period2", "sd_(Intercept)|herd"] });
    expect(pw.timing.workers).toBe(2);
    expect(steps.sort()).toEqual(["1/2", "2/2"]);
    expect(pw.confint().lower).toEqual(ps.confint().lower);
    expect(pw.params[1].rows.map((r) => r.zeta)).toEqual(ps.params[1].rows.map((r) => r.zeta));
    const ac = new AbortController();
    ac.abort();
    await expect(profile(cbpp, { workers: 2, signal: ac.signal })).rejects.toThrow(/interrupted/);
  }, 60000);

  it("refuses GLMMs with a scale parameter, as lme4", () => {
    const d = datasets.sleepstudy();
    const g = glmer("Reaction ~ Days + (1 | Subject)", d, { family: "Gamma", link: "log" });
    expect(() => profileSync(g)).toThrow(/scale parameter.*boot/);
  });
});

describe("splines (R's interpSpline / backSpline)", () => {
  it("the natural spline reproduces a straight line and passes through its points; the back spline inverts it at the knots", () => {
    const x = [0, 1, 2.5, 3, 4.2], y = x.map((v) => 2 * v - 1);
    const s = interpSpline(x, y)!;
    for (const t of [0.3, 1.7, 3.9]) expect(evalSpline(s, t)).toBeCloseTo(2 * t - 1, 12);
    const yc = x.map((v) => v + 0.1 * v * v);
    const s2 = interpSpline(x, yc)!;
    x.forEach((v, i) => expect(evalSpline(s2, v)).toBeCloseTo(yc[i], 12));
    const b = backSpline(s2)!;
    yc.forEach((v, i) => expect(evalSpline(b, v)).toBeCloseTo(x[i], 10));
    expect(evalSpline(b, yc[4] + 1)).toBeNaN();
    expect(backSpline(interpSpline(x, [0, 1, 0.5, 2, 3])!)).toBeNull();
    expect(interpSpline([0, 1, 2], [0, 1, 2])).toBeNull();
  });

  it("qchisq matches R", () => {
    expect(qchisq(0.99, 6)).toBeCloseTo(16.81189383, 7);
    expect(qchisq(0.95, 1)).toBeCloseTo(3.841458821, 8);
    expect(qchisq(0.99, 5)).toBeCloseTo(15.08627247, 7);
  });
});
