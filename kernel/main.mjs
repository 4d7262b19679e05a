#!/usr/bin/env node
/**
 * The lme4ts Jupyter kernel: tslab's TypeScript kernel (compiler, executor, ZeroMQ server) with
 * three additions, made from outside tslab by composing its modules (no patched files):
 *
 * 1. Rich display. tslab ends a cell by `console.log`-ing the last expression through the
 *    console object it was given. We give it one whose `log` checks the value first: an object
 *    with a `Symbol.for("jupyter.mimebundle")` method is published as `display_data` with that
 *    MIME bundle (awaited when it is a Promise); an object whose class defines `toString()` is
 *    published as its text; anything else goes to tslab's text printing. A publishing hook is
 *    also installed on `globalThis[Symbol.for("jupyter.display")]` for `display(x)`. The cell
 *    finishes only after every pending publication of the cell is sent, so nbconvert sees them.
 * 2. ESM packages. tslab compiles cells to CommonJS, so `import { lmer } from "lme4ts"` becomes
 *    `require("lme4ts")`. When that fails because the package only exports an "import"
 *    condition (or is not reachable from the notebook's folder), the specifier is resolved
 *    with ESM rules (`import.meta.resolve`, from the notebook's folder, then from this repo)
 *    and loaded with Node's `require(esm)` (Node ≥ 20.19).
 * 3. Types of this package. tslab's TypeScript 5.0 uses "node10" resolution, which ignores
 *    "exports" and self-references; reads of `…/node_modules/lme4ts/…` that do not exist on
 *    disk are forwarded to this repository (tslab does the same for its own `tslab` module),
 *    and their real path is the repository's file, so `"lme4ts"` and `"../dist/…"` imports
 *    share one copy of each declaration, and packages that lme4ts's declarations import
 *    (danfojs-node) resolve from the repository's node_modules, as the notebook's own imports do.
 *
 * Started by Jupyter with the argv of the kernel spec written by `lme4ts kernel install` (src/cli/kernel.ts).
 */
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");
const require = createRequire(import.meta.url);
const tslabDir = dirname(require.resolve("tslab/package.json"));
const treq = createRequire(join(tslabDir, "package.json"));
const { createConverter } = treq("./dist/converter.js");
const { createExecutor } = treq("./dist/executor.js");
const jupyter = treq("./dist/jupyter.js");
const ts = treq("@tslab/typescript-for-tslab");

const MIME_BUNDLE = Symbol.for("jupyter.mimebundle");
const DISPLAY_HOOK = Symbol.for("jupyter.display");
const selfName = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).name;

// ---- 3. forward type reads of node_modules/<selfName>/… to the repository -------------------
const marker = `${sep}node_modules${sep}${selfName}`;
/** Maps a path inside a missing node_modules/<selfName> to the repository; else unchanged. */
function forwardSelf(p) {
  if (typeof p !== "string") return p;
  const norm = p.split("/").join(sep);
  const i = norm.lastIndexOf(marker);
  if (i < 0) return p;
  const rest = norm.slice(i + marker.length);
  if (rest !== "" && !rest.startsWith(sep)) return p; // e.g. node_modules/lme4ts-other
  const pkgDir = norm.slice(0, i + marker.length);
  if (existsSync(pkgDir)) return p; // a real install wins
  return join(repoRoot, rest);
}
const sys = ts.sys;
for (const fn of ["fileExists", "readFile", "directoryExists", "getModifiedTime", "watchFile", "watchDirectory"]) {
  const orig = sys[fn];
  if (typeof orig === "function") sys[fn] = (p, ...rest) => orig.call(sys, forwardSelf(p), ...rest);
}
// node10 resolution reads "types"/"typings" only; packages that declare their types solely in
// "exports" (vega-lite, …) get a "types" field added when their package.json is read.
{
  const readFile = sys.readFile;
  sys.readFile = (p, enc) => {
    const text = readFile.call(sys, p, enc);
    if (text === undefined || !/[\\/]node_modules[\\/].*package\.json$/.test(p)) return text;
    try {
      const pkg = JSON.parse(text);
      if (pkg.types || pkg.typings || !pkg.exports) return text;
      const dot = typeof pkg.exports === "object" && !Array.isArray(pkg.exports) ? pkg.exports["."] ?? (Object.keys(pkg.exports).some((k) => k.startsWith(".")) ? undefined : pkg.exports) : undefined;
      const types = typeof dot === "object" && dot !== null ? dot.types ?? dot.import?.types ?? dot.default?.types : undefined;
      return typeof types === "string" ? JSON.stringify({ ...pkg, types }) : text;
    } catch {
      return text;
    }
  };
}
// The real path of a forwarded file is the repository's file. (Keeping the virtual
// node_modules/lme4ts path made TypeScript resolve packages imported by lme4ts's declarations,
// e.g. danfojs-node, through node_modules/lme4ts/node_modules/…: a second copy of their types,
// which broke declaration emit of notebook variables typed with them.)
if (typeof sys.realpath === "function") {
  const orig = sys.realpath;
  sys.realpath = (p) => orig.call(sys, forwardSelf(p));
}

// ---- 1. rich display ------------------------------------------------------------------------
const PLAIN = new Set([Object.prototype, Array.prototype, Function.prototype, Error.prototype, Date.prototype, RegExp.prototype]);
/** True for class instances whose prototype chain defines its own toString (e.g. LmerMod). */
function hasCustomToString(x) {
  if (typeof x !== "object" || x === null || Array.isArray(x) || ArrayBuffer.isView(x) || x instanceof Error) return false;
  for (let p = Object.getPrototypeOf(x); p && !PLAIN.has(p); p = Object.getPrototypeOf(p))
    if (Object.prototype.hasOwnProperty.call(p, "toString")) return true;
  return false;
}

