/**
 * One leave-one-unit-out refit of `influence()`: the model's spec (formula, model-frame columns,
 * weights, offset, fitting options; src/inference/workers/spec.ts) without the rows of one
 * deletion unit, refitted from the full fit's θ̂ (GLMM with nAGQ ≥ 1: θ̂ and β̂), as lme4's
 * `influence.merMod` does through `update(model, subset = .groups != del, start = par)`.
 * Runs in this thread or in a worker thread (the same code, so results do not depend on it).
 */
import { subsetRows } from "../data/index.js";
import { buildInput } from "../model/lmmInput.js";
import { fitLmm } from "../lmm/lmer.js";
import { fitGlmm } from "../glmm/glmer.js";
import { specFrame, specFamily, type ModelSpec } from "./workers/spec.js";
import type { FittedModel } from "./workers/spec.js";

/** What every deletion refit needs (serializable: sent once to each worker). */
export interface DeletionContext {
  /** Deletion-unit code of each model-frame row. */
  readonly codes: Int32Array;
  /** θ̂ of the full fit. */
  readonly theta: Float64Array;
  /** β̂ of the full fit (GLMM with nAGQ ≥ 1), else null. */
  readonly fixef: Float64Array | null;
  /** Fixed-effect names of the full fit (a refit must estimate the same ones). */
  readonly fixedNames: readonly string[];
  readonly maxfun: number;
}

/** The result of one deletion refit (lme4's per-unit list: fixed.1, vc.1, vcov.1, converged, feval). */
export interface DeletionResult {
  readonly fixed: Float64Array;
  readonly varcomp: Float64Array;
  /** p × p column-major. */
  readonly vcov: Float64Array;
  readonly converged: boolean;
  readonly feval: number;
  /** Fixed effects the refit could not estimate (then the other fields are NaN). */
  readonly lost: readonly string[];
}

/** σ² then each VarCorr block's lower triangle by columns (lme4's `influence` layout). */
export function varcompVector(m: FittedModel): Float64Array {
  const out = [m.sigma * m.sigma];
  for (const v of m.VarCorr()) {
    const q = v.names.length;
    for (let c = 0; c < q; c++) for (let r = c; r < q; r++) out.push(v.cov[r + c * q]);
  }
  return Float64Array.from(out);
}

/** The vcov matrix of a fit as a p × p column-major array. */
export function vcovArray(m: FittedModel): Float64Array {
  const M = m.vcov().matrix, p = M.length, out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i + j * p] = M[i][j];
  return out;
}

/** Refits `spec` without the rows whose unit code is `unit`. */
export function deletionRefit(spec: ModelSpec, ctx: DeletionContext, unit: number): DeletionResult {
  const keep: number[] = [];
  for (let i = 0; i < ctx.codes.length; i++) if (ctx.codes[i] !== unit) keep.push(i);
  const rows = Int32Array.from(keep);
  const frame = subsetRows(specFrame(spec), rows);
  const pick = (a: Float64Array | null) => (a ? Float64Array.from(rows, (r) => a[r]) : null);
  const lmm = spec.kind === "lmer";
  const input = buildInput(spec.formula, frame, { weights: pick(spec.weights), offset: pick(spec.offset), checkLevels: lmm ? undefined : false, numericResponse: lmm });
  const lost = ctx.fixedNames.filter((n) => !input.fixedNames.includes(n));
  const p = ctx.fixedNames.length;
  if (lost.length) return { fixed: new Float64Array(p).fill(NaN), varcomp: new Float64Array(0), vcov: new Float64Array(p * p).fill(NaN), converged: false, feval: 0, lost };
  const m: FittedModel = lmm
    ? fitLmm(input, { REML: spec.REML, optimizer: spec.optimizer, start: ctx.theta, maxfun: ctx.maxfun })
    : fitGlmm(input, { family: specFamily(spec), nAGQ: spec.nAGQ, optimizer: spec.optimizer, start: ctx.fixef ? { theta: ctx.theta, fixef: ctx.fixef } : { theta: ctx.theta } });
  const converged = m.optinfo.returnCode === 0 && m.optinfo.feval < ctx.maxfun && m.optinfo.warnings.length === 0;
  return { fixed: Float64Array.from(m.beta), varcomp: varcompVector(m), vcov: vcovArray(m), converged, feval: m.optinfo.feval, lost };
}
