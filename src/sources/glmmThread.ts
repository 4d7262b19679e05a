/**
 * Runs glmer's synchronous fit (optimizer, PIRLS, Hessian) on a worker thread while this thread
 * answers its row passes with queries on the user's connection. The worker posts a request and
 * sleeps in Atomics.wait on a shared flag; this thread's event loop is free (glmer(source) returns
 * a Promise), runs the query, posts the answer on a MessagePort and wakes the worker, which reads
 * it with receiveMessageOnPort. Works for every engine and connection (an in-memory DuckDB
 * included): the queries never leave this thread.
 *
 * Loading: from dist/ (the package) the worker is glmmWorker.js next to this file. Run from the
 * TypeScript sources (vitest), the worker registers a module loader that compiles .ts files with
 * esbuild (a development dependency, there through vitest) before importing glmmWorker.ts.
 *
 * Caveat: Node only (worker_threads, Atomics.wait in a worker).
 */
import { Worker, MessageChannel } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { GlmerOptions } from "../glmm/glmer.js";
import type { OptSummary } from "../optim/summary.js";
import type { RandomTermSpec } from "../formula/types.js";
import { LmeError, type LmeErrorCode } from "../messages/error.js";
import { glmerWorkerFailed } from "../messages/sources.js";
import type { CrossShape, CrossValues } from "./pirls.js";

/** What the worker fits: structured-cloneable data only. */
export interface GlmmJob {
  readonly family: string;
  readonly link: string;
  /** glmer's options without the data-bound ones (family object, weights, offset). */
  readonly opts: GlmerOptions;
  readonly p: number;
  readonly fixedNames: readonly string[];
  readonly terms: readonly { group: string; names: readonly string[]; q: number; nLevels: number; spec: RandomTermSpec }[];
  readonly shape: CrossShape;
  readonly aicConst: number;
  readonly nobs: number;
  /** Whether the engine computes a pass in one scan (then the deviance of a PIRLS step comes with the next iteration's cross products: RowPasses.devCross). */
  readonly oneScan: boolean;
}

/** A row pass the worker asks for (see pirls.ts RowPasses). */
export type GlmmRequest =
  | { readonly op: "dev"; readonly eta: Float64Array }
  | { readonly op: "cross"; readonly eta: Float64Array; readonly withBeta: boolean; readonly beta: Float64Array }
  /** The deviance and the cross products at one predictor, from one scan (answered { dev, cross }). */
  | { readonly op: "devcross"; readonly eta: Float64Array; readonly withBeta: boolean; readonly beta: Float64Array };

/** The answer: a value or an error message. */
export type GlmmReply = { readonly value?: unknown; readonly error?: string };

/** The worker's result: optimizeGlmm's, the final u and the last cross-product values of both factors. */
export interface GlmmDone {
  readonly theta: Float64Array;
  readonly beta: Float64Array;
  readonly dev: number;
  readonly optinfo: OptSummary;
  readonly vcovUnscaled: Float64Array | null;
  readonly eta1: Float64Array;
  readonly warnings: string[];
  readonly u: Float64Array;
  readonly cpU: CrossValues;
  readonly cpUB: CrossValues;
  /** θ of the last factorization of each (the factors are rebuilt from these on the main thread). */
  readonly thetaU: Float64Array | null;
  readonly thetaUB: Float64Array | null;
}

const HOOKS = `
let esbuild;
export async function initialize(d) { const m = await import(d.esbuild); esbuild = m.default ?? m; }
export async function resolve(s, c, next) {
  try { return await next(s, c); } catch (e) {
    if (s.endsWith(".js") && c.parentURL && c.parentURL.endsWith(".ts")) return next(s.slice(0, -3) + ".ts", c);
    throw e;
  }
}
export async function load(u, c, next) {
  if (!u.endsWith(".ts")) return next(u, c);
  const fs = await import("node:fs");
  const src = fs.readFileSync(new URL(u), "utf8");
  return { format: "module", shortCircuit: true, source: esbuild.transformSync(src, { loader: "ts", format: "esm", target: "es2022", sourcefile: u }).code };
}`;

const BOOT = `
const { register } = require("node:module");
const { workerData } = require("node:worker_threads");
register("data:text/javascript," + encodeURIComponent(workerData.hooks), { data: { esbuild: workerData.esbuild } });
import(workerData.entry);`;

function startWorker(workerData: Record<string, unknown>, transferList: import("node:worker_threads").TransferListItem[]): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./glmmWorker.js", here), { workerData, transferList });
  const esbuild = pathToFileURL(createRequire(here).resolve("esbuild")).href;
  return new Worker(BOOT, { eval: true, workerData: { ...workerData, hooks: HOOKS, esbuild, entry: new URL("./glmmWorker.ts", here).href }, transferList });
}

/** Fits `job` on a worker thread, answering its row passes with `serve` (async, on this thread). */
export function runGlmmWorker(job: GlmmJob, serve: (req: GlmmRequest) => Promise<unknown>): Promise<GlmmDone> {
  const flag = new SharedArrayBuffer(4), ctl = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker({ job, port: port2, flag }, [port2]);
  return new Promise<GlmmDone>((resolve, reject) => {
    let settled = false, served: unknown = null;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      port1.close();
      void worker.terminate();
      f();
    };
    worker.on("message", (msg: GlmmRequest | { done: GlmmDone } | { fatal: string; code: LmeErrorCode | null }) => {
      if ("done" in msg) return finish(() => resolve(msg.done));
      if ("fatal" in msg) return finish(() => reject(served ?? (msg.code ? new LmeError(msg.code, msg.fatal) : glmerWorkerFailed(msg.fatal))));
      serve(msg).then(
        (value) => port1.postMessage({ value }),
        (err: unknown) => { served ??= err; port1.postMessage({ error: err instanceof Error ? err.message : String(err) }); },
      ).finally(() => {
        Atomics.store(ctl, 0, 1);
        Atomics.notify(ctl, 0);
      });
    });
    worker.on("error", (err) => finish(() => reject(glmerWorkerFailed(err.message))));
    worker.on("exit", (code) => finish(() => reject(glmerWorkerFailed(`it exited with code ${code} before finishing`))));
  });
}
