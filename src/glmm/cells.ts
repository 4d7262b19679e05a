/**
 * Rows of a binomial or Poisson GLMM merged into cells of equal right-hand side — the one
 * definition shared by the in-memory glmer and the database route (src/sources/glmer.ts), so
 * that both fit the *same* cells with the *same* numbers and reach the same optimum bit for bit.
 *
 * Rows whose right-hand-side columns (fixed terms, offsets, random-effects left sides and
 * grouping factors) are equal have equal linear predictors, so the likelihood of the rows is
 * that of one cell up to a constant: for the binomial family
 *   Σ_i w_i [y_i log μ + (1 − y_i) log(1 − μ)] = W [Y log μ + (1 − Y) log(1 − μ)],
 * W = Σ w_i, Y = Σ w_i y_i / W (the same for Poisson's Σ w_i [y_i log μ − μ]).
 *
 * The canonical cells:
 * - order: the order of each cell's first row (in memory the model frame's order; in a
 *   database the source's row number, see DataSource.rowOrder);
 * - values: a cell of one row carries that row's own (y, w, n), bit for bit (never a ratio of
 *   sums); a merged cell carries w = fl(Σ w_i), y = fl(Σ fl(w_i y_i)) / w and
 *   n = fl(Σ n_i) when n is the number of trials (a cbind() response) else 1, every Σ correctly
 *   rounded (data/sum.ts here; sources/exactsum.ts in SQL) so that it does not depend on the
 *   row order or an engine's parallel addition.
 * Caveat: the binomial aic rounds m·y with m = n (trials) or w; for a merged cell the product
 * fl(w·(Σ/w)) is the count up to the last bit, which the rounding absorbs.
 */
import type { Expr, ParsedFormula } from "../formula/types.js";
import type { Frame } from "../data/types.js";
import { formulaColumns } from "../formula/index.js";
import { AccurateSums } from "../data/sum.js";
import type { Family } from "./family/index.js";
import { lgamma } from "./family/special.js";
import { fusedPassKind, markFused } from "./family/fused.js";

/** The column holding the cells' response in the cell frame (the formula's response is replaced by it). */
export const CELL_RESPONSE = "lme4ts_y";

/** The data columns of the right-hand side (the columns whose equality merges rows). */
export function rhsColumns(f: ParsedFormula): string[] {
  return formulaColumns({ ...f, response: null });
}

/** Is the response `cbind(successes, failures)` (then n, the trials, is summed in merged cells)? */
export function isCbindResponse(e: Expr | null): boolean {
  const r = e && e.type === "paren" ? e.expr : e;
  return !!r && r.type === "call" && r.fn === "cbind";
}

/** The formula with its response replaced by the cell frame's response column. */
export function cellFormula(f: ParsedFormula): ParsedFormula {
  return { ...f, response: { type: "var", name: CELL_RESPONSE, pos: 0 } };
}

/** Cells of a frame: the first row of each (in first-row order), each row's cell, and the rows per cell. */
export interface Cells {
  readonly first: Int32Array;
  readonly cellOf: Int32Array;
  readonly count: Int32Array;
}

/** Groups the rows of `frame` by the values of `columns` (numbers by value, −0 = 0; factors by level), cells in first-row order. */
export function cellsOf(frame: Frame, columns: readonly string[]): Cells {
  const n = frame.nrow, cols = columns.map((c) => frame.columns.get(c)!).filter((c) => c !== undefined);
  const index = new Map<string, number>(), cellOf = new Int32Array(n), first: number[] = [], count: number[] = [];
  for (let i = 0; i < n; i++) {
    let key = "";
    for (const c of cols) key += (c.kind === "numeric" ? String(c.values[i]! === 0 ? 0 : c.values[i]!) : `#${c.codes[i]!}`) + "\u0001";
    let k = index.get(key);
    if (k === undefined) {
      k = first.length;
      index.set(key, k);
      first.push(i);
      count.push(0);
    }
    cellOf[i] = k;
    count[k]!++;
  }
  return { first: Int32Array.from(first), cellOf, count: Int32Array.from(count) };
}

