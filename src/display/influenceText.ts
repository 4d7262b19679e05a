/**
 * Renderers of the influence results (`influence()`, `dfbeta`, `dfbetas`, `cooksDistance` of an
 * influence result) and of the simulated-residual tests: record tables in text and HTML,
 * registered by kind with results/renderable.ts.
 */
import { registerRenderer } from "../results/renderable.js";
import type { InfluenceMerMod } from "../influence/influence.js";
import type { UnitTable } from "../influence/measures.js";
import type { ResidualTest, ResidualTests, SimulatedResiduals } from "../influence/dharma.js";
import { recordsHtml, recordsText } from "./recordsText.js";

const notes = (ws: readonly string[]) => ws.map((w) => `Note: ${w}`);

function unitRecords(t: UnitTable) {
  return t.rows.map((r, j) => ({ [t.groups]: r, ...Object.fromEntries(t.columns.map((c, k) => [c, t.values[j][k]])) }));
}

registerRenderer<UnitTable>("influenceTable", {
  text: (t) => [`${t.what} per deleted ${t.groups}`, "", recordsText(unitRecords(t)), ...notes(t.warnings)].join("\n"),
  html: (t) => recordsHtml(unitRecords(t), `${t.what} per deleted ${t.groups}`),
});

/** One row per deleted unit: the largest |Δβ| in SE units of the full fit, and convergence. */
function influenceRecords(x: InfluenceMerMod) {
  const p = x.fixed.length;
  return x.deleted.map((d, j) => {
    let worst = 0, at = "";
    for (let k = 0; k < p; k++) {
      const z = Math.abs(x.fixedDeleted[j][k] - x.fixed[k]) / Math.sqrt(x.vcov[k + k * p]);
      if (z > worst) { worst = z; at = x.fixedNames[k]; }
    }
    return { [x.groups]: d, "max |Δβ|/SE": worst, "largest for": at, converged: x.converged[j] ? "yes" : "no" };
  });
}

registerRenderer<InfluenceMerMod>("influenceMerMod", {
  text: (x) => [`Influence: ${x.deleted.length} refits, each without one ${x.groups}`, "", recordsText(influenceRecords(x)), ...notes(x.warnings)].join("\n"),
  html: (x) => recordsHtml(influenceRecords(x), `Influence: ${x.deleted.length} refits, each without one ${x.groups}`),
});

const fmtStat = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));
const fmtP = (p: number) => (p < 2.2e-16 ? "< 2.2e-16" : p.toPrecision(4));
const altText = (t: ResidualTest) => (t.alternative === "two.sided" ? "two-sided" : t.alternative);

function testText(t: ResidualTest): string {
  const lines = [`\t${t.method}`, "", `${t.statisticName} = ${fmtStat(t.statistic)}, p-value = ${fmtP(t.pValue)}`, `alternative hypothesis: ${altText(t)}`];
  if (t.test === "quantiles") for (const q of t.quantiles ?? []) lines.push(`quantile ${q.quantile}: intercept p = ${fmtP(q.pIntercept)}, shape p = ${fmtP(q.pShape)} (χ², ${q.df} df), BH-combined p = ${fmtP(q.pValue)}`);
  if (t.test === "outliers") lines.push(`outliers: ${t.outliers} of ${t.n} observations (expected frequency ${t.expectedFrequency!.toPrecision(3)})`);
  return lines.join("\n");
}
const testRecord = (t: ResidualTest) => ({ test: t.test, statistic: t.statisticName, value: t.statistic, "p.value": t.pValue, alternative: t.alternative });

registerRenderer<ResidualTest>("residualTest", {
  text: testText,
  html: (t) => recordsHtml([testRecord(t)], t.method),
});

function testsOf(x: ResidualTests): ResidualTest[] {
  return [x.uniformity, x.dispersion, x.outliers, ...(x.zeroInflation ? [x.zeroInflation] : [])];
}
registerRenderer<ResidualTests>("residualTests", {
  text: (x) => ["Simulated-residual tests", "", recordsText(testsOf(x).map(testRecord))].join("\n"),
  html: (x) => recordsHtml(testsOf(x).map(testRecord), "Simulated-residual tests"),
});

registerRenderer<SimulatedResiduals>("simulatedResiduals", {
  text: (x) => {
    const s = Float64Array.from(x.scaled).filter(Number.isFinite).sort();
    const q = (p: number) => s[Math.round(p * (s.length - 1))];
    return [
      `Simulation-based scaled residuals: ${x.nsim} simulations, seed ${x.seed}, ${x.scaled.length} observations`,
      `quantiles (0, .25, .5, .75, 1): ${[0, 0.25, 0.5, 0.75, 1].map((p) => q(p).toFixed(3)).join(" ")}`,
      "Test with testUniformity / testDispersion / testZeroInflation / testOutliers, or testResiduals(res).",
    ].join("\n");
  },
});
