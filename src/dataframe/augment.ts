/**
 * `augment` (broom.mixed's name; `fortify` is ggplot2's): the model frame with per-observation
 * diagnostics appended, ready for plotting residuals against fitted values.
 */
import type { TableColumn } from "./danfo.js";
import { frameToColumns } from "./danfo.js";
import { checkModel, emitTable, resolveKind, type MixedModel, type OutputKind, type TableOf } from "./output.js";
import { anything, checkOptions } from "../validate/index.js";

/** Options of `augment` / `fortify`. */
export interface AugmentOptions<K extends OutputKind | undefined = OutputKind | undefined> {
  /** Output kind; default: like the model's data (DataFrame in, DataFrame out). */
  readonly as?: K;
}

/**
 * The model frame (the complete-case rows the fit used, every column of the data, in data
 * order; factors as label strings) plus three columns, one value per observation:
 * - `.fitted`: `model.fitted()` — Xβ̂ + Zb̂ (+ offset) for an LMM, μ̂ (response scale) for a GLMM;
 * - `.resid`: lme4's default `residuals()` — response residuals y − ŷ for an LMM, deviance
 *   residuals sign(y − μ̂)·√dᵢ for a GLMM;
 * - `.scresid`: Pearson residuals divided by σ̂ (lme4's `residuals(type = "pearson", scaled = TRUE)`):
 *   √wᵢ(yᵢ − ŷᵢ)/σ̂ for an LMM, (yᵢ − μ̂ᵢ)√wᵢ/√V(μ̂ᵢ)/σ̂ for a GLMM (σ̂ = 1 for binomial/Poisson).
 * A data column already named `.fitted`/`.resid`/`.scresid` is replaced. Return kind as in
 * `ranefFrame`; a DataFrame's row index is the input rows kept (`model.input.mf.rows`), so
 * rows dropped for missing values leave gaps; for the other kinds use `model.input.mf.rows`.
 */
export function augment<K extends OutputKind | undefined = undefined>(model: MixedModel, opts: AugmentOptions<K> = {}): TableOf<K> {
  checkModel("augment", model);
  checkOptions("augment", opts, { as: anything });
  const kind = resolveKind("augment", model, opts.as);
  const mf = model.input.mf;
  const cols = frameToColumns(mf.frame);
  const names = [...mf.frame.names, ".fitted", ".resid", ".scresid"];
  const pearson = model.residuals({ type: "pearson" });
  const scaled = new Float64Array(pearson.length);
  for (let i = 0; i < pearson.length; i++) scaled[i] = pearson[i] / model.sigma;
  const resid = model.residuals({ type: model.kind === "glmerMod" ? "deviance" : "response" });
  const columns: TableColumn[] = [...mf.frame.names.map((n) => cols[n]), model.fitted().slice(), resid, scaled];
  return emitTable(names, columns, kind, mf.rows) as TableOf<K>;
}

/** Alias of `augment` (ggplot2's `fortify.merMod`). */
export const fortify = augment;
