/**
 * `bootMer(model, statistic, { nsim, seed })`: the parametric bootstrap (lme4's bootMer with
 * type = "parametric", use.u = FALSE): replicate i simulates y*ᵢ from the fitted model with new
 * random effects (simulate.ts, generator seeded by (seed, i)), refits the model to y*ᵢ starting
 * from the estimates (LMM: θ̂, lme4's `refit`; GLMM: one stage from (θ̂, β̂), also as `refit`), and
 * evaluates the statistic on the refit. Responses are simulated in this thread, refits run on
 * worker threads in chunks; row i of the result depends only on (model, seed, i), so results are
 * identical run to run and for any number of workers.
 *
 * A statistic is a built-in name — "fixef" (β), "theta" (θ), "sdcor" (sd/cor and σ, lme4's
 * oldNames = FALSE names), "all" (sdcor, fixef, then a Laplace-engine fit's family parameters such as
 * log(theta), zi~ and disp~ coefficients: what confint(method = "boot") uses) — or a
 * function of the refitted model returning numbers (an array or a name → value record). A
 * function is sent to workers as source text, so it must be self-contained (no variables from
 * outside it); with { workers: 0 } any function works. Failed refits give NaN rows, listed in
 * `failures`.
 */
import type { MixedModelInput } from "../model/lmmInput.js";
import type { Family } from "../glmm/family/index.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { thetaLayout } from "../lmm/lmer.js";
import { crossPattern, fillCrossProducts } from "../lmm/crossprod.js";
import { allocFactor, updateFactor } from "../lmm/factor.js";
import { lmmObjective, objectiveFromFactor } from "../lmm/objective.js";
import { bobyqa, nelderMead } from "../optim/index.js";
import { checkConvergence } from "../optim/convergence.js";
import { LmerMod } from "../results/lmerMod.js";
import { refitModel } from "../results/update.js";
import { modelSpec, refitGlmer, laplaceSpec, type FittedModel, type ModelSpec, type LaplaceSpec } from "./workers/spec.js";
import { runPool, workerCount } from "./workers/pool.js";
import { simBasis, drawResponse } from "./simulate.js";
import { replicateRng, randomSeed, checkSeed } from "./rng.js";
import { sdcorLayout } from "./profileParams.js";
import { qnormStd, type ConfintTable } from "./profileTypes.js";
import { renderable, renderableClass } from "../results/renderable.js";
import { aborted, badNsim, badLevel, statisticShape, statisticNotSerializable, allBootFailed } from "../messages/profile.js";
import { requireFittedModel } from "../model/args.js";
import { checkInferenceOptions, checkBootStatistic } from "./options.js";

/** A statistic of a fitted model: built-in name or function. */
export type BootStatistic = "fixef" | "theta" | "sdcor" | "all" | ((model: FittedModel) => number | ArrayLike<number> | Readonly<Record<string, number>>);

/** Progress of a bootstrap: replicates done of total. */
export interface BootProgress {
  readonly done: number;
  readonly total: number;
}

/** Options of `bootMer`. */
export interface BootOptions {
  /** Number of bootstrap replicates (default 500, as lme4's confint). */
  readonly nsim?: number;
  /** Seed; default: a random one (reported in the result). */
  readonly seed?: number;
  /** Only "parametric" (lme4's default). */
  readonly type?: "parametric";
  /** Worker threads (0 = this thread; default "auto": workers when the refits left after ~0.3 s here would take over ~2 s more). */
  readonly workers?: number | "auto";
  readonly onProgress?: (p: BootProgress) => void;
  readonly signal?: AbortSignal;
}

/** What bootstrap workers need (serializable). */
export interface BootContext {
  /** A built-in statistic name or a function's source text. */
  readonly statistic: string | { readonly source: string };
  readonly names: readonly string[];
  readonly start: Float64Array;
  /** β̂ of a GLMM (GLMM refits start from (θ̂, β̂)); null for an LMM. */
  readonly fixefStart: Float64Array | null;
  readonly priorWeights: Float64Array | null;
  /** A Laplace-engine fit: its saved form, from which workers rebuild it (their refits use its family and options). */
  readonly laplace?: LaplaceSpec | null;
}

