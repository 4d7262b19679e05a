/**
 * `influence(m, { groups })`: lme4's `influence.merMod`, leave-one-unit-out refits. For each
 * level of `groups` (a column of the model's data; every observation when omitted) the model is
 * refitted without that level's rows, starting from the full fit's θ̂ (GLMM with nAGQ ≥ 1: θ̂ and
 * β̂), and the fixed effects β₍₋ⱼ₎, the variance components (σ², then each VarCorr block's lower
 * triangle) and vcov(β₍₋ⱼ₎) are kept. `dfbeta`, `dfbetas` and `cooksDistance` summarise them as
 * lme4's methods do.
 *
 * Refits run on worker threads (`workers`, default "auto": the available cores when the refits
 * would take more than ~2 s in this thread) with `onProgress` after each; the result depends only on the model and the
 * units, never on the number of workers.
 *
 * Caveats: lme4 with several `groups` columns pastes whole data rows (a bug that makes every
 * row its own unit); here the units are the interaction of the named columns, labelled
 * "a.b". Units are listed in order of first appearance in the model frame, as R's `unique`.
 * `converged` is false when the optimizer stopped at `maxfun` or lme4ts's convergence check
 * complained (lme4 looks at its optimizer's code and warnings, so the flags can differ on
 * borderline refits).
 */
import type { Column } from "../data/types.js";
import { modelSpec } from "../inference/workers/spec.js";
import { runPool, workerCount } from "../inference/workers/pool.js";
import { aborted } from "../messages/profile.js";
import { badGroups, badMaxfun, cooksFewUnits, deletionFailed, fixefLost, notConverged, oneGroup, unknownGroups, influenceLaplaceFamily } from "../messages/influence.js";
import { renderable } from "../results/renderable.js";
import { anything, checkOptions, either, func, int, oneOf, signal } from "../validate/index.js";
import { checkModel, type MerModel } from "./hatvalues.js";
import { deletionRefit, varcompVector, vcovArray, type DeletionContext, type DeletionResult } from "../inference/deletion.js";

/** Progress of the deletion refits. */
export interface InfluenceProgress {
  readonly done: number;
  readonly total: number;
}

/** Options of `influence`. */
export interface InfluenceOptions {
  /** Column(s) of the model's data whose levels are deleted one at a time; default: each observation. */
  readonly groups?: string | readonly string[];
  /** Optimizer evaluation limit per refit (lme4's default 1000). */
  readonly maxfun?: number;
  /**
   * Worker threads: 0 = this thread; "auto" (default): the first refit runs here and is timed,
   * the rest go to the available cores when they would take more than ~2 s here (8 units or more).
   */
  readonly workers?: number | "auto";
  readonly onProgress?: (p: InfluenceProgress) => void;
  readonly signal?: AbortSignal;
}

/** lme4's `influence.merMod` object (plain data; kind "influenceMerMod"). */
export interface InfluenceMerMod {
  readonly kind: "influenceMerMod";
  /** The deletion variable ("case" for observations). */
  readonly groups: string;
  /** Deleted units, in order of first appearance. */
  readonly deleted: readonly string[];
  readonly fixedNames: readonly string[];
  /** β̂ of the full fit. */
  readonly fixed: Float64Array;
  /** β̂ without each unit (one row per unit). */
  readonly fixedDeleted: readonly Float64Array[];
  /** Names of the variance components ("sigma^2", "v[(Intercept)]", "herd:v[(Intercept)]", "C[a,b]"). */
  readonly varcompNames: readonly string[];
  readonly varcomp: Float64Array;
  readonly varcompDeleted: readonly Float64Array[];
  /** vcov(β̂) of the full fit, p × p column-major. */
  readonly vcov: Float64Array;
  /** vcov without each unit, p × p column-major. */
  readonly vcovDeleted: readonly Float64Array[];
  readonly converged: readonly boolean[];
  readonly feval: readonly number[];
  readonly warnings: readonly string[];
}

/** lme4's variance-component names (see `InfluenceMerMod.varcompNames`). */
function varcompNames(m: MerModel): string[] {
  const blocks = m.VarCorr(), names = ["sigma^2"];
  const prefix = (g: string) => (blocks.length === 1 ? "" : `${g}:`);
  for (const b of blocks) {
    const c = b.names, q = c.length;
    for (let j = 0; j < q; j++) for (let i = j; i < q; i++) names.push(prefix(b.group) + (i === j ? `v[${c[i]}]` : `C[${c[i]},${c[j]}]`));
  }
  return names;
}

/** Label of a column's value at a model-frame row. */
function label(c: Column, i: number): string {
  return c.kind === "factor" ? c.levels[c.codes[i]] ?? "NA" : String(c.values[i]);
}

