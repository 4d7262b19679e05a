/**
 * Data-dependent formula terms: `poly(x, d)`, `poly(x, d, raw = TRUE)`, `scale(x, center, scale)`,
 * `ns(x, df | knots)` and `bs(x, df | knots, degree)`. Their parameters (poly's recurrence
 * coefficients alpha/norm2, scale's center and scale, the splines' knots and Boundary.knots) are
 * computed once on the training frame, as R's `makepredictcall` stores them in the terms, and the
 * returned `Basis` evaluates the same functions on any frame (newdata in predict, simulate, grids).
 */
import type { Frame } from "../data/types.js";
import { badTermArgument, polyDegreeTooHigh } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import { constant, matchArgs } from "./factorTerms.js";
import { evaluateNumeric } from "./evaluate.js";
import { accurateSum } from "../data/sum.js";
import type { Expr } from "./types.js";

/** The functions that make a data-dependent basis. */
export const BASIS_FUNCTIONS: ReadonlySet<string> = new Set(["poly", "scale", "ns", "bs"]);

/** A basis learned on training data: column-name suffixes and an evaluator for any frame. */
export interface Basis {
  /** Suffixes appended to the term label for R's column names ("1", "2", ...; "" for one unnamed column). */
  readonly suffixes: readonly string[];
  /** The basis columns on `frame` with the training parameters (missing x gives NaN rows). */
  columns(frame: Frame): Float64Array[];
  /**
   * The columns as SQL of the variable's SQL `x`, with the same operations in the same order as
   * `columns` (so the same doubles), literals written by `num` (poly and scale; absent for splines).
   */
  sql?(x: string, num: (v: number) => string): string[];
}

type Call = Extract<Expr, { type: "call" }>;

function numberArg(term: string, args: Map<string, Expr>, name: string): number | undefined {
  const e = args.get(name);
  if (!e) return undefined;
  const v = constant(term, name, e);
  if (typeof v === "boolean" || v.length !== 1 || !Number.isFinite(v[0]!)) throw badTermArgument(term, `'${name}' must be one number`);
  return v[0]!;
}

function flagArg(term: string, args: Map<string, Expr>, name: string, dflt: boolean): boolean {
  const e = args.get(name);
  if (!e) return dflt;
  const v = constant(term, name, e);
  if (typeof v !== "boolean") throw badTermArgument(term, `'${name}' must be TRUE or FALSE`);
  return v;
}

const finite = (x: Float64Array) => Array.from(x).filter((v) => Number.isFinite(v));

/** Applies `f` to the non-missing entries of x; missing x gives NaN in every column. */
function rowwise(x: Float64Array, m: number, f: (v: number, row: Float64Array) => void): Float64Array[] {
  const cols = Array.from({ length: m }, () => new Float64Array(x.length));
  const row = new Float64Array(m);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) row.fill(NaN);
    else {
      row.fill(0);
      f(v, row);
    }
    for (let j = 0; j < m; j++) cols[j]![i] = row[j]!;
  }
  return cols;
}

/**
 * R's `poly(x, degree)`: orthogonal polynomials by the three-term recurrence
 * p_{k+1}(x) = (x - alpha_k) p_k(x) - (norm2_{k+1}/norm2_k) p_{k-1}(x), columns p_k/sqrt(norm2_{k+1});
 * alpha and norm2 from the training x (equal to R's QR construction). `raw = TRUE`: x, x², ….
 */
/** poly()'s arguments: the degree and raw = TRUE/FALSE (coefs refused: they come from the data). */
export function polyArgs(e: Call): { degree: number; raw: boolean } {
  const term = deparse(e);
  const args = matchArgs(e, ["x", "degree", "coefs", "raw", "simple"]);
  if (args.has("coefs")) throw badTermArgument(term, "'coefs' is not supported; the coefficients are taken from the data");
  const degree = numberArg(term, args, "degree") ?? 1;
  if (!Number.isInteger(degree) || degree < 1) throw badTermArgument(term, `'degree' must be an integer of at least 1, not ${degree}`);
  return { degree, raw: flagArg(term, args, "raw", false) };
}

