/**
 * Error texts of `lme4ts kernel install | uninstall` (src/cli/kernel.ts): wrong flags, where to
 * install, and kernel specs that are not ours. Each names the culprit and says what to do.
 */
import { LmeError } from "./error.js";

/** An option the kernel command does not know. */
export function kernelUnknownOption(opt: string): never {
  throw new LmeError("usage", `unknown option '${opt}' (see \`lme4ts kernel --help\`)`);
}

/** An option given without its value. */
export function kernelMissingValue(opt: string): never {
  throw new LmeError("usage", `${opt} needs a value (see \`lme4ts kernel --help\`)`);
}

/** More than one of --user, --prefix, --sys-prefix. */
export function kernelTwoLocations(given: readonly string[]): never {
  throw new LmeError("usage", `choose one of --user, --prefix DIR, --sys-prefix (got ${given.join(" and ")})`);
}

/** A kernel name Jupyter would not accept. */
export function kernelBadName(name: string): never {
  throw new LmeError(
    "usage",
    `'${name}' is not a valid kernel name; use letters, digits, '.', '_' and '-' only (e.g. --name lme4ts-dev)`,
  );
}

/** `kernel` without install / uninstall. */
export function kernelUnknownAction(action: string | undefined): never {
  throw new LmeError(
    "usage",
    action === undefined
      ? "say what to do: `lme4ts kernel install` or `lme4ts kernel uninstall` (see `lme4ts kernel --help`)"
      : `unknown action '${action}'; use install or uninstall (see \`lme4ts kernel --help\`)`,
  );
}

/** --sys-prefix, but no Python interpreter (the one running `jupyter`, or python3) was found. */
export function kernelNoSysPrefix(): never {
  throw new LmeError(
    "usage",
    "--sys-prefix needs the Python environment of your Jupyter, but neither `jupyter` nor `python3` was found on PATH; " +
      "use --user, or --prefix DIR with the environment's prefix",
  );
}

/** A spec of that name exists and was not written by lme4ts: never replaced. */
export function kernelNotOurs(dir: string, name: string): never {
  throw new LmeError(
    "usage",
    `a kernel spec named '${name}' already exists in ${dir} and was not installed by lme4ts; ` +
      `it is left alone. Choose another name: --name ${name === "lme4ts" ? "lme4ts-2" : `${name}-lme4ts`}`,
  );
}

/** uninstall: nothing of that name there. */
export function kernelNotInstalled(dir: string): never {
  throw new LmeError("usage", `no kernel spec at ${dir} (nothing removed; use the same --name and location flags as for install)`);
}

/** The package's kernel entry point is missing (a broken install). */
export function kernelMainMissing(path: string): never {
  throw new LmeError("usage", `the kernel program ${path} is missing from this lme4ts install; reinstall lme4ts`);
}
