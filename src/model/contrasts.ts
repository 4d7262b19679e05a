/**
 * Codings of a factor's levels as model-matrix columns, as R's `contrasts()`: treatment
 * contrasts for unordered factors, orthonormal polynomial contrasts (`contr.poly`) for ordered
 * factors, and full indicator coding (`contrasts = FALSE`) when R's term rule asks for it.
 */

/** A k×m coding matrix (column-major) and the suffix R appends to the variable label per column. */
export interface Coding {
  /** Number of levels (rows). */
  readonly k: number;
  /** Number of columns. */
  readonly m: number;
  /** k×m, column-major: row = level, column = model-matrix column. */
  readonly values: Float64Array;
  /** Column-name suffixes: level names (treatment, full), ".L", ".Q", ".C", "^4", ... (poly). */
  readonly suffixes: readonly string[];
}

/**
 * R's `contr.treatment(levels)`: k×(k−1), column j is the indicator of level j+1 (the first
 * level is the baseline); suffixes are the level names 2..k.
 */
export function contrTreatment(levels: readonly string[]): Coding {
  const k = levels.length;
  const m = Math.max(0, k - 1);
  const values = new Float64Array(k * m);
  for (let j = 0; j < m; j++) values[j * k + j + 1] = 1;
  return { k, m, values, suffixes: levels.slice(1) };
}

/** Full indicator coding (R's `contrasts(f, FALSE)`): the k×k identity, suffixes = all levels. */
export function fullCoding(levels: readonly string[]): Coding {
  const k = levels.length;
  const values = new Float64Array(k * k);
  for (let j = 0; j < k; j++) values[j * k + j] = 1;
  return { k, m: k, values, suffixes: levels.slice() };
}

/** R's names of polynomial contrast columns: ".L", ".Q", ".C", then "^4", "^5", ... */
export function polySuffix(degree: number): string {
  return degree === 1 ? ".L" : degree === 2 ? ".Q" : degree === 3 ? ".C" : `^${degree}`;
}

/**
 * R's `contr.poly(k)`: the orthonormal polynomials of degrees 1..k−1 on the scores 1..k.
 * Column d is the part of (s − mean s)^d orthogonal to all lower degrees, scaled to unit length,
 * with the sign that makes its inner product with (s − mean s)^d positive (R's Q·diag(R)).
 * Computed by Gram–Schmidt with re-orthogonalization, accurate to ~1e-15 for moderate k.
 * Example: k = 6, .L = (−5, −3, −1, 1, 3, 5)/√70.
 */
export function contrPoly(k: number): Coding {
  if (k < 2) return { k, m: 0, values: new Float64Array(0), suffixes: [] };
  const mean = (k + 1) / 2;
  const basis: Float64Array[] = [];
  for (let d = 0; d < k; d++) {
    const v = new Float64Array(k);
    for (let i = 0; i < k; i++) v[i] = Math.pow(i + 1 - mean, d);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let i = 0; i < k; i++) dot += q[i]! * v[i]!;
        for (let i = 0; i < k; i++) v[i]! -= dot * q[i]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < k; i++) nrm += v[i]! * v[i]!;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < k; i++) v[i]! /= nrm;
    basis.push(v);
  }
  const m = k - 1;
  const values = new Float64Array(k * m);
  for (let j = 0; j < m; j++) values.set(basis[j + 1]!, j * k);
  return { k, m, values, suffixes: Array.from({ length: m }, (_, j) => polySuffix(j + 1)) };
}

/**
 * The coding of a factor in a term: full indicators when `full` (R's code 2), otherwise
 * `contr.poly` for ordered factors and `contr.treatment` for unordered ones.
 */
export function codingFor(levels: readonly string[], ordered: boolean, full: boolean): Coding {
  if (full) return fullCoding(levels);
  return ordered ? contrPoly(levels.length) : contrTreatment(levels);
}
