/**
 * The environment of the end-to-end checks, set up once and shared (each step memoised):
 *
 * - Debian packages (installed with apt-get when missing, as root or with passwordless sudo):
 *   chromium, the classic notebook server, nbconvert/nbclient/jupyter_client/ipykernel.
 * - The package under test: `npm pack` of this repository (built first when dist/ is missing).
 * - A user's fresh project outside the repository (`<work>/app`): `npm install <tarball>` plus
 *   the optional peers a notebook user adds (tslab for the kernel, vega + vega-lite for plots).
 * - Kernel specs in one private Jupyter prefix (`<work>/jupyter`): lme4ts's own, installed with
 *   `npx lme4ts kernel install --prefix`, Deno's and stock tslab's.
 * - An environment for Jupyter processes that sees only that prefix (own config, data and
 *   runtime folders) and no npm/repository variables, so nothing from this checkout leaks in.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { killMatchingOnExit, run, runOk } from "./proc.mjs";

/** Debian packages the harness needs, by the command or module that shows they are there. */
export const DEBIAN_PACKAGES = ["chromium", "fonts-liberation", "jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel"];

/** Versions of npm packages the harness installs into its temp folders. */
export const NPM_TOOLS = { deno: "2.9.6" };

/** Creates the shared context: folders, a clean environment, memoised setup steps. */
export function createContext({ root, work, artifacts, log, reuse = false }) {
  const jupyterPrefix = join(work, "jupyter");
  for (const d of [work, artifacts, jupyterPrefix, join(work, "jconf"), join(work, "jdata"), join(work, "jrun")]) mkdirSync(d, { recursive: true });

  // A clean environment: no npm_* variables of an enclosing `npm test`, and no node_modules/.bin
  // of this repository on PATH (the user's project must work on its own).
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_|^INIT_CWD$|^NODE_OPTIONS$|^JUPYTER|^VITEST/.test(k)) env[k] = v;
  env.PATH = (process.env.PATH ?? "").split(delimiter).filter((p) => !p.includes("node_modules")).join(delimiter);
  env.npm_config_update_notifier = "false";
  env.npm_config_fund = "false";
  env.npm_config_audit = "false";
  const jupyterEnv = {
    ...env,
    JUPYTER_PATH: join(jupyterPrefix, "share", "jupyter"),
    JUPYTER_CONFIG_DIR: join(work, "jconf"),
    JUPYTER_DATA_DIR: join(work, "jdata"),
    JUPYTER_RUNTIME_DIR: join(work, "jrun"),
    IPYTHONDIR: join(work, "ipython"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };

  // kernels left by an interrupted run (they name their connection file in jrun/) die with us
  killMatchingOnExit(jupyterEnv.JUPYTER_RUNTIME_DIR);

  const memo = new Map();
  const once = (key, fn) => {
    if (!memo.has(key)) memo.set(key, fn());
    return memo.get(key);
  };
  // --reuse (development): a step whose product is already in the work folder is not redone
  const reusing = (path) => reuse && existsSync(path);
  const ctx = {
    root, work, artifacts, log, env, jupyterEnv, jupyterPrefix,
    app: join(work, "app"),
    notes: [],

    /** Installs the missing Debian packages (idempotent). */
    debian: () => once("debian", () => ensureDebian(DEBIAN_PACKAGES, env, log)),

    /** `npm pack` of the repository; resolves to the tarball's path. */
    tarball: () => once("pack", async () => {
      if (!existsSync(join(root, "dist", "index.js"))) {
        log("building (dist/ is missing)");
        await runOk("npm", ["run", "--silent", "build"], { cwd: root, env, timeoutMs: 600_000 });
      }
      const dest = join(work, "pack");
      mkdirSync(dest, { recursive: true });
      const r = await runOk("npm", ["pack", "--silent", "--pack-destination", dest], { cwd: root, env, timeoutMs: 300_000 });
      const file = join(dest, r.stdout.trim().split("\n").pop().trim());
      if (!existsSync(file)) throw new Error(`npm pack wrote no ${file}`);
      log(`packed ${file}`);
      return file;
    }),

    /**
     * The user's fresh project: `npm install <tarball> tslab vega vega-lite` in `<work>/app`
     * (a package.json with no overrides). Resolves to its folder.
     */
    installApp: () => once("app", async () => {
      if (reusing(join(ctx.app, "node_modules", "lme4ts"))) return ctx.app;
      const tgz = await ctx.tarball();
      mkdirSync(ctx.app, { recursive: true });
      writeFileSync(join(ctx.app, "package.json"), JSON.stringify({ name: "e2e-user-project", version: "1.0.0", private: true, type: "module" }, null, 2) + "\n");
      const r = await runOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tgz, "tslab", "vega", "vega-lite"], { cwd: ctx.app, env, timeoutMs: 900_000 });
      log(`npm install <tarball> tslab vega vega-lite in ${ctx.app}: ${(r.ms / 1000).toFixed(0)} s`);
      return ctx.app;
    }),

    /**
     * lme4ts's kernel spec, from the installed package: `npx lme4ts kernel install --prefix DIR`.
     * Resolves to { name, dir, command } of the installed spec.
     */
    lme4tsKernel: () => once("kernel", async () => {
      await ctx.installApp();
      const dir = join(jupyterPrefix, "share", "jupyter", "kernels", "lme4ts");
      if (reusing(join(dir, "kernel.json"))) return { name: "lme4ts", dir, spec: JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")) };
      const r = await runOk("npx", ["--no", "lme4ts", "kernel", "install", "--prefix", jupyterPrefix], { cwd: ctx.app, env, timeoutMs: 120_000 });
      if (!existsSync(join(dir, "kernel.json")))
        throw new Error(`\`npx lme4ts kernel install --prefix ${jupyterPrefix}\` wrote no ${dir}/kernel.json; it printed:\n${r.stdout}${r.stderr}`);
      return { name: "lme4ts", dir, spec: JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")) };
    }),

    /**
     * Deno's Jupyter kernel from the `deno` npm package (it ships the binary). `deno jupyter
     * --install` writes only into $HOME's Jupyter folder, so it runs with HOME set to a temp
     * folder and the spec is copied into the private prefix, with DENO_DIR pointing into the
     * work folder. Resolves to the kernel name.
     */
    denoKernel: () => once("deno", async () => {
      if (reusing(join(jupyterPrefix, "share", "jupyter", "kernels", "deno", "kernel.json"))) return "deno";
      const tools = join(work, "tools");
      mkdirSync(tools, { recursive: true });
      if (!existsSync(join(tools, "package.json"))) writeFileSync(join(tools, "package.json"), '{ "name": "e2e-tools", "private": true }\n');
      await runOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `deno@${NPM_TOOLS.deno}`], { cwd: tools, env, timeoutMs: 600_000 });
      const deno = join(tools, "node_modules", ".bin", "deno");
      const home = join(work, "deno-home");
      mkdirSync(home, { recursive: true });
      await runOk(deno, ["jupyter", "--install", "--force"], { cwd: tools, env: { ...env, HOME: home }, timeoutMs: 120_000 });
      const src = join(home, ".local", "share", "jupyter", "kernels", "deno");
      if (!existsSync(join(src, "kernel.json"))) throw new Error(`deno jupyter --install wrote no ${src}/kernel.json`);
      const dir = join(jupyterPrefix, "share", "jupyter", "kernels", "deno");
      cpSync(src, dir, { recursive: true });
      const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
      spec.env = { DENO_DIR: join(work, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
      writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
      return "deno";
    }),

    /** Stock tslab's kernel spec from the user's project (`tslab install --prefix`). */
    tslabKernel: () => once("tslab", async () => {
      await ctx.installApp();
      if (reusing(join(jupyterPrefix, "share", "jupyter", "kernels", "tslab", "kernel.json"))) return "tslab";
      const bin = join(ctx.app, "node_modules", ".bin", "tslab");
      await runOk(bin, ["install", `--prefix=${jupyterPrefix}`, "--python=/usr/bin/python3", `--binary=${bin}`], { cwd: ctx.app, env, timeoutMs: 120_000 });
      const dir = join(jupyterPrefix, "share", "jupyter", "kernels", "tslab");
      if (!existsSync(join(dir, "kernel.json"))) throw new Error(`tslab install wrote no ${dir}/kernel.json`);
      return "tslab";
    }),

    /** The kernel specs Jupyter sees with `jupyterEnv` (for diagnostics). */
    async kernelspecs() {
      const r = await run("/usr/bin/jupyter", ["kernelspec", "list", "--json"], { env: jupyterEnv, timeoutMs: 60_000 });
      try {
        return Object.keys(JSON.parse(r.stdout).kernelspecs);
      } catch {
        return readdirSync(join(jupyterPrefix, "share", "jupyter", "kernels"));
      }
    },
  };
  return ctx;
}

