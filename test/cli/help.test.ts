/**
 * The `lme4ts` command's help and version (src/cli/help.ts, run through the built dist/cli/main.js:
 * `npm run build` first, as scripts/test.sh does), and that `fit --help` lists every flag that
 * src/cli/args.ts parses.
 */
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { FIT_HELP, MAIN_HELP, packageVersion } from "../../src/cli/help.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url);
/** Runs the built CLI without blocking the test worker (exit status, stdout, stderr). */
const run = (...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
  if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
  return new Promise((done) => {
    execFile(process.execPath, [cli.pathname, ...args], { encoding: "utf8" }, (err, stdout, stderr) =>
      done({ status: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
};

describe("lme4ts --help / --version", () => {
  it("--version prints package.json's version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(packageVersion()).toBe(pkg.version);
    const r = await run("--version");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
  it("--help lists the commands; fit --help and kernel --help their flags", async () => {
    const r = await run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(MAIN_HELP);
    for (const c of ["fit", "kernel install", "kernel uninstall", "--version"]) expect(MAIN_HELP).toContain(c);
    const f = await run("fit", "--help");
    expect(f.status).toBe(0);
    expect(f.stdout.trim()).toBe(FIT_HELP);
    const k = await run("kernel", "--help");
    expect(k.status).toBe(0);
    for (const flag of ["--user", "--prefix DIR", "--sys-prefix", "--name NAME", "--display-name"]) expect(k.stdout).toContain(flag);
  });
  it("an unknown subcommand is one line on stderr and exit 1", async () => {
    const r = await run("fitt");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual(["lme4ts: unknown command 'fitt' (commands: fit, kernel; see `lme4ts --help`)"]);
  });
  it("fit --help names every option that args.ts parses", () => {
    const src = readFileSync(new URL("../../src/cli/args.ts", import.meta.url), "utf8");
    const flags = [...src.matchAll(/case "(--[a-z-]+)"/g)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(FIT_HELP, flag).toMatch(new RegExp(`^\\s+${flag}\\b`, "m"));
  });
});
