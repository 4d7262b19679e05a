/** Messages of profiles, intervals, simulation, the bootstrap and allFit (src/inference/). */
import { LmeError } from "./error.js";

export const badSeed = (seed: unknown) =>
  new LmeError("usage", `seed must be a whole number from 0 to 4294967295, not ${String(seed)}`);
export const badNsim = (nsim: unknown) =>
  new LmeError("usage", `nsim must be a positive whole number, not ${String(nsim)}`);
export const badLevel = (level: unknown) =>
  new LmeError("usage", `level must be a number strictly between 0 and 1 (e.g. 0.95), not ${String(level)}`);
export const unknownParm = (parm: string, names: readonly string[]) =>
  new LmeError("usage", `unknown parameter '${parm}': choose from ${names.map((n) => `'${n}'`).join(", ")}, or "theta_" (all variance parameters) / "beta_" (all fixed effects)`);
export const unknownMethod = (method: string) =>
  new LmeError("usage", `unknown interval method '${method}': use "profile", "Wald" or "boot"`);
export const profileScaleGlmm = (family: string) =>
  new LmeError("usage", `profiles of GLMMs with an estimated scale parameter (family ${family}) are not available (as in lme4); use confint(model, { method: "boot" }) instead`);
export const profileLowerDeviance = (parm: string, base: number, dev: number) =>
  new LmeError("numeric", `profiling '${parm}' found a lower deviance (${dev.toFixed(6)} < ${base.toFixed(6)}): the fit had not converged to the optimum; refit (e.g. with another optimizer, see allFit) and profile again`);
export const profileInconsistent = (base: number, dev: number) =>
  new LmeError("numeric", `the profile deviance at the estimates (${dev}) differs from the fit's deviance (${base}); refit the model and profile again`);
export const nonMonotoneProfile = (parm: string) =>
  `non-monotonic profile for ${parm}: its interval uses linear interpolation of the profile points (or is NA)`;
export const badSpline = (parm: string) =>
  `bad spline fit for ${parm}: falling back to linear interpolation`;
export const profileNaN = (parm: string) => `NAs detected in profiling ${parm} (an optimization failed)`;
export const slightlyLowerDeviance = (parm: string, diff: number) =>
  `slightly lower deviances (diff = ${diff.toExponential(3)}) detected while profiling ${parm}`;
export const aborted = (what: string) => new LmeError("usage", `${what} was interrupted (AbortSignal)`);
export const workerFailed = (what: string, message: string) =>
  new LmeError("numeric", `${what}: a worker thread failed: ${message}; run again with { workers: 0 } to compute in this thread`);
export const statisticNotSerializable = (message: string) =>
  new LmeError("usage", `bootMer: the statistic function could not run in a worker thread (${message}). A function sent to workers must be self-contained (no variables from outside it); pass { workers: 0 } to run it in this thread, or use a built-in statistic ("fixef", "theta", "sdcor", "all")`);
export const statisticShape = (got: number, want: number) =>
  new LmeError("usage", `bootMer: the statistic returned ${got} values for a replicate but ${want} for the fitted model; it must return the same number (and names) every time`);
export const allBootFailed = () =>
  new LmeError("numeric", "bootMer: every bootstrap refit failed; see the result's failures for the messages");
export const noVarianceWald = () =>
  "Wald intervals are not available for variance parameters (as in lme4): their rows are NaN; use the profile or bootstrap method";
export const simulateNewdataTerms = (group: string) =>
  new LmeError("data", `simulate: newdata has no column for grouping factor '${group}'`);
export const customFamilyWorkers = (link: string) =>
  `the link '${link}' is user-defined and cannot be sent to worker threads: computing in this thread`;
export const badWorkers = (w: unknown) =>
  new LmeError("usage", `workers must be "auto" or a whole number ≥ 0 (0 = compute in this thread), not ${String(w)}`);
export const badReForm = (r: unknown) =>
  new LmeError("usage", `simulate: reForm must be "marginal" (draw new random effects; also NA or "~0"), "conditional" (use the conditional modes; also null), or a formula of some of the model's random terms such as "~(1 | g)" (those kept, the others drawn), not ${String(r)}`);

