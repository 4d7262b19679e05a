/**
 * `lme4ts kernel install | uninstall`: registers the lme4ts notebook kernel (`kernel/main.mjs`,
 * shipped in the package) with Jupyter by writing its kernel spec directly, so no Python is
 * needed for --user and --prefix:
 *
 *   <location>/kernels/<name>/kernel.json
 *
 * where `<location>` is Jupyter's per-user data folder (--user, the default), `DIR/share/jupyter`
 * (--prefix DIR), or `sys.prefix/share/jupyter` of the Python that runs `jupyter` (--sys-prefix).
 * The spec is named `lme4ts`, displayed as "TypeScript (lme4ts)", and its argv runs the kernel
 * with the absolute path of the node running this command. A spec of the same name that lme4ts
 * did not write (no `metadata.lme4ts`) is never replaced or removed. The kernel runs on tslab,
 * an optional peer dependency: install refuses, naming the npm command, when it is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  kernelBadName, kernelMainMissing, kernelMissingValue, kernelNoSysPrefix, kernelNotInstalled,
  kernelNotOurs, kernelTwoLocations, kernelUnknownAction, kernelUnknownOption,
} from "../messages/kernel.js";
import { tslabUnavailable } from "../messages/packages.js";

/** The kernel spec name and display name used unless --name / --display-name say otherwise. */
export const DEFAULT_KERNEL_NAME = "lme4ts";
export const DEFAULT_DISPLAY_NAME = "TypeScript (lme4ts)";

export const KERNEL_HELP = `usage: lme4ts kernel install   [--user | --prefix DIR | --sys-prefix] [--name NAME] [--display-name TEXT]
       lme4ts kernel uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]

Registers (or removes) the lme4ts TypeScript notebook kernel with Jupyter. The kernel needs
tslab next to lme4ts (npm install tslab); plots need vega and vega-lite (npm install vega vega-lite).

  --user             Jupyter's per-user kernels folder (the default): ~/.local/share/jupyter on
                     Linux, ~/Library/Jupyter on macOS, %APPDATA%\\jupyter on Windows
                     (JUPYTER_DATA_DIR overrides it, as in Jupyter)
  --prefix DIR       DIR/share/jupyter/kernels (a virtualenv, conda env, or a folder you put on
                     JUPYTER_PATH: JUPYTER_PATH=DIR/share/jupyter jupyter lab)
  --sys-prefix       the prefix of the Python environment that runs \`jupyter\` (else python3)
  --name NAME        spec name (default ${DEFAULT_KERNEL_NAME}); pick this kernel with
                     --ExecutePreprocessor.kernel_name=NAME or in the notebook's kernel menu
  --display-name T   name shown in the kernel menu (default "${DEFAULT_DISPLAY_NAME}")

A spec of the same name that lme4ts did not install is never replaced or removed.`;

/** Parsed `kernel` arguments. */
export interface KernelArgs {
  readonly action: "install" | "uninstall" | "help";
  readonly location: { readonly kind: "user" } | { readonly kind: "prefix"; readonly dir: string } | { readonly kind: "sys-prefix" };
  readonly name: string;
  readonly displayName: string;
}

/** Parses the arguments after `lme4ts kernel`. Flags take `--flag value` or `--flag=value`. */
export function parseKernelArgs(argv: readonly string[]): KernelArgs {
  const [action, ...rest] = argv;
  if (action === "--help" || action === "-h" || action === "help") return { action: "help", location: { kind: "user" }, name: DEFAULT_KERNEL_NAME, displayName: DEFAULT_DISPLAY_NAME };
  if (action !== "install" && action !== "uninstall") return kernelUnknownAction(action);
  let name = DEFAULT_KERNEL_NAME;
  let displayName = DEFAULT_DISPLAY_NAME;
  const locations: KernelArgs["location"][] = [];
  const given: string[] = [];
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const eq = rest[i].indexOf("=");
    const flag = rest[i].startsWith("--") && eq > 0 ? rest[i].slice(0, eq) : rest[i];
    const inline = flag !== rest[i] ? rest[i].slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === "") return kernelMissingValue(flag);
      return v;
    };
    switch (flag) {
      case "--user": locations.push({ kind: "user" }); given.push(flag); break;
      case "--sys-prefix": locations.push({ kind: "sys-prefix" }); given.push(flag); break;
      case "--prefix": locations.push({ kind: "prefix", dir: resolve(value()) }); given.push(flag); break;
      case "--name": name = value(); break;
      case "--display-name": displayName = value(); break;
      case "--help": case "-h": help = true; break;
      default: return kernelUnknownOption(rest[i]);
    }
  }
  if (locations.length > 1) kernelTwoLocations(given);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) kernelBadName(name);
  return { action: help ? "help" : action, location: locations[0] ?? { kind: "user" }, name, displayName };
}

