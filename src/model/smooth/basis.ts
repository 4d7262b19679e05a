/**
 * A smooth `s(x, bs = "cr" | "ps", k)` as mixed-model terms, as gamm4 builds them (mgcv's
 * `smoothCon(…, absorb.cons = TRUE)` then `smooth2random(…, type = 2)`), learned on the training
 * frame and kept so that new data get the same functions:
 *
 * 1. X (n×k): the cubic regression spline basis at x (`cr.ts`) or the P-spline basis (`ps.ts`),
 *    penalty S; S is rescaled as
 *    mgcv's `scale.penalty` does, S / (‖S‖₁ / ‖X‖∞²) (the size of S relative to XᵀX). The scale
 *    of S fixes the scale of the random effects, so this is what makes the smoothing variance
 *    comparable with gamm4's.
 * 2. The identifiability constraint 1ᵀXβ = 0 (the smooth sums to zero over the data) is absorbed:
 *    with Z (k×(k−1)) an orthonormal basis of the null space of c = colMeans(X) (a Householder
 *    reflection), X ← XZ, S ← ZᵀSZ.
 * 3. The eigen-decomposition S = U diag(λ) Uᵀ (λ decreasing; rank k − 2): the columns
 *    XUᵢ/√λᵢ of the k − 2 penalized directions form the random part (penalty = identity, so
 *    b ~ N(0, σ²ₛ I) is the penalty with smoothing parameter σ²/σ²ₛ), the null direction (the
 *    centred linear function of x) the fixed part, XU_{k−1}.
 *
 * The sign of the fixed column is an eigenvector's, arbitrary in R (LAPACK's choice): we choose the
 * one that increases with x, so `s(x)Fx1` may differ in sign from gamm4's; fitted values, the
 * smooth and its variance do not depend on it (nor on the choice of Z or of U within an eigenspace).
 */
import type { Frame } from "../../data/types.js";
import type { Basis } from "../../formula/bases.js";
import { deparse } from "../../formula/deparse.js";
import { evaluateNumeric } from "../../formula/evaluate.js";
import { readSmooth, smoothLevel, smoothPart, type SmoothSpec } from "../../formula/smooth.js";
import { evaluateColumn } from "../../formula/evaluate.js";
import { asFactor, dropUnusedLevels } from "../../data/index.js";
import type { Expr } from "../../formula/types.js";
import { symEigen } from "../../linalg/symEigen.js";
import { smoothTooFewValues } from "../../messages/model.js";
import { crKnots, crRow, crSpline } from "./cr.js";
import { psBasis, psKnots, type SplineBasis } from "./ps.js";

type Call = Extract<Expr, { type: "call" }>;

/** A smooth learned on training data: the spline and the map T from its basis row to the model columns. */
export interface LearnedSmooth {
  readonly spec: SmoothSpec;
  /** The spline basis (knots, penalty, rows). */
  readonly basis: SplineBasis;
  /** k×(k−1) column-major: columns 0…k−3 the random part, column k−2 the fixed part. */
  readonly T: Float64Array;
  readonly nRandom: number;
  /** mgcv's `S.scale`: the factor the penalty was divided by. */
  readonly penaltyScale: number;
}

/** Learns the smooth of `spec` from the (finite) training values x. */
export function learnSmooth(spec: SmoothSpec, x: Float64Array): LearnedSmooth {
  const xs = Array.from(x).filter((v) => Number.isFinite(v));
  const k = spec.k;
  const unique = new Set(xs).size;
  // cr puts a knot at k distinct values; for ps mgcv only warns, but a basis with fewer distinct
  // values than functions is refused here as well
  if (unique < k) throw smoothTooFewValues(spec.label, k, unique);
  const basis = basisOf(spec, xs);
  const n = xs.length;
  const rows = xs.map((v) => basis.row(v));
  // mgcv's scale.penalty: maXX = ‖X‖∞², maS = ‖S‖₁ / maXX
  let rowMax = 0;
  for (const r of rows) rowMax = Math.max(rowMax, r.reduce((a, v) => a + Math.abs(v), 0));
  let colMax = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(basis.S[i + c * k]!);
    colMax = Math.max(colMax, s);
  }
  const penaltyScale = colMax / (rowMax * rowMax);
  // the constraint: Z = columns 2…k of the Householder reflection H = I − 2vvᵀ/vᵀv mapping c to ±‖c‖e₁
  const c = new Float64Array(k);
  for (const r of rows) for (let j = 0; j < k; j++) c[j] = c[j]! + r[j]! / n;
  const norm = Math.hypot(...c);
  const v = Float64Array.from(c);
  v[0] = v[0]! + (c[0]! >= 0 ? norm : -norm);
  const vv = v.reduce((a, b) => a + b * b, 0);
  const Z = new Float64Array(k * (k - 1));
  for (let col = 1; col < k; col++)
    for (let i = 0; i < k; i++) Z[i + (col - 1) * k] = (i === col ? 1 : 0) - (2 * v[i]! * v[col]!) / vv;
  // ZᵀSZ / penaltyScale
  const m = k - 1;
  const SZ = new Float64Array(k * m);
  for (let b = 0; b < m; b++) for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += basis.S[i + j * k]! * Z[j + b * k]!;
    SZ[i + b * k] = s;
  }
  const Sc = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Z[i + a * k]! * SZ[i + b * k]!;
    Sc[a + b * m] = s / penaltyScale;
  }
  const { values, vectors } = symEigen(Sc, m);
  const nRandom = k - 2;
  const D = Float64Array.from({ length: m }, (_, j) => (j < nRandom ? 1 / Math.sqrt(values[j]!) : 1));
  const T = new Float64Array(k * m);
  for (let b = 0; b < m; b++) for (let i = 0; i < k; i++) {
    let s = 0;
    for (let a = 0; a < m; a++) s += Z[i + a * k]! * vectors[a + b * m]!;
    T[i + b * k] = s * D[b]!;
  }
  // the fixed column increases with x (its value at the last knot above its value at the first)
  const f = (r: Float64Array) => r.reduce((a, rv, i) => a + rv * T[i + nRandom * k]!, 0);
  let lo = Infinity, hi = -Infinity;
  for (const v of xs) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (f(basis.row(hi)) < f(basis.row(lo))) for (let i = 0; i < k; i++) T[i + nRandom * k] = -T[i + nRandom * k]!;
  return { spec, basis, T, nRandom, penaltyScale };
}

