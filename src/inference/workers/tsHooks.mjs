// Module loader hooks for running the TypeScript sources in worker threads during development
// and tests: `./x.js` imports resolve to `./x.ts` when only the .ts exists, and .ts files are
// transpiled by esbuild (a vitest/vite dependency). The compiled package never uses this file.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

let esbuild = null;

export async function resolve(specifier, context, next) {
  if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.startsWith("file:")) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) {
      const ts = new URL(url.href.slice(0, -3) + ".ts");
      if (existsSync(fileURLToPath(ts))) return { url: ts.href, format: "module", shortCircuit: true };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith("file:") && url.endsWith(".ts")) {
    esbuild ??= await import("esbuild");
    const file = fileURLToPath(url);
    const src = await readFile(file, "utf8");
    const out = await esbuild.transform(src, { loader: "ts", format: "esm", target: "es2022", sourcefile: file, sourcemap: "inline" });
    return { format: "module", source: out.code, shortCircuit: true };
  }
  return next(url, context);
}