/** Jupyter's per-user data folder (jupyter_core's `jupyter_data_dir()`). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  if (platform === "win32") return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "jupyter");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "jupyter");
}

/** The first executable named `cmd` on PATH, or undefined. */
function onPath(cmd: string): string | undefined {
  for (const d of (process.env.PATH ?? "").split(delimiter)) {
    if (d && existsSync(join(d, cmd))) return join(d, cmd);
  }
  return undefined;
}

/** sys.prefix of the Python that runs `jupyter` (read from its #! line), else of python3. */
function sysPrefix(): string {
  const pythons: string[] = [];
  const jupyter = onPath("jupyter");
  if (jupyter) {
    const first = readFileSync(jupyter, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m) pythons.push(...(m[1].endsWith("/env") && m[2] ? [m[2]] : [m[1]]));
  }
  pythons.push("python3", "python");
  for (const py of pythons) {
    const r = spawnSync(py, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return kernelNoSysPrefix();
}

/** The `share/jupyter`-level data folder for a location. */
export function dataDir(loc: KernelArgs["location"]): string {
  switch (loc.kind) {
    case "user": return userDataDir();
    case "prefix": return join(loc.dir, "share", "jupyter");
    case "sys-prefix": return join(sysPrefix(), "share", "jupyter");
  }
}

/** This package's root folder (dist/cli/kernel.js → ../..). */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/** The kernel spec written for this package, run by this node. */
export function kernelSpec(root: string, displayName: string, version: string): Record<string, unknown> {
  return {
    argv: [
      process.execPath,
      "--disable-warning=ExperimentalWarning",
      "--experimental-import-meta-resolve",
      join(root, "kernel", "main.mjs"),
      "--config-path",
      "{connection_file}",
    ],
    display_name: displayName,
    language: "typescript",
    metadata: { lme4ts: { version, package: root } },
  };
}

/** True when `dir/kernel.json` was written by lme4ts (has `metadata.lme4ts`). */
function isOurs(dir: string): boolean {
  try {
    const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")) as { metadata?: { lme4ts?: unknown } };
    return typeof spec.metadata?.lme4ts === "object" && spec.metadata.lme4ts !== null;
  } catch {
    return false;
  }
}

/** Runs `lme4ts kernel …`; returns the exit code. Errors are LmeErrors (printed by main). */
export function kernelCommand(argv: readonly string[], version: string, out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const a = parseKernelArgs(argv);
  if (a.action === "help") {
    out(KERNEL_HELP + "\n");
    return 0;
  }
  const root = packageRoot();
  const kernelsDir = join(dataDir(a.location), "kernels");
  const dir = join(kernelsDir, a.name);
  if (a.action === "uninstall") {
    if (!existsSync(dir)) return kernelNotInstalled(dir);
    if (!isOurs(dir)) return kernelNotOurs(kernelsDir, a.name);
    rmSync(dir, { recursive: true, force: true });
    out(`Removed kernel spec '${a.name}' from ${dir}\n`);
    return 0;
  }
  const main = join(root, "kernel", "main.mjs");
  if (!existsSync(main)) return kernelMainMissing(main);
  try {
    createRequire(join(root, "package.json")).resolve("tslab/package.json");
  } catch {
    return tslabUnavailable();
  }
  if (existsSync(dir) && !isOurs(dir)) return kernelNotOurs(kernelsDir, a.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelSpec(root, a.displayName, version), null, 1) + "\n");
  out(`Installed kernel spec '${a.name}' ("${a.displayName}") in ${dir}\n`);
  if (a.location.kind === "prefix") out(`Jupyter finds it with JUPYTER_PATH=${join(a.location.dir, "share", "jupyter")} (unless that prefix is Jupyter's own environment)\n`);
  out(`Pick "${a.displayName}" in the kernel menu, or run with --ExecutePreprocessor.kernel_name=${a.name}\n`);
  return 0;
}
