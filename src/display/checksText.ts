/**
 * Renderers of the model checks (src/checks/): `checkModel`'s result shows as its chart
 * (plots.checkModel) with a text summary of every panel as text/plain; `checkCollinearity`'s
 * table as text and HTML in performance's columns.
 */
import { registerRenderer, type Bundle } from "../results/renderable.js";
import type { ModelCheck } from "../checks/checkModel.js";
import type { Collinearity } from "../checks/vif.js";
import { MIME_BUNDLE } from "./mime.js";
import { recordsHtml, recordsText } from "./recordsText.js";
import { checkModelPlot } from "./vegalite/checkModel.js";

const vifRecords = (v: Collinearity) =>
  v.rows.map((r) => ({ Term: r.term, VIF: r.vif, "VIF 95% CI": `[${r.ciLow.toFixed(2)}, ${r.ciHigh < 1e6 ? r.ciHigh.toFixed(2) : "Inf"}]`, "Increased SE": r.seFactor, Tolerance: r.tolerance, level: r.level }));

function collinearityText(v: Collinearity): string {
  return ["# Check for Multicollinearity", "", ...(v.rows.length ? [recordsText(vifRecords(v))] : []), ...v.notes.map((n) => `Note: ${n}`)].join("\n");
}

registerRenderer<Collinearity>("collinearity", {
  text: collinearityText,
  html: (v) => recordsHtml(vifRecords(v), "Check for multicollinearity (VIF)") + v.notes.map((n) => `<p>Note: ${n.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join(""),
});

/** One line per panel: what the numbers say. */
export function modelCheckText(c: ModelCheck): string {
  const f = c.influence, lines = [`Model checks (performance::check_model panels) for ${c.formula}: ${c.nobs} observations, seed ${c.seed}`];
  lines.push(`  posterior predictive: ${c.ppCheck.simulated.length} conditional simulations`);
  if (c.binned) lines.push(`  binned residuals: ${c.binned.filter((b) => b.ok).length} of ${c.binned.length} bins inside the error bounds`);
  lines.push(`  influential observations: ${f.influential.length} with Cook's D ≥ ${f.threshold.toFixed(3)}; largest Cook's D ${Math.max(...f.cooks).toPrecision(3)}`);
  if (c.collinearity.rows.length) lines.push(`  collinearity: ${c.collinearity.rows.map((r) => `${r.term} ${r.vif.toFixed(2)}`).join(", ")}`);
  if (c.qq.type === "uniform") lines.push(`  uniformity of scaled residuals (${c.qq.nsim} simulations): KS D = ${c.qq.uniformity.statistic.toFixed(3)}, p = ${c.qq.uniformity.pValue.toPrecision(3)}`);
  lines.push(`  random effects: ${c.ranefQQ.map((q) => `${q.group}: ${q.term}`).join(", ")}`);
  return [...lines, ...c.notes.map((n) => `Note: ${n}`)].join("\n");
}

registerRenderer<ModelCheck>("modelCheck", {
  text: modelCheckText,
  bundle: async (c): Promise<Bundle> => ({ ...(await checkModelPlot(c)[MIME_BUNDLE]()), "text/plain": modelCheckText(c) }),
});
