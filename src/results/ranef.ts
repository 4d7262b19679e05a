/**
 * Conditional modes of the random effects grouped by grouping factor, as lme4's `ranef`:
 * terms that share a grouping factor (e.g. the two terms of `(Days || Subject)`) are merged
 * into one table whose columns are the terms' columns in term order.
 */
import type { ReTerm } from "../model/random.js";
import { unalignedCoef } from "../messages/results.js";

/** The conditional modes of one grouping factor (lme4's `ranef(m)$group`): one row per level, one column per coefficient. */
export interface RanefGroup {
  readonly group: string;
  readonly levels: readonly string[];
  readonly names: readonly string[];
  /** values[level][column] */
  readonly values: number[][];
  /** Conditional standard deviations, same shape (present when requested). */
  readonly condsd?: number[][];
}

/** Groups per-term modes b (ℓ×q level-major) and optional conditional covariances (ℓ×q²). */
export function groupRanef(terms: readonly ReTerm[], b: readonly Float64Array[], cv?: readonly Float64Array[]): RanefGroup[] {
  const order: string[] = [];
  for (const t of terms) if (!order.includes(t.group)) order.push(t.group);
  return order.map((g) => {
    const ks = terms.map((t, k) => (t.group === g ? k : -1)).filter((k) => k >= 0);
    const t0 = terms[ks[0]];
    const names = ks.flatMap((k) => terms[k].names);
    const values: number[][] = [], condsd: number[][] = [];
    for (let l = 0; l < t0.nLevels; l++) {
      const row: number[] = [], sdRow: number[] = [];
      for (const k of ks) {
        const q = terms[k].q;
        for (let c = 0; c < q; c++) {
          row.push(b[k][l * q + c]);
          if (cv) sdRow.push(Math.sqrt(cv[k][l * q * q + c + c * q]));
        }
      }
      values.push(row);
      if (cv) condsd.push(sdRow);
    }
    return cv ? { group: g, levels: t0.levels, names, values, condsd } : { group: g, levels: t0.levels, names, values };
  });
}

/** One grouping factor's coefficients (lme4's `coef(m)$group`): values[level][column]. */
export interface CoefGroup {
  readonly group: string;
  readonly levels: readonly string[];
  readonly names: string[];
  readonly values: number[][];
}

/**
 * lme4's `coef`: per grouping factor, the fixed effects plus each level's conditional modes in
 * the columns of the same name (fixed effects without a random counterpart are constant).
 * lme4 also refuses a random-effects column without a fixed-effect counterpart.
 */
export function coefOf(fixef: Record<string, number>, groups: readonly RanefGroup[]): CoefGroup[] {
  const names = Object.keys(fixef);
  return groups.map((g) => {
    const missing = g.names.filter((rn) => !(rn in fixef));
    if (missing.length > 0) throw unalignedCoef(g.group, missing);
    const values = g.levels.map((_, l) => names.map((nm) => fixef[nm] + g.names.reduce((s, rn, c) => (rn === nm ? s + g.values[l][c] : s), 0)));
    return { group: g.group, levels: g.levels, names: [...names], values };
  });
}
