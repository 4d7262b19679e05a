/**
 * A small worker-thread pool for one job: N workers started with the same `workerData`, a
 * queue of tasks handed out as workers become free, results stored by task index (so the
 * output never depends on the number of workers or on timing), progress after each task,
 * cancellation by an AbortSignal (workers are terminated). The first task error rejects the
 * job and terminates the workers.
 *
 * Workers run dist/inference/workers/worker.js when compiled; from the TypeScript sources
 * (tests, notebooks on src/) they run worker.ts through a loader hook (tsHooks.mjs, esbuild).
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { aborted, workerFailed, badWorkers } from "../../messages/profile.js";

/** Resolves the `workers` option: "auto"/undefined → the available cores (at most `tasks`). */
export function workerCount(opt: number | "auto" | undefined, tasks: number): number {
  if (opt === undefined || opt === "auto") return Math.max(0, Math.min(os.availableParallelism?.() ?? os.cpus().length, tasks));
  if (!(Number.isInteger(opt) && opt >= 0)) throw badWorkers(opt);
  return Math.min(opt, tasks);
}

function spawn(workerData: unknown): Worker {
  const js = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const boot = new URL("./devBootstrap.mjs", import.meta.url);
  return new Worker(boot, {
    workerData: { __entry: new URL("./worker.ts", import.meta.url).href, __hooks: new URL("./tsHooks.mjs", import.meta.url).href, ...(workerData as object) },
  });
}

/** One job for the pool: the tasks, the shared worker data, and callbacks. */
export interface PoolJob<T, R> {
  /** What the job is, for messages ("profile", "bootMer"). */
  readonly what: string;
  readonly workerData: unknown;
  readonly tasks: readonly T[];
  readonly workers: number;
  /** Called after each finished task with the number done. */
  readonly onDone?: (done: number, total: number, index: number, result: R) => void;
  readonly signal?: AbortSignal;
  /** Turns a task into the message payload when it is sent (e.g. to build big arrays lazily). */
  readonly prepare?: (task: T) => unknown;
}

/** Runs the tasks on worker threads; resolves with the results in task order. */
export function runPool<T, R>(job: PoolJob<T, R>): Promise<R[]> {
  const { tasks } = job;
  const results: R[] = new Array(tasks.length);
  if (tasks.length === 0) return Promise.resolve(results);
  return new Promise<R[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0, done = 0, finished = false;
    const finish = (err: Error | null) => {
      if (finished) return;
      finished = true;
      job.signal?.removeEventListener("abort", onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => finish(aborted(job.what));
    if (job.signal?.aborted) return finish(aborted(job.what));
    job.signal?.addEventListener("abort", onAbort);
    const feed = (w: Worker) => {
      if (finished) return;
      if (next >= tasks.length) return;
      const i = next++;
      const t = tasks[i];
      w.postMessage({ index: i, task: job.prepare ? job.prepare(t) : t });
    };
    const n = Math.max(1, Math.min(job.workers, tasks.length));
    for (let k = 0; k < n; k++) {
      const w = spawn(job.workerData);
      workers.push(w);
      w.on("message", (m: { index: number; ok: boolean; result?: R; error?: string; code?: string }) => {
        if (finished) return;
        if (!m.ok) return finish(workerFailed(job.what, m.error ?? "unknown error"));
        results[m.index] = m.result as R;
        done++;
        job.onDone?.(done, tasks.length, m.index, m.result as R);
        if (done === tasks.length) finish(null);
        else feed(w);
      });
      w.on("error", (e) => finish(workerFailed(job.what, e.message)));
      w.on("exit", (code) => { if (!finished && code !== 0) finish(workerFailed(job.what, `exit code ${code}`)); });
      feed(w);
    }
  });
}
