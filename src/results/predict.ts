/**
 * Predictions from a fitted mixed model: Xβ̂ (+ offset) plus, for the random-effects columns
 * kept by `reForm` (all, none, or those of a formula of the model's random terms), the
 * conditional modes of each observation's levels. A level unseen in the
 * fit contributes 0 when `allowNewLevels` (the population value, as lme4), else is an error
 * naming it; so does a missing (NA) grouping value, as in lme4.
 */
import type { DataInput, Frame } from "../data/types.js";
import { toFrame } from "../data/index.js";
import { evaluateNumeric } from "../formula/index.js";
import type { MixedModelInput } from "../model/lmmInput.js";
import { groupingFactor } from "../model/random.js";
import { LmeError } from "../messages/error.js";
import { naGroupingInNewdata } from "../messages/model.js";
import { reFormSelection, type ReForm } from "./reForm.js";

/** Options of `predict`: new data, which random effects to include (`re.form`), and how to treat new levels. */
export interface PredictOptions {
  /** New data; default: the model's data. */
  readonly newdata?: DataInput;
  /**
   * `null` (or "NA", "~0"): population level, no random effects; undefined: all random-effects
   * terms; a formula of some of the model's random terms (`"~(1 | plate)"`): only those (see
   * reForm.ts for how terms are matched, as lme4).
   */
  readonly reForm?: ReForm;
  /** Levels not in the fit contribute 0 (else an error). */
  readonly allowNewLevels?: boolean;
}

/**
 * Adds the offsets to a linear predictor: on the model's own rows every offset of the fit (formula
 * offset() terms and the offset option), as lme4; on new data the formula's offset() terms
 * evaluated there.
 */
export function addOffsets(input: MixedModelInput, frame: Frame, ownRows: boolean, eta: Float64Array): void {
  const n = eta.length;
  if (ownRows) {
    if (input.offset) for (let i = 0; i < n; i++) eta[i] += input.offset[i];
  } else
    for (const e of input.formula.offsets) {
      const o = evaluateNumeric(e, frame);
      for (let i = 0; i < n; i++) eta[i] += o[i];
    }
}

/** Linear predictor for new data (or the model frame). */
export function predictMixed(input: MixedModelInput, beta: Float64Array, b: readonly Float64Array[], opts: PredictOptions): Float64Array {
  const frame = opts.newdata ? toFrame(opts.newdata) : input.mf.frame;
  const n = frame.nrow;
  const Xfull = input.fixedDesign.matrix(frame);
  const out = new Float64Array(n);
  input.keep.forEach((col, j) => {
    for (let i = 0; i < n; i++) out[i] += Xfull[i + col * n] * beta[j];
  });
  addOffsets(input, frame, !opts.newdata, out);
  const keep = reFormSelection(input, opts.reForm);
  if (keep === null) return out;
  input.terms.forEach((t, k) => {
    if (!keep[k].some(Boolean)) return;
    const g = groupingFactor(t.spec, frame);
    const map = g.levels.map((lv) => t.levels.indexOf(lv));
    const z = t.design.matrix(frame);
    for (let i = 0; i < n; i++) {
      if (g.codes[i] < 0) {
        // A missing grouping value is a level the fit never saw (lme4's mkNewReTrms).
        if (opts.allowNewLevels) continue;
        throw naGroupingInNewdata(t.group, i);
      }
      const l = map[g.codes[i]];
      if (l < 0) {
        if (opts.allowNewLevels) continue;
        throw new LmeError("data", `new level '${g.levels[g.codes[i]]}' of grouping factor '${t.group}' in newdata (row ${i + 1}); pass allowNewLevels: true to predict it at the population level`);
      }
      for (let c = 0; c < t.q; c++) if (keep[k][c]) out[i] += z[i + c * n] * b[k][l * t.q + c];
    }
  });
  return out;
}
