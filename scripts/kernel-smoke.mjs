#!/usr/bin/env node
/**
 * End-to-end check of the kernel's display and error handling: writes a small notebook into a
 * temporary folder outside the repository, installs the kernel spec into a temporary prefix
 * (kernel/install.mjs; a spec name of its own, nothing else is touched), executes the notebook
 * with `jupyter nbconvert --execute --allow-errors`, checks the outputs, then exports it with
 * nbconvert's *default* HTML template and checks that every plot is there as an `<img>` with an
 * SVG data URI (nbconvert ≥ 6.5 strips inline SVG).
 *
 *   node scripts/kernel-smoke.mjs [--keep]     # --keep: leave the folder (path printed)
 *
 * Needs a build (dist/) and Jupyter (jupyter-nbconvert, python3-nbclient, jupyter-client).
 * Checked: execution_count on every executed cell; a model as execute_result with text/html;
 * VarCorr() and summary() as tables; a plot with Vega-Lite v5 JSON, SVG and the <img>
 * fallback; `display()` of two values; a thrown LmeError, a thrown Error and a type error as
 * `error` outputs whose traceback has no dist/ or node_modules frames; cells after an error
 * still run (nbclient sends stop_on_error = false with --allow-errors).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const jupyter = process.env.JUPYTER ?? (spawnSync("sh", ["-c", "command -v /usr/bin/jupyter || command -v jupyter"], { encoding: "utf8" }).stdout.trim().split("\n")[0] || "jupyter");
const dir = mkdtempSync(join(tmpdir(), "lme4ts-smoke-"));
const name = "lme4ts-smoke";

const cells = [
  `import { lmer, datasets, plots, display } from "lme4ts";\nconst fm = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());`,
  `fm`,
  `fm.VarCorr()`,
  `plots.caterpillar(fm.ranef({ condVar: true })[0])`,
  `lmer("Reaction ~ Nope + (1 | Subject)", datasets.sleepstudy())`,
  `throw new Error("boom")`,
  `const bad: number = "text";`,
  `await display(fm.summary(), plots.qqRanef(fm.ranef({ condVar: true })[0]))`,
  `display(fm.VarCorr())`,
  `1 + 1`,
];
const nb = {
  cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
  metadata: { kernelspec: { name, display_name: "TypeScript (lme4ts)", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
};

const problems = [];
const expect = (ok, what) => {
  if (!ok) problems.push(what);
};
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r;
}

try {
  writeFileSync(join(dir, "smoke.ipynb"), JSON.stringify(nb, null, 1));
  const prefix = join(dir, "prefix");
  // the package's command when it has one (`lme4ts kernel install`), else the repository's installer
  const installer = join(root, "kernel", "install.mjs");
  if (existsSync(installer)) run(process.execPath, [installer, `--prefix=${prefix}`, `--name=${name}`]);
  else run(process.execPath, [join(root, "dist", "cli", "main.js"), "kernel", "install", "--prefix", prefix, "--name", name]);
  const env = { JUPYTER_PATH: join(prefix, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  const t0 = Date.now();
  run(jupyter, ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", `--ExecutePreprocessor.kernel_name=${name}`, "--ExecutePreprocessor.timeout=300", "smoke.ipynb", "--output", "executed.ipynb"], env);
  const seconds = (Date.now() - t0) / 1000;
  const out = JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8")).cells;
  const outputs = (i, type) => out[i].outputs.filter((o) => o.output_type === type);
  const text = (v) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

  out.forEach((c, i) => expect(c.execution_count === i + 1, `cell ${i + 1}: execution_count ${c.execution_count}, expected ${i + 1}`));
  const model = outputs(1, "execute_result")[0];
  expect(model?.execution_count === 2 && text(model.data["text/html"]).includes("Random effects"), "cell 2: the model as an execute_result with an HTML summary");
  expect(/Residual\s+25\.59/.test(text(outputs(2, "execute_result")[0]?.data["text/plain"])) && text(outputs(2, "execute_result")[0]?.data["text/html"]).includes("<table"), "cell 3: VarCorr() as a table");
  const plot = outputs(3, "execute_result")[0]?.data ?? {};
  expect(plot["application/vnd.vegalite.v5+json"]?.$schema === "https://vega.github.io/schema/vega-lite/v5.json", "cell 4: Vega-Lite v5 JSON");
  expect(/^<svg[^>]*role="img"/.test(text(plot["image/svg+xml"])), "cell 4: an accessible SVG");
  expect(/^<img src="data:image\/svg\+xml;base64,/.test(text(plot["text/markdown"])), "cell 4: the <img> SVG data URI");
  const errs = [4, 5, 6].map((i) => outputs(i, "error")[0]);
  expect(errs[0]?.ename === "LmeError" && /no column "Nope"/.test(errs[0].evalue), "cell 5: an LmeError output naming the column");
  expect(errs[1]?.ename === "Error" && errs[1].evalue === "boom", "cell 6: an Error output");
  expect(errs[2]?.ename === "CompileError" && /not assignable/.test(errs[2].evalue), "cell 7: a CompileError output");
  for (const e of errs.filter(Boolean)) expect(!e.traceback.some((l) => /[\\/](dist|node_modules)[\\/]|node:internal/.test(l)), `traceback without internals: ${e.traceback.join(" | ")}`);
  const shown = outputs(7, "display_data");
  expect(shown.length === 2 && text(shown[0].data["text/html"]).includes("Fixed effects") && shown[1].data["image/svg+xml"] !== undefined, "cell 8: display() of a summary and a plot");
  expect(outputs(8, "display_data").length === 1 && out[8].outputs.length === 1, "cell 9: display() without await: the table, and no printed promise");
  expect(text(outputs(9, "stream")[0]?.text) === "2\n", "cell 10: runs after the failing cells");

  run(jupyter, ["nbconvert", "--to", "html", "executed.ipynb", "--output", "executed.html"], env);
  const html = readFileSync(join(dir, "executed.html"), "utf8");
  const imgs = html.match(/<img src="data:image\/svg\+xml;base64,/g)?.length ?? 0;
  expect(imgs === 2, `default nbconvert HTML: ${imgs} plot <img> data URIs, expected 2`);
  if (problems.length) {
    console.error(`kernel smoke test FAILED (${dir}):\n- ${problems.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log(`kernel smoke test: ok (${cells.length} cells in ${seconds.toFixed(1)} s; ${imgs} plots in the default HTML export)`);
} finally {
  if (keep || process.exitCode) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
