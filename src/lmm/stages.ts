/**
 * Stage timings of the per-θ factor update (src/lmm/factor.ts `updateFactor`) for the profiling
 * harness bench/profile-theta.mjs. Off by default: then each stage boundary costs one comparison.
 */
/** Milliseconds accumulated per stage, or null when not profiling. */
let stageTimes: Record<string, number> | null = null;
let clock: () => number = () => performance.now();

/**
 * Starts (a record to accumulate into) or stops (null) the per-stage timing of `updateFactor`;
 * `now` is the clock in milliseconds (e.g. the process's CPU time on a shared machine).
 */
export function profileFactorStages(times: Record<string, number> | null, now: () => number = () => performance.now()): void {
  stageTimes = times;
  clock = now;
}

/** Adds the time since t0 to `stage` when profiling; returns the new start time. */
export function lap(stage: string, t0: number): number {
  if (!stageTimes) return 0;
  const t = clock();
  stageTimes[stage] = (stageTimes[stage] ?? 0) + t - t0;
  return t;
}

/** The start time of the first stage (0 when not profiling). */
export function stageStart(): number {
  return stageTimes ? clock() : 0;
}
