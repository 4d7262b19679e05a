/**
 * The fixed-effects designs of glmmTMB's extra linear predictors: `ziformula` (the logit of the
 * zero-inflation probability) and `dispformula` (the log of the dispersion parameter). Each is a
 * one-sided formula ("~ 1", "~ mined", "~ z + f") evaluated on the conditional model's frame
 * (buildInput's `extraVariables` keeps their variables in its complete-case rows), with the same
 * contrasts and column names as the conditional model's fixed effects (R's `model.matrix`).
 * Fixed effects only: random effects and offsets in these formulas are refused.
 */
import type { Frame } from "../data/types.js";
import { parseFormula, formulaColumns } from "../formula/index.js";
import type { ParsedFormula } from "../formula/types.js";
import { buildFixedDesign, type FixedDesign } from "./fixed.js";
import { dropRankDeficient } from "./rank.js";
import { extraFormulaOffset, extraFormulaRandom, extraFormulaRankDeficient, extraFormulaShape, nonFinite } from "../messages/model.js";
import { describeArg } from "../messages/args.js";

/** Which extra linear predictor a formula defines. */
export type ExtraFormulaOption = "ziformula" | "dispformula";

/** An extra design: n × p column-major X with R's column names, and the design to rebuild it on new data. */
export interface ExtraDesign {
  readonly option: ExtraFormulaOption;
  /** The formula as given ("~ mined"). */
  readonly source: string;
  readonly X: Float64Array;
  readonly p: number;
  readonly names: readonly string[];
  readonly design: FixedDesign;
}

/**
 * Parses `src` (a one-sided formula string) for `option`; null for glmmTMB's "no model" `~ 0`
 * of a ziformula. Throws LmeError for anything else than a one-sided fixed-effects formula.
 */
export function parseExtraFormula(option: ExtraFormulaOption, src: unknown): ParsedFormula | null {
  if (typeof src !== "string" || !src.trim().startsWith("~")) throw extraFormulaShape(option, typeof src === "string" ? `"${src}"` : describeArg(src));
  const f = parseFormula(src);
  if (f.response) throw extraFormulaShape(option, `"${src}"`);
  if (f.random.length > 0) throw extraFormulaRandom(option, src);
  if (f.offsets.length > 0) throw extraFormulaOffset(option, src);
  if (!f.fixed.intercept && f.fixed.terms.length === 0) {
    if (option === "ziformula") return null;
    throw extraFormulaShape(option, `"${src}" (a dispersion model needs at least an intercept)`);
  }
  return f;
}

/** The data columns an extra formula uses (for the model frame's complete cases). */
export function extraVariables(f: ParsedFormula | null): string[] {
  return f ? formulaColumns(f) : [];
}

/**
 * The design of `f` on the model frame `frame` (rows as in the conditional model). `rowText`
 * names a frame row in messages. Non-finite entries and linearly dependent columns are errors.
 */
export function extraDesign(option: ExtraFormulaOption, f: ParsedFormula, frame: Frame, rowText: (i: number) => string): ExtraDesign {
  const design = buildFixedDesign(f.fixed, frame);
  const n = frame.nrow;
  const X = design.matrix(frame);
  for (let i = 0; i < X.length; i++)
    if (!Number.isFinite(X[i])) throw nonFinite(`${option} column '${design.names[Math.floor(i / n)]}'`, rowText(i % n));
  const rk = dropRankDeficient(X, n, design.p, design.names);
  if (rk.dropped.length > 0) throw extraFormulaRankDeficient(option, rk.dropped);
  return { option, source: f.source, X, p: design.p, names: design.names, design };
}