/** A chunk of replicates for a worker: the first replicate's index and the simulated responses. */
export interface BootTask {
  readonly first: number;
  readonly ys: Float64Array[];
}

/** A chunk's results: statistic rows (NaN rows for failed refits), failures, refit warnings. */
export interface BootChunk {
  readonly rows: Float64Array[];
  readonly failures: { replicate: number; message: string }[];
  readonly warnings: { replicate: number; messages: string[] }[];
}

/** Values of a built-in statistic ("fixef", "theta", "sdcor", "all") of a fitted model. */
export function builtin(name: string, m: FittedModel): Float64Array {
  const beta = m.beta;
  if (name === "fixef") return Float64Array.from(beta);
  if (name === "theta") return Float64Array.from(m.theta);
  const lmm = m.kind === "lmerMod";
  const sd = sdcorLayout(m.input.terms, lmm, !lmm && m.family.hasScale).fromTheta(m.theta, m.sigma);
  return name === "sdcor" ? sd : Float64Array.from([...sd, ...beta, ...familyPar(m)]);
}

/** A Laplace-engine fit's family parameters on the optimizer's scale (log θ, zi~, disp~ coefficients), else none. */
function familyPar(m: FittedModel): Float64Array {
  return m.kind === "glmerMod" && m.laplace ? m.laplace.par : new Float64Array(0);
}

/** Names of a built-in statistic. */
export function builtinNames(name: string, m: FittedModel): string[] {
  const lmm = m.kind === "lmerMod";
  const sd = sdcorLayout(m.input.terms, lmm, !lmm && m.family.hasScale).names;
  if (name === "fixef") return [...m.fixefNames];
  if (name === "theta") return [...m.thetaNames];
  const fam = m.kind === "glmerMod" && m.laplace ? m.laplace.family.params.map((q) => q.name) : [];
  return name === "sdcor" ? [...sd] : [...sd, ...m.fixefNames, ...fam];
}

function asVector(v: number | ArrayLike<number> | Readonly<Record<string, number>>, names: readonly string[]): Float64Array {
  if (typeof v === "number") v = [v];
  if (typeof (v as ArrayLike<number>).length === "number") {
    const a = Float64Array.from(v as ArrayLike<number>);
    if (a.length !== names.length) throw statisticShape(a.length, names.length);
    return a;
  }
  const r = v as Record<string, number>;
  return Float64Array.from(names.map((n) => (n in r ? Number(r[n]) : NaN)));
}

/** Refits and evaluates the statistic: the per-thread state of a bootstrap (worker or this thread). */
export function bootWorkerState(spec: ModelSpec | null, input: MixedModelInput, ctx: BootContext, local?: { fn?: BootStatistic; family?: Family; model?: FittedModel }) {
  let stat: (m: FittedModel) => Float64Array;
  const s = local?.fn ?? ctx.statistic;
  if (typeof s === "string") stat = (m) => builtin(s, m);
  else if (typeof s === "function") stat = (m) => asVector(s(m), ctx.names);
  else {
    let fn: (m: FittedModel) => number | ArrayLike<number> | Record<string, number>;
    try {
      fn = new Function(`return (${s.source});`)() as typeof fn;
    } catch (e) {
      throw statisticNotSerializable((e as Error).message);
    }
    stat = (m) => {
      try {
        return asVector(fn(m), ctx.names);
      } catch (e) {
        if (e instanceof ReferenceError) throw statisticNotSerializable(e.message);
        throw e;
      }
    };
  }
  const REML = spec ? spec.REML : (local?.model as LmerMod).REML;
  const optimizer = spec ? spec.optimizer : local?.model?.optinfo.optimizer === "nelder_mead" ? "nelder_mead" : "bobyqa";
  const isLmm = spec ? spec.kind === "lmer" : local?.model?.kind === "lmerMod";
  const lmmRefit = isLmm ? lmmRefitter(input, REML, optimizer, ctx.start) : null;
  const refit = (y: Float64Array): FittedModel => {
    if (lmmRefit) return lmmRefit(y);
    if (spec && !local?.family) return refitGlmer(spec, y, ctx.priorWeights!, spec.optimizer, undefined, { theta: ctx.start, fixef: ctx.fixefStart! });
    return refitGlmerLocal(local!.model as GlmerMod, y);
  };
  return {
    run(task: BootTask): BootChunk {
      const rows: Float64Array[] = [], failures: BootChunk["failures"] = [], warnings: BootChunk["warnings"] = [];
      task.ys.forEach((y, k) => {
        const replicate = task.first + k;
        try {
          const m = refit(y);
          rows.push(stat(m));
          if (m.warnings.length) warnings.push({ replicate, messages: [...m.warnings] });
        } catch (e) {
          if (e instanceof Error && /statistic function could not run/.test(e.message)) throw e;
          rows.push(new Float64Array(ctx.names.length).fill(NaN));
          failures.push({ replicate, message: e instanceof Error ? e.message : String(e) });
        }
      });
      return { rows, failures, warnings };
    },
  };
}

