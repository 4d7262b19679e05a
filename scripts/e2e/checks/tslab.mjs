/**
 * Check 3: stock tslab's kernel (tslab from npm in the user's project, `tslab install --prefix`),
 * not lme4ts's. Its cells print the last expression as text, so rich output comes from
 * `display(x)`: lme4ts's `display` must fall back to tslab's display API and show HTML (a model)
 * and an image (a plot; `await display(chart)`, as documented for stock tslab) — not
 * `Promise { <pending> }`.
 */
import { dataOf, describe, hasImage } from "../lib/ipynb.mjs";
import { runCells } from "../lib/jupyter.mjs";

export const title = "stock tslab kernel: display(x) shows lme4ts objects richly";

export async function run(ctx, t) {
  await ctx.debian();
  const kernel = await ctx.tslabKernel();
  const [, model, plot] = await runCells(ctx, t, "e2e-tslab", [
    'import { lmer, datasets, plots, display } from "lme4ts";',
    'const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());\ndisplay(fm1);',
    // a plot's bundle is ready only after vega has rendered its SVG: stock tslab ends the cell
    // at once unless the cell awaits it (lme4ts's own kernel waits by itself)
    "await display(plots.caterpillar(fm1.ranef({ condVar: true })[0]));",
  ], { name: kernel, display_name: "stock tslab" });
  const pendingDump = (c) => c.outputs.some((o) => /Promise \{/.test(o.text + (o.data["text/plain"] ?? "")));
  t.ok(/<table/i.test(dataOf(model, "text/html") ?? ""), "display(model) shows HTML", describe(model));
  t.ok(!pendingDump(model) && !pendingDump(plot), "no `Promise { <pending> }` printed", [model, plot].filter(pendingDump).map(describe).join("; "));
  t.ok(hasImage(plot), "display(plot) shows an image", describe(plot));
}
