/**
 * Jupyter's command-line tools, run with the harness's private Jupyter environment
 * (`ctx.jupyterEnv`): execute a notebook through a kernel with `nbconvert --execute
 * --allow-errors`, and convert an executed notebook to HTML with nbconvert's default template.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { codeCells, errorsOf, writeNotebook } from "./ipynb.mjs";
import { runOk } from "./proc.mjs";

export const JUPYTER = "/usr/bin/jupyter";

/**
 * Executes `notebook` (its own folder is the kernel's working directory) with kernel `kernel`;
 * writes `<work>/out/<name>.ipynb` (copied to the artifacts folder) and resolves to its path.
 * Cell errors do not stop the run (`--allow-errors`); a kernel that dies or a cell that takes
 * longer than `cellTimeout` seconds makes nbconvert fail, which rejects.
 */
export async function executeNotebook(ctx, notebook, kernel, { cellTimeout = 300 } = {}) {
  const outDir = join(ctx.work, "out");
  mkdirSync(outDir, { recursive: true });
  const name = basename(notebook, ".ipynb");
  const out = join(outDir, `${name}.ipynb`);
  rmSync(out, { force: true });
  const r = await runOk(JUPYTER, [
    "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
    `--ExecutePreprocessor.kernel_name=${kernel}`, `--ExecutePreprocessor.timeout=${cellTimeout}`,
    "--ExecutePreprocessor.startup_timeout=120",
    notebook, "--output-dir", outDir, "--output", `${name}.ipynb`,
  ], { cwd: dirname(notebook), env: ctx.jupyterEnv, timeoutMs: 900_000 });
  if (!existsSync(out)) throw new Error(`nbconvert wrote no ${out}:\n${r.stderr.slice(-2000)}`);
  copyFileSync(out, join(ctx.artifacts, `${name}.ipynb`));
  return out;
}

/**
 * `jupyter nbconvert --to html` with the default template and no options, as a user would run
 * it; resolves to the HTML file (also copied to the artifacts folder).
 */
export async function toHtml(ctx, executed) {
  const outDir = dirname(executed);
  const name = basename(executed, ".ipynb");
  const html = join(outDir, `${name}.html`);
  rmSync(html, { force: true });
  await runOk(JUPYTER, ["nbconvert", "--to", "html", executed], { cwd: outDir, env: ctx.jupyterEnv, timeoutMs: 300_000 });
  if (!existsSync(html)) throw new Error(`nbconvert --to html wrote no ${html}`);
  copyFileSync(html, join(ctx.artifacts, `${name}.html`));
  return html;
}

/**
 * Writes `cells` as `<app>/<name>.ipynb` for kernel spec `kernel` ({ name, display_name }),
 * executes it, requires (in `t`) that no cell fails, and resolves to the executed code cells.
 */
export async function runCells(ctx, t, name, cells, kernel) {
  const nb = join(ctx.app, `${name}.ipynb`);
  writeNotebook(nb, cells, { ...kernel, language: "typescript" });
  const executed = codeCells(await executeNotebook(ctx, nb, kernel.name));
  const errors = errorsOf(executed);
  t.ok(errors.length === 0, `no cell fails under ${kernel.display_name}`, errors.join("; "));
  return executed;
}
