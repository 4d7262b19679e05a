/**
 * Hypothesis (contrast) matrices of single-model ANOVA tables, one matrix L_t (k_t × p) per
 * fixed-effect term t, as lmerTest 3.1 builds them for `anova(model, type = 1 | 2 | 3)` and as
 * car 3.1 builds them for `Anova(glmerMod, type = 2 | 3)`.
 *
 * lmerTest (F tests of L_t β = 0):
 * - type 1 (sequential): rows of Uᵀ at t's columns, U the unit-lower Doolittle factor of XᵀX
 *   (`get_contrasts_type1`).
 * - type 2: for a term contained in no other term, the identity rows of its columns
 *   ("marginal"); otherwise Doolittle of the cross product with X's columns reordered so that t
 *   and the terms containing it come last (`get_contrasts_type2_unfolded`).
 * - type 3: SAS-style type III hypotheses, independent of the contrast coding: with X_t the design
 *   in treatment coding (full column rank) and rdX the "rank-deficient" design with every
 *   level of every term, L = zapsmall((X_t⁺ rdX)ᵀ); the columns of each term are replaced by
 *   their residuals on the columns of the terms containing it (highest order first), then
 *   L_t = (L restricted to X_t's parameters)ᵀ at t's columns, zero rows dropped, and mapped to
 *   the model's own coding by zapsmall(X_t⁺ X) (`get_contrasts_type3`).
 * Containment (lmerTest's): term a is contained in b when a's variables are a proper subset of
 * b's and both have the same numeric (covariate) variables.
 * For types 2 and 3 a model with at most one term or one column uses type 1, as lmerTest does.
 *
 * car (Wald χ² of H_t β = 0):
 * - type 2: H_t spans the part of {t's and its relatives' coefficients} orthogonal, in the
 *   metric vcov(β̂), to the relatives' coefficients (car's `ConjComp`); relatives are terms whose
 *   variables include all of t's (no numeric rule).
 * - type 3: identity rows of each term's columns, the intercept included.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { FactorColumn, Frame } from "../data/types.js";
import { subsetRows } from "../data/frame.js";
import type { LinearSpec } from "../formula/types.js";
import { buildFixedDesign } from "../model/fixed.js";
import { pivotedQrRank } from "../model/rank.js";
import { evaluateColumn } from "../formula/evaluate.js";
import { symEigen } from "./ddf.js";
import { crossprod, doolittleL, lsResiduals, matMul, pinvTimes, transpose, zapsmallInPlace, type Mat } from "./dense.js";

/** A fixed-effects design with its terms (the fitted model's X, rank-reduced as lme4's). */
export interface DesignTerms {
  readonly n: number;
  readonly p: number;
  /** n×p column-major. */
  readonly X: Float64Array;
  readonly names: readonly string[];
  /** Term index per column: 0 intercept, t ≥ 1 `termLabels[t − 1]` (R's assign). */
  readonly assign: readonly number[];
  readonly intercept: boolean;
  readonly termLabels: readonly string[];
  /** Variable labels per term. */
  readonly termVars: readonly (readonly string[])[];
  /** Labels of numeric (covariate) variables. */
  readonly numeric: ReadonlySet<string>;
  readonly spec: LinearSpec;
  readonly frame: Frame;
}

/** The design and terms of a fitted model. */
export function designTerms(m: LmerMod | GlmerMod): DesignTerms {
  const inp = m.input;
  const spec = inp.formula.fixed;
  const frame = inp.mf.frame;
  const numeric = new Set<string>();
  for (const t of spec.terms)
    for (const v of t.vars) if (evaluateColumn(v.expr, frame, v.label).kind === "numeric") numeric.add(v.label);
  return {
    n: m.nobs, p: inp.p, X: inp.X, names: inp.fixedNames, assign: Array.from(inp.keep, (k) => inp.fixedDesign.assign[k]),
    intercept: spec.intercept, termLabels: spec.terms.map((t) => t.label), termVars: spec.terms.map((t) => t.vars.map((v) => v.label)),
    numeric, spec, frame,
  };
}

/** Columns (indices) of term t (1-based term index) in an assign vector. */
function colsOf(assign: readonly number[], t: number): number[] {
  const out: number[] = [];
  assign.forEach((a, j) => a === t && out.push(j));
  return out;
}