/** The spline basis of the smooth's `bs` learned from the (finite) training x. */
function basisOf(spec: SmoothSpec, xs: readonly number[]): SplineBasis {
  if (spec.bs === "ps") return psBasis(psKnots(xs, spec.k), spec.k);
  const sp = crSpline(crKnots(xs, spec.k));
  return { knots: sp.knots, S: sp.S, row: (x) => crRow(sp, x) };
}

/** The model columns `cols` (indices into T's columns) of the smooth at each x (NaN rows for missing x). */
export function smoothColumns(s: LearnedSmooth, x: Float64Array, cols: readonly number[]): Float64Array[] {
  const k = s.spec.k;
  const out = cols.map(() => new Float64Array(x.length));
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!Number.isFinite(xi)) {
      for (const o of out) o[i] = NaN;
      continue;
    }
    const r = s.basis.row(xi);
    cols.forEach((c, j) => {
      let v = 0;
      for (let a = 0; a < k; a++) v += r[a]! * s.T[a + c * k]!;
      out[j]![i] = v;
    });
  }
  return out;
}

/**
 * The levels of a smooth's factor `by` that get a smooth (all used levels; an ordered factor's
 * after the first, as mgcv), and the level name of each row of a frame (null when missing).
 */
export function byLevels(spec: SmoothSpec, frame: Frame): { levels: string[]; rowLevel: (f: Frame) => (string | null)[] } {
  const by = spec.by!;
  const rowLevel = (f: Frame) => {
    const c = asFactor(evaluateColumn(by, f));
    return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]!));
  };
  const c = dropUnusedLevels(asFactor(evaluateColumn(by, frame)));
  return { levels: c.ordered ? c.levels.slice(1) : [...c.levels], rowLevel };
}

/** Columns times the indicator of `level` (NaN where the by factor is missing). */
function masked(cols: Float64Array[], rows: readonly (string | null)[], level: string): Float64Array[] {
  return cols.map((c) => c.map((v, i) => (rows[i] === null ? NaN : rows[i] === level ? v : 0)));
}

/**
 * The `Basis` of one part of a smooth call made by the formula parser (`.part = fixed`: the
 * column `Fx1`, one per level of a factor `by`, `:fAFx1`; `.part = random`: the columns 1…k−2, of
 * one level of `by` when the call carries it), learned on `frame`. With `by`, the smooth (knots,
 * penalty scale, centring constraint) is learned on every row, then multiplied by the level's
 * indicator (mgcv's `smoothCon` for factor `by` variables).
 */
export function smoothBasis(e: Call, frame: Frame): Basis {
  const spec = readSmooth(deparse(e), e);
  const learned = learnSmooth(spec, evaluateNumeric(spec.x, frame));
  const fixed = smoothPart(e) === "fixed";
  const cols = fixed ? [learned.nRandom] : Array.from({ length: learned.nRandom }, (_, j) => j);
  const plain = (f: Frame) => smoothColumns(learned, evaluateNumeric(spec.x, f), cols);
  if (!spec.by) return { suffixes: fixed ? ["Fx1"] : cols.map((j) => String(j + 1)), columns: plain };
  const { levels, rowLevel } = byLevels(spec, frame);
  if (fixed) {
    const byLabel = deparse(spec.by);
    return {
      suffixes: levels.map((lv) => `:${byLabel}${lv}Fx1`),
      columns: (f) => {
        const c = plain(f), rows = rowLevel(f);
        return levels.flatMap((lv) => masked(c, rows, lv));
      },
    };
  }
  const level = smoothLevel(e)!;
  return { suffixes: cols.map((j) => String(j + 1)), columns: (f) => masked(plain(f), rowLevel(f), level) };
}
