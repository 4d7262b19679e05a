/**
 * Runs the two-chunk PIRLS passes of passes.ts on the calling thread and one worker thread.
 *
 * Protocol (Atomics on a small SharedArrayBuffer, as linalg/parallel.ts): the calling thread
 * posts a job (command, workspace, flags; claim := seq), runs chunk 0, then tries to claim chunk
 * 1 itself; the worker, woken by the post, tries the same claim. Whoever wins runs chunk 1, so
 * a worker that is not scheduled yet (a busy machine) or still starting costs nothing: the
 * calling thread does both chunks. Either way the chunks and the order their sums are added in
 * are the same, so the results do not depend on who ran what.
 *
 * Threads: 2 when n ≥ GLMM_PAR_MIN, the machine has ≥ 2 cores, SharedArrayBuffer and worker
 * threads exist, and LME4TS_THREADS is not 1. LME4TS_THREADS=2 forces the worker at any n and
 * makes the calling thread wait for it instead of claiming chunk 1 (tests). Node only (the
 * calling thread may block in Atomics.wait); elsewhere everything runs on the calling thread.
 */
import { Worker, MessageChannel, type MessagePort } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { CTL } from "./control.js";
import { muPass, fillPass, finishFill, type PassArrays } from "./passes.js";

/**
 * Observations from which the passes use the worker (measured on 2 cores: below it the
 * hand-off, a few tens of microseconds, is not repaid).
 */
export const GLMM_PAR_MIN = 50_000;

/** Threads for the passes of n observations (see the file comment). */
export function glmmThreads(n: number): 1 | 2 {
  const env = typeof process !== "undefined" ? process.env["LME4TS_THREADS"] : undefined;
  if (env === "1" || typeof SharedArrayBuffer === "undefined") return 1;
  if (env === "2") return 2;
  if (n < GLMM_PAR_MIN) return 1;
  return (os.availableParallelism?.() ?? os.cpus().length) >= 2 ? 2 : 1;
}

/** A Float64Array over shared memory when available (so a worker can use it), else ordinary. */
export function sharedF64(len: number): Float64Array {
  return typeof SharedArrayBuffer === "undefined" ? new Float64Array(len) : new Float64Array(new SharedArrayBuffer(8 * Math.max(len, 1)), 0, len);
}

/** An Int32Array over shared memory when available. */
export function sharedI32(len: number): Int32Array {
  return typeof SharedArrayBuffer === "undefined" ? new Int32Array(len) : new Int32Array(new SharedArrayBuffer(4 * Math.max(len, 1)), 0, len);
}

/** A shared copy of x. */
export function sharedCopy<T extends Float64Array | Int32Array>(x: T): T {
  const out = (x instanceof Float64Array ? sharedF64(x.length) : sharedI32(x.length)) as T;
  out.set(x);
  return out;
}

/** The process's pass worker: its message port (workspaces), control words and last job number. */
type Helper = { readonly port: MessagePort; readonly ctl: Int32Array; seq: number };
let helper: Helper | null = null;
let nextId = 1;
const detach = new FinalizationRegistry<number>((id) => helper?.port.postMessage({ detach: id }));

function spawn(workerData: object): Worker {
  const js = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData, transferList: [(workerData as { port: MessagePort }).port] });
  // From the TypeScript sources (tests): the inference pool's bootstrap and loader hooks.
  const dir = new URL("../../inference/workers/", import.meta.url);
  return new Worker(new URL("devBootstrap.mjs", dir), {
    workerData: { __entry: new URL("./worker.ts", import.meta.url).href, __hooks: new URL("tsHooks.mjs", dir).href, ...workerData },
    transferList: [(workerData as { port: MessagePort }).port],
  });
}

function getHelper(): Helper {
  if (helper) return helper;
  const sab = new SharedArrayBuffer(4 * CTL.size);
  const { port1, port2 } = new MessageChannel();
  const worker = spawn({ sab, port: port2 });
  // A worker that fails to start never claims a chunk: the calling thread runs both (no crash).
  worker.on("error", () => {});
  worker.unref();
  port1.unref();
  return (helper = { port: port1, ctl: new Int32Array(sab), seq: 0 });
}

/** Chunks the worker has run in this process, and how many of them threw (0 before it started). */
export function workerChunks(): { run: number; failed: number } {
  return helper ? { run: Atomics.load(helper.ctl, CTL.workerChunks), failed: Atomics.load(helper.ctl, CTL.errors) } : { run: 0, failed: 0 };
}

/** Forced mode: how long the calling thread waits for the worker to claim a chunk. */
const FORCED_WAIT_MS = 120_000;

/** The passes of one workspace on one or two threads. */
export class PassRunner {
  private id = 0;
  private h: Helper | null = null;

  /** `threads` from glmmThreads(n); the arrays must be shared when threads is 2. */
  constructor(readonly a: PassArrays, private threads: 1 | 2) {}

  /** The μ pass (both chunks); returns after both ran. `fixed`: form η_off from β first. */
  mu(fixed: boolean): void {
    this.run(CTL.mu, fixed ? 1 : 0, 0, () => muPass(this.a, 0, fixed), () => muPass(this.a, 1, fixed));
  }

  /** The fill pass into target t, then chunk 1's partial sums added to chunk 0's. */
  fill(t: number, withBeta: boolean): void {
    this.run(CTL.fill, withBeta ? 1 : 0, t, () => fillPass(this.a, 0, t, withBeta), () => fillPass(this.a, 1, t, withBeta));
    finishFill(this.a, t);
  }

  private run(cmd: number, flag: number, target: number, chunk0: () => void, chunk1: () => void): void {
    if (this.threads === 1) {
      chunk0();
      chunk1();
      return;
    }
    const h = this.attach(), ctl = h.ctl;
    const forced = process.env["LME4TS_THREADS"] === "2";
    Atomics.store(ctl, CTL.cmd, cmd);
    Atomics.store(ctl, CTL.flag, flag);
    Atomics.store(ctl, CTL.target, target);
    Atomics.store(ctl, CTL.id, this.id);
    const seq = ++h.seq;
    Atomics.store(ctl, CTL.claim, seq);
    Atomics.store(ctl, CTL.seq, seq);
    Atomics.notify(ctl, CTL.seq);
    chunk0();
    if (!forced && Atomics.compareExchange(ctl, CTL.claim, seq, 0) === seq) {
      chunk1();
      return;
    }
    const t0 = Date.now();
    for (let d = Atomics.load(ctl, CTL.done); d !== seq; d = Atomics.load(ctl, CTL.done)) {
      Atomics.wait(ctl, CTL.done, d, 100);
      // Forced mode and a worker that never claims (it failed to start): run chunk 1 here.
      if (forced && Date.now() - t0 > FORCED_WAIT_MS && Atomics.compareExchange(ctl, CTL.claim, seq, 0) === seq) {
        chunk1();
        return;
      }
    }
    if (Atomics.exchange(ctl, CTL.error, 0) !== 0) {
      // The worker's chunk threw: the chunks recompute all their outputs, so run it again here
      // (an error then surfaces on this thread) and keep this workspace on one thread.
      this.threads = 1;
      chunk1();
    }
  }

  /** Sends this workspace's arrays to the worker once. */
  private attach(): Helper {
    if (this.h) return this.h;
    const h = getHelper();
    this.id = nextId++;
    h.port.postMessage({ attach: this.id, arrays: this.a });
    detach.register(this, this.id);
    return (this.h = h);
  }
}
