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
import { format as formatArgs } from "node:util";
import { describeErrors } from "./errors.mjs";
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");
const require = createRequire(import.meta.url);
let tslabDir;
try {
  tslabDir = dirname(require.resolve("tslab/package.json"));
} catch {
  console.error("The lme4ts kernel needs tslab, which is not installed next to lme4ts: npm install tslab");
  process.exit(1);
}
const treq = createRequire(join(tslabDir, "package.json"));
const { createConverter } = treq("./dist/converter.js");
const { createExecutor } = treq("./dist/executor.js");
const jupyter = treq("./dist/jupyter.js");
const ts = treq("@tslab/typescript-for-tslab");

const MIME_BUNDLE = Symbol.for("jupyter.mimebundle");
const DENO_DISPLAY = Symbol.for("Jupyter.display"); // Deno's protocol; used when ours is absent
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
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
/** The running cell: its execution count and an iopub publisher (set by Server.handleExecute). */
let cell = { count: null, publish: null };
/** Errors of the running cell, as tslab's executor reports them (see richConsole.error). */
let cellErrors = [];
/** Records an error of the running cell (a compile diagnostic line or a thrown value). */
function recordError(e) {
  failed = true;
  cellErrors.push(e);
}
/** Sends a bundle: the cell's result (execute_result, with Out[n]) or display_data. */
function send(write, b, result = false) {
  if (result && cell.publish && cell.count !== null) {
    cell.publish("execute_result", { execution_count: cell.count, data: cleanBundle(b), metadata: {} });
    return;
  }
  if (!write) throw new Error("display: no notebook cell is running");
  write({ data: cleanBundle(b), metadata: {}, transient: {} }, false);
}
/**
 * Publishes a bundle (or its promise) as display_data of the current cell, in call order: a
 * plain bundle with nothing pending is sent at once (keeping its place among stdout writes),
 * otherwise it waits its turn in the queue.
 */
function publish(bundle, result = false) {
  const write = jupyter.lastWriteDisplayData;
  if (pending === 0 && !(bundle && typeof bundle.then === "function")) {
    try {
      send(write, bundle, result);
    } catch (e) {
      recordError(e);
    }
    return Promise.resolve();
  }
  pending++;
  const sent = queue
    .then(() => bundle)
    .then((b) => send(write, b, result))
    .catch((e) => recordError(e))
    .finally(() => pending--);
  queue = sent;
  return sent;
}
globalThis[DISPLAY_HOOK] = publish;

/**
 * The console tslab's executor is given: `log` receives the value of a cell's last expression
 * (shown as the cell's execute_result), `error` receives the compile diagnostics
 * (`"%s%d:%d - %s"`) and thrown values, which are recorded and become the cell's `error` output.
 */
const richConsole = {
  log(...args) {
    if (args.length === 1) {
      const x = args[0];
      const key = (typeof x === "object" || typeof x === "function") && x !== null ? (typeof x[MIME_BUNDLE] === "function" ? MIME_BUNDLE : typeof x[DENO_DISPLAY] === "function" ? DENO_DISPLAY : null) : null;
      if (key) {
        let b;
        try {
          b = x[key]();
        } catch (e) {
          recordError(e);
          return;
        }
        publish(b, true);
        return;
      }
      if (hasCustomToString(x)) {
        publish({ "text/plain": String(x) }, true);
        return;
      }
      // display(…)'s promise as the last expression: it prints as nothing, so print nothing
      if (x instanceof Promise && typeof x[INSPECT] === "function" && x[INSPECT]() === "") return;
    }
    console.log(...args);
  },
  error(...args) {
    recordError(args.length === 1 && typeof args[0] !== "string" ? args[0] : { diagnostic: formatArgs(...args) });
  },
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
/** A failed cell: thrown out of the execution queue so that tslab's queue can abort the rest. */
class CellFailed extends Error {
  constructor(count) {
    super(`cell ${count} failed`);
    this.count = count;
  }
}

/**
 * tslab's handler with Jupyter's execute semantics: `execute_input` (so front ends and
 * nbclient set the cell's execution_count), the cell's errors as an iopub `error` message and
 * in the reply (ename, evalue, traceback), `stop_on_error` honoured (false: the queued cells
 * still run), and each cell dropped from the queue after a failure gets an `error` output
 * saying so, instead of no output at all. Reply status "aborted" as the protocol names it.
 */
class Handler extends jupyter.JupyterHandlerImpl {
  async handleExecute(req, writeStream, writeDisplayData, publish = () => {}) {
    const stop = req.stop_on_error !== false;
    try {
      // A failure rejects the queue's chain, which cancels the cells queued behind it; with
      // stop_on_error false it is caught inside the task so that they still run.
      const run = () => this.runCell(req, writeStream, writeDisplayData, publish);
      const r = await this.execQueue.add(stop ? run : () => run().catch((e) => ({ failed: e })));
      if (typeof r === "object" && r !== null) throw r.failed;
      return { status: "ok", execution_count: r, user_expressions: {}, payload: [] };
    } catch (e) {
      if (e instanceof CellFailed) {
        if (stop) this.execQueue.reset(200); // as tslab (its issue #19): then accept new requests
        const err = describeErrors(e.errors, e.stderr);
        publish("error", err);
        return { status: "error", execution_count: e.count, ...err };
      }
      if (e?.name === "TaskCanceledError") {
        const err = { ename: "NotRun", evalue: "not run: an earlier cell of this run failed", traceback: ["NotRun: this cell was queued behind a cell that failed and was not run; run it again"] };
        publish("error", err);
        return { status: "aborted", execution_count: null };
      }
      const err = describeErrors([e]);
      publish("error", err);
      return { status: "error", execution_count: null, ...err };
    }
  }

  /** One cell: stdout/stderr to iopub, execute_input, run, wait for its publications. */
  async runCell(req, writeStream, writeDisplayData, publish) {
    let stderr = "";
    const tee = (name, text) => {
      if (name === "stderr") stderr += text;
      writeStream(name, text);
    };
    process.stdout.write = this.createWriteToIopub("stdout", tee);
    process.stderr.write = this.createWriteToIopub("stderr", tee);
    jupyter.lastWriteDisplayData = writeDisplayData;
    const count = ++this.execCount;
    cell = { count, publish };
    cellErrors = [];
    publish("execute_input", { code: req.code, execution_count: count });
    const ok = await this.executor.execute(req.code);
    if (!ok) throw Object.assign(new CellFailed(count), { errors: cellErrors, stderr });
    return count;
  }
}

/** tslab's ZeroMQ server, passing the handler a publisher of any iopub message of the request. */
class Server extends jupyter.ZmqServer {
  async handleExecute(sock, msg) {
    const reply = msg.createReply();
    reply.header.msg_type = "execute_reply";
    const publish = (type, content) => {
      const m = msg.createReply();
      m.header.msg_type = type;
      m.content = content;
      m.signAndSend(this.connInfo.key, this.iopub);
    };
    const writeStream = (name, text) => publish("stream", { name, text });
    const writeDisplayData = (data, update) => publish(update ? "update_display_data" : "display_data", data);
    reply.content = await this.handler.handleExecute(msg.content, writeStream, writeDisplayData, publish);
    reply.signAndSend(this.connInfo.key, sock);
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
  const server = new Server(new Handler(executor, false), configPath);
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err)); // after its cell ended: stderr
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