/**
 * LMM refits to new responses (lme4's `refit`): the cross-product pattern and the factor
 * workspace are built once; per response, one pass over the data refills the cross products,
 * the optimizer starts from θ̂, and, as in lmer, lme4's convergence check runs at the optimum
 * (when it complains, the optimizer is restarted once from there, which settles most of them).
 */
function lmmRefitter(input: MixedModelInput, REML: boolean, optimizer: "bobyqa" | "nelder_mead", start: Float64Array): (y: Float64Array) => LmerMod {
  const pat = crossPattern(input.terms, input.y.length);
  const sw = input.weights ? input.weights.map(Math.sqrt) : null;
  const layout = thetaLayout(input);
  const run = optimizer === "nelder_mead" ? nelderMead : bobyqa;
  const n = input.y.length;
  return (y) => {
    const yw = input.offset ? y.map((v, i) => v - input.offset![i]) : y;
    if (yw.length !== n) throw new Error(`the simulated response has ${yw.length} values, the model ${n}`);
    const cp = fillCrossProducts(pat, input.X, input.p, yw, sw);
    const work = allocFactor(cp, input.terms);
    const f = (theta: Float64Array) => lmmObjective(work, theta, REML);
    const t0 = performance.now();
    const opts = { lower: layout.lower, upper: layout.upper, maxfun: 100000, ftolAbs: 1e-10, xtolAbs: 1e-7 };
    let res = run(f, start, opts);
    const settle = (x: Float64Array) => {
      const th = Float64Array.from(x);
      for (let i = 0; i < th.length; i++) th[i] = Math.min(layout.upper[i], Math.max(layout.lower[i], th[i]));
      return th;
    };
    let theta = settle(res.x), fmin = f(theta);
    let warnings = checkConvergence(f, theta, layout.lower, layout.upper, fmin);
    let feval = res.feval;
    if (warnings.length) {
      res = run(f, theta, opts);
      feval += res.feval;
      const th2 = settle(res.x), f2 = f(th2);
      if (f2 <= fmin) { theta = th2; fmin = f2; }
      warnings = checkConvergence(f, theta, layout.lower, layout.upper, fmin);
    }
    updateFactor(work, theta);
    return new LmerMod({
      input, y, REML, cp, factor: work, theta, thetaNames: layout.names, options: { REML, optimizer },
      optinfo: {
        optimizer, initial: start, final: theta, lower: layout.lower, upper: layout.upper, feval,
        fmin: objectiveFromFactor(work, REML), returnCode: res.code, message: res.message, timeMs: performance.now() - t0, warnings,
      },
    });
  };
}

/**
 * GLMM refit in this thread: a Laplace-engine fit (negative binomial, beta, betabinomial,
 * ziformula, dispformula) by lme4's `refit` on its own family and options (from θ̂, β̂; the
 * family's parameters from their moment start), other fits with the model's own family object
 * (user-defined links).
 */
function refitGlmerLocal(model: GlmerMod, y: Float64Array): GlmerMod {
  if (model.laplace) return refitModel(model, y);
  const spec = modelSpec(model, true)!;
  return refitGlmer(spec, y, model.priorWeights, spec.optimizer, model.family, { theta: model.theta, fixef: model.beta });
}

