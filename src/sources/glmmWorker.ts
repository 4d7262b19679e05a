/**
 * The worker thread of glmer from a database source (see glmmThread.ts): runs glmer's two stages
 * (optimizeGlmm, synchronous) on a workspace whose row passes block on the main thread, which
 * runs each pass as a query on the user's connection and answers through a MessagePort
 * (receiveMessageOnPort after Atomics.wait on a shared flag).
 */
import { parentPort, workerData, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { resolveFamily } from "../glmm/family/resolve.js";
import { makeCovariance } from "../covariance/index.js";
import { thetaLayout } from "../lmm/lmer.js";
import { optimizeGlmm } from "../glmm/glmer.js";
import type { ReTerm } from "../model/random.js";
import { LmeError } from "../messages/error.js";
import { CP_VALUES, remotePirls, remoteWork, type CrossValues, type RowPasses } from "./pirls.js";
import type { GlmmJob, GlmmReply, GlmmRequest } from "./glmmThread.js";

const { job, port, flag } = workerData as { job: GlmmJob; port: MessagePort; flag: SharedArrayBuffer };
const ctl = new Int32Array(flag);
let failure: string | null = null;

/** One request to the main thread, answered synchronously (the thread sleeps meanwhile). */
function call(req: GlmmRequest): unknown {
  if (failure !== null) throw new Error(failure);
  Atomics.store(ctl, 0, 0);
  parentPort!.postMessage(req);
  Atomics.wait(ctl, 0, 0);
  const r = receiveMessageOnPort(port)?.message as GlmmReply | undefined;
  if (!r || r.error !== undefined) { failure = r?.error ?? "no reply from the main thread"; throw new Error(failure); }
  return r.value;
}

const passes: RowPasses = {
  dev: (eta) => call({ op: "dev", eta }) as number,
  cross: (eta, withBeta, beta) => call({ op: "cross", eta, withBeta, beta }) as CrossValues,
  ...(job.oneScan ? { devCross: (eta: Float64Array, withBeta: boolean, beta: Float64Array) => call({ op: "devcross", eta, withBeta, beta }) as { dev: number; cross: CrossValues } } : {}),
};

try {
  const family = resolveFamily(job.family, job.link);
  const terms = job.terms.map((t): ReTerm => ({
    group: t.group, levels: [], codes: new Int32Array(0), nLevels: t.nLevels, q: t.q, names: t.names, z: new Float64Array(0),
    design: null as never, spec: t.spec, cov: makeCovariance(t.spec.structure, t.q),
  }));
  const remote = remotePirls(passes, job.aicConst);
  const work = remoteWork(family, terms, job.shape, job.p, job.nobs, remote);
  const e = new Float64Array(0), warnings: string[] = [];
  const g = { family, nAGQ: job.opts.nAGQ ?? 1, resp: { y: e, weights: e }, warnings, work, layout: thetaLayout({ terms }), etaInit: () => new Float64Array(work.eta.length) };
  const r = optimizeGlmm({ p: job.p, fixedNames: job.fixedNames }, job.opts, g);
  if (failure !== null) throw new Error(failure);
  const values = (cp: typeof work.cpU) => Object.fromEntries(CP_VALUES.map((k) => [k, cp[k]])) as CrossValues;
  parentPort!.postMessage({ done: { ...r, warnings, u: work.u, cpU: values(work.cpU), cpUB: values(work.cpUB), thetaU: remote.lastTheta!.fU, thetaUB: remote.lastTheta!.fUB } });
} catch (err) {
  const code = err instanceof LmeError && failure === null ? err.code : null;
  parentPort!.postMessage({ fatal: failure ?? (err instanceof Error ? err.message : String(err)), code });
}
