/**
 * The in-memory glmer's collapse of binomial rows into cells of equal right-hand side
 * (glmm/cells.ts, fitOnCells in glmm/glmer.ts):
 * - no rows merge (cbpp): a no-op, the fit bit-identical to the row fit (fitGlmm with the rows'
 *   response given explicitly, which never collapses);
 * - rows merge (cbpp expanded to one Bernoulli row per animal): θ and β exactly those of the
 *   binomial fit of the proportions with the trials as weights (the same cells, the same
 *   numbers), logLik that of the Bernoulli rows (the proportions' minus Σ log C(size, incidence)),
 *   and fitted values, residuals and nobs per row;
 * - Poisson rows are fitted as rows (merging moves the optimum through PIRLS's stopping rule).
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { glmer, fitGlmm } from "../../src/glmm/glmer.js";
import { buildInput } from "../../src/model/lmmInput.js";
import { readCsv, makeFrame, subsetRows } from "../../src/data/index.js";
import { cellsOf, cellResponse } from "../../src/glmm/cells.js";
import { lgamma } from "../../src/glmm/family/special.js";
import { glmerControl } from "../../src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cbpp = readCsv(`${root}datasets/cbpp.csv`, `${root}datasets/cbpp.schema.json`);
const num = (name: string) => { const c = cbpp.columns.get(name)!; if (c.kind !== "numeric") throw new Error(name); return c.values; };
const inc = num("incidence"), size = num("size");

/** cbpp with one row per animal: y = 1 for the first `incidence` animals of a herd-period, else 0. */
function bernoulliRows() {
  const rows: number[] = [], y: number[] = [];
  for (let i = 0; i < cbpp.nrow; i++) for (let k = 0; k < size[i]!; k++) { rows.push(i); y.push(k < inc[i]! ? 1 : 0); }
  const sub = subsetRows(cbpp, Int32Array.from(rows));
  return makeFrame([...sub.names.map((n) => sub.columns.get(n)!), { kind: "numeric", name: "y", values: Float64Array.from(y) }]);
}

describe("glmer: rows of equal right-hand side collapsed to cells", () => {
  it("is a no-op when no rows merge: bit-identical to the row fit", () => {
    const f = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    const m = glmer(f, cbpp, { family: "binomial" });
    const input = buildInput(f, cbpp, { checkLevels: false, numericResponse: false });
    const rowFit = fitGlmm(input, { family: "binomial" }, { y: m.y, weights: m.priorWeights, n: size });
    expect(Array.from(m.theta)).toEqual(Array.from(rowFit.theta));
    expect(Array.from(m.beta)).toEqual(Array.from(rowFit.beta));
    expect(m.logLik()).toBe(rowFit.logLik());
    expect(cellsOf(input.mf.frame, ["period", "herd"]).first.length).toBe(cbpp.nrow);
  });

  it("merged Bernoulli rows give exactly the binomial fit of the cells, with row-level results", () => {
    const bern = bernoulliRows();
    const m = glmer("y ~ period + (1 | herd)", bern, { family: "binomial" });
    const p = glmer("incidence / size ~ period + (1 | herd)", cbpp, { family: "binomial", weights: "size" });
    expect(Array.from(m.theta)).toEqual(Array.from(p.theta));
    expect(Array.from(m.beta)).toEqual(Array.from(p.beta));
    expect(m.nobs).toBe(bern.nrow);
    let lchoose = 0;
    for (let i = 0; i < cbpp.nrow; i++) lchoose += lgamma(size[i]! + 1) - lgamma(inc[i]! + 1) - lgamma(size[i]! - inc[i]! + 1);
    expect(Math.abs(m.logLik() - (p.logLik() - lchoose)) / Math.abs(m.logLik())).toBeLessThan(1e-10);
    const fm = m.fitted(), fp = p.fitted();
    expect(fm.length).toBe(bern.nrow);
    expect(m.residuals().length).toBe(bern.nrow);
    let r = 0;
    for (let i = 0; i < cbpp.nrow; i++) for (let k = 0; k < size[i]!; k++, r++) expect(Math.abs(fm[r]! - fp[i]!)).toBeLessThan(1e-12);
  });

  it("Poisson rows are not collapsed (see fitOnCells): duplicated rows give the row fit", () => {
    const gt = readCsv(`${root}datasets/grouseticks.csv`, `${root}datasets/grouseticks.schema.json`);
    const f = "TICKS ~ YEAR + (1 | LOCATION)";
    const twice = subsetRows(gt, Int32Array.from({ length: 2 * gt.nrow }, (_, i) => i >> 1));
    const m = glmer(f, twice, { family: "poisson" });
    const input = buildInput(f, twice, { checkLevels: false, numericResponse: false });
    const rows = fitGlmm(input, { family: "poisson" }, { y: m.y, weights: m.priorWeights });
    expect(Array.from(m.theta)).toEqual(Array.from(rows.theta));
    expect(Array.from(m.beta)).toEqual(Array.from(rows.beta));
    expect(m.logLik()).toBe(rows.logLik());
  });

  it("cell values: one-row cells keep the row's numbers, merged cells correctly rounded sums", () => {
    const frame = makeFrame([{ kind: "numeric", name: "x", values: Float64Array.from([1, 2, 1, 1]) }]);
    const cells = cellsOf(frame, ["x"]);
    expect(Array.from(cells.first)).toEqual([0, 1]);
    expect(Array.from(cells.cellOf)).toEqual([0, 1, 0, 0]);
    const y = Float64Array.from([0.1, 1 / 3, 0.2, 0.7]), w = Float64Array.from([9, 7, 1e17, 9]);
    const c = cellResponse(cells, { y, weights: w, n: new Float64Array(4).fill(1) }, false);
    expect(c.y[1]).toBe(1 / 3);
    expect(c.weights[1]).toBe(7);
    // Σw = 1e17 + 18 (not a double): the correctly rounded sum, whatever the order of addition
    expect(c.weights[0]).toBe(Number(BigInt(1e17) + 18n)); // the naive sum gives 1e17 + 32
    expect(c.n[0]).toBe(1);
  });
});

describe("glmer on cells: options", () => {
  it("control.calcDerivs = false: no Hessian and no spurious warning, as the row fit", () => {
    const bern = (() => {
      const rows: number[] = [], y: number[] = [];
      for (let i = 0; i < cbpp.nrow; i++) for (let k = 0; k < size[i]!; k++) { rows.push(i); y.push(k < inc[i]! ? 1 : 0); }
      const sub = subsetRows(cbpp, Int32Array.from(rows));
      return makeFrame([...sub.names.map((n) => sub.columns.get(n)!), { kind: "numeric", name: "y", values: Float64Array.from(y) }]);
    })();
    const m = glmer("y ~ period + (1 | herd)", bern, { family: "binomial", control: glmerControl({ calcDerivs: false }) });
    expect(m.warnings.filter((w) => /Hessian/i.test(w))).toEqual([]);
  });
});