/** lmerTest's containment: terms (indices, 0-based) that contain term a. */
function containing(d: DesignTerms, a: number): number[] {
  const va = d.termVars[a], na = va.filter((v) => d.numeric.has(v));
  return d.termLabels.flatMap((_, b) => {
    if (b === a) return [];
    const vb = d.termVars[b], nb = vb.filter((v) => d.numeric.has(v));
    const subset = va.every((v) => vb.includes(v)) && vb.some((v) => !va.includes(v));
    const sameNumeric = na.length === nb.length && na.every((v) => nb.includes(v));
    return subset && sameNumeric ? [b] : [];
  });
}

const rowsOf = (A: Mat, rows: readonly number[]) => rows.map((i) => A[i].slice());

/**
 * XᵀX of the model's X (p×p): on the cells of an all-factor design (Σ count · x xᵀ over one row
 * per cell, `factorCells`), else over the n rows.
 */
function gramOf(d: DesignTerms): Mat {
  const cells = factorCells(d);
  if (!cells) return crossprod(d.X, d.p, d.X, d.p, d.n);
  const m = cells.rows.length, X = new Float64Array(m * d.p);
  for (let j = 0; j < d.p; j++) for (let i = 0; i < m; i++) X[i + j * m] = d.X[cells.rows[i] + j * d.n] * Math.sqrt(cells.counts[i]);
  return crossprod(X, d.p, X, d.p, m);
}

/** lmerTest's type 1 matrices, per term label. */
export function type1Hypotheses(d: DesignTerms): Map<string, Mat> {
  const out = new Map<string, Mat>();
  if (d.p === 0) return out;
  const U = d.p === 1 ? [[1]] : transpose(doolittleL(gramOf(d)));
  d.termLabels.forEach((lab, t) => out.set(lab, rowsOf(U, colsOf(d.assign, t + 1))));
  return out;
}

/** lmerTest's type 2 matrices ("unfolded": marginal for terms contained in no other term). */
export function type2Hypotheses(d: DesignTerms): Map<string, Mat> {
  if (d.p <= 1 || d.termLabels.length <= 1) return type1Hypotheses(d);
  const out = new Map<string, Mat>();
  let G: Mat | null = null; // XᵀX, formed once: the cross product of X with permuted columns is G permuted
  d.termLabels.forEach((lab, t) => {
    const cont = containing(d, t);
    const own = colsOf(d.assign, t + 1);
    if (cont.length === 0) {
      out.set(lab, own.map((j) => Array.from({ length: d.p }, (_, k) => (k === j ? 1 : 0))));
      return;
    }
    const last = [...own, ...cont.flatMap((b) => colsOf(d.assign, b + 1))];
    const order = [...Array(d.p).keys()].filter((j) => !last.includes(j)).concat(last);
    const g = (G ??= gramOf(d));
    const Lc = transpose(doolittleL(order.map((i) => order.map((j) => g[i][j]))));
    // rows of the term's columns (in the new order), columns back in X's order
    const rows = order.map((j, k) => (own.includes(j) ? k : -1)).filter((k) => k >= 0);
    const pos = new Map(order.map((j, k) => [j, k]));
    out.set(lab, rows.map((r) => Array.from({ length: d.p }, (_, j) => Lc[r][pos.get(j)!])));
  });
  return out;
}

/** The distinct rows of an all-factor design: one representative row per cell, and its count. */
export interface FactorCells {
  /** Index (in the model frame) of the first row of each cell, ascending. */
  readonly rows: Int32Array;
  /** Number of rows in each cell. */
  readonly counts: Float64Array;
  /** The model frame restricted to `rows`. */
  readonly frame: Frame;
}

/**
 * The cells of a fixed-effects design whose variables are all factors: every design built from
 * the model's terms (any coding) has one distinct row per combination of the variables' levels,
 * so the rows are grouped by their level codes (a mixed-radix integer, no hashing of floats).
 * Null when a variable is numeric, when the cells would not reduce the rows, or when a variable
 * evaluated on the representative rows does not give the same levels as on the whole frame
 * (e.g. `cut(x, 3)`, whose breaks depend on the rows present): callers then use all n rows.
 */