/** apt-get installs the packages of `pkgs` that dpkg does not report as installed. */
async function ensureDebian(pkgs, env, log) {
  const missing = [];
  for (const p of pkgs) {
    const r = await run("dpkg-query", ["-W", "-f=${Status}", p], { env, timeoutMs: 30_000 }).catch(() => ({ stdout: "" }));
    if (!r.stdout.includes("install ok installed")) missing.push(p);
  }
  if (missing.length === 0) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = root ? [] : (await run("sudo", ["-n", "true"], { env, timeoutMs: 10_000 }).catch(() => ({ code: 1 }))).code === 0 ? ["sudo", "-n"] : null;
  if (sudo === null) throw new Error(`missing Debian packages: ${missing.join(" ")}; install them as root: apt-get install -y ${missing.join(" ")}`);
  log(`apt-get install ${missing.join(" ")}`);
  const apt = (args) => (sudo.length ? runOk(sudo[0], [...sudo.slice(1), "apt-get", ...args], { env: aptEnv(env), timeoutMs: 1_500_000 }) : runOk("apt-get", args, { env: aptEnv(env), timeoutMs: 1_500_000 }));
  const lock = ["-o", "DPkg::Lock::Timeout=900"];
  await apt([...lock, "update", "-qq"]);
  await apt([...lock, "install", "-y", "-qq", ...missing]);
}
const aptEnv = (env) => ({ ...env, DEBIAN_FRONTEND: "noninteractive" });

