/**
 * Shared by the glmmTMB comparison tests (families2-fits, families3-fits): reads a fixture of
 * scripts/families2-refs.R or families3-refs.R, fits it with glmer, and checks the fit against
 * glmmTMB's (tolerances in families2-fits.test.ts's comment).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { glmer } from "../../../src/glmm/glmer.js";
import { readCsv } from "../../../src/data/index.js";
import type { GlmerMod } from "../../../src/results/glmerMod.js";

export interface Ref {
  readonly data: string;
  readonly call: { formula: string; family: string; ziformula: string | null; dispformula: string | null };
  readonly fit: {
    fixef: { cond: Record<string, number>; zi: Record<string, number> | null; disp: Record<string, number> | null };
    se: { cond: Record<string, number>; zi: Record<string, number> | null; disp: Record<string, number> | null };
    logLik: number; df: number; AIC: number; sigma: number | null; varcorr: { sd: number[] }[];
    predict: Record<"link" | "response" | "conditional" | "zprob", number[]>;
    summaryText: string[];
  };
}

const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

/** Fixture `id` of the fixture folder `dir` (a URL ending in "/"), the data from `dataDir` (default `dir`), fitted by glmer. */
export function fitRef(dir: URL, id: string, dataDir: URL = dir): { r: Ref; m: GlmerMod } {
  const r = JSON.parse(readFileSync(new URL(`${id}.json`, dir), "utf8")) as Ref;
  const data = readCsv(fileURLToPath(new URL(`${r.data}.csv`, dataDir)));
  const m = glmer(r.call.formula, data, {
    family: r.call.family,
    ...(r.call.ziformula ? { ziformula: r.call.ziformula } : {}),
    ...(r.call.dispformula ? { dispformula: r.call.dispformula } : {}),
  });
  return { r, m };
}

/** The fit `m` against glmmTMB's `r`: logLik to `llTol` relative, estimates, standard errors, predictions, summary blocks. */
export function checkAgainstGlmmTMB(r: Ref, m: GlmerMod, llTol: number): void {
  const t = r.fit;
  expect(Math.abs(m.logLik() - t.logLik)).toBeLessThan(llTol * Math.abs(t.logLik));
  expect(m.df).toBe(t.df);
  const fe = m.fixef(), se = m.se();
  expect(Object.keys(fe)).toEqual(Object.keys(t.fixef.cond));
  for (const k of Object.keys(t.fixef.cond)) {
    close(fe[k]!, t.fixef.cond[k]!, 1e-4);
    expect(Math.abs(se[k]! / t.se.cond[k]! - 1)).toBeLessThan(1e-3);
  }
  close(m.VarCorr()[0]!.sd[0]!, t.varcorr[0]!.sd[0]!, 1e-4);
  const lap = m.laplace!;
  const names = lap.family.params.map((q) => q.name);
  const seOf = (part: Record<string, number> | null, k: string) => part?.[k] ?? Object.entries(part ?? {}).find(([n]) => n.endsWith(`~${k}`))?.[1] ?? 0;
  const refPar = [
    ...Object.entries(t.fixef.zi ?? {}).map(([k, v]) => [`zi~${k}`, v, seOf(t.se.zi, k)] as const),
    ...Object.entries(t.fixef.disp ?? {}).map(([k, v]) => [r.call.dispformula ? `disp~${k}` : "log(phi)", v, seOf(t.se.disp, k)] as const),
  ];
  expect(names).toEqual(refPar.map(([k]) => k));
  refPar.forEach(([k, v, s], j) => {
    expect(Math.abs(lap.par[j]! - v)).toBeLessThanOrEqual(Math.max(1e-4 * Math.max(1, Math.abs(v)), 1e-3 * s));
  });
  // glmmTMB's four prediction types at the data (5e-4 relative: the estimates' 1e-4, propagated)
  for (const type of ["link", "conditional", "zprob", "response"] as const) {
    const ours = m.predict({ type });
    t.predict[type].forEach((v, i) => expect(Math.abs(ours[i]! - v)).toBeLessThanOrEqual(5e-4 * Math.max(1, Math.abs(v))));
  }
  // the zero-inflation and dispersion blocks of the summary: names, estimates, standard errors (2e-3)
  const blocks = m.summary().extraModels ?? [];
  const refBlocks = [["Zero-inflation model:", t.fixef.zi, t.se.zi], ["Dispersion model:", r.call.dispformula ? t.fixef.disp : null, t.se.disp]] as const;
  expect(blocks.map((b) => b.title)).toEqual(refBlocks.filter(([, f]) => f).map(([title]) => title));
  for (const b of blocks) {
    const [, est, se] = refBlocks.find(([title]) => title === b.title)!;
    expect(b.rows.map((row) => row.name)).toEqual(Object.keys(est!));
    b.rows.forEach((row, j) => expect(Math.abs(row.se / Object.values(se!)[j]! - 1)).toBeLessThan(2e-3));
  }
  const text = m.toString();
  for (const b of blocks) expect(text).toContain(b.title);
  // glmmTMB's dispersion line, or none (families without a dispersion parameter, dispersion models)
  const refDisp = t.summaryText.find((l) => l.startsWith("Dispersion parameter"));
  if (refDisp) expect(text).toContain(refDisp.trim());
  else expect(text).not.toContain("Dispersion parameter");
  expect(m.warnings.join("\n")).not.toMatch(/zero-inflation probability/);
  const fit = m.fitted();
  t.predict.response.forEach((v, i) => expect(Math.abs(fit[i]! - v)).toBeLessThanOrEqual(5e-4 * Math.max(1, Math.abs(v))));
}