/** The bootstrap replicates and their summaries. */
export class BootMer {
  constructor(
    /** Statistic names. */
    readonly names: readonly string[],
    /** The statistic on the fitted model. */
    readonly t0: Float64Array,
    /** One row per replicate (NaN rows for failed refits). */
    readonly t: readonly Float64Array[],
    readonly seed: number,
    readonly failures: readonly { replicate: number; message: string }[],
    readonly warnings: readonly { replicate: number; messages: string[] }[],
    readonly timing: { readonly ms: number; readonly workers: number },
  ) {}

  /** The number of bootstrap replicates (successful and failed). */
  get nsim(): number {
    return this.t.length;
  }

  /** Replicates of statistic `name` (failed ones left out). */
  column(name: string | number): Float64Array {
    const j = typeof name === "number" ? name : this.names.indexOf(name);
    return Float64Array.from(this.t.map((r) => r[j]).filter((v) => Number.isFinite(v)));
  }

  /** Mean, bias (mean − t0) and standard deviation of each statistic over the replicates. */
  summary(): { name: string; original: number; bias: number; stdError: number }[] {
    return this.names.map((name, j) => {
      const v = this.column(j), m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      return { name, original: this.t0[j], bias: m - this.t0[j], stdError: sd };
    });
  }

  /**
   * Bootstrap intervals (boot::boot.ci as lme4's confint.bootMer uses it): "perc" (default;
   * order statistics (R+1)α interpolated on the normal-quantile scale), "basic" (2t₀ − perc,
   * reversed) or "norm" (t₀ − bias ∓ z·sd).
   */
  confint(opts: { level?: number; type?: "perc" | "basic" | "norm" } = {}): ConfintTable {
    checkInferenceOptions("BootMer.confint", opts);
    const level = opts.level ?? 0.95, type = opts.type ?? "perc";
    if (!(level > 0 && level < 1)) throw badLevel(level);
    const a = (1 - level) / 2;
    const lower = new Float64Array(this.names.length), upper = new Float64Array(this.names.length);
    const warnings: string[] = [];
    this.names.forEach((_, j) => {
      const v = this.column(j).sort();
      if (v.length < 2) { lower[j] = upper[j] = NaN; return; }
      if (type === "norm") {
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
        const bias = m - this.t0[j], z = qnormStd(1 - a);
        lower[j] = this.t0[j] - bias - z * sd;
        upper[j] = this.t0[j] - bias + z * sd;
        return;
      }
      const lo = normInter(v, a), hi = normInter(v, 1 - a);
      if (lo.extreme || hi.extreme) warnings.push(`extreme order statistics used as endpoints for ${this.names[j]}`);
      if (type === "basic") { lower[j] = 2 * this.t0[j] - hi.value; upper[j] = 2 * this.t0[j] - lo.value; }
      else { lower[j] = lo.value; upper[j] = hi.value; }
    });
    if (this.failures.length) warnings.push(`${this.failures.length} of ${this.nsim} bootstrap refits failed`);
    return renderable("confint", { method: "boot", level, names: [...this.names], lower, upper, warnings });
  }
}
renderableClass("boot", BootMer.prototype);

/** boot's norm.inter on sorted finite values: the (R+1)α-th order statistic, interpolated on the Φ⁻¹ scale. */
function normInter(t: Float64Array, alpha: number): { value: number; extreme: boolean } {
  const R = t.length, rk = (R + 1) * alpha, k = Math.trunc(rk);
  const extreme = !(rk > 1 && rk < R);
  if (k === rk && k >= 1 && k <= R) return { value: t[k - 1], extreme };
  if (k <= 0) return { value: t[0], extreme };
  if (k >= R) return { value: t[R - 1], extreme };
  const z = qnormStd(alpha), z1 = qnormStd(k / (R + 1)), z2 = qnormStd((k + 1) / (R + 1));
  return { value: t[k - 1] + ((z - z1) / (z2 - z1)) * (t[k] - t[k - 1]), extreme };
}

/**
 * Parametric bootstrap of `statistic` (see the module doc). Rejects on `signal` abort; a
 * statistic function that cannot run in a worker rejects with advice to use { workers: 0 }.
 */
