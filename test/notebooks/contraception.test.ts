/**
 * Checks the executed contraception notebook written by `npm run notebooks` (out/notebooks/):
 * Table 1 (df, AIC, logLik of cm1–cm6) and cm6's fixed effects match lme4 1.1-31
 * (shared/reference/contraception_cm*.json), the derived columns equal lme4's data, Figure 10's
 * binomial GAM smooths (s(age, bs = "cr")) match gamm4 (test/fixtures/gamm4/), and every plot cell
 * produced both a Vega-Lite object and an SVG. Skipped, with a message, when the
 * notebook has not been executed.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { executedNotebook, join } from "./executed.js";

const notebook = executedNotebook("contraception");

// lme4 1.1-31 (shared/reference/contraception_cm*.json)
const lme4 = {
  cm1: { df: 8, AIC: 2388.7287, logLik: -1186.3644 },
  cm2: { df: 6, AIC: 2385.1858, logLik: -1186.5929 },
  cm3: { df: 7, AIC: 2379.1813, logLik: -1182.5907 },
  cm4: { df: 9, AIC: 2371.5304, logLik: -1176.7652 },
  cm5: { df: 8, AIC: 2370.4643, logLik: -1177.2321 },
  cm6: { df: 7, AIC: 2368.4750, logLik: -1177.2375 },
};
const cm6Fixef: Record<string, number> = {
  "(Intercept)": -1.340704, age_s: -0.832007, "I(age_s^2)": -1.828107, urbanY: 0.786704, chY: 1.212822, "age_s:chY": 1.198134,
};

/** lme4's standard errors for cm6 (the reference fixture), for tolerances in SE units. */
const cm6Se: Record<string, number> = JSON.parse(
  readFileSync(new URL("../fixtures/reference/contraception_cm6.json", import.meta.url), "utf8"),
).fit.se;