/** poly(x, degree, raw = TRUE): x, x², … (the powers as repeated products). */
export function polyRaw(e: Call, degree: number): Basis {
  return {
    suffixes: Array.from({ length: degree }, (_, k) => String(k + 1)),
    columns: (f) => rowwise(argX(e, f), degree, (v, r) => {
      let p = 1;
      for (let k = 0; k < degree; k++) r[k] = p *= v;
    }),
    sql: (x) => Array.from({ length: degree }, (_, k) => (k === 0 ? x : `(${Array<string>(k + 1).fill(x).join(" * ")})`)),
  };
}

function polyBasis(e: Call, x: Float64Array): Basis {
  const term = deparse(e);
  const { degree, raw } = polyArgs(e);
  const xs = finite(x);
  const unique = new Set(xs).size;
  if (degree >= unique) throw polyDegreeTooHigh(term, degree, unique);
  if (raw) return polyRaw(e, degree);
  // Stieltjes: alpha_k = sum x p_k² / norm2_{k+1}, norm2 = (1, n, |p_1|², ...); sums correctly
  // rounded (the same numbers in any row order, and from a database's exact sums)
  const n = xs.length;
  const mean = accurateSum(n, (i) => xs[i]!) / n;
  const xc = xs.map((v) => v - mean);
  const alpha: number[] = [];
  const norm2: number[] = [1, n];
  let prev = new Float64Array(n); // p_{-1} = 0
  let cur = new Float64Array(n).fill(1); // p_0 = 1
  for (let k = 0; k < degree; k++) {
    const c = cur, pr = prev;
    const a = accurateSum(n, (i) => xc[i]! * c[i]! * c[i]!) / norm2[k + 1]!;
    alpha.push(a + mean);
    const next = new Float64Array(n);
    const ratio = norm2[k + 1]! / norm2[k]!;
    for (let i = 0; i < n; i++) next[i] = (xc[i]! - a) * c[i]! - (k === 0 ? 0 : ratio * pr[i]!);
    norm2.push(accurateSum(n, (i) => next[i]! * next[i]!));
    prev = cur;
    cur = next;
  }
  return polyFromParams(e, alpha, norm2);
}

/**
 * The orthogonal-polynomial basis of `e` from its recurrence coefficients (alpha_k, norm2 as R's
 * `attr(, "coefs")`): p_0 = 1, p_1 = x − alpha_0, p_{k+1} = (x − alpha_k) p_k − (norm2_{k+1}/norm2_k) p_{k−1},
 * column k = p_k / sqrt(norm2_{k+1}).
 */
export function polyFromParams(e: Call, alpha: readonly number[], norm2: readonly number[]): Basis {
  const degree = alpha.length;
  const ratio = (k: number) => norm2[k + 1]! / norm2[k]!, root = (k: number) => Math.sqrt(norm2[k + 2]!);
  return {
    suffixes: Array.from({ length: degree }, (_, k) => String(k + 1)),
    columns: (f) =>
      rowwise(argX(e, f), degree, (v, r) => {
        let pm1 = 1;
        let p = v - alpha[0]!;
        r[0] = p / root(0);
        for (let k = 1; k < degree; k++) {
          const next = (v - alpha[k]!) * p - ratio(k) * pm1;
          pm1 = p;
          p = next;
          r[k] = p / root(k);
        }
      }),
    sql: (x, num) => {
      const out: string[] = [];
      let pm1 = num(1), p = `(${x} - ${num(alpha[0]!)})`;
      out.push(`(${p} / ${num(root(0))})`);
      for (let k = 1; k < degree; k++) {
        const next = `(((${x} - ${num(alpha[k]!)}) * ${p}) - (${num(ratio(k))} * ${pm1}))`;
        pm1 = p;
        p = next;
        out.push(`(${p} / ${num(root(k))})`);
      }
      return out;
    },
  };
}

/** The variable (first argument, or the one named x) of a basis call. */
export function basisArg(e: Call): Expr {
  const named = e.args.find((a) => a.type === "named" && a.name === "x");
  const xe = named?.type === "named" ? named.value : e.args.find((a) => a.type !== "named");
  if (!xe) throw badTermArgument(deparse(e), "the variable (first argument) is missing");
  return xe;
}

/** The variable of a basis call evaluated on `frame`. */
function argX(e: Call, frame: Frame): Float64Array {
  return evaluateNumeric(basisArg(e), frame);
}

