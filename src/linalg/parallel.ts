/**
 * The dense Cholesky on two cores: the WebAssembly kernels (wasm/build/kernels-shared.wasm, the
 * same code as kernels.wasm over an imported shared memory) instantiated on the calling thread
 * and on one worker thread, both over one `WebAssembly.Memory({ shared: true })`.
 *
 * Blocked right-looking Cholesky, block width nb: for each block column, the calling thread
 * factors the nb×nb diagonal block (potf2); the panel below it (m rows) is solved by both
 * threads, rows [0, h) here and [h, m) on the worker (trsmPanel is row by row); the trailing
 * m×m lower update C −= P Pᵀ is split at row r ≈ m/√2 (a multiple of 4): this thread updates the
 * triangle C[0:r, 0:r] (r²/2 of the m²/2 multiply-adds), the worker the rows [r, m)
 * (C[r:m, 0:r] −= P₂P₁ᵀ and the triangle C[r:m, r:m]). Every 4×4 tile of C gets exactly the
 * updates of the one-thread `potrf`, in the same order, so the factor is the same to the last
 * bit. Two barriers per block column (Atomics.wait/notify on a small SharedArrayBuffer);
 * below PAR_TAIL trailing rows the calling thread does the rest alone.
 *
 * Caveats: Node only (the calling thread blocks in Atomics.wait, which browsers forbid on the
 * main thread); one worker per process, shared by every workspace (each attaches its memory);
 * a workspace must not be factorized from two threads at once.
 */
import { Worker, MessageChannel, type MessagePort } from "node:worker_threads";
import { readFileSync } from "node:fs";
import os from "node:os";

/** Exports of the shared-memory kernel module used here and by the dense rest workspace. */
export interface SharedKernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  workBytes(m: number, n: number): number;
  potf2(a: number, lda: number, n: number): number;
  potrf(a: number, n: number, nb: number, work: number): number;
  trsmPanel(b: number, ldb: number, m: number, kb: number, l: number, ldl: number, work: number): void;
  gemmMinus(c: number, ldc: number, m: number, n: number, a: number, lda: number, b: number, ldb: number, k: number, lower: boolean, work: number): void;
  peakLoop(iters: number): number;
}

/** Worker command: `snRootUpdate` of the supernodal kernels (15 arguments; src/sparse/wasmSupernodal.ts). */
export const ROOT_UPDATE = 4;

/** Dense blocks from this order on are factorized on two threads (when two cores are available). */
export const PAR_MIN = 2000;
/** Block columns whose trailing block has fewer rows than this are finished by the calling thread alone. */
export const PAR_TAIL = 256;
/** Block width of the two-thread Cholesky (≤ the kernels' KC = 256). */
export const PAR_BLOCK = 128;

let sharedModule: WebAssembly.Module | null | undefined;

/** The compiled shared-memory kernels, or null (not built, no SharedArrayBuffer, LME4TS_KERNELS=js). */
export function sharedKernelModule(): WebAssembly.Module | null {
  if (sharedModule !== undefined) return sharedModule;
  try {
    const env = typeof process !== "undefined" ? process.env["LME4TS_KERNELS"] : undefined;
    if (env === "js" || typeof SharedArrayBuffer === "undefined") return (sharedModule = null);
    sharedModule = new WebAssembly.Module(readFileSync(new URL("../../wasm/build/kernels-shared.wasm", import.meta.url)));
  } catch {
    sharedModule = null;
  }
  return sharedModule;
}

/**
 * Threads for a dense factorization of order n: 2 when n ≥ PAR_MIN, the machine has ≥ 2 cores,
 * the shared kernels are available and LME4TS_THREADS is not 1; else 1. LME4TS_THREADS=2 forces
 * two threads at any order (tests).
 */
export function denseThreads(n: number): number {
  const env = typeof process !== "undefined" ? process.env["LME4TS_THREADS"] : undefined;
  if (env === "1" || !sharedKernelModule()) return 1;
  if (env === "2") return 2;
  if (n < PAR_MIN) return 1;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return cores >= 2 ? 2 : 1;
}

