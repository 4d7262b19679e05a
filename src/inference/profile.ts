/**
 * `profile(model)`: likelihood profiles of every parameter on the sd/cor scale (lme4's
 * `oldNames = FALSE` names) and of every fixed effect, as lme4's profile.merMod: the signed
 * square-root deviance ζ(x) = sign(x − x̂) √(d(x) − d̂) with the other parameters re-optimized
 * (profileCore), interpolated by splines; `confint` inverts them at ζ = ±z_{(1+level)/2}.
 *
 * LMMs are profiled on the ML deviance (a REML fit is refitted by ML first, as lme4 does), with
 * σ as a parameter; GLMMs on the fit's deviance of (θ, β) (binomial/Poisson only, as lme4);
 * fits of the general Laplace engine (nbinom2, beta, ziformula, …) on the Laplace deviance of
 * (θ, β, φ), the family's parameters profiled as well and re-optimized at every step
 * (profileLaplace.ts; workers rebuild the fit from its saveFit).
 * The parameters are profiled independently: on worker threads (one task per parameter) when
 * the estimated work is large, else in this thread; the result does not depend on which. The
 * fitted model is never modified (each profile has its own workspaces), also when a step fails.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { sdcorLayout } from "./profileParams.js";
import { defaultSteps, qchisq, type ParamProfile } from "./profileCore.js";
import { evalSpline, linearInterp } from "./profileSpline.js";
import { LmmProfiler, type LmmProfileContext } from "./profileLmm.js";
import { GlmmProfiler, type GlmmProfileContext } from "./profileGlmm.js";
import { LaplaceProfiler, laplaceProfileParams, type LaplaceProfileContext } from "./profileLaplace.js";
import { modelSpec, laplaceSpec, type FittedModel } from "./workers/spec.js";
import { runPool, workerCount } from "./workers/pool.js";
import { qnormStd, type ConfintTable } from "./profileTypes.js";
import { renderable, renderableClass } from "../results/renderable.js";
import { profileScaleGlmm, profileInconsistent, unknownParm, badLevel, aborted, customFamilyWorkers } from "../messages/profile.js";
import { requireFittedModel } from "../model/args.js";
import { checkInferenceOptions } from "./options.js";

/** Progress of a profile: parameters done of total, and the one just finished. */
export interface ProfileProgress {
  readonly done: number;
  readonly total: number;
  /** The parameter just finished. */
  readonly parameter: string;
}

/** Options of `profile` / `profileSync`. */
export interface ProfileOptions {
  /**
   * Parameters to profile: names, 0-based indices into `parameterNames(model)`, or "theta_"
   * (all variance parameters, σ included) / "beta_" (all fixed effects). Default: all.
   */
  readonly which?: string | readonly (string | number)[];
  /**
   * Worker threads: a number (0 = this thread) or "auto" (default: the first parameters are
   * profiled here for ~0.3 s; the rest go to workers, as many as cores and parameters left, when
   * they would take over ~2 s more here).
   */
  readonly workers?: number | "auto";
  readonly onProgress?: (p: ProfileProgress) => void;
  readonly signal?: AbortSignal;
  /** lme4's alphamax: the profile extends to ζ = √χ²_{nptot}(1 − alphamax) (default 0.01). */
  readonly alphamax?: number;
  /** Points per direction at most (default 100). */
  readonly maxpts?: number;
}

type Profiler = LmmProfiler | GlmmProfiler | LaplaceProfiler;
type Setup = { ctx: LmmProfileContext | GlmmProfileContext | LaplaceProfileContext; names: string[]; nvp: number; nfix: number; lower: Float64Array; upper: Float64Array; make: () => Profiler };

/**
 * The parameter names of profiles and intervals: sd/cor (+ sigma), then the fixed effects, then
 * for a fit of the general Laplace engine the family's parameters on the optimizer's scale
 * ("log(theta)", "log(phi)", "zi~…", "disp~…").
 */
export function parameterNames(model: FittedModel): string[] {
  const useSc = model.kind === "lmerMod";
  const layout = sdcorLayout(model.input.terms, useSc, !useSc && model.family.hasScale);
  const fam = model.kind === "glmerMod" && model.laplace ? model.laplace.family.params.map((q) => q.name) : [];
  return [...layout.names, ...model.fixefNames, ...fam];
}

