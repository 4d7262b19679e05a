/**
 * Slots of the control words shared by the calling thread and the GLMM pass worker (an
 * Int32Array over a SharedArrayBuffer), and the command codes.
 */
export const CTL = {
  /** Sequence number of the posted job (the worker waits on it). */
  seq: 0,
  /** Command of the job: `mu` or `fill` (or `stop`). */
  cmd: 1,
  /** Sequence number of the last job whose chunk 1 the worker finished. */
  done: 2,
  /** 1 when the worker's chunk failed. */
  error: 3,
  /** Workspace id of the job. */
  id: 4,
  /** Sequence number of a job whose chunk 1 is still unclaimed, else 0. */
  claim: 5,
  /** muPass: form η_off from β; fillPass: withBeta. */
  flag: 6,
  /** fillPass: target (0: u only, 1: (u, β)). */
  target: 7,
  /** Set to 1 by the worker once it runs. */
  ready: 8,
  /** Chunks the worker has run (tests check the worker did work). */
  workerChunks: 9,
  /** Chunks that threw on the worker (the calling thread then ran them again). */
  errors: 10,
  /** Size of the control array. */
  size: 16,
  mu: 1,
  fill: 2,
  stop: 9,
} as const;
