/**
 * The GLMM pass worker (see runner.ts): waits on the control word, claims chunk 1 of the posted
 * pass when the calling thread has not taken it yet, runs it on the attached workspace and
 * reports completion. Workspaces arrive as messages ({ attach: id, arrays } / { detach: id }).
 */
import { workerData, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { muPass, fillPass, type PassArrays } from "./passes.js";
import { CTL } from "./control.js";

const { sab, port } = workerData as { sab: SharedArrayBuffer; port: MessagePort };
const ctl = new Int32Array(sab);
const spaces = new Map<number, PassArrays>();
let seen = 0;
Atomics.store(ctl, CTL.ready, 1);
for (;;) {
  Atomics.wait(ctl, CTL.seq, seen);
  seen = Atomics.load(ctl, CTL.seq);
  for (let m; (m = receiveMessageOnPort(port)); ) {
    const x = m.message as { attach?: number; detach?: number; arrays?: PassArrays };
    if (x.attach !== undefined) spaces.set(x.attach, x.arrays!);
    else if (x.detach !== undefined) spaces.delete(x.detach);
  }
  if (Atomics.load(ctl, CTL.cmd) === CTL.stop) break;
  // Claim chunk 1 of job `seen` (fails when the calling thread ran it, or a newer job is posted).
  if (Atomics.compareExchange(ctl, CTL.claim, seen, 0) !== seen) continue;
  try {
    const a = spaces.get(Atomics.load(ctl, CTL.id))!;
    const cmd = Atomics.load(ctl, CTL.cmd), flag = Atomics.load(ctl, CTL.flag);
    if (cmd === CTL.mu) muPass(a, 1, flag !== 0);
    else fillPass(a, 1, Atomics.load(ctl, CTL.target), flag !== 0);
  } catch {
    Atomics.store(ctl, CTL.error, 1);
    Atomics.add(ctl, CTL.errors, 1);
  }
  Atomics.add(ctl, CTL.workerChunks, 1);
  Atomics.store(ctl, CTL.done, seen);
  Atomics.notify(ctl, CTL.done);
}