function setup(model: FittedModel, opts: ProfileOptions): Setup {
  const nptotOf = (n: number) => {
    const s = defaultSteps(n);
    if (opts.alphamax === undefined && opts.maxpts === undefined) return s;
    const cutoff = Math.sqrt(qchisq(1 - (opts.alphamax ?? 0.01), n));
    return { ...s, cutoff, delta: cutoff / 8, maxpts: opts.maxpts ?? s.maxpts };
  };
  if (model.kind === "lmerMod") {
    const ml: LmerMod = model.REML ? model.update({ REML: false }) : model;
    const layout = sdcorLayout(ml.input.terms, true);
    const vp = layout.fromTheta(ml.theta, ml.sigma);
    const opt = Float64Array.from([...vp, ...ml.beta]);
    const names = [...layout.names, ...ml.fixefNames];
    const se = ml.se();
    const ctx: LmmProfileContext = {
      kind: "lmm", opt, names, nvp: vp.length, base: ml.criterion, thopt: Float64Array.from(ml.theta),
      stderr: Float64Array.from(ml.fixefNames.map((n) => se[n])), steps: nptotOf(opt.length),
    };
    return { ctx, names, nvp: vp.length, nfix: ml.beta.length, lower: layout.lower, upper: layout.upper, make: () => new LmmProfiler(ml.input, ctx) };
  }
  const g: GlmerMod = model;
  if (g.laplace) {
    const lp = laplaceProfileParams(g);
    const ctx: LaplaceProfileContext = { kind: "laplace", opt: lp.opt, names: lp.names, nvp: lp.nvp, base: g.criterion, steps: nptotOf(lp.opt.length), lower: lp.lower, upper: lp.upper };
    return { ctx, names: lp.names, nvp: lp.nvp, nfix: g.beta.length, lower: lp.lower, upper: lp.upper, make: () => new LaplaceProfiler(g, ctx) };
  }
  if (g.family.hasScale) throw profileScaleGlmm(g.family.name);
  const layout = sdcorLayout(g.input.terms, false);
  const vp = layout.fromTheta(g.theta, 1);
  const opt = Float64Array.from([...vp, ...g.beta]);
  const names = [...layout.names, ...g.fixefNames];
  const ctx: GlmmProfileContext = {
    kind: "glmm", opt, names, nvp: vp.length, base: g.criterion, nAGQ: g.nAGQ, etaHat: g.restartEta, steps: nptotOf(opt.length),
  };
  const lower = Float64Array.from([...layout.lower, ...g.beta.map(() => -Infinity)]);
  const upper = Float64Array.from([...layout.upper, ...g.beta.map(() => Infinity)]);
  return { ctx, names, nvp: vp.length, nfix: g.beta.length, lower, upper, make: () => new GlmmProfiler(g.input, g.family, ctx) };
}


/**
 * Resolves `which` to 0-based parameter indices (sorted, unique). "beta_" selects the `nfix`
 * parameters after the variance parameters (default: all the rest; a Laplace-engine fit's family
 * parameters follow the fixed effects and are selected by name or index).
 */