export function factorCells(d: DesignTerms): FactorCells | null {
  if (d.numeric.size > 0) return null;
  const vars = new Map<string, LinearSpec["terms"][number]["vars"][number]>();
  for (const t of d.spec.terms) for (const v of t.vars) if (!vars.has(v.label)) vars.set(v.label, v);
  const cols: FactorColumn[] = [];
  for (const v of vars.values()) {
    const c = evaluateColumn(v.expr, d.frame, v.label);
    if (c.kind !== "factor") return null;
    cols.push(c);
  }
  let radix = 1;
  for (const c of cols) radix *= Math.max(c.levels.length, 1);
  if (!(radix <= Number.MAX_SAFE_INTEGER)) return null;
  const n = d.n;
  const cellOf = new Map<number, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (const c of cols) {
      const code = c.codes[i];
      if (code < 0) return null;
      key = key * c.levels.length + code;
    }
    const cell = cellOf.get(key);
    if (cell === undefined) {
      cellOf.set(key, rows.length);
      rows.push(i);
      counts.push(1);
    } else counts[cell]++;
  }
  if (rows.length >= n) return null;
  const rowIdx = Int32Array.from(rows);
  const frame = subsetRows(d.frame, rowIdx);
  let k = 0;
  for (const v of vars.values()) {
    const full = cols[k++], sub = evaluateColumn(v.expr, frame, v.label);
    if (sub.kind !== "factor") return null;
    for (let i = 0; i < rowIdx.length; i++) if (sub.levels[sub.codes[i]] !== full.levels[full.codes[rowIdx[i]]]) return null;
  }
  return { rows: rowIdx, counts: Float64Array.from(counts), frame };
}

/** Multiplies row i of the m×k column-major A by w[i], in place. */
function scaleRows(A: Float64Array, m: number, k: number, w: Float64Array): Float64Array {
  for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) A[i + j * m] *= w[i];
  return A;
}

/** Options of `type3Hypotheses`. */
export interface Type3Options {
  /**
   * Work on the distinct rows of an all-factor design, each weighted by √count (default true):
   * the cross products, and so every result, are those of the n-row design; false uses all n rows.
   */
  readonly cells?: boolean;
}

/**
 * lmerTest's type 3 matrices. Everything is computed from cross products of the treatment-coded
 * design Xt, the all-levels design rdX and the model's X, and from R's pivoted QR of Xt (whose
 * pivoting depends only on XtᵀXt): for an all-factor design these are formed on the distinct
 * rows (`factorCells`) scaled by √count, which have the same cross products and the same R factor
 * as the n rows, so the cost follows the number of cells and p rather than n.
 */
export function type3Hypotheses(d: DesignTerms, opts: Type3Options = {}): Map<string, Mat> {
  if (d.p <= 1 || d.termLabels.length <= 1) return type1Hypotheses(d);
  const cells = opts.cells === false ? null : factorCells(d);
  const frame = cells ? cells.frame : d.frame;
  const n = cells ? cells.rows.length : d.n;
  const w = cells ? cells.counts.map(Math.sqrt) : null;
  const weigh = (A: Float64Array, k: number) => (w ? scaleRows(A, n, k, w) : A);
  // The design in treatment coding, reduced to full column rank (R's qr pivoting).
  const trt = buildFixedDesign(d.spec, d.frame, { treatment: true });
  const Xfull = weigh(trt.matrix(frame), trt.p);
  const { pivot, rank } = pivotedQrRank(Xfull, n, trt.p);
  const keep = Array.from(pivot.subarray(0, rank)).sort((a, b) => a - b);
  const pt = keep.length;
  const Xt = new Float64Array(n * pt);
  keep.forEach((j, k) => Xt.set(Xfull.subarray(j * n, (j + 1) * n), k * n));
  const tNames = keep.map((j) => trt.names[j]);
  const tAssign = keep.map((j) => trt.assign[j]);
  // rdX: every level of every term (R's get_rdX), intercept first.
  const rdCols: Float64Array[] = [];
  const rdNames: string[] = [];
  if (d.intercept) {
    rdCols.push(new Float64Array(n).fill(1));
    rdNames.push("(Intercept)");
  }
  for (const term of d.spec.terms) {
    const des = buildFixedDesign({ intercept: false, terms: [term] }, d.frame);
    const M = des.matrix(frame);
    des.names.forEach((nm, j) => {
      rdCols.push(M.slice(j * n, (j + 1) * n));
      rdNames.push(nm);
    });
  }
  const prd = rdCols.length;
  const rdX = new Float64Array(n * prd);
  rdCols.forEach((c, j) => rdX.set(c, j * n));
  weigh(rdX, prd);
  // L = zapsmall((Xt⁺ rdX)ᵀ), prd × pt column-major: row i an rdX column, column j a parameter of Xt.
  const C = pinvTimes(Xt, pt, rdX, prd, n); // pt × prd
  const L = new Float64Array(prd * pt);
  for (let i = 0; i < prd; i++) for (let j = 0; j < pt; j++) L[i + j * prd] = C[j + i * pt];
  zapsmallInPlace(L);
  // Orthogonalize each term's columns against the terms containing it, highest order first.
  const order = d.termLabels.map((_, t) => t).sort((a, b) => d.termVars[b].length - d.termVars[a].length || a - b);
  for (const t of order) {
    const cont = containing(d, t);
    if (!cont.length) continue;
    const ycols = colsOf(tAssign, t + 1);
    const xcols = cont.flatMap((b) => colsOf(tAssign, b + 1));
    const res = zapsmallInPlace(lsResiduals(L, prd, xcols, ycols));
    ycols.forEach((j, k) => L.set(res.subarray(k * prd, (k + 1) * prd), j * prd));
  }
  const rowIndex = new Map(rdNames.map((nm, i) => [nm, i]));
  // Rows of L at Xt's parameters (pt × pt).
  const lpRows = tNames.map((nm) => {
    const i = rowIndex.get(nm);
    if (i === undefined) throw new Error(`type 3 contrasts: parameter ${nm} not found in the full design`);
    return i;
  });
  const sameCoding = pt === d.p && tNames.every((nm, j) => nm === d.names[j]);
  let map: Float64Array | null = null; // pt × p column-major
  if (!sameCoding) {
    let X = d.X;
    if (cells) {
      X = new Float64Array(n * d.p);
      for (let j = 0; j < d.p; j++) for (let i = 0; i < n; i++) X[i + j * n] = d.X[cells.rows[i] + j * d.n];
      weigh(X, d.p);
    }
    map = zapsmallInPlace(pinvTimes(Xt, pt, X, d.p, n));
  }
  const out = new Map<string, Mat>();
  d.termLabels.forEach((lab, t) => {
    const Lt: Mat = [];
    for (const j of colsOf(tAssign, t + 1)) {
      const row = lpRows.map((i) => L[i + j * prd]);
      if (row.reduce((s, v) => s + Math.abs(v), 0) <= 1e-8) continue;
      if (!map) {
        Lt.push(row);
        continue;
      }
      const mapped = new Array<number>(d.p).fill(0);
      for (let c = 0; c < pt; c++) {
        const v = row[c];
        if (v !== 0) for (let k = 0; k < d.p; k++) mapped[k] += v * map[c + k * pt];
      }
      Lt.push(mapped);
    }
    out.set(lab, Lt);
  });
  return out;
}

