/**
 * Random effects and per-level coefficients as tables, one per grouping factor (lme4's
 * `ranef(m)$Subject`, `coef(m)$Subject` data frames).
 */
import type { RanefGroup } from "../results/ranef.js";
import type { TableColumn } from "./danfo.js";
import { checkModel, emitTable, resolveKind, type MixedModel, type OutputKind, type TableOf } from "./output.js";
import { cannotAlignCoef } from "../messages/dataframe.js";
import { anything, bool, checkOptions, str } from "../validate/index.js";

/** Options of `ranefFrame`. */
export interface RanefFrameOptions<K extends OutputKind | undefined = OutputKind | undefined> {
  /** Add conditional standard deviations (lme4's `condVar = TRUE`), columns `<name>.condsd`. */
  readonly condVar?: boolean;
  /** Output kind; default: like the model's data (DataFrame in, DataFrame out). */
  readonly as?: K;
  /** Name of the level column; default: the grouping factor's name (e.g. "Subject"). */
  readonly levelColumn?: string;
}

/** Options of `coefFrame`. */
export interface CoefFrameOptions<K extends OutputKind | undefined = OutputKind | undefined> {
  /** Output kind; default: like the model's data (DataFrame in, DataFrame out). */
  readonly as?: K;
  /** Name of the level column; default: the grouping factor's name. */
  readonly levelColumn?: string;
}

function column(rows: readonly (readonly number[])[], c: number): Float64Array {
  const out = new Float64Array(rows.length);
  for (let l = 0; l < rows.length; l++) out[l] = rows[l][c];
  return out;
}

/**
 * The conditional modes b̂ of the random effects, one table per grouping factor, keyed by
 * the factor's name in `ranef()` order: a level column (the levels in the factor's order)
 * then one column per random-effect term column ("(Intercept)", "Days", ...; terms sharing a
 * factor merged in term order). With `condVar`, one `<name>.condsd` column per term column:
 * the conditional sd √diag Var(b | y) at θ̂ (σ-scaled for LMMs; for GLMMs from the Laplace
 * Hessian, as lme4). Values are exactly `model.ranef({ condVar })`'s.
 * Return kind: danfo DataFrame when the model was fitted to a DataFrame or `as: "dataframe"`;
 * records when fitted to records or `as: "records"`; column objects otherwise.
 */
export function ranefFrame<K extends OutputKind | undefined = undefined>(
  model: MixedModel,
  opts: RanefFrameOptions<K> = {},
): Record<string, TableOf<K>> {
  checkModel("ranefFrame", model);
  checkOptions("ranefFrame", opts, { condVar: bool, as: anything, levelColumn: str });
  const kind = resolveKind("ranefFrame", model, opts.as);
  const out: Record<string, TableOf<K>> = {};
  for (const g of model.ranef({ condVar: opts.condVar === true })) {
    out[g.group] = groupTable(g, opts.levelColumn ?? g.group, kind, opts.condVar === true) as TableOf<K>;
  }
  return out;
}

function groupTable(g: RanefGroup, levelName: string, kind: OutputKind, condVar: boolean) {
  const names = [levelName, ...g.names];
  const cols: TableColumn[] = [g.levels.slice(), ...g.names.map((_, c) => column(g.values, c))];
  if (condVar && g.condsd !== undefined) {
    const sd = g.condsd;
    g.names.forEach((n, c) => {
      names.push(`${n}.condsd`);
      cols.push(column(sd, c));
    });
  }
  return emitTable(names, cols, kind);
}

/**
 * Per-level coefficients (lme4's `coef`): for each grouping factor a table of its levels and
 * one column per fixed effect, β̂_j + b̂_{level, j} where the factor has a random effect named
 * like fixed effect j, else β̂_j. A random-effect column with no matching fixed effect is an
 * LmeError (lme4: "unable to align random and fixed effects"). Same return-kind rule and
 * `levelColumn` option as `ranefFrame`.
 */
export function coefFrame<K extends OutputKind | undefined = undefined>(
  model: MixedModel,
  opts: CoefFrameOptions<K> = {},
): Record<string, TableOf<K>> {
  checkModel("coefFrame", model);
  checkOptions("coefFrame", opts, { as: anything, levelColumn: str });
  const kind = resolveKind("coefFrame", model, opts.as);
  const fixed = model.fixefNames, beta = model.beta;
  const out: Record<string, TableOf<K>> = {};
  for (const g of model.ranef()) {
    const nl = g.levels.length;
    const cols = fixed.map((_, j) => new Float64Array(nl).fill(beta[j]));
    g.names.forEach((rn, c) => {
      const j = fixed.indexOf(rn);
      if (j < 0) cannotAlignCoef(g.group, rn, fixed);
      for (let l = 0; l < nl; l++) cols[j][l] += g.values[l][c];
    });
    out[g.group] = emitTable([opts.levelColumn ?? g.group, ...fixed], [g.levels.slice(), ...cols], kind) as TableOf<K>;
  }
  return out;
}