export function resolveWhich(which: ProfileOptions["which"], names: readonly string[], nvp: number, nfix = names.length - nvp): number[] {
  if (which === undefined) return names.map((_, i) => i);
  const list = typeof which === "string" ? [which] : which;
  const out = new Set<number>();
  for (const w of list) {
    if (typeof w === "number") {
      if (!(Number.isInteger(w) && w >= 0 && w < names.length)) throw unknownParm(String(w), names);
      out.add(w);
    } else if (w === "theta_") for (let i = 0; i < nvp; i++) out.add(i);
    else if (w === "beta_") for (let i = nvp; i < nvp + nfix; i++) out.add(i);
    else {
      const i = names.indexOf(w);
      if (i < 0) throw unknownParm(w, names);
      out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The profiles of a model's parameters: points, splines, and intervals from them. */
export class ModelProfile {
  constructor(
    /** Profiled parameters, in parameter order. */
    readonly params: readonly ParamProfile[],
    /** All parameter names (sd/cor, sigma, fixed effects). */
    readonly names: readonly string[],
    /** The estimates the profiles start from (the ML fit's for LMMs). */
    readonly estimates: Float64Array,
    /** Bounds per parameter (sd ≥ 0, −1 ≤ cor ≤ 1, fixed effects unbounded). */
    readonly lower: Float64Array,
    readonly upper: Float64Array,
    /** Deviance at the optimum. */
    readonly base: number,
    /** Number of variance parameters (σ included for LMMs). */
    readonly nvp: number,
    /** Profiling time (ms) and whether worker threads were used. */
    readonly timing: { readonly ms: number; readonly workers: number },
    /** Number of fixed effects (after the variance parameters; a Laplace-engine fit's family parameters follow them). */
    readonly nfix: number = names.length - nvp,
  ) {}

  /** Warnings of all parameters' profiles. */
  get warnings(): string[] {
    return this.params.flatMap((p) => p.warnings);
  }

  private get(name: string): ParamProfile {
    const p = this.params.find((q) => q.name === name);
    if (!p) throw unknownParm(name, this.params.map((q) => q.name));
    return p;
  }

  /** ζ at value x of parameter `name` (forward spline; NaN outside the profiled range). */
  zeta(name: string, x: number): number {
    const p = this.get(name);
    return p.forward ? evalSpline(p.forward, x) : NaN;
  }

  /** The parameter value where ζ = z (backward spline; NaN outside the profiled range). */
  valueAt(name: string, z: number): number {
    const p = this.get(name);
    return p.backward ? evalSpline(p.backward, z) : NaN;
  }

  /** Long table of the points (lme4's as.data.frame of a profile): one row per point. */
  table(): { parameter: string; zeta: number; values: Record<string, number> }[] {
    return this.params.flatMap((p) =>
      p.rows.map((r) => ({ parameter: p.name, zeta: r.zeta, values: Object.fromEntries(this.names.map((n, i) => [n, r.par[i]])) })),
    );
  }

  /**
   * Profile confidence intervals (lme4's confint.thpr): the backward spline at ζ = ±z; outside
   * the profiled range the parameter's bound (e.g. 0 for an sd whose profile reaches 0); a
   * non-monotone profile falls back to linear interpolation, or NaN with a warning.
   */
  confint(opts: { level?: number; parm?: ProfileOptions["which"] } = {}): ConfintTable {
    checkInferenceOptions("ModelProfile.confint", opts);
    const level = opts.level ?? 0.95;
    if (!(level > 0 && level < 1)) throw badLevel(level);
    const z = qnormStd((1 + level) / 2);
    const idx = opts.parm === undefined ? this.params.map((p) => p.index) : resolveWhich(opts.parm, this.names, this.nvp, this.nfix);
    const warnings: string[] = [];
    const lower = new Float64Array(idx.length), upper = new Float64Array(idx.length);
    idx.forEach((i, k) => {
      const p = this.params.find((q) => q.index === i);
      if (!p) throw unknownParm(this.names[i], this.params.map((q) => q.name));
      let lo = NaN, hi = NaN;
      if (p.backward) {
        lo = evalSpline(p.backward, -z);
        hi = evalSpline(p.backward, z);
      } else {
        const ok = p.rows.filter((r) => Number.isFinite(r.zeta));
        if (ok.length === 0) warnings.push(`bad profile for ${p.name}`);
        else if (ok.some((r, j) => j > 0 && r.zeta - ok[j - 1].zeta < -0.01)) warnings.push(`non-monotonic profile for ${p.name}`);
        else {
          warnings.push(`bad spline fit for ${p.name}: falling back to linear interpolation`);
          const zs = ok.map((r) => r.zeta), xs = ok.map((r) => r.par[i]);
          lo = linearInterp(zs, xs, -z);
          hi = linearInterp(zs, xs, z);
        }
      }
      if (Number.isNaN(lo) && p.rows.length > 0) lo = this.lower[i];
      if (Number.isNaN(hi) && p.rows.length > 0) hi = this.upper[i];
      lower[k] = lo;
      upper[k] = hi;
    });
    return renderable("confint", { method: "profile", level, names: idx.map((i) => this.names[i]), lower, upper, warnings: [...this.warnings, ...warnings] });
  }
}
renderableClass("profile", ModelProfile.prototype);

function check(prof: Profiler, s: Setup): void {
  const x = s.ctx.kind === "lmm" ? s.ctx.opt.subarray(0, s.nvp) : s.ctx.opt;
  const d = prof.deviance(Float64Array.from(x));
  if (!(Math.abs(d - s.ctx.base) <= 1e-5 * Math.max(1, Math.abs(s.ctx.base)))) throw profileInconsistent(s.ctx.base, d);
}

/** Profiles in this thread (synchronous). */
export function profileSync(model: FittedModel, opts: ProfileOptions = {}): ModelProfile {
  requireFittedModel("profile", model);
  checkInferenceOptions("profile", opts);
  const t0 = performance.now();
  const s = setup(model, opts);
  const idx = resolveWhich(opts.which, s.names, s.nvp, s.nfix);
  const prof = s.make();
  check(prof, s);
  const params = idx.map((i, k) => {
    const r = prof.profile(i);
    opts.onProgress?.({ done: k + 1, total: idx.length, parameter: s.names[i] });
    return r;
  });
  return new ModelProfile(params, s.names, s.ctx.opt, s.lower, s.upper, s.ctx.base, s.nvp, { ms: performance.now() - t0, workers: 0 }, s.nfix);
}

/**
 * Profiles the model's parameters (all, or `which`), on worker threads when worthwhile.
 * Resolves to a ModelProfile; rejects with an LmeError when a profile finds a lower deviance
 * than the fit's (the fit had not converged) or on `signal` abort.
 */
export async function profile(model: FittedModel, opts: ProfileOptions = {}): Promise<ModelProfile> {
  requireFittedModel("profile", model);
  checkInferenceOptions("profile", opts);
  const t0 = performance.now();
  const s = setup(model, opts);
  const idx = resolveWhich(opts.which, s.names, s.nvp, s.nfix);
  const local = s.make();
  check(local, s);
  const spec = modelSpec(model.kind === "lmerMod" && model.REML ? model.update({ REML: false }) : model);
  const auto = opts.workers === undefined || opts.workers === "auto";
  const warnings: string[] = [];
  let allowed = workerCount(opts.workers, idx.length);
  // A Laplace-engine fit reaches workers as its saved fit (restoreFit there), not as a spec.
  const lspec = model.kind === "glmerMod" && model.laplace && allowed > 0 ? laplaceSpec(model) : null;
  if (spec === null && lspec === null && allowed > 0) { allowed = 0; if (model.kind === "glmerMod") warnings.push(customFamilyWorkers(model.family.link.name)); }
  // "auto": profile in this thread for ~0.3 s; send the rest to workers only if it would take
  // over ~2 s more here (worker start-up and warm-up cost a fraction of a second each).
  const params: ParamProfile[] = [];
  const tStart = performance.now();
  let k = 0;
  const runLocal = async () => {
    if (opts.signal?.aborted) throw aborted("profile");
    const i = idx[k++];
    params.push(local.profile(i));
    opts.onProgress?.({ done: k, total: idx.length, parameter: s.names[i] });
    await new Promise((r) => setImmediate(r));
  };
  if (allowed === 0) while (k < idx.length) await runLocal();
  else if (auto) while (k < idx.length && performance.now() - tStart < 300) await runLocal();
  const rest = idx.slice(k);
  let nw = 0;
  if (rest.length > 0) {
    const perParam = k > 0 ? (performance.now() - tStart) / k : Infinity;
    nw = auto && perParam * rest.length < 2000 ? 0 : Math.min(allowed, rest.length);
    if (nw === 0) while (k < idx.length) await runLocal();
    else {
      const done0 = k;
      const more = await runPool<{ param: number }, ParamProfile>({
        what: "profile", workerData: { job: "profile", spec, ctx: s.ctx, laplace: lspec }, tasks: rest.map((param) => ({ param })), workers: nw,
        signal: opts.signal, onDone: (done, total, _i, r) => opts.onProgress?.({ done: done0 + done, total: done0 + total, parameter: r.name }),
      });
      params.push(...more);
    }
  }
  if (warnings.length) params[0]?.warnings.push(...warnings);
  return new ModelProfile(params, s.names, s.ctx.opt, s.lower, s.upper, s.ctx.base, s.nvp, { ms: performance.now() - t0, workers: nw }, s.nfix);
}

