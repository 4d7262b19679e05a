/**
 * lme4's `getME(m, name)`, `modelMatrix(m, type)`, `modelFrame(m)` and `terms(m)`: the pieces of a
 * fitted model as plain data. Sparse matrices (Z, Zᵀ, Λ, Λᵀ) are compressed-sparse-column objects
 * `{ i, p, x, dim }` as R's dgCMatrix (0-based row indices `i`, column pointers `p`); dense ones
 * `{ dim, x, colnames }` with `x` column-major.
 */
import type { Frame } from "../data/types.js";
import type { LmerMod } from "./lmerMod.js";
import type { ReTerm } from "../model/random.js";
import { termFactors } from "./common.js";
import { getMELmmOnly, getMENoL, getMEUnknown, modelMatrixType } from "../messages/results.js";
import { requireFittedModel, requireShape } from "../model/args.js";

import type { MerMod } from "./update.js";

/** A sparse matrix in compressed-sparse-column form (R's dgCMatrix slots i, p, x, Dim). */
export interface CscMatrix {
  readonly i: Int32Array;
  readonly p: Int32Array;
  readonly x: Float64Array;
  readonly dim: readonly [number, number];
}

/** A dense matrix, column-major, with column names when it has them. */
export interface DenseMatrix {
  readonly dim: readonly [number, number];
  readonly x: Float64Array;
  readonly colnames?: readonly string[];
}

/** lme4's devcomp: deviance components (cmp) and dimensions (dims). */
export interface DevComp {
  readonly cmp: { ldL2: number; ldRX2: number; wrss: number; ussq: number; pwrss: number; sigmaML: number; sigmaREML: number; REML: number; dev: number };
  readonly dims: { N: number; n: number; p: number; nmp: number; nth: number; q: number; useSc: number; reTrms: number; REML: number; GLMM: number; NLMM: number };
}

/** lme4's names accepted by getME. */
export const GETME_NAMES = [
  "X", "Z", "Zt", "Lambda", "Lambdat", "theta", "beta", "u", "b", "L", "RX", "flist", "cnms", "lower", "Gp", "n_rtrms", "devcomp", "mu", "y", "offset",
] as const;
export type GetMEName = (typeof GETME_NAMES)[number];

/** Grouping factor: levels and 0-based level code per observation. */
export interface GroupingFactor {
  readonly name: string;
  readonly levels: readonly string[];
  readonly codes: Int32Array;
}

/** Column pointers of the random-effects terms in u / b / Z (lme4's Gp): [0, ℓ₁q₁, ℓ₁q₁+ℓ₂q₂, …]. */
function gpOf(terms: readonly ReTerm[]): Int32Array {
  const gp = new Int32Array(terms.length + 1);
  terms.forEach((t, k) => (gp[k + 1] = gp[k] + t.nLevels * t.q));
  return gp;
}

/**
 * Z (n × Σℓ_k q_k): column Gp[k] + l q_k + c of term k holds z_i[c] at the rows i of level l,
 * as lme4 orders it (terms, then levels, then the term's columns).
 */
function zOf(terms: readonly ReTerm[], n: number): CscMatrix {
  const gp = gpOf(terms), ncol = gp[terms.length];
  const p = new Int32Array(ncol + 1), i: number[] = [], x: number[] = [];
  let col = 0;
  for (const t of terms) {
    const byLevel: number[][] = Array.from({ length: t.nLevels }, () => []);
    for (let r = 0; r < n; r++) byLevel[t.codes[r]].push(r);
    for (let l = 0; l < t.nLevels; l++)
      for (let c = 0; c < t.q; c++) {
        for (const r of byLevel[l]) (i.push(r), x.push(t.z[r + c * n]));
        p[++col] = i.length;
      }
  }
  return { i: Int32Array.from(i), p, x: Float64Array.from(x), dim: [n, ncol] };
}

