/**
 * A linear mixed model fitted from a database source: the same LmerMod (estimates, vcov, ranef,
 * VarCorr, logLik, profile of the objective, predict on in-memory newdata), with the results that
 * need the rows computed in the engine after the fit (scaled-residual quantiles, heads) or
 * refused with an LmeError saying what to do instead (`sourceFitted`, `sourceResiduals`).
 */
import { LmerMod, type LmerModInit } from "../results/lmerMod.js";
import type { PredictOptions } from "../results/predict.js";
import type { PredictSeOptions, PredictionWithSe } from "../results/predictSe.js";
import type { LmerOptions } from "../lmm/lmer.js";
import type { UpdateData } from "../results/update.js";
import { needsRowPass } from "../messages/sources.js";
import type { DataSource } from "./types.js";
import type { SqlRows } from "./crossprod.js";

/** What the row-level passes need: the rows' SQL and the source. */
export interface SourceFit {
  readonly source: DataSource;
  readonly rows: SqlRows;
  /** The FROM clause with a row number (lme4ts_row, 0-based in the source's scan order). */
  readonly numberedFrom: string;
  /** Kept fixed columns (indices into rows.xy) and the offset SQL (or null). */
  readonly keep: readonly number[];
  readonly offset: string | null;
  /** The response expression (before the offset). */
  readonly y: string;
  /** Prefix of the fit's temporary tables. */
  readonly prefix: string;
}

/** Results of the row pass made right after the fit. */
export interface RowSummary {
  readonly scaledResiduals: readonly number[];
  readonly fittedHead: readonly number[];
  readonly residHead: readonly number[];
}

/** An LmerMod fitted from a database source (see the module comment). */
export class SourceLmerMod extends LmerMod {
  /** The source and SQL of the fit (for the row passes of src/sources/rows.ts). */
  readonly sourceFit: SourceFit;
  /** Filled by the row pass after the fit. */
  rowSummary: RowSummary | null = null;

  constructor(init: LmerModInit, fit: SourceFit) {
    super(init);
    this.sourceFit = fit;
    Object.defineProperty(this, "y", { get: () => { throw needsRowPass("the response vector", "the rows stay in the database"); } });
  }

  override readonly fitted = (): Float64Array => {
    throw needsRowPass("fitted()", "use `await sourceFitted(m)` (one SQL pass)");
  };

  override residuals(_opts: { type?: "response" | "pearson" | "working" | "deviance" } = {}): Float64Array {
    throw needsRowPass("residuals()", "use `await sourceResiduals(m)` (one SQL pass), or summary() for their quantiles");
  }

  override predict(opts: PredictSeOptions & ({ seFit: true } | { interval: "confidence" })): PredictionWithSe;
  override predict(opts?: PredictOptions): Float64Array;
  override predict(opts: PredictOptions | PredictSeOptions = {}): Float64Array | PredictionWithSe {
    if (opts === null || typeof opts !== "object" || !(opts as PredictOptions).newdata)
      throw needsRowPass("predict() without newdata", "use `await sourceFitted(m)`, or give in-memory `newdata`");
    return super.predict(opts as PredictOptions);
  }

  override weights(): Float64Array {
    throw needsRowPass("weights()", "read the weights column from the database");
  }

  override scaledResidualQuantiles(): number[] {
    if (!this.rowSummary) throw needsRowPass("the residual quantiles", "they are computed by lmer's row pass, which did not run");
    return [...this.rowSummary.scaledResiduals];
  }

  override heads(k: number): { fitted: number[]; residuals: number[] } {
    if (!this.rowSummary) throw needsRowPass("fitted values", "use `await sourceFitted(m)`");
    return { fitted: this.rowSummary.fittedHead.slice(0, k), residuals: this.rowSummary.residHead.slice(0, k) };
  }

  override refit(_newResponse: ArrayLike<number>): LmerMod {
    throw needsRowPass("refit()", "refit with lmer on the database source (a new response column or query)");
  }

  override update(_formula?: string | (LmerOptions & UpdateData), _opts?: LmerOptions & UpdateData): LmerMod {
    throw needsRowPass("update()", "call lmer again with the new formula on the database source");
  }
}
