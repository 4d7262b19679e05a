/**
 * conditionalDensities against a brute-force evaluation of each level's conditional density of u
 * (the log-likelihood written out here from the binomial / Poisson probability functions, plus
 * the N(0, 1) penalty, normalized by composite Gauss–Legendre quadrature over u ∈ [−15, 15]), and
 * against glmer's own adaptive Gauss–Hermite deviance at the same parameters.
 */
import { describe, expect, it } from "vitest";
import { datasets, ghRule, glmer, lmer, LmeError, type GlmerMod } from "../../src/index.js";
import { conditionalDensities } from "../../src/diagnostics/conditionalDensities.js";
import { hermiteInterpolant } from "../../src/diagnostics/hermite.js";

/** n-point Gauss–Legendre nodes and weights on (−1, 1) (Newton on P_n). */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [], w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let t = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5)), dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = t;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * t * p1 - (k - 1) * p0) / k];
      dp = (n * (t * p1 - p0)) / (t * t - 1);
      const dt = p1 / dp;
      t -= dt;
      if (Math.abs(dt) < 1e-16) break;
    }
    x.push(t);
    w.push(2 / ((1 - t * t) * dp * dp));
  }
  return { x, w };
}
const GL = gaussLegendre(20);

/** ∫_a^b g(u) du by 20-point Gauss–Legendre on `panels` equal panels. */
function integrate(g: (u: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let s = 0;
  for (let k = 0; k < panels; k++) {
    const mid = a + (k + 0.5) * h;
    for (let i = 0; i < GL.x.length; i++) s += (GL.w[i] * h * g(mid + (GL.x[i] * h) / 2)) / 2;
  }
  return s;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/**
 * log p(y_j | u) + log φ(u) for level `level` of a binomial-logit or poisson-log model with one
 * (1 | g) term, written out from the probability functions (not the package's families).
 */
function bruteLogJoint(m: GlmerMod, level: string): (u: number) => number {
  const t = m.input.terms[0], j = t.levels.indexOf(level), n = m.nobs, p = m.beta.length, lam = m.theta[0];
  const obs: { eta0: number; y: number; w: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (t.codes[i] !== j) continue;
    let e = m.input.offset ? m.input.offset[i] : 0;
    for (let r = 0; r < p; r++) e += m.input.X[i + r * n] * m.beta[r];
    obs.push({ eta0: e, y: m.y[i], w: m.priorWeights[i] });
  }
  const binomial = m.family.name === "binomial";
  return (u: number) => {
    let s = -0.5 * u * u - 0.5 * Math.log(2 * Math.PI);
    for (const o of obs) {
      const eta = o.eta0 + lam * u;
      if (binomial) {
        const k = Math.round(o.y * o.w);
        s += logChoose(o.w, k) - k * Math.log1p(Math.exp(-eta)) - (o.w - k) * Math.log1p(Math.exp(eta));
      } else {
        let lf = 0;
        for (let i = 2; i <= o.y; i++) lf += Math.log(i);
        s += o.y * eta - Math.exp(eta) - lf;
      }
    }
    return s;
  };
}

/** Checks every level of `m` against the brute-force density; returns the worst relative errors. */
function compareWithBruteForce(m: GlmerMod, levels?: string[]) {
  const z = [-3, -2.2, -1.5, -0.7, 0, 0.4, 1.1, 1.9, 2.6, 3];
  const cd = conditionalDensities(m, { z, levels, nAGQ: 100 });
  let shape = 0, integral = 0, normalized = 0;
  for (const lv of cd.levels) {
    const logf = bruteLogJoint(m, lv.level), ref = logf(lv.mode);
    const Z = integrate((u) => Math.exp(logf(u) - ref), -15, 15, 300); // ∫ h(u)/h(ũ) du
    // ∫ density dz = φ(0) L ∫ h(u)/h(ũ) du, and logIntegral = log ∫ t φ dz (GH with 100 points)
    integral = Math.max(integral, Math.abs(Math.log(Z * lv.scale / Math.sqrt(2 * Math.PI)) - lv.logIntegral));
    const rows = cd.rows.filter((r) => r.level === lv.level);
    expect(rows.map((r) => r.z)).toEqual(z);
    for (const r of rows) {
      // the normalized unscaled density, φ(0) h(u(z)) / h(ũ), against the brute-force h
      const brute = Math.exp(logf(r.u) - ref) / Math.sqrt(2 * Math.PI);
      expect(r.u).toBeCloseTo(lv.mode + r.z / lv.scale, 14);
      shape = Math.max(shape, Math.abs(r.density - brute) / brute);
      // and as a probability density of u: density(z) L / ∫ density dz against h(u) / ∫ h du
      const p = (r.density * lv.scale) / Math.exp(lv.logIntegral), pBrute = Math.exp(logf(r.u) - ref) / Z;
      normalized = Math.max(normalized, Math.abs(p - pBrute) / pBrute);
      expect(r.t).toBeCloseTo(r.density / r.normal, 12);
    }
    const at0 = rows.find((r) => r.z === 0)!;
    expect(at0.density).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    // the mode and L_jj: log h′(ũ) = 0 and −(log h)″(ũ) = L² (canonical link: Fisher = observed)
    const hstep = 1e-4, up = logf(lv.mode + hstep), dn = logf(lv.mode - hstep), mid = logf(lv.mode);
    expect(Math.abs((up - dn) / (2 * hstep))).toBeLessThan(1e-7);
    expect(-(up - 2 * mid + dn) / hstep ** 2 / lv.scale ** 2).toBeCloseTo(1, 5);
  }
  return { shape, integral, normalized, cd };
}

describe("conditionalDensities", () => {
  const cbpp = datasets.cbpp();
  const gm = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial" });

  it("cbpp (binomial, 15 herds): the normalized density agrees with brute-force integration to 1e-8", () => {
    const { shape, integral, normalized, cd } = compareWithBruteForce(gm);
    expect(shape).toBeLessThan(1e-8);
    expect(integral).toBeLessThan(1e-8);
    expect(normalized).toBeLessThan(1e-8);
    expect(cd.levels).toHaveLength(15);
    expect(cd.group).toBe("herd");
    // the paper's Figure 1/2 reading: t(z) within 5% of 1 for |z| ≤ 1 (at the grid's ±3 it reaches 0.3–2.2)
    for (const r of cd.rows) if (Math.abs(r.z) <= 1) expect(Math.abs(r.t - 1)).toBeLessThan(0.05);
  });

  it("grouseticks and cbpp with an offset (poisson): agree with brute-force integration to 1e-8", () => {
    const m = glmer("TICKS ~ YEAR + (1 | BROOD)", datasets.grouseticks(), { family: "poisson" });
    const off = glmer("incidence ~ period + offset(log(size)) + (1 | herd)", cbpp, { family: "poisson" });
    for (const [model, levels] of [[m, m.input.terms[0].levels.slice(0, 12)], [off, undefined]] as const) {
      const { shape, integral, normalized } = compareWithBruteForce(model, levels ? [...levels] : undefined);
      expect(shape).toBeLessThan(1e-8);
      expect(integral).toBeLessThan(1e-8);
      expect(normalized).toBeLessThan(1e-8);
    }
  });

  it("toenail (Bernoulli, few observations per patient): agrees with brute force; t(z) far from 1", () => {
    const m = glmer("outcome ~ time * treatment + (1 | patientID)", datasets.toenail(), { family: "binomial" });
    const levels = ["1", "2", "3", "40", "95", "209", "383"];
    const { shape, integral, normalized, cd } = compareWithBruteForce(m, levels);
    expect(shape).toBeLessThan(1e-8);
    // the skewed integrands of these patients: 100 Gauss–Hermite points give ∫ t φ to ~1e-7
    expect(integral).toBeLessThan(1e-6);
    expect(normalized).toBeLessThan(1e-6);
    expect(Math.max(...cd.levels.map((l) => l.tMax))).toBeGreaterThan(2);
  });

  it("differences between nAGQ orders reproduce glmer's adaptive Gauss–Hermite deviances at the same (θ, β)", () => {
    // glmer's AGQ deviance uses PIRLS's factor L (its weights lag the last step, as lme4's), ours
    // is evaluated at the mode: Σ 2 log(L/L′) ≈ 6e-4 here. The change from 9 to 25 points
    // (5.5e-6) depends on L only through the quadrature error: agreement to 0.2% (measured 0.13%)
    const g9 = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", nAGQ: 9 });
    const g25 = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, { family: "binomial", nAGQ: 25 });
    const x = Float64Array.from([...g9.theta, ...g9.beta]);
    const sum = (k: number) => conditionalDensities(g9, { nAGQ: k, z: [0] }).levels.reduce((s, l) => s + l.logIntegral, 0);
    const theirs = g9.devianceFunction()(x) - g25.devianceFunction()(x), ours = -2 * (sum(9) - sum(25));
    expect(Math.abs(ours - theirs)).toBeLessThan(2e-3 * Math.abs(theirs));
    expect(Math.abs(theirs)).toBeGreaterThan(1e-7); // not vacuous
    // the whole AGQ(9) − Laplace difference, once the Laplace deviance's log|L|² is taken at our
    // L (PIRLS's L_jj = λ / condsd(b_j), from ranef's conditional variances at the same fit)
    const laplace = gm.devianceFunction()(x), lam = g9.theta[0];
    const csd = g9.ranef({ condVar: true })[0].condsd!;
    const cd9 = conditionalDensities(g9, { nAGQ: 9, z: [0] });
    const logDetShift = cd9.levels.reduce((s, l, j) => s + 2 * Math.log(l.scale) - 2 * Math.log(lam / csd[j][0]), 0);
    expect(Math.abs(laplace + logDetShift - 2 * sum(9) - g9.criterion)).toBeLessThan(2e-8); // measured 7e-9
    expect(Math.abs(laplace - g9.criterion)).toBeGreaterThan(0.05);
  });

  it("the AGQ(k) column is the Hermite interpolant whose φ-integral is the k-point rule", () => {
    const cd = conditionalDensities(gm, { agq: 3, levels: ["1", "7"], z: ghRule(3).z });
    for (const r of cd.rows) expect(r.agq!).toBeCloseTo(r.t, 12); // interpolates at the nodes
    // ∫ q φ (exact with 20 points for a degree-5 polynomial) equals Σ w t at the 3 nodes
    const nodes = [-1.2, 0.3, 2], q = hermiteInterpolant(nodes, [1, 2, 0.5], [0.1, -1, 3]);
    const big = ghRule(20);
    expect(q(0.3)).toBeCloseTo(2, 14);
    const h = 1e-6;
    expect((q(2 + h) - q(2 - h)) / (2 * h)).toBeCloseTo(3, 6);
    const g3 = ghRule(3), t3 = conditionalDensities(gm, { agq: 3, levels: ["1"], z: Array.from(big.z) });
    const exact = t3.rows.reduce((s, r, i) => s + big.w[i] * r.agq!, 0);
    const rule = conditionalDensities(gm, { agq: 0, levels: ["1"], z: Array.from(g3.z) }).rows.reduce((s, r, i) => s + g3.w[i] * r.t, 0);
    expect(exact).toBeCloseTo(rule, 12);
    expect(conditionalDensities(gm, { agq: 0, levels: ["1"], z: [0] }).rows[0].agq).toBeNull();
  });

  it("refuses LMMs, vector-valued or several terms, dispersion families, unknown levels and bad z", () => {
    const ss = datasets.sleepstudy();
    const lm = lmer("Reaction ~ Days + (1 | Subject)", ss);
    const codes = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(LmeError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(codes(() => conditionalDensities(lm as unknown as GlmerMod))).toMatch(/glmer/);
    const vec = glmer("cbind(incidence, size - incidence) ~ period + (1 + as.numeric(period) | herd)", cbpp, { family: "binomial" });
    expect(codes(() => conditionalDensities(vec))).toMatch(/single scalar/);
    const two = glmer("cbind(incidence, size - incidence) ~ (1 | period) + (1 | herd)", cbpp, { family: "binomial" });
    expect(codes(() => conditionalDensities(two))).toMatch(/\| herd\) \+ \(.*\| period\)/);
    const gam = glmer("angle ~ temperature + (1 | replicate)", datasets.cake(), { family: "Gamma", link: "log" });
    expect(codes(() => conditionalDensities(gam))).toMatch(/dispersion/);
    expect(codes(() => conditionalDensities(gm, { levels: ["99"] }))).toMatch(/not a level of herd/);
    expect(codes(() => conditionalDensities(gm, { z: [0, NaN] }))).toMatch(/finite/);
    expect(codes(() => conditionalDensities(gm, { agq: -1 }))).toMatch(/agq/);
    for (const bad of [42, undefined, null, "x", {}, []]) codes(() => conditionalDensities(bad as unknown as GlmerMod));
  });

  it("renders a per-level summary (text and HTML)", () => {
    const cd = conditionalDensities(gm, { levels: ["1", "2"], z: [-1, 0, 1] });
    const text = String(cd);
    expect(text).toMatch(/herd/);
    expect(text.split("\n").length).toBeLessThan(10); // the summary, not the grid
    const bundle = (cd as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("jupyter.mimebundle")]();
    expect(bundle["text/html"]).toMatch(/<table/);
  });
});