/** The response of the cells: y, prior weights w and R's n (see the module comment). */
export interface CellResponse {
  readonly y: Float64Array;
  readonly weights: Float64Array;
  readonly n: Float64Array;
}

/**
 * The canonical cell values from the rows' (y, w, n): one-row cells keep the row's values,
 * merged cells get correctly rounded sums (module comment). `trialsAreN`: n holds the numbers of
 * trials (a cbind() response), summed per cell; otherwise a merged cell has n = 1.
 */
export function cellResponse(cells: Cells, rows: CellResponse, trialsAreN: boolean): CellResponse {
  const m = cells.first.length;
  const W = new Float64Array(m), S = new Float64Array(m), N = new Float64Array(m);
  const sw = new AccurateSums(W), ss = new AccurateSums(S), sn = new AccurateSums(N);
  for (let i = 0; i < rows.y.length; i++) {
    const k = cells.cellOf[i]!, w = rows.weights[i]!;
    sw.add(k, w);
    ss.add(k, w * rows.y[i]!);
    sn.add(k, rows.n[i]!);
  }
  sw.round(); ss.round(); sn.round();
  const at = (v: Float64Array) => Float64Array.from(cells.first, (i) => v[i]!);
  return mergedValues(cells.count, at(rows.y), W, S, N, trialsAreN, at(rows.weights), at(rows.n));
}

/**
 * Cell values from per-cell row counts and sums (both routes): count 1 → the row's own
 * (y1, w1, n1); else w = W, y = S / W (0 when W = 0), n = trialsAreN ? N : 1. W, S, N must be
 * correctly rounded sums of w, fl(w·y) and n.
 */
export function mergedValues(
  count: ArrayLike<number>, y1: ArrayLike<number>, W: Float64Array, S: Float64Array, N: Float64Array, trialsAreN: boolean,
  w1: ArrayLike<number> = W, n1: ArrayLike<number> = N,
): CellResponse {
  const m = W.length, y = new Float64Array(m), weights = new Float64Array(m), n = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    if (count[k] === 1) {
      y[k] = y1[k]!; weights[k] = w1[k]!; n[k] = n1[k]!;
    } else {
      weights[k] = W[k]!;
      y[k] = W[k]! > 0 ? S[k]! / W[k]! : 0;
      n[k] = trialsAreN ? N[k]! : 1;
    }
  }
  return { y, weights, n };
}

/**
 * The family the cells are fitted with. Binomial: the family itself (a merged cell is a binomial
 * count out of its trials). Poisson with merged cells: the family with the continuous extension
 * of its aic, −2 Σ wt (y log μ − μ − lgamma(y + 1)), because a merged cell's y is a mean count
 * (not a whole number: R's dpois, and our aic, give −Inf there); it differs from the rows' aic
 * by a constant (Σ_cells w lgamma(y + 1) − Σ_rows w lgamma(y + 1)). Used by the database route
 * for merged Poisson cells (the in-memory glmer fits Poisson rows: see fitOnCells in glmer.ts for
 * why the cells' optimum is then equal to the rows' only to ~1e-3 in θ).
 */
export function cellFamily(family: Family, merged: boolean): Family {
  if (!merged || family.name !== "poisson") return family;
  const fam: Family = {
    ...family,
    aic(y, _n, mu, wt) {
      let ll = 0;
      for (let i = 0; i < y.length; i++) {
        const w = wt[i]!, yi = y[i]!;
        if (w !== 0) ll += w * ((yi > 0 ? yi * Math.log(mu[i]!) : 0) - mu[i]! - lgamma(yi + 1));
      }
      return -2 * ll;
    },
  };
  if (fusedPassKind(family, new Float64Array(0))) markFused(fam, "poisson-log");
  return fam;
}