/** The transpose of a CSC matrix (again CSC, rows sorted). */
export function transposeCsc(A: CscMatrix): CscMatrix {
  requireShape("transposeCsc", A, "a sparse matrix { i, p, x, dim } (from getME)", ["i", "p", "x", "dim"]);
  const [nr, nc] = A.dim, count = new Int32Array(nr + 1);
  for (let k = 0; k < A.i.length; k++) count[A.i[k] + 1]++;
  for (let r = 0; r < nr; r++) count[r + 1] += count[r];
  const p = Int32Array.from(count), next = Int32Array.from(count.subarray(0, nr));
  const i = new Int32Array(A.i.length), x = new Float64Array(A.i.length);
  for (let c = 0; c < nc; c++)
    for (let k = A.p[c]; k < A.p[c + 1]; k++) {
      const d = next[A.i[k]]++;
      i[d] = c;
      x[d] = A.x[k];
    }
  return { i, p, x, dim: [nc, nr] };
}

/** Λ: block diagonal, ℓ_k copies of the lower-triangular T_k per term (its lower triangle stored). */
function lambdaOf(terms: readonly ReTerm[], theta: Float64Array): CscMatrix {
  const T = termFactors(terms, theta), gp = gpOf(terms), ncol = gp[terms.length];
  const p = new Int32Array(ncol + 1), i: number[] = [], x: number[] = [];
  let col = 0;
  terms.forEach((t, k) => {
    const q = t.q;
    for (let l = 0; l < t.nLevels; l++)
      for (let c = 0; c < q; c++) {
        for (let r = c; r < q; r++) (i.push(gp[k] + l * q + r), x.push(T[k][r + c * q]));
        p[++col] = i.length;
      }
  });
  return { i: Int32Array.from(i), p, x: Float64Array.from(x), dim: [ncol, ncol] };
}

/** The lower bounds of θ (0 for standard-deviation-like components, −∞ otherwise). */
function lowerOf(terms: readonly ReTerm[]): Float64Array {
  return Float64Array.from(terms.flatMap((t) => [...t.cov.lower]));
}

/** lme4's flist: the distinct grouping factors, in term order. */
function flistOf(terms: readonly ReTerm[]): GroupingFactor[] {
  const seen = new Map<string, GroupingFactor>();
  for (const t of terms) if (!seen.has(t.group)) seen.set(t.group, { name: t.group, levels: t.levels, codes: t.codes });
  return [...seen.values()];
}

function devcompOf(m: LmerMod): DevComp {
  const { ldL2, ldRX2, pwrss } = m.factorParts();
  let ussq = 0;
  for (const v of m.u) ussq += v * v;
  const n = m.nobs, p = m.input.p, terms = m.input.terms;
  const q = gpOf(terms)[terms.length];
  return {
    cmp: {
      ldL2, ldRX2, wrss: pwrss - ussq, ussq, pwrss, sigmaML: Math.sqrt(pwrss / n), sigmaREML: Math.sqrt(pwrss / (n - p)),
      REML: m.REML ? m.criterion : NaN, dev: m.REML ? NaN : m.criterion,
    },
    dims: { N: n, n, p, nmp: n - p, nth: m.theta.length, q, useSc: 1, reTrms: terms.length, REML: m.REML ? p : 0, GLMM: 0, NLMM: 0 },
  };
}

/**
 * lme4's `getME(m, name)`. X (dense, n×p), Z / Zt / Lambda / Lambdat (sparse CSC), theta, beta,
 * u (spherical modes), b = Λu (concatenated, lme4's order), RX (p×p upper triangular, LMMs),
 * flist (grouping factors), cnms (column names per term, as a list of { group, names }, since
 * a group can repeat), lower (bounds of θ), Gp, n_rtrms, devcomp (LMMs), mu (fitted values on
 * the response scale), y (the response; binomial: proportions), offset (zeros when none).
 * "L" is not exposed (see the error it throws).
 */
