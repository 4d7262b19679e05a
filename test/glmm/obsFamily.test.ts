/**
 * The Laplace-engine families built from per-observation densities (glmm/family/obsFamily.ts,
 * obsSpecs.ts) against glmmTMB 1.1.5 (test/fixtures/families2, scripts/families2-refs.R), before
 * any optimization: at glmmTMB's estimates and conditional modes b̂ of a (1 | g) model, the
 * Laplace approximation
 *   log L = Σᵢ ℓᵢ(η̂ᵢ) + Σ_j [−b̂ⱼ²/(2σ²) − ½ log σ² − ½ log(1/σ² − Σ_{i∈j} ∂²ℓᵢ/∂η²)]
 * computed from the family's logDensity and observed second derivatives must equal glmmTMB's
 * logLik (TMB's Laplace approximation; measured agreement 1e-12 absolute, tested at 1e-10 relative; the precision of the
 * printed modes enters only at second order). Also: the gradient in the family's parameters
 * (zero-inflation and dispersion coefficients) against finite differences, and bad input.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { obsLaplaceFamily, type DesignBlock } from "../../src/glmm/family/obsFamily.js";
import { OBS_SPECS } from "../../src/glmm/family/obsSpecs.js";
import { lmeErrorOf } from "../helpers.js";

const dir = new URL("../fixtures/families2/", import.meta.url);
type Fit = {
  call: { formula: string; family: string; ziformula: string | null; dispformula: string | null };
  data: string;
  fit: {
    fixef: { cond: Record<string, number>; zi: Record<string, number> | null; disp: Record<string, number> | null };
    logLik: number; varcorr: { sd: number[] }[]; ranef: number[]; ranefNames: string[]; predict: { link: number[]; zprob: number[]; conditional: number[] };
  };
};

function readCsv(name: string): Record<string, string[]> {
  const file = new URL(`${name}.csv`, name === "undersim" ? new URL("../families3/", dir) : dir);
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const strip = (s: string) => s.replace(/^"|"$/g, "");
  const head = lines[0]!.split(",").map(strip);
  const cols: Record<string, string[]> = Object.fromEntries(head.map((h) => [h, []]));
  for (const l of lines.slice(1)) l.split(",").forEach((v, j) => cols[head[j]!]!.push(strip(v)));
  return cols;
}

/** The design of a one-sided formula "~ 1", "~ z" (numeric) or "~ mined" (treatment dummy for "no"). */
function design(f: string | null, d: Record<string, string[]>, n: number): DesignBlock | null {
  if (f === null) return null;
  const v = f.replace("~", "").trim();
  const X = new Float64Array(n * (v === "1" ? 1 : 2));
  X.fill(1, 0, n);
  if (v === "1") return { X, p: 1, names: ["(Intercept)"] };
  const col = d[v]!;
  const isNum = !Number.isNaN(Number(col[0]));
  for (let i = 0; i < n; i++) X[n + i] = isNum ? Number(col[i]) : col[i] === "no" ? 1 : 0;
  return { X, p: 2, names: ["(Intercept)", isNum ? v : `${v}no`] };
}

/** Fixture `id` ("families3/…" for scripts/families3-refs.R's, whose data are families2's Salamanders). */
function setup(id: string) {
  const ref = JSON.parse(readFileSync(new URL(`${id.includes("/") ? `../${id}` : id}.json`, dir), "utf8")) as Fit;
  const d = readCsv(ref.data);
  const lhs = ref.call.formula.split("~")[0]!.trim();
  const group = ref.call.formula.match(/\|\s*(\w+)\)/)![1]!;
  const n = d[group]!.length;
  let y: Float64Array;
  let wt = new Float64Array(n).fill(1);
  if (lhs.startsWith("cbind")) {
    const k = d.k!.map(Number);
    wt = Float64Array.from(d.size!.map(Number));
    y = Float64Array.from(k, (v, i) => v / wt[i]!);
  } else y = Float64Array.from(d[lhs]!.map(Number));
  const fam = obsLaplaceFamily(OBS_SPECS[ref.call.family]!, {
    zi: design(ref.call.ziformula, d, n),
    disp: ref.call.family === "poisson" ? null : design(ref.call.dispformula ?? "~ 1", d, n),
  });
  const par = Float64Array.from([...Object.values(ref.fit.fixef.zi ?? {}), ...Object.values(ref.fit.fixef.disp ?? {})]);
  return { ref, d, y, wt, fam, par, n, group };
}

