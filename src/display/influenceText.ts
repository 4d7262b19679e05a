/**
 * Renderers of the influence results (`influence()`, `dfbeta`, `dfbetas`, `cooksDistance` of an
 * influence result) and of the simulated-residual tests: record tables in text and HTML,
 * registered by kind with results/renderable.ts.
 */
import { registerRenderer } from "../results/renderable.js";
import type { InfluenceMerMod } from "../influence/influence.js";
import type { UnitTable } from "../influence/measures.js";
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
