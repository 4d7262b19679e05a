/**
 * The VarCorr table in lme4 2.x's layout (reformulas::formatVC conventions): us lower triangle,
 * one tagged correlation for cs / ar1 on the term's first row, no correlations for diag, one row
 * for homogeneous cs / ar1; `formatVarCorrTable` as lme4's print(VarCorr(m)).
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { datasets } from "../../src/datasets/index.js";
import { varCorrOf } from "../../src/covariance/varcorr.js";
import { formatVarCorr } from "../../src/display/summaryText.js";
import { formatVarCorrTable, varCorrTableHtml, varCorrCells, fmtCorr, isHomBlock } from "../../src/display/varcorrText.js";

/** A block with given sds and one correlation matrix (through T = chol(Σ)). */
function block(kind: string, sd: number[], corr: number[][], names = sd.map((_, i) => `x${i}`)) {
  const q = sd.length, S = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) S[i + j * q] = sd[i] * sd[j] * corr[i][j];
  const T = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    let d = S[j + j * q];
    for (let k = 0; k < j; k++) d -= T[j + k * q] ** 2;
    T[j + j * q] = Math.sqrt(Math.max(d, 0));
    for (let i = j + 1; i < q; i++) {
      let s = S[i + j * q];
      for (let k = 0; k < j; k++) s -= T[i + k * q] * T[j + k * q];
      T[i + j * q] = T[j + j * q] > 0 ? s / T[j + j * q] : 0;
    }
  }
  return varCorrOf("g", names, T, q, 1, kind);
}
const ar = (rho: number, q: number) => Array.from({ length: q }, (_, i) => Array.from({ length: q }, (_, j) => rho ** Math.abs(i - j)));
const cs = (rho: number, q: number) => Array.from({ length: q }, (_, i) => Array.from({ length: q }, (_, j) => (i === j ? 1 : rho)));

describe("structure marks", () => {
  it("cs: one correlation tagged on the first row, every sd", () => {
    const lines = formatVarCorr({ varcorr: [block("cs", [2, 3, 4], cs(-0.3, 3))], sigma: 1 }, true);
    expect(lines[0]).toMatch(/Groups\s+Name\s+Variance\s+Std\.Dev\.\s+Corr$/);
    expect(lines[1]).toMatch(/^ g\s+x0\s+4\.000\s+2\.000 -0\.30 \(cs\)$/);
    expect(lines[2]).toMatch(/x1\s+9\.000\s+3\.000$/);
    expect(lines[3]).toMatch(/x2\s+16\.000\s+4\.000$/);
    expect(lines[4]).toMatch(/^ Residual\s+1\.000\s+1\.000$/);
  });
  it("homogeneous cs and ar1: one row; heterogeneous ar1: every sd", () => {
    const hom = formatVarCorr({ varcorr: [block("ar1", [2, 2, 2], ar(0.88, 3))], sigma: 1 }, false);
    expect(hom.length).toBe(2);
    expect(hom[1]).toMatch(/g\s+x0\s+4\.000\s+2\.000 0\.88 \(ar1\)$/);
    const het = formatVarCorr({ varcorr: [block("ar1", [2, 2, 2], ar(0.88, 3))], sigma: 1 }, false, [false]);
    expect(het.length).toBe(4);
    const homcs = formatVarCorr({ varcorr: [block("homcs", [2, 2.5], cs(0.5, 2))], sigma: 1 }, false);
    expect(homcs.length).toBe(2); // the kind prefix says hom even with unequal sds
    expect(homcs[1]).toMatch(/0\.50 \(cs\)$/);
    const explicit = formatVarCorr({ varcorr: [{ ...block("cs", [2, 2], cs(0.5, 2)), hom: false }], sigma: 1 }, false);
    expect(explicit.length).toBe(3);
  });
  it("diag: no correlation column at all; us: the lower triangle", () => {
    const d = formatVarCorr({ varcorr: [block("diag", [2, 3], cs(0, 2))], sigma: 1 }, true);
    expect(d[0]).not.toMatch(/Corr/);
    expect(d.join("\n")).not.toMatch(/diag|0\.00/);
    const u = formatVarCorr({ varcorr: [block("us", [1, 2, 3], [[1, 0.1, -0.5], [0.1, 1, 0.25], [-0.5, 0.25, 1]])], sigma: 1 }, false);
    expect(u[1]).toMatch(/x0\s+1\.000\s+1\.000$/);
    expect(u[2]).toMatch(/x1\s+4\.000\s+2\.000  0\.10$/);
    expect(u[3]).toMatch(/x2\s+9\.000\s+3\.000 -0\.50  0\.25$/);
  });
  it("helpers: R-like correlation rounding, hom inference", () => {
    expect(fmtCorr(-0.0001, 2)).toBe("0.00");
    expect(fmtCorr(-0.785, 2)).toBe("-0.79"); // toFixed on the binary value of -0.785
    expect(fmtCorr(NaN, 2)).toBe("NaN");
    expect(isHomBlock(block("cs", [1, 1.5], cs(0.2, 2)))).toBe(false);
    expect(isHomBlock(block("cs", [1.5, 1.5], cs(0.2, 2)))).toBe(true);
    expect(isHomBlock(block("diag", [1.5, 1.5], cs(0, 2)))).toBe(false); // lme4 2.x prints every diag sd
    expect(isHomBlock(block("hetar1", [1.5, 1.5], ar(0.2, 2)))).toBe(false);
  });
});