const CASES = [
  "beta", "beta_disp", "betabinomial", "zip_1", "zip_mined", "zinb2_1", "zinb2_mined", "zinb1_mined", "nb2_disp", "gaussian_disp",
  "families3/genpois", "families3/genpois_disp", "families3/hurdle_pois", "families3/hurdle_nb2", "families3/compois_under",
  "families3/compois",
];

describe("the Laplace approximation at glmmTMB's estimates equals glmmTMB's logLik", () => {
  for (const id of CASES) {
    it(id, () => {
      const { ref, d, y, wt, fam, par, n, group } = setup(id);
      const eta = Float64Array.from(ref.fit.predict.link);
      const d2 = new Float64Array(n);
      const ll = fam.logDensity(y, eta, wt, par, new Float64Array(n), d2);
      const s2 = ref.fit.varcorr[0]!.sd[0]! ** 2;
      const H = new Map<string, number>(ref.fit.ranefNames.map((g) => [g, 1 / s2]));
      for (let i = 0; i < n; i++) H.set(d[group]![i]!, H.get(d[group]![i]!)! - d2[i]!);
      let lap = ll;
      ref.fit.ranefNames.forEach((g, j) => {
        const b = ref.fit.ranef[j]!;
        lap += -(b * b) / (2 * s2) - 0.5 * Math.log(s2) - 0.5 * Math.log(H.get(g)!);
      });
      expect(Math.abs(lap - ref.fit.logLik)).toBeLessThan(1e-10 * Math.abs(ref.fit.logLik));
      if (fam.zi) {
        const zp = fam.zprobInto(par, new Float64Array(n));
        for (let i = 0; i < n; i++) expect(zp[i]).toBeCloseTo(ref.fit.predict.zprob[i]!, 10);
      }
      // a truncated family's conditional mean μ/(1 − f(0)) is glmmTMB's predict(type = "conditional")
      const cm = fam.spec.condMean;
      if (cm) {
        const phi = fam.phiInto(par, new Float64Array(n));
        for (let i = 0; i < n; i++) {
          const want = ref.fit.predict.conditional[i]!;
          expect(Math.abs(cm(Math.exp(eta[i]!), phi[i]!) - want)).toBeLessThan(1e-12 * want);
        }
      }
    });
  }
});

