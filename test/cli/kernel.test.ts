/**
 * `lme4ts kernel install | uninstall` (src/cli/kernel.ts): flags, Jupyter's per-user folder on
 * each platform, the spec written into a prefix, and that foreign specs are never touched.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelCommand, parseKernelArgs, userDataDir, packageRoot } from "../../src/cli/kernel.js";
import { lmeErrorOf } from "../helpers.js";

describe("parseKernelArgs", () => {
  it("defaults to --user, name lme4ts, display name TypeScript (lme4ts)", () => {
    expect(parseKernelArgs(["install"])).toEqual({ action: "install", location: { kind: "user" }, name: "lme4ts", displayName: "TypeScript (lme4ts)" });
  });
  it("takes --prefix DIR and --prefix=DIR, --name, --display-name", () => {
    const a = parseKernelArgs(["install", "--prefix", "/tmp/p", "--name=lme4ts-dev", "--display-name", "TS dev"]);
    expect(a.location).toEqual({ kind: "prefix", dir: "/tmp/p" });
    expect(a.name).toBe("lme4ts-dev");
    expect(a.displayName).toBe("TS dev");
    expect(parseKernelArgs(["uninstall", "--prefix=/tmp/q"]).location).toEqual({ kind: "prefix", dir: "/tmp/q" });
    expect(parseKernelArgs(["install", "--sys-prefix"]).location).toEqual({ kind: "sys-prefix" });
  });
  it("rejects two locations, unknown options, missing values, bad names and unknown actions", () => {
    expect(lmeErrorOf(() => parseKernelArgs(["install", "--user", "--sys-prefix"])).message).toMatch(/choose one of --user, --prefix DIR, --sys-prefix \(got --user and --sys-prefix\)/);
    expect(lmeErrorOf(() => parseKernelArgs(["install", "--replace"])).message).toMatch(/unknown option '--replace'/);
    expect(lmeErrorOf(() => parseKernelArgs(["install", "--prefix"])).message).toMatch(/--prefix needs a value/);
    expect(lmeErrorOf(() => parseKernelArgs(["install", "--name", "my kernel"])).message).toMatch(/'my kernel' is not a valid kernel name/);
    expect(lmeErrorOf(() => parseKernelArgs(["add"])).message).toMatch(/unknown action 'add'; use install or uninstall/);
    expect(lmeErrorOf(() => parseKernelArgs([])).message).toMatch(/lme4ts kernel install/);
  });
});

describe("userDataDir (jupyter_core's jupyter_data_dir)", () => {
  it("Linux: XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter", () => {
    expect(userDataDir({}, "linux", "/home/u")).toBe("/home/u/.local/share/jupyter");
    expect(userDataDir({ XDG_DATA_HOME: "/x" }, "linux", "/home/u")).toBe("/x/jupyter");
  });
  it("macOS ~/Library/Jupyter; Windows %APPDATA%/jupyter; JUPYTER_DATA_DIR wins", () => {
    expect(userDataDir({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Jupyter");
    expect(userDataDir({ APPDATA: "/c/AppData/Roaming" }, "win32", "/c")).toBe(join("/c/AppData/Roaming", "jupyter"));
    expect(userDataDir({ JUPYTER_DATA_DIR: "/j" }, "darwin", "/Users/u")).toBe("/j");
  });
});

describe("kernelCommand with --prefix", () => {
  const run = (argv: string[]) => {
    let text = "";
    const code = kernelCommand(argv, "9.9.9", (s) => (text += s));
    return { code, text };
  };

  it("writes kernel.json (this node, the package's kernel/main.mjs), updates its own spec, uninstalls it", () => {
    const prefix = mkdtempSync(join(tmpdir(), "lme4ts-kernel-"));
    try {
      const r = run(["install", "--prefix", prefix]);
      expect(r.code).toBe(0);
      const dir = join(prefix, "share", "jupyter", "kernels", "lme4ts");
      expect(r.text).toContain(dir);
      const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
      expect(spec.display_name).toBe("TypeScript (lme4ts)");
      expect(spec.language).toBe("typescript");
      expect(spec.argv[0]).toBe(process.execPath);
      expect(spec.argv).toContain(join(packageRoot(), "kernel", "main.mjs"));
      expect(existsSync(join(packageRoot(), "kernel", "main.mjs"))).toBe(true);
      expect(spec.argv.slice(-2)).toEqual(["--config-path", "{connection_file}"]);
      expect(spec.metadata.lme4ts.version).toBe("9.9.9");
      // a second install replaces our own spec
      expect(run(["install", "--prefix", prefix, "--display-name", "TS (lme4ts, new)"]).code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")).display_name).toBe("TS (lme4ts, new)");
      expect(run(["uninstall", "--prefix", prefix]).code).toBe(0);
      expect(existsSync(dir)).toBe(false);
      expect(lmeErrorOf(() => run(["uninstall", "--prefix", prefix])).message).toMatch(/no kernel spec at .*lme4ts/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("never replaces or removes a spec of the same name that lme4ts did not write", () => {
    const prefix = mkdtempSync(join(tmpdir(), "lme4ts-kernel-"));
    try {
      const dir = join(prefix, "share", "jupyter", "kernels", "tslab");
      mkdirSync(dir, { recursive: true });
      const foreign = JSON.stringify({ argv: ["tslab", "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" });
      writeFileSync(join(dir, "kernel.json"), foreign);
      expect(lmeErrorOf(() => run(["install", "--prefix", prefix, "--name", "tslab"])).message).toMatch(/named 'tslab' already exists .* not installed by lme4ts.*--name tslab-lme4ts/);
      expect(lmeErrorOf(() => run(["uninstall", "--prefix", prefix, "--name", "tslab"])).message).toMatch(/not installed by lme4ts/);
      expect(readFileSync(join(dir, "kernel.json"), "utf8")).toBe(foreign);
      // the default name is still free
      expect(run(["install", "--prefix", prefix]).code).toBe(0);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