export function getME(m: MerMod, name: "X" | "RX"): DenseMatrix;
export function getME(m: MerMod, name: "Z" | "Zt" | "Lambda" | "Lambdat"): CscMatrix;
export function getME(m: MerMod, name: "theta" | "beta" | "u" | "b" | "lower" | "mu" | "y" | "offset"): Float64Array;
export function getME(m: MerMod, name: "Gp"): Int32Array;
export function getME(m: MerMod, name: "n_rtrms"): number;
export function getME(m: MerMod, name: "flist"): GroupingFactor[];
export function getME(m: MerMod, name: "cnms"): { group: string; names: readonly string[] }[];
export function getME(m: MerMod, name: "devcomp"): DevComp;
export function getME(m: MerMod, name: string): unknown;
export function getME(m: MerMod, name: string): unknown {
  requireFittedModel("getME", m);
  const { terms, X, p, fixedNames, offset } = m.input, n = m.nobs;
  switch (name) {
    case "X": return { dim: [n, p], x: X.slice(), colnames: fixedNames } satisfies DenseMatrix;
    case "Z": return zOf(terms, n);
    case "Zt": return transposeCsc(zOf(terms, n));
    case "Lambda": return lambdaOf(terms, m.theta);
    case "Lambdat": return transposeCsc(lambdaOf(terms, m.theta));
    case "theta": return m.theta.slice();
    case "beta": return m.beta.slice();
    case "u": return m.u.slice();
    case "b": return Float64Array.from(m.b.flatMap((bk) => [...bk]));
    case "L": throw getMENoL();
    case "RX": {
      if (m.kind !== "lmerMod") throw getMELmmOnly(name);
      return { dim: [p, p], x: m.factorParts().RX.slice(), colnames: fixedNames } satisfies DenseMatrix;
    }
    case "flist": return flistOf(terms);
    case "cnms": return terms.map((t) => ({ group: t.group, names: t.names }));
    case "lower": return lowerOf(terms);
    case "Gp": return gpOf(terms);
    case "n_rtrms": return terms.length;
    case "devcomp": {
      if (m.kind !== "lmerMod") throw getMELmmOnly(name);
      return devcompOf(m);
    }
    case "mu": return m.fitted().slice();
    case "y": return m.y.slice();
    case "offset": return offset ? offset.slice() : new Float64Array(n);
    default: throw getMEUnknown(name, GETME_NAMES);
  }
}

/**
 * lme4's `model.matrix(m, type)`: "fixed" the dense X (n×p, aliased columns removed), "random"
 * the sparse Z.
 */
export function modelMatrix(m: MerMod, type?: "fixed"): DenseMatrix;
export function modelMatrix(m: MerMod, type: "random"): CscMatrix;
export function modelMatrix(m: MerMod, type: "fixed" | "random" = "fixed"): DenseMatrix | CscMatrix {
  requireFittedModel("modelMatrix", m);
  if (type === "fixed") return getME(m, "X");
  if (type === "random") return getME(m, "Z");
  throw modelMatrixType(String(type));
}

/**
 * lme4's `model.frame(m)`: the rows of the data used by the fit (missing values removed,
 * unused factor levels dropped), restricted to the variables the formula names (plus a
 * weights column), in the order they appear; `rows` are the 0-based indices into the input data.
 */
export function modelFrame(m: MerMod): { frame: Frame; rows: Int32Array } {
  requireFittedModel("modelFrame", m);
  const { frame, rows, variables } = m.input.mf;
  const names = variables.filter((v) => frame.columns.has(v));
  return { frame: { nrow: frame.nrow, names, columns: new Map(names.map((v) => [v, frame.columns.get(v)!])) }, rows: rows.slice() };
}

/** The terms of a fitted model (lme4's `terms(m)`, fixed part, plus the random terms). */
export interface ModelTerms {
  /** The response as written ("Reaction", "cbind(incidence, size - incidence)"). */
  readonly response: string | null;
  /** Fixed-effects term labels in R's order (attr(terms(m), "term.labels")). */
  readonly termLabels: readonly string[];
  readonly intercept: boolean;
  /** Fixed-effects column index → term (0 = intercept), R's attr(X, "assign"), kept columns only. */
  readonly assign: Int32Array;
  /** The random terms: grouping factor and column names. */
  readonly random: readonly { group: string; names: readonly string[] }[];
}

/** lme4's `terms(m)`: the fixed part's term labels, intercept and assign, and the random terms. */
export function terms(m: MerMod): ModelTerms {
  requireFittedModel("terms", m);
  const { fixedDesign, keep, formula, terms: re } = m.input;
  return {
    response: formula.responseLabel ?? null,
    termLabels: fixedDesign.termLabels,
    intercept: fixedDesign.intercept,
    assign: Int32Array.from(keep, (j) => fixedDesign.assign[j]),
    random: re.map((t) => ({ group: t.group, names: t.names })),
  };
}