describe("fitted models", () => {
  const sleep = datasets.sleepstudy();
  it("print(VarCorr(fm1)) layout: 5 significant digits, 3-decimal correlations", () => {
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", sleep);
    const lines = formatVarCorrTable(fm1).split("\n");
    expect(lines[0]).toMatch(/^ Groups\s+Name\s+Std\.Dev\.\s+Corr$/);
    expect(lines[1]).toMatch(/^ Subject\s+\(Intercept\)\s+24\.74\d\d$/);
    expect(lines[2]).toMatch(/^\s+Days\s+5\.922\d 0\.066$/);
    expect(lines[3]).toMatch(/^ Residual\s+25\.59\d\d$/);
    const both = formatVarCorrTable(fm1, { comp: ["Variance", "Std.Dev."] });
    expect(both).toMatch(/Variance\s+Std\.Dev\./);
    expect(varCorrTableHtml(fm1)).toMatch(/<td style="text-align:left">0\.066<\/td>/);
  });
  it("scalar terms: no Corr column (as lme4)", () => {
    const m = lmer("Reaction ~ Days + (1 | Subject)", sleep);
    expect(formatVarCorrTable(m)).not.toMatch(/Corr/);
    expect(m.toString()).toMatch(/Groups\s+Name\s+Variance\s+Std\.Dev\.\n/);
  });
  it("cs term in the summary and the table; hom read from the term", () => {
    const m = lmer("Reaction ~ Days + cs(Days | Subject)", sleep);
    expect(m.toString()).toMatch(/Subject\s+\(Intercept\)\s+\S+\s+24\.7\d+ 0\.07 \(cs\)\n\s+Days/);
    expect(formatVarCorrTable(m)).toMatch(/24\.7\d+ 0\.06\d \(cs\)/);
    const pastes = datasets.Pastes();
    const h = lmer("strength ~ 1 + ar1(0 + cask | batch, hom = FALSE)", pastes);
    expect(formatVarCorrTable(h).split("\n").length).toBe(5); // header, 3 casks, Residual
    const a = lmer("strength ~ 1 + ar1(0 + cask | batch)", pastes);
    const c = varCorrCells(a.VarCorr(), a.sigma, { homs: [true], residual: true });
    expect(c.rows.length).toBe(2);
    expect(c.rows[0][c.header.indexOf("Corr")]).toMatch(/^0\.\d\d \(ar1\)$/);
  });
});