/** Makes a bundle JSON-ready: text types as strings, JSON types as plain data. */
function cleanBundle(b) {
  if (b === null || typeof b !== "object") return { "text/plain": String(b) };
  const out = {};
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = k.endsWith("json") ? JSON.parse(JSON.stringify(v)) : typeof v === "string" ? v : String(v);
  }
  if (typeof out["text/plain"] !== "string") out["text/plain"] = "";
  return out;
}

let queue = Promise.resolve();
let pending = 0;
let failed = false;
function send(write, b) {
  if (!write) throw new Error("display: no notebook cell is running");
  write({ data: cleanBundle(b), metadata: {}, transient: {} }, false);
}
/**
 * Publishes a bundle (or its promise) as display_data of the current cell, in call order: a
 * plain bundle with nothing pending is sent at once (keeping its place among stdout writes),
 * otherwise it waits its turn in the queue.
 */
function publish(bundle) {
  const write = jupyter.lastWriteDisplayData;
  if (pending === 0 && !(bundle && typeof bundle.then === "function")) {
    try {
      send(write, bundle);
    } catch (e) {
      failed = true;
      console.error("display failed:", e);
    }
    return Promise.resolve();
  }
  pending++;
  const sent = queue
    .then(() => bundle)
    .then((b) => send(write, b))
    .catch((e) => {
      failed = true;
      console.error("display failed:", e);
    })
    .finally(() => pending--);
  queue = sent;
  return sent;
}
globalThis[DISPLAY_HOOK] = publish;

const richConsole = {
  log(...args) {
    if (args.length === 1) {
      const x = args[0];
      if ((typeof x === "object" || typeof x === "function") && x !== null && typeof x[MIME_BUNDLE] === "function") {
        let b;
        try {
          b = x[MIME_BUNDLE]();
        } catch (e) {
          failed = true;
          console.error(e);
          return;
        }
        publish(b);
        return;
      }
      if (hasCustomToString(x)) {
        publish({ "text/plain": String(x) });
        return;
      }
    }
    console.log(...args);
  },
  error: (...args) => console.error(...args),
};

// ---- 2. ESM packages ------------------------------------------------------------------------
const ESM_CODES = new Set(["ERR_PACKAGE_PATH_NOT_EXPORTED", "ERR_REQUIRE_ESM", "MODULE_NOT_FOUND", "ERR_MODULE_NOT_FOUND"]);
function esmResolve(id) {
  const parents = [pathToFileURL(process.cwd() + sep).href, import.meta.url];
  for (const parent of parents) {
    try {
      return fileURLToPath(import.meta.resolve(id, parent));
    } catch {
      /* try the next parent */
    }
  }
  return null;
}
function wrapRequire(req) {
  return new Proxy(req, {
    apply(target, thisArg, args) {
      try {
        return Reflect.apply(target, thisArg, args);
      } catch (e) {
        const id = args[0];
        if (args.length !== 1 || typeof id !== "string" || id.startsWith(".") || !ESM_CODES.has(e?.code)) throw e;
        const file = esmResolve(id);
        if (!file) throw e;
        return require(file);
      }
    },
  });
}

// ---- the kernel (tslab's startKernel, with our console and require) --------------------------
/**
 * tslab's handler, plus ename/evalue/traceback in failed execute replies (tslab sends none, so
 * nbconvert reported an empty "<Error>:"): the text the cell wrote to stderr, which holds the
 * compiler diagnostics or the exception.
 */
class Handler extends jupyter.JupyterHandlerImpl {
  async handleExecute(req, writeStream, writeDisplayData) {
    let err = "";
    const tee = (name, text) => {
      if (name === "stderr") err += text;
      writeStream(name, text);
    };
    const reply = await super.handleExecute(req, tee, writeDisplayData);
    if (reply.status === "error") {
      const lines = err.trimEnd().split("\n");
      const last = lines.filter((l) => /^\w*Error\b|^\d+:\d+ - /.test(l)).pop() ?? lines[lines.length - 1] ?? "";
      const m = /^(\w*Error)\b:?\s*(.*)$/.exec(last);
      Object.assign(reply, { ename: m ? m[1] : "CompileError", evalue: m ? m[2] : last, traceback: lines });
    }
    return reply;
  }
}

function startKernel(configPath) {
  const convs = {
    _node: null,
    _browser: null,
    get node() {
      return (this._node ??= createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (this._browser ??= createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      this._node?.close();
      this._browser?.close();
    },
  };
  convs.node; // warm the compiler
  const executor = createExecutor(process.cwd(), convs, richConsole);
  globalThis.__tslab__.require = wrapRequire(globalThis.__tslab__.require);
  const execute = executor.execute;
  executor.execute = async (src) => {
    failed = false;
    let ok = await execute(src);
    await queue; // publications of this cell (e.g. SVG rendering) finish inside the cell
    if (failed) ok = false;
    return ok;
  };
  const server = new jupyter.ZmqServer(new Handler(executor, false), configPath);
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  server.init();
}

const argv = process.argv.slice(2);
const i = argv.indexOf("--config-path");
if (i < 0 || !argv[i + 1]) {
  console.error("usage: node kernel/main.mjs --config-path <connection file>  (started by Jupyter; install with `npx lme4ts kernel install`)");
  process.exit(2);
}
startKernel(argv[i + 1]);
