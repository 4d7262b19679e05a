/**
 * Intraclass correlation of a mixed model, as R's `performance::icc`:
 *   adjusted   ICC = σ²_r / (σ²_r + σ²_ε)
 *   unadjusted ICC = σ²_r / (σ²_f + σ²_r + σ²_ε)
 * with the components of `varianceDecomposition`. With random slopes the ICC is not a single
 * correlation (it averages over the covariate values in the data; Johnson's extension). NaN for
 * singular fits (see the notes).
 */
import type { MerMod } from "../results/update.js";
import { renderable } from "../results/renderable.js";
import { varianceDecomposition, type VarianceDecomposition } from "./variances.js";
import { requireFittedModel } from "../model/args.js";

/** The ICCs of a mixed model (plain data; renders as a small table). */
export interface IccResult {
  readonly kind: "icc";
  readonly adjusted: number;
  readonly unadjusted: number;
  readonly variances: VarianceDecomposition;
  readonly notes: readonly string[];
}

/** Adjusted and unadjusted ICC (see the module comment). */
export function icc(m: MerMod): IccResult {
  requireFittedModel("icc", m);
  const v = varianceDecomposition(m);
  return renderable("icc", {
    kind: "icc" as const,
    adjusted: v.random / (v.random + v.residual),
    unadjusted: v.random / (v.fixed + v.random + v.residual),
    variances: v,
    notes: v.notes,
  });
}
