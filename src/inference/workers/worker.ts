/**
 * Worker-thread entry point for profiles, the parametric bootstrap and influence refits. `workerData` carries
 * the job: { job: "profile", spec, ctx }, { job: "boot", spec, boot } or
 * { job: "influence", spec, deletion }. Each message is one
 * task { index, task }; the reply is { index, ok, result } or { index, ok: false, error }.
 */
import { parentPort, workerData } from "node:worker_threads";
import { specInput, specFamily, laplaceModel, type ModelSpec, type LaplaceSpec } from "./spec.js";
import { LaplaceProfiler, type LaplaceProfileContext } from "../profileLaplace.js";
import { LmmProfiler, type LmmProfileContext } from "../profileLmm.js";
import { GlmmProfiler, type GlmmProfileContext } from "../profileGlmm.js";
import { bootWorkerState, type BootContext, type BootTask } from "../bootstrap.js";
import { deletionRefit, type DeletionContext } from "../deletion.js";

interface Data {
  readonly job: "profile" | "boot" | "influence";
  /** Null for a Laplace-engine fit, which comes as `laplace` (profile) or `boot.laplace`. */
  readonly spec: ModelSpec | null;
  readonly ctx?: LmmProfileContext | GlmmProfileContext | LaplaceProfileContext;
  readonly laplace?: LaplaceSpec | null;
  readonly boot?: BootContext;
  readonly deletion?: DeletionContext;
}
const data = workerData as Data;
let handler: ((task: unknown) => unknown) | null = null;

function makeHandler(): (task: unknown) => unknown {
  if (data.job === "influence") {
    return (task) => {
      try {
        return deletionRefit(data.spec!, data.deletion!, task as number);
      } catch (e) {
        throw new Error(`unit ${task as number}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }
  if (data.job === "profile" && data.ctx!.kind === "laplace") {
    const prof = new LaplaceProfiler(laplaceModel(data.laplace!), data.ctx as LaplaceProfileContext);
    return (task) => prof.profile((task as { param: number }).param);
  }
  if (data.job === "boot" && data.boot!.laplace) {
    const model = laplaceModel(data.boot!.laplace);
    const state = bootWorkerState(null, model.input, data.boot!, { model });
    return (task) => state.run(task as BootTask);
  }
  const input = specInput(data.spec!);
  if (data.job === "profile") {
    const ctx = data.ctx as LmmProfileContext | GlmmProfileContext;
    const prof = ctx.kind === "lmm" ? new LmmProfiler(input, ctx) : new GlmmProfiler(input, specFamily(data.spec!), ctx);
    return (task) => prof.profile((task as { param: number }).param);
  }
  const state = bootWorkerState(data.spec, input, data.boot!);
  return (task) => state.run(task as BootTask);
}

parentPort!.on("message", (m: { index: number; task: unknown }) => {
  try {
    handler ??= makeHandler();
    const result = handler(m.task);
    parentPort!.postMessage({ index: m.index, ok: true, result });
  } catch (e) {
    parentPort!.postMessage({ index: m.index, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