/**
 * R's `scale(x, center = TRUE, scale = TRUE)`: (x - center)/scale with center the training mean
 * (or the number given, or 0 for FALSE) and scale the training root-mean-square of the centred x,
 * sqrt(sum(x_c²)/(n - 1)) (the sd when centred), or the number given, or 1 for FALSE.
 */
function scaleBasis(e: Call, x: Float64Array): Basis {
  const term = deparse(e);
  const xs = finite(x);
  const n = xs.length;
  const { center: c, scale: s } = scaleArgs(e);
  const center = c === true ? accurateSum(n, (i) => xs[i]!) / n : c === false ? 0 : c;
  if (s === true && new Set(xs).size < 2) throw scaleConstant(term);
  const scale = s === true ? scaleOf(n, accurateSum(n, (i) => (xs[i]! - center) * (xs[i]! - center))) : s === false ? 1 : s;
  return scaleFromParams(e, center, scale);
}

/** The argument pick of scale(): TRUE (learn), FALSE, or a number (R's `center` and `scale`). */
export function scaleArgs(e: Call): { center: number | boolean; scale: number | boolean } {
  const term = deparse(e);
  const args = matchArgs(e, ["x", "center", "scale"]);
  const pick = (name: string): number | boolean => {
    const a = args.get(name);
    if (!a) return true;
    const v = constant(term, name, a);
    if (typeof v === "boolean") return v;
    if (v.length !== 1) throw badTermArgument(term, `'${name}' must be TRUE, FALSE or one number`);
    return v[0]!;
  };
  return { center: pick("center"), scale: pick("scale") };
}

/** scale()'s error for a constant variable. */
export const scaleConstant = (term: string) =>
  badTermArgument(term, "the variable is constant in the data, so its standard deviation is 0 and scaling would divide by 0; use scale(x, scale = FALSE) or drop the term");

/** R's scale from Σ (x − center)² of n values: sqrt(ss / max(1, n − 1)). */
export const scaleOf = (n: number, ss: number) => Math.sqrt(ss / Math.max(1, n - 1));

/** The basis (x − center) / scale. */
export function scaleFromParams(e: Call, center: number, scale: number): Basis {
  return {
    suffixes: [""],
    columns: (f) => rowwise(argX(e, f), 1, (v, r) => void (r[0] = (v - center) / scale)),
    sql: (x, num) => [`((${x} - ${num(center)}) / ${num(scale)})`],
  };
}

/** R's quantile type 7 of sorted values. */
function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!) : sorted[lo]!;
}

/**
 * B-spline basis (R's `splineDesign(knots, x, ord, derivs)` for one x): the `deriv`-th derivative
 * of the nk - ord B-splines of order `ord` at x, by the Cox–de Boor recursion on the knot interval
 * containing x (the last non-empty interval at the right end, as R's splines.c).
 */
export function bsplineRow(knots: readonly number[], x: number, ord: number, deriv = 0): Float64Array {
  const nk = knots.length;
  let cell = -1;
  for (let i = ord - 1; i < nk - ord; i++) if (knots[i]! < knots[i + 1]! && knots[i]! <= x) cell = i;
  if (cell < 0) cell = ord - 1;
  let b = new Float64Array(nk - 1);
  b[cell] = 1;
  for (let m = 2; m <= ord; m++) {
    const next = new Float64Array(nk - m);
    const valueStep = m <= ord - deriv;
    for (let i = 0; i < nk - m; i++) {
      const d1 = knots[i + m - 1]! - knots[i]!;
      const d2 = knots[i + m]! - knots[i + 1]!;
      const t1 = d1 > 0 ? b[i]! / d1 : 0;
      const t2 = d2 > 0 ? b[i + 1]! / d2 : 0;
      next[i] = valueStep ? (x - knots[i]!) * t1 + (knots[i + m]! - x) * t2 : (m - 1) * (t1 - t2);
    }
    b = next;
  }
  return b;
}

