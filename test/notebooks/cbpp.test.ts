/**
 * Checks the executed cbpp notebook written by `npm run notebooks` (out/notebooks/): key numbers
 * match lme4 1.1-31 (shared/reference/cbpp_*.json, cbpp2_gm*.json) and every plot cell produced
 * both a Vega-Lite object and an SVG. Skipped, with a message, when the notebook has not been
 * executed.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { executedNotebook, join } from "./executed.js";

const notebook = executedNotebook("cbpp");

describe.skipIf(!notebook.executed)("executed cbpp notebook", () => {
  const { code, cellWith, row, textOf } = notebook;

  it("ran every code cell without errors or stderr", () => notebook.expectCleanRun(20));

  it("the CBPP Laplace fit matches lme4 (summary)", () => {
    const s = cellWith(/^const gm = glmer/);
    // Printed estimates and SEs (4 decimals) against lme4's (shared/reference/cbpp_binomial.json):
    // within 1e-2 SE for estimates and 1e-3 relative for SEs (the conformance tolerances are
    // 1e-2 for both), plus the printing's half unit in the last place. Comparing printed digits
    // exactly would fail whenever a value sits on a rounding boundary (lme4's SE of period2 is
    // 0.3031506, ours 0.3031499: they print 0.3032 and 0.3031).
    const lme4: Record<string, [number, number]> = {
      "(Intercept)": [-1.39834286447115, 0.231214048099463],
      period2: [-0.991924974975739, 0.303150644541277],
      period3: [-1.12821621594334, 0.32283015322584],
      period4: [-1.57974541364919, 0.422049159426317],
    };
    for (const [name, [est, se]] of Object.entries(lme4)) {
      const m = s.match(new RegExp(`^\\s*${name.replace(/[()]/g, "\\$&")}\\s+(-?[0-9.]+)\\s+([0-9.]+)`, "m"));
      expect(m, `fixed-effects row ${name}`).not.toBeNull();
      expect(Math.abs(Number(m![1]) - est)).toBeLessThanOrEqual(1e-2 * se + 5e-5);
      expect(Math.abs(Number(m![2]) - se)).toBeLessThanOrEqual(1e-3 * se + 5e-5);
    }
    // herd variance and sd: lme4's sd 0.6420699 (variance 0.412254, on the 0.4122/0.4123 boundary)
    const vc = s.match(/herd\s+\(Intercept\)\s+([0-9.]+)\s+([0-9.]+)/);
    expect(vc).not.toBeNull();
    expect(Math.abs(Number(vc![1]) - 0.642069927729179 ** 2)).toBeLessThanOrEqual(2e-3 * 0.4123 + 5e-5);
    expect(Math.abs(Number(vc![2]) - 0.642069927729179)).toBeLessThanOrEqual(1e-3 * 0.6421 + 5e-5);
    expect(s).toMatch(/194\.1\s+204\.2\s+-92\.0/);
  });

  it("Laplace vs adaptive Gauss–Hermite agrees with lme4 for nAGQ = 0, 1, 9", () => {
    const t = cellWith(/^const agqRows/);
    const r0 = row(t, "0"), r1 = row(t, "1"), r9 = row(t, "9"), r25 = row(t, "25");
    // columns: 4 fixed effects, sd(herd), logLik, lme4 logLik, time
    expect(Number(r0[5])).toBeCloseTo(-92.0543, 3);
    expect(Number(r0[0])).toBeCloseTo(-1.3605, 3); // lme4: -1.36048
    expect(Number(r1[5])).toBeCloseTo(-92.0266, 3);
    expect(Number(r9[5])).toBeCloseTo(-91.9834, 3);
    expect(Number(r9[0])).toBeCloseTo(-1.3992, 3); // lme4: -1.39922
    expect(Number(r9[4])).toBeCloseTo(0.6475, 3); // lme4 θ: 0.647518
    expect(Math.abs(Number(r25[5]) - Number(r9[5]))).toBeLessThan(1e-3); // quadrature converged
    for (const r of [r0, r1, r9]) expect(r[5]).toBe(r[6]); // lme4ts logLik = lme4 logLik to 4 decimals
  });

  it("Figures 1–2: the herds' conditional modes and L_jj match the paper's zeta() in R; t(z) peaks near 4", () => {
    const z = (JSON.parse(readFileSync(new URL("../fixtures/notebooks/toenail.json", import.meta.url), "utf8")) as {
      cbpp: { zeta: { levels: string[]; u: number[]; L: number[] } };
    }).cbpp.zeta;
    const t = cellWith(/^import \{ conditionalDensities \}/);
    const maxT: number[] = [];
    z.levels.forEach((herd, j) => {
      const [mode, L, , tMax] = row(t, herd).map(Number);
      expect(Math.abs(mode - z.u[j]), `mode ${herd}`).toBeLessThanOrEqual(1e-3); // lme4ts and lme4 fits agree to ~1e-5
      expect(Math.abs(L - z.L[j]) / z.L[j], `L ${herd}`).toBeLessThanOrEqual(1e-3);
      maxT.push(tMax);
    });
    // the paper: "the maximum of 4" for t(z) on |z| <= 3.75
    expect(Math.max(...maxT)).toBeGreaterThan(3.5);
    expect(Math.max(...maxT)).toBeLessThan(4.5);
    for (const re of [/^vegaLite\(plots\.laplaceIntegrands\(cdHerd/, /^vegaLite\(plots\.tz\(cdHerd/, /^const fig4Rows/]) {
      const data = (notebook.cell(re).outputs ?? []).find((o) => o.data?.["application/vnd.vegalite.v5+json"])?.data;
      expect(data, String(re)).toBeDefined();
      expect(join(data!["image/svg+xml"])).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
  });

  it("GHrule(5) as the paper prints it", () => {
    const t = cellWith(/^import \{ ghRule \}/);
    for (let k = 1; k <= 5; k++) {
      const [z, w, ld, zR, wR, ldR] = row(t, `[${k},]`);
      expect([z, w, ld]).toEqual([zR, wR, ldR]);
    }
  });

  it("cbpp2: gm1, gm3 match lme4; gm2 is singular and at least as good as lme4's optimum", () => {
    const t = cellWith(/^const rhs/);
    const g1 = row(t, "gm1"), g2 = row(t, "gm2"), g3 = row(t, "gm3");
    // columns: random effects (words), df, sd(herd), sd(obs), logLik, AIC, singular, lme4 logLik, lme4 AIC
    const tail = (r: string[]) => r.slice(-8);
    const [df1, sdh1, , ll1, aic1, sing1, refLl1, refAic1] = tail(g1);
    expect([df1, sdh1, ll1, aic1, sing1]).toEqual(["8", "0.5582", "-90.9043", "197.809", "false"]);
    expect([refLl1, refAic1]).toEqual([ll1, aic1]);
    const [df3, , sdo3, ll3, aic3, sing3] = tail(g3);
    expect([df3, sdo3, ll3, aic3, sing3]).toEqual(["8", "0.8620", "-85.8093", "187.619", "false"]);
    const [df2, sdh2, sdo2, ll2, , sing2, lme4ll2] = tail(g2);
    // gm2's optimum is better than lme4's (singular): its sds may move within the GLMM tolerance.
    expect([df2, sdh2, sing2]).toEqual(["9", "0.0000", "true"]);
    expect(Math.abs(Number(sdo2) - 0.862)).toBeLessThan(1e-2 * 0.862);
    expect(Number(ll2)).toBeGreaterThanOrEqual(Number(lme4ll2)); // lme4: -85.8121, short of the boundary
    expect(cellWith(/^gm2$/)).toMatch(/boundary \(singular\) fit/);
  });

  it("gm3 fixed effects match lme4 to 3–4 digits", () => {
    const t = cellWith(/^table\(\["", "gm3 lme4ts"/);
    for (const nm of ["(Intercept)", "period2", "period3", "period4", "treatmentComplete", "treatmentUnknown", "avg_size"]) {
      const [ours3, ref3, ours1, ref1] = row(t, nm).map(Number);
      expect(Math.abs(ours3 - ref3), nm).toBeLessThanOrEqual(3e-4);
      expect(Math.abs(ours1 - ref1), nm).toBeLessThanOrEqual(2e-4);
    }
  });

  it("the Wald table is fixef ± 1.96 se", () => {
    const [est, se, lo, hi] = row(cellWith(/^function waldTable/), "(Intercept)").map(Number);
    expect(est).toBeCloseTo(-1.3983, 4);
    expect(lo).toBeCloseTo(est - 1.959964 * se, 3);
    expect(hi).toBeCloseTo(est + 1.959964 * se, 3);
  });

  it("the interval comparison has Wald = fixef ± 1.96 se and a profile interval for sd(herd)", () => {
    const c = code.find((x) => /confint\(gm, \{ method: "profile"/.test(join(x.source)));
    expect(c).toBeDefined();
    const t = textOf(c!);
    expect(row(t, "(Intercept)").slice(0, 2)).toEqual(["-1.8515", "-0.9452"]);
    const sd = row(t, "sd_(Intercept)|herd");
    expect(sd[0]).toBe("—"); // no Wald interval for a variance parameter
    expect(Number(sd[2])).toBeGreaterThan(0);
    expect(Number(sd[3])).toBeGreaterThan(0.6421);
  });

  it("allFit: every optimizer converges to the same log-likelihood", () => {
    const t = cellWith(/^const af = allFit\(gm\)/);
    expect(t).toMatch(/^allFit: cbind\(incidence, size - incidence\) ~ period \+ \(1 \| herd\)/);
    expect(row(t, "status").every((s) => s === "OK")).toBe(true);
    const ll = row(t, "logLik").map(Number);
    expect(ll.length).toBeGreaterThanOrEqual(2);
    for (const x of ll) expect(x).toBeCloseTo(-92.0266, 3); // lme4: -92.02657
  });

  it("the derived obs column equals lme4's data", () => {
    const out = cellWith(/existsSync\(refCsv\)/);
    expect(out).toMatch(/obs equals lme4's data: true|reference data not found/);
  });

  it("every plot cell has a Vega-Lite object and an SVG", () => notebook.expectPlots(9));
});