/** A fresh instance of the shared kernels over a new shared memory of at least `bytes`. */
export function sharedKernelInstance(bytes: number): SharedKernelExports | null {
  const mod = sharedKernelModule();
  if (!mod) return null;
  try {
    const pages = Math.max(16, Math.ceil(bytes / 65536));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
    const inst = new WebAssembly.Instance(mod, { env: { memory, abort: () => { throw new Error("lme4ts wasm kernels: abort"); } } });
    return inst.exports as unknown as SharedKernelExports;
  } catch {
    return null;
  }
}

// The worker: waits on ctl[0] (sequence), attaches memories sent on its port, runs one command
// with Float64 arguments, reports ctl[2] = sequence done (ctl[3] = 1 on an error).
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { sab, port } = workerData;
const ctl = new Int32Array(sab, 0, 8), arg = new Float64Array(sab, 64, 16);
const insts = new Map();
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  for (let m; (m = receiveMessageOnPort(port)); ) {
    const x = m.message;
    if (x.attach !== undefined) insts.set(x.attach, new WebAssembly.Instance(x.module, { env: { memory: x.memory, abort() { throw new Error("abort"); } } }).exports);
    else insts.delete(x.detach);
  }
  const cmd = ctl[1];
  if (cmd === 9) break;
  try {
    const ex = insts.get(ctl[4]);
    if (cmd === 1) ex.trsmPanel(arg[0], arg[1], arg[2], arg[3], arg[4], arg[5], arg[6]);
    else if (cmd === 2) {
      ex.gemmMinus(arg[0], arg[1], arg[2], arg[3], arg[4], arg[5], arg[6], arg[7], arg[8], 0, arg[9]);
      ex.gemmMinus(arg[10], arg[1], arg[2], arg[2], arg[4], arg[5], arg[4], arg[5], arg[8], 1, arg[9]);
    } else if (cmd === 3) arg[15] = ex.peakLoop(arg[0]);
    else if (cmd === 4) ex.snRootUpdate(arg[0], arg[1], arg[2], arg[3], arg[4], arg[5], arg[6], arg[7], arg[8], arg[9], arg[10], arg[11], arg[12], arg[13], arg[14]);
  } catch (e) { Atomics.store(ctl, 3, 1); }
  Atomics.store(ctl, 2, seen);
  Atomics.notify(ctl, 2);
}
`;

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly ctl: Int32Array;
  readonly arg: Float64Array;
  seq: number;
}

let helper: Helper | null = null;
let nextId = 1;
const detach = new FinalizationRegistry<number>((id) => helper?.port.postMessage({ detach: id }));

function getHelper(): Helper {
  if (helper) return helper;
  const sab = new SharedArrayBuffer(64 + 16 * 8);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  return (helper = { worker, port: port1, ctl: new Int32Array(sab, 0, 8), arg: new Float64Array(sab, 64, 16), seq: 0 });
}

/** Posts command `cmd` (arguments already in h.arg) for memory `id`; returns its sequence number. */
function post(h: Helper, cmd: number, id: number): number {
  h.ctl[1] = cmd;
  h.ctl[4] = id;
  const seq = ++h.seq;
  Atomics.store(h.ctl, 0, seq);
  Atomics.notify(h.ctl, 0);
  return seq;
}

/** Waits until the worker finished command `seq`; throws if it failed. */
function join(h: Helper, seq: number): void {
  for (let done = Atomics.load(h.ctl, 2); done !== seq; done = Atomics.load(h.ctl, 2)) Atomics.wait(h.ctl, 2, done, 1000);
  if (Atomics.exchange(h.ctl, 3, 0) !== 0) throw new Error("lme4ts: the dense Cholesky worker failed");
}

/**
 * Two-thread Cholesky on one shared-memory kernel instance. `attach(ex)` once per instance
 * (sends its memory to the worker), then `potrf(...)`.
 */
export class ParallelDense {
  private readonly id: number;
  private readonly h: Helper;

  /** Attaches the instance's memory to the worker (the worker instantiates the kernels over it). */
  constructor(private readonly ex: SharedKernelExports) {
    this.h = getHelper();
    this.id = nextId++;
    this.h.port.postMessage({ attach: this.id, module: sharedKernelModule(), memory: ex.memory });
    detach.register(this, this.id);
  }

  /**
   * In-place lower Cholesky of the n×n matrix at byte address a (column-major, ld n): 0, or
   * k+1 when the k-th pivot is not positive (as DenseKernels.potrf). work0 and work1 are two
   * scratch areas of workBytes(n, n) bytes, one per thread.
   */
  potrf(a: number, n: number, work0: number, work1: number): number {
    const { ex, h } = this;
    const nb = PAR_BLOCK, ld = n * 8, arg = h.arg;
    for (let k0 = 0; k0 < n; k0 += nb) {
      const kb = Math.min(nb, n - k0);
      const diag = a + (k0 + k0 * n) * 8;
      const m = n - k0 - kb;
      if (m < PAR_TAIL) {
        // The tail: the one-thread kernel on the trailing square (same blocking as potrf).
        const info = tailPotrf(ex, diag, n, n - k0, nb, work0);
        return info === 0 ? 0 : k0 + info;
      }
      const info = ex.potf2(diag, n, kb);
      if (info !== 0) return k0 + info;
      const panel = diag + kb * 8;
      const half = Math.floor(m / 8) * 4;
      arg[0] = panel + half * 8; arg[1] = n; arg[2] = m - half; arg[3] = kb; arg[4] = diag; arg[5] = n; arg[6] = work1;
      let seq = post(h, 1, this.id);
      ex.trsmPanel(panel, n, half, kb, diag, n, work0);
      join(h, seq);
      const trail = panel + kb * ld;
      const r = Math.min(m, Math.round(m / Math.SQRT2 / 4) * 4);
      // Worker: C[r:m, 0:r] −= P[r:m] P[0:r]ᵀ, then C[r:m, r:m] −= P[r:m] P[r:m]ᵀ (lower).
      arg[0] = trail + r * 8; arg[1] = n; arg[2] = m - r; arg[3] = r; arg[4] = panel + r * 8; arg[5] = n;
      arg[6] = panel; arg[7] = n; arg[8] = kb; arg[9] = work1; arg[10] = trail + r * 8 + r * ld;
      seq = post(h, 2, this.id);
      ex.gemmMinus(trail, n, r, r, panel, n, panel, n, kb, true, work0);
      join(h, seq);
    }
    return 0;
  }

  /**
   * Runs the worker command `cmd` with `args` (at most 15 numbers) on the worker while `local`
   * runs on this thread; returns when both are done (throws if the worker's command failed).
   */
  alongside(cmd: number, args: readonly number[], local: () => void): void {
    const h = this.h;
    if (args.length > 15) throw new Error("lme4ts: too many worker arguments");
    for (let i = 0; i < args.length; i++) h.arg[i] = args[i]!;
    const seq = post(h, cmd, this.id);
    try {
      local();
    } finally {
      join(h, seq);
    }
  }

  /** The kernels' peak probe (see peakLoop) on this thread and the worker at once; seconds elapsed. */
  peakBoth(iters: number): number {
    const t = performance.now();
    this.h.arg[0] = iters;
    const seq = post(this.h, 3, this.id);
    this.ex.peakLoop(iters);
    join(this.h, seq);
    return (performance.now() - t) / 1000;
  }
}

/** One-thread blocked Cholesky of the trailing s×s square at diag (leading dimension n): 0 or k+1. */
function tailPotrf(ex: SharedKernelExports, diag: number, n: number, s: number, nb: number, work: number): number {
  for (let k0 = 0; k0 < s; k0 += nb) {
    const kb = Math.min(nb, s - k0);
    const d = diag + (k0 + k0 * n) * 8;
    const info = ex.potf2(d, n, kb);
    if (info !== 0) return k0 + info;
    const m = s - k0 - kb;
    if (m > 0) {
      const panel = d + kb * 8;
      ex.trsmPanel(panel, n, m, kb, d, n, work);
      ex.gemmMinus(panel + kb * n * 8, n, m, m, panel, n, panel, n, kb, true, work);
    }
  }
  return 0;
}
