/**
 * Renderer of `conditionalDensities` results (diagnostics/conditionalDensities.ts): the per-level
 * summary (mode, L_jj, range of t(z) on the grid, log Σ w t), not the grid itself, which is
 * `rows` (plot it with `plots.laplaceIntegrands` / `plots.tz`).
 */
import { registerRenderer } from "../results/renderable.js";
import type { ConditionalDensities } from "../diagnostics/conditionalDensities.js";
import { recordsHtml, recordsText } from "./recordsText.js";

function summaryRows(x: ConditionalDensities): Record<string, number | string>[] {
  return x.levels.map((l) => ({ [x.group]: l.level, mode: l.mode, "L_jj": l.scale, "min t": l.tMin, "max t": l.tMax, [`log AGQ(${x.nAGQ})/Laplace`]: l.logIntegral }));
}

function caption(x: ConditionalDensities): string {
  const z = x.z, range = z.length ? `z in [${Math.min(...z)}, ${Math.max(...z)}]` : "no grid";
  return `Conditional densities of the ${x.group} effects: t(z) = density / dnorm(z) on ${z.length} points, ${range}`;
}

registerRenderer<ConditionalDensities>("conditionalDensities", {
  text: (x) => recordsText(summaryRows(x), caption(x)),
  html: (x) => recordsHtml(summaryRows(x), caption(x)),
});