/** car's relatives: terms (0-based) whose variables include all of term a's. */
function relatives(d: DesignTerms, a: number): number[] {
  return d.termLabels.flatMap((_, b) => (b !== a && d.termVars[a].every((v) => d.termVars[b].includes(v)) ? [b] : []));
}

/**
 * car's Wald hypotheses for `Anova(mod, type)`: per term label ("(Intercept)" first for type 3).
 * `V` is vcov(β̂) (p×p, row-major).
 */
export function carHypotheses(d: DesignTerms, type: 2 | 3, V: Mat): Map<string, Mat> {
  const I = (j: number) => Array.from({ length: d.p }, (_, k) => (k === j ? 1 : 0));
  const out = new Map<string, Mat>();
  if (type === 3) {
    if (d.intercept) out.set("(Intercept)", colsOf(d.assign, 0).map(I));
    d.termLabels.forEach((lab, t) => out.set(lab, colsOf(d.assign, t + 1).map(I)));
    return out;
  }
  d.termLabels.forEach((lab, t) => {
    const rel = relatives(d, t).flatMap((b) => colsOf(d.assign, b + 1));
    const own = colsOf(d.assign, t + 1);
    const H2 = [...rel, ...own].map(I);
    if (!rel.length) return out.set(lab, H2);
    const H1 = rel.map(I);
    // ConjComp(t(H1), t(H2), V): Z N with N spanning {w : wᵀ (H2 V H1ᵀ) = 0}.
    const M = matMul(matMul(H2, V), transpose(H1)); // r2 × r1
    const MMt = matMul(M, transpose(M));
    const r2 = MMt.length;
    const { values, vectors } = symEigen(MMt.flat().map((_, idx) => MMt[idx % r2][Math.floor(idx / r2)]), r2);
    const tol = Math.max(values[0], 0) * 1e-10 + 1e-300;
    const null_: number[][] = [];
    for (let c = 0; c < r2; c++) if (values[c] <= tol) null_.push(Array.from({ length: r2 }, (_, r) => vectors[r + c * r2]));
    out.set(lab, null_.map((w) => Array.from({ length: d.p }, (_, k) => w.reduce((s, wi, i) => s + wi * H2[i][k], 0))));
  });
  return out;
}