/** The spline's knots from df (quantiles of x at equal steps) or given knots, and Boundary.knots. */
function splineKnots(term: string, args: Map<string, Expr>, xs: number[], nFromDf: (df: number) => number) {
  const df = numberArg(term, args, "df");
  const kn = args.get("knots");
  let knots: number[];
  const sorted = [...xs].sort((a, b) => a - b);
  const bk = args.get("Boundary.knots");
  let boundary: [number, number] = [sorted[0]!, sorted[sorted.length - 1]!];
  if (bk) {
    const v = constant(term, "Boundary.knots", bk);
    if (typeof v === "boolean" || v.length !== 2 || !(v[0]! < v[1]!)) throw badTermArgument(term, "'Boundary.knots' must be two increasing numbers");
    boundary = [v[0]!, v[1]!];
  }
  if (!(boundary[0] < boundary[1])) throw badTermArgument(term, "the variable takes a single value in the data, so the spline has no range; drop the term or give Boundary.knots");
  if (kn) {
    const v = constant(term, "knots", kn);
    if (typeof v === "boolean") throw badTermArgument(term, "'knots' must be numbers");
    knots = [...v].sort((a, b) => a - b);
  } else if (df !== undefined) {
    if (!Number.isInteger(df) || df < 1) throw badTermArgument(term, `'df' must be a positive integer, not ${df}`);
    const nI = Math.max(0, nFromDf(df));
    const inside = sorted.filter((v) => v >= boundary[0] && v <= boundary[1]);
    knots = Array.from({ length: nI }, (_, k) => quantile7(inside, (k + 1) / (nI + 1)));
  } else knots = [];
  return { knots, boundary };
}

/** LINPACK dqrdc2 Householder vectors (no pivoting) of a column-major n×p matrix, as R's qr(). */
function householder(a: Float64Array, n: number, p: number): { qr: Float64Array; qraux: Float64Array } {
  const qr = Float64Array.from(a);
  const qraux = new Float64Array(p);
  for (let l = 0; l < Math.min(n - 1, p); l++) {
    let nrm = 0;
    for (let i = l; i < n; i++) nrm += qr[l * n + i]! ** 2;
    nrm = Math.sqrt(nrm);
    if (nrm === 0) continue;
    if (qr[l * n + l] !== 0) nrm = Math.sign(qr[l * n + l]!) * Math.abs(nrm);
    for (let i = l; i < n; i++) qr[l * n + i] = qr[l * n + i]! / nrm;
    qr[l * n + l] = qr[l * n + l]! + 1;
    for (let j = l + 1; j < p; j++) {
      let t = 0;
      for (let i = l; i < n; i++) t -= qr[l * n + i]! * qr[j * n + i]!;
      t /= qr[l * n + l]!;
      for (let i = l; i < n; i++) qr[j * n + i] = qr[j * n + i]! + t * qr[l * n + i]!;
    }
    qraux[l] = qr[l * n + l]!;
    qr[l * n + l] = -nrm;
  }
  return { qr, qraux };
}

/** Q'y for the Householder factors of `householder` (R's qr.qty). */
function qty(h: { qr: Float64Array; qraux: Float64Array }, n: number, p: number, y: Float64Array): void {
  for (let j = 0; j < Math.min(n - 1, p); j++) {
    const q0 = h.qraux[j]!;
    if (q0 === 0) continue;
    let t = -q0 * y[j]!;
    for (let i = j + 1; i < n; i++) t -= h.qr[j * n + i]! * y[i]!;
    t /= q0;
    y[j] = y[j]! + t * q0;
    for (let i = j + 1; i < n; i++) y[i] = y[i]! + t * h.qr[j * n + i]!;
  }
}

/**
 * R's `ns(x, df, knots, intercept = FALSE, Boundary.knots = range(x))`: natural cubic splines,
 * the cubic B-splines projected (by the QR of their second derivatives at the boundary knots)
 * onto those linear beyond the boundary; x outside the boundary is extrapolated linearly.
 */