export async function bootMer(model: FittedModel, statistic: BootStatistic = "fixef", opts: BootOptions = {}): Promise<BootMer> {
  requireFittedModel("bootMer", model);
  const t0ms = performance.now();
  checkBootStatistic(statistic);
  checkInferenceOptions("bootMer", opts);
  const nsim = opts.nsim ?? 500;
  if (!(Number.isInteger(nsim) && nsim >= 1)) throw badNsim(nsim);
  const seed = opts.seed === undefined ? randomSeed() : checkSeed(opts.seed);
  let names: string[], t0: Float64Array;
  if (typeof statistic === "function") {
    const v = statistic(model);
    const len = typeof v === "number" ? 1 : (v as ArrayLike<number>).length;
    names = typeof len === "number" ? Array.from({ length: len }, (_, i) => `t${i + 1}`) : Object.keys(v);
    t0 = asVector(v, names);
  } else {
    names = builtinNames(statistic, model);
    t0 = builtin(statistic, model);
  }
  const basis = simBasis(model, {});
  const simulateAt = (i: number) => drawResponse(basis, replicateRng(seed, i));
  const spec = modelSpec(model);
  const ctx: BootContext = {
    statistic: typeof statistic === "function" ? { source: String(statistic) } : statistic,
    names, start: Float64Array.from(model.theta), priorWeights: model.kind === "glmerMod" ? model.priorWeights : null,
    fixefStart: model.kind === "glmerMod" ? Float64Array.from(model.beta) : null,
    laplace: model.kind === "glmerMod" && model.laplace ? laplaceSpec(model) : null,
  };
  const local = bootWorkerState(spec, model.input, ctx, { fn: statistic, family: spec ? undefined : (model as GlmerMod).family, model });
  const rows: Float64Array[] = new Array(nsim);
  const failures: BootChunk["failures"] = [], warnings: BootChunk["warnings"] = [];
  const take = (c: BootChunk, first: number) => {
    c.rows.forEach((r, k) => (rows[first + k] = r));
    failures.push(...c.failures);
    warnings.push(...c.warnings);
  };
  // The first replicates run in this thread (≥ 1, for ~0.3 s): they time a (warmed-up) refit for
  // the "auto" decision; the rest go to workers when they would take more than ~2 s here.
  const auto = opts.workers === undefined || opts.workers === "auto";
  let done = 0, best = Infinity;
  const tStart = performance.now();
  while (done < nsim && (done === 0 || (auto && performance.now() - tStart < 300))) {
    const t = performance.now();
    take(local.run({ first: done, ys: [simulateAt(done)] }), done);
    best = Math.min(best, performance.now() - t);
    done++;
    opts.onProgress?.({ done, total: nsim });
  }
  let nw = spec === null && !ctx.laplace ? 0 : workerCount(opts.workers, nsim - done);
  if (auto && best * (nsim - done) < 2000) nw = 0;
  if (nw === 0) {
    for (let i = done; i < nsim; i++) {
      if (opts.signal?.aborted) throw aborted("bootMer");
      take(local.run({ first: i, ys: [simulateAt(i)] }), i);
      done++;
      opts.onProgress?.({ done, total: nsim });
      if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    }
  } else {
    const size = Math.max(1, Math.min(50, Math.ceil((nsim - done) / (nw * 8))));
    const tasks: { first: number; count: number }[] = [];
    for (let i = done; i < nsim; i += size) tasks.push({ first: i, count: Math.min(size, nsim - i) });
    const chunks = await runPool<{ first: number; count: number }, BootChunk>({
      what: "bootMer", workerData: { job: "boot", spec, boot: ctx }, tasks, workers: nw, signal: opts.signal,
      prepare: (t) => ({ first: t.first, ys: Array.from({ length: t.count }, (_, k) => simulateAt(t.first + k)) }),
      onDone: (_d, _n, i, c) => { done += c.rows.length; opts.onProgress?.({ done, total: nsim }); void i; },
    });
    chunks.forEach((c, k) => take(c, tasks[k].first));
  }
  if (failures.length === nsim) throw allBootFailed();
  failures.sort((a, b) => a.replicate - b.replicate);
  warnings.sort((a, b) => a.replicate - b.replicate);
  return new BootMer(names, t0, rows, seed, failures, warnings, { ms: performance.now() - t0ms, workers: nw });
}