describe("gradient in the zero-inflation and dispersion coefficients", () => {
  for (const id of ["beta_disp", "betabinomial", "zinb2_mined", "zinb1_mined", "gaussian_disp", "families3/genpois_disp", "families3/hurdle_nb2", "families3/compois_under"]) {
    it(id, () => {
      const { ref, y, wt, fam, par, n } = setup(id);
      const eta = Float64Array.from(ref.fit.predict.link);
      const g = new Float64Array(par.length);
      fam.gradParams(y, eta, wt, par, g);
      const h = 1e-6;
      par.forEach((_, k) => {
        const up = Float64Array.from(par);
        const dn = Float64Array.from(par);
        up[k] += h;
        dn[k] -= h;
        const fd = (fam.logDensity(y, eta, wt, up) - fam.logDensity(y, eta, wt, dn)) / (2 * h);
        expect(Math.abs(g[k]! - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      });
      expect(fam.params.map((p) => p.name).length).toBe(par.length);
      void n;
    });
  }
});

describe("bad input", () => {
  const one = (n: number) => new Float64Array(n).fill(1);
  it("beta: y outside (0, 1) names the column and the rows", () => {
    const fam = obsLaplaceFamily(OBS_SPECS.beta!);
    const e = lmeErrorOf(() => fam.initialize(Float64Array.of(0.2, 1, 0.5, 0), one(4), "prop"));
    expect(e.message).toContain("'prop'");
    expect(e.message).toContain("rows 2 and 4");
  });
  it("betabinomial: successes that are not whole numbers of the trials", () => {
    const fam = obsLaplaceFamily(OBS_SPECS.betabinomial!);
    const e = lmeErrorOf(() => fam.initialize(Float64Array.of(0.5, 0.3), Float64Array.of(4, 4), "cbind(k, n - k)"));
    expect(e.message).toMatch(/betabinomial.*'cbind\(k, n - k\)'.*row 2/);
  });
  it("negative counts are refused by every count family", () => {
    for (const f of ["poisson", "nbinom2", "nbinom1", "genpois", "compois", "truncated_poisson", "truncated_nbinom2"]) {
      const e = lmeErrorOf(() => obsLaplaceFamily(OBS_SPECS[f]!).initialize(Float64Array.of(1, -2, 0), one(3), "count"));
      expect(e.message).toMatch(new RegExp(`${f}.*'count'.*negative.*row 2`));
    }
  });
  it("zero-inflation of a response without zeros says to drop ziformula", () => {
    const zi: DesignBlock = { X: one(3), p: 1, names: ["(Intercept)"] };
    const e = lmeErrorOf(() => obsLaplaceFamily(OBS_SPECS.poisson!, { zi }).initialize(Float64Array.of(1, 2, 5), one(3), "count"));
    expect(e.message).toContain("no zeros");
    expect(e.message).toContain("Drop ziformula");
  });
  it("non-integer counts are refused by genpois and the truncated families", () => {
    for (const f of ["genpois", "compois", "truncated_poisson", "truncated_nbinom2"]) {
      const e = lmeErrorOf(() => obsLaplaceFamily(OBS_SPECS[f]!).initialize(Float64Array.of(1, 2.5, 3), one(3), "count"));
      expect(e.message).toMatch(new RegExp(`${f}.*'count'.*non-integer.*row 2`));
    }
  });
  it("a truncated family refuses zeros without a ziformula and says to add one (the hurdle model)", () => {
    for (const f of ["truncated_poisson", "truncated_nbinom2"]) {
      const e = lmeErrorOf(() => obsLaplaceFamily(OBS_SPECS[f]!).initialize(Float64Array.of(1, 0, 3, 0), one(4), "count"));
      expect(e.message).toMatch(new RegExp(`${f} family is zero-truncated.*'count' has zeros in rows 2 and 4.*ziformula`));
      const zi: DesignBlock = { X: one(4), p: 1, names: ["(Intercept)"] };
      expect(() => obsLaplaceFamily(OBS_SPECS[f]!, { zi }).initialize(Float64Array.of(1, 0, 3, 0), one(4), "count")).not.toThrow();
    }
  });
  it("a zero weight excuses a zero of a truncated family", () => {
    const fam = obsLaplaceFamily(OBS_SPECS.truncated_poisson!);
    expect(() => fam.initialize(Float64Array.of(1, 0, 3), Float64Array.of(1, 0, 1), "count")).not.toThrow();
  });
});

describe("random draws of genpois and the truncated families (simulate)", () => {
  /** mulberry32: a seeded uniform generator, so the check is deterministic. */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const moments = (draw: () => number, n: number) => {
    let s = 0, ss = 0, min = Infinity;
    for (let i = 0; i < n; i++) { const y = draw(); s += y; ss += y * y; min = Math.min(min, y); }
    return { m: s / n, v: ss / n - (s / n) ** 2, min };
  };
  // 40,000 draws: the sample mean's sd is √(V/n) ≈ 0.01 here; tolerances are 4–5 sd.
  it("compois: mean μ and its variance (under- and overdispersed)", () => {
    const u = rng(3);
    for (const [mu, phi] of [[3, 0.4], [1.5, 3]] as const) {
      const V = OBS_SPECS.compois!.variance(mu, phi, 1);
      const { m, v, min } = moments(() => OBS_SPECS.compois!.draw(mu, phi, 1, u), 20000);
      expect(min).toBeGreaterThanOrEqual(0);
      expect(Math.abs(m - mu)).toBeLessThan(5 * Math.sqrt(V / 20000));
      expect(Math.abs(v / V - 1)).toBeLessThan(0.08);
    }
  });
  it("genpois: mean μ and variance μφ", () => {
    const u = rng(1);
    for (const [mu, phi] of [[3, 2], [0.4, 5], [12, 1.3]] as const) {
      const { m, v, min } = moments(() => OBS_SPECS.genpois!.draw(mu, phi, 1, u), 40000);
      expect(min).toBeGreaterThanOrEqual(0);
      expect(Math.abs(m - mu)).toBeLessThan(5 * Math.sqrt((mu * phi) / 40000));
      expect(Math.abs(v / (mu * phi) - 1)).toBeLessThan(0.06);
    }
  });
  it("truncated poisson and nbinom2: no zeros, the truncated mean and variance", () => {
    const u = rng(2);
    for (const f of ["truncated_poisson", "truncated_nbinom2"]) {
      const spec = OBS_SPECS[f]!;
      for (const mu of [0.05, 1.5, 20]) {
        const th = 2;
        const { m, v, min } = moments(() => spec.draw(mu, th, 1, u), 40000);
        expect(min).toBeGreaterThanOrEqual(1);
        const want = spec.condMean!(mu, th), V = spec.variance(mu, th, 1);
        expect(Math.abs(m - want)).toBeLessThan(5 * Math.sqrt(V / 40000));
        expect(Math.abs(v / V - 1)).toBeLessThan(0.08);
      }
    }
  });
});
