/**
 * The reference grid of a fitted model, as R's emmeans builds it (`ref_grid`): every factor of the
 * fixed effects at all its levels, every covariate at its mean over the model frame (or at the
 * values given in `at`), crossed in the order the predictors appear in the formula (the first
 * varying fastest). Functions of covariates are evaluated at the grid values (I(x^2) at mean(x)²,
 * not the mean of x²), as emmeans does. Each grid row gets its row of the fixed-effects design
 * (the model's own contrasts and column drops), so a prediction there is x_gᵀβ̂.
 *
 * Predictors: a plain variable that is a factor column, or a numeric column wrapped in
 * `factor()`/`as.factor()`/`ordered()`, or used inside `cut()`/`interaction()` (its levels are the
 * values seen); data-dependent bases (poly, scale, ns, bs) keep their training parameters; every other variable
 * named in a fixed term is a covariate.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { Column, Frame } from "../data/types.js";
import type { Expr } from "../formula/types.js";
import { evaluateColumn } from "../formula/evaluate.js";
import { LmeError } from "../messages/error.js";
import { emmeansMsg } from "../messages/emmeans.js";
import { requireFittedModel } from "../model/args.js";

/** A predictor of the reference grid. */
export type GridPredictor =
  | { readonly kind: "factor"; readonly name: string; readonly levels: readonly string[]; readonly ordered: boolean }
  | { readonly kind: "numericFactor"; readonly name: string; readonly levels: readonly string[]; readonly values: readonly number[] }
  | { readonly kind: "covariate"; readonly name: string; readonly values: readonly number[] };

/** The grid: predictors, one row per combination, and the design rows. */
export interface RefGrid {
  readonly predictors: readonly GridPredictor[];
  /** Level index per predictor per row (covariates: index into their values). */
  readonly rows: readonly (readonly number[])[];
  /** Design rows (one per grid row, p entries each). */
  readonly X: readonly (readonly number[])[];
  /** Observations per combination of factor levels (for proportional weights), per grid row. */
  readonly counts: readonly number[];
}

/** Variable names in an expression, and whether it is a factor() call. */
function varsOf(e: Expr, out: Set<string>): void {
  switch (e.type) {
    case "var": out.add(e.name); break;
    case "call": e.args.forEach((a) => varsOf(a, out)); break;
    case "binary": varsOf(e.left, out); varsOf(e.right, out); break;
    case "unary": varsOf(e.arg, out); break;
    case "paren": varsOf(e.expr, out); break;
    case "named": varsOf(e.value, out); break;
    default: break;
  }
}
const isFactorCall = (e: Expr): e is Extract<Expr, { type: "call" }> =>
  e.type === "call" && ["factor", "as.factor", "ordered", "as.ordered"].includes(e.fn) && e.args.length === 1 && e.args[0].type === "var";

/** Options of the grid. */
export interface RefGridOptions {
  /** Values of covariates or levels of factors to use instead of the defaults. */
  readonly at?: Readonly<Record<string, number | string | readonly (number | string)[]>>;
}

/** Builds the reference grid of a model (see the module comment). */
export function refGrid(m: LmerMod | GlmerMod, opts: RefGridOptions = {}): RefGrid {
  requireFittedModel("refGrid", m);
  const smooths = m.input.terms.filter((t) => t.spec.groups.length === 0).map((t) => t.group);
  if (smooths.length > 0) throw new LmeError("usage", emmeansMsg.smoothModel(smooths));
  const frame = m.input.mf.frame;
  const names: string[] = [];
  const factorish = new Set<string>();
  for (const t of m.input.formula.fixed.terms)
    for (const v of t.vars) {
      if (isFactorCall(v.expr)) factorish.add((v.expr.args[0] as { name: string }).name);
      // emmeans: a covariate turned into a factor by cut() or interaction() takes all its values
      if (v.expr.type === "call" && (v.expr.fn === "cut" || v.expr.fn === "interaction")) varsOf(v.expr, factorish);
      const s = new Set<string>();
      varsOf(v.expr, s);
      for (const n of s) if (!names.includes(n) && frame.columns.has(n)) names.push(n);
    }
  const at = opts.at ?? {};
  for (const k of Object.keys(at)) if (!names.includes(k)) throw new LmeError("usage", emmeansMsg.atUnknown(k));
  const predictors: GridPredictor[] = names.map((name) => {
    const col = frame.columns.get(name)!;
    const given = at[name] === undefined ? undefined : ([] as (number | string)[]).concat(at[name] as never);
    if (col.kind === "factor") {
      let levels = col.levels.slice();
      if (given) {
        for (const g of given) if (!levels.includes(String(g))) throw new LmeError("usage", emmeansMsg.atLevel(name, String(g), levels));
        levels = levels.filter((l) => given.map(String).includes(l));
      }
      return { kind: "factor", name, levels, ordered: col.ordered };
    }
    if (factorish.has(name)) {
      let values = [...new Set(col.values)].sort((a, b) => a - b);
      if (given) values = given.map(Number);
      return { kind: "numericFactor", name, levels: values.map((v) => String(v)), values };
    }
    if (given) return { kind: "covariate", name, values: given.map(Number) };
    let s = 0;
    for (let i = 0; i < col.values.length; i++) s += col.values[i];
    return { kind: "covariate", name, values: [s / col.values.length] };
  });
  const sizes = predictors.map((p) => (p.kind === "covariate" ? p.values.length : p.levels.length));
  const nrow = sizes.reduce((a, b) => a * b, 1);
  const rows: number[][] = [];
  for (let r = 0; r < nrow; r++) {
    let rem = r;
    rows.push(sizes.map((s) => {
      const i = rem % s;
      rem = Math.floor(rem / s);
      return i;
    }));
  }
  // The grid as a frame, then the model's own design matrix builder.
  const columns = new Map<string, Column>();
  predictors.forEach((p, j) => {
    if (p.kind === "factor") {
      const all = (frame.columns.get(p.name) as { levels: readonly string[] }).levels; // training levels, so codes align
      columns.set(p.name, { kind: "factor", name: p.name, levels: all, ordered: p.ordered, codes: Int32Array.from(rows, (r) => all.indexOf(p.levels[r[j]])) });
    } else columns.set(p.name, { kind: "numeric", name: p.name, values: Float64Array.from(rows, (r) => (p.kind === "covariate" ? p.values[r[j]] : p.values[r[j]])) });
  });
  const grid: Frame = { nrow, names: predictors.map((p) => p.name), columns };
  const fd = m.input.fixedDesign;
  const full = fd.matrix(grid);
  const keep = m.input.keep;
  const X = rows.map((_, r) => Array.from(keep, (k) => full[r + k * nrow]));
  // Counts of each factor combination in the data (covariate dimensions ignored).
  const factorIdx = predictors.map((p, j) => (p.kind === "covariate" ? -1 : j)).filter((j) => j >= 0);
  const key = (levels: readonly string[]) => levels.join("\u0001");
  const tally = new Map<string, number>();
  const cols = factorIdx.map((j) => evaluateColumn({ type: "var", name: predictors[j].name, pos: 0 }, frame, predictors[j].name));
  for (let i = 0; i < frame.nrow; i++) {
    const k = key(cols.map((c) => (c.kind === "factor" ? c.levels[c.codes[i]] : String(c.values[i]))));
    tally.set(k, (tally.get(k) ?? 0) + 1);
  }
  const counts = rows.map((r) => tally.get(key(factorIdx.map((j) => (predictors[j] as { levels: readonly string[] }).levels[r[j]]))) ?? 0);
  return { predictors, rows, X, counts };
}
