/**
 * Nakagawa & Schielzeth's R² for mixed models (with Johnson's extension for random slopes), as R's
 * `performance::r2_nakagawa`:
 *   marginal    R²_m = σ²_f / (σ²_f + σ²_r + σ²_ε)
 *   conditional R²_c = (σ²_f + σ²_r) / (σ²_f + σ²_r + σ²_ε)
 * with the components of `varianceDecomposition` (σ²_ε the residual: distribution-specific plus
 * observation-level dispersion). For a singular fit σ²_r is unavailable: R²_c is NaN and R²_m is
 * σ²_f / (σ²_f + σ²_ε), as performance reports.
 */
import type { MerMod } from "../results/update.js";
import { renderable } from "../results/renderable.js";
import { requireFittedModel } from "../model/args.js";
import { varianceDecomposition, type VarianceDecomposition } from "./variances.js";

/** R² of a mixed model (plain data; renders as a small table). */
export interface R2Result {
  readonly kind: "r2";
  readonly conditional: number;
  readonly marginal: number;
  readonly variances: VarianceDecomposition;
  readonly notes: readonly string[];
}

/** Nakagawa's marginal and conditional R² (see the module comment). */
export function r2(m: MerMod): R2Result {
  requireFittedModel("r2", m);
  const v = varianceDecomposition(m);
  const haveRandom = Number.isFinite(v.random);
  const total = v.fixed + (haveRandom ? v.random : 0) + v.residual;
  return renderable("r2", {
    kind: "r2" as const,
    conditional: haveRandom ? (v.fixed + v.random) / total : NaN,
    marginal: v.fixed / total,
    variances: v,
    notes: v.notes,
  });
}