describe.skipIf(!notebook.executed)("executed contraception notebook", () => {
  const { code, cellWith, row, textOf } = notebook;

  it("ran every code cell without errors or stderr", () => notebook.expectCleanRun(12));

  it("the derived columns ch and age_s equal lme4's data", () => {
    expect(cellWith(/existsSync\(refCsv\)/)).toMatch(/age_s: max \|difference\| = \S+ \(equal\); ch: equal|reference data not found/);
  });

  it("Table 1: df, AIC and logLik of cm1–cm6 match lme4", () => {
    const t = cellWith(/^const best = /);
    for (const [k, r] of Object.entries(lme4)) {
      const [df, aic, ll] = row(t, k);
      expect(Number(df), k).toBe(r.df);
      expect(Math.abs(Number(aic) - r.AIC), `${k} AIC`).toBeLessThanOrEqual(0.006);
      expect(Math.abs(Number(ll) - r.logLik), `${k} logLik`).toBeLessThanOrEqual(0.006);
    }
  });

  it("cm6's fixed effects match lme4 within 1e-2 SE, and the summary shows them", () => {
    const t = cellWith(/^table\(\["", "lme4ts", "lme4", "difference \/ se"\]/);
    // GLMM tolerance of the conformance check: 1e-2 of lme4's SE.
    for (const [nm, v] of Object.entries(cm6Fixef)) expect(Math.abs(Number(row(t, nm)[0]) - v), nm).toBeLessThan(1e-2 * cm6Se[nm]);
    const s = cellWith(/^const cm6 = fits\.cm6/);
    // lme4: θ = sd 0.568245, variance 0.32290. The printed 4 digits sit at a rounding boundary
    // (0.56825), so the values are read and compared with the conformance check's θ tolerance
    // (relative 1e-3 here, far wider than the optimizers' disagreement of ~5e-5).
    const re = s.match(/district:urban \(Intercept\)\s+(\d\.\d+)\s+(\d\.\d+)/);
    expect(re, "random-effects row").not.toBeNull();
    expect(Math.abs(Number(re![1]) - 0.3229) / 0.3229).toBeLessThan(1e-3);
    expect(Math.abs(Number(re![2]) - 0.568245) / 0.568245).toBeLessThan(1e-3);
    expect(s).toMatch(/-1177\.2/);
  });

  it("the likelihood-ratio tests (anova) are consistent with lme4's log-likelihoods", () => {
    // columns: npar AIC BIC logLik deviance Chisq Df Pr(>Chisq) [stars]
    const t = cellWith(/^anova\(fits\.cm2, fits\.cm3, fits\.cm4/);
    expect(Number(row(t, "cm3")[5])).toBeCloseTo(2 * (lme4.cm3.logLik - lme4.cm2.logLik), 2);
    expect(Number(row(t, "cm4")[5])).toBeCloseTo(2 * (lme4.cm4.logLik - lme4.cm3.logLik), 2);
    expect(row(t, "cm4")[6]).toBe("2");
    const t1 = cellWith(/^anova\(fits\.cm2, fits\.cm1/);
    expect(Number(row(t1, "cm1")[5])).toBeCloseTo(2 * (lme4.cm1.logLik - lme4.cm2.logLik), 2);
    expect(Number(row(t1, "cm1")[7])).toBeGreaterThan(0.7); // collapsing livch to ch costs nothing
  });

  it("Figure 12: Wald = fixef ± 1.96 se, profile close to Wald, bootstrap within Monte Carlo error", () => {
    const c = code.find((x) => /compareConfint\(\{ Wald: ci6Wald/.test(join(x.source)));
    expect(c).toBeDefined();
    const t = textOf(c!);
    expect(t).toContain("bootstrap 97.5 %");
    for (const nm of Object.keys(cm6Fixef)) {
      const [wl, wh, pl, ph, bl, bh] = row(t, nm).map(Number);
      expect(Math.abs((wl + wh) / 2 - cm6Fixef[nm]), nm).toBeLessThan(1e-2 * cm6Se[nm]);
      expect(Math.abs(pl - wl), nm).toBeLessThan(0.05);
      expect(Math.abs(ph - wh), nm).toBeLessThan(0.05);
      expect(Math.abs(bl - pl), nm).toBeLessThan(0.35); // 200 replicates
      expect(Math.abs(bh - ph), nm).toBeLessThan(0.35);
    }
    const plot = code.find((x) => /vegaLite\(fig12\)/.test(join(x.source)));
    const spec = (plot!.outputs ?? []).find((o) => o.data?.["application/vnd.vegalite.v5+json"])!.data!["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(18); // 6 fixed effects × 3 methods
  });

  it("population predictions reproduce Xβ and binned residuals use 43 bins", () => {
    expect(cellWith(/^const ages = /)).toMatch(/max \|xβ − predict\| = 0\.0e\+0|max \|xβ − predict\| = \d\.\de-1[2-9]/);
    expect(cellWith(/^const cm6Bins/)).toMatch(/bins: 43/);
  });

  it("Figure 10: the per-group smooths and the smooth in a GLMM match gamm4", () => {
    const gamm4 = (id: string) => JSON.parse(readFileSync(new URL(`../fixtures/gamm4/${id}.json`, import.meta.url), "utf8")).fit as { logLik: number; smoothVariance: number };
    const t = cellWith(/^import \{ smoothEstimates \} from "lme4ts"/);
    const rows = t.split("\n").map((l) => l.trim().split(/\s+/)).filter((c) => /^[NY]$/.test(c[0]!) && /^(0|1|2|3\+)$/.test(c[1]!));
    expect(rows).toHaveLength(8);
    for (const [u, l, , s2, , ll] of rows) {
      const ref = gamm4(`contraception_fig10_urban${u}_livch${l!.replace("+", "plus")}`);
      expect(Math.abs(Number(ll) - ref.logLik), `${u} ${l} logLik`).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(Number(s2) - ref.smoothVariance), `${u} ${l} σ²`).toBeLessThanOrEqual(1e-5 + 5e-4 * ref.smoothVariance);
    }
    const plot = notebook.cell(/^const fig10Values = /);
    const spec = (plot.outputs ?? []).find((o) => o.data?.["application/vnd.vegalite.v5+json"])!.data!["application/vnd.vegalite.v5+json"] as { data: { values: { p: number; lower: number; upper: number; urban: string }[] } };
    expect(spec.data.values).toHaveLength(8 * 60);
    expect(new Set(spec.data.values.map((v) => v.urban))).toEqual(new Set(["rural", "urban"]));
    for (const v of spec.data.values) expect(v.lower <= v.p && v.p <= v.upper && v.lower >= 0 && v.upper <= 1).toBe(true);
    const g = cellWith(/^const gm10 = glmer/);
    const ref = gamm4("contraception_cr10");
    expect(Math.abs(Number(row(g, "logLik")[0]) - ref.logLik)).toBeLessThanOrEqual(1e-4);
    expect(notebook.cell(/^vegaLite\(plots\.smooth\(gm10/)).toBeDefined();
  });

  it("every plot cell has a Vega-Lite object and an SVG", () => notebook.expectPlots(9));
});
