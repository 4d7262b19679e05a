#!/usr/bin/env node
/**
 * Installs the lme4ts TypeScript kernel spec (name "tslab", so notebooks also open with a stock
 * tslab kernel, minus rich display). Usage:
 *
 *   node kernel/install.mjs                 # into <repo>/node_modules/.jupyter-prefix (default)
 *   node kernel/install.mjs --prefix=DIR    # into DIR/share/jupyter/kernels/tslab
 *   node kernel/install.mjs --user          # into Jupyter's per-user kernel folder
 *
 * With --user (or --jupyter), Jupyter's own `jupyter kernelspec install` is used and must be on
 * PATH (or at /usr/bin/jupyter). Otherwise the spec is written directly, which needs no Python.
 * Run notebooks against a prefix with JUPYTER_PATH=<prefix>/share/jupyter.
 */
import { mkdirSync, writeFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");
const args = process.argv.slice(2);
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const user = args.includes("--user");
const name = opt("name") ?? "tslab";

const spec = {
  argv: [
    process.execPath,
    "--disable-warning=ExperimentalWarning",
    "--experimental-import-meta-resolve",
    join(here, "main.mjs"),
    "--config-path",
    "{connection_file}",
  ],
  display_name: "TypeScript (lme4ts)",
  language: "typescript",
  metadata: { lme4ts: { repo: repoRoot } },
};

function findJupyter() {
  for (const cmd of ["jupyter", "/usr/bin/jupyter"]) {
    const r = spawnSync(cmd, ["--version"], { stdio: "ignore" });
    if (r.status === 0) return cmd;
  }
  return null;
}

if (user || args.includes("--jupyter")) {
  const jupyter = findJupyter();
  if (!jupyter) {
    console.error("kernel:install: `jupyter` was not found; install Jupyter (Debian: apt-get install jupyter-client python3-ipykernel) or omit --user to install into a project-local prefix.");
    process.exit(1);
  }
  const tmp = mkdtempSync(join(tmpdir(), "lme4ts-kernel-"));
  writeFileSync(join(tmp, "kernel.json"), JSON.stringify(spec, null, 1));
  const where = user ? ["--user"] : ["--prefix", resolve(opt("prefix") ?? join(repoRoot, "node_modules", ".jupyter-prefix"))];
  const r = spawnSync(jupyter, ["kernelspec", "install", tmp, "--name", name, "--replace", ...where], { stdio: "inherit" });
  rmSync(tmp, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

const prefix = resolve(opt("prefix") ?? join(repoRoot, "node_modules", ".jupyter-prefix"));
const dir = join(prefix, "share", "jupyter", "kernels", name);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
console.log(`Installed kernel spec '${name}' in ${dir}`);
console.log(`Use it with: JUPYTER_PATH=${join(prefix, "share", "jupyter")} jupyter lab   (or nbconvert --ExecutePreprocessor.kernel_name=${name})`);
if (!existsSync(join(repoRoot, "dist", "index.js"))) console.log("Note: build the package first (npm run build) so notebooks can import lme4ts.");
