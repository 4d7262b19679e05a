/**
 * Check 2: Deno's Jupyter kernel (the `deno` npm package's binary, `deno jupyter --install`)
 * runs a notebook in the user's project that imports lme4ts (resolved from the project's
 * node_modules: Deno uses a package.json's node_modules folder as it is) and ends cells with a
 * model and a plot. Deno shows objects with a `Symbol.for("Jupyter.display")` method richly; the
 * outputs must be text/html and Vega-Lite v5, not text/plain object dumps.
 */
import { dataOf, describe, hasImage, VEGALITE } from "../lib/ipynb.mjs";
import { runCells } from "../lib/jupyter.mjs";

export const title = "Deno's Jupyter kernel shows lme4ts models and plots richly";

export async function run(ctx, t) {
  await ctx.debian();
  await ctx.installApp();
  const kernel = await ctx.denoKernel();
  const [, model, summary, plot] = await runCells(ctx, t, "e2e-deno", [
    'import { lmer, datasets, plots } from "lme4ts";',
    'const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());\nfm1',
    "fm1.summary()",
    "plots.caterpillar(fm1.ranef({ condVar: true })[0])",
  ], { name: kernel, display_name: "Deno" });
  t.ok(/<table/i.test(dataOf(model, "text/html") ?? ""), "the model (last expression) is shown as HTML", describe(model));
  t.ok(/<table/i.test(dataOf(summary, "text/html") ?? ""), "summary() is shown as HTML", describe(summary));
  const vl = dataOf(plot, VEGALITE);
  t.ok(vl && typeof vl === "object", `the plot is shown as ${VEGALITE}`, describe(plot));
  t.ok(hasImage(plot), "the plot also carries an image", describe(plot));
}
