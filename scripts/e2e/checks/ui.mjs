/**
 * Check 5: a real notebook UI. Debian's classic `jupyter-notebook` server (127.0.0.1, a free
 * port, a token of ours, the user's project as its notebook folder, the lme4ts kernel visible
 * through JUPYTER_PATH) is driven by headless Chromium over the DevTools protocol: open a
 * notebook, click Cell > Run All, wait for the kernel to go idle, screenshot. The summary table
 * and the plot must be visible (DOM: a table of nonzero size in an output, a drawing element of
 * nonzero size in the plot cell's output; pixels: both regions have ink), and the cells queued
 * behind a failing one must not be left without output.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../lib/chromium.mjs";
import { writeNotebook } from "../lib/ipynb.mjs";
import { freePort, sleep, startServer, waitFor } from "../lib/proc.mjs";
import { inkOfRegions, plotRegionsScript } from "../lib/regions.mjs";

export const title = "classic jupyter-notebook UI: Run All shows the summary table and the plot";

const CELLS = [
  'import { lmer, datasets, plots } from "lme4ts";',
  'const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());\nfm1.summary()',
  "plots.caterpillar(fm1.ranef({ condVar: true })[0])",
  'lmer("Reaction ~ Days + (Days | NoSuchColumn)", datasets.sleepstudy())',
  "fm1.fixef()",
];
const [, SUMMARY, PLOT, FAILING, AFTER] = CELLS.keys();
const WIDTH = 1200;

export async function run(ctx, t) {
  await ctx.debian();
  const kernel = await ctx.lme4tsKernel();
  const nbName = "e2e-ui.ipynb";
  writeNotebook(join(ctx.app, nbName), CELLS, { name: kernel.name, display_name: kernel.spec.display_name, language: "typescript" });

  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const base = `http://127.0.0.1:${port}`;
  const server = startServer("/usr/bin/jupyter-notebook", [
    "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--notebook-dir=${ctx.app}`,
    `--NotebookApp.token=${token}`, "--NotebookApp.password=", "--allow-root",
  ], { cwd: ctx.app, env: ctx.jupyterEnv });
  let browser;
  try {
    await waitFor("the notebook server", async () => {
      if (server.child.exitCode !== null) throw new Error(`jupyter-notebook exited: ${server.log().slice(-1500)}`);
      return (await fetch(`${base}/api/status?token=${token}`)).ok;
    }, { ms: 60_000 });
    browser = await launchChromium();
    const page = await browser.newPage({ width: WIDTH, height: 900 });
    await page.navigate(`${base}/notebooks/${nbName}?token=${token}`);
    const kname = await waitFor("the notebook's kernel to connect", () =>
      page.eval("window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.name"), { ms: 120_000 });
    t.ok(kname === kernel.name, `the notebook opens with the ${kernel.name} kernel`, `kernel ${kname}`);

    // Cell > Run All, with mouse clicks
    await click(page, "#celllink");
    await waitFor("the Cell menu", () => page.eval(`(() => { const e = document.querySelector("#run_all_cells"); return e && e.getBoundingClientRect().height > 0; })()`), { ms: 10_000 });
    await click(page, "#run_all_cells > a");
    // done: the kernel indicator is idle for 3 s in a row and the first cell has its number
    // (cells a kernel never answers keep their "*" and are reported below)
    const idle = `(() => {
      const first = Jupyter.notebook.get_cells().find((c) => c.cell_type === "code");
      const icon = document.querySelector("#kernel_indicator_icon");
      return Boolean(Jupyter.notebook.kernel_busy === false && icon && icon.classList.contains("kernel_idle_icon") && first && Number.isInteger(first.input_prompt_number));
    })()`;
    try {
      await waitFor("Run All to finish (kernel idle)", async () => (await page.eval(idle)) && (await sleep(3000), page.eval(idle)), { ms: 300_000, everyMs: 500 });
    } catch (e) {
      t.ok(false, "Run All finishes (kernel idle) within 300 s", e.message);
    }

    // a viewport tall enough for the whole notebook (classic Notebook scrolls inside #site)
    const height = await page.eval(`Math.ceil(document.querySelector("#notebook-container").getBoundingClientRect().bottom + 40)`);
    await page.setViewport(WIDTH, Math.min(Math.max(height, 900), 12000));
    await sleep(800);
    const shot = join(ctx.artifacts, "notebook-ui.png");
    writeFileSync(shot, await page.screenshot());
    ctx.log(`screenshot ${shot}`);

    const state = await page.eval(`(() => {
      const cells = [...document.querySelectorAll(".cell.code_cell")];
      const box = (e) => { if (!e) return null; const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0 ? { x: b.left + scrollX, y: b.top + scrollY, width: b.width, height: b.height } : null; };
      const texts = cells.map((c) => c.querySelector(".output_wrapper")?.innerText.trim() ?? "");
      return {
        n: cells.length,
        prompts: Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code").map((c) => c.input_prompt_number ?? null),
        table: box(cells[${SUMMARY}]?.querySelector(".output_subarea table")?.closest(".output_subarea")),
        failing: { error: Boolean(cells[${FAILING}]?.querySelector(".output_error")), text: texts[${FAILING}].slice(0, 300) },
        after: texts[${AFTER}].slice(0, 300),
        outputs: texts.map((s) => s.slice(0, 120)),
      };
    })()`);
    t.ok(state.n === CELLS.length, `the page shows ${CELLS.length} code cells`, `${state.n} code cells`);
    t.ok(state.table, "the summary() output is a visible HTML table", `summary output: ${JSON.stringify(state.outputs[SUMMARY])}`);
    if (state.table) {
      const [r] = await inkOfRegions(browser, page, [{ cell: SUMMARY, tag: "tables", box: state.table }], ctx.artifacts, "notebook-ui-table");
      t.ok(r.nonBlank, `the summary table has visible text (${r.summary})`, r.summary);
    }
    const regions = await page.eval(plotRegionsScript(".cell.code_cell", ".output_subarea", [PLOT]));
    for (const r of await inkOfRegions(browser, page, regions, ctx.artifacts, "notebook-ui-plot")) {
      t.ok(r.box, "the plot output has a drawing element of nonzero size", `${r.why}; output text: ${JSON.stringify(state.outputs[PLOT])}`);
      if (r.box) t.ok(r.nonBlank, `the plot is visible (${r.summary})`, r.summary);
    }
    t.ok(state.failing.error && /NoSuchColumn/.test(state.failing.text), "the failing cell shows its error", JSON.stringify(state.failing));
    t.ok(state.after.length > 0, "the cell queued after the failing one is not left without output", `prompts ${JSON.stringify(state.prompts)}`);
    const noCount = state.prompts.filter((p, i) => i !== AFTER && !Number.isInteger(p)).length;
    t.ok(noCount === 0, "the cells up to the failing one show an execution count (In [n])", `prompts ${JSON.stringify(state.prompts)}`);
    t.ok(!state.prompts.includes("*"), "no cell is left pending (In [*]) after Run All", `prompts ${JSON.stringify(state.prompts)}`);
    ctx.log(`ui prompts after Run All: ${JSON.stringify(state.prompts)}`);
    if (page.console.length && t.failed.length) ctx.log(`page console: ${page.console.slice(0, 5).join(" | ")}`);
  } finally {
    await browser?.close();
    // shut the kernels down through the API (they run in their own sessions), then the server
    try {
      const kernels = await (await fetch(`${base}/api/kernels?token=${token}`)).json();
      for (const k of kernels) await fetch(`${base}/api/kernels/${k.id}?token=${token}`, { method: "DELETE" });
    } catch {
      /* server already gone */
    }
    await server.stop();
    writeFileSync(join(ctx.artifacts, "notebook-server.log"), server.log());
  }
}

/** Clicks the centre of the first element matching `selector` with real mouse events. */
async function click(page, selector) {
  const c = await page.eval(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; const b = e.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + b.height / 2 }; })()`);
  if (!c) throw new Error(`no ${selector} in the page`);
  for (const type of ["mouseMoved", "mousePressed", "mouseReleased"])
    await page.send("Input.dispatchMouseEvent", { type, x: c.x, y: c.y, button: type === "mouseMoved" ? "none" : "left", clickCount: type === "mouseMoved" ? 0 : 1 });
}