/** Deletion units: code per model-frame row and labels in order of first appearance. */
function deletionUnits(m: MerModel, groups: string | readonly string[] | undefined): { name: string; codes: Int32Array; labels: string[] } {
  const mf = m.input.mf, n = mf.frame.nrow;
  let keyOf: (i: number) => string, name: string;
  if (groups === undefined) {
    name = "case";
    keyOf = (i) => String(mf.rows[i] + 1);
  } else {
    const gs = typeof groups === "string" ? [groups] : groups;
    if (!Array.isArray(gs) || gs.length === 0 || gs.some((g) => typeof g !== "string")) throw badGroups(groups);
    const cols = gs.map((g) => {
      const c = mf.frame.columns.get(g);
      if (!c) throw unknownGroups(g, mf.frame.names);
      return c;
    });
    name = gs.join(".");
    keyOf = (i) => cols.map((c) => label(c, i)).join(".");
  }
  const index = new Map<string, number>(), labels: string[] = [], codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    let c = index.get(k);
    if (c === undefined) { c = labels.length; index.set(k, c); labels.push(k); }
    codes[i] = c;
  }
  if (labels.length < 2) throw oneGroup(name);
  return { name, codes, labels };
}

/**
 * Leave-one-unit-out influence of a fitted model (see the module doc). Rejects on `signal`
 * abort; a refit that fails (or cannot estimate every fixed effect) rejects naming the unit.
 */
export async function influence(m: MerModel, opts: InfluenceOptions = {}): Promise<InfluenceMerMod> {
  checkModel(m, "influence");
  if (m.kind === "glmerMod" && m.laplace) throw influenceLaplaceFamily(m.laplace.family.name);
  // groups and maxfun: checked below with their own messages; unknown keys (e.g. "group") are errors
  checkOptions("influence", opts, { groups: anything, maxfun: anything, workers: either(int(0), oneOf("auto")), onProgress: func, signal });
  const maxfun = opts.maxfun ?? 1000;
  if (!(Number.isInteger(maxfun) && maxfun > 0)) throw badMaxfun(maxfun);
  const units = deletionUnits(m, opts.groups);
  const total = units.labels.length;
  const glmmStart = m.kind === "glmerMod" && m.nAGQ > 0;
  const ctx: DeletionContext = {
    codes: units.codes, theta: Float64Array.from(m.theta), fixef: glmmStart ? Float64Array.from(m.beta) : null,
    fixedNames: [...m.fixefNames], maxfun,
  };
  const spec = modelSpec(m, true)!;
  const results: DeletionResult[] = new Array(total);
  const run = (j: number): DeletionResult => {
    try {
      return deletionRefit(spec, ctx, j);
    } catch (e) {
      throw deletionFailed(units.name, units.labels[j], e instanceof Error ? e.message : String(e));
    }
  };
  const auto = opts.workers === undefined || opts.workers === "auto";
  // A user-defined link cannot be re-created in a worker: such models refit here.
  let nw = modelSpec(m) === null ? 0 : workerCount(opts.workers, total);
  if (auto && total < 8) nw = 0;
  let done = 0, first = 0;
  // "auto": time the first refit here; stay in this thread when the rest would take < ~2 s.
  if (auto && nw > 0) {
    const t = performance.now();
    results[0] = run(0);
    opts.onProgress?.({ done: ++done, total });
    first = 1;
    if ((performance.now() - t) * (total - 1) < 2000) nw = 0;
  }
  if (nw === 0 || (nw === 1 && auto)) {
    for (let j = first; j < total; j++) {
      if (opts.signal?.aborted) throw aborted("influence");
      results[j] = run(j);
      opts.onProgress?.({ done: ++done, total });
      if (j % 4 === 3) await new Promise((r) => setImmediate(r));
    }
  } else {
    const out = await runPool<number, DeletionResult>({
      what: "influence", workerData: { job: "influence", spec, deletion: ctx }, tasks: Array.from({ length: total - first }, (_, k) => first + k),
      workers: nw, signal: opts.signal, onDone: () => opts.onProgress?.({ done: ++done, total }),
    }).catch((e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      const hit = /unit (\d+): (.*?); run again with/s.exec(msg);
      throw hit ? deletionFailed(units.name, units.labels[Number(hit[1])], hit[2]) : e;
    });
    out.forEach((r, k) => (results[first + k] = r));
  }
  results.forEach((r, j) => {
    if (r.lost.length) throw fixefLost(units.name, units.labels[j], r.lost);
  });
  const warnings: string[] = [];
  const bad = units.labels.filter((_, j) => !results[j].converged);
  if (bad.length) warnings.push(notConverged(bad.length, total, bad));
  if (total <= m.fixefNames.length) warnings.push(cooksFewUnits(total, m.fixefNames.length));
  return renderable("influenceMerMod", {
    kind: "influenceMerMod" as const, groups: units.name, deleted: units.labels, fixedNames: [...m.fixefNames], fixed: Float64Array.from(m.beta),
    fixedDeleted: results.map((r) => r.fixed), varcompNames: varcompNames(m), varcomp: varcompVector(m),
    varcompDeleted: results.map((r) => r.varcomp), vcov: vcovArray(m), vcovDeleted: results.map((r) => r.vcov),
    converged: results.map((r) => r.converged), feval: results.map((r) => r.feval), warnings,
  });
}

/** Is `x` an influence result? */
export function isInfluence(x: unknown): x is InfluenceMerMod {
  return (x as { kind?: unknown } | null)?.kind === "influenceMerMod";
}