function nsBasis(e: Call, x: Float64Array): Basis {
  const term = deparse(e);
  const args = matchArgs(e, ["x", "df", "knots", "intercept", "Boundary.knots"]);
  const intercept = flagArg(term, args, "intercept", false);
  const { knots, boundary } = splineKnots(term, args, finite(x), (df) => df - 1 - (intercept ? 1 : 0));
  const all = [boundary[0], boundary[0], boundary[0], boundary[0], ...knots, boundary[1], boundary[1], boundary[1], boundary[1]];
  const drop = intercept ? 0 : 1;
  const p = all.length - 4 - drop; // B-splines kept
  const cons = new Float64Array(p * 2); // t(const): p×2
  boundary.forEach((b, c) => {
    const row = bsplineRow(all, b, 4, 2);
    for (let j = 0; j < p; j++) cons[c * p + j] = row[j + drop]!;
  });
  const h = householder(cons, p, 2);
  const m = p - 2;
  const row = (v: number): Float64Array => {
    if (v < boundary[0] || v > boundary[1]) {
      const k = v < boundary[0] ? boundary[0] : boundary[1];
      const b0 = bsplineRow(all, k, 4, 0);
      const b1 = bsplineRow(all, k, 4, 1);
      return b0.map((b, j) => b + (v - k) * b1[j]!);
    }
    return bsplineRow(all, v, 4, 0);
  };
  return {
    suffixes: Array.from({ length: m }, (_, k) => String(k + 1)),
    columns: (f) =>
      rowwise(argX(e, f), m, (v, r) => {
        const y = row(v).slice(drop, drop + p);
        qty(h, p, 2, y);
        for (let j = 0; j < m; j++) r[j] = y[j + 2]!;
      }),
  };
}

/**
 * R's `bs(x, df, knots, degree = 3, intercept = FALSE, Boundary.knots = range(x))`: the B-spline
 * basis of order degree + 1; x outside the boundary by R's Taylor expansion at a pivot a quarter
 * of the way to the nearest inner knot (R warns there that the basis may be ill-conditioned).
 */
function bsBasis(e: Call, x: Float64Array): Basis {
  const term = deparse(e);
  const args = matchArgs(e, ["x", "df", "knots", "degree", "intercept", "Boundary.knots"]);
  const degree = numberArg(term, args, "degree") ?? 3;
  if (!Number.isInteger(degree) || degree < 1) throw badTermArgument(term, `'degree' must be a positive integer, not ${degree}`);
  const ord = degree + 1;
  const intercept = flagArg(term, args, "intercept", false);
  const { knots, boundary } = splineKnots(term, args, finite(x), (df) => df - ord + (intercept ? 0 : 1));
  const all = [...Array<number>(ord).fill(boundary[0]), ...knots, ...Array<number>(ord).fill(boundary[1])];
  const drop = intercept ? 0 : 1;
  const m = all.length - ord - drop;
  const fact = Array.from({ length: ord }, (_, d) => (d === 0 ? 1 : Array.from({ length: d }, (_, i) => i + 1).reduce((a, b) => a * b, 1)));
  const row = (v: number): Float64Array => {
    if (v >= boundary[0] && v <= boundary[1]) return bsplineRow(all, v, ord, 0);
    const left = v < boundary[0];
    const piv = left ? 0.75 * boundary[0] + 0.25 * all[ord]! : 0.75 * boundary[1] + 0.25 * all[all.length - ord - 1]!;
    const out = new Float64Array(all.length - ord);
    for (let d = 0; d <= degree; d++) {
      const bd = bsplineRow(all, piv, ord, d);
      const w = (v - piv) ** d / fact[d]!;
      for (let j = 0; j < out.length; j++) out[j] = out[j]! + w * bd[j]!;
    }
    return out;
  };
  return {
    suffixes: Array.from({ length: m }, (_, k) => String(k + 1)),
    columns: (f) =>
      rowwise(argX(e, f), m, (v, r) => {
        const b = row(v);
        for (let j = 0; j < m; j++) r[j] = b[j + drop]!;
      }),
  };
}

/**
 * Learns the basis of a `poly`/`scale`/`ns`/`bs` call on the training frame (its variable must be
 * numeric; rows with missing x are ignored when computing the parameters). Throws LmeError
 * ("formula") naming the term for a bad argument, e.g. a poly degree not below the number of
 * distinct x values, as R's functions do.
 */
export function learnBasis(e: Call, frame: Frame): Basis {
  const x = argX(e, frame);
  switch (e.fn) {
    case "poly":
      return polyBasis(e, x);
    case "scale":
      return scaleBasis(e, x);
    case "ns":
      return nsBasis(e, x);
    case "bs":
      return bsBasis(e, x);
  }
  throw badTermArgument(deparse(e), `${e.fn}() is not a data-dependent basis`);
}
